#!/usr/bin/env python3
"""Tests of smcdump --expect and --compare: exit status and exact output.

usage: test_checks.py --smcdump BIN [--schema FILE] expect|compare

Every --expect SPEC element is run once where it holds (exit 0, nothing on
standard error) and once where it does not (exit 5, the exact mismatch
lines); parse errors exit 1 with the caret under the bad token. --compare
runs on pairs of recorded captures that differ in release (Linux 6.1 and
6.12), in the fallback reason, and in the path (SMC-D and SMC-R), on their
--json outputs, and on broken input. Paths are relative to the top of the
checkout, where the commands run.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
R = "captures/real/"
B = "captures/built/"

K612_01 = R + "k612-01-smcr-v2-ipv4.pcap"
K612_07 = R + "k612-07-server-no-rdma-dev.pcap"
K61_00 = R + "k61-00-host-filterdump-all.pcap"

E = "smcdump: --expect "

# (name, arguments after "smcdump -n -q", exit status, standard error)
EXPECT_CASES = [
    # outcome words, bare and as outcome=
    ("outcome-match", ["-r", K612_01, "--expect", "smc-r"], 0, ""),
    ("outcome-mismatch", ["-r", K612_07, "--expect", "smc-r"], 5,
     E + "'smc-r': 192.0.2.2:57778 > 192.0.2.1:5107 (frame 8): expected smc-r, "
     "got fallback,reason=NOSMCRDEV\n"),
    ("outcome-smc-match", ["-r", K612_01, "--expect", "outcome=smc"], 0, ""),
    ("outcome-smc-mismatch", ["-r", R + "k612-05-tcp-server-fallback.pcap", "--expect",
                              "outcome=smc"], 5,
     E + "'outcome=smc': 192.0.2.2:42204 > 192.0.2.1:5105 (frame 4): expected outcome=smc, "
     "got fallback,reason=PEERNOSMC\n"),
    ("outcome-smc-d-match", ["-r", B + "smcd-v2-rel0.pcap", "--expect", "smc-d"], 0, ""),
    ("outcome-smc-d-mismatch", ["-r", K612_01, "--expect", "smc-d,handshakes=3"], 5,
     E + "'smc-d,handshakes=3': 192.0.2.2:38420 > 192.0.2.1:5101 (frame 19): expected smc-d, "
     "got smc-r,version=2,release=2.1,first_contact\n"
     + E + "'smc-d,handshakes=3': 192.0.2.2:38424 > 192.0.2.1:5101 (frame 65): expected "
     "smc-d, got smc-r,version=2,reuse\n"
     + E + "'smc-d,handshakes=3': 192.0.2.2:38436 > 192.0.2.1:5101 (frame 107): expected "
     "smc-d, got smc-r,version=2,reuse\n"),
    ("outcome-fallback-match", ["-r", K612_07, "--expect", "fallback"], 0, ""),
    ("outcome-alternatives-match", ["-r", B + "anomalies.pcap", "--expect",
                                    "outcome=incomplete|fallback|smc-r,handshakes=13"], 0, ""),
    ("outcome-incomplete-mismatch", ["-r", B + "anomalies.pcap", "--expect", "incomplete"], 5,
     E + "'incomplete': 192.0.2.2:44007 > 192.0.2.1:5107 (frame 38): expected incomplete, "
     "got fallback,reason=NOSMCRDEV\n"
     + E + "'incomplete': 192.0.2.2:44009 > 192.0.2.1:5107 (frame 50): expected incomplete, "
     "got fallback,reason=NOSMCRDEV\n"
     + E + "'incomplete': 192.0.2.2:44012 > 192.0.2.1:5107 (frame 81): expected incomplete, "
     "got smc-r,version=2,release=2.0,first_contact\n"
     + E + "'incomplete': 192.0.2.2:44013 > 192.0.2.1:5107 (frame 94): expected incomplete, "
     "got smc-r,version=2,release=2.1,first_contact\n"),
    # no-option: connections without the SMC option, reported with --all
    ("outcome-no-option-match", ["--all", "-r", R + "k612-06-tcp-client-plain.pcap", "--expect",
                                 "no-option"], 0, ""),
    ("outcome-no-option-port-match", ["--all", "-r", K61_00, "--expect",
                                      "port=5103,outcome=no-option,handshakes=1"], 0, ""),
    ("outcome-no-option-mismatch", ["--all", "-r", R + "k612-06-tcp-client-plain.pcap",
                                    "--expect", "smc"], 5,
     E + "'smc': 192.0.2.2:36802 > 192.0.2.1:5106 (frame 3): expected smc, "
     "got no-option (NO_OPTION)\n"),
    # version
    ("version-match", ["-r", K612_01, "--expect", "version=2"], 0, ""),
    ("version-mismatch", ["-r", K612_07, "--expect", "version=2"], 5,
     E + "'version=2': 192.0.2.2:57778 > 192.0.2.1:5107 (frame 8): expected version=2, "
     "got fallback,reason=NOSMCRDEV\n"),
    # release: a link-group reuse carries none and is not held against it
    ("release-match", ["-r", K612_01, "--expect", "smc-r,release=2.1,handshakes=3"], 0, ""),
    ("release-2.0-match", ["-r", R + "k61fix-01-smcr-v2-ipv4.pcap", "--expect", "release=2.0"],
     0, ""),
    ("release-mismatch", ["-r", R + "k61fix-01-smcr-v2-ipv4.pcap", "--expect", "release=2.1"],
     5, E + "'release=2.1': 192.0.2.2:43234 > 192.0.2.1:5101 (frame 27): expected "
     "release=2.1, got smc-r,version=2,release=2.0,first_contact\n"),
    ("release-fallback-mismatch", ["-r", K612_07, "--expect", "release=2.0"], 5,
     E + "'release=2.0': 192.0.2.2:57778 > 192.0.2.1:5107 (frame 8): expected release=2.0, "
     "got fallback,reason=NOSMCRDEV\n"),
    # first contact or reuse
    ("first-contact-match", ["-r", B + "smcr-v21-vendor.pcap", "--expect", "first_contact"], 0,
     ""),
    ("first-contact-mismatch", ["-r", K612_01, "--expect", "port=5101,smc-r,first_contact"], 5,
     E + "'port=5101,smc-r,first_contact': 192.0.2.2:38424 > 192.0.2.1:5101 (frame 65): "
     "expected first_contact, got smc-r,version=2,reuse\n"
     + E + "'port=5101,smc-r,first_contact': 192.0.2.2:38436 > 192.0.2.1:5101 (frame 107): "
     "expected first_contact, got smc-r,version=2,reuse\n"),
    ("reuse-match", ["-r", R + "k612-03-smcr-v2-limit-hs.pcap", "--expect", "reuse"], 0, ""),
    ("first-contact-no-match", ["-r", R + "k612-03-smcr-v2-limit-hs.pcap", "--expect",
                                "first-contact=no"], 0, ""),
    ("reuse-mismatch", ["-r", B + "smcr-v21-vendor.pcap", "--expect", "reuse"], 5,
     E + "'reuse': 192.0.2.2:41601 > 192.0.2.1:5107 (frame 10): expected reuse, "
     "got smc-r,version=2,release=2.1,first_contact\n"),
    # fallback reason by kernel name or code
    ("reason-match", ["-r", K612_07, "--expect", "fallback,reason=NOSMCRDEV"], 0, ""),
    ("reason-code-match", ["-r", K612_07, "--expect", "reason=0x03030002"], 0, ""),
    ("reason-alternatives-match", ["-r", K61_00, "--expect",
                                   "port=5101|5102|5104|5105|5106|5107,fallback,"
                                   "reason=NOSMCDEV|NOSMCRDEV|PEERNOSMC,handshakes=6"], 0, ""),
    ("reason-mismatch", ["-r", K612_07, "--expect", "reason=NOSMCDEV"], 5,
     E + "'reason=NOSMCDEV': 192.0.2.2:57778 > 192.0.2.1:5107 (frame 8): expected "
     "reason=NOSMCDEV, got fallback,reason=NOSMCRDEV\n"),
    # no anomalies
    ("no-anomalies-match", ["-r", K612_01, "--expect", "no_anomalies"], 0, ""),
    ("no-anomalies-mismatch", ["-r", B + "declines-all-codes.pcap", "--expect",
                               "no-anomalies"], 5,
     E + "'no-anomalies': 192.0.2.2:42037 > 192.0.2.1:5107 (frame 546): expected no-anomalies "
     "in the decline, got anomalies=decl_code_unknown\n"
     + E + "'no-anomalies': 192.0.2.2:42038 > 192.0.2.1:5107 (frame 561): expected "
     "no-anomalies in the decline, got anomalies=decl_code_unknown\n"),
    # handshake counts, and the default of at least one
    ("handshakes-ge-match", ["-r", K612_01, "--expect", "handshakes>=3"], 0, ""),
    ("handshakes-eq-match", ["-r", K612_01, "--expect", "handshakes=3"], 0, ""),
    ("handshakes-le-mismatch", ["-r", K612_01, "--expect", "handshakes<=2"], 5,
     E + "'handshakes<=2': expected handshakes<=2, got handshakes=3\n"),
    ("handshakes-ge-mismatch", ["-r", K612_01, "--expect", "handshakes>=4"], 5,
     E + "'handshakes>=4': expected handshakes>=4, got handshakes=3\n"),
    ("handshakes-default-mismatch", ["-r", K612_01, "--expect", "port=5107,smc-r"], 5,
     E + "'port=5107,smc-r': expected handshakes>=1 (the default), got handshakes=0; say "
     "handshakes>=0 if none is fine\n"),
    ("handshakes-zero-match", ["-r", R + "k612-06-tcp-client-plain.pcap", "--expect",
                               "handshakes=0"], 0, ""),
    # scope: port, host, client, server (addresses with prefix lengths)
    ("port-match", ["-r", K61_00, "--expect", "port=5107,fallback"], 0, ""),
    ("port-mismatch", ["-r", K61_00, "--expect", "port=5108,fallback"], 5,
     E + "'port=5108,fallback': 192.0.2.2:35148 > 192.0.2.1:5108 (frame 110): expected "
     "fallback, got smc-r,version=2,release=2.0,first_contact\n"),
    ("server-match", ["-r", K612_01, "--expect", "server=192.0.2.1,smc-r,handshakes=3"], 0, ""),
    ("host-prefix-match", ["-r", K61_00, "--expect", "host=2001:db8::/32,fallback,handshakes=1"],
     0, ""),
    ("client-prefix-mismatch", ["-r", K61_00, "--expect", "client=192.0.2.0/24,fallback"], 5,
     E + "'client=192.0.2.0/24,fallback': 192.0.2.2:35148 > 192.0.2.1:5108 (frame 110): "
     "expected fallback, got smc-r,version=2,release=2.0,first_contact\n"),
    ("server-v6-mismatch", ["-r", K61_00, "--expect", "server=2001:db8::1,smc-r"], 5,
     E + "'server=2001:db8::1,smc-r': [2001:db8::2]:34290 > [2001:db8::1]:5101 (frame 16): "
     "expected smc-r, got fallback,reason=NOSMCDEV\n"),
    # several SPECs: each is checked alone
    ("several", ["-r", K612_07, "--expect", "port=5107,fallback", "--expect", "smc-r"], 5,
     E + "'smc-r': 192.0.2.2:57778 > 192.0.2.1:5107 (frame 8): expected smc-r, "
     "got fallback,reason=NOSMCRDEV\n"),
    # a damaged capture says so first: status 3, the checks still speak
    ("damaged-input", ["-r", B + "truncated-file.pcap", "--expect", "smc-r"], 3,
     E + "'smc-r': 192.0.2.2:44101 > 192.0.2.1:5107 (frame 6): expected smc-r, "
     "got fallback,reason=NOSMCRDEV\n"
     "smcdump: captures/built/truncated-file.pcap: packet 23, byte 2490: damaged: capture "
     "file damaged after 22 good records: truncated dump file; tried to read 246 captured "
     "bytes, only got 40\n"
     + E + "'smc-r': 192.0.2.2:44102 > 192.0.2.1:5107 (frame 22): expected smc-r, "
     "got incomplete (INCOMPLETE)\n"),
]

P = "smcdump: --expect: "
SYNTAX_CASES = [
    ("unknown-term", "smc-x",
     P + "a term is an outcome (%OUTCOMES%), first_contact, reuse, no_anomalies, or "
     "KEY=VALUE with KEY one of outcome, version, release, reason, first_contact, handshakes, "
     "port, host, client, server\n" + P + "column 1: unknown term 'smc-x'\n  smc-x\n  ^\n"),
    ("unknown-key", "smc-r,relase=2.1",
     P + "column 7: unknown key 'relase'\n  smc-r,relase=2.1\n        ^\n"),
    ("unknown-outcome", "outcome=smc-r|smc-q",
     P + "outcomes are %OUTCOMES%\n" + P + "column 15: unknown outcome 'smc-q'\n"
     "  outcome=smc-r|smc-q\n                ^\n"),
    ("bad-version", "version=3",
     P + "column 9: version '3' is not 1 or 2\n  version=3\n          ^\n"),
    ("unknown-release", "release=3.0",
     P + "column 9: unknown release '3.0' (2.0 or 2.1)\n  release=3.0\n          ^\n"),
    ("unknown-reason", "fallback,reason=NOSUCH",
     P + "column 17: unknown reason 'NOSUCH' (a kernel decline name such as NOSMCRDEV, "
     "PEERNOSMC, UNKNOWN, or a code 0x03030002)\n  fallback,reason=NOSUCH\n"
     "                  ^\n"),
    ("empty-alternative", "reason=NOSMCRDEV|",
     P + "column 18: an empty alternative\n  reason=NOSMCRDEV|\n                   ^\n"),
    ("missing-value", "release=",
     P + "column 8: a value is missing after 'release='\n  release=\n         ^\n"),
    ("bad-operator", "handshakes>3",
     P + "column 11: '>3': use =, >= or <=\n  handshakes>3\n            ^\n"),
    ("bad-address", "host=192.0.2.300",
     P + "column 6: '192.0.2.300' is not an IPv4 or IPv6 address[/length]\n"
     "  host=192.0.2.300\n       ^\n"),
    ("bad-prefix", "server=192.0.2.0/33",
     P + "column 8: '192.0.2.0/33' is not an IPv4 or IPv6 address[/length]\n"
     "  server=192.0.2.0/33\n         ^\n"),
    ("missing-term", "smc-r,,fallback",
     P + "column 7: a term is missing here\n  smc-r,,fallback\n        ^\n"),
    ("missing-comma", "smc-r fallback",
     P + "column 7: a ',' is missing before 'fallback'\n  smc-r fallback\n        ^\n"),
    ("bad-port", "port=70000",
     P + "column 6: port '70000' is not a number from 0 to 65535\n  port=70000\n       ^\n"),
    ("bad-flag", "first_contact=maybe",
     P + "column 15: 'maybe' is not yes or no\n  first_contact=maybe\n                ^\n"),
    ("value-for-word", "no_anomalies=yes",
     P + "column 14: no_anomalies takes no value: 'yes'\n  no_anomalies=yes\n"
     "               ^\n"),
]


def run(smcdump, args, stdin=None):
    r = subprocess.run([smcdump] + args, cwd=ROOT, capture_output=True, text=True,
                       env=dict(os.environ, TZ="UTC"), input=stdin)
    return r.returncode, r.stdout, r.stderr


class Result:
    def __init__(self):
        self.failed = 0
        self.passed = 0

    def check(self, name, ok, detail=""):
        if ok:
            self.passed += 1
            print("%s: passed" % name)
        else:
            self.failed += 1
            print("%s: FAILED %s" % (name, detail))


def outcome_keys(schema):
    with open(schema) as f:
        s = json.load(f)
    return s["$defs"]["handshake"]["properties"]["outcome"]["enum"]


def test_expect(smcdump, schema, res):
    outcomes = ", ".join(outcome_keys(schema) + ["smc"])
    for name, args, status, err in EXPECT_CASES:
        rc, _, got = run(smcdump, ["-n", "-q"] + args)
        ok = rc == status and (err is None or got == err)
        res.check("expect." + name, ok, "exit %d (want %d)\n--- stderr\n%s--- wanted\n%s"
                  % (rc, status, got, err))
    # reason=UNKNOWN names the codes the tables do not define: 2 of the 40 connections.
    rc, _, got = run(smcdump, ["-n", "-q", "-r", B + "declines-all-codes.pcap", "--expect",
                               "reason=UNKNOWN,handshakes=40"])
    res.check("expect.reason-unknown", rc == 5 and got.count("expected reason=UNKNOWN") == 38
              and ":42037 " not in got and ":42038 " not in got,
              "exit %d\n%s" % (rc, got))
    for name, spec, err in SYNTAX_CASES:
        rc, out, got = run(smcdump, ["-n", "-r", K612_07, "--expect", spec])
        want = err.replace("%OUTCOMES%", outcomes)
        res.check("expect.syntax." + name, rc == 1 and got == want and out == "",
                  "exit %d\n--- stderr\n%s--- wanted\n%s" % (rc, got, want))
    # Every outcome of the tables is a word of the grammar (no-option included once the
    # tables have it): parsed, never a usage error.
    for key in outcome_keys(schema):
        rc, _, got = run(smcdump, ["-n", "-q", "-r", K612_07, "--expect", key,
                                   "--expect", "outcome=" + key])
        res.check("expect.outcome-word." + key, rc in (0, 5) and "column" not in got,
                  "exit %d\n%s" % (rc, got))
    # The checks do not change what is printed.
    for extra in ([], ["--json"], ["-v"]):
        _, plain, _ = run(smcdump, ["-n", "-r", K612_01] + extra)
        rc, checked, _ = run(smcdump, ["-n", "-r", K612_01, "--expect", "smc-d"] + extra)
        res.check("expect.output-unchanged" + "".join(extra), rc == 5 and plain == checked
                  and plain != "")


COMPARE_CASES = [
    # Linux 6.1 (with the rxe fixes) against 6.12: the same three connections, release 2.0
    # became 2.1 on the first contact.
    ("release-6.1-6.12", [R + "k61fix-01-smcr-v2-ipv4.pcap", K612_01], 6,
     "192.0.2.1:5101 (A#1, B#1): release 2.0 -> 2.1\n"
     "connections: A 3, B 3; paired 3, changed 1, only in A 0, only in B 0\n"),
    # Unmodified 6.1 (one handshake, on port 5108) against 6.12 (three, on 5101): paired by
    # address when the ports differ.
    ("release-6.1-once-6.12", [R + "k61-08-smcr-v2-ipv4-once.pcap", K612_01], 6,
     "192.0.2.1:5108 / 192.0.2.1:5101 (A#1, B#1): release 2.0 -> 2.1\n"
     "192.0.2.1:5101 (B#2): only in B: smc-r,version=2,reuse\n"
     "192.0.2.1:5101 (B#3): only in B: smc-r,version=2,reuse\n"
     "connections: A 1, B 3; paired 1, changed 1, only in A 0, only in B 2\n"),
    # The same fallback on 6.1 and 6.12: nothing changed.
    ("same-reason-6.1-6.12", [R + "k61-04-server-no-rdma-dev.pcap", K612_07], 0,
     "connections: A 1, B 1; paired 1, changed 0, only in A 0, only in B 0\n"),
    # Another reason: no RoCE device, then no common UEID.
    ("reason", [K612_07, R + "k612-08-server-ueid-mismatch.pcap"], 6,
     "192.0.2.1:5107 / 192.0.2.1:5108 (A#1, B#1): reason NOSMCRDEV -> NOSMCDEV\n"
     "connections: A 1, B 1; paired 1, changed 1, only in A 0, only in B 0\n"),
    # SMC-D (loopback-ism, built) against SMC-R (recorded): path, buffer sizes, durations.
    ("smc-d-smc-r", [B + "smcd-v2-rel1-emulated.pcap", K612_01], 6,
     "192.0.2.1:5107 / 192.0.2.1:5101 (A#1, B#1): outcome smc-d -> smc-r, "
     "server_buffer_bytes 32768 -> 65536, client_buffer_bytes 32768 -> 65536, "
     "duration_us 840 us -> 63.5 ms\n"
     "192.0.2.1:5107 / 192.0.2.1:5101 (A#2, B#2): outcome smc-d -> smc-r, "
     "server_buffer_bytes 32768 -> 65536, client_buffer_bytes 32768 -> 65536, "
     "duration_us 840 us -> 10.7 ms\n"
     "192.0.2.1:5101 (B#3): only in B: smc-r,version=2,reuse\n"
     "connections: A 2, B 3; paired 2, changed 2, only in A 0, only in B 1\n"),
    # SMC-R then a fallback on the same listener.
    ("outcome", [B + "smcr-v21-vendor.pcap", K612_07], 6,
     "192.0.2.1:5107 (A#1, B#1): outcome smc-r -> fallback, "
     "reason - -> NOSMCRDEV, duration_us 840 us -> 2.2 ms\n"
     "connections: A 1, B 1; paired 1, changed 1, only in A 0, only in B 0\n"),
    # One recording through two link types: identical.
    ("same-traffic", [K612_01, R + "k612-01-smcr-v2-ipv4-any-sll.pcap"], 0,
     "connections: A 3, B 3; paired 3, changed 0, only in A 0, only in B 0\n"),
]


# Recorded SMC-D (loopback-ism, Linux 6.12) against recorded SMC-R: run once the recording
# is in captures/real/ (it comes with the SMC-D recordings).
SMCD_REAL = R + "k612lo-01-smcd-v2-lo-ipv4.pcap"
SMCD_REAL_CASE = (
    "real-smc-d-smc-r", [SMCD_REAL, K612_01], 6,
    "127.0.0.1:5101 / 192.0.2.1:5101 (A#1, B#1): outcome smc-d -> smc-r\n"
    "127.0.0.1:5101 / 192.0.2.1:5101 (A#2, B#2): outcome smc-d -> smc-r, "
    "duration_us 3.8 ms -> 10.7 ms\n"
    "127.0.0.1:5101 / 192.0.2.1:5101 (A#3, B#3): outcome smc-d -> smc-r, "
    "duration_us 2.2 ms -> 5.6 ms\n"
    "connections: A 3, B 3; paired 3, changed 3, only in A 0, only in B 0\n")


def test_compare(smcdump, schema, res):
    tmp = tempfile.mkdtemp(prefix="smcdump-compare-")
    cases = list(COMPARE_CASES)
    if os.path.exists(os.path.join(ROOT, SMCD_REAL)):
        cases.append(SMCD_REAL_CASE)
    else:
        print("compare.%s: not run, %s is not there yet" % (SMCD_REAL_CASE[0], SMCD_REAL))
    for name, (a, b), status, want in cases:
        rc, out, err = run(smcdump, ["--compare", a, b])
        res.check("compare." + name, rc == status and out == want and err == "",
                  "exit %d (want %d)\n--- stdout\n%s--- wanted\n%s--- stderr\n%s"
                  % (rc, status, out, want, err))
        # The same from --json outputs, and from one of each.
        ja, jb = os.path.join(tmp, name + ".a.jsonl"), os.path.join(tmp, name + ".b.jsonl")
        for src, dst in ((a, ja), (b, jb)):
            with open(dst, "w") as f:
                f.write(run(smcdump, ["-n", "--json", "-r", src])[1])
        for x, y, what in ((ja, jb, "json"), (ja, b, "mixed")):
            rc2, out2, err2 = run(smcdump, ["--compare", x, y])
            res.check("compare.%s.%s" % (name, what), rc2 == rc and out2 == out and err2 == "",
                      "exit %d\n--- stdout\n%s--- stderr\n%s" % (rc2, out2, err2))
        # --json: the same pairs as records, valid against the schema.
        rc3, out3, _ = run(smcdump, ["--json", "--compare", a, b])
        recs = [json.loads(line) for line in out3.splitlines()]
        summ = recs[-1] if recs else {}
        ok = rc3 == rc and summ.get("event") == "compare_summary" and \
            summ.get("changed", 0) + summ.get("only_a", 0) + summ.get("only_b", 0) == \
            len(recs) - 1
        if ok and validate(schema, out3, tmp, name) is not None:
            ok = False
        res.check("compare.%s.json" % name, ok, "exit %d\n%s" % (rc3, out3))
    # Every capture against its own --json output: the two readers agree on every summary.
    caps = sorted(os.path.join(d, n) for d in ("captures/real", "captures/built")
                  for n in os.listdir(os.path.join(ROOT, d))
                  if n.endswith((".pcap", ".pcapng")) and n != "bad-header.pcap")
    differ = []
    for cap in caps:
        js = os.path.join(tmp, "self.jsonl")
        with open(js, "w") as f:
            f.write(run(smcdump, ["-n", "--json", "-r", cap])[1])
        rc, out, _ = run(smcdump, ["--compare", js, cap])
        if rc not in (0, 3) or not out.endswith("changed 0, only in A 0, only in B 0\n"):
            differ.append("%s: exit %d\n%s" % (cap, rc, out))
    res.check("compare.self-json", len(caps) > 40 and not differ, "".join(differ))
    # The JSON records of the release change, exactly.
    rc, out, _ = run(smcdump, ["--json", "--compare", R + "k61fix-01-smcr-v2-ipv4.pcap", K612_01])
    rec = json.loads(out.splitlines()[0])
    res.check("compare.json-record", rc == 6 and rec["changes"] == {"release": ["2.0", "2.1"]}
              and rec["a"]["release"] == "2.0" and rec["b"]["max_conns"] == 255
              and rec["b"]["max_links"] == 2 and rec["a"]["qp_mtu_bytes"] == 1024
              and rec["a"]["first_contact"] is True and "max_conns" not in rec["a"], out)
    # Broken JSON lines are named and skipped; the status says the input was damaged.
    bad = os.path.join(tmp, "bad.jsonl")
    with open(bad, "w") as f:
        f.write(run(smcdump, ["-n", "--json", "-r", K612_07])[1])
        f.write('{"event":"handshake","client":"192.0.2.2:1",}\n')
        f.write("not json\n")
    rc, out, err = run(smcdump, ["--compare", bad, K612_07])
    res.check("compare.bad-json", rc == 3 and err ==
              "smcdump: %s: line 4, byte 44: not smcdump JSON: a string was expected\n"
              "smcdump: %s: line 5, byte 0: not smcdump JSON: a line must be one JSON object\n"
              % (bad, bad) and out.endswith("changed 0, only in A 0, only in B 0\n"),
              "exit %d\n%s%s" % (rc, out, err))
    # Standard input as one side.
    with open(os.path.join(tmp, "release-6.1-6.12.a.jsonl")) as f:
        rc, out, _ = run(smcdump, ["--compare", "-", K612_01], stdin=f.read())
    res.check("compare.stdin", rc == 6 and out.startswith("192.0.2.1:5101 (A#1, B#1): release"))
    with open(os.path.join(ROOT, K612_07), "rb") as f:
        r = subprocess.run([smcdump, "--compare", K612_07, "-"], cwd=ROOT, stdin=f,
                           capture_output=True)
    res.check("compare.stdin-capture", r.returncode == 2 and r.stderr ==
              b"smcdump: --compare: standard input must be smcdump --json output; give a "
              b"capture as a file\n", r.stderr)
    # Usage errors.
    for name, args in (("no-b", ["--compare", K612_01]),
                       ("with-r", ["--compare", K612_01, K612_07, "-r", K612_01]),
                       ("with-expect", ["--compare", K612_01, K612_07, "--expect", "smc"])):
        rc, out, err = run(smcdump, args)
        res.check("compare.usage." + name, rc == 1 and err.startswith("smcdump: --compare"),
                  "exit %d\n%s" % (rc, err))
    # A filter applies to captures.
    rc, out, _ = run(smcdump, ["--compare", K61_00, K61_00, "port", "5107"])
    res.check("compare.filter", rc == 0 and out ==
              "connections: A 1, B 1; paired 1, changed 0, only in A 0, only in B 0\n", out)


def validate(schema, text, tmp, name):
    path = os.path.join(tmp, name + ".compare.jsonl")
    with open(path, "w") as f:
        f.write(text)
    here = os.path.join(ROOT, "tests", "golden", "validate.py")
    for py in ("python3", "/usr/bin/python3"):
        r = subprocess.run([py, "-c", "import jsonschema"], capture_output=True)
        if r.returncode == 0:
            r = subprocess.run([py, here, schema, path], capture_output=True, text=True)
            return None if r.returncode == 0 else r.stdout + r.stderr
    return "python3-jsonschema is missing"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--smcdump", required=True)
    ap.add_argument("--schema", default=os.path.join(ROOT, "docs", "smcdump.schema.json"))
    ap.add_argument("suite", choices=("expect", "compare"))
    a = ap.parse_args()
    res = Result()
    (test_expect if a.suite == "expect" else test_compare)(os.path.abspath(a.smcdump),
                                                          a.schema, res)
    print("%d passed, %d failed" % (res.passed, res.failed))
    return 1 if res.failed else 0


if __name__ == "__main__":
    sys.exit(main())
