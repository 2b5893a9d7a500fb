"""Targeted assertions on what the plugin shows, and the tree snapshots.

An assertion file (tests/plugin/assert/SET/CAPTURE.txt) says what its capture
is about in lines a reviewer reads in a minute; every message, field and
verdict is already compared with smcdump --json (compare_smcdump.py) and with
the truth files (plugin.truth.*), so these lines check what those do not
see: the Info column, the SYN items, the expert items' words, which frames
the plugin claims at all, and the labels of the tree.

One assertion per line, '#' starts a comment:

    FRAME FIELD == VALUE    every occurrence of FIELD in FRAME, joined by " | "
    FRAME FIELD has VALUE   one occurrence of FIELD in FRAME is VALUE
    FRAME FIELD absent      FRAME has no FIELD (or the plugin does not show FRAME)
    frames == N N ...       the frames the plugin shows (tshark -Y smcclc), or "none"

FIELD is an smcclc.* field, or: info (the Info column, without TCP's own
"[TCP ...]" marks), protocol (the Protocol column), expert (the plugin's
expert messages, not TCP's), tree (the lines of the plugin's subtree in
tshark -V, indentation removed). A VALUE ending in "..." matches any value
that starts with what comes before it. tshark runs with two passes (-2), so
every frame of a handshake carries its final verdict, as the user sees it
after the file is loaded.

Every run also proves each assertion can fail: its expected value (or,
for "absent", its negation) is changed and the assertion must then fail.

A tree snapshot (tests/plugin/assert/tree/CAPTURE.txt) is the plugin's
subtree of the frames its "# frames:" line names, as tshark -V prints it
(a label Wireshark cut at 240 bytes is shortened alike on every release):
the layout and labels a user reads, which no field test sees.
"""
import os
import re

from plugin_test import Fail, frame_fields

TOP = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
ALIASES = {"info": "_ws.col.Info", "protocol": "_ws.col.Protocol",
           "expert": "_ws.expert.message"}
OPS = ("==", "has", "absent")
# Two passes, as a user sees a loaded file; frame_fields() adds TCP putting
# segments back in order and the built-in smc heuristic off, so that only
# the plugin decides which frames are CLC.
TSHARK_ARGS = ["-2"]


class Assertion:
    def __init__(self, lineno, frame, field, op, value):
        self.lineno, self.frame, self.field, self.op, self.value = (
            lineno, frame, field, op, value)

    def where(self):
        if self.frame == "frames":
            return "line %d: frames" % self.lineno
        return "line %d: frame %s: %s" % (self.lineno, self.frame, self.field)


def parse(path):
    out = []
    with open(path) as fh:
        for lineno, raw in enumerate(fh, 1):
            line = raw.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            tok = line.split(None, 3)
            if tok[0] == "frames":
                if len(tok) < 3 or tok[1] != "==":
                    raise Fail("%s:%d: expected 'frames == N N ...'" % (path, lineno))
                out.append(Assertion(lineno, "frames", None, "==",
                                     " ".join(line.split()[2:])))
                continue
            if not tok[0].isdigit() or len(tok) < 3 or tok[2] not in OPS:
                raise Fail("%s:%d: expected 'FRAME FIELD ==|has|absent [VALUE]': %r"
                           % (path, lineno, line))
            if tok[2] == "absent" and len(tok) > 3:
                raise Fail("%s:%d: 'absent' takes no value" % (path, lineno))
            if tok[2] != "absent" and len(tok) < 4:
                raise Fail("%s:%d: '%s' needs a value" % (path, lineno, tok[2]))
            out.append(Assertion(lineno, int(tok[0]), tok[1], tok[2],
                                 tok[3].strip() if len(tok) > 3 else None))
    if not out:
        raise Fail("%s has no assertion" % path)
    return out


def matches(want, got):
    if want.endswith("..."):
        return got.startswith(want[:-3])
    return got == want


def check(a, shown, values, trees):
    """None if assertion a holds, else what was there instead."""
    if a.frame == "frames":
        got = " ".join(str(n) for n in shown) or "none"
        return None if got == a.value else got
    if a.field == "tree":
        occ = trees.get(a.frame, [])
    else:
        occ = values.get(a.frame, {}).get(ALIASES.get(a.field, a.field), [])
    if a.op == "absent":
        return None if not occ else " | ".join(occ)
    if a.frame not in shown:
        return "(frame %d not shown by the plugin)" % a.frame
    if not occ:
        return "(no %s)" % a.field
    if a.op == "present":
        return None
    if a.op == "==":
        got = " | ".join(occ)
        return None if matches(a.value, got) else got
    if any(matches(a.value, o) for o in occ):
        return None
    if a.field == "tree":
        return "no such line among the %d lines of the subtree" % len(occ)
    return " | ".join(occ)


def expectation(a):
    if a.op == "absent":
        return "no %s" % a.field
    if a.op == "present":
        return "some %s" % a.field
    if a.op == "has" and a.field == "tree":
        return "a line %s in the subtree" % a.value
    if a.op == "has":
        return "%s among the values" % a.value
    return a.value


def flipped(a):
    """The assertion with its expected value changed, to show it can fail."""
    if a.op == "absent":
        return Assertion(a.lineno, a.frame, a.field, "present", None)
    if a.value.endswith("..."):
        return Assertion(a.lineno, a.frame, a.field, a.op, "\u2260" + a.value)
    return Assertion(a.lineno, a.frame, a.field, a.op, a.value + "\u2260")


# Wireshark cuts a label at 240 bytes and marks it " [truncated]" up to 4.0,
# "[…] " from 4.2 on (before the text, or after an expert item's "["),
# cutting at a different place: where a label was cut,
# its first 120 characters stand for it, marked with "…".
CUT = re.compile(r" ?\[truncated\]|\[…\] ?")


# A relative time (FT_RELATIVE_TIME) is shown in seconds up to 4.4 and in the
# unit that suits it from 4.6 on ("6.882000 milliseconds"): seconds here.
UNIT = {"seconds": 1, "milliseconds": 10**-3, "microseconds": 10**-6, "nanoseconds": 10**-9}
RELTIME = re.compile(r"(\d+\.\d+) (milliseconds|microseconds|nanoseconds)\b")


def in_seconds(line):
    return RELTIME.sub(lambda m: "%.9f seconds" % (float(m.group(1)) * UNIT[m.group(2)]), line)


def uncut(line):
    line = in_seconds(line)
    if not CUT.search(line):
        return line
    indent = (len(line) - len(line.lstrip())) // 4 * 4
    return " " * indent + CUT.sub("", line).strip()[:120] + "…"


def tree_lines(ts, capture, frames):
    """{frame: [lines of our subtree in tshark -V, indentation removed]}.
    Without frames, all frames the plugin shows."""
    args = ["-n", "--disable-heuristic", "smc_tcp", "-o", "tcp.reassemble_out_of_order:TRUE",
            "-r", capture, "-V", "-O", "smcclc"] + TSHARK_ARGS
    flt = "smcclc"
    if frames:
        flt += " && (%s)" % " || ".join("frame.number == %d" % n for n in sorted(frames))
    out, _ = ts.run(args + ["-Y", flt])
    trees, frame, inside = {}, None, False
    for line in out.splitlines():
        m = re.match(r"^Frame (\d+): ", line)
        if m:
            frame, inside = int(m.group(1)), False
            continue
        if line and not line[0].isspace():
            # our subtree's header line; the other layers are one line each
            inside = line.startswith("SMC CLC handshake")
        if inside and frame is not None:
            trees.setdefault(frame, []).append(uncut(line))
    return trees


def cmd_assert(ts, capture, path, flip=None):
    ts.require_plugin()
    assertions = parse(path)
    values_known, _ = ts.fields()
    for a in assertions:
        if a.field and a.field not in ALIASES and a.field != "tree" \
                and a.field not in values_known:
            raise Fail("%s: %s: no such field (tshark -G fields)" % (path, a.where()))
    fields = frame_fields(ts, capture, TSHARK_ARGS)
    shown = [int(n) for n, _ in fields]
    values = {int(n): dict(rows) for n, rows in fields}
    tree_frames = {a.frame for a in assertions if a.field == "tree"}
    trees = tree_lines(ts, capture, tree_frames) if tree_frames else {}
    trees = {n: [l.strip() for l in ls] for n, ls in trees.items()}
    if flip is not None:
        assertions = [flipped(a) if a.lineno == flip else a for a in assertions]
    name = os.path.relpath(capture, TOP)
    problems = []
    for a in assertions:
        got = check(a, shown, values, trees)
        if got is not None:
            if len(got) > 300:
                got = got[:300] + "[...]"
            problems.append("%s: %s: expected %s\n    got %s"
                            % (name, a.where(), expectation(a), got))
            continue
        if check(flipped(a), shown, values, trees) is None:
            problems.append("%s: %s: holds whatever its value; it cannot fail"
                            % (name, a.where()))
    if problems:
        raise Fail("%d of %d assertions of %s failed:\n%s"
                   % (len(problems), len(assertions), os.path.relpath(path, TOP),
                      "\n".join(problems)))
    print("%d assertions hold (and each fails when its value is changed)" % len(assertions))


def cmd_tree(ts, capture, path, update):
    ts.require_plugin()
    with open(path) as fh:
        text = fh.read()
    m = re.search(r"^# frames:((?: \d+)+)$", text, re.M)
    if not m:
        raise Fail("%s has no '# frames: N ...' line" % path)
    frames = [int(n) for n in m.group(1).split()]
    trees = tree_lines(ts, capture, frames)
    header = [l for l in text.splitlines() if l.startswith("#")]
    body = []
    for n in frames:
        body.append("Frame %d" % n)
        body += trees.get(n, ["(not shown by the plugin)"])
    actual = "\n".join(header + body) + "\n"
    if update:
        with open(path, "w") as fh:
            fh.write(actual)
        return
    if text != actual:
        import difflib
        d = difflib.unified_diff(text.splitlines(True), actual.splitlines(True), path,
                                 "tshark -V", n=2)
        raise Fail("".join(list(d)[:200]))


def short(text, width=70):
    """An expert message cut to its words before the guide's link."""
    if len(text) <= width:
        return text
    cut = text.find(" [")
    if not 0 < cut <= width:
        cut = text.rfind(" ", 0, width)
    return text[:cut] + "..."


def cmd_draft(ts, capture):
    """A starting point for a new capture's assertion file: the Info column
    of every message, the plugin's expert items and each handshake's verdict.
    To be cut down to what the capture is about and commented."""
    ts.require_plugin()
    fields = [(n, dict(rows)) for n, rows in frame_fields(ts, capture, TSHARK_ARGS)]
    print("# capture: %s" % os.path.relpath(capture, TOP))
    print("frames == %s" % (" ".join(n for n, _ in fields) or "none"))
    syns = 0
    for i, (n, f) in enumerate(fields):
        if "smcclc.syn_option" in f:
            syns += 1
            if syns <= 2:  # one connection's; the others' are alike
                print("%s smcclc.syn_option == %s" % (n, " | ".join(f["smcclc.syn_option"])))
            continue
        print("%s info == %s" % (n, " | ".join(f.get("_ws.col.Info", []))))
        for e in f.get("_ws.expert.message", []):
            print("%s expert has %s" % (n, short(e)))
        # the verdict on the last message of each handshake
        nxt = fields[i + 1][1] if i + 1 < len(fields) else None
        if "smcclc.outcome" in f and (nxt is None or "smcclc.syn_option" in nxt):
            print("%s smcclc.outcome == %s" % (n, f["smcclc.outcome"][-1]))
            if "smcclc.reason" in f:
                print("%s smcclc.reason == %s" % (n, f["smcclc.reason"][-1]))


def cmd_selftest(ts, capture, path):
    """The harness fails on a wrong value and names capture, frame, field,
    expected and got: the first assertion of each kind, its value changed,
    run through plugin_test.py as CTest runs it."""
    import subprocess
    import sys
    picked = {}
    for a in parse(path):
        kind = "frames" if a.frame == "frames" else "tree" if a.field == "tree" else a.op
        picked.setdefault(kind, a)
    missing = {"frames", "==", "has", "absent", "tree"} - set(picked)
    if missing:
        raise Fail("%s has no assertion of kind %s to flip" % (path, ", ".join(sorted(missing))))
    runner = os.path.join(os.path.dirname(os.path.abspath(__file__)), "plugin_test.py")
    for kind, a in sorted(picked.items()):
        p = subprocess.run([sys.executable, runner, "--plugin-dir", ts.plugin_dir, "--tshark",
                            ts.tshark, "--flip", str(a.lineno), "assert", capture, path],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        err = p.stderr.decode()
        want = [os.path.relpath(capture, TOP), a.where(), "expected", "got"]
        if p.returncode != 1 or not all(w in err for w in want):
            raise Fail("line %d (%s) changed: exit %d, wanted 1 and a report naming %s:\n%s"
                       % (a.lineno, kind, p.returncode, want, err))
        print("line %d (%s) changed -> exit 1:\n%s" % (a.lineno, kind, err.rstrip()))
