#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# bench.truth: a small gen_mixed capture (mixed and concurrent mode) whose
# truth file must agree with smcdump and with captures/gen/realtruth.py, a
# decoder that shares no code with either. Guards the generator (its truth is
# what bench/run.sh checks smcdump against) and smcdump's counts; no timing.
#
# usage: truth_test.sh GEN_MIXED SMCDUMP
set -eu
gen=$1
smcdump=$2
here=$(cd "$(dirname "$0")" && pwd)
realtruth=$here/../captures/gen/realtruth.py
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

check() { # NAME GEN_ARGS...
    name=$1
    shift
    "$gen" -o "$tmp/$name.pcap" "$@" 2>"$tmp/gen.err" || { cat "$tmp/gen.err"; exit 1; }
    "$smcdump" -r "$tmp/$name.pcap" --json --stats >"$tmp/$name.jsonl"
    python3 "$here/check_truth.py" --quiet "$tmp/$name.pcap.truth.json" "$tmp/$name.jsonl" ||
        fail=1
    python3 "$realtruth" -o "$tmp/$name.decoded.json" "$tmp/$name.pcap"
    python3 "$here/check_truth.py" --quiet "$tmp/$name.pcap.truth.json" \
        "$tmp/$name.decoded.json" || fail=1
}

check mixed -p 20000 -c 1000 -s 250 --seed 7
check concurrent --concurrent 250 --seed 7
exit $fail
