#!/usr/bin/env bash
# Minimal Debian chroots for the checks that need another Debian release than
# the host's: the plugin built against the Wireshark of Debian 13 and sid, and
# the .deb packages installed on a clean system. Needs root and debootstrap.
#
# usage:
#   debian-chroot.sh make SUITE DIR [PACKAGE...]
#       DIR becomes a fresh minbase SUITE (bookworm, trixie, sid, ...) with
#       PACKAGEs installed (no recommends). Outside CI the result is cached as
#       a tarball keyed by suite and package list, so a second local run takes
#       seconds; with CI=true it is always built anew from the archive, so a
#       test can never pass on a stale cache.
#   debian-chroot.sh run [--bind HOSTDIR:GUESTDIR]... DIR COMMAND...
#       runs COMMAND in DIR with /proc mounted (tshark needs it; /dev is the
#       chroot's own)
#       and each HOSTDIR bind-mounted at GUESTDIR. The mounts live in a
#       private mount namespace, so they vanish with the command, even when it
#       is killed.
#
# Environment:
#   SMCCLC_CHROOT_CACHE   cache folder (default /var/cache/smcclc-chroots)
#   SMCCLC_DEBIAN_MIRROR  archive (default http://deb.debian.org/debian)
set -euo pipefail

cache=${SMCCLC_CHROOT_CACHE:-/var/cache/smcclc-chroots}
mirror=${SMCCLC_DEBIAN_MIRROR:-http://deb.debian.org/debian}

die() {
    echo "debian-chroot.sh: $*" >&2
    exit 2
}

# sid's Release file may be older than its Valid-Until when the mirror lags;
# the chroot is a throw-away test system, so apt is told to accept it.
configure_apt() {
    local dir=$1
    cat >"$dir/etc/apt/apt.conf.d/90smcclc" <<'EOF'
Acquire::Check-Valid-Until "false";
APT::Install-Recommends "false";
DPkg::Lock::Timeout "600";
EOF
    # Packages must not start services inside the chroot.
    printf '#!/bin/sh\nexit 101\n' >"$dir/usr/sbin/policy-rc.d"
    chmod 755 "$dir/usr/sbin/policy-rc.d"
    cp /etc/resolv.conf "$dir/etc/resolv.conf" 2>/dev/null || true
}

install_packages() {
    local dir=$1
    shift
    [ $# -gt 0 ] || return 0
    chroot "$dir" env DEBIAN_FRONTEND=noninteractive apt-get update -qq ||
        chroot "$dir" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    # tshark asks whether non-root users may capture; the answer does not
    # matter to the tests, only that nobody is asked.
    echo "wireshark-common wireshark-common/install-setuid boolean false" |
        chroot "$dir" debconf-set-selections
    chroot "$dir" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq "$@" >/dev/null ||
        chroot "$dir" env DEBIAN_FRONTEND=noninteractive \
            apt-get install -y -qq --fix-missing "$@" >/dev/null
    chroot "$dir" apt-get clean
}

make_chroot() {
    [ $# -ge 2 ] || die "make needs SUITE and DIR"
    local suite=$1 dir=$2
    shift 2
    command -v debootstrap >/dev/null || die "debootstrap is not installed"
    [ "$(id -u)" -eq 0 ] || die "must run as root"

    local key tarball
    key=$(printf '%s\n' "$suite" "$@" | sort | sha256sum | cut -c1-16)
    tarball="$cache/$suite-$key.tar"

    rm -rf "$dir"
    mkdir -p "$dir"
    if [ "${CI:-}" != true ] && [ -s "$tarball" ]; then
        tar -C "$dir" -xf "$tarball"
        configure_apt "$dir"
        echo "debian-chroot.sh: $dir from cache $tarball"
        return 0
    fi

    # A mirror sometimes drops one download ("Couldn't download libtinfo6");
    # a second and third try from scratch is cheaper than a failed CI run.
    local try
    for try in 1 2 3; do
        if debootstrap --variant=minbase "$suite" "$dir" "$mirror" >"$dir.debootstrap.log" 2>&1; then
            break
        fi
        tail -5 "$dir.debootstrap.log" >&2
        [ "$try" -lt 3 ] || die "debootstrap $suite failed three times"
        echo "debian-chroot.sh: debootstrap $suite failed (try $try), trying again" >&2
        rm -rf "$dir"
        mkdir -p "$dir"
        sleep 5
    done
    rm -f "$dir.debootstrap.log"
    configure_apt "$dir"
    install_packages "$dir" "$@"

    if [ "${CI:-}" != true ]; then
        mkdir -p "$cache"
        tar -C "$dir" -cf "$tarball.part" . && mv "$tarball.part" "$tarball"
    fi
    echo "debian-chroot.sh: $dir is a fresh $suite"
}

run_in_chroot() {
    local binds=()
    while [ $# -gt 0 ] && [ "$1" = --bind ]; do
        binds+=("$2")
        shift 2
    done
    [ $# -ge 2 ] || die "run needs DIR and COMMAND"
    local dir=$1
    shift
    [ -d "$dir/etc" ] || die "$dir is not a chroot (make it first)"

    # The chroot keeps the device nodes debootstrap made: binding the host's
    # /dev would let a package script in the chroot replace the host's
    # /dev/null (seen here: it became a plain file, and apt-key then failed).
    local setup="mount -t proc proc '$dir/proc'"
    local b host guest
    for b in "${binds[@]}"; do
        host=${b%%:*}
        guest=${b#*:}
        mkdir -p "$dir$guest"
        setup="$setup && mount --bind '$host' '$dir$guest'"
    done
    unshare --mount --propagation private -- \
        sh -c "$setup && exec chroot \"\$0\" \"\$@\"" "$dir" "$@"
}

[ $# -ge 1 ] || die "usage: debian-chroot.sh make SUITE DIR [PACKAGE...] | run [--bind H:G]... DIR COMMAND..."
cmd=$1
shift
case $cmd in
make) make_chroot "$@" ;;
run) run_in_chroot "$@" ;;
*) die "unknown command $cmd" ;;
esac
