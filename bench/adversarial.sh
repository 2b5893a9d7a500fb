#!/usr/bin/env bash
# bench/adversarial.sh: does a flood of colliding connections cost more than random ones?
#
# usage: bench/adversarial.sh [--count N] [--runs N] [--baseline SMCDUMP]
#
#   --count N     connections per file (default 1000000: one IPv6 SYN with the
#                 SMC option each, all open at once, as many as the default
#                 --max-flows)
#   --runs N      timed runs per file (default 3; the median is reported)
#   --baseline B  also time another smcdump binary on the same files (for
#                 example one built from before the keyed hash; use a small
#                 --count then: its crafted run grows with the square of it)
#
# Two files of the same size and timing (bench/gen_adversarial.py): "crafted",
# whose client addresses all had one flow hash under the unkeyed hash smcdump
# used before issue 13, and "random". Each is read once into the page cache,
# then `smcdump -n -r FILE > /dev/null` runs --runs times per file,
# interleaved. Prints a Markdown table with the medians and the ratio
# crafted / random; the goal is under 2.
#
# Environment: SMCDUMP (default build/smcdump/smcdump), BENCH_DATA (default bench/data).
set -euo pipefail

count=1000000
runs=3
baseline=
while [ $# -gt 0 ]; do
    case "$1" in
    --count) count=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --baseline) baseline=$2; shift 2 ;;
    *) echo "usage: $0 [--count N] [--runs N] [--baseline SMCDUMP]" >&2; exit 1 ;;
    esac
done
here=$(cd "$(dirname "$0")" && pwd)
smcdump=${SMCDUMP:-$here/../build/smcdump/smcdump}
data=${BENCH_DATA:-$here/data}
mkdir -p "$data"
[ -x "$smcdump" ] || { echo "$0: $smcdump not built" >&2; exit 1; }

for kind in crafted random; do
    f=$data/adversarial-$count-$kind.pcap
    if [ ! -s "$f" ]; then
        echo "generating $f" >&2
        python3 "$here/gen_adversarial.py" --count "$count" --kind "$kind" "$f.tmp"
        mv "$f.tmp" "$f"
    fi
    cat "$f" > /dev/null
done

# seconds of one run, wall clock
one() {
    local t0 t1
    t0=$(date +%s.%N)
    "$1" -n -r "$2" > /dev/null
    t1=$(date +%s.%N)
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", b - a }'
}

median() {
    sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

tools=("$smcdump")
[ -n "$baseline" ] && tools+=("$baseline")
declare -A times
for ((r = 1; r <= runs; r++)); do
    for t in "${tools[@]}"; do
        for kind in crafted random; do
            echo "run $r: $t $kind" >&2
            times[$t,$kind]+="$(one "$t" "$data/adversarial-$count-$kind.pcap") "
        done
    done
done

echo "| smcdump | connections | crafted (s) | random (s) | crafted / random |"
echo "|---|---:|---:|---:|---:|"
for t in "${tools[@]}"; do
    c=$(echo "${times[$t,crafted]}" | tr ' ' '\n' | grep . | median)
    r=$(echo "${times[$t,random]}" | tr ' ' '\n' | grep . | median)
    printf '| %s | %s | %.2f | %.2f | %.2f |\n' "$t" "$count" "$c" "$r" \
        "$(awk -v c="$c" -v r="$r" 'BEGIN { print c / r }')"
done
echo
echo "load average (1 min) after: $(cut -d' ' -f1 /proc/loadavg)"
