# ike-rekey: the eap-mschapv2-ping session (gateway and client eap-mschapv2, IKE AES-CBC-128 /
# HMAC-SHA2-256-128 / PRF_HMAC_SHA2_256 / MODP_2048, ESP AES-CBC-128 / HMAC-SHA2-256-128) whose
# IKE_SA the client rekeys (swanctl --rekey --ike lab): CREATE_CHILD_SA [ SA No KE ] on the old
# IKE_SA, with new SPIs in the SA payload's proposal and a fresh MODP_2048 exchange; the new
# IKE_SA's keys come from the old SK_d (RFC 7296 2.18); then the client's INFORMATIONAL [ D ]
# deletes the old IKE_SA, and the CHILD_SA moves to the new one unchanged (same ESP SPIs and
# keys). Two pings before the rekey, two after; then the client deletes the new IKE_SA, whose
# message IDs start again at 0.
GATEWAY=eap-mschapv2
CLIENT=eap-mschapv2
CLIENT_NODE=cl

recipe() {
  initiate lab
  ping_through 2 192.0.2.200
  rekey client ike lab
  ping_through 2 192.0.2.200
  terminate lab
}
