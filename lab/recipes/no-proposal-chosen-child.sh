# no-proposal-chosen-child: the IKE_SA is established but its CHILD_SA is not (rule
# windows/no-common-proposal, for ESP). Gateway suite-b-192 (IKE aes256gcm16-prfsha384-ecp384,
# ESP aes256gcm16 only); client suite-b-ike-only (the same IKE proposal, but ESP aes256-sha1,
# Windows' default). IKE_SA_INIT selects AES_GCM_16_256/PRF_HMAC_SHA2_384/ECP_384; IKE_AUTH
# with EAP-MSCHAPv2 goes through, and the gateway's last IKE_AUTH response carries AUTH and CP
# but, instead of SA/TSi/TSr, N(NO_PROPOSAL_CHOSEN) for the CHILD_SA (RFC 7296 1.2: the
# IKE_SA stays up). swanctl --initiate fails (no CHILD_SA); the client then deletes the
# childless IKE_SA. No ESP.
GATEWAY=suite-b-192
CLIENT=suite-b-ike-only
CLIENT_NODE=cl

recipe() {
  initiate_refused NO_PROPOSAL_CHOSEN lab
  # The refusal concerns the CHILD_SA only: the IKE_SA came up (RFC 7296 §1.2).
  grep -q 'IKE_SA lab\[1\] established' "$run/client/charon.log" || lab_die "expected the IKE_SA established"
  terminate lab
}
