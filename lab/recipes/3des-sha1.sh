# 3des-sha1: the eap-mschapv2-ping session in the Windows default shape, which the
# production-windows gateway refuses (no 3DES there) and the all-algorithms gateway accepts:
# client 3des-sha1 offers only IKE 3DES + HMAC_SHA1_96 + PRF_HMAC_SHA1 + MODP_1024 and ESP
# 3DES + HMAC_SHA1_96. IKE_SA_INIT, IKE_AUTH with EAP-MSCHAPv2, three pings through
# ESP-in-UDP (8-byte IV, 12-byte ICV), delete.
GATEWAY=all-algorithms
CLIENT=3des-sha1
CLIENT_NODE=cl

recipe() {
  initiate lab
  ping_through 3 192.0.2.200
  terminate lab
}
