#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Check docs/protocol.md's wire diagrams against the layout table.

usage: check_layout.py LAYOUT_DUMP docs/protocol.md

LAYOUT_DUMP is the layout_dump program: it prints every place of
SMCCLC_LAYOUT_LIST as the core compiled it (region, region size, field key,
offset, size, mask). A diagram is checked when the line before its code fence
is `<!-- layout: REGION -->`. The diagram grammar (docs/protocol.md,
"Conventions"):

  ruler    offset labels, each starting in the column of the '|' it names:
           a number (from the message start), or +N, V+N, X, ... (from the
           region's start; a bare letter is +0)
  border   a line of '+' and '-'
  content  lines of '|'-separated cells; a cell's first word is a field key
           (several keys joined by '/' share the bytes), `reserved`, or a
           region, list or framing name (`header`, `trailer`, `fce`, ...)
  border   a closing line of '+' and '-'

Words ending in '_' or '/' continue on the cell's next line, as do words
hyphenated with '-'. Lines
`NAME (OFF): key 0xMASK | key 0xMASK ...` describe the sub-byte fields of a
cell called NAME. Every `key 0xMASK` pair in a checked block must match the
table's mask.

Checked: every field cell and `reserved` cell against a place of the region
with the same offset and size; every mask; and that every place of a checked
region is drawn, except reserved places whose bytes another cell shows (the
other form of the same bytes, e.g. v1's reserved bytes under v2's fields).
Exits 1 and names each mismatch.
"""
import re
import subprocess
import sys

# Names a cell may carry that are not fields: framing, and regions or lists
# that have their own diagram (or are lists of a checked entry region).
NON_FIELDS = {"header", "trailer", "fce", "gid_list", "eids", "ism_devices", "ipv6_prefixes",
              "diag_extra", "gid_list_header", "smcd_area", "ip_area", "v2_ext", "smcd_v2_ext", "base"}
LABEL = re.compile(r"^(?:[A-Z]?\+(\d+)|[A-Z]|(\d+))$")
MASK_PAIR = re.compile(r"\b([a-z][a-z0-9_]*) (0x[0-9A-Fa-f]{2})\b")


def load_layout(dump):
    rows = []
    out = subprocess.run([dump], check=True, capture_output=True, text=True).stdout
    for line in out.splitlines():
        region, rsize, key, off, size, mask = line.split()
        rows.append({"region": region, "key": key, "off": int(off), "size": int(size),
                     "mask": int(mask, 16), "seen": False})
    return rows


def blocks(path):
    """(region, first line number, lines) of every marked code block."""
    lines = open(path, encoding="utf-8").read().split("\n")
    i = 0
    while i < len(lines):
        m = re.match(r"^<!-- layout: (\w+) -->$", lines[i])
        if m and i + 1 < len(lines) and lines[i + 1].startswith("```"):
            j = i + 2
            while j < len(lines) and not lines[j].startswith("```"):
                j += 1
            yield m.group(1), i + 3, lines[i + 2:j]
            i = j
        i += 1


def is_border(line):
    s = line.strip()
    return len(s) > 1 and s[0] == "+" and set(s) <= set("+-")


def label_value(token):
    m = LABEL.match(token)
    if not m:
        return None
    if m.group(2) is not None:
        return int(m.group(2))
    return int(m.group(1)) if m.group(1) is not None else 0


def ruler_labels(line):
    return {m.start(): m.group(0) for m in re.finditer(r"\S+", line)}


def join_cell(parts):
    text = ""
    for p in (p.strip() for p in parts):
        if not p:
            continue
        if text.endswith("-"):
            text = text[:-1]  # a hyphenated word
        elif text and not text.endswith(("_", "/")):
            text += " "
        text += p
    return text


def cells(block):
    """(line index, name, start label, end label) of every cell of every box row."""
    i = 0
    while i < len(block):
        if i > 0 and is_border(block[i]) and i + 1 < len(block) and block[i + 1].lstrip().startswith("|"):
            ruler = ruler_labels(block[i - 1])
            j = i + 1
            content = []
            while j < len(block) and block[j].lstrip().startswith("|"):
                content.append(block[j])
                j += 1
            bars = [k for k, c in enumerate(content[0]) if c == "|"]
            for a, b in zip(bars, bars[1:]):
                name = join_cell(line[a + 1:b] for line in content)
                if name:
                    yield i, name.split()[0].rstrip(":,"), ruler.get(a), ruler.get(b)
            i = j
        i += 1


def footnotes(block):
    """{name: text} of the `NAME (OFF): ...` lines, with their continuation lines."""
    notes = {}
    last = None
    for line in block:
        m = re.match(r"^\s*([\w/ ]+?) \(([^)]*)\):\s*(.*)$", line)
        if m:
            last = m.group(1).strip()
            notes[last] = m.group(3)
        elif last and re.match(r"^\s+\|", line):
            notes[last] += " " + line.strip()
        else:
            last = None
    return notes


def main():
    dump, doc = sys.argv[1], sys.argv[2]
    rows = load_layout(dump)
    regions = {r["region"] for r in rows}
    errors = []
    checked = set()

    def find(region, key, off=None):
        return [r for r in rows if r["region"] == region and r["key"] == key and
                (off is None or r["off"] == off)]

    for region, lineno, block in blocks(doc):
        if region not in regions:
            errors.append("%s:%d: no region %s in the layout table" % (doc, lineno, region))
            continue
        checked.add(region)
        notes = footnotes(block)
        drawn = []
        for i, name, start, end in cells(block):
            where = "%s:%d: %s" % (doc, lineno + i, name)
            if name in NON_FIELDS and not find(region, name):
                continue
            s = label_value(start) if start else None
            e = label_value(end) if end else None
            if s is None or e is None:
                errors.append("%s: no offset label above its %s edge" %
                              (where, "left" if s is None else "right"))
                continue
            drawn.append((s, e))
            keys = name.split("/")
            if name in notes:
                keys = [k for k, _ in MASK_PAIR.findall(notes[name])]
            for key in keys:
                if key == "reserved" and name not in notes:
                    match = [r for r in find(region, "reserved", s) if r["size"] == e - s]
                elif key in ("reserved", "reserved_bits"):
                    match = find(region, "reserved_bits", s)
                else:
                    match = [r for r in find(region, key, s) if r["size"] == e - s or
                             (r["mask"] and r["size"] == 1 and e - s == 1)]
                if not match:
                    errors.append("%s: the table has no %s of %d bytes at %d in %s" %
                                  (where, key, e - s, s, region))
                for r in match:
                    r["seen"] = True
        for key, mask in MASK_PAIR.findall("\n".join(block)):
            key = "reserved_bits" if key == "reserved" else key
            match = find(region, key) + (find("header", key) if region != "header" else [])
            if not any(r["mask"] == int(mask, 16) for r in match):
                errors.append("%s:%d: %s %s: the table says mask %s" %
                              (doc, lineno, key, mask,
                               ", ".join("0x%02X" % r["mask"] for r in match) or "no such field"))
            for r in match:
                if r["mask"] == int(mask, 16):
                    r["seen"] = True
        for r in rows:
            if r["region"] == region and r["key"] == "reserved" and not r["seen"]:
                if any(s <= r["off"] and r["off"] + r["size"] <= e for s, e in drawn) or \
                        all(any(s <= b < e for s, e in drawn) for b in range(r["off"], r["off"] + r["size"])):
                    r["seen"] = True
    for r in rows:
        if r["region"] in checked and not r["seen"]:
            errors.append("%s: %s (%d bytes at %d, mask 0x%02X) of region %s is in no diagram" %
                          (doc, r["key"], r["size"], r["off"], r["mask"], r["region"]))
    for region in sorted(regions - checked):
        errors.append("%s: region %s has no diagram marked <!-- layout: %s -->" % (doc, region, region))
    for e in errors:
        print(e)
    print("%d regions, %d places checked, %d errors" % (len(checked), len(rows), len(errors)))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
