#!/bin/sh
# Runs the cross-browser tests inside network and mount namespaces of their own (needs root, as CI
# has). The network namespace has loopback plus a veth pair whose two ends both live in it
# (198.18.0.1 <-> 198.18.0.2, the RFC 2544 benchmarking range): Firefox gathers no ICE candidates
# when lo is its only interface, and none without a default route, so the default route points
# into the pair. Nothing can leave: the namespace has no link to the host and forwarding is off;
# packets to any other address die at the far end of the pair. resolv.conf is replaced (in the
# mount namespace only) by one naming 127.0.0.1, so the browsers' stray DNS lookups fail at once
# on loopback.
#   ./run.sh [node --test args...]      e.g. ./run.sh --test-name-pattern=room
# With Xvfb installed, it runs one on :99 (no TCP): headless Firefox captures a screen only from an
# X display. Environment: PARLEY_JAR (default: parley-server/target/parley.jar), JAVA_HOME (a Java
# 21+), PARLEY_CHROMIUM, PARLEY_FIREFOX, PARLEY_SCREENSHOTS (default: out/).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if [ "${PARLEY_IN_NETNS:-}" != 1 ]; then
  export PARLEY_IN_NETNS=1
  exec unshare -n -m -- "$0" "$@"
fi
ip link set lo up
ip link add fxa type veth peer name fxb
ip addr add 198.18.0.1/24 dev fxa
ip addr add 198.18.0.2/24 dev fxb
ip link set fxa up
ip link set fxb up
ip route add default via 198.18.0.2
sysctl -qw net.ipv4.ip_forward=0 2>/dev/null || true
mount --make-rprivate /
resolv=$(mktemp)
printf 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n' >"$resolv"
mount --bind "$resolv" /etc/resolv.conf
# The browsers get this namespace's display or none: never the desktop of whoever runs the tests.
unset DISPLAY WAYLAND_DISPLAY XAUTHORITY DBUS_SESSION_BUS_ADDRESS
xvfb=
display=$(mktemp)
cleanup() {
  [ -z "$xvfb" ] || { kill "$xvfb" 2>/dev/null; wait "$xvfb" 2>/dev/null || true; }
  rm -f "$resolv" "$display"
}
trap cleanup EXIT
if command -v Xvfb >/dev/null 2>&1; then
  # -displayfd: the server picks a free display number and says which (another X server may hold :99).
  Xvfb -displayfd 3 -screen 0 1280x720x24 -nolisten tcp 3>"$display" >/dev/null 2>&1 &
  xvfb=$!
  i=0; while [ ! -s "$display" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
  [ -s "$display" ] && export DISPLAY=":$(head -n1 "$display")"
fi
cd "$here"
rc=0
# Bounded: a hung browser must not eat CI's budget.
# --test-force-exit: a handle a failed test left open (a browser, a server) must not hold the run.
timeout -k 10 900 node --test --test-concurrency=1 --test-force-exit "$@" test/*.test.mjs || rc=$?
exit $rc
