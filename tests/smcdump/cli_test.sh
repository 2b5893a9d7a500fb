#!/bin/sh
# smcdump's command line and file-mode paths that the golden tests do not
# take: every usage error with its message and exit status 1, unreadable
# input (2), output errors (4), standard input, -w written and read back,
# filters, -c, -q, --max-flows 1 on concurrent handshakes, and a pcapng file
# whose last block is cut (3). Live capture is tested in tests/live.
#   cli_test.sh SMCDUMP TOP
set -u
bin=$1
top=$2
cap=$top/captures/real/k612-07-server-no-rdma-dev.pcap
many=$top/captures/built/declines-all-codes.pcap
tmp=$(mktemp -d "${TMPDIR:-/tmp}/smcdump-cli.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
export TZ=UTC
. "$(dirname "$0")/expect_lib.sh"

expect 1 "smcdump: say where to read: -i IFACE or -r FILE" --
expect 1 "smcdump: -c 0: not a positive number" -- -c 0 -r "$cap"
expect 1 "smcdump: -c -3: not a positive number" -- -c -3 -r "$cap"
expect 1 "smcdump: -s 999999: not a number from 0 to 262144" -- -s 999999 -r "$cap"
expect 1 "smcdump: --max-flows 0: not a number from 1 to 16777216" -- --max-flows 0 -r "$cap"
expect 1 "smcdump: --max-flows 16777217: not a number from 1 to 16777216" -- --max-flows 16777217 -r "$cap"
expect 1 "smcdump: -i and -r exclude each other" -- -i lo -r "$cap"
expect 1 "$bin: unrecognized option '--bogus'" -- --bogus -r "$cap"
expect 1 "smcdump: filter 'tcp port': can't parse filter expression: syntax error" -- -n -r "$cap" tcp port
expect 2 "smcdump: $tmp/none.pcap: No such file or directory" -- -r "$tmp/none.pcap"
expect 4 "smcdump: $tmp/no/dir.pcap: No such file or directory" -- -n -r "$cap" -w "$tmp/no/dir.pcap"

# -h and --version on standard output, exit 0
"$bin" -h >"$tmp/out" 2>&1 && head -n 1 "$tmp/out" | grep -q '^Usage: smcdump ' || fail "-h"
"$bin" --version >"$tmp/out" 2>&1 && grep -q '^smcdump [0-9]' "$tmp/out" &&
    grep -q '^libpcap version' "$tmp/out" || fail "--version"

# a full standard output is an output error
if [ -w /dev/full ]; then
    "$bin" -n -r "$cap" >/dev/full 2>"$tmp/err"
    rc=$?
    [ $rc = 4 ] || fail "stdout /dev/full: exit $rc, want 4"
    grep -q '^smcdump: writing the output failed: No space left on device$' "$tmp/err" ||
        fail "stdout /dev/full: $(cat "$tmp/err")"
fi

# the reference output, then the same by other ways
"$bin" -n -r "$cap" >"$tmp/ref" 2>"$tmp/err" || fail "reference run"
[ "$(wc -l <"$tmp/ref")" = 3 ] || fail "reference: $(wc -l <"$tmp/ref") lines, want 3"
"$bin" -n -r - <"$cap" >"$tmp/out" 2>&1 && cmp -s "$tmp/ref" "$tmp/out" || fail "-r - (a file on stdin)"
cat "$cap" | "$bin" -n -r - >"$tmp/out" 2>&1 && cmp -s "$tmp/ref" "$tmp/out" || fail "-r - (a pipe)"
"$bin" -n -r "$cap" tcp port 5107 >"$tmp/out" 2>&1 && cmp -s "$tmp/ref" "$tmp/out" ||
    fail "filter that keeps everything"
"$bin" -n -r "$cap" tcp port 1 >"$tmp/out" 2>&1 && [ ! -s "$tmp/out" ] ||
    fail "filter that keeps nothing: $(cat "$tmp/out")"
"$bin" -n -c 100000 -r "$cap" >"$tmp/out" 2>&1 && cmp -s "$tmp/ref" "$tmp/out" || fail "-c larger than the file"
"$bin" -n -c 2 -r "$cap" >"$tmp/out" 2>&1 && [ ! -s "$tmp/out" ] ||
    fail "-c 2 (SYN and SYN-ACK only): $(cat "$tmp/out")"
# -q: the verdict lines, then the summary, no message lines
"$bin" -n -q -r "$cap" >"$tmp/out" 2>&1 && [ "$(head -n 1 "$tmp/out")" = "$(grep 'fallback:' "$tmp/ref")" ] &&
    grep -q '^SMC connections: 1 (smc-r 0, smc-d 0, fallback 1, incomplete 0)$' "$tmp/out" &&
    ! grep -q 'Proposal' "$tmp/out" || fail "-q: $(cat "$tmp/out")"

# -w keeps the handshake's packets: read back, it gives the same lines
"$bin" -n -r "$cap" -w "$tmp/w.pcap" >"$tmp/out" 2>&1 && cmp -s "$tmp/ref" "$tmp/out" || fail "-w: stdout"
"$bin" -n -r "$tmp/w.pcap" >"$tmp/out" 2>&1 || fail "-w file unreadable"
sed 's/^[0-9:.]* //' "$tmp/ref" >"$tmp/ref.nots"
sed 's/^[0-9:.]* //' "$tmp/out" >"$tmp/out.nots"
cmp -s "$tmp/ref.nots" "$tmp/out.nots" || fail "-w file read back: $(cat "$tmp/out")"
[ "$(wc -c <"$tmp/w.pcap")" -lt "$(wc -c <"$cap")" ] || fail "-w wrote every packet"

# --max-flows 1: concurrent handshakes evict each other, each with a verdict
"$bin" -n -q --stats -r "$many" >"$tmp/all" 2>&1 || fail "declines-all-codes"
"$bin" -n -q --stats --max-flows 1 -r "$many" >"$tmp/one" 2>&1 || fail "--max-flows 1"
grep -q 'flows evicted 0' "$tmp/all" || fail "default table evicted flows"
n_all=$(grep -c 'fallback:\|incomplete' "$tmp/all")
n_one=$(grep -c 'fallback:\|incomplete' "$tmp/one")
[ "$n_all" = "$n_one" ] || fail "--max-flows 1: $n_one verdicts, want $n_all"

# a pcapng file cut inside its last block: read up to there, exit 3
pcapng=$top/captures/built/pcapng.pcapng
size=$(wc -c <"$pcapng")
head -c $((size - 10)) "$pcapng" >"$tmp/cut.pcapng"
"$bin" -n -r "$tmp/cut.pcapng" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc = 3 ] || fail "cut pcapng: exit $rc, want 3"
grep -q 'damaged: capture file damaged after [0-9]* good records' "$tmp/err" ||
    fail "cut pcapng: $(cat "$tmp/err")"

# names without -n: 127.0.0.1 is localhost in every /etc/hosts
"$bin" -r "$top/tests/golden/hostile/resolve-localhost.pcap" >"$tmp/out" 2>&1 || fail "resolve"
grep -q '^[0-9:.]* IP localhost.45601 > localhost.5107: fallback: NOSMCRDEV' "$tmp/out" ||
    fail "resolve: $(cat "$tmp/out")"
"$bin" -r "$top/tests/golden/hostile/resolve-localhost.pcap" --json >"$tmp/out" 2>&1 &&
    grep -q '"src":"127.0.0.1:45601"' "$tmp/out" || fail "--json prints addresses"

[ $fails = 0 ] && echo "cli_test: all passed"
exit $fails
