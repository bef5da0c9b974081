#!/usr/bin/env bash
# A real S3 server for the tests and benchmarks: OpenStack Swift 2.30 with its s3api
# middleware, one node on 127.0.0.1 (issue 19). Debian 12 packages: swift swift-proxy
# swift-account swift-container swift-object python3-swift memcached curl.
#
#   swift-server.sh start STATE_DIR   start memcached and the account, container, object and
#                                     proxy servers in the background; returns once the proxy
#                                     answers a signed S3 request
#   swift-server.sh stop STATE_DIR    stop them again (idempotent)
#
# start creates STATE_DIR and keeps everything in it:
#   endpoint   http://127.0.0.1:PORT, written last: the S3 endpoint (path-style addressing)
#   netrc      curl's credentials: access key test:tester, secret testing, region us-east-1
#   pids       one "PID NAME" line per process started (stop reads it)
#   etc/       swift.conf, the four server configs and the rings
#   node/sdb1  the data; logs/*.log  one log per server (Swift's -v console output)
# The ports are free loopback ports picked at each start, so instances in different
# STATE_DIRs run side by side. An existing STATE_DIR keeps its data; remove it for an empty
# server. The servers run in their own sessions (setsid): they outlive the calling shell
# and only `stop` (or a kill of the pids in STATE_DIR/pids) ends them.
#
# Put STATE_DIR under the build tree, not under /tmp: Swift stores object metadata in user
# extended attributes, which tmpfs lacks on older kernels; start checks and says so.
# Swift 2.30's servers read the hash path prefix and storage policies from
# /etc/swift/swift.conf (installed by the swift package) whatever swift_dir says; the copy
# in STATE_DIR/etc is for swift's command-line tools.
#
# Exit status: 0 done; 1 start failed (one line naming what failed and the tail of its log
# on stderr; whatever had started is stopped again); 2 usage error.
# SWIFT_SERVER_TIMEOUT (seconds, default 60) bounds the wait for the proxy.
#
# By hand, with curl >= 7.75. Its --user cannot carry the colon in the access key, so the
# credentials come from the netrc file; Swift refuses a request without x-amz-content-sha256,
# which must be the hex SHA-256 of the body (the value below is that of an empty body):
#   d=STATE_DIR; e=$(cat $d/endpoint)
#   s3=(-sS --aws-sigv4 aws:amz:us-east-1:s3 --netrc-file $d/netrc)
#   empty=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
#   curl "${s3[@]}" -H "x-amz-content-sha256: $empty" -X PUT "$e/bucket"
#   printf hello > body; sum=$(sha256sum < body | cut -d' ' -f1)
#   curl "${s3[@]}" -H "x-amz-content-sha256: $sum" -T body "$e/bucket/key"
#   curl "${s3[@]}" -H "x-amz-content-sha256: $empty" "$e/bucket/key"
#   curl "${s3[@]}" -H "x-amz-content-sha256: $empty" "$e/bucket?list-type=2&prefix=k"
# curl signs the query string as written: keep its parameters sorted by name and
# URI-encoded, or Swift answers 403 SignatureDoesNotMatch (with the canonical request it
# computed in the body).
set -euo pipefail

me=swift-server.sh

usage() {
  echo "usage: $me start|stop STATE_DIR" >&2
  exit 2
}

# fail WHAT [LOG]: the one error line, then the last lines of LOG; exits 1 (start's EXIT
# trap stops what had started)
fail() {
  echo "$me: error: $1" >&2
  if [ -n "${2:-}" ] && [ -s "$2" ]; then
    echo "--- last lines of $2:" >&2
    tail -n 15 "$2" >&2
  fi
  exit 1
}

# The interpreter of the swift package's scripts: python3 on PATH may be another Python
# (pyenv, a venv) without the swift module.
swift_python() {
  sed -n '1s/^#! *//p' "$(command -v swift-ring-builder)"
}

check_tools() {
  local tool
  for tool in swift-proxy-server swift-account-server swift-container-server \
    swift-object-server swift-ring-builder memcached curl; do
    command -v "$tool" >/dev/null || fail "$tool is not installed (see .ci/debian-packages)"
  done
  curl --help all 2>/dev/null | grep -q -- --aws-sigv4 ||
    fail "curl has no --aws-sigv4 (needs curl 7.75 or newer)"
}

# Swift keeps object metadata in user.* extended attributes of the data files.
check_xattr() {
  local why
  why=$("$py" - "$state/node/sdb1" 2>&1 <<'EOF'
import os, sys
try:
    os.setxattr(sys.argv[1], 'user.swift-server-check', b'1')
    os.removexattr(sys.argv[1], 'user.swift-server-check')
except OSError as e:
    sys.exit(e.strerror)
EOF
  ) || fail "the file system of $state has no user extended attributes ($why), which Swift needs: put STATE_DIR under the build tree (ext4, xfs, btrfs), not on tmpfs"
}

# Prints six free loopback ports: memcached, account, container, object and proxy (TCP),
# then a UDP port nobody listens on for Swift's syslog handler (see write_configs). They
# are picked at random below the ephemeral range, where no outgoing connection takes one
# before the servers bind it; only another start can, and start then retries.
pick_ports() {
  "$py" - <<'EOF'
import random, socket
with open('/proc/sys/net/ipv4/ip_local_port_range') as f:
    ephemeral_low = int(f.read().split()[0])
held = []
for kind in [socket.SOCK_STREAM] * 5 + [socket.SOCK_DGRAM]:
    while True:
        s = socket.socket(socket.AF_INET, kind)
        try:
            s.bind(('127.0.0.1', random.randrange(10000, ephemeral_low)
                    if ephemeral_low > 11000 else 0))
            break
        except OSError:
            s.close()
    held.append(s)  # kept open until all are picked, so the six differ
print(' '.join(str(s.getsockname()[1]) for s in held))
EOF
}

# One ring per server type, one device each: what `swift-ring-builder X.builder create 6 1 1;
# add r1z1-127.0.0.1:PORT/sdb1 100; rebalance` makes, in one Python process instead of
# nine (each takes a second to import swift).
build_rings() {
  "$py" - "$state/etc" "${port[account]}" "${port[container]}" "${port[object]}" <<'EOF'
import sys
from swift.common.ring import RingBuilder
etc = sys.argv[1]
for name, port in zip(('account', 'container', 'object'), sys.argv[2:]):
    builder = RingBuilder(6, 1, 1)
    builder.add_dev({'region': 1, 'zone': 1, 'ip': '127.0.0.1', 'port': int(port),
                     'replication_ip': '127.0.0.1', 'replication_port': int(port),
                     'device': 'sdb1', 'weight': 100, 'meta': ''})
    builder.rebalance()
    builder.get_ring().save('%s/%s.ring.gz' % (etc, name))
EOF
}

# [DEFAULT] of every server. Swift always adds a syslog handler (/dev/log, else UDP to
# localhost:514); sending it to a loopback UDP port nobody reads keeps test traffic out of
# the machine's journal, while -v copies every line to logs/NAME.log. user: the servers
# drop privileges to it (default "swift", which cannot write a root-owned STATE_DIR).
# workers = 1 and no replicators, updaters or auditors: a small, quick single node.
default_section() {
  cat <<EOF
[DEFAULT]
bind_ip = 127.0.0.1
bind_port = $1
bind_timeout = 2
workers = 1
user = $(id -un)
swift_dir = $state/etc
devices = $state/node
mount_check = false
log_udp_host = 127.0.0.1
log_udp_port = ${port[syslog]}
EOF
}

write_configs() {
  local hash name
  hash=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')
  printf '[swift-hash]\nswift_hash_path_prefix = %s\nswift_hash_path_suffix = %s\n' \
    "${hash:0:16}" "${hash:16}" >"$state/etc/swift.conf"
  printf '[storage-policy:0]\nname = Policy-0\ndefault = yes\n' >>"$state/etc/swift.conf"
  for name in account container object; do
    {
      default_section "${port[$name]}"
      printf '\n[pipeline:main]\npipeline = %s-server\n' "$name"
      printf '\n[app:%s-server]\nuse = egg:swift#%s\n' "$name" "$name"
    } >"$state/etc/$name-server.conf"
  done
  {
    default_section "${port[proxy]}"
    cat <<EOF

[pipeline:main]
# without cache every S3 request is a 500 "Memcache required"; without slo s3api has no
# multipart upload
pipeline = catch_errors proxy-logging cache s3api tempauth slo proxy-logging proxy-server

[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true

[filter:catch_errors]
use = egg:swift#catch_errors

[filter:proxy-logging]
use = egg:swift#proxy_logging

[filter:cache]
use = egg:swift#memcache
memcache_servers = 127.0.0.1:${port[memcached]}

[filter:s3api]
use = egg:swift#s3api
location = us-east-1

[filter:tempauth]
use = egg:swift#tempauth
# S3 access key test:tester, secret testing
user_test_tester = testing .admin

[filter:slo]
use = egg:swift#slo
EOF
  } >"$state/etc/proxy-server.conf"
  printf 'machine 127.0.0.1 login test:tester password testing\n' >"$state/netrc"
}

# launch NAME COMMAND...: runs COMMAND in its own session, output to logs/NAME.log, and
# records its pid. setsid does not fork here (a background job is no group leader), so $!
# is the server's own pid.
launch() {
  local name=$1
  shift
  setsid "$@" </dev/null >"$state/logs/$name.log" 2>&1 &
  echo "$! $name" >>"$state/pids"
}

start_servers() {
  local memcached_user=()
  [ "$(id -u)" = 0 ] && memcached_user=(-u root)
  launch memcached memcached -l 127.0.0.1 -p "${port[memcached]}" -U 0 -t 1 -m 64 \
    "${memcached_user[@]}"
  local name
  for name in account container object; do
    launch "$name" "swift-$name-server" "$state/etc/$name-server.conf" -v
  done
  # only the proxy reads the rings; build them while the others start
  build_rings >"$state/logs/rings.log" 2>&1 ||
    fail "building the rings failed" "$state/logs/rings.log"
  launch proxy swift-proxy-server "$state/etc/proxy-server.conf" -v
}

# running PID NAME: whether PID still runs what launch NAME started (not a recycled pid,
# not an exited child waiting to be reaped, whose cmdline is empty)
running() {
  local program=swift-$2-server
  [ "$2" = memcached ] && program=memcached
  grep -qas -- "$program" "/proc/$1/cmdline"
}

# The recorded pids still running.
alive_pids() {
  local pid name
  while read -r pid name; do
    if running "$pid" "$name"; then echo "$pid"; fi
  done <"$state/pids"
}

# The name of a recorded process that has exited, else nothing.
first_dead() {
  local pid name
  while read -r pid name; do
    if ! running "$pid" "$name"; then
      echo "$name"
      return
    fi
  done <"$state/pids"
}

# Signed GET / (ListBuckets): passes through memcached, tempauth, s3api and the account
# server. Prints the HTTP status (000: no connection).
probe() {
  curl -s -o "$state/logs/probe.body" -w '%{http_code}' --max-time 5 \
    --aws-sigv4 aws:amz:us-east-1:s3 --netrc-file "$state/netrc" \
    -H 'x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' \
    "http://127.0.0.1:${port[proxy]}/" || true
}

wait_ready() {
  local timeout=${SWIFT_SERVER_TIMEOUT:-60} status=000 dead
  local deadline=$((SECONDS + timeout))
  while [ $SECONDS -lt $deadline ]; do
    dead=$(first_dead)
    [ -z "$dead" ] || fail "the $dead server exited during start-up" "$state/logs/$dead.log"
    status=$(probe)
    [ "$status" = 200 ] && return 0
    sleep 0.2
  done
  cat "$state/logs/probe.body" >>"$state/logs/proxy.log" 2>/dev/null || true
  fail "the proxy did not answer a signed S3 request with 200 within $timeout s (last status $status)" \
    "$state/logs/proxy.log"
}

start() {
  check_tools
  mkdir -p "$1"
  state=$(cd "$1" && pwd)
  if [ -s "$state/pids" ] && [ -n "$(alive_pids)" ]; then
    fail "a server is already running in $state (run: $me stop $state)"
  fi
  mkdir -p "$state/etc" "$state/node/sdb1" "$state/logs"
  py=$(swift_python)
  check_xattr
  local status
  for _ in 1 2 3; do
    # A subshell: fail's exit ends the attempt and its EXIT trap stops what it started. Not
    # in a condition, where bash would ignore set -e inside it.
    set +e
    (
      set -e
      start_attempt
    )
    status=$?
    set -e
    [ "$status" != 0 ] || return 0
    grep -qs 'Address already in use\|Could not bind' "$state"/logs/*.log || exit "$status"
    echo "$me: a port was taken by another program meanwhile: trying other ports" >&2
  done
  exit 1
}

start_attempt() {
  rm -f "$state/endpoint" "$state/pids" "$state"/logs/*.log
  local ports
  ports=$(pick_ports) || fail "could not pick free loopback ports"
  declare -gA port
  read -r 'port[memcached]' 'port[account]' 'port[container]' 'port[object]' \
    'port[proxy]' 'port[syslog]' <<<"$ports"
  write_configs
  trap 'stop_state >/dev/null 2>&1' EXIT
  trap 'exit 1' INT TERM HUP
  start_servers
  wait_ready
  trap - EXIT INT TERM HUP
  echo "http://127.0.0.1:${port[proxy]}" >"$state/endpoint"
}

# TERM to each recorded process and its process group (a Swift server's worker is in its
# group), KILL to what is left after 5 s.
stop_state() {
  [ -f "$state/pids" ] || return 0
  local pids pid signal
  for signal in TERM KILL; do
    pids=$(alive_pids)
    [ -n "$pids" ] || break
    for pid in $pids; do
      kill "-$signal" -- "-$pid" 2>/dev/null || kill "-$signal" "$pid" 2>/dev/null || true
    done
    for _ in $(seq 50); do
      [ -n "$(alive_pids)" ] || break
      sleep 0.1
    done
  done
  rm -f "$state/pids" "$state/endpoint"
}

stop() {
  [ -d "$1" ] || return 0
  state=$(cd "$1" && pwd)
  stop_state
}

[ $# -eq 2 ] || usage
case $1 in
  start) start "$2" ;;
  stop) stop "$2" ;;
  *) usage ;;
esac
