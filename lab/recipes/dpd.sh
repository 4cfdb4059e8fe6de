# dpd: dead peer detection (RFC 7296 2.4) by the gateway. Gateway dpd-2s (the eap-mschapv2
# gateway with dpd_delay = 2s), client eap-mschapv2 (no DPD of its own: swanctl's default
# dpd_delay is 0). After IKE_AUTH, 7 s without traffic: each time nothing has come from the
# client for 2 s, the gateway sends an empty INFORMATIONAL request (its own message IDs,
# starting at 0) and the client answers with an empty response, so liveness checks come 2, 4
# and 6 s after IKE_AUTH; then the client deletes the IKE_SA, 1 s before a fourth would be due.
# Between the second and the third check the gateway's kernel re-confirms the client's MAC
# address (a unicast ARP request and reply, about 5 s after its first packet to the client, as
# in nat-t). A delay this short is what rule windows/dpd-vs-mobike warns about (seed 002 uses
# 2400 s).
#
# No pings: charon measures inactivity in whole seconds of the monotonic clock, ESP included,
# so a ping that happens to fall into the next second after IKE_AUTH moves every check 1 s
# later (seen while writing this recipe: checks at 3, 5, 7 s instead of 2, 4, 6 s), and the
# frame sequence would depend on where the second boundary falls. IKE_AUTH's last request and
# the start of the DPD timer are a millisecond apart, so without ESP the checks are at 2, 4, 6 s.
GATEWAY=dpd-2s
CLIENT=eap-mschapv2
CLIENT_NODE=cl

recipe() {
  initiate lab
  idle 7
  terminate lab
}
