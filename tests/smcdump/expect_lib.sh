# Sourced by cli_test.sh and options_test.sh: the failure count and the
# check of one smcdump run's exit status and first stderr line. The caller
# sets $bin (smcdump) and $tmp (a scratch folder).
fails=0

fail() {
    echo "FAIL: $*"
    fails=$((fails + 1))
}

# expect STATUS FIRST-STDERR-LINE -- ARGS...: exit status and the first line on stderr
expect() {
    want_rc=$1
    want_err=$2
    shift 3
    "$bin" "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    got_err=$(head -n 1 "$tmp/err")
    [ "$rc" = "$want_rc" ] || fail "smcdump $*: exit $rc, want $want_rc"
    [ "$got_err" = "$want_err" ] || fail "smcdump $*: stderr '$got_err', want '$want_err'"
}
