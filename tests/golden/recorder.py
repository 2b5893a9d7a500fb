#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Check smcdump --json against the recorder's own decode of a real capture.

captures/real/NAME.decode.txt is the struct-layout decode the recorder
(capgen's clcdecode.py, written from Linux 6.12 net/smc/smc_clc.h, not from
our core) printed beside NAME.pcap. Every key=value it prints must equal the
field smcdump reports for the same frame; a key this script does not know
fails the test, so nothing the recorder saw goes unchecked.

usage: recorder.py SMCDUMP CAPTURE [DECODE]
"""

import json
import re
import subprocess
import sys

EYE = {"SMCR": "R", "SMCD": "D"}
OS = {"1": "zos", "2": "linux", "3": "aix"}


def ipv6(text):
    """'0000:...:c000:0201' as Python's canonical form (what smcdump prints)."""
    import ipaddress

    addr = ipaddress.IPv6Address(text)
    if addr.ipv4_mapped:
        return "::ffff:" + str(addr.ipv4_mapped)
    return str(addr)


def peer_id(text):
    """16 hex digits (2-byte instance, 6-byte MAC) as smcdump's 'iiii@mac'."""
    mac = ":".join(text[i:i + 2] for i in range(4, 16, 2))
    return f"{text[:4]}@{mac}"


def hexnum(text):
    return int(text, 16)


def parse(path):
    """[(frame, {key: value})] with values already in smcdump's JSON form."""
    frames = []
    cur = None
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        m = re.match(r"frame (\d+) (C>S|S>C) (\w+) (.*)", line)
        if m:
            cur = {"type": m.group(3).lower(), "_dir": m.group(2)}
            frames.append((int(m.group(1)), cur))
            rest = m.group(4)
            toks = rest.split()
            for t in toks:
                if t in ("v1", "v2"):
                    cur["version"] = int(t[1])
                    continue
                k, v = t.split("=", 1)
                if k == "len":
                    cur["length"] = int(v)
                elif k == "eyecatcher":
                    cur["smc"] = EYE[v]
                elif k == "trailer":
                    cur["trailer"] = EYE[v]
                elif k == "hdr[7]":
                    cur["_hdr7"] = hexnum(v)
                elif k in ("typev1", "typev2"):
                    cur[k] = v
                elif k == "type":
                    cur["chosen_type"] = v
                elif k == "first_contact":
                    cur["first_contact"] = v == "1"
                else:
                    raise SystemExit(f"{path}: unknown header key {k}")
            continue
        if cur is None or not line.strip() or line.startswith("#"):
            continue
        body = line.strip()
        # section labels ("smcd:", "v2ext@80:", "gidchid[0]:", ...) then k=v pairs
        m = re.match(r"([\w ()\[\]@0-9]+):\s*(.*)", body)
        label, rest = (m.group(1), m.group(2)) if m else ("", body)
        if label.startswith("gid_list"):
            m2 = re.match(r"count=(\d+)\s*(.*)", rest)
            cur["gid_list_count"] = int(m2.group(1))
            cur["gid_list"] = [ipv6(g) for g in m2.group(2).split()]
            continue
        if label == "v2 diag words":
            cur["diag_extra"] = [hexnum(w) for w in rest.split()]
            continue
        if label == "prefix":
            # "prefix: 127.0.0.0/8 ipv6_prefixes=0": the IPv4 subnet is a bare value
            net, rest = rest.split(None, 1)
            cur["ipv4_subnet"], plen = net.split("/")
            cur["ipv4_prefix_len"] = int(plen)
        elif label.startswith("eid["):
            cur.setdefault("eids", []).append(rest.strip("'"))
            continue
        elif label.startswith("gidchid["):
            g = dict(kv.split("=", 1) for kv in rest.split())
            cur.setdefault("_gidchids", []).append((hexnum(g["gid"]), hexnum(g["chid"])))
            continue
        for k, v in re.findall(r"(\w+)=('[^']*'|\S+)", rest):
            put(cur, label, k, v, path)
    return frames


def put(cur, label, k, v, path):
    fce = label.startswith("fce")
    s = v.strip("'")
    if k == "peer_id":
        cur["peer_id"] = peer_id(v)
    elif k in ("gid", "roce_gid") and ":" in v:
        cur[k] = ipv6(v)
    elif k == "gid":  # SMC-D sender GID
        cur["ism_gid"] = f"0x{hexnum(v):016x}"
    elif k == "mac":
        cur["mac"] = v
    elif k in ("iparea_offset", "v2_ext_offset", "smcd_v2_ext_offset", "dmbe_idx", "rmbe_idx"):
        cur[k] = int(v)
    elif k == "ism_gid":
        cur["ism_gid"] = f"0x{hexnum(v):016x}"
    elif k in ("ism_chid", "chid"):
        cur["ism_chid"] = hexnum(v)
    elif k == "eid_cnt":
        cur["eid_count"] = int(v)
    elif k == "ism_gid_cnt":
        cur["ism_gid_count"] = int(v)
    elif k == "release":
        cur["fce_release" if fce else "release"] = {"0": "2.0", "1": "2.1"}[v]
    elif k == "seid" and label.startswith("v2ext"):
        cur["seid_flag"] = v == "1"
    elif k == "seid":
        cur["seid"] = s
    elif k in ("max_conns", "max_links"):
        cur[("fce_" if fce else "") + k] = int(v)
    elif k == "feature_mask":
        cur[("fce_" if fce else "") + k] = hexnum(v)
    elif k == "vendor_exp":
        cur["fce_vendor_exp_options"] = hexnum(v)
    elif k == "reserved3":
        cur["_reserved3"] = v
    elif k == "token":
        cur["dmb_token"] = f"0x{hexnum(v):016x}"
    elif k == "dmbe_size":
        cur["dmbe_size"] = int(v)
    elif k == "linkid":
        cur["link_id"] = hexnum(v)
    elif k == "eid":
        cur["eid"] = s
    elif k == "gid_ext":
        cur["ism_gid_ext"] = f"0x{hexnum(v):016x}"
    elif k == "v2_direct":
        cur["_v2_direct"] = v == "1"
    elif k == "os_type":
        cur["fce_os_type" if fce else "os_type"] = OS.get(v, v)
    elif k == "hostname":
        cur["fce_hostname"] = s
    elif k == "qpn":
        cur["qpn"] = hexnum(v)
    elif k == "rkey":
        cur["rmb_rkey"] = hexnum(v)
    elif k == "alert_token":
        cur["rmbe_alert_token"] = hexnum(v)
    elif k == "rmbe_size":
        cur["rmbe_size"] = int(v)
    elif k == "qp_mtu":
        cur["qp_mtu"] = {"1": "256", "2": "512", "3": "1024", "4": "2048", "5": "4096"}[v]
    elif k == "rmb_dma_addr":
        cur["rmb_vaddr"] = f"0x{hexnum(v):016x}"
    elif k == "psn":
        cur["psn"] = hexnum(v)
    elif k == "diag":
        cur["diag_code"] = hexnum(v)
    elif k == "out_of_sync":
        cur["out_of_sync"] = v == "1"
    elif k == "ipv6_prefixes":
        cur["ipv6_prefix_count"] = int(v)
    else:
        raise SystemExit(f"{path}: unknown key {label}:{k}")


def main():
    smcdump, capture = sys.argv[1], sys.argv[2]
    decode = sys.argv[3] if len(sys.argv) > 3 else re.sub(r"\.pcap(ng)?$", ".decode.txt", capture)
    want = parse(decode)
    out = subprocess.run([smcdump, "-n", "--json", "-r", capture], capture_output=True,
                         text=True, check=False, env={"TZ": "UTC"})
    got = {}
    for line in out.stdout.splitlines():
        ev = json.loads(line)
        if ev["event"] == "clc":
            got[ev["frame"]] = ev
    bad = 0
    checked = 0
    for frame, fields in want:
        ev = got.pop(frame, None)
        if ev is None:
            print(f"frame {frame}: recorder decoded a {fields['type']}, smcdump reported none")
            bad += 1
            continue
        for k, v in fields.items():
            if k == "_dir":
                continue
            if k == "_hdr7":
                b = v
                if ev["version"] != b >> 4:
                    print(f"frame {frame}: byte 7 version {b >> 4}, smcdump {ev['version']}")
                    bad += 1
                checked += 1
                continue
            if k == "_gidchids":
                # Linux sends an Emulated-ISM device as two entries, GID then GID
                # extension, both with the device's CHID (smc_clc_send_proposal()).
                devs = []
                for d in ev.get("ism_devices", []):
                    devs.append((int(d["ism_gid"], 16), d["ism_chid"]))
                    if "ism_gid_ext" in d:
                        devs.append((int(d["ism_gid_ext"], 16), d["ism_chid"]))
                if devs != v:
                    print(f"frame {frame}: GID/CHID entries {v}, smcdump {devs}")
                    bad += 1
                checked += 1
                continue
            if k == "_v2_direct":
                # smcdump shows v2_direct for SMC-R only (kernel: SMC-R routing flag)
                if ev.get("fce_v2_direct", False) != v:
                    print(f"frame {frame}: v2_direct {v}, smcdump {ev.get('fce_v2_direct')}")
                    bad += 1
                checked += 1
                continue
            if k == "_reserved3":
                # SMC-D: the kernel's max_conns/max_links bytes are reserved
                if int(v, 16) != 0 or "fce_max_conns" in ev:
                    print(f"frame {frame}: reserved3 {v}, smcdump {ev.get('fce_max_conns')}")
                    bad += 1
                checked += 1
                continue
            if ev.get(k) != v:
                print(f"frame {frame}: {k} recorder {v!r}, smcdump {ev.get(k)!r}")
                bad += 1
            checked += 1
        if ev.get("anomalies"):
            print(f"frame {frame}: smcdump reports anomalies {ev['anomalies']} on a real kernel's message")
            bad += 1
    for frame in got:
        print(f"frame {frame}: smcdump reported a CLC message the recorder did not")
        bad += 1
    print(f"{decode}: {len(want)} messages, {checked} fields compared, {bad} differences")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
