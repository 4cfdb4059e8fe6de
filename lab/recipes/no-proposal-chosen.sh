# no-proposal-chosen: a Windows-10-shaped offer to a gateway that allows none of it (rule
# windows/no-common-proposal). Client 3des-first (Windows 10's six default IKE proposals,
# 3DES/AES-256-CBC with SHA1/SHA2-256/SHA2-384, all MODP_1024); gateway suite-b-192 (only
# IKE aes256gcm16-prfsha384-ecp384). The gateway answers the IKE_SA_INIT request with only
# N(NO_PROPOSAL_CHOSEN) (RFC 7296 1.2, 2.21.1) and keeps no state; the client gives up
# (keyingtries 1, the swanctl default), so the capture ends there: no IKE_AUTH, no ESP.
GATEWAY=suite-b-192
CLIENT=3des-first
CLIENT_NODE=cl

# initiate_refused [CHILD] — the client tries to bring up CHILD; swanctl must fail, and the
# client's log must show the gateway's NO_PROPOSAL_CHOSEN.
initiate_refused() {
  step "initiate ${1:-lab} (refused)"
  if client_swanctl --initiate --child "${1:-lab}" --timeout 30 >"$run/initiate.out" 2>&1; then
    tail -20 "$run/initiate.out" >&2; lab_die "initiate succeeded, expected NO_PROPOSAL_CHOSEN"
  fi
  grep -q 'received NO_PROPOSAL_CHOSEN notify error' "$run/client/charon.log" ||
    { tail -20 "$run/initiate.out" >&2; lab_die "no NO_PROPOSAL_CHOSEN in the client's log"; }
}

recipe() {
  initiate_refused lab
}
