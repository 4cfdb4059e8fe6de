# lab/lib.sh — the lab's plumbing, sourced by lab/lab and lab/record. Bash, as root.
#
# A lab is identified by a short random hex ID. Everything it owns is named after it:
#   network namespaces  iks-ID-sw iks-ID-gw iks-ID-cl iks-ID-nat iks-ID-ncl
#   run directory       $IKESCOPE_LAB_RUN/ID   (default lab/run/ID; gitignored)
# so two labs (two test files, or a test and a recording) run side by side without a lock.
# The run directory holds every PID the lab started; lab_down stops exactly those, then
# whatever is still inside the lab's own namespaces, then deletes the namespaces.
#
# Topology (see lab/README.md for the picture):
#   sw  : bridge br0 = the outside network 198.51.100.0/24
#   gw  : ext0 198.51.100.1/24 (port p-gw on br0); on lo 192.0.2.200/32 and
#         2001:db8:8000::53:1/128 = the gateway's inside service address, target for ping
#   cl  : ext0 198.51.100.2/24 (p-cl) — a client directly on the outside network
#   nat : ext0 198.51.100.3/24 (p-nat), int0 203.0.113.1/24, MASQUERADE out of ext0
#   ncl : ext0 203.0.113.2/24, default via 203.0.113.1 — a client behind the NAT
# Nothing is connected to the root namespace: no packet can leave the lab.

LAB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LAB_REPO=$(dirname "$LAB_DIR")
LAB_RUN_ROOT=${IKESCOPE_LAB_RUN:-$LAB_DIR/run}
LAB_CHARON=${IKESCOPE_CHARON:-/usr/lib/ipsec/charon}
LAB_NODES=(sw gw cl nat ncl)

# Plugins charon loads, explicitly (DESIGN.md "The lab"). kernel-libipsec: the kernel has no
# XFRM ESP, so ESP is done in userspace through a TUN device. No bypass-lan: it installs
# bypass policies for the local subnets, which black-holes IKE traffic with libipsec.
# No resolve: it would rewrite the host's /etc/resolv.conf with the DNS servers it is given.
LAB_CHARON_PLUGINS="random nonce aes sha1 sha2 md5 hmac kdf gcm ccm ctr cmac xcbc pem pkcs1 pkcs8 x509 revocation constraints pubkey openssl gmp curve25519 chapoly attr kernel-libipsec kernel-netlink socket-default vici updown eap-identity eap-mschapv2 eap-md5 eap-tls counters"
LAB_SWANCTL_PLUGINS="random nonce sha1 sha2 md5 pem pkcs1 pkcs8 x509 pubkey openssl gmp"

lab_die() { echo "lab: $*" >&2; exit 1; }
# lab_sysctl NS KEY VALUE — without procps: /proc/sys/net is per network namespace
lab_sysctl() { ip netns exec "$1" sh -c 'echo "$1" >"/proc/sys/$(echo "$0" | tr . /)"' "$2" "$3"; }
lab_log() { [ -n "${LAB_QUIET:-}" ] || echo "lab: $*" >&2; }

lab_ns() { # lab_ns ID NODE -> namespace name (NODE "client" = where the client charon runs)
  local id=$1 node=$2
  if [ "$node" = client ]; then
    node=$(cat "$LAB_RUN_ROOT/$id/client/node" 2>/dev/null) || lab_die "lab $id has no client"
  fi
  case " ${LAB_NODES[*]} " in *" $node "*) ;; *) lab_die "unknown node '$node' (sw gw cl nat ncl client)";; esac
  echo "iks-$id-$node"
}

lab_rundir() { # lab_rundir ID -> run directory, which must exist
  local d=$LAB_RUN_ROOT/$1
  [ -d "$d" ] || lab_die "no lab '$1' (no $d)"
  echo "$d"
}

# Why the lab cannot run here, or nothing (exit 0) if it can.
lab_check() {
  local why=()
  [ "$(id -u)" -eq 0 ] || why+=("not root")
  [ -x "$LAB_CHARON" ] || why+=("charon missing ($LAB_CHARON)")
  local t
  for t in swanctl ip tcpdump iptables unshare ping; do
    command -v "$t" >/dev/null 2>&1 || why+=("$t missing")
  done
  [ -e /usr/lib/ipsec/plugins/libstrongswan-kernel-libipsec.so ] || why+=("kernel-libipsec plugin missing (libcharon-extra-plugins)")
  [ -c /dev/net/tun ] || why+=("no /dev/net/tun")
  if [ ${#why[@]} -eq 0 ] && ! ip netns add "iks-probe-$$" 2>/dev/null; then
    why+=("cannot create network namespaces")
  else
    ip netns del "iks-probe-$$" 2>/dev/null || true
  fi
  [ ${#why[@]} -eq 0 ] && return 0
  local out="" w
  for w in "${why[@]}"; do out+="${out:+; }$w"; done
  echo "$out"
  return 1
}

lab_random_id() {
  local id
  for _ in 1 2 3 4 5 6 7 8; do
    id=$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')
    if [ ! -e "$LAB_RUN_ROOT/$id" ] && ! ip netns list | grep -q "^iks-$id-"; then
      echo "$id"; return 0
    fi
  done
  lab_die "could not find a free lab id"
}

# lab_up [--id ID] [--mtu N] [--owner PID] [--ipv6]  -> prints ID
#   --mtu   MTU of every outside link (default 1500); lower it to force IP fragmentation
#   --owner a PID; a watchdog tears the lab down when that process is gone (test runners)
#   --ipv6  IPv6 on the outside links too: gw 2001:db8:1::1, cl ::2, nat ::3 (/64). Off by
#           default, so the outside links stay IPv4-only and captures unchanged
lab_up() {
  local id="" mtu=1500 owner="" ipv6=""
  while [ $# -gt 0 ]; do
    case $1 in
      --id) id=$2; shift 2;;
      --mtu) mtu=$2; shift 2;;
      --owner) owner=$2; shift 2;;
      --ipv6) ipv6=1; shift;;
      *) lab_die "up: unknown option $1";;
    esac
  done
  [ -n "$id" ] || id=$(lab_random_id)
  [[ $id =~ ^[0-9a-z]{1,8}$ ]] || lab_die "lab id must be 1-8 characters [0-9a-z]"
  local run=$LAB_RUN_ROOT/$id
  mkdir -p "$LAB_RUN_ROOT"
  mkdir "$run" 2>/dev/null || lab_die "lab $id exists ($run)"
  echo "$mtu" >"$run/mtu"

  local node ns
  for node in "${LAB_NODES[@]}"; do
    ns=iks-$id-$node
    ip netns add "$ns" || { lab_down "$id"; lab_die "cannot create namespace $ns"; }
    echo "$ns" >>"$run/namespaces"
    ip -n "$ns" link set lo up
    # interfaces made now get no IPv6 (no link-local, no MLD/RS noise in the captures);
    # reset after the topology is built, so charon's TUN device can carry inner IPv6
    lab_sysctl "$ns" net.ipv6.conf.default.disable_ipv6 1
  done
  local sw=iks-$id-sw gw=iks-$id-gw cl=iks-$id-cl nat=iks-$id-nat ncl=iks-$id-ncl
  {
    # no multicast snooping: the bridge would announce itself (IGMP to 224.0.0.106) on every port
    ip -n "$sw" link add br0 mtu "$mtu" type bridge mcast_snooping 0
    ip -n "$sw" link set br0 up
    for node in gw cl nat; do
      ip -n "$sw" link add "p-$node" mtu "$mtu" type veth peer name ext0 mtu "$mtu" netns "iks-$id-$node"
      ip -n "$sw" link set "p-$node" master br0 up
      ip -n "iks-$id-$node" link set ext0 up
    done
    ip -n "$gw" addr add 198.51.100.1/24 dev ext0
    ip -n "$cl" addr add 198.51.100.2/24 dev ext0
    ip -n "$nat" addr add 198.51.100.3/24 dev ext0
    ip -n "$nat" link add int0 mtu "$mtu" type veth peer name ext0 mtu "$mtu" netns "$ncl"
    ip -n "$nat" addr add 203.0.113.1/24 dev int0
    ip -n "$nat" link set int0 up
    ip -n "$ncl" addr add 203.0.113.2/24 dev ext0
    ip -n "$ncl" link set ext0 up
    ip -n "$ncl" route add default via 203.0.113.1
    lab_sysctl "$nat" net.ipv4.ip_forward 1
    ip netns exec "$nat" iptables -t nat -A POSTROUTING -o ext0 -j MASQUERADE
    for node in "${LAB_NODES[@]}"; do
      lab_sysctl "iks-$id-$node" net.ipv6.conf.default.disable_ipv6 0
    done
    # on lo: this kernel has no dummy interfaces, and lo never puts a packet on a wire
    ip -n "$gw" addr add 192.0.2.200/32 dev lo
    ip -n "$gw" addr add 2001:db8:8000::53:1/128 dev lo
    if [ -n "$ipv6" ]; then
      # ext0 was made with IPv6 off (see above); turned on here for the outside addresses only,
      # without router solicitations and duplicate address detection (nodad: usable at once)
      local n=1
      for node in gw cl nat; do
        lab_sysctl "iks-$id-$node" net.ipv6.conf.ext0.router_solicitations 0
        lab_sysctl "iks-$id-$node" net.ipv6.conf.ext0.accept_ra 0
        lab_sysctl "iks-$id-$node" net.ipv6.conf.ext0.disable_ipv6 0
        ip -n "iks-$id-$node" -6 addr add "2001:db8:1::$n/64" dev ext0 nodad
        n=$((n + 1))
      done
      echo 1 >"$run/ipv6"
    fi
  } || { lab_down "$id" >/dev/null 2>&1; lab_die "topology setup failed"; }

  if [ -n "$owner" ]; then
    # the watchdog is a child of nobody we wait for: it polls the owner and runs lab down
    LAB_WATCHDOG_ID=$id LAB_WATCHDOG_OWNER=$owner setsid bash -c '
      while kill -0 "$LAB_WATCHDOG_OWNER" 2>/dev/null && [ ! -e "$0/down" ]; do sleep 1; done
      [ -e "$0/down" ] || exec "$1" down "$LAB_WATCHDOG_ID"' "$run" "$LAB_DIR/lab" \
      </dev/null >"$run/watchdog.log" 2>&1 &
    echo $! >"$run/watchdog.pid"
  fi
  lab_log "up $id (namespaces iks-$id-{sw,gw,cl,nat,ncl}, mtu $mtu, run dir $run)"
  echo "$id"
}

# Writes a strongswan.conf for one charon. Extra settings: key=value with dotted keys.
lab_write_conf() { # DIR FIXTURE SOCKET [key=value...]
  local dir=$1 fixture=$2 sock=$3; shift 3
  {
    cat <<EOF
# generated by lab/lib.sh for one lab charon; do not edit
charon {
  load = $LAB_CHARON_PLUGINS
  # the private /run of this charon's mount namespace; no pid file clash with other charons
  plugins {
    vici {
      socket = unix://$sock
    }
  }
  filelog {
    lab {
      path = $dir/charon.log
      time_format = %Y-%m-%d %H:%M:%S
      time_add_ms = yes
      ike_name = yes
      append = no
      flush_line = yes
      default = 1
      # ike 4: IKE keys (Sk_ei secret ...); chd 4: ESP keys (encryption initiator key ...);
      # mgr 2: the IKE SPIs (checkin IKEv2 SA ... with SPIs X_i Y_r); cfg 2: proposals;
      # enc 1 already names every message's payloads, enc 2 adds a line per parsed field
      ike = 4
      chd = 4
      cfg = 2
      net = 2
      enc = 1
      mgr = 2
    }
  }
  syslog {
    identifier = charon-lab
    daemon {
      default = -1
    }
    auth {
      default = -1
    }
  }
}
swanctl {
  socket = unix://$sock
  load = $LAB_SWANCTL_PLUGINS
}
EOF
    [ -f "$fixture/strongswan.conf" ] && echo "include $fixture/strongswan.conf"
    local kv key val path part n
    for kv in "$@"; do
      key=${kv%%=*}; val=${kv#*=}
      [ "$key" != "$kv" ] || lab_die "--set wants key=value, got '$kv'"
      IFS=. read -r -a path <<<"$key"
      n=${#path[@]}
      for ((i = 0; i < n - 1; i++)); do printf '%s { ' "${path[i]}"; done
      printf '%s = %s' "${path[n - 1]}" "$val"
      for ((i = 0; i < n - 1; i++)); do printf ' }'; done
      printf '\n'
    done
  } >"$dir/strongswan.conf"
}

# lab_charon ID ROLE FIXTURE [--node NODE] [--set key=value]...
#   ROLE gw (namespace gw) or client (namespace cl, or --node ncl for the NAT'd client).
#   FIXTURE: a directory holding swanctl.conf (+ x509/ x509ca/ private/, strongswan.conf
#   fragment), or a name under fixtures/gateways (gw) / fixtures/clients (client).
lab_charon() {
  local id=$1 role=$2 fixture=$3; shift 3
  local node="" sets=()
  while [ $# -gt 0 ]; do
    case $1 in
      --node) node=$2; shift 2;;
      --set) sets+=("$2"); shift 2;;
      *) lab_die "$role: unknown option $1";;
    esac
  done
  case $role in
    gw) node=gw; [ -d "$fixture" ] || fixture=$LAB_REPO/fixtures/gateways/$fixture;;
    client) node=${node:-cl}; [ -d "$fixture" ] || fixture=$LAB_REPO/fixtures/clients/$fixture;;
    *) lab_die "role must be gw or client";;
  esac
  [ -f "$fixture/swanctl.conf" ] || lab_die "no swanctl.conf in $fixture"
  fixture=$(cd "$fixture" && pwd)
  local run; run=$(lab_rundir "$id") || exit 1
  local dir=$run/$role ns=iks-$id-$node
  [ ! -e "$dir/charon.pid" ] || lab_die "lab $id already has a $role charon"
  mkdir -p "$dir"
  echo "$node" >"$dir/node"
  echo "$fixture" >"$dir/fixture"
  local sock=$dir/charon.vici
  if [ ${#sock} -gt 100 ]; then # sun_path is 108 bytes
    sock=/tmp/iks-$id-$role.vici
  fi
  echo "$sock" >"$dir/socket"
  lab_write_conf "$dir" "$fixture" "$sock" "${sets[@]}"

  # charon in the node's namespace, with a private tmpfs on /run (its pid file and default
  # sockets live there), started in the fixture directory so relative updown paths work.
  # ip netns exec, unshare and sh all exec: $! is charon's PID.
  (
    cd "$fixture"
    export STRONGSWAN_CONF=$dir/strongswan.conf
    exec ip netns exec "$ns" unshare -m sh -c 'mount -t tmpfs tmpfs /run && exec "$0"' "$LAB_CHARON"
  ) </dev/null >"$dir/charon.stdout" 2>&1 &
  local pid=$!
  echo "$pid" >"$dir/charon.pid"

  local i
  for ((i = 0; i < 100; i++)); do
    if ! lab_alive "$pid"; then
      cat "$dir/charon.stdout" "$dir/charon.log" >&2 2>/dev/null
      lab_die "$role charon exited at start (see $dir/charon.log)"
    fi
    [ -S "$sock" ] && lab_swanctl "$id" "$role" --stats >/dev/null 2>&1 && break
    sleep 0.1
  done
  [ $i -lt 100 ] || lab_die "$role charon did not open its vici socket within 10 s"
  lab_swanctl "$id" "$role" --load-all --noprompt --file "$fixture/swanctl.conf" >"$dir/load.out" 2>&1 ||
    { cat "$dir/load.out" >&2; lab_die "swanctl --load-all failed for $role ($fixture)"; }
  lab_log "$role charon $pid in $ns, fixture $fixture, log $dir/charon.log"
}

# lab_swanctl ID ROLE ARGS... — swanctl against that charon's vici socket and fixture dir
lab_swanctl() {
  local id=$1 role=$2; shift 2
  local dir; dir=$(lab_rundir "$id")/$role || exit 1
  [ -f "$dir/socket" ] || lab_die "lab $id has no $role charon"
  STRONGSWAN_CONF=$dir/strongswan.conf SWANCTL_DIR=$(cat "$dir/fixture") swanctl "$@"
}

# lab_exec ID NODE CMD... — run a command in a node's network namespace
lab_exec() {
  local id=$1 node=$2; shift 2
  local ns; ns=$(lab_ns "$id" "$node") || exit 1
  ip netns exec "$ns" "$@"
}

# lab_capture_start ID FILE [NODE [IFACE]] — tcpdump, full packets, on gw's ext0 by default
lab_capture_start() {
  local id=$1 file=$2 node=${3:-gw} iface=${4:-ext0}
  local run; run=$(lab_rundir "$id") || exit 1
  [ ! -e "$run/tcpdump.pid" ] || lab_die "lab $id is already capturing"
  local ns; ns=$(lab_ns "$id" "$node") || exit 1
  mkdir -p "$(dirname "$file")"
  # -Z root: Debian's tcpdump would otherwise open the file as user tcpdump.
  # --immediate-mode: without it packets wait in the kernel ring buffer for up to a second,
  # and those still waiting when tcpdump is stopped are lost.
  ip netns exec "$ns" tcpdump -i "$iface" -s 0 -U --immediate-mode -n -Z root -w "$file" \
    </dev/null >"$run/tcpdump.out" 2>&1 &
  echo $! >"$run/tcpdump.pid"
  echo "$file" >"$run/tcpdump.file"
  local i
  for ((i = 0; i < 50; i++)); do
    grep -q 'listening on' "$run/tcpdump.out" 2>/dev/null && { lab_log "capturing $ns:$iface -> $file"; return 0; }
    lab_alive "$(cat "$run/tcpdump.pid")" || break
    sleep 0.1
  done
  cat "$run/tcpdump.out" >&2
  lab_die "tcpdump did not start"
}

# lab_alive PID — running (a zombie is not: our children are reaped by whoever inherits them,
# PID 1 here, which may take seconds, and kill -0 succeeds on a zombie)
lab_alive() {
  local st
  st=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1) || return 1
  [ -n "$st" ] && [ "$st" != Z ] && [ "$st" != X ]
}

lab_stop_pid() { # PIDFILE SIGNAL SECONDS — signal, wait, then SIGKILL; removes the file
  local f=$1 sig=$2 secs=$3 pid i
  [ -f "$f" ] || return 0
  pid=$(cat "$f")
  if [ -n "$pid" ] && lab_alive "$pid"; then
    kill "-$sig" "$pid" 2>/dev/null || true
    for ((i = 0; i < secs * 20; i++)); do lab_alive "$pid" || break; sleep 0.05; done
    lab_alive "$pid" && kill -KILL "$pid" 2>/dev/null
  fi
  rm -f "$f"
}

lab_capture_stop() {
  local id=$1 run; run=$(lab_rundir "$id") || exit 1
  [ -f "$run/tcpdump.pid" ] || lab_die "lab $id is not capturing"
  sleep 0.2 # let the last packets reach the ring buffer
  lab_stop_pid "$run/tcpdump.pid" INT 5
  grep -E 'packets (captured|received|dropped)' "$run/tcpdump.out" >&2 || true
}

# lab_down ID — stops everything the lab started, deletes its namespaces. Never fails.
# Keeps the run directory (logs); lab_clean removes those of labs that are down.
lab_down() {
  local id=$1 run=$LAB_RUN_ROOT/$1
  if [ -d "$run" ]; then
    touch "$run/down"
    # the watchdog execs lab down itself; do not kill ourselves
    if [ -f "$run/watchdog.pid" ] && [ "$(cat "$run/watchdog.pid")" != "$$" ]; then
      lab_stop_pid "$run/watchdog.pid" KILL 1 # a bash loop with nothing to clean up
    fi
    lab_stop_pid "$run/tcpdump.pid" INT 3
    local role
    for role in client gw; do
      lab_stop_pid "$run/$role/charon.pid" TERM 5
      [ -f "$run/$role/socket" ] && case $(cat "$run/$role/socket") in /tmp/iks-*) rm -f "$(cat "$run/$role/socket")";; esac
    done
  fi
  # anything still running in the lab's own namespaces was started by the lab
  local ns pids
  for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep "^iks-$id-"); do
    pids=$(ip netns pids "$ns" 2>/dev/null)
    if [ -n "$pids" ]; then
      kill -TERM $pids 2>/dev/null; sleep 0.3
      pids=$(ip netns pids "$ns" 2>/dev/null); [ -z "$pids" ] || kill -KILL $pids 2>/dev/null
    fi
    ip netns del "$ns" 2>/dev/null || lab_log "could not delete namespace $ns"
  done
  lab_log "down $id"
}

lab_list() { # ID per line: labs with a namespace or a live run directory
  { ip netns list 2>/dev/null | awk '{print $1}' | sed -n 's/^iks-\([0-9a-z]*\)-[a-z]*$/\1/p'
    for d in "$LAB_RUN_ROOT"/*/; do [ -d "$d" ] && [ ! -e "$d/down" ] && basename "$d"; done
  } | sort -u
}

lab_clean() { # removes run directories of labs that are down
  local d
  for d in "$LAB_RUN_ROOT"/*/; do [ -e "$d/down" ] && rm -rf "$d"; done
  return 0
}
