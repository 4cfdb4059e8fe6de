# gw-child-rekey-behind-nat: the gateway rekeys the CHILD_SA of a client behind a NAT (rule
# windows/child-rekey-behind-nat: a Windows client refuses that rekey with N(12345) code 13863,
# ERROR_IPSEC_IKE_INVALID_SITUATION; the strongSwan client here accepts it, so the capture
# shows the situation the rule predicts a failure for). The nat-t session: client
# eap-mschapv2 in namespace ncl (203.0.113.2, masqueraded to 198.51.100.3), gateway
# eap-mschapv2; real NAT detection (the client's NAT_DETECTION_SOURCE_IP hash mismatches),
# IKE_AUTH and ESP on port 4500. Two pings; the gateway rekeys (--rekey --child rw-eap):
# CREATE_CHILD_SA [ N(REKEY_SA) SA No TSi TSr ] without KE from the gateway (its own MID 0)
# to 198.51.100.3, the client's response, then the gateway's INFORMATIONAL [ D ] for the old
# CHILD_SA and the client's D; two pings with the new CHILD_SA; the client deletes the IKE_SA.
# The recording is about 1 s, shorter than the client's NAT-T keepalive interval (20 s), so
# there are no keepalives.
GATEWAY=eap-mschapv2
CLIENT=eap-mschapv2
CLIENT_NODE=ncl

recipe() {
  initiate lab
  ping_through 2 192.0.2.200
  rekey gw child rw-eap
  ping_through 2 192.0.2.200
  terminate lab
}
