#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""The layering rule of docs/STYLE.md, checked on the sources: the core
includes neither libpcap nor epan (nor glib), smcdump never epan or glib, and
the plugin never libpcap, counting every project header a file pulls in and
the smcdump sources the plugin builds (dissector/CMakeLists.txt).

usage: check_layering.py ROOT | --self-test"""
import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^">]+)[">]', re.M)
PCAP = re.compile(r"^pcap[/.]|^pcap$")
EPAN = re.compile(r"^(epan|wiretap|wsutil|glib|gmodule|ws_version|wireshark)([/.-]|$)")
RULES = {"core": (PCAP, EPAN), "smcdump": (EPAN,), "dissector": (PCAP,)}


def local_header(root, including, name):
    """Where a quoted include resolves inside the project, or None."""
    for base in (os.path.dirname(including), os.path.join(root, "core", "include"),
                 os.path.join(root, "smcdump")):
        path = os.path.normpath(os.path.join(base, name))
        if os.path.isfile(path):
            return path
    return None


def reached(root, start):
    """(system include, through-file) pairs the file pulls in, transitively."""
    todo, seen, out = [start], set(), []
    while todo:
        f = todo.pop()
        if f in seen:
            continue
        seen.add(f)
        for quote, name in INCLUDE.findall(open(f, encoding="utf-8", errors="replace").read()):
            path = local_header(root, f, name) if quote == '"' else None
            if path:
                todo.append(path)
            else:
                out.append((name, os.path.relpath(f, root)))
    return out


def plugin_extra_sources(root):
    text = open(os.path.join(root, "dissector", "CMakeLists.txt")).read()
    return [os.path.join(root, m) for m in re.findall(r"\$\{PROJECT_SOURCE_DIR\}/(\S+\.c)", text)]


def check(root):
    problems = []
    for part, banned in RULES.items():
        files = []
        for d, _, names in os.walk(os.path.join(root, part)):
            files += [os.path.join(d, n) for n in names if n.endswith((".c", ".h"))]
        if part == "dissector":
            files += plugin_extra_sources(root)
        for f in files:
            for name, via in reached(root, f):
                if any(b.search(name) for b in banned):
                    problems.append(f"{os.path.relpath(f, root)}: {part}/ may not include "
                                    f"<{name}> (through {via})")
    return problems


def self_test():
    import tempfile
    with tempfile.TemporaryDirectory() as root:
        for d in ("core/src", "core/include", "smcdump", "dissector"):
            os.makedirs(os.path.join(root, d))
        open(os.path.join(root, "dissector", "CMakeLists.txt"), "w").write(
            "add_library(x ${PROJECT_SOURCE_DIR}/smcdump/stream.c)\n")
        open(os.path.join(root, "smcdump", "stream.c"), "w").write('#include "report.h"\n')
        open(os.path.join(root, "smcdump", "report.h"), "w").write("#include <pcap/pcap.h>\n")
        open(os.path.join(root, "core", "src", "a.c"), "w").write("#include <epan/packet.h>\n")
        got = check(root)
        want = ["core/src/a.c", "smcdump/stream.c: dissector/"]
        missing = [w for w in want if not any(g.startswith(w) for g in got)]
        if missing or len(got) != 2:
            print("self-test: expected findings for", want, "got", got)
            return 1
    print("self-test: ok")
    return 0


def main():
    if sys.argv[1:] == ["--self-test"]:
        return self_test()
    problems = check(sys.argv[1])
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
