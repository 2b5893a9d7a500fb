#!/usr/bin/env python3
"""Every CLC message and verdict of a capture: the plugin against smcdump.

    compare_smcdump.py --plugin-dir DIR --smcdump PATH [--tshark PATH] CAPTURE

smcdump --json and the plugin's tree come from the same core events, so they
must agree on every field of every message: the JSON members of each "clc"
event and the smcclc.* fields of the message in the same frame (tshark -T
pdml, two passes), converted by the field's kind from
core/include/smcclc/tables.h; the anomaly keys and their offsets; truncation;
and the outcome, reason, hint, guide, SMC version, release, situation,
duration and frame links of each "handshake" event (a member only one side
has is a disagreement too).
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from plugin_test import Fail, TShark  # noqa: E402

TABLES = os.path.join(HERE, "..", "..", "core", "include", "smcclc", "tables.h")
VALS_LISTS = {"TYPE": "SMCCLC_CLC_TYPE_LIST", "EYECATCHER": "SMCCLC_EYECATCHER_LIST",
              "PATH": "SMCCLC_PATH_LIST", "RELEASE": "SMCCLC_RELEASE_LIST", "OS": "SMCCLC_OS_LIST",
              "QP_MTU": "SMCCLC_QP_MTU_LIST", "FEATURE": "SMCCLC_FEATURE_LIST"}
# JSON members that are not fields of the message.
ENVELOPE = {"event", "frame", "ts", "src", "dst", "truncated", "anomalies", "anomaly_offsets",
            "mid_stream", "dir"}
# Verdicts the plugin cannot give yet, by capture and verdict frame, each
# with its reason (docs/plugin.md says why). None: the two tools agree on
# every capture.
KNOWN_VERDICTS = {}


def macro_body(text, name):
    m = re.search(r"#define %s\(X\)(.*?)(?:\n\n|\n#|\n/\*)" % name, text, re.S)
    if not m:
        raise Fail("tables.h has no %s" % name)
    return m.group(1).replace("\\\n", " ")


def load_tables():
    with open(TABLES) as fh:
        text = fh.read()
    fields = {}
    for m in re.finditer(r'X\((\w+),\s*"([^"]+)",\s*"[^"]*",\s*(\w+),\s*(\d+),\s*(\w+),\s*(\w+),'
                         r'\s*(\w+),\s*([\w|]+)\)', macro_body(text, "SMCCLC_FIELD_LIST")):
        fields[m.group(2)] = {"kind": m.group(3), "vals": m.group(6), "flags": m.group(8)}
    vals = {}
    for key, macro in VALS_LISTS.items():
        body = macro_body(text, macro)
        vals[key] = {int(m.group(1), 0): m.group(2)
                     for m in re.finditer(r'X\((0x[0-9A-Fa-f]+|\d+)u?,\s*\w+,\s*"([^"]+)"', body)}
    groups = {}
    for m in re.finditer(r'X\((\w+),\s*"([^"]+)",\s*"([^"]+)",\s*(\w+)\)',
                         macro_body(text, "SMCCLC_GROUP_LIST")):
        groups[m.group(3)] = (m.group(2), m.group(4))
    if not fields or not groups:
        raise Fail("could not read the field and group lists of tables.h")
    return fields, vals, groups


class Message:
    def __init__(self):
        self.fields = {}      # key -> [json-like values], flat like smcdump's JSON
        self.lists = {}       # group key -> [values] or [dicts]
        self.anomalies = []   # (key, pos)
        self.truncated = False
        self.start = None     # pos of the eyecatcher
        self.handshake = {}
        self.verdict_experts = []  # expert items of a verdict that is not a success


def convert(tables, key, field):
    fields, vals, _ = tables
    info = fields[key]
    kind, show, value = info["kind"], field.get("show", ""), field.get("value", "")
    if kind in ("UINT", "BITS"):
        return int(show, 0)
    if kind == "ID64":
        return "0x%016x" % int(show, 0)
    if kind == "FLAG":
        return show in ("1", "True", "true")
    if kind == "ENUM":
        n = int(show, 0)
        return vals[info["vals"]].get(n, n)
    if kind == "BYTES":
        return value.lower()
    if kind == "TEXT":
        # the plugin escapes as smcdump's text output does; JSON has the bytes
        return re.sub(r"\\x([0-9a-f]{2})|\\(.)",
                      lambda m: chr(int(m.group(1), 16)) if m.group(1) else m.group(2), show)
    if kind == "PEERID":
        return "%s@%s" % (value[:4], ":".join(value[i:i + 2] for i in range(4, 16, 2)))
    return show


def walk(tables, node, msg, target, experts):
    fields, _, groups = tables
    for child in node:
        name = child.get("name", "")
        show = child.get("show", "")
        if name == "_ws.expert":
            for sub in child:
                key = sub.get("name", "")
                if key.startswith("smcclc."):
                    experts.append((key[7:], int(child.get("pos", "0"))))
            continue
        if name.startswith("smcclc."):
            key = name[7:]
            if key not in fields:
                msg.handshake.setdefault(key, []).append(show)
                continue
            if key == "smc":
                msg.start = int(child.get("pos", "0"))
            if "RESERVED" in fields[key]["flags"]:
                continue
            target.setdefault(key, []).append(convert(tables, key, child))
            continue
        if name == "":
            label = re.sub(r" \(\d+\)$", "", show)
            label = re.sub(r" #\d+$", "", label)
            group = groups.get(label)
            if group and group[1] == "SECTION":
                walk(tables, child, msg, target, experts)
            elif group and group[1] == "VALUE_LIST":
                inner = {}
                walk(tables, child, msg, inner, experts)
                msg.lists[group[0]] = [v for vs in inner.values() for v in vs]
            elif group and group[1] == "OBJECT_LIST" and show.startswith(label + " #"):
                item = {}
                walk(tables, child, msg, item, experts)
                msg.lists.setdefault(group[0], []).append({k: v[0] for k, v in item.items()})
            elif group and group[1] == "OBJECT_LIST":
                msg.lists.setdefault(group[0], [])
                walk(tables, child, msg, target, experts)
            else:
                # Expert items sit under a text item; so does the handshake.
                walk(tables, child, msg, target, experts)


def plugin_messages(ts, tables, capture, prefs=()):
    # Wireshark's defaults: a user who opens the capture sees the same.
    args = ["-n", "-2", "-r", capture, "-Y", "smcclc", "-T", "pdml"]
    for p in prefs:
        args += ["-o", p]
    out, _ = ts.run(args)
    msgs = {}
    if not out.strip():
        return msgs
    root = ET.fromstring(out)
    for packet in root.findall("packet"):
        frame = None
        for proto in packet.findall("proto"):
            if proto.get("name") == "geninfo":
                for f in proto:
                    if f.get("name") == "num":
                        frame = int(f.get("show"))
            if proto.get("name") != "smcclc":
                continue
            msg = Message()
            experts = []
            walk(tables, proto, msg, msg.fields, experts)
            for key, pos in experts:
                if key == "truncated":
                    msg.truncated = True
                elif key in VERDICT_EXPERTS:
                    msg.verdict_experts.append(key)
                elif key != "decline":
                    msg.anomalies.append((key, pos))
            msgs.setdefault(frame, []).append(msg)
    return msgs


def smcdump_events(smcdump, capture):
    p = subprocess.run([smcdump, "-n", "--json", "-r", capture], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    # 3: damaged file, read up to the damage; 2: not a capture (tshark agrees
    # then, and the plugin must show nothing either).
    if p.returncode == 2 and "unknown file format" in p.stderr.decode():
        return []
    if p.returncode not in (0, 3):
        raise Fail("smcdump failed (%d): %s" % (p.returncode, p.stderr.decode()))
    return [json.loads(l) for l in p.stdout.decode().splitlines() if l.strip()]


def compare_clc(ev, msg, problems):
    where = "frame %d %s" % (ev["frame"], ev.get("type"))
    ours = {k: (v[0] if len(v) == 1 else v) for k, v in msg.fields.items()}
    ours.update(msg.lists)
    theirs = {k: v for k, v in ev.items() if k not in ENVELOPE}
    for key in sorted(set(ours) | set(theirs)):
        if key not in ours:
            problems.append("%s: %s=%r only in smcdump" % (where, key, theirs[key]))
        elif key not in theirs:
            problems.append("%s: %s=%r only in the plugin" % (where, key, ours[key]))
        elif ours[key] != theirs[key]:
            problems.append("%s: %s plugin %r, smcdump %r" % (where, key, ours[key], theirs[key]))
    if msg.truncated != ev.get("truncated", False):
        problems.append("%s: truncated plugin %s, smcdump %s"
                        % (where, msg.truncated, ev.get("truncated")))
    keys = [k for k, _ in msg.anomalies]
    if keys != ev.get("anomalies", []):
        problems.append("%s: anomalies plugin %s, smcdump %s" % (where, keys, ev.get("anomalies")))
    elif msg.start is not None:
        offs = [pos - msg.start for _, pos in msg.anomalies]
        if offs != ev.get("anomaly_offsets", offs):
            problems.append("%s: anomaly offsets plugin %s, smcdump %s"
                            % (where, offs, ev.get("anomaly_offsets")))


HS_LINKS = ("proposal", "accept", "confirm", "decline")
# The plugin's expert items for verdicts that are not a success (Declines have
# their own): which one a handshake event must have, from smcdump's members.
VERDICT_EXPERTS = ("fallback", "incomplete", "protocol_error")


def verdict_expert(ev):
    if ev.get("situation") == "PROTOCOL_ERROR" and ev.get("outcome") != "fallback":
        return "protocol_error"
    if ev.get("outcome") == "fallback" and "decline" not in ev.get("frames", {}):
        return "fallback"
    if ev.get("outcome") == "incomplete":
        return "incomplete"
    return None


def compare_handshake(ev, msgs, problems):
    frames = ev.get("frames", {})
    where = "handshake of frame %d" % ev["frame"]
    candidates = [f for f in frames.values()] or [ev["frame"]]
    hs, at = None, None
    for f in candidates:
        for m in msgs.get(f, []):
            if m.handshake.get("outcome"):
                hs, at = m.handshake, f
                break
        if hs:
            break
    if hs is None:
        problems.append("%s: the plugin shows no verdict on frames %s" % (where, candidates))
        return
    # the plugin's handshake field -> smcdump's member; both absent is agreement
    want = {"outcome": ev.get("outcome"), "reason": ev.get("reason"), "hint": ev.get("hint"),
            "guide": ev.get("guide"),
            # a release no table names is a number in JSON, its digits in the field
            "handshake.release": (str(ev["release"]) if isinstance(ev.get("release"), int)
                                  else ev.get("release")),
            "situation": ev.get("situation"),
            "smc_version": str(ev["smc_version"]) if "smc_version" in ev else None}
    for key, value in want.items():
        got = hs.get(key, [None])[0]
        if key == "guide" and value is not None and got is not None:
            # smcdump names the guide where it is installed (SMCCLC_GUIDE),
            # the plugin where it is in the checkout: the file and anchor agree.
            value, got = value.rsplit("/", 1)[-1], got.rsplit("/", 1)[-1]
        if got != value:
            problems.append("%s: %s plugin %r, smcdump %r" % (where, key, got, value))
    seen = sorted({k for f in set(frames.values()) | {ev["frame"]} for m in msgs.get(f, [])
                   for k in m.verdict_experts})
    want_e = verdict_expert(ev)
    if seen != ([want_e] if want_e else []):
        problems.append("%s: verdict expert info plugin %s, expected %s (outcome %s)"
                        % (where, seen, want_e, ev.get("outcome")))
    if "duration_us" in ev:
        got = hs.get("duration", [None])[0]
        if got is None or round(float(got) * 1e6) != ev["duration_us"]:
            problems.append("%s: duration plugin %s s, smcdump %d us"
                            % (where, got, ev["duration_us"]))
    for link in HS_LINKS:
        got = hs.get(link + "_frame", [str(at)] if frames.get(link) == at else [None])[0]
        want_f = frames.get(link)
        if (want_f is None) != (got is None) or (want_f is not None and int(got) != want_f):
            problems.append("%s: %s frame plugin %s, smcdump %s" % (where, link, got, want_f))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--plugin-dir", required=True)
    ap.add_argument("--tshark", default="tshark")
    ap.add_argument("--smcdump", required=True)
    ap.add_argument("--pref", action="append", default=[],
                    help="a Wireshark preference to set (default: none, as a user has them)")
    ap.add_argument("capture", help="a capture, or 'extra': every capture mkextra.py builds")
    a = ap.parse_args()
    if a.capture != "extra":
        return compare(a, os.path.abspath(a.capture))
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        os.chmod(tmp, 0o755)
        subprocess.run([sys.executable, os.path.join(HERE, "mkextra.py"), tmp], check=True)
        for name in sorted(os.listdir(tmp)):
            os.chmod(os.path.join(tmp, name), 0o644)
        for name in sorted(n for n in os.listdir(tmp) if n.endswith(".pcap")):
            print("== %s" % name)
            failed |= compare(a, os.path.join(tmp, name))
    return failed


def compare(a, capture):
    ts = TShark(a.tshark, a.plugin_dir)
    problems = []
    try:
        ts.require_plugin()
        tables = load_tables()
        msgs = plugin_messages(ts, tables, capture, a.pref)
        events = smcdump_events(a.smcdump, capture)
        used = {}
        for ev in events:
            if ev.get("event") == "clc":
                i = used.get(ev["frame"], 0)
                used[ev["frame"]] = i + 1
                # Only messages, not the SYN items, carry an eyecatcher.
                here = [m for m in msgs.get(ev["frame"], []) if m.start is not None]
                if i >= len(here):
                    problems.append("frame %d: smcdump has a %s, the plugin no message"
                                    % (ev["frame"], ev.get("type")))
                    continue
                compare_clc(ev, here[i], problems)
            elif ev.get("event") == "handshake":
                known = KNOWN_VERDICTS.get(os.path.basename(capture), {}).get(ev["frame"])
                if known:
                    print("known difference, frame %d: %s" % (ev["frame"], known))
                    continue
                compare_handshake(ev, msgs, problems)
        for frame, ms in msgs.items():
            n = len([m for m in ms if m.start is not None])
            if n > used.get(frame, 0):
                problems.append("frame %d: the plugin has %d messages, smcdump %d"
                                % (frame, n, used.get(frame, 0)))
        if problems:
            raise Fail("\n".join(problems[:60]))
        print("%d events compared" % len(events))
    except Fail as e:
        print("FAIL: %s" % e, file=sys.stderr)
        return 1
    finally:
        ts.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
