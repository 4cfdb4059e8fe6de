# gw-ike-rekey-modp2048-first: the gateway rekeys the IKE_SA of a client that can only do
# MODP_1024 and leads the rekey with MODP_2048 (rule windows/rekey-dh-group). Client modp1024
# (one IKE proposal, AES-CBC-256 / HMAC-SHA1-96 / PRF-HMAC-SHA1 / MODP_1024, like a Windows
# client with its default NegotiateDH2048_AES256 = 0); gateway eap-mschapv2, whose proposals
# list modp2048 before modp1024 (aes256-aes128-sha256-sha1-modp2048-modp1024, then default).
# IKE_SA_INIT negotiates MODP_1024 (the client offers nothing else).
#
# strongSwan 5.9.8 by default leads an IKE_SA rekey with the group of the IKE_SA it rekeys
# (charon.prefer_previous_dh_group = yes): its KE is MODP_1024 and MODP_1024 is moved to the
# front of each proposal that has it (gw-ike-rekey-current-group shows that). With
# prefer_previous_dh_group = no it behaves as strongSwan did before that option (what seeds
# 000/001 describe): the KE is for the first group of its first proposal, MODP_2048, and
# MODP_2048 is moved to the front of every proposal. So the gateway's CREATE_CHILD_SA
# [ SA No KE ] carries a MODP_2048 KE; the strongSwan client answers N(INVALID_KE_PAYLOAD)
# asking for MODP_1024 (a Windows client would fail the rekey here); the gateway retries with
# a MODP_1024 KE and MODP_1024 first, the rekey completes, and the gateway deletes the old
# IKE_SA (INFORMATIONAL [ D ]). Two pings before, two after (the CHILD_SA is unchanged);
# then the client deletes the new IKE_SA.
GATEWAY=eap-mschapv2
CLIENT=modp1024
CLIENT_NODE=cl
GATEWAY_SET=(charon.prefer_previous_dh_group=no)

recipe() {
  initiate lab
  ping_through 2 192.0.2.200
  rekey gw ike rw-eap
  ping_through 2 192.0.2.200
  terminate lab
}
