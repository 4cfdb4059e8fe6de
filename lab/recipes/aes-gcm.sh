# aes-gcm: the eap-mschapv2-ping session with AEAD everywhere. Gateway all-algorithms (accepts
# every suite the decryption captures use), client aes-gcm, which offers one IKE proposal,
# AES-GCM-16 256-bit + PRF_HMAC_SHA2_256 + ECP_256, and one ESP proposal, AES-GCM-16 128-bit:
# IKE_SA_INIT, IKE_AUTH with EAP-MSCHAPv2, three pings to 192.0.2.200 through ESP-in-UDP,
# delete. The SK payloads carry an 8-byte IV and a 16-byte ICV and no integrity checksum of
# their own (RFC 5282); the ESP packets likewise (RFC 4106).
GATEWAY=all-algorithms
CLIENT=aes-gcm
CLIENT_NODE=cl

recipe() {
  initiate lab
  ping_through 3 192.0.2.200
  terminate lab
}
