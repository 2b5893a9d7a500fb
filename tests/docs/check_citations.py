#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""No file of the repository cites a document that is not in it.

usage: check_citations.py SOURCE_DIR     scan the tree, print offenders, exit 1 if any
       check_citations.py --self-test    every pattern catches its example

Comments and docs cite docs/protocol.md sections ("Message order") and kernel
function names (smc_clc_wait_msg() in net/smc/smc_clc.c). The working notes
the project began from (a CLC specification with numbered sections, a parser
recipe, an anchors list) are not in the repository, so a citation such as
"spec 6.1 item 3" or "recipe 8.4" sends a reader nowhere.
"""
import os
import re
import sys

PATTERNS = [
    ("numbered spec section", re.compile(r"\bspec(?:ification)?(?: section)?s? [0-9]", re.I),
     "as Linux does (spec 6.1 item 3)"),
    ("numbered item of a section", re.compile(r"\b[0-9]+\.[0-9]+,? (?:item|stage) [0-9]"),
     "the 6.1 item 5 rule"),
    ("parser recipe", re.compile(r"\brecipe [0-9]", re.I), "see recipe 8.4"),
    ("the spec as a source", re.compile(r"\b[Ss]pec(?:-built|'s)"), "spec-built shapes"),
    ("anchors list", re.compile(r"\banchors(?:\.md| ?§| [0-9])", re.I), "anchors 2.6 item 1"),
    ("outside notes", re.compile(r"clc-spec|kernel-updates\.md|(?<![A-Z])style\.md"),
     "facts from clc-spec.md"),
    ("shared directory", re.compile(r"/work/shared|\.\./shared/"), "../shared/docs"),
    ("unpublished survey", re.compile(r"project's survey"), "see the project's survey"),
]

TEXT_SUFFIXES = (".c", ".h", ".py", ".sh", ".md", ".txt", ".json", ".1", ".cmake", ".in",
                 ".yml", ".yaml", ".lua", ".expected", ".toml", ".cfg")
THIS = os.path.abspath(__file__)


def offenders(line):
    return [name for name, rx, _ in PATTERNS if rx.search(line)]


def is_build_dir(path):
    return os.path.exists(os.path.join(path, "CMakeCache.txt"))


def scan(root):
    bad = 0
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and
                             not is_build_dir(os.path.join(dirpath, d)))
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            if os.path.abspath(path) == THIS:
                continue
            if not (name.endswith(TEXT_SUFFIXES) or name == "CMakeLists.txt"):
                continue
            with open(path, "rb") as f:
                data = f.read()
            if b"\0" in data[:4096]:
                continue
            for n, line in enumerate(data.decode("utf-8", "replace").splitlines(), 1):
                for what in offenders(line):
                    print("%s:%d: %s: %s" % (os.path.relpath(path, root), n, what, line.strip()))
                    bad += 1
    if bad:
        print("check_citations: %d citation(s) of documents outside the repository; cite a "
              "docs/protocol.md section or a kernel function instead" % bad)
    return 1 if bad else 0


def self_test():
    bad = 0
    for name, rx, example in PATTERNS:
        if not rx.search(example):
            print("self-test: pattern '%s' misses its example %r" % (name, example))
            bad += 1
    for fine in ('docs/protocol.md, "Message order"', "smc_clc_wait_msg() in net/smc/smc_clc.c",
                 "--expect SPEC", "in SPEC's scope", "docs/STYLE.md", "Linux 6.1 and 6.12", "struct pspec ps"):
        if offenders(fine):
            print("self-test: %r flagged as %s" % (fine, offenders(fine)))
            bad += 1
    print("check_citations self-test: %s" % ("FAIL" if bad else "OK"))
    return 1 if bad else 0


def main():
    if sys.argv[1:] == ["--self-test"]:
        return self_test()
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    return scan(sys.argv[1])


if __name__ == "__main__":
    sys.exit(main())
