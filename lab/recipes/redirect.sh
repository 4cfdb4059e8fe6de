# redirect: the gateway redirects an established client (RFC 5685; rule windows/redirect:
# Windows does not support it). Gateway and client eap-mschapv2; the client announces
# N(REDIRECT_SUPPORTED) in IKE_SA_INIT (charon.follow_redirects, on by default). Two pings; then
# `swanctl --redirect --ike rw-eap --gateway 198.51.100.1` on the gateway sends INFORMATIONAL
# [ N(REDIRECT) ] (its own MID 0) naming a gateway, here itself (the lab has one gateway; the
# client does not mind). The client starts a new IKE_SA to that address at once, IKE_SA_INIT
# with N(REDIRECTED_FROM) 198.51.100.1, answers the REDIRECT with an empty response, completes
# IKE_AUTH (EAP-MSCHAPv2 again) with a new CHILD_SA, and deletes the old IKE_SA. Two pings with
# the new CHILD_SA; the client deletes the new IKE_SA.
#
# The client sends the new IKE_SA_INIT while it still handles the REDIRECT and answers that
# afterwards; whether the answer or the gateway's IKE_SA_INIT response (about 2 ms of DH work)
# goes out first is a race, so the gateway sends IKE_SA_INIT responses 20 ms late
# (charon.send_delay*, strongSwan's own testing knob): the answer to the REDIRECT always comes
# first. The first IKE_SA_INIT response is 20 ms late as well.
GATEWAY=eap-mschapv2
CLIENT=eap-mschapv2
CLIENT_NODE=cl
GATEWAY_SET=(charon.send_delay=20 charon.send_delay_type=34 charon.send_delay_request=no charon.send_delay_response=yes)

# redirect_from_gw IKE TARGET — the gateway redirects its IKE_SA named IKE to TARGET; wait until
# the client has the (empty) response to its INFORMATIONAL that deletes the old IKE_SA, by then
# the new IKE_SA and its CHILD_SA are up.
redirect_from_gw() {
  local pat='parsed INFORMATIONAL response [0-9]+ \[ \]' n
  step "gateway redirects IKE_SA $1 to $2"
  n=$(log_count client "$pat")
  gw_swanctl --redirect --ike "$1" --gateway "$2" >"$run/redirect.out" 2>&1 ||
    { cat "$run/redirect.out" >&2; lab_die "redirect of $1 failed"; }
  wait_log client "$pat" "$n" "the client's following of the redirect"
}

recipe() {
  initiate lab
  ping_through 2 192.0.2.200
  redirect_from_gw rw-eap 198.51.100.1
  ping_through 2 192.0.2.200
  terminate lab
}
