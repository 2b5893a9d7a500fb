#!/usr/bin/env bash
# bench/live.sh: smcdump -i at the highest rate tcpreplay reaches here.
#
# usage: bench/live.sh [--packets N] [--bulk-records N] [--bulk K]
#
# In a private network namespace (unshare --net; nothing leaves it), on a veth
# pair, for two captures:
#   mixed  gen_mixed: N packets (default 1000000), 40 000 TCP connections,
#          2 000 SMC handshakes, small segments as in the 1 GB bench file;
#   bulk   the first --bulk-records records of it (default 250000) with K
#          (default 3) 1514-byte bulk data frames after each (bench/gen_bulk.py):
#          the busy-host case the default kernel filter is for;
# and for each, twice: smcdump with its default kernel filter, and with
# --no-default-filter; each time `tcpdump -w /dev/null` captures the same
# link beside it. tcpreplay --topspeed sends the capture once per run.
#
# Reported per run: tcpreplay's packets per second, the CPU seconds (user +
# system, from /proc/PID/schedstat just before SIGINT) of smcdump and tcpdump, the
# kernel drops each reports, and how many handshakes smcdump reported against
# `smcdump -r` on the same file. Markdown on stdout, progress on stderr.
#
# Needs root, tcpreplay, tcpdump, python3, a build (BUILD_DIR, default build).
# Files: BENCH_DATA (default bench/data), generated when missing.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
data=${BENCH_DATA:-$root/bench/data}
smcdump=${SMCDUMP:-$build/smcdump/smcdump}
packets=1000000
bulk_records=250000
bulk=3

while [ $# -gt 0 ]; do
    case $1 in
    --packets) packets=$2; shift 2 ;;
    --bulk-records) bulk_records=$2; shift 2 ;;
    --bulk) bulk=$2; shift 2 ;;
    -h | --help) sed -n '2,26p' "$0"; exit 0 ;;
    *) echo "live.sh: unknown option $1" >&2; exit 2 ;;
    esac
done

if [ "$(id -u)" -ne 0 ]; then
    echo "live.sh: needs root (network namespace, packet sockets)" >&2
    exit 2
fi
if [ "${SMCCLC_NETNS:-}" != 1 ]; then
    SMCCLC_NETNS=1 exec unshare --net -- "$0" --packets "$packets" \
        --bulk-records "$bulk_records" --bulk "$bulk"
fi

mkdir -p "$data"
mixed=$data/live-mixed-$packets.pcap
bulkf=$data/live-bulk-$bulk_records-$bulk.pcap
if [ ! -s "$mixed" ]; then
    echo "generating $mixed" >&2
    "$build/bench/gen_mixed" -o "$mixed" -p "$packets" -c 40000 -s 2000 >&2
fi
if [ ! -s "$bulkf" ]; then
    echo "generating $bulkf" >&2
    python3 "$root/bench/gen_bulk.py" "$mixed" "$bulkf" --records "$bulk_records" --bulk "$bulk"
fi

ip link set lo up
ip link add name smctx type veth peer name smcrx
for d in smctx smcrx; do
    echo 1 > /proc/sys/net/ipv6/conf/$d/disable_ipv6
    ip link set $d up
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# CPU seconds of a running process: its time on a CPU in nanoseconds from
# /proc/PID/schedstat (user + system; /proc/PID/stat counts in 10 ms ticks,
# too coarse here)
cpu() {
    awk '{ printf "%.3f", $1 / 1e9 }' "/proc/$1/schedstat"
}

# until a line containing $2 appears in file $1 (at most 5 s)
wait_for() {
    for _ in $(seq 50); do
        grep -q "$2" "$1" 2>/dev/null && return 0
        sleep 0.1
    done
    echo "live.sh: timed out waiting for '$2' in $1" >&2
    cat "$1" >&2
    return 1
}

run() { # FILE LABEL [smcdump options]
    local file=$1 label=$2
    shift 2
    "$smcdump" -n -i smcrx -q --json --stats "$@" > "$tmp/s.jsonl" 2> "$tmp/s.err" &
    local sp=$!
    tcpdump -n -i smcrx -w /dev/null 2> "$tmp/t.err" &
    local tp=$!
    wait_for "$tmp/t.err" "listening on"
    sleep 1 # smcdump prints nothing with -q; give it the same second
    tcpreplay -q --topspeed -i smctx "$file" > "$tmp/r.out" 2>&1
    sleep 2
    local scpu tcpu
    scpu=$(cpu $sp)
    tcpu=$(cpu $tp)
    kill -INT $sp $tp
    wait $sp $tp || true
    local pps sent shakes sdrop tdrop
    pps=$(sed -n 's/.* \([0-9.]*\) pps.*/\1/p' "$tmp/r.out" | head -1)
    sent=$(sed -n 's/.*Actual: \([0-9]*\) packets.*/\1/p' "$tmp/r.out" | head -1)
    shakes=$(grep -c '"event":"handshake"' "$tmp/s.jsonl" || true)
    sdrop=$(tail -1 "$tmp/s.jsonl" | python3 -c \
        'import json,sys; k=json.load(sys.stdin).get("kernel",{}); print(k.get("dropped",0)+k.get("ifdropped",0))')
    tdrop=$(sed -n 's/^\([0-9]*\) packets dropped by kernel/\1/p' "$tmp/t.err")
    local got
    got=$(tail -1 "$tmp/s.jsonl" | python3 -c \
        'import json,sys; print(json.load(sys.stdin)["counters"]["packets"])')
    printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s / %s |\n' "$label" "$sent" "$pps" \
        "$got" "$scpu" "$tcpu" "$sdrop" "$tdrop" "$shakes" "$want"
}

echo "| run | packets sent | pps | packets to smcdump | smcdump CPU s | tcpdump CPU s | smcdump drops | tcpdump drops | handshakes reported / in file |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
for f in "$mixed" "$bulkf"; do
    name=$(basename "$f" .pcap)
    want=$("$smcdump" -n -q --json -r "$f" | grep -c '"event":"handshake"')
    echo "$name: $want handshakes in the file" >&2
    run "$f" "$name, default filter"
    run "$f" "$name, --no-default-filter" --no-default-filter
done
echo
echo "Machine: $(nproc) CPUs, $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg);" \
    "$(tcpreplay --version 2>&1 | head -1); $(tcpdump --version 2>&1 | head -1)"
