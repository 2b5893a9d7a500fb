#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""smcdump -i as it runs on a real host, in a private network namespace.

Each test (--test NAME) gets a namespace of its own with a veth pair; frames
from the bundled captures are written to one end with a packet socket and
`smcdump -i` captures the other end. The addresses in the frames never leave
the namespace. Tests that need real TCP connections use the namespace's own
loopback.

  pipe      a verdict reaches a pipe within a second of its packet
  stall     a stalled handshake on an idle link is reported after the idle
            timeout, with the time it was waited for as its duration
  wfile     -w is a readable capture while smcdump runs, and after kill -9
  rotate    -C/-W make a ring of files, -G/-W stop after the last file
  filter    the default kernel filter passes a split Proposal and drops bulk
            data; --no-default-filter lets the bulk through
  all       --all reports a plain TCP connection (no SMC option)
  metrics   node_exporter's textfile collector serves --metrics, live and -r
  user      not root: -Z switches user once the capture is open (with -B and
            --immediate-mode), and a user with only CAP_NET_RAW and
            CAP_NET_ADMIN (as contrib/smcdump.service sets them) captures;
            -D lists the veth pair
  errors    what a live start that fails says, exactly: a missing capability,
            an interface that does not exist or is down, -Z without the right
            to switch;
            and -c, -p, -s, a filter and --stats on a live run (the kernel's
            counts)

Exit status: 0 pass, 1 fail, 77 skipped (not root).
"""

import argparse
import glob
import json
import os
import re
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import netns  # noqa: E402

ARGS = None


def fail(msg):
    print("live_host %s: FAIL: %s" % (ARGS.test, msg), file=sys.stderr)
    sys.exit(1)


def check(cond, msg):
    if not cond:
        fail(msg)


def capture(name):
    return os.path.join(ARGS.captures, name)


def records(name):
    return netns.read_pcap(capture(name))


def tcp_frames(recs):
    """Only the IPv4 TCP frames of Ethernet records (no ARP, no IPv6 chatter)."""
    return [(t, f) for t, f in recs if len(f) > 34 and f[12:14] == b"\x08\x00" and f[23] == 6]


def with_client_port(recs, old, new):
    """The records with TCP port `old` changed to `new` (checksums are not
    checked by smcdump or the packet tap)."""
    out = []
    for t, f in recs:
        f = bytearray(f)
        l4 = 14 + (f[14] & 15) * 4
        for at in (l4, l4 + 2):
            if struct.unpack(">H", f[at:at + 2])[0] == old:
                f[at:at + 2] = struct.pack(">H", new)
        out.append((t, bytes(f)))
    return out


def run_file(*args):
    p = subprocess.run([ARGS.smcdump, "-n"] + list(args), capture_output=True, text=True)
    return p


def json_lines(text):
    return [json.loads(x) for x in text.splitlines() if x.strip()]


def stop(p, sig=signal.SIGTERM, timeout=5):
    p.send_signal(sig)
    out, err = p.communicate(timeout=timeout)
    return out.decode(), err.decode()


# ---- tests ----

def test_pipe():
    """Text to a pipe: the verdict line within 1 s of the Decline's frame."""
    recs = tcp_frames(records("real/k612-07-server-no-rdma-dev.pcap"))
    p = netns.smcdump(ARGS.smcdump)
    lines = netns.Lines(p.stdout)
    tx = netns.Sender()
    # up to and including the Decline (the 4th payload-carrying frame)
    decline = next(i for i, (_, f) in enumerate(recs) if b"\xe2\xd4\xc3\xd9\x04" in f)
    tx.replay(recs[:decline])
    time.sleep(0.6)  # the earlier lines are out; the clock starts with the Decline
    got = []
    while True:
        line = lines.get(0.1)
        if line is None:
            break
        got.append(line)
    t0 = time.monotonic()
    tx.send(recs[decline][1])
    verdict = None
    while time.monotonic() - t0 < 1.0:
        line = lines.get(1.0 - (time.monotonic() - t0))
        if line is None:
            break
        got.append(line)
        if "fallback: NOSMCRDEV" in line:
            verdict = time.monotonic() - t0
            break
    stop(p)
    check(verdict is not None, "no verdict within 1 s; lines so far: %r" % got)
    check(any("SMC-R Proposal v2" in x for x in got), "no Proposal line: %r" % got)
    print("verdict %.3f s after its packet" % verdict)


def test_stall():
    """SYN, SYN-ACK and Proposal, then nothing: incomplete after --idle-timeout."""
    recs = tcp_frames(records("real/k612-01-smcr-v2-ipv4.pcap"))
    p = netns.smcdump(ARGS.smcdump, "--json", "--idle-timeout", "2")
    lines = netns.Lines(p.stdout)
    tx = netns.Sender()
    t_first = time.monotonic()
    tx.replay(recs[:4])  # SYN, SYN-ACK, ACK, Proposal
    t_last = time.monotonic()
    events = []
    verdict_at = None
    while time.monotonic() - t_last < 4.0:
        line = lines.get(4.0 - (time.monotonic() - t_last))
        if line is None:
            break
        events.append(json.loads(line))
        if events[-1]["event"] == "handshake":
            verdict_at = time.monotonic() - t_last
            break
    stop(p)
    check([e["event"] for e in events] == ["clc", "handshake"], "events: %r" % events)
    v = events[1]
    check(v["outcome"] == "incomplete" and v["situation"] == "INCOMPLETE", "verdict: %r" % v)
    check(2.0 <= verdict_at < 3.3, "reported %.3f s after the last packet, want 2 to 3.3 s"
          % verdict_at)
    # waited from the SYN to the timeout: the packets' own span plus 2 s
    span = t_last - t_first
    check(2.0e6 <= v["duration_us"] <= 2.0e6 + span * 1e6 + 5e4,
          "duration_us %d, want 2 s plus the %.6f s the packets took" % (v["duration_us"], span))
    print("incomplete after %.3f s, duration_us %d" % (verdict_at, v["duration_us"]))


def test_wfile():
    """-w: readable while smcdump runs, and after kill -9."""
    recs = tcp_frames(records("real/k612-07-server-no-rdma-dev.pcap"))
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "smc.pcap")
        p = netns.smcdump(ARGS.smcdump, "-w", out)
        check(os.path.getsize(out) == 24, "the pcap header is not written at once")
        netns.Sender().replay(recs)
        time.sleep(0.6)
        check(p.poll() is None, "smcdump ended early")
        live = run_file("-r", out)
        check(live.returncode == 0, "reading -w while capturing: exit %d: %s"
              % (live.returncode, live.stderr))
        check("fallback: NOSMCRDEV" in live.stdout, "-w file so far: %r" % live.stdout)
        n_live = len(netns.read_pcap(out))
        p.kill()  # SIGKILL: no chance to flush anything
        p.wait()
        after = run_file("-r", out)
        check(after.returncode == 0, "after kill -9: exit %d: %s" % (after.returncode,
                                                                    after.stderr))
        check(len(netns.read_pcap(out)) == n_live, "records changed after kill -9")
        check(n_live >= 4, "only %d records in -w" % n_live)
        print("%d records readable during the capture and after kill -9" % n_live)


def test_rotate():
    """-C 1k -W 3: a ring of three files; -G 1 -W 2: two files, then exit 0."""
    base = tcp_frames(records("real/k612-07-server-no-rdma-dev.pcap"))
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "ring")
        p = netns.smcdump(ARGS.smcdump, "-w", out, "-C", "1k", "-W", "3")
        tx = netns.Sender()
        # six handshakes on different client ports, about 800 bytes each in -w
        for i in range(6):
            tx.replay(with_client_port(base, 57778, 41000 + i))
        time.sleep(0.6)
        stop(p)
        names = sorted(os.path.basename(x) for x in glob.glob(out + "*"))
        check(names == ["ring0", "ring1", "ring2"], "files: %r" % names)
        for n in names:
            r = run_file("-r", os.path.join(d, n))
            check(r.returncode == 0 and os.path.getsize(os.path.join(d, n)) > 24,
                  "%s: exit %d, %d bytes" % (n, r.returncode, os.path.getsize(os.path.join(d, n))))
            check(os.path.getsize(os.path.join(d, n)) <= 1024 + 1600,
                  "%s: %d bytes, rotation at 1 KiB" % (n, os.path.getsize(os.path.join(d, n))))

        timed = os.path.join(d, "t-%s.pcap")
        t0 = time.monotonic()
        p = netns.smcdump(ARGS.smcdump, "-w", timed, "-G", "1", "-W", "2")
        try:
            rc = p.wait(timeout=5)
        except subprocess.TimeoutExpired:
            p.kill()
            fail("-G 1 -W 2 did not exit after two files")
        took = time.monotonic() - t0
        made = sorted(glob.glob(os.path.join(d, "t-*.pcap")))
        check(rc == 0, "-G -W exit status %d" % rc)
        check(len(made) == 2, "-G files: %r" % made)
        check(1.9 <= took < 4.5, "-G 1 -W 2 took %.2f s" % took)
        print("ring %r; -G made %d files in %.2f s" % (names, len(made), took))


def wanted(f):
    """What the default filter should pass of an untagged IPv4 TCP frame."""
    l4 = 14 + (f[14] & 15) * 4
    payload = struct.unpack(">H", f[16:18])[0] - (l4 - 14) - (f[l4 + 12] >> 4) * 4
    return bool(f[l4 + 13] & 0x07) or 0 < payload < 1024 or f[l4 + (f[l4 + 12] >> 4) * 4:][:1] == b"\xe2"


def count_packets(extra, frames):
    p = netns.smcdump(ARGS.smcdump, "--json", "--stats", *extra)
    netns.Sender().replay(frames)
    time.sleep(0.6)
    out, err = stop(p)
    ev = json_lines(out)
    return [e for e in ev if e["event"] == "handshake"], ev[-1]


def test_filter():
    """The split Proposal passes the default filter; bulk data does not."""
    split = tcp_frames(records("built/split-proposal.pcap"))
    want = json_lines(run_file("--json", "-r", capture("built/split-proposal.pcap")).stdout)
    want = [(e["outcome"], e.get("reason")) for e in want if e["event"] == "handshake"]
    # bulk: 200 full-size segments of another connection, and 100 bare ACKs
    hdr = bytearray(split[0][1][:54])
    bulk = []
    for i in range(300):
        f = bytearray(hdr)
        payload = b"" if i >= 200 else bytes([0x41]) * 1400
        struct.pack_into(">H", f, 16, 40 + len(payload))
        struct.pack_into(">HH", f, 34, 33333, 80)
        f[46] = 0x50
        f[47] = 0x10  # ACK only
        bulk.append((0, bytes(f[:54]) + payload))
    frames = split[:3] + bulk + split[3:]
    got, stats = count_packets([], frames)
    check([(e["outcome"], e.get("reason")) for e in got] == want,
          "verdicts %r, want %r" % (got, want))
    n_split = stats["counters"]["packets"]
    n_want = sum(1 for _, f in split if wanted(f))
    check(n_split == n_want, "smcdump saw %d packets, want the %d of the split capture with "
          "SYN, FIN, RST or payload, and no bulk" % (n_split, n_want))
    check(stats["kernel"]["received"] == n_split, "kernel stats %r" % stats["kernel"])
    got2, stats2 = count_packets(["--no-default-filter"], frames)
    check([(e["outcome"], e.get("reason")) for e in got2] == want, "unfiltered verdicts")
    check(stats2["counters"]["packets"] >= len(frames),
          "without the filter smcdump saw %d of %d" % (stats2["counters"]["packets"],
                                                       len(frames)))
    print("default filter: %d packets reached smcdump, without it %d"
          % (n_split, stats2["counters"]["packets"]))


def test_all():
    """--all on lo: a real TCP connection, whose SYN has no SMC option."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)
    port = srv.getsockname()[1]
    p = subprocess.Popen([ARGS.smcdump, "-n", "-i", "lo", "--all", "--json"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    check("listening on" in p.stderr.readline().decode(), "smcdump -i lo did not start")
    lines = netns.Lines(p.stdout)
    cli = socket.create_connection(("127.0.0.1", port))
    cport = cli.getsockname()[1]
    t0 = time.monotonic()
    conn, _ = srv.accept()
    cli.sendall(b"hello")
    conn.recv(5)
    line = lines.get(1.0)
    took = time.monotonic() - t0
    cli.close()
    conn.close()
    srv.close()
    extra = lines.get(0.3)
    stop(p)
    check(line is not None, "no record within 1 s")
    v = json.loads(line)
    check(v["event"] == "handshake" and v["outcome"] == "no-option", "record %r" % v)
    check(v["situation"] == "NO_OPTION" and v["guide"].endswith("troubleshooting.md#NO_OPTION"),
          "record %r" % v)
    check(v["server"] == "127.0.0.1:%d" % port and v["client"] == "127.0.0.1:%d" % cport,
          "record %r" % v)
    check(extra is None, "more than one record for one connection: %r" % extra)
    print("no-option reported %.3f s after connect" % took)


def scrape(port, timeout=8.0):
    end = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen("http://127.0.0.1:%d/metrics" % port, timeout=2) as r:
                return r.read().decode()
        except OSError:
            if time.monotonic() > end:
                raise
            time.sleep(0.1)


def metric(text, name, labels=None):
    """The value of one sample; node_exporter sorts labels, so match them as a set."""
    for line in text.splitlines():
        m = re.match(r"^([a-z_]+)(\{([^}]*)\})? (\S+)$", line)
        if not m or m.group(1) != name:
            continue
        have = dict(re.findall(r'(\w+)="([^"]*)"', m.group(3) or ""))
        if labels is None or all(have.get(k) == v for k, v in labels.items()):
            return float(m.group(4))
    return None


def node_exporter(textdir):
    port = netns.free_port()
    ne = subprocess.Popen([ARGS.node_exporter, "--web.listen-address=127.0.0.1:%d" % port,
                           "--collector.disable-defaults", "--collector.textfile",
                           "--collector.textfile.directory=" + textdir],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return ne, port


def test_metrics():
    """--metrics live (every second) and with -r (once), scraped from node_exporter."""
    with tempfile.TemporaryDirectory() as d:
        os.chmod(d, 0o755)
        prom = os.path.join(d, "smcclc.prom")
        ne, port = node_exporter(d)
        try:
            p = netns.smcdump(ARGS.smcdump, "--metrics", prom, "--metrics-interval", "1")
            tx = netns.Sender()
            names = ["real/k612-07-server-no-rdma-dev.pcap", "real/k612-01-smcr-v2-ipv4.pcap"]
            for n in names:
                tx.replay(tcp_frames(records(n)))
            # what the same packets give from the files
            want = [json_lines(run_file("-q", "--json", "-r", capture(n)).stdout)[-1]
                    for n in names]
            n_smcr = sum(w["outcomes"]["smc-r"] for w in want)
            end = time.monotonic() + 6
            text = ""
            while time.monotonic() < end:
                text = scrape(port)
                if metric(text, "smcclc_handshakes_total", {"outcome": "smc-r"}) == n_smcr:
                    break
                time.sleep(0.3)
            stop(p)
            for outcome in ("smc-r", "smc-d", "incomplete", "no-option"):
                check(metric(text, "smcclc_handshakes_total", {"outcome": outcome, "reason": ""})
                      == sum(w["outcomes"][outcome] for w in want), outcome + ":\n" + text)
            check(metric(text, "smcclc_handshakes_total",
                         {"outcome": "fallback", "reason": "NOSMCRDEV"}) == 1, text)
            for t in ("proposal", "accept", "confirm", "decline"):
                check(metric(text, "smcclc_clc_messages_total", {"type": t})
                      == sum(w["messages"][t] for w in want), t + ":\n" + text)
            check(metric(text, "smcclc_handshake_duration_seconds_count")
                  == sum(w["duration_us"]["count"] for w in want), text)
            check(metric(text, "smcclc_packets_dropped_total") == 0, text)
            check(metric(text, "smcclc_flows_evicted_total") == 0, text)
            check(metric(text, "node_textfile_scrape_error") == 0, "textfile collector error")

            # -r: written once at the end, the same numbers as --stats
            cap = capture("real/k61-00-host-filterdump-all.pcap")
            r = run_file("-q", "--json", "--all", "--metrics", prom, "-r", cap)
            check(r.returncode == 0, "smcdump -r --metrics: %s" % r.stderr)
            stats = json_lines(r.stdout)[-1]
            time.sleep(0.1)
            text = scrape(port)
            for outcome, n in stats["outcomes"].items():
                if outcome == "fallback":
                    continue
                check(metric(text, "smcclc_handshakes_total", {"outcome": outcome}) == n,
                      "%s: %r" % (outcome, metric(text, "smcclc_handshakes_total",
                                                  {"outcome": outcome})))
            for reason in stats["reasons"]:
                check(metric(text, "smcclc_handshakes_total",
                             {"outcome": "fallback", "reason": reason["reason"]})
                      == reason["count"], reason)
            check(metric(text, "smcclc_handshake_duration_seconds_count")
                  == stats["duration_us"]["count"], "duration count")
            check(metric(text, "smcclc_handshake_duration_seconds_bucket", {"le": "+Inf"})
                  == stats["duration_us"]["count"], "+Inf bucket")
            for t, n in stats["messages"].items():
                check(metric(text, "smcclc_clc_messages_total", {"type": t}) == n, t)
            leftovers = [x for x in os.listdir(d) if x != "smcclc.prom"]
            check(not leftovers, "temporary files left: %r" % leftovers)
        finally:
            ne.terminate()
            ne.wait()
    print("node_exporter served the metrics of the live run and of -r")


def uid_of(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("Uid:"):
                return [int(x) for x in line.split()[1:]]
    return None


def test_user():
    """-D, -Z nobody, and capabilities without root."""
    d = run_file("-D")
    check(d.returncode == 0 and re.search(r"^\d+\.%s\b" % netns.VETH_RX, d.stdout, re.M),
          "-D: %r" % d.stdout)
    recs = tcp_frames(records("real/k612-07-server-no-rdma-dev.pcap"))
    with tempfile.TemporaryDirectory() as tmp:
        os.chmod(tmp, 0o777)
        out = os.path.join(tmp, "z.pcap")
        p = netns.smcdump(ARGS.smcdump, "-Z", "nobody", "-w", out, "-B", "4096",
                          "--immediate-mode")
        lines = netns.Lines(p.stdout)
        netns.Sender().replay(recs)
        got = [lines.get(1.0) for _ in range(3)]
        uid = uid_of(p.pid)
        stop(p)
        check(uid == [65534] * 4, "-Z nobody: uids %r" % uid)
        check(os.stat(out).st_uid == 65534, "-w file created before -Z")
        check(got[-1] is not None and "fallback: NOSMCRDEV" in got[-1], "-Z run: %r" % got)
    # the service's setup: an unprivileged user with two ambient capabilities
    cmd = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--init-groups",
           "--inh-caps=+net_raw,+net_admin", "--ambient-caps=+net_raw,+net_admin",
           ARGS.smcdump, "-n", "-i", netns.VETH_RX]
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    check("listening on" in p.stderr.readline().decode(), "no capture with capabilities")
    lines = netns.Lines(p.stdout)
    netns.Sender().replay(with_client_port(recs, 57778, 42000))
    got = [lines.get(1.0) for _ in range(3)]
    uid = uid_of(p.pid)
    stop(p)
    check(uid is not None and uid[0] == 65534, "setpriv run as uid %r" % uid)
    check(got[-1] is not None and "fallback: NOSMCRDEV" in got[-1], "caps run: %r" % got)
    # and without them, the message says what is missing
    r = subprocess.run(["setpriv", "--reuid=nobody", "--regid=nogroup", "--init-groups",
                        ARGS.smcdump, "-n", "-i", netns.VETH_RX], capture_output=True, text=True,
                       timeout=10)
    check(r.returncode == 2 and "CAP_NET_RAW" in r.stderr, "no caps: %d %r"
          % (r.returncode, r.stderr))
    print("-D, -Z and ambient capabilities work")


def run_priv(caps, *args):
    """smcdump -n ARGS as uid nobody with only the ambient capabilities CAPS."""
    cmd = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--init-groups"]
    if caps:
        cmd += ["--inh-caps=" + caps, "--ambient-caps=" + caps]
    return subprocess.run(cmd + [ARGS.smcdump, "-n"] + list(args), capture_output=True,
                          text=True, timeout=10)


def test_errors():
    """Failed starts name what is missing (exit 2); -c ends a live run with --stats."""
    for caps, args, want in (
            ("+net_admin", ["-i", netns.VETH_RX],
             "smcdump: %s: capturing needs CAP_NET_RAW (or root), which is missing\n"
             % netns.VETH_RX),
            ("+net_raw,+net_admin", ["-i", netns.VETH_RX, "-Z", "root"],
             "smcdump: -Z root: cannot change to that user: Operation not permitted\n")):
        r = run_priv(caps, *args)
        check(r.returncode == 2 and r.stderr == want and r.stdout == "",
              "%s %s: exit %d, %r" % (caps, args, r.returncode, r.stderr))
    r = run_file("-i", "nosuchdev0")
    check(r.returncode == 2 and r.stderr == "smcdump: nosuchdev0: No such device exists\n",
          "no such device: exit %d, %r" % (r.returncode, r.stderr))
    # an interface that is down (a new veth pair is)
    subprocess.run(["ip", "link", "add", "smcdown", "type", "veth", "peer", "name", "smcdown2"],
                   check=True)
    r = run_file("-i", "smcdown")
    check(r.returncode == 2 and r.stderr == "smcdump: smcdown: That device is not up\n",
          "interface down: exit %d, %r" % (r.returncode, r.stderr))
    # -c 3: the SYN, SYN-ACK and the Proposal's frame; then the statistics
    recs = tcp_frames(records("real/k612-07-server-no-rdma-dev.pcap"))
    p = netns.smcdump(ARGS.smcdump, "-c", "3", "-p", "-s", "200", "--stats", "tcp")
    netns.Sender().replay(recs)
    out, err = p.communicate(timeout=10)
    out, err = out.decode(), err.decode()
    check(p.returncode == 0, "-c 3: exit %d %r" % (p.returncode, err))
    lines = out.splitlines()
    # -s 200 leaves 134 of the Proposal's 156 bytes; -c 3 ends before any answer
    check(len(lines) > 2 and lines[0].endswith(
        " IP 192.0.2.2.57778 > 192.0.2.1.5107: SMC-R Proposal v2, length 156: typev1 none, "
        "typev2 SMC-R, release v2.1, eid_count 1 [|smc]")
        and " IP 192.0.2.2.57778 > 192.0.2.1.5107: incomplete after " in lines[1],
        "-c 3 lines: %r" % lines)
    check("smcdump: %s: packet 3, byte 66: truncated: CLC message of 156 bytes cut by snaplen "
          "after 134\n" % netns.VETH_RX in err, "-s 200: %r" % err)
    check(re.search(r"^kernel: received [3-9]\d*, dropped 0, dropped by interface 0$", out, re.M),
          "--stats without the kernel's counts: %r" % out)
    check(re.search(r"^SMC connections: 1 \(smc-r 0, smc-d 0, fallback 0, incomplete 1\)$",
                    out, re.M), "-c 3 verdict: %r" % out)
    check(re.search(r"^3 packets captured\n[3-9]\d* packets received by filter\n"
                    r"0 packets dropped by kernel\n", err, re.M), "-c 3 stderr: %r" % err)
    print("failed starts name the cause; -c 3 --stats live")


TESTS = {
    "pipe": test_pipe, "stall": test_stall, "wfile": test_wfile, "rotate": test_rotate,
    "filter": test_filter, "all": test_all, "metrics": test_metrics, "user": test_user,
    "errors": test_errors,
}


def main():
    global ARGS
    ap = argparse.ArgumentParser()
    ap.add_argument("--smcdump", required=True)
    ap.add_argument("--captures", required=True)
    ap.add_argument("--node-exporter", default="/usr/bin/prometheus-node-exporter")
    ap.add_argument("--test", required=True, choices=sorted(TESTS))
    ARGS = ap.parse_args()
    if ARGS.test == "metrics" and not os.access(ARGS.node_exporter, os.X_OK):
        print("live_host metrics: SKIP: %s not installed (Debian package "
              "prometheus-node-exporter)" % ARGS.node_exporter, file=sys.stderr)
        return netns.SKIP
    netns.ensure_private_netns()
    netns.setup_veth()
    TESTS[ARGS.test]()
    return 0


if __name__ == "__main__":
    sys.exit(main())
