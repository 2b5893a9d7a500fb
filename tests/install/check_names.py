#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""List the file-scope names that preprocessed header text defines (macros,
struct and enum tags, enum constants, functions, variables) and are not
prefixed smcclc_/SMCCLC_. The kernel's own names are smc_/SMC_, so a program
that includes both (or a BPF program with vmlinux.h) must not meet ours.

usage: check_names.py FILE.i   (output of cc -E -dD; only lines from
include/smcclc/ headers are read). Prints offenders, exits 1 if any."""
import re
import sys

PREFIX = re.compile(r"^(smcclc_|SMCCLC_)")
TOKEN = re.compile(r"[A-Za-z_]\w*|\S")
KEYWORDS = {"struct", "enum", "union", "const", "static", "inline", "extern", "unsigned",
            "signed", "void", "char", "short", "int", "long", "bool", "_Bool", "typedef",
            "return", "if", "while", "for", "sizeof", "volatile", "double", "float",
            "__attribute__", "visibility", "warn_unused_result", "default"}


def our_lines(path):
    """Lines of the preprocessed file that come from our installed headers."""
    ours = False
    for line in open(path, encoding="utf-8", errors="replace"):
        marker = re.match(r'^# \d+ "([^"]*)"', line)
        if marker:
            ours = "/include/smcclc/" in marker.group(1)
            continue
        if ours:
            yield line


def names(lines):
    found = set()
    text = []
    for line in lines:
        m = re.match(r"#define ([A-Za-z_]\w*)", line)
        if m:
            found.add(m.group(1))
        elif not line.startswith("#"):
            text.append(line)
    toks = TOKEN.findall(" ".join(text))
    depth = 0           # brace depth
    paren = 0           # parenthesis depth (parameter lists, attributes)
    in_enum = []        # per brace level: is it an enum body
    expect_enum = False
    element_start = False
    last_ident = None
    for i, t in enumerate(toks):
        if t in ("struct", "enum", "union") and i + 1 < len(toks) and re.match(r"\w", toks[i + 1]):
            if toks[i + 1] not in KEYWORDS:
                found.add(toks[i + 1])
            # only a definition opens an enum body: "enum tag k" in a parameter list does not
            expect_enum = t == "enum" and i + 2 < len(toks) and toks[i + 2] == "{"
            continue
        if t == "{":
            in_enum.append(expect_enum)
            expect_enum = False
            depth += 1
            element_start = True
            continue
        if t == "}":
            depth -= 1
            in_enum.pop()
            continue
        if t == "(":
            if paren == 0 and depth == 0 and last_ident and last_ident not in KEYWORDS:
                found.add(last_ident)   # a function declared at file scope
            paren += 1
        elif t == ")":
            paren -= 1
        elif depth > 0 and in_enum and in_enum[-1]:
            if element_start and re.match(r"[A-Za-z_]", t):
                found.add(t)
                element_start = False
            if t == ",":
                element_start = True
        elif depth == 0 and paren == 0 and t in (";", "[", "=") and last_ident:
            if last_ident not in KEYWORDS:
                found.add(last_ident)   # a variable declared at file scope
        if re.match(r"[A-Za-z_]", t):
            last_ident = t
        elif t not in ("*",):
            last_ident = None if t in (";", "{", "}", ",", ")") else last_ident
    return found


def main():
    bad = sorted(n for n in names(our_lines(sys.argv[1])) if not PREFIX.match(n))
    for n in bad:
        print(n)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
