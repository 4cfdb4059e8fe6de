# chacha20-x25519: the eap-mschapv2-ping session with ChaCha20-Poly1305 (RFC 7634) for IKE
# and ESP and Curve25519 (RFC 8031) for the key exchange. Gateway all-algorithms, client
# chacha20-x25519 (one IKE proposal, ChaCha20-Poly1305 + PRF_HMAC_SHA2_256 + Curve25519; one
# ESP proposal, ChaCha20-Poly1305): IKE_SA_INIT with a 32-byte KE, IKE_AUTH with EAP-MSCHAPv2,
# three pings through ESP-in-UDP, delete. tshark 4.0 decrypts neither the SK payloads nor the
# ESP of this suite; the charon logs are the reference.
GATEWAY=all-algorithms
CLIENT=chacha20-x25519
CLIENT_NODE=cl

recipe() {
  initiate lab
  ping_through 3 192.0.2.200
  terminate lab
}
