# child-rekey-pfs: child-rekey with PFS. Client child-rekey-pfs (AES-CBC-128 / HMAC-SHA2-256-128,
# esp_proposals aes128-sha256-modp2048), gateway all-algorithms (its esp_proposals accept no
# KE or a KE). The CHILD_SA made in IKE_AUTH has no DH group (RFC 7296 1.2); the client's rekey
# (swanctl --rekey --child lab) is CREATE_CHILD_SA [ N(REKEY_SA) SA No KE TSi TSr ] with a
# MODP_2048 KE both ways, so the new ESP keys come from a fresh DH secret; the gateway's rekey
# (--rekey --child rw-eap) then reuses the group that CHILD_SA negotiated and sends a KE too,
# with its whole esp_proposals list. Each rekey is followed by the rekey initiator's
# INFORMATIONAL [ D ] for the old CHILD_SA. Two pings before, between and after the rekeys,
# so the three CHILD_SA generations each carry ESP both ways; then the client deletes the
# IKE_SA.
GATEWAY=all-algorithms
CLIENT=child-rekey-pfs
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
