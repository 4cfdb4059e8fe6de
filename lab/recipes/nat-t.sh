# nat-t: the eap-mschapv2 session of eap-mschapv2-ping, but the client sits behind a NAT:
# 203.0.113.2 in namespace ncl, masqueraded by namespace nat to 198.51.100.3. The gateway
# sees the client as 198.51.100.3. NAT detection: the client's NAT_DETECTION_SOURCE_IP hash
# (over 203.0.113.2) does not match what the gateway sees, so the client knows it is behind a
# NAT; IKE_AUTH and later go to port 4500 with the non-ESP marker, ESP is UDP-encapsulated.
# The client's keep_alive is 2 s and the recipe idles 5 s after the pings, so NAT-T
# keepalives (one 0xFF byte to port 4500, RFC 3948) appear before the delete.
GATEWAY=eap-mschapv2
CLIENT=eap-mschapv2
CLIENT_NODE=ncl
CLIENT_SET=(charon.keep_alive=2s)

recipe() {
  initiate lab
  ping_through 3 192.0.2.200
  idle 5
  terminate lab
}
