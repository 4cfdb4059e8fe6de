# aes-ccm: the eap-mschapv2-ping session with AES-CCM. Gateway all-algorithms, client aes-ccm
# (one IKE proposal, AES-CCM-16 128-bit + PRF_HMAC_SHA2_256 + MODP_2048, RFC 5282; one ESP
# proposal, AES-CCM-16 128-bit, RFC 4309, which kernel-libipsec does in userspace like any
# AEAD of libstrongswan): IKE_SA_INIT, IKE_AUTH with EAP-MSCHAPv2, three pings through
# ESP-in-UDP, delete. tshark 4.0 decrypts the SK payloads (its IKEv2 table knows AES-CCM)
# but not the ESP (its ESP table has no CCM).
GATEWAY=all-algorithms
CLIENT=aes-ccm
CLIENT_NODE=cl

recipe() {
  initiate lab
  ping_through 3 192.0.2.200
  terminate lab
}
