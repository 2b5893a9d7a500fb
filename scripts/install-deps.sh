#!/usr/bin/env bash
# Installs what building and testing smcclc needs on Debian 12 (bookworm).
# Needs root (or sudo). Safe to run again: apt-get skips what is installed.
set -euo pipefail

packages=(
    build-essential cmake pkg-config
    libpcap-dev tcpdump
    libwireshark-dev wireshark-dev tshark libglib2.0-dev
    libcmocka-dev
    clang-14 libclang-rt-14-dev
    gcovr
    python3 python3-jsonschema
    util-linux iproute2
)

sudo=""
if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
fi

# tshark's postinst asks whether non-root users may capture; answer it up front.
echo "wireshark-common wireshark-common/install-setuid boolean false" | $sudo debconf-set-selections

export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${packages[@]}"
