# no-proposal-chosen: a Windows-10-shaped offer to a gateway that allows none of it (rule
# windows/no-common-proposal). Client 3des-first (Windows 10's six default IKE proposals,
# 3DES/AES-256-CBC with SHA1/SHA2-256/SHA2-384, all MODP_1024); gateway suite-b-192 (only
# IKE aes256gcm16-prfsha384-ecp384). The gateway answers the IKE_SA_INIT request with only
# N(NO_PROPOSAL_CHOSEN) (RFC 7296 1.2, 2.21.1) and keeps no state; the client gives up
# (keyingtries 1, the swanctl default), so the capture ends there: no IKE_AUTH, no ESP.
GATEWAY=suite-b-192
CLIENT=3des-first
CLIENT_NODE=cl

recipe() {
  initiate_refused NO_PROPOSAL_CHOSEN lab
}
