# retransmission: the client's first IKE_AUTH request is lost twice and retransmitted with
# strongSwan's default back-off (RFC 7296 2.1: the initiator retransmits the same message until
# it gets the response; charon.retransmit_timeout 4 s, retransmit_base 1.8, so after 4 s and
# then 7.2 s more). Gateway and client eap-mschapv2. Before the client initiates, the gateway's
# namespace drops UDP to port 4500 in iptables' INPUT chain; tcpdump on the gateway's ext0 sees
# packets before netfilter, so the capture has the dropped requests too. IKE_SA_INIT on port
# 500 gets through; the first IKE_AUTH request (port 4500) and its first retransmission are
# dropped, then the rule is removed and the second retransmission, byte for byte the same
# message, is answered. Then EAP-MSCHAPv2, two pings and the delete as in eap-mschapv2-ping.
GATEWAY=eap-mschapv2
CLIENT=eap-mschapv2
CLIENT_NODE=cl

# drop_count — how many packets the DROP rule below has dropped so far
drop_count() {
  in_node gw iptables -w -L INPUT -v -n -x | awk '$3 == "DROP" && /udp dpt:4500/ { print $1 }'
}

# initiate_through_drops N — initiate while the gateway drops UDP 4500; once N packets are
# dropped, let them through and wait for the initiation to finish.
initiate_through_drops() {
  local n=$1 pid i
  step "gateway drops UDP 4500"
  in_node gw iptables -w -I INPUT -p udp --dport 4500 -j DROP
  step "initiate lab"
  client_swanctl --initiate --child lab --timeout 60 >"$run/initiate.out" 2>&1 &
  pid=$!
  for ((i = 0; i < 300; i++)); do
    [ "$(drop_count)" -ge "$n" ] && break
    sleep 0.1
  done
  [ "$(drop_count)" -ge "$n" ] || lab_die "the gateway dropped $(drop_count) packets in 30 s, expected $n"
  in_node gw iptables -w -D INPUT -p udp --dport 4500 -j DROP
  step "gateway lets UDP 4500 through again ($n dropped)"
  wait "$pid" || { tail -20 "$run/initiate.out" >&2; lab_die "initiate failed"; }
}

recipe() {
  initiate_through_drops 2
  ping_through 2 192.0.2.200
  terminate lab
}
