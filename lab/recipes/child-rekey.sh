# child-rekey: the eap-mschapv2-ping session (gateway and client eap-mschapv2, AES-CBC-128 /
# HMAC-SHA2-256-128, no PFS) whose CHILD_SA is rekeyed twice with CREATE_CHILD_SA: first by
# the client (swanctl --rekey --child lab), then by the gateway (--rekey --child rw-eap). Each
# rekey is a CREATE_CHILD_SA exchange [ N(REKEY_SA) SA No TSi TSr ] without KE (neither side
# configures a DH group for ESP, RFC 7296 2.8), followed by the rekey initiator's INFORMATIONAL
# [ D ] for the old CHILD_SA and the response with the peer's D. Two pings before the first
# rekey, two between, two after the second, so each of the three CHILD_SA generations carries
# ESP in both directions; then the client deletes the IKE_SA.
GATEWAY=eap-mschapv2
CLIENT=eap-mschapv2
CLIENT_NODE=cl

# rekey_child ROLE CHILD — ROLE (client or gw) rekeys its CHILD_SA named CHILD. swanctl --rekey
# only queues the job, so wait until that charon has the response to its INFORMATIONAL that
# deletes the old CHILD_SA: then both sides send with the new SAs.
rekey_child() {
  local role=$1 child=$2 pat='parsed INFORMATIONAL response [0-9]+ \[ D \]' n i
  step "rekey child $child from $role"
  n=$(grep -cE "$pat" "$run/$role/charon.log" || true)
  lab_swanctl "$id" "$role" --rekey --child "$child" >"$run/rekey.out" 2>&1 ||
    { cat "$run/rekey.out" >&2; lab_die "rekey of $child from $role failed"; }
  for ((i = 0; i < 100; i++)); do
    [ "$(grep -cE "$pat" "$run/$role/charon.log" || true)" -gt "$n" ] && return 0
    sleep 0.1
  done
  lab_die "rekey of $child from $role did not complete within 10 s"
}

recipe() {
  initiate lab
  ping_through 2 192.0.2.200
  rekey_child client lab
  ping_through 2 192.0.2.200
  rekey_child gw rw-eap
  ping_through 2 192.0.2.200
  terminate lab
}
