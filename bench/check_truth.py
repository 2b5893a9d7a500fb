#!/usr/bin/env python3
"""Compare smcdump's JSON Lines output, or an independent decode, with a generator truth file.

usage: check_truth.py FILE.truth.json SMCDUMP_JSONL|DECODED.truth.json [--quiet]

SMCDUMP_JSONL is what `smcdump -r FILE --json` wrote ("-" = stdin).
DECODED.truth.json is what `captures/gen/realtruth.py -o DECODED.truth.json
FILE` wrote: a decoder that shares no code with smcdump or gen_mixed, so
agreement there checks the generator's truth itself. Counted:

  {"event": "handshake", "outcome": "smc-r"|"smc-d"|"fallback"|"incomplete",
   "reason": "NOSMCRDEV"|"PEERNOSMC"|..., ...}   one per SMC-offering connection
  {"event": "clc", "type": "proposal"|"accept"|"confirm"|"decline", ...}
                                                  one per distinct CLC message

Reasons are compared for fallback handshakes only; an "SMC_CLC_DECL_" prefix
is ignored. Other events and keys are ignored, except the final "stats"
record (smcdump --json --stats) or a "summary" record: its packet count
("packets" or "counters.packets") must equal the truth's, and its
"counters.lookalikes", when present, is shown beside the truth's look-alike
count for information only (the two may count differently).

Prints a Markdown table and exits 0 when every count matches, 1 on any
difference, 2 on bad input.
"""

import collections
import json
import sys

OUTCOMES = ("smc-r", "smc-d", "fallback", "incomplete")
CLC_TYPES = ("proposal", "accept", "confirm", "decline")


def norm_reason(r):
    if r is None:
        return "(none)"
    r = str(r).strip()
    if r.upper().startswith("SMC_CLC_DECL_"):
        r = r[len("SMC_CLC_DECL_"):]
    return r.upper() if r else "(none)"


def read_jsonl(path):
    f = sys.stdin if path == "-" else open(path, encoding="utf-8", errors="replace")
    bad = 0
    with f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            try:
                rec = json.loads(line)
            except ValueError:
                bad += 1
                if bad <= 3:
                    print(f"check_truth: {path}:{n}: not JSON: {line[:80]!r}", file=sys.stderr)
                continue
            if isinstance(rec, dict):
                yield rec
    if bad:
        raise SystemExit(f"check_truth: {bad} lines of {path} are not JSON")


def read_decoded(path):
    """A truth file with one entry per connection (captures/README.md, "Truth
    files"), as the records smcdump would write; None when `path` is not one."""
    if path == "-":
        return None
    try:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
    except ValueError:
        return None
    if not isinstance(doc, dict) or not isinstance(doc.get("connections"), list):
        return None
    recs = []
    for c in doc["connections"]:
        for m in c.get("messages", []):
            recs.append({"event": "clc", "type": m.get("type")})
        if c.get("outcome") is not None:
            recs.append({"event": "handshake", "outcome": c["outcome"], "reason": c.get("reason")})
    recs.append({"event": "summary", "packets": doc.get("frames")})
    return recs


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    quiet = "--quiet" in argv
    if len(args) != 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    try:
        with open(args[0], encoding="utf-8") as f:
            truth = json.load(f)
    except (OSError, ValueError) as e:
        print(f"check_truth: {args[0]}: {e}", file=sys.stderr)
        return 2

    outcome = collections.Counter()
    reason = collections.Counter()
    clc = collections.Counter()
    packets = None
    lookalikes = None
    decoded = read_decoded(args[1])
    try:
        for rec in decoded if decoded is not None else read_jsonl(args[1]):
            ev = rec.get("event")
            if ev == "handshake":
                o = str(rec.get("outcome", "(missing)")).lower()
                outcome[o] += 1
                if o == "fallback":
                    reason[norm_reason(rec.get("reason"))] += 1
            elif ev == "clc":
                clc[str(rec.get("type", "(missing)")).lower()] += 1
            elif ev in ("summary", "stats"):
                counters = rec.get("counters") if isinstance(rec.get("counters"), dict) else {}
                if "packets" in rec:
                    packets = rec["packets"]
                elif "packets" in counters:
                    packets = counters["packets"]
                if "lookalikes" in counters:
                    lookalikes = counters["lookalikes"]
    except OSError as e:
        print(f"check_truth: {args[1]}: {e}", file=sys.stderr)
        return 2

    hs = truth.get("smc_handshakes", {})
    rows = []  # (what, expected, got)
    rows.append(("handshakes (total)", hs.get("total", 0), sum(outcome.values())))
    for o in OUTCOMES:
        rows.append((f"outcome {o}", hs.get(o, 0), outcome.get(o, 0)))
    for o in sorted(set(outcome) - set(OUTCOMES)):
        rows.append((f"outcome {o}", 0, outcome[o]))
    t_reasons = truth.get("fallback_reasons", {})
    for r in sorted(set(t_reasons) | set(reason)):
        rows.append((f"fallback reason {r}", t_reasons.get(r, 0), reason.get(r, 0)))
    t_clc = truth.get("clc_messages", {})
    for t in CLC_TYPES:
        rows.append((f"clc {t}", t_clc.get(t, 0), clc.get(t, 0)))
    for t in sorted(set(clc) - set(CLC_TYPES)):
        rows.append((f"clc {t}", 0, clc[t]))
    if packets is not None:
        rows.append(("packets (stats record)", truth.get("packets", 0), packets))

    bad = [r for r in rows if r[1] != r[2]]
    info = []
    if lookalikes is not None:
        info.append(("look-alike payloads (stats, not checked)",
                     truth.get("lookalike_payloads", 0), lookalikes))
    if not quiet or bad:
        print(f"truth: {args[0]}  ({truth.get('packets', '?')} packets, "
              f"{truth.get('tcp_connections', '?')} TCP connections, "
              f"{truth.get('lookalike_payloads', 0)} look-alike payloads)\n")
        print("| count | truth | %s | |" % ("decoded" if decoded is not None else "smcdump"))
        print("|---|---:|---:|---|")
        for what, exp, got in rows:
            mark = "ok" if exp == got else f"**DIFF {got - exp:+d}**"
            print(f"| {what} | {exp} | {got} | {mark} |")
        for what, exp, got in info:
            print(f"| {what} | {exp} | {got} | info |")
        print()
    print(f"check_truth: {'FAIL' if bad else 'OK'}: {len(rows) - len(bad)}/{len(rows)} counts match")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
