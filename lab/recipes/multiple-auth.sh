# multiple-auth: a gateway that wants two authentication rounds (RFC 4739; rule
# windows/multiple-auth: Windows does not do them). Gateway multiple-auth (EAP-MSCHAPv2, then
# EAP-MD5), client multiple-auth (does both). IKE_SA_INIT (the gateway's response carries
# N(MULTIPLE_AUTH_SUPPORTED), the client's IKE_AUTH request 1 too); IKE_AUTH MID 1-5 as in
# eap-mschapv2-ping, but the client's AUTH (MID 5) carries N(ANOTHER_AUTH_FOLLOWS) and the
# gateway answers with AUTH only; MID 6 [ IDi ] starts the second round, EAP-Identity,
# EAP-MD5 challenge and response, EAP-Success, and MID 9 [ AUTH ] is answered with AUTH, CP,
# SA, TSi, TSr. Two pings, delete.
GATEWAY=multiple-auth
CLIENT=multiple-auth
CLIENT_NODE=cl

recipe() {
  initiate lab
  ping_through 2 192.0.2.200
  terminate lab
}
