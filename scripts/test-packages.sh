#!/usr/bin/env bash
# Builds the Debian packages (cpack -G DEB) for Debian 12 and 13 and installs
# each set with `apt-get install ./*.deb` into a fresh minimal chroot of its
# release, then checks as an unprivileged user what a user would do first:
# smcdump on PATH decodes a bundled capture, `man smcdump`, `smcdump
# --explain`, tshark lists and uses the plugin. Also: apt refuses the Debian
# 12 plugin on Debian 13 (another libwireshark ABI); the debconf answer "yes"
# gives smcdump its capture capabilities for the group smcdump; examples/
# builds against the installed libsmcclc-dev with pkg-config alone.
#
# Debian 12 packages are built on the host when it is Debian 12 (CI), else in
# a chroot; Debian 13 packages always in a Debian 13 chroot. Needs root and
# debootstrap (scripts/debian-chroot.sh).
#   usage: scripts/test-packages.sh [WORKDIR]   (default: build-packages)
#   SMCCLC_BUILD_CHROOT_trixie=DIR   build the Debian 13 packages in this
#       existing trixie chroot (its /build is replaced) instead of a new one
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-$top/build-packages}
chroot_sh=$top/scripts/debian-chroot.sh
jobs=$(nproc)
start=$(date +%s)
mkdir -p "$work"

# What building the packages needs (scripts/install-deps.sh has the same for
# the host); `file` and binutils are what CPack's dpkg-shlibdeps step uses.
build_deps=(build-essential cmake pkg-config file libpcap-dev libwireshark-dev wireshark-dev
    libglib2.0-dev)
# A user's system: man-db for `man`, tshark for the plugin; util-linux for setpriv.
user_pkgs=(man-db tshark util-linux)
# Only what the packages install.
targets=(smcdump smcclc smcclc_core smcclc_shared smcclc_man)

failed=0
build_chroot=
check() { # check DESCRIPTION COMMAND...: runs COMMAND, reports
    local what=$1
    shift
    if "$@"; then
        echo "test-packages: ok: $what"
    else
        echo "test-packages: FAILED: $what" >&2
        failed=1
    fi
}

configure_and_pack() { # SRC BUILD: the commands, for the host or a chroot
    cat <<EOF
set -e
cmake -S $1 -B $2 -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_INSTALL_PREFIX=/usr \
    -DSMCCLC_PLUGIN=ON -DBUILD_TESTING=OFF >/dev/null
cmake --build $2 -j $jobs --target ${targets[*]} >/dev/null
cd $2 && rm -f ./*.deb && cpack -G DEB >cpack.log 2>&1 || { cat cpack.log; exit 1; }
EOF
}

build_debs() { # SUITE OUTDIR
    local suite=$1 out=$2 host
    host=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
    rm -rf "$out"
    mkdir -p "$out"
    if [ "$host" = "$suite" ]; then
        sh -c "$(configure_and_pack "$top" "$work/build-$suite")"
        cp "$work/build-$suite"/*.deb "$out/"
    else
        local dir=$work/$suite-build reuse=SMCCLC_BUILD_CHROOT_$suite
        if [ -n "${!reuse:-}" ]; then
            # A chroot of this suite that another step made (the plugin's
            # Wireshark-version tests): only what it lacks is installed.
            dir=${!reuse}
            "$chroot_sh" run "$dir" env DEBIAN_FRONTEND=noninteractive \
                apt-get install -y -qq "${build_deps[@]}" >/dev/null
        else
            "$chroot_sh" make "$suite" "$dir" "${build_deps[@]}"
        fi
        "$chroot_sh" run --bind "$top:/src" "$dir" sh -c "$(configure_and_pack /src /build)"
        cp "$dir/build"/*.deb "$out/"
        build_chroot=$dir
    fi
    echo "test-packages: $suite packages: $(cd "$out" && echo *.deb)"
}

# as_user DIR COMMAND: COMMAND (a shell line) as uid/gid 65534 in chroot DIR
as_user() {
    "$chroot_sh" run --bind "$top/captures:/captures" "$1" \
        setpriv --reuid=65534 --regid=65534 --clear-groups \
        env HOME=/tmp LC_ALL=C.UTF-8 PATH=/usr/local/bin:/usr/bin:/bin sh -c "$2"
}

# user DIR NAME COMMAND: COMMAND's output (and a failing exit status) as the
# user into $work/NAME.out, for expect
user() {
    local rc=0
    as_user "$1" "$3" >"$work/$2.out" 2>&1 || rc=$?
    [ $rc -eq 0 ] || echo "exit status $rc" >>"$work/$2.out"
}

# expect NAME WHAT GREP-ARGS...: WHAT holds when $work/NAME.out matches
expect() {
    local name=$1 what=$2
    shift 2
    if grep -q "$@" "$work/$name.out"; then
        echo "test-packages: ok: $what"
    else
        echo "test-packages: FAILED: $what; the output was:" >&2
        sed 's/^/    /' "$work/$name.out" >&2
        failed=1
    fi
}

test_suite() { # SUITE DEBDIR
    local suite=$1 debs=$2
    local dir=$work/$suite-user
    mkdir -p "$dir/debs"
    cp "$debs"/*.deb "$dir/debs/"
    check "$suite: apt-get install ./*.deb" "$chroot_sh" run "$dir" sh -c \
        'cd /debs && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ./*.deb >/dev/null'

    # The verdict of a bundled capture, naming the installed guide.
    user "$dir" smcdump 'command -v smcdump &&
        TZ=UTC smcdump -n -r /captures/real/k612-07-server-no-rdma-dev.pcap | tail -1'
    expect smcdump "$suite: smcdump is on PATH" -x /usr/bin/smcdump
    expect smcdump "$suite: smcdump decodes a capture, the verdict names the installed guide" \
        '> 192.0.2.1.5107: fallback: NOSMCRDEV (0x03030002) after 2.2 ms: .*/usr/share/doc/smcclc/troubleshooting.md#NOSMCRDEV'
    check "$suite: the guide is installed" grep -q NOSMCRDEV \
        "$dir/usr/share/doc/smcclc/troubleshooting.md"

    # minbase has no dpkg path-exclude for man pages (Docker images do), so
    # man-db finds ours; MANWIDTH keeps the line unwrapped.
    user "$dir" man 'MANWIDTH=120 man smcdump'
    expect man "$suite: man smcdump" -E '^ +smcdump - '

    # --explain is checked when this tree's smcdump has it.
    if grep -qw explain "$top/smcdump/main.c"; then
        user "$dir" explain 'smcdump --explain NOSMCRDEV'
        expect explain "$suite: smcdump --explain NOSMCRDEV" 0x03030002
    else
        echo "test-packages: not checked: smcdump --explain (not in this tree's smcdump)"
    fi

    # tshark loads the plugin from its global folder and decodes with it.
    user "$dir" plugins 'tshark -G plugins'
    expect plugins "$suite: tshark lists the plugin" 'smcclc\.so'
    user "$dir" tshark 'tshark -r /captures/real/k612-07-server-no-rdma-dev.pcap \
        -Y smcclc.reason -T fields -e smcclc.reason'
    expect tshark "$suite: tshark decodes with the plugin" -x NOSMCRDEV
}

# test_dev DIR: in the build chroot DIR (it has a compiler), libsmcclc-dev and
# libsmcclc0 from their .debs, and examples/ built with pkg-config alone
test_dev() {
    local dir=$1
    "$chroot_sh" run --bind "$top:/src" "$dir" sh -c '
        cd /build && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
            ./libsmcclc0_*.deb ./libsmcclc-dev_*.deb >/dev/null 2>&1 &&
        cc -Wall -Wextra -Werror -o /tmp/clc-print /src/examples/clc-print.c \
            $(pkg-config --cflags --libs smcclc) &&
        v=/src/tests/vectors/clc &&
        cat $v/01_smcr_v1_proposal_ipv4_lo.bin $v/03_smcr_v1_confirm_ipv4_lo.bin \
            $v/04_smcr_v1_decline_ipv4_lo_nosmcdev.bin >/tmp/stream.bin &&
        /tmp/clc-print /tmp/stream.bin' >"$work/dev.out" 2>&1 || true
    check "libsmcclc-dev: examples/ built with pkg-config, output as expected" \
        diff -u "$top/tests/install/clc-print.expected" "$work/dev.out"
}

test_capture_group() { # DIR: the debconf "yes" path, on an installed chroot
    local dir=$1
    "$chroot_sh" run "$dir" sh -c 'echo "smcdump smcdump/capture-group boolean true" |
        debconf-set-selections && DEBIAN_FRONTEND=noninteractive dpkg-reconfigure smcdump'
    check "debconf yes: smcdump 0754 root:smcdump" test \
        "$(chroot "$dir" stat -c %a:%U:%G /usr/bin/smcdump)" = 754:root:smcdump
    check "debconf yes: capabilities set" sh -c "chroot '$dir' getcap /usr/bin/smcdump |
        grep -q 'cap_net_admin,cap_net_raw=eip'"
    # A member captures on lo until timeout stops it (124); others may not run
    # it. Through sh: setpriv itself may still hold root's DAC override when it
    # execs, so the test program must be started by an unprivileged process.
    local gid rc=0
    gid=$(chroot "$dir" getent group smcdump | cut -d: -f3)
    "$chroot_sh" run "$dir" setpriv --reuid=65534 --regid=65534 --groups="$gid" \
        sh -c 'timeout 3 smcdump -n -i lo' >/dev/null 2>"$work/member.err" || rc=$?
    check "debconf yes: a member of smcdump captures without root" test $rc -eq 124
    [ $rc -eq 124 ] || cat "$work/member.err" >&2
    check "debconf yes: others cannot run smcdump" sh -c "! '$chroot_sh' run '$dir' \
        setpriv --reuid=65534 --regid=65534 --clear-groups sh -c 'smcdump --version' 2>/dev/null"
}

phase() { # phase NAME COMMAND...: COMMAND, and how long it took
    local t=$(date +%s)
    "${@:2}"
    echo "test-packages: $1 took $(($(date +%s) - t)) s"
}
# The users' chroots are made while the packages build: downloading and
# unpacking overlap with compiling.
declare -A maker
for suite in bookworm trixie; do
    "$chroot_sh" make "$suite" "$work/$suite-user" "${user_pkgs[@]}" \
        >"$work/$suite-user.log" 2>&1 &
    maker[$suite]=$!
done
# A failure below must not leave a debootstrap running unseen.
trap wait EXIT
made() { # made SUITE: waits for its chroot
    wait "${maker[$1]}" || { cat "$work/$1-user.log" >&2; exit 1; }
}
phase "Debian 12 packages" build_debs bookworm "$work/debs-12"
phase "Debian 13 packages" build_debs trixie "$work/debs-13"
phase "waiting for the users' chroots" made bookworm
made trixie
phase "Debian 12 install and checks" test_suite bookworm "$work/debs-12"
phase "Debian 13 install and checks" test_suite trixie "$work/debs-13"
if [ -n "$build_chroot" ]; then
    test_dev "$build_chroot"
else
    echo "test-packages: not checked: libsmcclc-dev (no build chroot: the host built both sets)"
fi
test_capture_group "$work/bookworm-user"

# The plugin built for Wireshark 4.0 must not install on Debian 13's 4.4.
check "trixie: apt refuses the Debian 12 plugin" sh -c "! '$chroot_sh' run \
    --bind '$work/debs-12:/debs12' '$work/trixie-user' apt-get install -s -qq \
    /debs12/$(cd "$work/debs-12" && echo wireshark-plugin-smcclc_*.deb) >/dev/null 2>&1"

for d in "$work"/debs-12 "$work"/debs-13; do
    dpkg-deb -f "$d"/wireshark-plugin-smcclc_*.deb Depends | grep -o 'libwireshark[0-9]*' |
        sed "s|^|test-packages: $(basename "$d") plugin depends on |"
done
echo "test-packages: $(($(date +%s) - start)) s"
exit $failed
