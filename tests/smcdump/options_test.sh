#!/bin/sh
# smcdump's options and error paths that neither the golden tests nor
# cli_test.sh take, each with its exit status and exact message: the range
# checks of every numeric option, -C/-G/-W rotation of -w while a file is
# read (names and sizes of the ring), -w to standard output, file names too
# long, --metrics files that cannot be written, link types without a default
# filter or without support, --compare inputs that are not what they should
# be (directory, over-long JSON line, filter with JSON, both on stdin) and
# its "only in" rows in text and JSON; the 101st problem and --expect mismatch
# (mkmany.py). Live capture is tested in tests/live.
#   options_test.sh SMCDUMP TOP
set -u
bin=$1
top=$2
cap=$top/captures/real/k612-07-server-no-rdma-dev.pcap
many=$top/captures/built/declines-all-codes.pcap
smcr=$top/captures/real/k612-01-smcr-v2-ipv4.pcap
tmp=$(mktemp -d "${TMPDIR:-/tmp}/smcdump-opt.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
export TZ=UTC
. "$(dirname "$0")/expect_lib.sh"

# same FILE-A FILE-B WHAT: the two outputs are equal
same() {
    cmp -s "$1" "$2" || fail "$3: $(diff "$1" "$2" | head -5)"
}

# -- range checks of the numeric options (usage errors, exit 1)
csize="not a positive size (millions of bytes, or with k, m, g: KiB, MiB, GiB)"
expect 1 "smcdump: -B 0: not a positive number of KiB" -- -B 0 -r "$cap"
expect 1 "smcdump: -B 2097152: not a positive number of KiB" -- -B 2097152 -r "$cap"
expect 1 "smcdump: -C 0: $csize" -- -C 0 -r "$cap"
expect 1 "smcdump: -C -1: $csize" -- -C -1 -r "$cap"
expect 1 "smcdump: -C : $csize" -- -C "" -r "$cap"
expect 1 "smcdump: -C 5x: $csize" -- -C 5x -r "$cap"
expect 1 "smcdump: -C 5kk: $csize" -- -C 5kk -r "$cap"
expect 1 "smcdump: -C 17179869184g: $csize" -- -C 17179869184g -r "$cap"
expect 1 "smcdump: -G 0: not a positive number of seconds" -- -G 0 -r "$cap"
expect 1 "smcdump: -W 0: not a positive number" -- -W 0 -r "$cap"
expect 1 "smcdump: --metrics-interval 0: not a number from 1 to 86400" -- --metrics-interval 0 -r "$cap"
expect 1 "smcdump: --idle-timeout 86401: not a number from 1 to 86400" -- --idle-timeout 86401 -r "$cap"
expect 1 "smcdump: -s x: not a number from 0 to 262144" -- -s x -r "$cap"
# -- options that only make sense together
expect 1 "smcdump: -C and -G rotate the -w file: give -w FILE" -- -C 1 -r "$cap"
expect 1 "smcdump: -W needs -C or -G" -- -W 2 -w "$tmp/x.pcap" -r "$cap"
expect 1 "smcdump: -C and -G cannot rotate standard output" -- -C 1 -w - -r "$cap"
expect 1 "smcdump: --default-filter and --no-default-filter exclude each other" -- \
    --default-filter --no-default-filter -r "$cap"
expect 1 "smcdump: -Z nosuchuser0: no such user" -- -Z nosuchuser0 -r "$cap"
[ ! -e "$tmp/x.pcap" ] || fail "-W without -C created the -w file"

# -- live-only options are accepted with -r and change nothing; -vvv is -vv
"$bin" -n -vv -r "$many" >"$tmp/ref" 2>&1 || fail "-vv reference"
"$bin" -n -vvv -p -s 100 -B 1024 --immediate-mode -l -U --metrics-interval 5 -r "$many" \
    >"$tmp/out" 2>&1 || fail "live options with -r"
same "$tmp/ref" "$tmp/out" "-vvv and live options with -r"

# -- -w - : the packets on standard output, the lines on standard error
"$bin" -n -r "$cap" >"$tmp/ref" 2>&1 || fail "reference"
"$bin" -n -r "$cap" -w - >"$tmp/w.pcap" 2>"$tmp/err" || fail "-w -"
same "$tmp/ref" "$tmp/err" "-w -: the text on stderr"
"$bin" -n -r "$tmp/w.pcap" >"$tmp/out" 2>&1 || fail "-w - unreadable"
sed 's/^[0-9:.]* //' "$tmp/ref" >"$tmp/ref.nots"
sed 's/^[0-9:.]* //' "$tmp/out" >"$tmp/out.nots"
same "$tmp/ref.nots" "$tmp/out.nots" "-w - read back"

# -- -C 2k -W 3 while reading a file: a ring of three files, each new one
# started when the last went past 2048 bytes, the oldest overwritten; read
# together they hold the last connections' packets, nothing twice
mkdir "$tmp/ring"
"$bin" -n -r "$many" -w "$tmp/ring/r.pcap" -C 2k -W 3 >"$tmp/out" 2>&1 || fail "-C -W"
[ "$(cd "$tmp/ring" && echo *)" = "r.pcap0 r.pcap1 r.pcap2" ] ||
    fail "-C 2k -W 3 files: $(ls "$tmp/ring")"
for f in "$tmp"/ring/*; do
    # a file goes past the limit by its last packet, never by two
    [ "$(wc -c <"$f")" -lt 2800 ] || fail "$f: $(wc -c <"$f") bytes"
    "$bin" -n -q -r "$f" >/dev/null 2>&1 || fail "$f unreadable"
done
# -G 10 while reading a file: packet time names and times every file, the
# first one included (the capture's 40 s on 2024-01-01 make five files whose
# names carry that date, not today's); read back, they hold every packet once
mkdir "$tmp/g"
"$bin" -n -r "$many" -w "$tmp/g/g-%Y%m%d-%H%M%S.pcap" -G 10 >/dev/null 2>&1 || fail "-G 10"
[ "$(cd "$tmp/g" && echo *)" = "g-20240101-000000.pcap g-20240101-000010.pcap g-20240101-000020.pcap g-20240101-000030.pcap g-20240101-000040.pcap" ] ||
    fail "-G 10 files: $(ls "$tmp/g")"
"$bin" -n -q -r "$many" -w "$tmp/all.pcap" >/dev/null 2>&1 || fail "-w without -G"
total=0
for f in "$tmp"/g/*; do
    n=$("$bin" -n -r "$f" -w - 2>/dev/null | python3 -c 'import sys; d=sys.stdin.buffer.read(); o=24; n=0
while o + 16 <= len(d): n += 1; o += 16 + int.from_bytes(d[o+8:o+12], "little")
print(n)')
    total=$((total + n))
done
want=$("$bin" -n -r "$tmp/all.pcap" -w - 2>/dev/null | python3 -c 'import sys; d=sys.stdin.buffer.read(); o=24; n=0
while o + 16 <= len(d): n += 1; o += 16 + int.from_bytes(d[o+8:o+12], "little")
print(n)')
[ "$total" = "$want" ] && [ "$want" -gt 0 ] || fail "-G 10 files hold $total packets, -w alone $want"

# no ring: -C alone starts with the name itself and numbers on, as tcpdump
"$bin" -n -r "$many" -w "$tmp/ring/c.pcap" -C 8k >/dev/null 2>&1 || fail "-C alone"
[ "$(cd "$tmp/ring" && echo c.*)" = "c.pcap c.pcap1 c.pcap2 c.pcap3" ] ||
    fail "-C 8k files: $(ls "$tmp/ring")"

# -- -w names: too long for the file system's limits (with -G, strftime()
# cannot tell that from an empty result), or empty, which is refused at once
long=$(printf '%04096d' 0)
expect 4 "smcdump: -w $long: the file name is too long" -- -n -r "$cap" -w "$long"
expect 4 "smcdump: -w $long: the file name is too long or formats to nothing" -- \
    -n -r "$cap" -w "$long" -G 5
expect 1 "smcdump: -w: the file name is empty (- writes to standard output)" -- \
    -n -r "$cap" -w "" -G 5
expect 1 "smcdump: -w: the file name is empty (- writes to standard output)" -- -n -r "$cap" -w ""

# -- --metrics that cannot be written: exit 4 after the normal output
expect 4 "smcdump: --metrics $tmp/no/m.prom: No such file or directory" -- \
    -n -r "$cap" --metrics "$tmp/no/m.prom"
same "$tmp/ref" "$tmp/out" "--metrics failing: the output"
mkdir "$tmp/dir.prom"
expect 4 "smcdump: --metrics $tmp/dir.prom: Is a directory" -- -n -r "$cap" --metrics "$tmp/dir.prom"
[ "$(ls "$tmp")" = "$(ls "$tmp" | grep -v '\.tmp$')" ] || fail "--metrics left its temporary file"

# -- link types: one without a default filter is read whole, with a warning;
# one smcdump does not decode is refused (exit 2)
null=$top/captures/built/null-loopback.pcap
"$bin" -n -r "$null" >"$tmp/ref" 2>&1 || fail "null-loopback"
expect 0 "smcdump: $null: no default filter for this link type; every packet is copied to smcdump" -- \
    -n -r "$null" --default-filter
same "$tmp/ref" "$tmp/out" "--default-filter on DLT_NULL"
expect 0 "smcdump: $null: no default filter for this link type; only the expression applies" -- \
    -n -r "$null" --default-filter tcp
same "$tmp/ref" "$tmp/out" "--default-filter tcp on DLT_NULL"
# an expression too long to go with the default filter (the kernel takes 4096
# instructions; this one compiles to 4047): it applies alone
long_expr=$(seq 1 2150 | sed 's/^/len != /' | paste -sd' ' | sed 's/ len/ and len/g')
"$bin" -n -r "$cap" "$long_expr" >"$tmp/ref" 2>&1 || fail "2150 lengths"
expect 0 "smcdump: $cap: the default filter and the filter expression together are too long for the kernel; only the expression applies" -- \
    -n -r "$cap" --default-filter "$long_expr"
same "$tmp/ref" "$tmp/out" "--default-filter with 2150 lengths"
for lt in 105 147; do
    python3 -c 'import struct,sys; sys.stdout.buffer.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, int(sys.argv[1])))' \
        $lt >"$tmp/lt$lt.pcap"
done
expect 2 "smcdump: $tmp/lt105.pcap: link type IEEE802_11 (105) is not supported" -- -n -r "$tmp/lt105.pcap"
# libpcap has no name for 147 (USER0)
expect 2 "smcdump: $tmp/lt147.pcap: link type unknown (147) is not supported" -- -n -r "$tmp/lt147.pcap"
# and -i on an interface that does not exist (root only: others get "permission denied" first)
if [ "$(id -u)" = 0 ]; then
    expect 2 "smcdump: nosuchdev0: No such device exists" -- -n -i nosuchdev0
fi

# -- --compare: what it refuses, and the rows of connections on one side only
: >"$tmp/empty.jsonl"
"$bin" -n --json -r "$cap" >"$tmp/a.jsonl" || fail "--json"
expect 1 "smcdump: --compare: only one of A and B can be standard input" -- --compare - -
expect 1 "smcdump: --compare: a filter expression applies to captures, and $tmp/a.jsonl is JSON" -- \
    --compare "$cap" "$tmp/a.jsonl" port 5107
expect 2 "smcdump: $top/captures: Is a directory" -- --compare "$top/captures" "$tmp/a.jsonl"
expect 2 "smcdump: $tmp/none.jsonl: No such file or directory" -- --compare "$tmp/none.jsonl" "$cap"
python3 -c 'print("{" + " " * 70000 + "}")' >"$tmp/long.jsonl"
expect 3 "smcdump: $tmp/long.jsonl: line 1: longer than 65536 bytes, skipped" -- \
    --compare "$tmp/long.jsonl" "$tmp/a.jsonl"
expect 6 "" -- --compare "$smcr" "$tmp/empty.jsonl"
cat >"$tmp/want" <<'END'
192.0.2.1:5101 (A#1): only in A: smc-r,version=2,release=2.1,first_contact
192.0.2.1:5101 (A#2): only in A: smc-r,version=2,reuse
192.0.2.1:5101 (A#3): only in A: smc-r,version=2,reuse
connections: A 3, B 0; paired 0, changed 0, only in A 3, only in B 0
END
same "$tmp/want" "$tmp/out" "--compare SMC-R A with an empty B"
expect 6 "" -- --json --compare "$tmp/empty.jsonl" "$cap"
cat >"$tmp/want" <<END
{"event":"compare","a":null,"b":{"index":1,"frame":8,"client":"192.0.2.2:57778","server":"192.0.2.1:5107","outcome":"fallback","reason":"NOSMCRDEV","duration_us":2293},"changes":{}}
{"event":"compare_summary","a":"$tmp/empty.jsonl","b":"$cap","connections_a":0,"connections_b":1,"matched":0,"changed":0,"only_a":0,"only_b":1}
END
same "$tmp/want" "$tmp/out" "--json --compare empty A"
# a release written as a number (not by smcdump, but valid JSON) is kept as such
"$bin" -n --json -r "$smcr" | grep -m 1 '"event":"handshake"' |
    sed 's/"release":"2.1"/"release":1/' >"$tmp/rel.jsonl"
expect 6 "" -- --compare "$tmp/rel.jsonl" "$tmp/empty.jsonl"
grep -q '^192.0.2.1:5101 (A#1): only in A: smc-r,version=2,release=1$' "$tmp/out" ||
    fail "release as a number: $(cat "$tmp/out")"

# a first contact in A that B's record calls a reuse of a link group
"$bin" -n --json -r "$smcr" >"$tmp/fc.jsonl" || fail "--json"
sed 's/"first_contact":true/"first_contact":false/' "$tmp/fc.jsonl" >"$tmp/reuse.jsonl"
expect 6 "" -- --compare "$tmp/fc.jsonl" "$tmp/reuse.jsonl"
[ "$(head -n 1 "$tmp/out")" = "192.0.2.1:5101 (A#1, B#1): first_contact yes -> no" ] ||
    fail "first_contact changed: $(cat "$tmp/out")"
expect 6 "" -- --json --compare "$tmp/fc.jsonl" "$tmp/reuse.jsonl"
head -n 1 "$tmp/out" | grep -q '"changes":{"first_contact":\[true,false\]}}$' ||
    fail "first_contact changed, JSON: $(head -n 1 "$tmp/out")"

# a capture that is not one; JSON records that are not smcdump's handshakes
# or CLC messages (no addresses, no or an unknown type, other events) are skipped
expect 2 "smcdump: $top/captures/built/bad-header.pcap: unknown file format" -- \
    --compare "$top/captures/built/bad-header.pcap" "$tmp/a.jsonl"
printf '%s\n' '{"event":"handshake"}' '{"event":"clc","src":"192.0.2.2:1","dst":"192.0.2.1:2","type":"bogus"}' \
    '{"event":"clc","src":"192.0.2.2:1","dst":"192.0.2.1:2"}' '{"event":"other"}' '{"no":"event"}' \
    >"$tmp/odd.jsonl"
expect 0 "" -- --compare "$tmp/odd.jsonl" "$tmp/empty.jsonl"
[ "$(cat "$tmp/out")" = "connections: A 0, B 0; paired 0, changed 0, only in A 0, only in B 0" ] ||
    fail "odd records: $(cat "$tmp/out")"
# an outcome that changed, paired by server and order
grep -m 1 '"event":"handshake"' "$tmp/fc.jsonl" | sed 's/"outcome":"smc-r"/"outcome":"fallback"/' >"$tmp/fb.jsonl"
expect 6 "" -- --compare "$tmp/fc.jsonl" "$tmp/fb.jsonl"
[ "$(head -n 1 "$tmp/out")" = "192.0.2.1:5101 (A#1, B#1): outcome smc-r -> fallback" ] &&
    [ "$(tail -n 1 "$tmp/out")" = "connections: A 3, B 1; paired 1, changed 1, only in A 2, only in B 0" ] ||
    fail "outcome changed: $(cat "$tmp/out")"

# a release no table names (3) is a number in --compare and --expect
rel3=$top/tests/golden/hostile/release-unknown.pcap
expect 6 "" -- --compare "$rel3" "$tmp/empty.jsonl"
[ "$(head -n 1 "$tmp/out")" = "192.0.2.1:5107 (A#1): only in A: smc-r,version=2,release=3,first_contact" ] ||
    fail "release 3: $(cat "$tmp/out")"
expect 5 "smcdump: --expect 'release=2.1': 192.0.2.2:45901 > 192.0.2.1:5107 (frame 10): expected release=2.1, got smc-r,version=2,release=3,first_contact" -- \
    -n -r "$rel3" --expect release=2.1
# a blank line in JSON Lines is skipped
{ head -n 1 "$tmp/a.jsonl"; echo; tail -n +2 "$tmp/a.jsonl"; } >"$tmp/blank.jsonl"
expect 0 "" -- --compare "$tmp/blank.jsonl" "$cap"
[ "$(cat "$tmp/out")" = "connections: A 1, B 1; paired 1, changed 0, only in A 0, only in B 0" ] ||
    fail "blank line: $(cat "$tmp/out")"

# -- --expect: the limits of its grammar (usage errors), and prefixes that end
# inside a byte
expect 1 "smcdump: --expect: column 45: too many alternatives at '17' (at most 16)" -- \
    -r "$cap" --expect "port=1|2|3|4|5|6|7|8|9|10|11|12|13|14|15|16|17"
terms=$(python3 -c 'print(",".join("port=%d" % i for i in range(1, 34)))')
expect 1 "smcdump: --expect: column 248: too many terms at 'port=33' (at most 32)" -- \
    -r "$cap" --expect "$terms"
expect 1 "smcdump: --expect: column 19: one value only: 'no'" -- -r "$cap" --expect "first_contact=yes|no"
expect 1 "smcdump: --expect: column 12: 'x' is not a number" -- -r "$cap" --expect "handshakes=x"
expect 1 "smcdump: --expect: column 1: a key is missing before '=5'" -- -r "$cap" --expect "=5"
expect 0 "" -- -n -r "$cap" --expect "fallback,client=192.0.2.3/31"
# each refusal of the grammar, then specs that hold or not: SPEC<TAB>STATUS<TAB>FIRST LINE
reason_help="(a kernel decline name such as NOSMCRDEV, PEERNOSMC, UNKNOWN, or a code 0x03030002)"
addr_help="is not an IPv4 or IPv6 address[/length]"
terms_help="a term is an outcome (smc-r, smc-d, fallback, incomplete, no-option, smc), first_contact, reuse, no_anomalies, or KEY=VALUE with KEY one of outcome, version, release, reason, first_contact, handshakes, port, host, client, server"
while IFS='	' read -r spec want_rc want_err; do
    expect "$want_rc" "$want_err" -- -n -r "$cap" --expect "$spec"
done <<END
port>5	1	smcdump: --expect: column 5: '>5': use KEY=VALUE
handshakes!3	1	smcdump: --expect: column 11: '!3': use =, >= or <=
handshakes>=x	1	smcdump: --expect: column 13: 'x' is not a number
port=	1	smcdump: --expect: column 5: a value is missing after 'port='
port=1||2	1	smcdump: --expect: column 8: an empty alternative
smc,,x	1	smcdump: --expect: column 5: a term is missing here
handshakes>=1 fallback	1	smcdump: --expect: column 15: a ',' is missing before 'fallback'
version=3	1	smcdump: --expect: column 9: version '3' is not 1 or 2
release=3.0	1	smcdump: --expect: column 9: unknown release '3.0' (2.0 or 2.1)
reason=NOPE	1	smcdump: --expect: column 8: unknown reason 'NOPE' $reason_help
reason=0xZZ	1	smcdump: --expect: column 8: unknown reason '0xZZ' $reason_help
reason=0x123456789	1	smcdump: --expect: column 8: unknown reason '0x123456789' $reason_help
first_contact=maybe	1	smcdump: --expect: column 15: 'maybe' is not yes or no
port=70000	1	smcdump: --expect: column 6: port '70000' is not a number from 0 to 65535
port=99999999999999999999999	1	smcdump: --expect: column 6: port '99999999999999999999999' is not a number from 0 to 65535
host=300.1.1.1	1	smcdump: --expect: column 6: '300.1.1.1' $addr_help
host=192.0.2.0/33	1	smcdump: --expect: column 6: '192.0.2.0/33' $addr_help
host=192.0.2.0/x	1	smcdump: --expect: column 6: '192.0.2.0/x' $addr_help
client=::1/129	1	smcdump: --expect: column 8: '::1/129' $addr_help
outcome=bogus	1	smcdump: --expect: outcomes are smc-r, smc-d, fallback, incomplete, no-option, smc
bogus	1	smcdump: --expect: $terms_help
nokey=1	1	smcdump: --expect: column 1: unknown key 'nokey'
handshakes<=0,port=5107	5	smcdump: --expect 'handshakes<=0,port=5107': expected handshakes<=0, got handshakes=1
handshakes=1,fallback	0	
fallback,reason=0x03030002	0	
fallback,server=192.0.2.1/32,client=192.0.2.2	0	
fallback,port=5107|80,host=2001:db8::/32	5	smcdump: --expect 'fallback,port=5107|80,host=2001:db8::/32': expected handshakes>=1 (the default), got handshakes=0; say handshakes>=0 if none is fine
reason=UNKNOWN,handshakes>=0	5	smcdump: --expect 'reason=UNKNOWN,handshakes>=0': 192.0.2.2:57778 > 192.0.2.1:5107 (frame 8): expected reason=UNKNOWN, got fallback,reason=NOSMCRDEV
END
# on SMC-Rv2 with one first contact and two reuses (which carry no release,
# so release=2.0 is held against the first only), and an undefined code
while IFS='	' read -r spec want_rc want_err; do
    expect "$want_rc" "$want_err" -- -n -r "$smcr" --expect "$spec"
done <<END
smc-r,release=2.1,version=2	0	
server=192.0.2.1,port=5101,smc	0	
release=2.0	5	smcdump: --expect 'release=2.0': 192.0.2.2:38420 > 192.0.2.1:5101 (frame 19): expected release=2.0, got smc-r,version=2,release=2.1,first_contact
first_contact=yes	5	smcdump: --expect 'first_contact=yes': 192.0.2.2:38424 > 192.0.2.1:5101 (frame 65): expected first_contact=yes, got smc-r,version=2,reuse
version=1	5	smcdump: --expect 'version=1': 192.0.2.2:38420 > 192.0.2.1:5101 (frame 19): expected version=1, got smc-r,version=2,release=2.1,first_contact
reuse	5	smcdump: --expect 'reuse': 192.0.2.2:38420 > 192.0.2.1:5101 (frame 19): expected reuse, got smc-r,version=2,release=2.1,first_contact
END
"$bin" -n -r "$smcr" --expect release=2.0 >/dev/null 2>"$tmp/err"
[ "$(wc -l <"$tmp/err")" = 1 ] || fail "release=2.0 held against a reuse: $(cat "$tmp/err")"
"$bin" -n -r "$many" --expect "fallback,reason=MEM|0x0303000c" >/dev/null 2>"$tmp/err"
grep -qx "smcdump: --expect 'fallback,reason=MEM|0x0303000c': 192.0.2.2:42038 > 192.0.2.1:5107 (frame 561): expected reason=MEM|0x0303000c, got fallback,reason=UNKNOWN|0x7f000001 (UNKNOWN_DECLINE)" "$tmp/err" ||
    fail "undefined code in a mismatch: $(grep -m1 0x7f000001 "$tmp/err")"
expect 5 "smcdump: --expect 'smc,host=192.0.2.4/31': expected handshakes>=1 (the default), got handshakes=0; say handshakes>=0 if none is fine" -- \
    -n -r "$cap" --expect "smc,host=192.0.2.4/31"

# -- more than 100 problems or mismatches: the 101st is summed up in one line
python3 "$top/tests/smcdump/mkmany.py" "$tmp/many.pcap" || fail "mkmany.py"
"$bin" -n -r "$tmp/many.pcap" >/dev/null 2>"$tmp/err"
[ "$(grep -c 'truncated: CLC message of 156 bytes cut by snaplen after 34$' "$tmp/err")" = 100 ] &&
    [ "$(tail -n 1 "$tmp/err")" = "smcdump: $tmp/many.pcap: more problems, not shown (see --stats)" ] ||
    fail "101 problems: $(tail -n 2 "$tmp/err")"
"$bin" -n -r "$tmp/many.pcap" --expect smc-r >/dev/null 2>"$tmp/err"
rc=$?
[ $rc = 5 ] && [ "$(grep -c "^smcdump: --expect 'smc-r': 192.0.2.2:" "$tmp/err")" = 100 ] &&
    [ "$(tail -n 1 "$tmp/err")" = "smcdump: --expect 'smc-r': 1 more mismatches not shown" ] ||
    fail "101 mismatches: exit $rc, $(tail -n 1 "$tmp/err")"

# -- a full standard output: more than stdio buffers (so fwrite fails, not
# only the last fflush), and --compare's output
if [ -w /dev/full ]; then
    for args in "-n -vv -r $many" "--json --compare $many $smcr"; do
        # shellcheck disable=SC2086 # the words of one command line
        "$bin" $args >/dev/full 2>"$tmp/err"
        rc=$?
        [ $rc = 4 ] && [ "$(cat "$tmp/err")" = "smcdump: writing the output failed: No space left on device" ] ||
            fail "$args >/dev/full: exit $rc, $(cat "$tmp/err")"
    done
fi

# -- a -w file that cannot take the packets: -U fails at its header, without
# -U at the end (exit 4 both)
if [ -w /dev/full ]; then
    expect 4 "smcdump: /dev/full: No space left on device" -- -n -r "$cap" -U -w /dev/full
    [ ! -s "$tmp/out" ] || fail "-U -w /dev/full printed lines: $(cat "$tmp/out")"
    expect 4 "smcdump: writing the -w file failed: No space left on device" -- -n -r "$cap" -w /dev/full
fi

# -- without -n: IPv6 documentation addresses have no names, so the lines are
# those of -n (a lookup that finds nothing is asked once and kept)
v6=$top/captures/built/smcr-v1-ipv6.pcap
"$bin" -n -r "$v6" >"$tmp/ref" 2>&1 || fail "IPv6 -n"
"$bin" -r "$v6" >"$tmp/out" 2>&1 || fail "IPv6 without -n"
same "$tmp/ref" "$tmp/out" "IPv6 without -n"

# -- --metrics sums the declines with codes Linux does not define under UNKNOWN
"$bin" -n -r "$many" --metrics "$tmp/m.prom" >/dev/null 2>&1 || fail "--metrics"
grep -qx 'smcclc_handshakes_total{outcome="fallback",reason="UNKNOWN"} 2' "$tmp/m.prom" ||
    fail "--metrics UNKNOWN: $(grep UNKNOWN "$tmp/m.prom")"

[ $fails = 0 ] && echo "options_test: all passed"
exit $fails
