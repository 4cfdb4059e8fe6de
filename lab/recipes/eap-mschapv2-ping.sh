# eap-mschapv2-ping: a strongSwan client on the outside network (198.51.100.2, no NAT)
# authenticates with EAP-MSCHAPv2 (user alice) against the eap-mschapv2 gateway, which proves
# itself with an RSA-2048 certificate. The client gets 192.0.2.1 and pings the gateway's inside
# address 192.0.2.200 three times through the tunnel, then deletes the IKE_SA: INFORMATIONAL
# request with D, and the empty response.
#
# There is no NAT on the path, yet ESP is UDP-encapsulated on port 4500: charon's
# kernel-libipsec backend (5.9.8) can only send ESP through its UDP sockets, so each side
# fakes its NAT_DETECTION_SOURCE_IP hash and both logs say "remote host is behind NAT".
GATEWAY=eap-mschapv2
CLIENT=eap-mschapv2
CLIENT_NODE=cl

recipe() {
  initiate lab
  ping_through 3 192.0.2.200
  terminate lab
}
