#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Live capture test of smcdump.

Replays the TCP payloads of a recorded SMC handshake (by default
captures/real/k612-07-server-no-rdma-dev.pcap: Proposal, server Decline v2
NOSMCRDEV, then application data) between two real sockets on 127.0.0.1,
while `smcdump -i lo --json` captures them, and checks that the live run
reports the same CLC messages and the same verdict as `smcdump -r` on the
recording.

Userspace cannot make the kernel put the SMC option on a plain TCP socket's
SYN (only AF_SMC / IPPROTO_SMC sockets get it, and those would run a real
handshake). So the connection is set up before smcdump starts: smcdump never
sees the SYN, finds the Proposal at a segment start, and takes the
mid-stream path. (Had it seen a SYN without the option, the CLC bytes would
rightly be application data.)

Exit status: 0 pass, 1 fail, 77 skipped (not root, or no permission to capture).
"""

import argparse
import json
import os
import select
import signal
import socket
import struct
import subprocess
import sys
import time

SKIP = 77


def fail(msg):
    print("live_replay: FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


def read_payloads(path):
    """TCP payloads of the first IPv4 connection in a classic little/big-endian
    Ethernet pcap, in capture order, as (from_client, bytes)."""
    with open(path, "rb") as f:
        data = f.read()
    magic = data[:4]
    if magic == b"\xd4\xc3\xb2\xa1":
        e = "<"
    elif magic == b"\xa1\xb2\xc3\xd4":
        e = ">"
    else:
        fail("%s: not a classic microsecond pcap" % path)
    linktype = struct.unpack(e + "I", data[20:24])[0]
    if linktype != 1:
        fail("%s: link type %d, want Ethernet" % (path, linktype))
    off, client, out, seen = 24, None, [], set()
    while off + 16 <= len(data):
        _, _, caplen, _ = struct.unpack(e + "IIII", data[off:off + 16])
        pkt = data[off + 16:off + 16 + caplen]
        off += 16 + caplen
        if len(pkt) < 14 + 20 or pkt[12:14] != b"\x08\x00" or pkt[23] != 6:
            continue
        ihl = (pkt[14] & 15) * 4
        tot = struct.unpack(">H", pkt[16:18])[0]
        t = 14 + ihl
        sport, dport, seq = struct.unpack(">HHI", pkt[t:t + 8])
        flags = pkt[t + 13]
        doff = (pkt[t + 12] >> 4) * 4
        src = (pkt[26:30], sport)
        if flags & 0x02 and not flags & 0x10 and client is None:
            client = src
        payload = pkt[t + doff:14 + tot]
        if payload and client is not None and (src, seq) not in seen:
            seen.add((src, seq))
            out.append((src == client, payload))
    if not out:
        fail("%s: no TCP payload found" % path)
    return out


def run_file(smcdump, capture):
    p = subprocess.run([smcdump, "-n", "--json", "-r", capture], capture_output=True, text=True)
    if p.returncode != 0:
        fail("smcdump -r %s: exit %d: %s" % (capture, p.returncode, p.stderr))
    return [json.loads(line) for line in p.stdout.splitlines() if line.strip()]


def summary(events):
    """What must agree between the file and the live run: addresses and
    times differ, the messages and the verdict do not."""
    msgs, verdicts = [], []
    for ev in events:
        if ev.get("event") == "clc":
            msgs.append((ev["type"], ev["length"], ev.get("diag_name"), ev.get("truncated")))
        elif ev.get("event") == "handshake":
            verdicts.append((ev["outcome"], ev.get("reason"), ev.get("reason_code"),
                             ev.get("smc_version")))
    return msgs, verdicts


def directions(events):
    """Per message, whether it went from the verdict's client to its server."""
    client = None
    for ev in events:
        if ev.get("event") == "handshake":
            client = ev["client"]
    return [ev["src"] == client for ev in events if ev.get("event") == "clc"]


def wait_listening(proc, timeout):
    """smcdump says 'listening on' on stderr once the capture is active."""
    end = time.time() + timeout
    text = ""
    while time.time() < end:
        r, _, _ = select.select([proc.stderr], [], [], 0.2)
        if r:
            line = proc.stderr.readline()
            if not line:
                break
            text += line
            if "listening on" in line:
                return True, text
        if proc.poll() is not None:
            break
    return False, text + (proc.stderr.read() or "")


def recv_exact(sock, n):
    buf = b""
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            fail("peer closed early")
        buf += chunk
    return buf


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--smcdump", required=True)
    ap.add_argument("--capture", required=True)
    args = ap.parse_args()

    if os.geteuid() != 0:
        print("live_replay: SKIP: live capture on lo needs root", file=sys.stderr)
        return SKIP

    want = run_file(args.smcdump, args.capture)
    payloads = read_payloads(args.capture)

    lsock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    lsock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    lsock.bind(("127.0.0.1", 0))
    lsock.listen(1)
    port = lsock.getsockname()[1]
    cli = socket.create_connection(("127.0.0.1", port))
    srv, _ = lsock.accept()
    for s in (cli, srv):
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    # The connection exists before the capture starts: smcdump sees no SYN.
    proc = subprocess.Popen([args.smcdump, "-i", "lo", "-n", "--json", "tcp port %d" % port],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    ok, err = wait_listening(proc, 10)
    if not ok:
        proc.kill()
        if proc.wait() == 2 and ("CAP_NET_RAW" in err or "ermission" in err):
            print("live_replay: SKIP: no permission to capture: " + err.strip(), file=sys.stderr)
            return SKIP
        fail("smcdump did not start capturing: " + err)
    time.sleep(0.3)

    # One send per recorded segment; the peer reads it all before the next,
    # so every CLC message starts a segment, as in the recording.
    for from_client, data in payloads:
        a, b = (cli, srv) if from_client else (srv, cli)
        a.sendall(data)
        recv_exact(b, len(data))
    cli.close()
    srv.close()
    lsock.close()

    time.sleep(1.0)
    proc.send_signal(signal.SIGINT)
    try:
        out, err2 = proc.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        fail("smcdump did not stop on SIGINT")
    if proc.returncode != 0:
        fail("smcdump -i lo: exit %d: %s" % (proc.returncode, err + err2))
    got = [json.loads(line) for line in out.splitlines() if line.strip()]

    want_msgs, want_verdicts = summary(want)
    got_msgs, got_verdicts = summary(got)
    if got_msgs != want_msgs:
        fail("messages differ:\n  file: %s\n  live: %s" % (want_msgs, got_msgs))
    if got_verdicts != want_verdicts:
        fail("verdicts differ:\n  file: %s\n  live: %s" % (want_verdicts, got_verdicts))
    if directions(got) != directions(want):
        fail("message directions differ: file %s, live %s" % (directions(want), directions(got)))
    if not want_verdicts:
        fail("the recording gave no verdict; nothing was compared")
    print("live_replay: ok: %d messages, verdict %s" % (len(got_msgs), got_verdicts[0]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
