#!/usr/bin/env bash
# bench/run.sh: how fast is smcdump compared with libpcap itself?
#
# usage: bench/run.sh [SIZE] [--size SIZE] [--concurrent N] [--runs N] [--seed N] [--no-check]
#                     [--callgrind] [--baseline SMCDUMP]
#
#   SIZE            1G (default), 4G, any NG, or NM for quick runs (100M, 300M):
#                   N x 10 M packets, N x 400 000 TCP connections, N x 2 000 SMC
#                   handshakes (about 1.1 GB per G, ~110 B per record).
#                   4G is the flat-memory check: smcdump's peak RSS must not
#                   grow with the file.
#   --concurrent N  N SMC connections whose SYNs all come first, then their CLC
#                   exchanges, then their closes (state-scale check; 1000000
#                   gives ~14 M packets, ~1.5 GB).
#   --runs N        timed runs per tool (default 3; medians are reported).
#   --callgrind     also count instructions per packet with valgrind's callgrind
#                   on the 1-million-packet file (mixed-100M, generated when
#                   missing) for the bare loops and smcdump: a measure the
#                   machine's load does not move.
#   --baseline SMCDUMP  also time (and with --callgrind, count) another
#                   smcdump binary, e.g. one built from main, in the same
#                   interleaved runs: a before/after comparison that the
#                   machine's load hits alike.
#   --no-check      skip the correctness check: after the timing, smcdump runs
#                   once more as `smcdump -r FILE --json --stats` into
#                   bench/data/NAME.smcdump.jsonl and bench/check_truth.py
#                   compares it with the truth (exit status 1 on a difference).
#
# Files live in bench/data/ (gitignored) and are generated when missing, with
# FILE.truth.json beside them. Each tool reads the same file: one warm-up read
# first (cat > /dev/null) so it is in the page cache, then --runs timed runs
# under /usr/bin/time -v, interleaved (run 1 of every tool, then run 2, ...). Rows: the bare libpcap loop (bench/pcap_count), the
# same with the 1 MiB stdio buffer smcdump uses (pcap_count --bigbuf),
# `tcpdump -r FILE -w /dev/null`, and `smcdump -r FILE --json > /dev/null`.
# Ratios are to the first row; the line under the table also gives smcdump's
# ratios to the --bigbuf row (like for like: the buffer is not decoding).
# Output: Markdown on stdout (progress on stderr), with the 1-minute load
# average before and after the timing.
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
size=1G conc=0 runs=3 seed=1 check=1 cg=0 baseline=

die() { echo "run.sh: $*" >&2; exit 2; }
say() { echo "run.sh: $*" >&2; }

while [ $# -gt 0 ]; do
    case $1 in
    --size) size=${2:?--size needs a value}; shift 2 ;;
    --concurrent) conc=${2:?--concurrent needs a count}; shift 2 ;;
    --runs) runs=${2:?--runs needs a count}; shift 2 ;;
    --seed) seed=${2:?--seed needs a value}; shift 2 ;;
    --no-check) check=0; shift ;;
    --callgrind) cg=1; shift ;;
    --baseline) baseline=${2:?--baseline needs a smcdump binary}; shift 2 ;;
    -h|--help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    [0-9]*) size=$1; shift ;;
    *) die "unknown argument: $1 (try --help)" ;;
    esac
done
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "--runs must be a positive number"
[ -x /usr/bin/time ] || die "/usr/bin/time missing: apt-get install time"
[ "$cg" = 0 ] || command -v valgrind >/dev/null || die "--callgrind needs valgrind"
[ -z "$baseline" ] || [ -x "$baseline" ] || die "--baseline: $baseline is not an executable"
command -v tcpdump >/dev/null || die "tcpdump missing"

# --- tools: the CMake build if there is one, else compile into bench/data/bin
mkdir -p "$data"
# one command from a fresh checkout: configure and build a Release tree when there is none
if [ -z "${SMCDUMP:-}" ] && [ ! -x "$smcdump" ]; then
    command -v cmake >/dev/null || die "$smcdump missing and no cmake to build it"
    say "building smcdump, pcap_count and gen_mixed in $build (Release)"
    { cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release &&
        cmake --build "$build" -j "$(nproc)" --target smcdump pcap_count gen_mixed; } >&2 ||
        die "the build failed"
fi
btype=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$build/CMakeCache.txt" 2>/dev/null || true)
case ${btype:-none} in
Release|RelWithDebInfo) ;;
*) say "warning: $build is a '${btype:-no build type}' build: timings of an unoptimised smcdump mean little" ;;
esac
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
# generate FILE ARGS...: (re)write FILE and its truth when missing or older than the generator
generate() {
    local f=$1
    shift
    if [ ! -s "$f" ] || [ ! -s "$f.truth.json" ] || [ "$gen" -nt "$f.truth.json" ]; then
        say "generating $f ($*)"
        "$gen" -o "$f" "$@" >&2
    fi
}
generate "$file" "${genargs[@]}"
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
labels=()
declare -A names cmds med_wall med_cpu failed
# reader LABEL NAME CMD...: a row of the table
reader() {
    local label=$1 name=$2
    shift 2
    labels+=("$label")
    names[$label]=$name
    cmds[$label]=$(printf '%q ' "$@")
    : >"$tmp/$label"
}
load() { cut -d' ' -f1 /proc/loadavg; }

reader bare "bare libpcap loop (pcap_next_ex)" "$bare" "$file"
reader bigbuf "bare loop, 1 MiB stdio buffer (--bigbuf)" "$bare" --bigbuf "$file"
reader tcpdump "tcpdump -r FILE -w /dev/null" tcpdump -r "$file" -w /dev/null
smc_note=
if [ -x "$smcdump" ]; then
    reader smcdump "smcdump -r FILE --json" "$smcdump" -r "$file" --json
else
    smc_note="smcdump: skipped, $smcdump does not exist yet (build it, or set SMCDUMP=...)"
    say "$smc_note"
fi
[ -z "$baseline" ] || reader baseline "baseline smcdump -r FILE --json" "$baseline" -r "$file" --json

say "sync, then warm-up read of $file ($bytes bytes)"
sync
cat "$file" >/dev/null

# Interleaved: run i of every reader before run i+1 of any, so that the load
# of a shared machine changing half-way hits every reader alike.
load0=$(load)
for ((i = 1; i <= runs; i++)); do
    say "run $i of $runs"
    for label in "${labels[@]}"; do
        [ -z "${failed[$label]:-}" ] || continue
        eval "run_one $label ${cmds[$label]}" || failed[$label]=1
    done
done
load1=$(load)
[ -z "${failed[bare]:-}" ] || die "the bare loop failed"

# medians of wall and of CPU time, each on its own; peak RSS over all runs
for label in "${labels[@]}"; do
    [ -z "${failed[$label]:-}" ] || continue
    read -r "med_wall[$label]" < <(cut -d' ' -f1 "$tmp/$label" | sort -n |
        awk -v n="$runs" '{ v[NR] = $1 } END { print v[int((n + 1) / 2)] }')
    read -r "med_cpu[$label]" < <(cut -d' ' -f2 "$tmp/$label" | sort -n |
        awk -v n="$runs" '{ v[NR] = $1 } END { print v[int((n + 1) / 2)] }')
done
for label in "${labels[@]}"; do
    if [ -n "${failed[$label]:-}" ]; then
        rows+=("| ${names[$label]} | failed | | | | | | | |")
        continue
    fi
    rows+=("$(sort -n "$tmp/$label" | awk -v name="${names[$label]}" -v pk="$packets" \
        -v by="$bytes" -v wall="${med_wall[$label]}" -v cpu="${med_cpu[$label]}" \
        -v base="${med_wall[bare]}" -v cbase="${med_cpu[bare]}" '
        { w[NR] = $1; if ($3 > rss) rss = $3 }
        END {
            cratio = cbase > 0 ? sprintf("%.2fx", cpu / cbase) : "n/a"
            printf "| %s | %.3f | %.3f-%.3f | %.2f | %.2f | %.0f | %.1f | %.2fx | %s |", name,
                   wall, w[1], w[NR], cpu, pk / wall / 1e6, by / wall / 1e6, rss / 1024,
                   wall / base, cratio
        }')")
done
[ -z "$smc_note" ] || rows+=("| smcdump -r FILE --json | skipped: not built | | | | | | | |")

# --- report
echo "### $(basename "$file")"
echo
echo "$packets packets, $bytes bytes; $(nproc) CPU(s), $(lscpu | sed -n 's/^Model name: *//p' | head -1);" \
     "$runs interleaved run(s) after a warm-up read; medians of wall and of CPU (user+sys) time;" \
     "peak RSS is the maximum over the runs; 1-minute load average $load0 before, $load1 after;" \
     "$build: ${btype:-unknown} build."
echo
echo "| reader | wall s | wall range s | CPU s | Mpackets/s | MB/s | peak RSS MiB | wall vs bare | CPU vs bare |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
[ -z "$smc_note" ] || { echo; echo "$smc_note"; }
if [ -n "${med_wall[smcdump]:-}" ] && [ -n "${med_wall[bigbuf]:-}" ]; then
    echo
    awk -v w="${med_wall[smcdump]}" -v c="${med_cpu[smcdump]}" -v bw="${med_wall[bigbuf]}" \
        -v bc="${med_cpu[bigbuf]}" 'BEGIN {
        printf "smcdump vs the bare loop with the same 1 MiB buffer: wall %.2fx, CPU %.2fx.\n",
               w / bw, (bc > 0 ? c / bc : 0) }'
fi
if [ -n "${med_wall[smcdump]:-}" ] && [ -n "${med_wall[baseline]:-}" ]; then
    awk -v w="${med_wall[smcdump]}" -v c="${med_cpu[smcdump]}" -v bw="${med_wall[baseline]}" \
        -v bc="${med_cpu[baseline]}" 'BEGIN {
        printf "smcdump vs the baseline smcdump: wall %.2fx, CPU %.2fx.\n",
               w / bw, (bc > 0 ? c / bc : 0) }'
fi

# --- instructions per packet (callgrind), on the 1-million-packet file
if [ "$cg" = 1 ]; then
    cgfile=$data/mixed-100M-s$seed.pcap
    generate "$cgfile" -p 1000000 -c 40000 -s 200 --seed "$seed"
    cgpk=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["packets"])' \
        "$cgfile.truth.json")
    # cg_ir CMD...: instructions the whole process executed (libpcap and libc included)
    cg_ir() {
        valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
            sed -n 's/.*Collected : *//p'
    }
    say "callgrind on $(basename "$cgfile")"
    ir_bare=$(cg_ir "$bare" "$cgfile")
    ir_big=$(cg_ir "$bare" --bigbuf "$cgfile")
    ir_smc= ir_base=
    [ -x "$smcdump" ] && ir_smc=$(cg_ir "$smcdump" -r "$cgfile" --json)
    [ -z "$baseline" ] || ir_base=$(cg_ir "$baseline" -r "$cgfile" --json)
    echo
    echo "Instructions per packet (callgrind, $(basename "$cgfile"), $cgpk packets):"
    echo
    echo "| reader | instructions/packet | vs bare |"
    echo "|---|---:|---:|"
    awk -v pk="$cgpk" -v b="$ir_bare" -v g="$ir_big" -v s="$ir_smc" -v o="$ir_base" 'BEGIN {
        printf "| bare libpcap loop (pcap_next_ex) | %.0f | 1.00x |\n", b / pk
        printf "| bare loop, 1 MiB stdio buffer | %.0f | %.2fx |\n", g / pk, g / b
        if (s != "") printf "| smcdump -r FILE --json | %.1f | %.2fx (%.2fx vs --bigbuf) |\n",
                            s / pk, s / b, s / g
        if (o != "") printf "| baseline smcdump -r FILE --json | %.1f | %.2fx (%.2fx vs --bigbuf) |\n",
                            o / pk, o / b, o / g }'
fi

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
