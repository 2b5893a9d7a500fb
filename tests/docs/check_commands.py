#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Every command the guide and the hints name exists, as tests/docs/commands.txt says.

usage: check_commands.py docs/troubleshooting.md core/include/smcclc/tables.h tests/docs/commands.txt
"""
import re
import sys

# Tools whose every use must be listed; a span starting with one of them is a command.
TOOLS = {"smc", "smc_run", "smcss", "smc_pnet", "smcr", "smcd", "smc_chk", "smc_rnics", "rdma",
         "ibv_devinfo", "ip", "nstat", "ethtool", "sysctl", "lsmod", "dmesg", "uname", "ulimit",
         "strace", "smcdump", "pnetctl"}
# smc-tools' smc.c is built as smcr and smcd only; pnetctl is not part of any tool we name.
NOT_A_COMMAND = {"smc": "smc-tools builds no `smc` binary: use smcr or smcd",
                 "pnetctl": "found in neither smc-tools nor iproute2: name smc_pnet"}
S390_ONLY = {"smc_chk", "smc_rnics"}


def main():
    guide, tables, listing = sys.argv[1:4]
    listed = {}
    for line in open(listing, encoding="utf-8"):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        cmd, where = (x.strip() for x in line.split("|", 1))
        listed[cmd] = where
    text = open(guide, encoding="utf-8").read()
    spans = re.findall(r"`([^`\n]+)`", text)
    # The hints print as plain text: take every "tool args" run of the table strings.
    hints = " ".join(re.findall(r'"((?:[^"\\]|\\.)*)"', open(tables, encoding="utf-8").read()))
    for m in re.finditer(r"(?<![-\w.])(" + "|".join(sorted(TOOLS, key=len, reverse=True)) +
                         r")(?![-\w])((?: -?[a-z][-a-z0-9_.]*){0,3})", hints):
        # "the smc module", "smc_pnet/..." name things, not command lines
        if m.group(2).split()[:1] == ["module"]:
            continue
        spans.append(m.group(0))
    bad = 0
    used = set()
    for span in spans:
        words = span.split()
        if not words or words[0] not in TOOLS:
            continue
        if len(words) == 1 and words[0] not in listed:
            # the program's name as a noun ("`smcss` prints ..."): it must exist
            if words[0] == "smc" or any(c.split()[0] == words[0] for c in listed):
                continue
        if words[0] in NOT_A_COMMAND:
            print(f"FAIL `{span}`: {NOT_A_COMMAND[words[0]]}")
            bad += 1
            continue
        # the longest listed prefix of the span
        match = None
        for n in range(len(words), 0, -1):
            if " ".join(words[:n]) in listed:
                match = " ".join(words[:n])
                break
        if match is None:
            print(f"FAIL `{span}`: not in {listing}")
            bad += 1
            continue
        used.add(match)
    for tool in S390_ONLY:
        for m in re.finditer(r"`" + tool + r"[^`]*`", text):
            around = text[max(0, m.start() - 200):m.end() + 200]
            if "IBM Z" not in around and "s390" not in around:
                print(f"FAIL `{m.group(0)}` without saying it exists only on IBM Z (s390)")
                bad += 1
    for cmd in listed:
        if cmd not in used:
            print(f"FAIL {listing}: `{cmd}` is no longer used by the guide or the hints")
            bad += 1
    for cmd in sorted(used):
        print(f"ok   {cmd:34} {listed[cmd]}")
    print(f"{len(used)} commands checked, {bad} problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
