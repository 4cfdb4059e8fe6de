# invalid-ke: the client's first KE is for a group the gateway does not select (rule
# protocol/invalid-ke-roundtrip). Client ecp256-first (one IKE proposal
# aes128-sha256-ecp256-modp2048, so its first IKE_SA_INIT carries a 64-byte ECP_256 KE);
# gateway eap-mschapv2, whose first proposal (aes256-aes128-sha256-sha1-modp2048-modp1024)
# matches the client's with MODP_2048 and is preferred (charon.prefer_configured_proposals =
# yes): it answers IKE_SA_INIT with only N(INVALID_KE_PAYLOAD) carrying group 14 (RFC 7296
# 1.2) and keeps no state. The client starts over with the same SPI_i, nonce and proposal and
# a 256-byte MODP_2048 KE (RFC 7296 1.2, 2.7), the gateway answers with its SPI_r; then
# IKE_AUTH with EAP-MSCHAPv2, three pings, delete, as in eap-mschapv2-ping.
GATEWAY=eap-mschapv2
CLIENT=ecp256-first
CLIENT_NODE=cl

recipe() {
  initiate lab
  ping_through 3 192.0.2.200
  terminate lab
}
