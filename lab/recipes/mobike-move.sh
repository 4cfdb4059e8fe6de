# mobike-move: the client moves to a new address mid-session and keeps its IKE_SA with MOBIKE
# (RFC 4555), as a Windows client does when it changes networks (rule windows/dpd-vs-mobike
# looks at what the gateway does around such a move). Gateway and client eap-mschapv2 (MOBIKE
# on, the swanctl default; both send MOBIKE_SUPPORTED in IKE_AUTH). Two pings from
# 198.51.100.2; then, in one `ip -batch`, the client's interface gets 198.51.100.4 and loses
# 198.51.100.2 (promote_secondaries on, so .4 stays and becomes primary). charon's
# kernel-netlink plugin reports both changes in one roam event: the old path is gone, so the
# client probes the gateway from .4 with an empty INFORMATIONAL, then sends INFORMATIONAL
# [ N(UPDATE_SA_ADDRESSES) N(NAT_DETECTION_SOURCE_IP) N(NAT_DETECTION_DESTINATION_IP)
# N(COOKIE2) N(NO_ADDITIONAL_ADDRESSES) ] from .4, which the gateway answers with NAT
# detection and the COOKIE2 echoed.
#
# kernel-libipsec cannot move an installed ESP SA to new addresses (its update_sa is not
# supported), so charon falls back to rekeying the CHILD_SA: the gateway sends
# CREATE_CHILD_SA [ N(REKEY_SA) SA No TSi TSr ] to .4 right after the update (before its
# response goes out) and deletes the old CHILD_SA. With the Linux kernel's XFRM the SAs would
# be updated in place and keep their SPIs. Two pings from .4 with the new CHILD_SA; the client
# deletes the IKE_SA from .4.
#
# The client's charon falls back the same way when it applies the update, and would start its
# own CHILD_SA rekey if it handled the gateway's INFORMATIONAL response before the gateway's
# CREATE_CHILD_SA request, which arrives 0.2 ms earlier: two worker threads race, and a lost
# race gives a rekey collision (RFC 7296 2.8.1) and a longer, different frame sequence. The
# client therefore handles received INFORMATIONAL responses 20 ms late (charon.receive_delay*,
# strongSwan's own testing knob; nothing changes on the wire but the client's timing): it
# always answers the gateway's rekey first, and its own queued rekey of the old CHILD_SA then
# has nothing to do.
GATEWAY=eap-mschapv2
CLIENT=eap-mschapv2
CLIENT_NODE=cl
CLIENT_SET=(charon.receive_delay=20 charon.receive_delay_type=37 charon.receive_delay_request=no charon.receive_delay_response=yes)

# move_client OLD NEW — replace the client's address OLD by NEW on ext0 in one step, then wait
# until the client has answered the gateway's DELETE of the CHILD_SA that the address update
# replaced (see above): from then on both sides send ESP between NEW and the gateway.
move_client() {
  local old=$1 new=$2 pat='generating INFORMATIONAL response [0-9]+ \[ D \]' n
  step "move client $old -> $new"
  n=$(log_count client "$pat")
  lab_sysctl "$(lab_ns "$id" client)" net.ipv4.conf.ext0.promote_secondaries 1
  printf 'addr add %s/24 dev ext0\naddr del %s/24 dev ext0\n' "$new" "$old" |
    in_node client ip -batch - || lab_die "could not move the client to $new"
  wait_log client "$pat" "$n" "the client's address update to $new"
}

recipe() {
  initiate lab
  ping_through 2 192.0.2.200
  move_client 198.51.100.2 198.51.100.4
  ping_through 2 192.0.2.200
  terminate lab
}
