#!/usr/bin/env bash
# The whole test suite, as CI runs it: installs dependencies, then builds and
# runs every CTest test twice (plain, and under ASan+UBSan), builds every
# build type with gcc and clang-14, builds and checks the Debian packages in
# Debian 12 and 13 chroots, then a short fuzzing smoke run of every fuzz target,
# then the Wireshark plugin suite against the Wireshark of Debian 13 (4.4) and
# sid (4.6) in chroots.
#   SMCCLC_SKIP_INSTALL=1   do not run apt-get (dependencies already there)
#   SMCCLC_FUZZ_SECONDS=N   seconds per fuzz target in the smoke run (default 10)
#   SMCCLC_WIRESHARK_SUITES="trixie sid"  Debian releases of the plugin matrix
#                           (empty: host Wireshark only)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
jobs=$(nproc)

# As root, the plugin tests run tshark as uid 65534 (Wireshark ignores the
# plugin folder of a privileged user): that user must reach the checkout and
# what is built in it, even when it was cloned into a private folder such as
# one made by mktemp -d (mode 0700). Only search permission is added to the
# folders above it.
if [ "$(id -u)" = 0 ]; then
    chmod -R a+rX "$top"
    d=$(dirname "$top")
    while [ "$d" != / ]; do
        chmod o+x "$d"
        d=$(dirname "$d")
    done
    umask 022
fi

if [ "${SMCCLC_SKIP_INSTALL:-0}" != 1 ]; then
    scripts/install-deps.sh
fi

# The Wireshark matrix's chroots cost network time, not CPU: they are made in
# the background while the host builds and tests, and waited for below.
suites=${SMCCLC_WIRESHARK_SUITES-trixie sid}
mkdir -p build-logs
declare -A prepare_pid
for suite in $suites; do
    scripts/test-wireshark.sh "$suite" --prepare >"build-logs/chroot-$suite.log" 2>&1 &
    prepare_pid[$suite]=$!
done
wait_chroot() { # SUITE: waits for its chroot; shows the log if it failed
    if ! wait "${prepare_pid[$1]}"; then
        cat "build-logs/chroot-$1.log" >&2
        echo "test.sh: the $1 chroot could not be made" >&2
        exit 1
    fi
    cat "build-logs/chroot-$1.log"
}

echo "== build and test (RelWithDebInfo)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j "$jobs"
ctest --test-dir build --output-on-failure -j "$jobs"

echo "== every build type, gcc and clang-14 (build only)"
scripts/build-types.sh "$top/build-types"

echo "== build and test under AddressSanitizer + UndefinedBehaviorSanitizer"
# tshark is not instrumented, so the plugin is tested in the plain build only.
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DSMCCLC_SANITIZE=ON -DSMCCLC_PLUGIN=OFF
cmake --build build-asan -j "$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --test-dir build-asan --output-on-failure -j "$jobs"

echo "== coverage of core and smcdump (gcc --coverage), held to its floor"
# The floor is what docs/testing.md reports, minus a little: a test that
# stops reaching its code fails CI here, not in a later measurement.
scripts/coverage.sh --fail-under smcdump:95:85 --fail-under core:98:95 -E clusterfuzzlite

echo "== Debian packages: built for Debian 12 and 13, installed and checked in fresh chroots"
if [ -n "${prepare_pid[trixie]:-}" ]; then
    wait_chroot trixie
    SMCCLC_BUILD_CHROOT_trixie=/var/tmp/smcclc-ws-trixie scripts/test-packages.sh "$top/build-packages"
else
    scripts/test-packages.sh "$top/build-packages"
fi

if [ -x scripts/fuzz.sh ]; then
    echo "== fuzzing smoke run"
    scripts/fuzz.sh "${SMCCLC_FUZZ_SECONDS:-10}"
fi

# The host is Debian 12 (Wireshark 4.0); the other releases people run get
# their own chroot, made fresh in CI (CI=true), each building the plugin with
# -Werror and running the whole plugin suite against that release's tshark.
for suite in $suites; do
    echo "== Wireshark plugin against Debian $suite"
    [ "$suite" = trixie ] || wait_chroot "$suite"
    scripts/test-wireshark.sh "$suite" --prepared
done
