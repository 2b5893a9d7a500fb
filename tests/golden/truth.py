#!/usr/bin/env python3
"""Compare smcdump --json output with a built capture's ground truth.

    truth.py --tabledump BIN TRUTH.json OUTPUT.jsonl

captures/gen/mkcaptures.py writes NAME.truth.json beside each built capture:
per connection its outcome, fallback reason and every CLC message (frame,
direction, type, header fields, decline code). The truth comes from the
generator (captures/gen, written from docs/protocol.md), not from our parser, so agreement here is evidence
that decoding, streams and verdicts are right, not just unchanged.
"""

import argparse
import json
import subprocess
import sys


class Check:
    def __init__(self, name):
        self.name = name
        self.errors = []
        self.notes = []
        # In a message built to break the rules, a field the truth lists may be
        # unreachable for a decoder (an offset past the end, a layout chosen by
        # a broken type): its absence is noted, a different value still fails.
        self.lenient = False

    def fail(self, msg):
        self.errors.append(msg)

    def eq(self, what, have, want):
        if have == want:
            return
        if self.lenient and have is None:
            self.notes.append("%s: not decoded (truth %r)" % (what, want))
            return
        self.fail("%s: smcdump %r, truth %r" % (what, have, want))


def load_jsonl(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def in_conn(rec, conn):
    return {rec.get("src"), rec.get("dst")} == {conn["client"], conn["server"]}


def check_message(ck, conn, want, rec, numbers, declines):
    where = "connection %d frame %d" % (conn["index"], want["frame"])
    src_is_client = rec["src"] == conn["client"]
    ck.eq(where + " dir", "c2s" if src_is_client else "s2c", want["dir"])
    ck.eq(where + " type", rec.get("type"), want["type"])
    ck.eq(where + " smc", rec.get("smc"), want["path"])
    ck.eq(where + " version", rec.get("version"), want["version"])
    ck.eq(where + " length", rec.get("length"), want["length"])
    ck.eq(where + " truncated", rec.get("truncated"), bool(want.get("truncated", False)))
    if "typev1" in want:
        ck.eq(where + " typev1", rec.get("typev1"), want["typev1"])
    if "typev2" in want:
        ck.eq(where + " typev2", rec.get("typev2"), want["typev2"])
    if "first_contact" in want:
        ck.eq(where + " first_contact", rec.get("first_contact"), want["first_contact"])
    if "chosen" in want:
        ck.eq(where + " chosen_type", rec.get("chosen_type"), want["chosen"])
    if "out_of_sync" in want:
        ck.eq(where + " out_of_sync", rec.get("out_of_sync"), want["out_of_sync"])
    if "code" in want:
        ck.eq(where + " diag_code", rec.get("diag_code"), int(want["code"], 16))
    if want.get("code_name") is not None:
        ck.eq(where + " diag_name", rec.get("diag_name"), want["code_name"])
    elif "code_name" in want and rec.get("diag_name") in declines:
        ck.fail("%s diag_name: smcdump %r for a code the tables do not define"
                % (where, rec.get("diag_name")))
    if "release" in want:
        key = rec.get("release", rec.get("fce_release"))
        have = numbers["release"].get(key, key) if isinstance(key, str) else key
        ck.eq(where + " release", have, want["release"])


def check_conn(ck, conn, clc, hands, numbers, declines):
    lo, hi = conn.get("first_frame") or 0, conn.get("last_frame") or 1 << 62
    recs = [r for r in clc if in_conn(r, conn) and lo <= r["frame"] <= hi]
    by_frame = {}
    for r in recs:
        by_frame.setdefault(r["frame"], []).append(r)
    for want in conn["messages"]:
        got = by_frame.get(want["frame"], [])
        match = [r for r in got if r.get("type") == want["type"]] or got
        if not match:
            ck.fail("connection %d: no clc record for the %s in frame %d"
                    % (conn["index"], want["type"], want["frame"]))
            continue
        got.remove(match[0])
        check_message(ck, conn, want, match[0], numbers, declines)
    for frame, left in sorted(by_frame.items()):
        for r in left:
            ck.fail("connection %d: clc record in frame %d (%s) is not in the truth"
                    % (conn["index"], frame, r.get("type")))

    hs = [h for h in hands if h["client"] == conn["client"] and h["server"] == conn["server"]
          and lo <= h["frame"] <= hi]
    want = conn.get("outcome")
    if want is None:
        # With --all, a connection whose SYN had no SMC option gets exactly that verdict.
        if conn.get("syn_option") is False and [h["outcome"] for h in hs] == ["no-option"]:
            return
        if hs:
            ck.fail("connection %d: not SMC, but smcdump gave a verdict %r"
                    % (conn["index"], hs[0]["outcome"]))
        return
    if len(hs) != 1:
        ck.fail("connection %d: %d handshake records, expected 1" % (conn["index"], len(hs)))
        return
    h = hs[0]
    lenient = conn.get("outcome_if_lenient")
    if h["outcome"] != want and lenient is not None and h["outcome"] == lenient:
        ck.notes.append("connection %d: outcome %r is the lenient reading (truth %r)"
                        % (conn["index"], lenient, want))
    else:
        ck.eq("connection %d outcome" % conn["index"], h["outcome"], want)
        reason = conn.get("reason")
        if reason is not None and reason.startswith("0x"):
            # A code the tables do not name: the truth gives the code itself.
            ck.eq("connection %d reason_code" % conn["index"], h.get("reason_code"),
                  int(reason, 16))
            if h.get("reason") in declines:
                ck.fail("connection %d reason: smcdump %r for an undefined code"
                        % (conn["index"], h.get("reason")))
        elif reason is not None:
            ck.eq("connection %d reason" % conn["index"], h.get("reason"), reason)
    if conn.get("declined_by") and h["outcome"] == "fallback" and "decline" in h["frames"]:
        dec = [r for r in recs if r["frame"] == h["frames"]["decline"]
               and r.get("type") == "decline"]
        if dec:
            side = "client" if dec[0]["src"] == conn["client"] else "server"
            ck.eq("connection %d declined_by" % conn["index"], side, conn["declined_by"])
    # The verdict's frame numbers must be the frames the messages completed in.
    firsts = {}
    for m in conn["messages"]:
        firsts.setdefault(m["type"], m["frame"])
    for t, frame in h["frames"].items():
        if t in firsts:
            ck.eq("connection %d frames.%s" % (conn["index"], t), frame, firsts[t])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tabledump", required=True)
    ap.add_argument("truth")
    ap.add_argument("output")
    a = ap.parse_args()
    tables = json.loads(subprocess.run([a.tabledump], check=True, capture_output=True,
                                       text=True).stdout)
    with open(a.truth) as f:
        truth = json.load(f)
    recs = load_jsonl(a.output)
    clc = [r for r in recs if r["event"] == "clc"]
    hands = [r for r in recs if r["event"] == "handshake"]
    ck = Check(truth["file"])
    for conn in truth["connections"]:
        ck.lenient = "anomaly" in conn
        check_conn(ck, conn, clc, hands, tables["val_numbers"], tables["declines"])
    claimed = set()
    for conn in truth["connections"]:
        claimed.add((conn["client"], conn["server"]))
    for h in hands:
        if (h["client"], h["server"]) not in claimed:
            ck.fail("handshake record for %s > %s is not in the truth" % (h["client"], h["server"]))
    for n in ck.notes:
        print("%s: note: %s" % (ck.name, n))
    for e in ck.errors:
        print("%s: %s" % (ck.name, e))
    return 1 if ck.errors else 0


if __name__ == "__main__":
    sys.exit(main())
