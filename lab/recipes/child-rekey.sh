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

recipe() {
  initiate lab
  ping_through 2 192.0.2.200
  rekey client child lab
  ping_through 2 192.0.2.200
  rekey gw child rw-eap
  ping_through 2 192.0.2.200
  terminate lab
}
