#!/usr/bin/env bash
# One leg of the Wireshark matrix: builds the plugin (with -Werror, as
# everywhere) against the Wireshark of a Debian release inside a minbase
# chroot, checks that its tshark loads it, and runs the whole plugin suite
# there (tests/plugin, tshark as uid 65534).
#
# usage: scripts/test-wireshark.sh SUITE [--prepare | --prepared]
#   SUITE       trixie: 4.4, sid: 4.6, ...
#   --prepare   only make the chroot (scripts/test.sh does this in the
#               background while the host builds: it waits on the network,
#               not the CPU)
#   --prepared  the chroot was made by --prepare: go straight to the tests
#
# Needs root and debootstrap (scripts/debian-chroot.sh). Outside CI the
# chroot comes from a cached tarball; with CI=true it is made fresh.
# Only what the plugin tests need is built: the core, smcdump (the
# smcdump comparison) and the plugin (-DSMCCLC_TEST_SUITES=plugin).
#   SMCCLC_CHROOT_DIR  where the chroot goes (default /var/tmp/smcclc-ws-SUITE)
#   SMCCLC_JOBS        parallel builds and tests (default: nproc)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
suite=${1:?usage: test-wireshark.sh SUITE [--prepare | --prepared]}
mode=${2:-all}
dir=${SMCCLC_CHROOT_DIR:-/var/tmp/smcclc-ws-$suite}
jobs=${SMCCLC_JOBS:-$(nproc)}
# What the plugin and its tests need, plus dpkg-dev and file, so that
# scripts/test-packages.sh can build the .deb packages in the same chroot
# (SMCCLC_BUILD_CHROOT_trixie) instead of making a second one.
packages=(gcc libc6-dev make cmake pkg-config libwireshark-dev wireshark-dev tshark
    libglib2.0-dev libpcap-dev python3 dpkg-dev file)

start=$(date +%s)
case $mode in
all | --prepare) "$top/scripts/debian-chroot.sh" make "$suite" "$dir" "${packages[@]}" ;;
--prepared) [ -x "$dir/usr/bin/tshark" ] || { echo "test-wireshark.sh: $dir was not prepared" >&2; exit 2; } ;;
*) echo "test-wireshark.sh: unknown mode $mode" >&2; exit 2 ;;
esac
made=$(date +%s)
if [ "$mode" = --prepare ]; then
    echo "test-wireshark.sh $suite: chroot made in $((made - start)) s"
    exit 0
fi

# The tree is bind-mounted read-only; the build stays inside the chroot, and
# is world-readable: tshark runs as uid 65534 and loads the plugin from it.
inner='set -eu
cd /tmp
rm -rf /tmp/smcclc-build
umask 022
cmake -S /src -B /tmp/smcclc-build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSMCCLC_PLUGIN=ON \
    -DSMCCLC_TEST_SUITES=plugin -DSMCCLC_BENCH=OFF >/tmp/smcclc-configure.log ||
    { cat /tmp/smcclc-configure.log; exit 1; }
grep "smcclc plugin" /tmp/smcclc-configure.log
cmake --build /tmp/smcclc-build -j "$1" -- --no-print-directory >/tmp/smcclc-make.log 2>&1 ||
    { cat /tmp/smcclc-make.log; exit 1; }
tshark --version | head -1
# The plugin must load into this tshark, whatever the tests say.
setpriv --reuid=65534 --regid=65534 --clear-groups env HOME=/tmp \
    WIRESHARK_PLUGIN_DIR=/tmp/smcclc-build/plugin-dir tshark -G plugins | grep -w smcclc.so ||
    { echo "tshark -G plugins does not list smcclc.so"; exit 1; }
ctest --test-dir /tmp/smcclc-build --output-on-failure -j "$1"'

mkdir -p "$dir/src"
"$top/scripts/debian-chroot.sh" run --bind "$top:/src" "$dir" sh -c "$inner" sh "$jobs"
end=$(date +%s)
echo "test-wireshark.sh $suite: passed; chroot $((made - start)) s, build and tests $((end - made)) s"
