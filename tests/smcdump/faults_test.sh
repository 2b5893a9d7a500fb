#!/bin/sh
# smcdump where its calls fail: each allocation, libpcap call, file open and
# random-key call that no input can make fail is failed in turn (faults.c,
# loaded with LD_PRELOAD), and smcdump must either get by with the output of
# a run without the failure, or stop with its exit status for that kind of
# failure and one "smcdump: ..." line that names it. Never a crash.
#   faults_test.sh SMCDUMP LIBSMCDUMP_FAULTS.so TOP
# As root, the live parts run on lo, and as uid 65534 with chosen
# capabilities for the permission messages; otherwise they are skipped.
set -u
bin=$1
so=$2
top=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chmod 777 "$tmp"
. "$top/tests/smcdump/expect_lib.sh" # fail() and $fails

smcr=$top/captures/real/k612-01-smcr-v2-ipv4.pcap
decline=$top/captures/real/k612-07-server-no-rdma-dev.pcap
runs=0

# A coverage build's runtime complains on stderr ("profiling: ...") when
# tests write its counts at once: not smcdump's words.
drop_gcov_lines() {
    grep -v '^profiling:' "$1" >"$1.kept"
    mv "$1.kept" "$1"
}

# run SPEC ARGS...: smcdump with SMCCLC_FAULT=SPEC, started through $launch
# (words, empty for none: timeout, setpriv); sets rc, and calls and injected
# for the first NAME of SMCCLC_FAULT (from the log the preload writes at exit).
# Only smcdump gets the preload, not the tools that start it.
launch=
run() {
    spec=$1
    shift
    rm -f "$tmp/log"
    # shellcheck disable=SC2086 # $launch is a command line
    SMCCLC_FAULT=$spec SMCCLC_FAULT_LOG=$tmp/log $launch env LD_PRELOAD="$so" "$bin" "$@" \
        >"$tmp/out" 2>"$tmp/err"
    rc=$?
    drop_gcov_lines "$tmp/err"
    runs=$((runs + 1))
    calls=none
    injected=0
    [ -f "$tmp/log" ] && read -r _ calls injected <"$tmp/log"
}

# every NAME RC_RE MSG_RE -- ARGS...: fails each of smcdump's calls of NAME
# in turn. A run either matches the run without failures (exit status,
# stdout and stderr) or exits with a status matching RC_RE, and MSG_RE
# matches its last stderr line (the ones before are progress). At least one
# call must be counted and at least one failure must stop smcdump, or the
# check would prove nothing.
every() {
    name=$1
    want_rc=$2
    want_msg=$3
    shift 4
    run "$name:0" "$@"
    ref_rc=$rc
    cp "$tmp/out" "$tmp/ref.out"
    cp "$tmp/err" "$tmp/ref.err"
    total=$calls
    if [ "$total" = none ] || [ "$total" -eq 0 ]; then
        fail "$name, smcdump $*: no call of $name counted"
        return
    fi
    n=1
    stopped=0
    while [ "$n" -le "$total" ]; do
        run "$name:$n" "$@"
        if [ "$rc" -ge 128 ]; then
            fail "$name:$n, smcdump $*: killed by signal $((rc - 128))"
        elif [ "$injected" != 1 ]; then
            fail "$name:$n, smcdump $*: the failure was not injected ($calls calls)"
        elif [ "$rc" = "$ref_rc" ] && cmp -s "$tmp/out" "$tmp/ref.out" &&
            cmp -s "$tmp/err" "$tmp/ref.err"; then
            : # got by without it
        else
            stopped=$((stopped + 1))
            last=$(tail -n 1 "$tmp/err")
            printf '%s\n' "$rc" | grep -Eqx "$want_rc" ||
                fail "$name:$n, smcdump $*: exit $rc, want $want_rc ($last)"
            printf '%s\n' "$last" | grep -Eqx "$want_msg" ||
                fail "$name:$n, smcdump $*: last stderr line '$last', want /$want_msg/"
        fi
        n=$((n + 1))
    done
    [ "$stopped" -gt 0 ] || [ "${tolerated:-}" = yes ] ||
        fail "$name, smcdump $*: none of $total failed calls changed anything"
    echo "ok: $name, $total calls, $stopped stop smcdump: smcdump $*"
}

# once SPEC RC FIRST-STDERR-LINE -- ARGS...: one run with SPEC, its exit
# status and first stderr line checked, and the failure injected
once() {
    spec=$1
    want_rc=$2
    want_err=$3
    shift 4
    run "$spec" "$@"
    where="$spec${launch:+ ($launch)}, smcdump $*"
    [ "$injected" = 1 ] || fail "$where: the failure was not injected"
    [ "$rc" = "$want_rc" ] || fail "$where: exit $rc, want $want_rc"
    got_err=$(head -n 1 "$tmp/err")
    [ "$got_err" = "$want_err" ] || fail "$where: stderr '$got_err', want '$want_err'"
}

oom='smcdump: (--expect: )?out of memory'

# -- reading files: every allocation of the common runs
every calloc 2 "$oom" -- -n -r "$smcr"
every calloc 2 "$oom" -- -r "$smcr" -v --stats
every calloc 2 "$oom" -- -n --json -r "$decline" --all --stats
every mmap 2 "$oom" -- -n -r "$smcr"
# out of memory is status 2 wherever it happens: building the default
# filter, reading --expect, pairing connections for --compare
every calloc 2 "$oom" -- -n -r "$smcr" --default-filter 'tcp port 4999'
every calloc 2 "$oom" -- -n -r "$smcr" --expect 'outcome=smc-r'
every realloc 2 "$oom" -- -n -r "$smcr" --expect 'outcome=smc-r' \
    --expect 'version=2' --expect 'handshakes=1' --expect 'no_anomalies' \
    --expect 'outcome=smc-r port 4999' --expect 'handshakes>=1'
every calloc 2 "$oom" -- -n --compare "$smcr" "$decline"
every malloc 2 "$oom" -- -n --compare "$smcr" "$decline"
every realloc 2 "$oom" -- -n --json --compare "$smcr" "$decline"

# the 1 MiB read buffer is a speed-up: without it the file is read all the same
tolerated=yes
every malloc 2 "$oom" -- -n -r "$smcr"
[ "$stopped" = 0 ] || fail "a failed read buffer stopped smcdump"

# the flow key: without getrandom(2), /dev/urandom; without both, the clock
every getrandom 2 x -- -n -r "$smcr"
tolerated=no
[ "$stopped" = 0 ] || fail "without getrandom smcdump stopped"
run getrandom:1,open:1 -n -r "$smcr"
[ "$rc" = 0 ] && cmp -s "$tmp/out" "$tmp/ref.out" ||
    fail "without getrandom and /dev/urandom: exit $rc or other output"
grep -qx 'open 1 1' "$tmp/log" || fail "/dev/urandom was not refused: $(cat "$tmp/log")"

# files that cannot be opened
once fopen:1 2 "smcdump: $smcr: Permission denied" -- -n -r "$smcr"
every fopen '2|4' 'smcdump: .*: Permission denied' -- -n -r "$smcr" --metrics "$tmp/m.prom"
# a metrics file that cannot be written is an output error, the output stands
every malloc 4 "smcdump: --metrics $tmp/m.prom: out of memory" -- -n -r "$smcr" --metrics "$tmp/m.prom"

# -- live: the steps before the capture needs any right
once pcap_create:1 2 "smcdump: lo: pcap_create: injected failure" -- -n -i lo
for step in snaplen:snaplen promisc:'promiscuous mode' timeout:timeout \
    immediate_mode:'immediate mode' buffer_size:'buffer size'; do
    call=pcap_set_${step%%:*}
    once "$call:1" 2 "smcdump: lo: cannot set ${step#*:}: Generic error" -- \
        -n -i lo --immediate-mode -B 1024
done
once pcap_activate:1:-5 2 "smcdump: lo: No such device exists" -- -n -i lo
once pcap_activate:1:-9 2 "smcdump: lo: That device is not up" -- -n -i lo
once pcap_activate:1:-6 2 "smcdump: lo: That device doesn't support monitor mode" -- -n -i lo
once pcap_activate:1:-1 2 "smcdump: lo: libpcap gave no reason" -- -n -i lo
once pcap_findalldevs:1 2 "smcdump: pcap_findalldevs: injected failure" -- -D

# the permission messages, by the capabilities the process has: as root
# both, as uid 65534 the ones given to it
if [ "$(id -u)" != 0 ]; then
    echo "skip: the live runs and the permission messages need root"
    echo "$runs runs, $fails failures"
    [ "$fails" = 0 ]
    exit
fi
once pcap_activate:1:-8 2 "smcdump: lo: permission denied although CAP_NET_RAW and CAP_NET_ADMIN are set (a security module may block packet sockets)" -- -n -i lo
once pcap_activate:1:-11 2 "smcdump: lo: promiscuous mode needs CAP_NET_ADMIN (or root); -p captures without it" -- -n -i lo
# /proc/self/status unreadable: no capability known, the message names both
once pcap_activate:1:-8,fopen:1 2 "smcdump: lo: capturing needs CAP_NET_RAW and CAP_NET_ADMIN, or root; this process has neither (e.g. setcap cap_net_raw,cap_net_admin=eip smcdump)" -- -n -i lo

# as_nobody CAPS SPEC RC FIRST-LINE -- ARGS: once, as uid 65534 with CAPS
# (e.g. +net_raw, or -all) in its effective set
as_nobody() {
    launch="setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=$1 --ambient-caps=$1"
    shift
    once "$@"
    launch=
}
as_nobody -all pcap_activate:1:-8 2 "smcdump: lo: capturing needs CAP_NET_RAW and CAP_NET_ADMIN, or root; this process has neither (e.g. setcap cap_net_raw,cap_net_admin=eip smcdump)" -- -n -i lo
as_nobody +net_admin pcap_activate:1:-8 2 "smcdump: lo: capturing needs CAP_NET_RAW (or root), which is missing" -- -n -i lo
as_nobody +net_raw pcap_activate:1:-8 2 "smcdump: lo: capturing needs CAP_NET_ADMIN (or root), which is missing" -- -n -i lo
as_nobody +net_raw pcap_activate:1:-11 2 "smcdump: lo: promiscuous mode needs CAP_NET_ADMIN (or root), which this process lacks; -p captures without it" -- -n -i lo

# live_run SPEC ARGS...: smcdump -i lo for a second, then SIGINT; sets rc,
# and err (all of stderr on one line); fails unless the failure was injected
live_run() {
    launch="timeout --preserve-status -s INT 1"
    live_spec=$1
    shift
    run "$live_spec" -n -i lo "$@"
    launch=
    err=$(tr '\n' '|' <"$tmp/err")
    [ "$injected" = 1 ] || fail "live, $live_spec: the failure was not injected"
}
live_run pcap_setfilter:1 'tcp port 4999'
[ "$rc" = 2 ] && [ "$err" = "smcdump: lo: cannot set filter: libpcap gave no reason|" ] ||
    fail "pcap_setfilter failing: exit $rc, stderr $err"
live_run pcap_setnonblock:1
[ "$rc" = 2 ] && printf "%s\n" "$err" | grep -q "|smcdump: lo: pcap_setnonblock: injected failure|" ||
    fail "pcap_setnonblock failing: exit $rc, stderr $err"
live_run pcap_dispatch:1
[ "$rc" = 2 ] && printf "%s\n" "$err" | grep -q "|smcdump: lo: capture failed: libpcap gave no reason|" ||
    fail "pcap_dispatch failing: exit $rc, stderr $err"
live_run mmap:1
[ "$rc" = 2 ] && printf "%s\n" "$err" | grep -q "|smcdump: out of memory|" ||
    fail "mmap failing live: exit $rc, stderr $err"
# a warning from pcap_activate is told, and the capture goes on to SIGINT
live_run pcap_activate:1:2
[ "$rc" = 0 ] && printf "%s\n" "$err" | grep -q "^smcdump: warning: lo: That device doesn't support promiscuous mode|" ||
    fail "a promiscuous-mode warning: exit $rc, stderr $err"
live_run pcap_activate:1:1
[ "$rc" = 0 ] && printf "%s\n" "$err" | grep -q "^smcdump: warning: lo: Generic warning: libpcap gave no reason|" ||
    fail "a generic warning: exit $rc, stderr $err"
# the kernel's counters are read at each --stats line; a failed read is
# skipped, and the run ends normally
live_run pcap_stats:1 --stats
[ "$rc" = 0 ] && grep -q '^kernel: received ' "$tmp/out" ||
    fail "pcap_stats failing once: exit $rc, stdout $(tr '\n' '|' <"$tmp/out")"

echo "$runs runs, $fails failures"
[ "$fails" = 0 ]
