#!/usr/bin/env python3
"""Check Wireshark's BUILT-IN `smc` dissector against the truth files.

usage: check_builtin.py [--tshark BIN] [--expected FILE | --update FILE] CAPTURE...

For each CAPTURE with a NAME.truth.json beside it (captures/README.md,
"Truth files"), runs tshark once with its own `smc` dissector (our plugin
`smcclc` disabled when it is loaded, a fresh HOME so no personal profile or
plugin takes part) and lists, one line each, where the built-in decode
differs from the truth:

  CAPTURE frame N: TYPE in the truth, not decoded
  CAPTURE frame N: TYPE decoded, not in the truth
  CAPTURE frame N TYPE: FIELD: truth X, built-in Y   (Y "-": not shown)
  CAPTURE frame N: [Malformed Packet]

Compared per message: type, length, header version; Proposal typev1,
typev2, v2 release; Accept/Confirm first-contact flag and chosen type;
Decline code and out-of-sync flag. Wireshark shows no verdict, so outcomes
are not compared. TCP out-of-order reassembly is switched on
(tcp.reassemble_out_of_order), so what is listed is the SMC dissector's and
not a TCP preference's.

Without --expected it prints the findings and exits 0. With --expected FILE
it exits 1 when the findings differ from FILE (a Wireshark update fixed or
broke something: update FILE and docs/plugin.md); --update FILE writes it.
"""

import argparse
import concurrent.futures
import difflib
import json
import os
import re
import subprocess
import sys
import tempfile

TYPES = {"1": "proposal", "2": "accept", "3": "confirm", "4": "decline"}
LETTER = {"0": "R", "1": "D", "2": "N", "3": "B"}

# (field, message types it belongs to)
FIELDS = [
    ("frame.number", None),
    ("smc.clc_msg", "all"),
    ("smc.length", "all"),
    ("smc.proposal.smc.version", "version"),
    ("smc.decline.smc.version", "decline"),
    ("smc.proposal.smc.type", "proposal"),
    ("smc.proposal.smcv2.type", "proposal"),
    ("smc.proposal.smc.version.relnum", "proposal"),
    ("smc.accept.first.contact", "accept"),
    ("smc.proposal.first.contact", "accept"),  # what 4.0 uses for an SMC-R Accept
    ("smc.accept.smc.type", "accept"),
    ("smc.accept.smc.version.relnum", "accept"),
    ("smc.confirm.first.contact", "confirm"),
    ("smc.confirm.smc.type", "confirm"),
    ("smc.confirm.smc.version.relnum", "confirm"),
    ("smc.peer.diag.info", "decline"),
    ("smc.decline.osync", "decline"),
    ("_ws.malformed", None),
    ("frame.protocols", None),
]


def plugin_loaded(tshark, env):
    r = subprocess.run([tshark, "-G", "protocols"], capture_output=True, text=True, env=env)
    return any(line.split("\t")[2:3] == ["smcclc"] for line in r.stdout.splitlines())


def run_tshark(tshark, env, capture, disable):
    args = [tshark, "-n", "-r", capture, "-o", "tcp.reassemble_out_of_order:TRUE",
            "-Y", "smc", "-T", "fields",
            "-E", "occurrence=a", "-E", "aggregator=|"]
    if disable:
        args[1:1] = ["--disable-protocol", "smcclc"]
    for f, _ in FIELDS:
        args += ["-e", f]
    r = subprocess.run(args, capture_output=True, text=True, env=env)
    rows = {}
    for line in r.stdout.splitlines():
        cells = line.split("\t")
        cells += [""] * (len(FIELDS) - len(cells))
        vals = {f: (c.split("|") if c else []) for (f, _), c in zip(FIELDS, cells)}
        rows[int(vals["frame.number"][0])] = vals
    return rows


def per_message(vals):
    """The built-in's messages of one frame, each a dict of its fields."""
    types = [TYPES.get(t, t) for t in vals["smc.clc_msg"]]
    msgs = [{"type": t} for t in types]
    for f, kind in FIELDS:
        if kind is None or f == "smc.clc_msg":
            continue
        # Every type but the Decline carries its version in smc.proposal.smc.version.
        idx = [i for i, t in enumerate(types)
               if kind == "all" or t == kind or (kind == "version" and t != "decline")]
        v = vals[f]
        if kind == "decline" and f == "smc.peer.diag.info" and idx:
            # A v2 Decline lists its four extra diagnosis words in the same field.
            step = max(1, len(v) // len(idx))
            v = v[::step]
        for i, x in zip(idx, v):
            msgs[i][f] = x
    return msgs


def compare_message(name, frame, want, got, out):
    def diff(field, truth, builtin):
        out.append("%s frame %d %s: %s: truth %s, built-in %s"
                   % (name, frame, want["type"], field, truth, builtin))

    def get(f):
        return got.get(f, "-")

    if get("smc.length") != str(want["length"]):
        diff("length", want["length"], get("smc.length"))
    t = want["type"]
    vf = "smc.decline.smc.version" if t == "decline" else "smc.proposal.smc.version"
    if get(vf) != str(want["version"]):
        diff("version", want["version"], get(vf))
    if t == "proposal":
        if LETTER.get(get("smc.proposal.smc.type"), "-") != want["typev1"]:
            diff("typev1", want["typev1"], LETTER.get(get("smc.proposal.smc.type"), "-"))
        if want.get("typev2") is not None and \
                LETTER.get(get("smc.proposal.smcv2.type"), "-") != want["typev2"]:
            diff("typev2", want["typev2"], LETTER.get(get("smc.proposal.smcv2.type"), "-"))
        if "release" in want and get("smc.proposal.smc.version.relnum") != str(want["release"]):
            diff("release", want["release"], get("smc.proposal.smc.version.relnum"))
    elif t in ("accept", "confirm"):
        fc = get("smc.%s.first.contact" % t)
        if fc == "-" and t == "accept":
            fc = get("smc.proposal.first.contact")
        fc = {"1": "true", "0": "false", "True": "true", "False": "false"}.get(fc, fc)
        if fc != str(want["first_contact"]).lower():
            diff("first_contact", str(want["first_contact"]).lower(), fc)
        chosen = LETTER.get(get("smc.%s.smc.type" % t), "-")
        if chosen != want["chosen"]:
            diff("chosen", want["chosen"], chosen)
        rel = get("smc.%s.smc.version.relnum" % t)
        if "release" in want and rel != str(want["release"]):
            diff("release", want["release"], rel)
    elif t == "decline" and "code" in want:
        code = get("smc.peer.diag.info")
        if code == "-" or int(code, 16) != int(want["code"], 16):
            diff("code", want["code"], code)
        osync = {"1": "true", "0": "false"}.get(get("smc.decline.osync"), "-")
        if osync != str(want["out_of_sync"]).lower():
            diff("out_of_sync", str(want["out_of_sync"]).lower(), osync)


def check(tshark, env, capture, disable):
    truth_path = re.sub(r"\.pcap(ng)?$", "", capture) + ".truth.json"
    with open(truth_path) as f:
        truth = json.load(f)
    name = os.path.relpath(capture, os.path.dirname(os.path.dirname(os.path.abspath(capture))))
    out = []
    if truth.get("file_error") == "bad magic":
        return out
    rows = run_tshark(tshark, env, capture, disable)
    want = {}
    for conn in truth["connections"]:
        for m in conn["messages"]:
            want.setdefault(m["frame"], []).append(m)
    for frame in sorted(set(want) | set(rows)):
        vals = rows.get(frame)
        got = per_message(vals) if vals else []
        if vals and vals["_ws.malformed"]:
            out.append("%s frame %d: [Malformed Packet]%s"
                       % (name, frame, "" if got else " (no CLC message: RoCE/LLC)"))
        left = list(got)
        for m in want.get(frame, []):
            match = next((g for g in left if g["type"] == m["type"]), None)
            if match is None:
                out.append("%s frame %d: %s in the truth, not decoded" % (name, frame, m["type"]))
                continue
            left.remove(match)
            if not m.get("truncated"):
                compare_message(name, frame, m, match, out)
        for g in left:
            out.append("%s frame %d: %s decoded, not in the truth" % (name, frame, g["type"]))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tshark", default="tshark")
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--expected")
    g.add_argument("--update")
    ap.add_argument("captures", nargs="+")
    a = ap.parse_args()

    home = tempfile.mkdtemp(prefix="smc-builtin-")
    env = dict(os.environ, HOME=home, XDG_CONFIG_HOME=home, LC_ALL="C")
    env.pop("WIRESHARK_PLUGIN_DIR", None)
    disable = plugin_loaded(a.tshark, env)
    caps = [c for c in sorted(a.captures)
            if os.path.exists(re.sub(r"\.pcap(ng)?$", "", c) + ".truth.json")]
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda c: check(a.tshark, env, c, disable), caps))
    lines = [line for r in results for line in r]
    text = "".join(line + "\n" for line in lines)
    if a.update:
        with open(a.update, "w") as f:
            f.write(text)
        print("wrote %d findings over %d captures to %s" % (len(lines), len(caps), a.update))
        return 0
    if not a.expected:
        sys.stdout.write(text)
        return 0
    with open(a.expected) as f:
        old = f.read()
    if old == text:
        print("%d findings over %d captures, as expected" % (len(lines), len(caps)))
        return 0
    sys.stdout.writelines(difflib.unified_diff(old.splitlines(True), text.splitlines(True),
                                               a.expected, "now"))
    print("the built-in smc dissector's findings changed: read the diff, then update %s "
          "(--update) and docs/plugin.md" % a.expected)
    return 1


if __name__ == "__main__":
    sys.exit(main())
