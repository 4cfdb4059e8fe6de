# ikev2-fragments: IKEv2 fragmentation (RFC 7383) in both directions. Gateway eap-mschapv2
# (fragmentation = yes), client ikev2-fragments (fragmentation = yes, so it sends
# FRAGMENTATION_SUPPORTED in IKE_SA_INIT); both charons with charon.fragment_size = 256 (the
# largest IP datagram of a fragment), small enough that the client's first IKE_AUTH request
# (about 320 bytes as one datagram) and the gateway's first IKE_AUTH response (about 1.3 kB,
# with the RSA-2048 certificate) both go as SKF fragments, each fragment encrypted and
# integrity-protected on its own. Then EAP-MSCHAPv2, three pings through ESP-in-UDP, delete.
GATEWAY=eap-mschapv2
CLIENT=ikev2-fragments
CLIENT_NODE=cl
GATEWAY_SET=(charon.fragment_size=256)
CLIENT_SET=(charon.fragment_size=256)

recipe() {
  initiate lab
  ping_through 3 192.0.2.200
  terminate lab
}
