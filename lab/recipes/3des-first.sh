# 3des-first: a client shaped like Windows 10 (fixtures/clients/3des-first: its six default IKE
# proposals, 3DES first, all MODP_1024; ESP aes256-sha1, 3des-sha1) and a gateway that allows
# 3DES (all-algorithms, whose non-AEAD proposal aes256-aes128-3des-sha256-sha1-...-modp1024
# has 3DES in the same proposal as AES). strongSwan as responder walks its own proposals in
# order (charon.prefer_configured_proposals = yes, the default) and takes, within the first
# one that matches, the first of the client's proposals it can satisfy: the client's first,
# 3DES + HMAC_SHA1_96 + PRF_HMAC_SHA1 + MODP_1024 (rules windows/3des-preferred and
# crypto/weak-dh; seed 002: "if the server allows triple-DES at all, the connection will use
# it in preference to AES"). For ESP the same rule gives the client's first, AES-CBC-256 +
# HMAC_SHA1_96. IKE_SA_INIT, IKE_AUTH with EAP-MSCHAPv2, three pings, delete.
GATEWAY=all-algorithms
CLIENT=3des-first
CLIENT_NODE=cl

recipe() {
  initiate lab
  ping_through 3 192.0.2.200
  terminate lab
}
