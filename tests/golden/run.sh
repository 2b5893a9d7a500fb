#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# Golden tests of smcdump, in the manner of tcpdump's TESTrun: every line of
# TESTLIST names a capture, an expected-output file and smcdump options. The
# capture is read with `TZ=UTC smcdump -n -r CAPTURE OPTIONS` from the top of
# the checkout and its standard output is compared with the expected file;
# standard error and a non-zero exit status are compared with EXPECTED.err
# (absent: nothing on stderr, exit 0). JSON outputs are also validated against
# docs/smcdump.schema.json, and compared with NAME.truth.json when the
# capture has one.
#
# The expected files name the guide by its place in the checkout,
# docs/troubleshooting.md, whatever path the build prints (the installed one,
# CMake's SMCCLC_GUIDE): --guide PATH maps PATH back to it before comparing,
# so the outputs do not depend on the install prefix. tests/install checks
# the path itself.
#
# usage: run.sh [--smcdump BIN] [--tabledump BIN] [--guide PATH] [--update] [NAME...]
#   --update  write the outputs as the new expected files (read them before
#             you commit them: they are the regression net, not a snapshot)
#   NAME      run only these tests (default: all)
#
# Environment: SMCDUMP, TABLEDUMP as defaults for the two options.

set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
smcdump=${SMCDUMP:-$root/build/smcdump/smcdump}
tabledump=${TABLEDUMP:-$root/build/tests/golden/tabledump}
update=0
guide=docs/troubleshooting.md

while [ $# -gt 0 ]; do
    case $1 in
    --smcdump) smcdump=$2; shift 2 ;;
    --tabledump) tabledump=$2; shift 2 ;;
    --guide) guide=$2; shift 2 ;;
    --update) update=1; shift ;;
    -h|--help) sed -n '3,26p' "$0"; exit 0 ;;
    --) shift; break ;;
    -*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
    *) break ;;
    esac
done

if [ ! -x "$smcdump" ]; then
    echo "run.sh: no smcdump at $smcdump (use --smcdump or SMCDUMP)" >&2
    exit 2
fi

# The Python that has jsonschema: the Debian package installs it for /usr/bin/python3,
# which need not be the first python3 on PATH.
py=
for p in python3 /usr/bin/python3; do
    if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import jsonschema' 2>/dev/null; then
        py=$p
        break
    fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/smcdump-golden.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM

passed=0
failed=0
ran=0

# selected NAME: whether NAME was asked for (or nothing was)
selected() {
    [ -z "$want" ] && return 0
    for w in $want; do
        [ "$w" = "$1" ] && return 0
    done
    return 1
}

run_one() {
    name=$1 capture=$2 expected=$3
    shift 3
    out=$tmp/$name.out
    err=$tmp/$name.err
    # -n and TZ=UTC make the output independent of the machine, as in tcpdump's TESTrun.
    (cd "$root" && TZ=UTC "$smcdump" -n -r "$capture" "$@") >"$out" 2>"$err"
    rc=$?
    if [ "$guide" != docs/troubleshooting.md ]; then
        # a literal replacement (index, not a regular expression): a path may hold any character
        awk -v g="$guide#" -v r="docs/troubleshooting.md#" '{
            s = ""
            while ((i = index($0, g)) > 0) { s = s substr($0, 1, i - 1) r; $0 = substr($0, i + length(g)) }
            print s $0
        }' "$out" >"$out.g" && mv "$out.g" "$out"
    fi
    if [ $rc -ne 0 ]; then
        echo "exit status $rc" >>"$err"
    fi

    if [ $update -eq 1 ]; then
        mkdir -p "$(dirname "$here/$expected")"
        cp "$out" "$here/$expected"
        if [ -s "$err" ]; then
            cp "$err" "$here/$expected.err"
        else
            rm -f "$here/$expected.err"
        fi
        echo "$name: updated $expected"
    fi

    ok=1
    if ! diff -u "$here/$expected" "$out" >"$tmp/$name.diff" 2>&1; then
        ok=0
        cat "$tmp/$name.diff"
    fi
    if [ -f "$here/$expected.err" ]; then
        experr=$here/$expected.err
    else
        # An empty file of our own: /dev/null is not always a device in containers.
        experr=$tmp/empty
        : >"$experr"
    fi
    if ! diff -u "$experr" "$err" >"$tmp/$name.errdiff" 2>&1; then
        ok=0
        echo "$name: standard error or exit status differs:"
        cat "$tmp/$name.errdiff"
    fi

    case " $* " in
    *" --json "*)
        if [ -z "$py" ]; then
            echo "$name: python3-jsonschema is missing, cannot validate (apt-get install python3-jsonschema)"
            ok=0
        elif ! "$py" "$here/validate.py" "$root/docs/smcdump.schema.json" "$out"; then
            echo "$name: output does not match docs/smcdump.schema.json"
            ok=0
        fi
        truth=$root/${capture%.*}.truth.json
        case " $* " in
        # -q has no clc records to compare.
        *" -q "*) truth=/nonexistent ;;
        esac
        if [ -f "$truth" ]; then
            if [ ! -x "$tabledump" ]; then
                echo "$name: no tabledump at $tabledump, cannot compare with $truth"
                ok=0
            elif ! "${py:-python3}" "$here/truth.py" --tabledump "$tabledump" "$truth" "$out"; then
                echo "$name: output disagrees with ${capture%.*}.truth.json"
                ok=0
            fi
        fi
        ;;
    esac

    ran=$((ran + 1))
    if [ $ok -eq 1 ]; then
        passed=$((passed + 1))
        echo "$name: passed"
    else
        failed=$((failed + 1))
        echo "$name: FAILED"
    fi
}

want="$*"
while read -r name capture expected opts; do
    case $name in
    ''|'#'*) continue ;;
    esac
    selected "$name" || continue
    # shellcheck disable=SC2086 # options are words, as in tcpdump's TESTLIST
    run_one "$name" "$capture" "$expected" $opts
done <"$here/TESTLIST"

if [ $ran -eq 0 ]; then
    echo "run.sh: no test matched: $want" >&2
    exit 2
fi
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
