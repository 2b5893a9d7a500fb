#!/usr/bin/env python3
"""Tests of the smcclc Wireshark plugin through tshark.

    plugin_test.py --plugin-dir DIR [--tshark PATH] COMMAND [ARGS]

Commands:
    load                    tshark -G plugins and -G protocols list smcclc
    assert CAPTURE FILE     the targeted assertions of FILE hold, and each
                            fails when its value is changed (plugin_assert.py;
                            --flip LINE changes that line's value: must fail)
    tree CAPTURE FILE       the plugin's -V subtree of the frames FILE names
                            equals FILE (--update rewrites it)
    draft CAPTURE           a starting point for a new assertion file
    selftest CAPTURE FILE   a changed assertion of each kind fails, with a
                            report naming capture, frame, field, expected, got
    truth CAPTURE TRUTH     every message and verdict of the generator's truth
                            file is what the plugin shows
    crosscheck CAPTURE      where Wireshark's built-in smc dissector decodes a
                            message, its values equal ours (known gaps excepted)
    port80 CAPTURE          CLC on port 80 is decoded with default preferences
                            (CAPTURE moved to port 80, and mkextra.py's port80.pcap)
    order                   several messages in one segment, Info in wire order
    stats CAPTURE EXPECTED  tshark -z smcclc,tree, one pass and two, equal EXPECTED

Wireshark ignores WIRESHARK_PLUGIN_DIR when it runs with privileges, so as
root every tshark runs as uid/gid 65534 (setpriv), with HOME in a fresh
world-writable folder. A test fails when tshark does not list the plugin.
"""
import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
# plugin_assert.py imports this file by name: one module, one Fail class.
sys.modules.setdefault("plugin_test", sys.modules[__name__])
NOBODY = 65534
# Aggregates several occurrences of a field in -T fields output.
AGG = "\x1f"


class Fail(Exception):
    pass


class TShark:
    def __init__(self, tshark, plugin_dir):
        self.tshark = tshark
        self.plugin_dir = os.path.abspath(plugin_dir)
        self.home = tempfile.mkdtemp(prefix="smcclc-plugin-test-")
        os.chmod(self.home, 0o777)
        self._fields = None
        self.booleans = set()

    def close(self):
        shutil.rmtree(self.home, ignore_errors=True)

    def run(self, args, check=True, plugin=True):
        env = dict(os.environ)
        env["HOME"] = self.home
        env["LC_ALL"] = "C"
        env["TZ"] = "UTC"
        env.pop("WIRESHARK_PLUGIN_DIR", None)
        if plugin:
            env["WIRESHARK_PLUGIN_DIR"] = self.plugin_dir
        cmd = [self.tshark] + args
        if os.geteuid() == 0:
            cmd = ["setpriv", "--reuid=%d" % NOBODY, "--regid=%d" % NOBODY,
                   "--clear-groups"] + cmd
        p = subprocess.run(cmd, env=env, cwd=self.home, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE)
        out = p.stdout.decode("utf-8", "replace")
        err = p.stderr.decode("utf-8", "replace")
        if check and p.returncode != 0 and not tolerable(err):
            raise Fail("tshark %s ... failed (%d):\n%s" % (" ".join(args[:8]), p.returncode, err))
        return out, err

    def _build_key(self):
        """What tshark's answers depend on besides its arguments: the tshark
        binary and the plugin files."""
        key = [os.path.realpath(shutil.which(self.tshark) or self.tshark)]
        for root, _, files in sorted(os.walk(self.plugin_dir)):
            for f in sorted(files):
                st = os.stat(os.path.join(root, f))
                key.append("%s %d %d" % (f, st.st_size, st.st_mtime_ns))
        st = os.stat(key[0])
        key.append("%d %d" % (st.st_size, st.st_mtime_ns))
        return key

    def _cached(self, kind, extra, produce, fresh=False):
        """produce()'s answer, kept next to the plugin folder under digests of
        the build and of extra, for the other tests of the same build; the
        answers of earlier builds are removed."""
        def digest(key):
            return hashlib.sha256("\n".join(key).encode()).hexdigest()[:16]
        folder = os.path.dirname(self.plugin_dir)
        build = digest(self._build_key())
        prefix = ".smcclc-tshark-%s-" % kind
        cache = os.path.join(folder, "%s%s-%s.json" % (prefix, build, digest(extra)))
        try:
            if not fresh:
                with open(cache) as fh:
                    return json.load(fh)
        except (OSError, ValueError):
            pass
        value = produce()
        tmp = "%s.%d" % (cache, os.getpid())
        try:
            with open(tmp, "w") as fh:
                json.dump(value, fh)
            os.replace(tmp, cache)
            for old in os.listdir(folder):
                if old.startswith(prefix) and not old.startswith(prefix + build):
                    os.unlink(os.path.join(folder, old))
        except OSError:
            pass  # a read-only build tree: no cache, same answers
        return value

    def _registry(self, fresh=False):
        """What this tshark with this plugin folder registers (-G plugins,
        protocols, fields), shared by the tests of one build."""
        return self._cached("registry", [], lambda: {
            "plugins": self.run(["-G", "plugins"])[0].splitlines(),
            "protocols": self.run(["-G", "protocols"])[0].splitlines(),
            "fields": [l for l in self.run(["-G", "fields"])[0].splitlines()
                       if "\tsmcclc." in l]}, fresh)

    def run_capture(self, args, capture):
        """tshark's standard output for args reading capture; the truth and
        assertion tests of a capture ask the same, so the answer is kept,
        keyed by the build, the arguments and the capture's bytes."""
        with open(capture, "rb") as fh:
            content = hashlib.sha256(fh.read()).hexdigest()
        return self._cached("out", args + [content],
                            lambda: self.run(args)[0])

    def require_plugin(self, fresh=False):
        reg = self._registry(fresh)
        if not any(l.split("\t")[0].strip() == "smcclc.so" for l in reg["plugins"]):
            raise Fail("tshark -G plugins does not list smcclc.so (plugin dir %s; is it "
                       "readable by uid %d?)" % (self.plugin_dir, NOBODY))
        # name, short name, filter name; 4.4 and later add enabled flags after them
        if not any(l.split("\t")[2:3] == ["smcclc"] for l in reg["protocols"]):
            raise Fail("tshark -G protocols does not list smcclc")

    def fields(self):
        """Our value fields and the summaries of our expert items, from -G fields."""
        if self._fields is None:
            values, experts = [], set()
            for line in self._registry()["fields"]:
                col = line.split("\t")
                if len(col) < 4 or col[0] != "F" or not col[2].startswith("smcclc."):
                    continue
                if col[3] == "FT_NONE":
                    experts.add(col[1])
                else:
                    values.append(col[2])
                if col[3] == "FT_BOOLEAN":
                    self.booleans.add(col[2])
            self._fields = (values, experts)
        return self._fields


def tolerable(err):
    # The cut-short file of the built set makes tshark exit 2 after the last
    # complete record; everything before it is still dissected.
    # bad-header.pcap is not a capture at all: no frames, nothing to show.
    return "appears to have been cut short" in err or "isn't a capture file" in err


# ---- rendering -T fields output for people ----

def ours(msg, experts):
    """Whether an expert message is one of the plugin's (TCP has its own)."""
    return msg in experts or msg.startswith(("truncated: ", "Decline ", "fallback to TCP: ",
                                             "handshake incomplete [", "protocol error ["))


def shown_columns(ts, args, capture):
    """{frame: (Protocol, Info)} as the packet list shows them. From 4.4 on
    the _ws.col.* fields are filled before postdissectors run, so for a
    segment that TCP gave to no subdissector (out of order, resent, cut) they
    still hold TCP's text although the plugin rewrote the columns; the
    summary lines of -T tabs are made after every dissector."""
    out = ts.run_capture(args + ["-T", "tabs", "-o",
                                 'gui.column.format:"No.","%m","Protocol","%p","Info","%i"'],
                         capture)
    cols = {}
    for line in out.splitlines():
        parts = line.strip().split("\t", 2)
        if len(parts) == 3:
            cols[parts[0].strip()] = (parts[1], parts[2])
    return cols


def frame_fields(ts, capture, extra_args=()):
    """{frame: [(field, [values])]} for frames with smcclc, fields in -G order."""
    values, experts = ts.fields()
    cols = ["frame.number", "_ws.col.Protocol", "_ws.col.Info"] + values + ["_ws.expert.message"]
    # Out-of-order and overlapping segments (two built captures) are only put
    # back in order by TCP when asked; it changes nothing for the others.
    args = ["-n", "--disable-heuristic", "smc_tcp", "-o", "tcp.reassemble_out_of_order:TRUE",
            "-r", capture, "-Y", "smcclc",
            "-T", "fields", "-E", "occurrence=a", "-E", "aggregator=" + AGG,
            "-E", "separator=/t"] + list(extra_args)
    for c in cols:
        args += ["-e", c]
    out = ts.run_capture(args, capture)
    shown = shown_columns(ts, args[:args.index("-T")] + list(extra_args), capture)
    frames = []
    for line in out.splitlines():
        vals = line.split("\t")
        if len(vals) != len(cols):
            raise Fail("unexpected tshark line: %r" % line)
        if vals[0] in shown:
            vals[1], vals[2] = shown[vals[0]]
        rows = []
        for name, v in zip(cols[1:], vals[1:]):
            if v == "":
                continue
            occ = v.split(AGG)
            # TCP's own analysis labels differ between releases (4.6 calls an
            # out-of-order segment a retransmission); they are not the plugin's.
            if name == "_ws.col.Info":
                occ = [re.sub(r"^(\[TCP [^]]*\] )+", "", x) for x in occ]
            # -T fields prints booleans as 1/0 up to 4.2 and True/False from 4.4 on
            if name in ts.booleans:
                occ = [{"True": "1", "False": "0"}.get(x, x) for x in occ]
            if name == "_ws.expert.message":
                occ = [m for m in occ if ours(m, experts)]
                if not occ:
                    continue
            rows.append((name, occ))
        frames.append((vals[0], rows))
    return frames


def diff(expected_text, actual_text, expected_path):
    if expected_text == actual_text:
        return
    import difflib
    d = difflib.unified_diff(expected_text.splitlines(True), actual_text.splitlines(True),
                             expected_path, "actual", n=2)
    raise Fail("".join(list(d)[:200]))


# ---- truth files of the built captures ----

TYPES = {"proposal": "1", "accept": "2", "confirm": "3", "decline": "4"}


def cmd_truth(ts, capture, truth_path):
    ts.require_plugin()
    with open(truth_path) as fh:
        truth = json.load(fh)
    got = {int(n): dict((k, v) for k, v in rows) for n, rows in frame_fields(ts, capture, ["-2"])}
    problems = []
    for conn in truth.get("connections", []):
        cname = "connection %s" % conn.get("index")
        for m in conn.get("messages", []):
            f = got.get(m["frame"], {})
            types = f.get("smcclc.type", [])
            lengths = f.get("smcclc.length", [])
            if TYPES[m["type"]] not in types:
                problems.append("%s: frame %d has no %s (types %s)"
                                % (cname, m["frame"], m["type"], types))
                continue
            i = types.index(TYPES[m["type"]])
            if i < len(lengths) and lengths[i] != str(m["length"]):
                problems.append("%s: frame %d %s length %s, truth %d"
                                % (cname, m["frame"], m["type"], lengths[i], m["length"]))
            if m["type"] == "decline" and not m.get("truncated"):
                codes = [c.lower() for c in f.get("smcclc.diag_code", [])]
                if m["code"].lower() not in codes:
                    problems.append("%s: frame %d decline code %s not in %s"
                                    % (cname, m["frame"], m["code"], codes))
        frames = [m["frame"] for m in conn.get("messages", [])]
        outcome = conn.get("outcome")
        # Where newest Linux rejects a message the core may still read it the
        # way older kernels did (its severity table decides); both are right.
        accepted = {outcome, conn.get("outcome_if_lenient")}
        if outcome is None:
            for n in frames:
                if "smcclc.outcome" in got.get(n, {}):
                    problems.append("%s: frame %d has an outcome, truth has none" % (cname, n))
            continue
        # With -2 every frame of the handshake carries the final verdict.
        where = frames or [conn["first_frame"]]
        for n in where:
            f = got.get(n, {})
            if f.get("smcclc.outcome", [None])[-1] not in accepted:
                problems.append("%s: frame %d outcome %s, truth %s"
                                % (cname, n, f.get("smcclc.outcome"), outcome))
            reason = conn.get("reason")
            if f.get("smcclc.outcome", [None])[-1] != "fallback":
                continue
            if reason is not None and not reason.startswith("0x"):
                if f.get("smcclc.reason", [None])[-1] != reason:
                    problems.append("%s: frame %d reason %s, truth %s"
                                    % (cname, n, f.get("smcclc.reason"), reason))
    if problems:
        raise Fail("\n".join(problems))


# ---- cross-check with the built-in smc dissector ----

# Fields both dissectors have: ours -> the built-in's, per message type.
# Only fields whose built-in name means one thing are used (several of the
# built-in dissector's names are shared by unrelated fields, docs/plugin.md).
CROSS = {
    "1": [("smcclc.length", "smc.length"), ("smcclc.peer_id", "smc.proposal.sender.client.peer.id"),
          ("smcclc.gid", "smc.proposal.client.preferred.gid"),
          ("smcclc.mac", "smc.proposal.client.preferred.mac"),
          ("smcclc.ism_gid", "smc.proposal.ism.gid"),
          ("smcclc.ipv4_subnet", "smc.outgoing.interface.subnet.mask"),
          ("smcclc.ipv4_prefix_len",
           "smc.outgoing.interface.subnet.mask.number.of.significant.bits"),
          ("smcclc.ipv6_prefix_count", "smc.proposal.ipv6.prefix.count"),
          ("smcclc.ipv6_prefix", "smc.proposal.ipv6.prefix.value"),
          ("smcclc.ipv6_prefix_len", "smc.proposal.ipv6.prefix.length"),
          ("smcclc.eid_count", "smc.proposal.eid.count"),
          ("smcclc.ism_gid_count", "smc.proposal.ismv2_gid_count"),
          ("smcclc.eid", "smc.proposal.eid"), ("smcclc.seid", "smc.proposal.system.eid")],
    "2": [("smcclc.length", "smc.length"), ("smcclc.gid", "smc.accept.server.preferred.gid"),
          ("smcclc.mac", "smc.accept.server.preferred.mac"),
          ("smcclc.qpn", "smc.accept.server.qp.number"),
          ("smcclc.rmb_rkey", "smc.accept.server.rmb.rkey"),
          ("smcclc.rmbe_idx", "smc.accept.server.tcp.conn.index"),
          ("smcclc.rmbe_alert_token", "smc.accept.server.rmb.element.alert.token"),
          ("smcclc.rmbe_size", "smc.accept.rmb.buffer.size"),
          ("smcclc.qp_mtu", "smc.accept.qp.mtu.value"),
          ("smcclc.rmb_vaddr", "smc.accept.server.rmb.virtual.address"),
          ("smcclc.psn", "smc.accept.initial.psn"),
          ("smcclc.ism_gid", "smc.accept.sender.server.ism.gid"),
          ("smcclc.dmb_token", "smc.accept.dmb.token"),
          ("smcclc.dmbe_idx", "smc.accept.dmbe.conn.index"),
          ("smcclc.dmbe_size", "smc.accept.dmbe.buffer.size"),
          ("smcclc.ism_chid", "smc.accept.smc.chid"), ("smcclc.eid", "smc.accept.eid"),
          ("smcclc.fce_os_type", "smc.accept.os.type"),
          ("smcclc.fce_hostname", "smc.accept.peer.host.name")],
    "3": [("smcclc.length", "smc.length"), ("smcclc.gid", "smc.client.gid"),
          ("smcclc.mac", "smc.confirm.client.mac"),
          ("smcclc.qpn", "smc.confirm.client.qp.number"),
          ("smcclc.rmb_rkey", "smc.confirm.client.rmb.rkey"),
          ("smcclc.rmbe_idx", "smc.confirm.client.tcp.conn.index"),
          ("smcclc.rmbe_alert_token", "smc.client.rmb.element.alert.token"),
          ("smcclc.rmbe_size", "smc.confirm.rmb.buffer.size"),
          ("smcclc.qp_mtu", "smc.confirm.qp.mtu.value"),
          ("smcclc.rmb_vaddr", "smc.client.rmb.virtual.address"),
          ("smcclc.psn", "smc.initial.psn"),
          ("smcclc.ism_gid", "smc.confirm.sender.client.ism.gid"),
          ("smcclc.dmb_token", "smc.confirm.dmb.token"),
          ("smcclc.dmbe_size", "smc.confirm.dmbe.buffer.size"),
          ("smcclc.ism_chid", "smc.confirm.smc.chid"), ("smcclc.eid", "smc.confirm.eid"),
          ("smcclc.fce_os_type", "smc.confirm.os.type"),
          ("smcclc.fce_hostname", "smc.confirm.peer.host.name"),
          ("smcclc.gid_list_count", "smc.confirm.gid.list.entry_count"),
          ("smcclc.gid_list_entry", "smc.confirm.gid.list.entry")],
    "4": [("smcclc.length", "smc.length"), ("smcclc.peer_id", "smc.sender.peer.id"),
          ("smcclc.diag_code", "smc.peer.diag.info"), ("smcclc.os_type", "smc.decline.os.type")],
}
# Per (capture, frame): why the built-in decode is wrong there; docs/plugin.md
# lists the same cases. Filled from what the test finds, each one checked.
KNOWN_WRONG_FILE = os.path.join(HERE, "crosscheck-known.json")


MUST_SHOW = {"smcclc.ipv4_subnet", "smcclc.ipv4_prefix_len", "smcclc.ipv6_prefix_count",
             "smcclc.ipv6_prefix", "smcclc.ipv6_prefix_len"}
# Ours shows the peer ID as its 8 bytes, the built-in as a 64-bit number.
HEX_BYTES = {"smcclc.peer_id"}


def norm(field, v):
    v = v.strip().lower()
    if re.fullmatch(r"0x[0-9a-f]+", v) or (field in HEX_BYTES and re.fullmatch(r"[0-9a-f]+", v)):
        return str(int(v, 16))
    return v.replace(":", "")


def builtin_values(ts, capture, fields):
    args = ["-n", "-r", capture, "--disable-protocol", "smcclc", "-Y", "smc",
            "-T", "fields", "-E", "occurrence=a", "-E", "aggregator=" + AGG,
            "-e", "frame.number", "-e", "_ws.malformed"]
    for f in fields:
        args += ["-e", f]
    out, _ = ts.run(args)
    res = {}
    for line in out.splitlines():
        vals = line.split("\t")
        res[vals[0]] = dict(zip(["_ws.malformed"] + fields, [v.split(AGG) if v else []
                                                             for v in vals[1:]]))
    return res


def cmd_crosscheck(ts, capture):
    ts.require_plugin()
    with open(KNOWN_WRONG_FILE) as fh:
        known = json.load(fh)
    name = os.path.basename(capture)
    mine = {n: dict(rows) for n, rows in frame_fields(ts, capture)}
    theirs_fields = sorted({b for pairs in CROSS.values() for _, b in pairs})
    theirs = builtin_values(ts, capture, theirs_fields)
    problems, compared = [], 0
    for frame, f in mine.items():
        types = f.get("smcclc.type", [])
        if len(types) != 1 or frame not in theirs:
            continue  # several messages in one segment: occurrences do not line up
        why = known.get(name, {}).get(frame)
        t = theirs[frame]
        diffs = []
        for ours_f, their_f in CROSS[types[0]]:
            a, b = f.get(ours_f, []), t.get(their_f, [])
            if not a:
                continue
            compared += 1
            if not b:
                # The built-in hides fields of types not offered (zeros on the
                # wire), fine; but a prefix area that exists must be shown.
                if ours_f in MUST_SHOW:
                    diffs.append("%s=%s missing from %s" % (ours_f, a, their_f))
                continue
            if [norm(ours_f, x) for x in a] != [norm(ours_f, x) for x in b[:len(a)]]:
                diffs.append("%s=%s vs %s=%s" % (ours_f, a, their_f, b))
        if t.get("_ws.malformed"):
            diffs.append("built-in: [Malformed Packet]")
        if diffs and not why:
            problems.append("frame %s: %s" % (frame, "; ".join(diffs)))
        if not diffs and why:
            problems.append("frame %s is listed as wrong in the built-in (%s) but agrees"
                            % (frame, why))
    if problems:
        raise Fail("\n".join(problems))
    print("%d values compared" % compared)


# ---- port 80 ----

def check_port80(ts, p80, http_after):
    base = ["-n", "-r", p80, "-T", "fields", "-e", "frame.number", "-e",
            "_ws.col.Protocol", "-e", "_ws.col.Info", "-e", "tcp.port"]
    # Default preferences, built-in heuristic on: our decode must win.
    out, _ = ts.run(base + ["-Y", "smcclc"])
    rows = [l.split("\t") for l in out.splitlines()]
    clc = [r for r in rows if r[1] == "SMC-CLC"]
    if len(clc) < 2 or not all("80" in r[3].split(",") for r in clc):
        raise Fail("CLC on port 80 not decoded by smcclc:\n" + out)
    # The test means something only if, without us, Wireshark (built-in smc
    # heuristic included) leaves these frames to the port's owner.
    numbers = " || ".join("frame.number == %s" % r[0] for r in clc)
    out, _ = ts.run(base + ["--disable-protocol", "smcclc", "-Y", numbers])
    taken = [l for l in out.splitlines() if l.split("\t")[1].startswith("SMC")]
    if taken:
        raise Fail("without the plugin Wireshark decodes CLC on port 80; test is void:\n"
                   + "\n".join(taken))
    # After the Decline the data belongs to the port's owner again.
    out, _ = ts.run(base + ["-Y", "tcp.len > 0 && !smcclc && tcp.seq > 1"])
    if not out.strip():
        raise Fail("no application data after the Decline was left to other dissectors")
    if http_after:
        out, _ = ts.run(base + ["-Y", "http"])
        if len(out.splitlines()) < 2:
            raise Fail("HTTP after the fallback not decoded as HTTP:\n" + out)


def cmd_port80(ts, capture):
    """A real recording moved to port 80, and a built one with HTTP after it."""
    ts.require_plugin()
    with tempfile.TemporaryDirectory() as tmp:
        os.chmod(tmp, 0o755)
        p80 = os.path.join(tmp, "real-port80.pcap")
        subprocess.run([sys.executable, os.path.join(HERE, "port80.py"), capture, p80, "5107"],
                       check=True)
        subprocess.run([sys.executable, os.path.join(HERE, "mkextra.py"), tmp], check=True)
        for f in os.listdir(tmp):
            os.chmod(os.path.join(tmp, f), 0o644)
        check_port80(ts, p80, http_after=False)
        check_port80(ts, os.path.join(tmp, "port80.pcap"), http_after=True)
        cmd_truth(ts, os.path.join(tmp, "port80.pcap"), os.path.join(tmp, "port80.truth.json"))


# ---- several messages in one segment ----

def cmd_order(ts):
    ts.require_plugin()
    with tempfile.TemporaryDirectory() as tmp:
        os.chmod(tmp, 0o755)
        subprocess.run([sys.executable, os.path.join(HERE, "mkextra.py"), tmp], check=True)
        for f in os.listdir(tmp):
            os.chmod(os.path.join(tmp, f), 0o644)
        cap = os.path.join(tmp, "two-in-one-segment.pcap")
        cmd_truth(ts, cap, os.path.join(tmp, "two-in-one-segment.truth.json"))
        for extra in ([], ["-2"]):
            out, _ = ts.run(["-n", "--disable-heuristic", "smc_tcp", "-r", cap, "-Y",
                             "smcclc.type", "-T", "fields", "-e", "_ws.col.Info"] + extra)
            want = ["Proposal SMC-R v2", "Accept SMC-R v2 first contact, Decline TIMEOUT_CL",
                    "Proposal SMC-R v2", "Accept SMC-R v2 first contact",
                    "Confirm SMC-R v2 first contact, Decline SYNCERR"]
            if out.splitlines() != want:
                raise Fail("Info column %s:\n%s\nwanted:\n%s"
                           % (extra, out, "\n".join(want)))


# ---- statistics ----

def cmd_stats(ts, capture, expected, update):
    ts.require_plugin()
    outs = []
    for extra in ([], ["-2"]):
        out, _ = ts.run(["-n", "--disable-heuristic", "smc_tcp", "-r", capture, "-q",
                         "-z", "smcclc,tree"] + extra)
        # Keep the counts; rates and burst columns depend on capture timing only.
        rows = []
        for line in out.splitlines():
            m = re.match(r"^(\s*\S.*?)\s{2,}(\d+)\s", line)
            if m and not line.startswith("Topic"):
                rows.append("%s %s" % (m.group(1).rstrip(), m.group(2)))
        outs.append("\n".join(rows) + "\n")
    if outs[0] != outs[1]:
        raise Fail("one pass and two passes count differently:\n%s---\n%s" % tuple(outs))
    if update:
        with open(expected, "w") as fh:
            fh.write(outs[0])
        return
    with open(expected) as fh:
        diff(fh.read(), outs[0], expected)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--plugin-dir", required=True)
    ap.add_argument("--tshark", default=shutil.which("tshark") or "tshark")
    ap.add_argument("--update", action="store_true")
    ap.add_argument("--flip", type=int, metavar="LINE")
    ap.add_argument("command")
    ap.add_argument("args", nargs="*")
    a = ap.parse_args()
    # tshark runs in a scratch folder as another user: absolute paths only.
    a.args = [os.path.abspath(x) for x in a.args]
    ts = TShark(a.tshark, a.plugin_dir)
    try:
        if a.command == "load":
            ts.require_plugin(fresh=True)
        elif a.command in ("assert", "tree", "draft", "selftest"):
            import plugin_assert
            if a.command == "assert":
                plugin_assert.cmd_assert(ts, a.args[0], a.args[1], a.flip)
            elif a.command == "tree":
                plugin_assert.cmd_tree(ts, a.args[0], a.args[1], a.update)
            elif a.command == "selftest":
                plugin_assert.cmd_selftest(ts, a.args[0], a.args[1])
            else:
                plugin_assert.cmd_draft(ts, a.args[0])
        elif a.command == "truth":
            cmd_truth(ts, a.args[0], a.args[1])
        elif a.command == "crosscheck":
            cmd_crosscheck(ts, a.args[0])
        elif a.command == "port80":
            cmd_port80(ts, a.args[0])
        elif a.command == "order":
            cmd_order(ts)
        elif a.command == "stats":
            cmd_stats(ts, a.args[0], a.args[1], a.update)
        else:
            ap.error("unknown command %s" % a.command)
    except Fail as e:
        print("FAIL: %s" % e, file=sys.stderr)
        return 1
    finally:
        ts.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
