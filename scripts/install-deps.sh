#!/usr/bin/env bash
# Installs what building and testing smcclc needs on Debian 12 (bookworm).
# Needs root (or sudo). Safe to run again: apt-get skips what is installed.
set -euo pipefail

packages=(
    build-essential cmake pkg-config
    libpcap-dev tcpdump
    libwireshark-dev wireshark-dev tshark libglib2.0-dev
    libcmocka-dev zip unzip
    clang-14 libclang-rt-14-dev
    gcovr
    python3 python3-jsonschema
    util-linux iproute2
    debootstrap file
    tcpreplay prometheus-node-exporter python3-prometheus-client
)

sudo=""
if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
fi

# tshark's postinst asks whether non-root users may capture; answer it up front.
echo "wireshark-common wireshark-common/install-setuid boolean false" | $sudo debconf-set-selections

# Another apt run (unattended-upgrades on a fresh machine) may hold the locks:
# wait for it, up to 10 minutes, instead of failing at once. apt-get install
# waits for the dpkg lock itself (DPkg::Lock::Timeout); apt-get update does not
# for the lists lock (apt 2.6 fails at once), so it is retried.
apt=(apt-get -o DPkg::Lock::Timeout=600)
export DEBIAN_FRONTEND=noninteractive
err=$(mktemp)
trap 'rm -f "$err"' EXIT
for try in $(seq 60); do
    if $sudo "${apt[@]}" update -qq 2>"$err"; then
        break
    fi
    if ! grep -q "Could not get lock" "$err" || [ "$try" -eq 60 ]; then
        cat "$err" >&2
        exit 1
    fi
    [ "$try" -gt 1 ] || echo "install-deps.sh: another apt run holds the lock; waiting" >&2
    sleep 10
done
cat "$err" >&2
$sudo "${apt[@]}" install -y -qq --no-install-recommends "${packages[@]}"
