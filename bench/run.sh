#!/usr/bin/env bash
# bench/run.sh: how fast is smcdump compared with libpcap itself?
#
# usage: bench/run.sh [SIZE] [--size SIZE] [--concurrent N] [--runs N] [--seed N] [--no-check]
#
#   SIZE            1G (default), 4G, any NG, or NM for quick runs (100M, 300M):
#                   N x 10 M packets, N x 400 000 TCP connections, N x 2 000 SMC
#                   handshakes (about 1.1 GB per G, ~110 B per record).
#                   4G is the flat-memory check: smcdump's peak RSS must not
#                   grow with the file.
#   --concurrent N  N SMC connections whose SYNs all come first, then their CLC
#                   exchanges, then their closes (state-scale check; 1000000
#                   gives ~14 M packets, ~1.5 GB).
#   --runs N        timed runs per tool (default 3; the median is reported).
#   --no-check      skip the correctness check: after the timing, smcdump runs
#                   once more as `smcdump -r FILE --json --stats` into
#                   bench/data/NAME.smcdump.jsonl and bench/check_truth.py
#                   compares it with the truth (exit status 1 on a difference).
#
# Files live in bench/data/ (gitignored) and are generated when missing, with
# FILE.truth.json beside them. Each tool reads the same file: one warm-up read
# first (cat > /dev/null) so it is in the page cache, then --runs timed runs
# under /usr/bin/time -v. Rows: the bare libpcap loop (bench/pcap_count),
# `tcpdump -r FILE -w /dev/null`, and `smcdump -r FILE --json > /dev/null`.
# Output: a Markdown table on stdout (progress on stderr).
#
# Needs: bash 5, /usr/bin/time (Debian/Ubuntu package "time": apt-get install
# time), tcpdump, python3, libpcap-dev and a C compiler (or a CMake build).
# Environment: SMCDUMP (default build/smcdump/smcdump), BUILD_DIR (default
# build), BENCH_DATA (default bench/data).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
data=${BENCH_DATA:-$root/bench/data}
build=${BUILD_DIR:-$root/build}
smcdump=${SMCDUMP:-$build/smcdump/smcdump}
size=1G conc=0 runs=3 seed=1 check=1

die() { echo "run.sh: $*" >&2; exit 2; }
say() { echo "run.sh: $*" >&2; }

while [ $# -gt 0 ]; do
    case $1 in
    --size) size=${2:?--size needs a value}; shift 2 ;;
    --concurrent) conc=${2:?--concurrent needs a count}; shift 2 ;;
    --runs) runs=${2:?--runs needs a count}; shift 2 ;;
    --seed) seed=${2:?--seed needs a value}; shift 2 ;;
    --no-check) check=0; shift ;;
    -h|--help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    [0-9]*) size=$1; shift ;;
    *) die "unknown argument: $1 (try --help)" ;;
    esac
done
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "--runs must be a positive number"
[ -x /usr/bin/time ] || die "/usr/bin/time missing: apt-get install time"
command -v tcpdump >/dev/null || die "tcpdump missing"

# --- tools: the CMake build if there is one, else compile into bench/data/bin
mkdir -p "$data"
tool() {
    local name=$1 src=$here/$1.c
    if [ -x "$build/bench/$name" ] && [ "$build/bench/$name" -nt "$src" ]; then
        echo "$build/bench/$name"
        return
    fi
    local out=$data/bin/$name
    if [ ! -x "$out" ] || [ "$src" -nt "$out" ]; then
        mkdir -p "$data/bin"
        say "compiling $name"
        local libs=()
        [ "$name" = pcap_count ] && libs=(-lpcap)
        ${CC:-cc} -std=c11 -O2 -Wall -Wextra -Werror -o "$out" "$src" "${libs[@]}"
    fi
    echo "$out"
}
gen=$(tool gen_mixed)
bare=$(tool pcap_count)

# --- the capture
if [ "$conc" != 0 ]; then
    [[ $conc =~ ^[0-9]+$ ]] || die "--concurrent needs a number"
    file=$data/concurrent-$conc-s$seed.pcap
    genargs=(--concurrent "$conc" --seed "$seed")
else
    if [[ $size =~ ^([0-9]+)[Gg]$ ]]; then
        scale=$((BASH_REMATCH[1] * 1000))
    elif [[ $size =~ ^([0-9]+)[Mm]$ ]]; then
        scale=${BASH_REMATCH[1]}
    else
        die "size must look like 1G, 4G or 300M"
    fi
    [ "$scale" -gt 0 ] || die "size must be positive"
    size=${size^^}
    file=$data/mixed-$size-s$seed.pcap
    # per 1 MB of target: 10 000 packets, 400 connections, 2 SMC handshakes
    smc=$((scale * 2))
    [ "$smc" -gt 0 ] || smc=1
    genargs=(-p $((scale * 10000)) -c $((scale * 400)) -s "$smc" --seed "$seed")
fi
truth=$file.truth.json
if [ ! -s "$file" ] || [ ! -s "$truth" ] || [ "$gen" -nt "$truth" ]; then
    say "generating $file (${genargs[*]})"
    "$gen" -o "$file" "${genargs[@]}" >&2
fi
packets=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["packets"])' "$truth")
bytes=$(stat -c %s "$file")

# --- timing
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# run_one LABEL CMD...: one timed run; appends "wall_s cpu_s rss_kb" to $tmp/LABEL
run_one() {
    local label=$1
    shift
    local t0 t1 rc=0
    t0=$EPOCHREALTIME
    /usr/bin/time -v -o "$tmp/time.txt" "$@" >"$tmp/out.txt" 2>"$tmp/err.txt" || rc=$?
    t1=$EPOCHREALTIME
    if [ "$rc" -ne 0 ]; then
        say "$label failed (exit $rc):"
        tail -5 "$tmp/err.txt" >&2
        return 1
    fi
    awk -v t0="$t0" -v t1="$t1" '
        /User time/ { u = $NF } /System time/ { s = $NF }
        /Maximum resident set size/ { r = $NF }
        END { printf "%.4f %.2f %d\n", t1 - t0, u + s, r }' "$tmp/time.txt" >>"$tmp/$label"
}

rows=()
measure() {
    local label=$1 name=$2
    shift 2
    : >"$tmp/$label"
    say "$name: $runs run(s)"
    for ((i = 0; i < runs; i++)); do
        run_one "$label" "$@" || { rows+=("| $name | failed | | | | | | | |"); return 1; }
    done
    rows+=("$(sort -n "$tmp/$label" | awk -v n="$runs" -v name="$name" -v pk="$packets" \
        -v by="$bytes" -v base="${base_wall:-0}" -v cbase="${base_cpu:-0}" '
        { w[NR] = $1; c[NR] = $2; if ($3 > rss) rss = $3 }
        END {
            m = int((n + 1) / 2); wall = w[m]
            ratio = base > 0 ? sprintf("%.2fx", wall / base) : "1.00x"
            cratio = cbase > 0 ? sprintf("%.2fx", c[m] / cbase) : "1.00x"
            printf "| %s | %.3f | %.3f-%.3f | %.2f | %.2f | %.0f | %.1f | %s | %s |", name, wall,
                   w[1], w[n], c[m], pk / wall / 1e6, by / wall / 1e6, rss / 1024, ratio, cratio
        }')")
    if [ -z "${base_wall:-}" ]; then
        read -r base_wall base_cpu < <(sort -n "$tmp/$label" | awk -v n="$runs" \
            '{ w[NR] = $1; c[NR] = $2 } END { m = int((n + 1) / 2); print w[m], c[m] }')
    fi
}

say "sync, then warm-up read of $file ($bytes bytes)"
sync
cat "$file" >/dev/null

base_wall= base_cpu=
measure bare "bare libpcap loop (pcap_next_ex)" "$bare" "$file" || die "the bare loop failed"
measure tcpdump "tcpdump -r FILE -w /dev/null" tcpdump -r "$file" -w /dev/null || true
smc_note=
if [ -x "$smcdump" ]; then
    measure smcdump "smcdump -r FILE --json" "$smcdump" -r "$file" --json || true
else
    smc_note="smcdump: skipped, $smcdump does not exist yet (build it, or set SMCDUMP=...)"
    rows+=("| smcdump -r FILE --json | skipped: not built | | | | | | | |")
    say "$smc_note"
fi

# --- report
echo "### $(basename "$file")"
echo
echo "$packets packets, $bytes bytes; $(nproc) CPU(s), $(lscpu | sed -n 's/^Model name: *//p' | head -1);" \
     "median of $runs run(s) after a warm-up read (CPU s: user+sys of the median run);" \
     "peak RSS is the maximum over the runs."
echo
echo "| reader | wall s | wall range s | CPU s | Mpackets/s | MB/s | peak RSS MiB | wall vs bare | CPU vs bare |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
[ -z "$smc_note" ] || { echo; echo "$smc_note"; }

# --- correctness of the smcdump run against the truth file
status=0
if [ "$check" = 1 ] && [ -x "$smcdump" ]; then
    jsonl=$data/$(basename "$file" .pcap).smcdump.jsonl
    say "checking smcdump against $truth"
    if "$smcdump" -r "$file" --json --stats >"$jsonl" 2>"$tmp/err.txt"; then
        echo
        python3 "$here/check_truth.py" "$truth" "$jsonl" || status=1
    else
        say "smcdump failed:"; tail -5 "$tmp/err.txt" >&2; status=1
    fi
fi
exit $status
