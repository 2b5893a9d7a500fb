#!/bin/sh
# Retake docs/img/wireshark-smcclc.png: Wireshark (Qt) under Xvfb, as an
# unprivileged user so that WIRESHARK_PLUGIN_DIR is honoured, the Decline of
# a real fallback selected and the SMC-CLC tree expanded.
#   tests/plugin/screenshot.sh BUILD_DIR [OUT.png]
# Needs xvfb, wireshark-qt, xdotool and imagemagick. The clicks assume
# Wireshark 4.0's default fonts at 1400x900; look at the result.
set -eu
build=$(cd "$1" && pwd)
top=$(cd "$(dirname "$0")/../.." && pwd)
out=${2:-$top/docs/img/wireshark-smcclc.png}
work=$(mktemp -d)
chmod 777 "$work"
cp "$top/captures/real/k612-07-server-no-rdma-dev.pcap" "$work/"
chmod 644 "$work"/*.pcap
display=:77

Xvfb $display -screen 0 1400x900x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $ws $xvfb 2>/dev/null; rm -rf "$work"' EXIT
sleep 2
setpriv --reuid=65534 --regid=65534 --clear-groups env HOME="$work" XDG_RUNTIME_DIR="$work" \
    DISPLAY=$display WIRESHARK_PLUGIN_DIR="$build/plugin-dir" \
    wireshark -o gui.layout_content_3:NONE -r "$work/k612-07-server-no-rdma-dev.pcap" \
    -Y "smcclc || tcp.len > 0" >/dev/null 2>&1 &
ws=$!
sleep 10
export DISPLAY=$display
win=$(xdotool search --name k612 | head -1)
xdotool windowmove "$win" 0 0 windowsize "$win" 1400 900
sleep 2
# Splitter between packet list and details up (it sits at y 484 after the
# resize); go to the Decline (Ctrl+G 8), into the details pane, select the
# last top-level item (SMC-CLC) and expand it with all its subtrees.
xdotool mousemove 700 484 mousedown 1 sleep 0.3 mousemove 700 300 sleep 0.3 mousemove 700 218 \
    sleep 0.3 mouseup 1
sleep 1
xdotool mousemove 300 160 click 1
sleep 1
xdotool key ctrl+g
sleep 1
xdotool type 8
xdotool key Return
sleep 1
xdotool key Tab
sleep 1
xdotool key End
xdotool key shift+Right
sleep 2
import -window root "$out"
echo "wrote $out"
