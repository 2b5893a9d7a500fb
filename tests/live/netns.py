# SPDX-License-Identifier: BSD-2-Clause
"""Helpers for smcdump's live tests in a private network namespace.

The test process re-runs itself under `unshare --net`, so it gets a network
namespace of its own: its veth pair, its loopback and its ports are seen by
no one else, and everything disappears with the process. Packets are taken
from pcap files and written to one end of the veth pair with an AF_PACKET
socket; smcdump captures on the other end. Nothing leaves the namespace.
"""

import os
import socket
import struct
import subprocess
import sys
import time

SKIP = 77
VETH_TX, VETH_RX = "smctx", "smcrx"


def ensure_private_netns():
    """Root only; re-executes the caller inside a fresh network namespace."""
    if os.geteuid() != 0:
        print("%s: SKIP: needs root (network namespaces, packet sockets)"
              % os.path.basename(sys.argv[0]), file=sys.stderr)
        sys.exit(SKIP)
    if os.environ.get("SMCCLC_NETNS") == "1":
        return
    env = dict(os.environ, SMCCLC_NETNS="1")
    try:
        p = subprocess.run(["unshare", "--net", "--", sys.executable] + sys.argv, env=env)
    except FileNotFoundError:
        print("SKIP: unshare (util-linux) not installed", file=sys.stderr)
        sys.exit(SKIP)
    sys.exit(p.returncode)


def setup_veth():
    def ip(*args):
        subprocess.run(["ip"] + list(args), check=True)
    ip("link", "set", "lo", "up")
    ip("link", "add", "name", VETH_TX, "type", "veth", "peer", "name", VETH_RX)
    for dev in (VETH_TX, VETH_RX):
        # no IPv6 autoconfiguration chatter on the capture link
        with open("/proc/sys/net/ipv6/conf/%s/disable_ipv6" % dev, "w") as f:
            f.write("1")
        ip("link", "set", dev, "up")


def read_pcap(path):
    """The records of a classic pcap file: [(ts_seconds, bytes)]."""
    with open(path, "rb") as f:
        data = f.read()
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        e = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        e = ">"
    else:
        raise ValueError("%s: not a classic pcap file" % path)
    nsec = magic in (b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\x3c\x4d")
    off, out = 24, []
    while off + 16 <= len(data):
        sec, frac, caplen, _ = struct.unpack(e + "IIII", data[off:off + 16])
        out.append((sec + frac / (1e9 if nsec else 1e6), data[off + 16:off + 16 + caplen]))
        off += 16 + caplen
    return out


class Sender:
    """Writes Ethernet frames to the transmit end of the veth pair."""

    def __init__(self, dev=VETH_TX):
        self.s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
        self.s.bind((dev, 0))

    def send(self, frame):
        self.s.send(frame)

    def replay(self, records, keep_gaps=False):
        """Sends the frames in order; returns the monotonic time of the last one."""
        prev = None
        for ts, frame in records:
            if keep_gaps and prev is not None and ts > prev:
                time.sleep(min(ts - prev, 1.0))
            prev = ts
            self.send(frame)
        return time.monotonic()


def smcdump(binary, *args, **kw):
    """smcdump -i on the receive end, started; returns the Popen once it listens."""
    cmd = [binary, "-n", "-i", VETH_RX] + list(args)
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)
    line = p.stderr.readline().decode(errors="replace")
    if "listening on" not in line:
        p.kill()
        raise RuntimeError("smcdump did not start: %s%s" % (line, p.stderr.read().decode()))
    return p


class Lines:
    """Lines of a pipe as they come, without Python's read-ahead: select()
    on a buffered file would miss lines already read into its buffer."""

    def __init__(self, f):
        self.fd = f.fileno()
        self.buf = b""
        self.eof = False

    def get(self, timeout):
        """The next line within `timeout` seconds, else None."""
        import select
        end = time.monotonic() + timeout
        while b"\n" not in self.buf and not self.eof:
            left = end - time.monotonic()
            if left <= 0:
                return None
            r, _, _ = select.select([self.fd], [], [], left)
            if r:
                chunk = os.read(self.fd, 65536)
                self.eof = not chunk
                self.buf += chunk
        if b"\n" not in self.buf:
            return None
        line, self.buf = self.buf.split(b"\n", 1)
        return line.decode()


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port
