#!/usr/bin/env python3
"""Generate the BUILT SMC CLC captures and their truth files.

Usage:  python3 captures/gen/mkcaptures.py OUTDIR [NAME ...]

Writes every built capture (or only the named ones) into OUTDIR, each with
NAME.truth.json next to it. Python 3 standard library only; deterministic
(fixed clock from 2024-01-01T00:00:00Z, fixed seeds), so a re-run gives
byte-identical files.

The CLC messages are built from the wire format (docs/protocol.md) by
clcbuild.py (or taken from the real vector bytes in tests/vectors/clc), never with the
project's own parser, so the captures can catch parser bugs. See
captures/README.md for what each file shows.
"""

import ipaddress
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import clcbuild as cb  # noqa: E402
import pcapwrite as pw  # noqa: E402
from tcpflow import Capture, det, det_int  # noqa: E402

# Real vector bytes: a copy of tests/vectors/clc/01..07 (*.bin) lives in
# captures/gen/vectors so that the generator stands on its own; the copy is
# checked against tests/vectors/clc (or the folder SMCCLC_VECTORS names).
LOCAL_VECTORS = os.path.join(HERE, "vectors")
SHARED_VECTORS = [
    os.environ.get("SMCCLC_VECTORS", ""),
    os.path.join(HERE, "..", "..", "tests", "vectors", "clc"),
]

C4, S4 = "192.0.2.2", "192.0.2.1"
C6, S6 = "2001:db8::2", "2001:db8::1"
UEID = "SMCCLC-BUILT-UEID"
UEID2 = "SMCCLC.OTHER-UEID"
SEID = "IBM-SYSZ-ISMSEID0000000000F0A1B2"   # 32 characters, illustrative
APP_C = b"client application data, plain TCP after SMC fallback\n"
APP_S = b"server reply over plain TCP\n"
HOST_C = "smcclc-client"
HOST_S = "smcclc-server"

OUTCOME_SMCR = "smc-r"
OUTCOME_SMCD = "smc-d"
OUTCOME_FALLBACK = "fallback"
OUTCOME_INCOMPLETE = "incomplete"


# ---------------------------------------------------------------------------
# Small helpers

def vector(name):
    with open(os.path.join(LOCAL_VECTORS, name + ".bin"), "rb") as f:
        data = f.read()
    for d in SHARED_VECTORS:
        p = os.path.join(d, name + ".bin") if d else ""
        if p and os.path.exists(p):
            with open(p, "rb") as f:
                if f.read() != data:
                    raise SystemExit("captures/gen/vectors/%s.bin differs from %s" % (name, p))
            break
    return data


def eui64_gid(mac):
    """RoCE v1 GID: fe80::/64 + modified EUI-64 of the port MAC."""
    return (bytes.fromhex("fe80000000000000") + bytes([mac[0] ^ 0x02]) + mac[1:3]
            + b"\xff\xfe" + mac[3:6])


def v4mapped_gid(ip_packed):
    """RoCEv2 GID of an IPv4 address (docs/protocol.md "SMC-R, version 2": last 4 bytes = IPv4)."""
    return b"\x00" * 10 + b"\xff\xff" + ip_packed


def prefix_of(ip_text, plen):
    net = ipaddress.ip_network("%s/%d" % (ip_text, plen), strict=False)
    return net.network_address.packed, plen


class Ports:
    def __init__(self, base):
        self.n = base

    def __call__(self):
        self.n += 1
        return self.n


def side_label(c, side):
    return "%s/%s" % (c.label, side)


def peer_id(c, side):
    """docs/protocol.md "Base": 2 random bytes + 6-byte RoCE MAC."""
    return det(side_label(c, side) + "/peerid", 2) + c.mac[side]


def patch(msg, offset, data, **truth):
    """Overwrite bytes of a built message (anomalies) and adjust its truth."""
    b = bytearray(msg.data)
    b[offset:offset + len(data)] = data
    t = dict(msg.truth)
    t.update(truth)
    return cb.Msg(bytes(b), t)


# ---------------------------------------------------------------------------
# Message factories (Linux-like values unless told otherwise)

def p_r2(c, release=1, eids=(UEID,), **kw):
    """Linux >= 5.16 SMC-Rv2-only Proposal: v2, typev1 N, typev2 R (156 B with 1 EID)."""
    args = dict(release=release, eids=eids, roce_gid=v4mapped_gid(c.ip["c"]))
    if release >= 1:
        args.update(max_conns=255, max_links=2, feature_mask=0x0001)
    args.update(kw)
    m = cb.proposal(2, cb.N, cb.R, **args)
    return m


def p_r1_only(c, **kw):
    """Linux >= 5.10 Proposal offering only SMC-R v1: v2 header, typev2 N."""
    mac = c.mac["c"]
    args = dict(peer_id=peer_id(c, "c"), gid=eui64_gid(mac), mac=mac)
    if c.v6:
        args["ipv6"] = [prefix_of(str(c.cip), 64)]
    else:
        args["ipv4_subnet"], args["ipv4_plen"] = prefix_of(str(c.cip), 24)
    args.update(kw)
    return cb.proposal(2, cb.R, cb.N, **args)


def r_ac(c, mtype, version=2, fc=True, release=1, eid=UEID, gids=None, v2_direct=True,
         max_conns=None, max_links=None, feature_mask=None, vendor_exp=0, with_fce=True,
         rmbe_size=2, qp_mtu=3, hostname=None, **kw):
    """SMC-R Accept (server) or Confirm (client): docs/protocol.md "Accept and Confirm"."""
    side = "s" if mtype == cb.ACCEPT else "c"
    lab = side_label(c, side)
    mac = c.mac[side]
    gid = v4mapped_gid(c.ip[side]) if (version >= 2 and not c.v6) else eui64_gid(mac)
    fce_b = None
    rel = None
    if version >= 2 and fc and with_fce:
        rel = release
        if release >= 1:
            max_conns = 255 if max_conns is None else max_conns
            max_links = 2 if max_links is None else max_links
            feature_mask = 0x0001 if feature_mask is None else feature_mask
        fce_b = cb.fce(cb.OS_LINUX, release,
                       hostname or (HOST_S if side == "s" else HOST_C), v2_direct,
                       max_conns or 0, max_links or 0, feature_mask or 0, vendor_exp, 52)
    if version >= 2 and fc and mtype == cb.CONFIRM and gids is None:
        gids = [gid]
    if not (version >= 2 and fc and mtype == cb.CONFIRM):
        gids = None
    return cb.accept_confirm_r(
        mtype, version, fc, peer_id(c, side), gid, mac,
        qpn=0x000100 | det_int(lab + "/qpn", 2), rkey=det_int(lab + "/rkey", 4),
        rmbe_idx=1, token=det_int(lab + "/token", 4), rmbe_size=rmbe_size, qp_mtu=qp_mtu,
        vaddr=0xFFFF000000000000 | (det_int(lab + "/vaddr", 4) << 12),
        psn=det_int(lab + "/psn", 3), eid=eid if version >= 2 else b"",
        fce_bytes=fce_b, gids=gids, release=rel, **kw)


def d_gid(c, side, which="native"):
    return det_int("%s/%s/ismgid-%s" % (c.label, side, which), 8)


def d_ac(c, mtype, version=2, fc=True, release=0, chid=0x0120, eid=SEID, gid=None,
         gid_ext=0, hostname=None, dmbe_size=1, link_id=None, **kw):
    """SMC-D Accept (server) or Confirm (client): docs/protocol.md "SMC-D, version 1" and "version 2"."""
    side = "s" if mtype == cb.ACCEPT else "c"
    lab = side_label(c, side)
    fce_b = None
    rel = None
    if version >= 2 and fc:
        rel = release
        fce_b = cb.fce(cb.OS_LINUX, release,
                       hostname or (HOST_S if side == "s" else HOST_C), False,
                       0, 0, 0x0001 if release >= 1 else 0, 0, 52 if release >= 1 else 36)
    if link_id is None:
        link_id = det(c.label + "/linkid", 4)
    return cb.accept_confirm_d(
        mtype, version, fc, d_gid(c, side) if gid is None else gid,
        token=det_int(lab + "/dmbtok", 8), dmbe_idx=0, dmbe_size=dmbe_size,
        link_id=link_id, chid=chid, eid=eid if version >= 2 else b"",
        gid_ext=gid_ext, fce_bytes=fce_b, release=rel, **kw)


def dec(c, side, code, version=2, smcr_peer=True, **kw):
    """Decline (docs/protocol.md "Decline"). Linux fills the sender's SMC-R system ID when it
    has one and the connection is not SMC-D; otherwise zero."""
    pid = peer_id(c, side) if smcr_peer else b"\x00" * 8
    return cb.decline(version, code, peer_id=pid, **kw)


def fallback_traffic(c, first="c"):
    """Application data on the TCP connection after a fallback, then close."""
    o = c.peer(first)
    c.data(first, APP_C if first == "c" else APP_S)
    c.data(o, APP_S if o == "s" else APP_C)
    c.close(first)


def smc_done(c):
    """After a successful SMC handshake the TCP stream stays idle until close."""
    c.close("c", gap_us=250_000)


# ---------------------------------------------------------------------------
# Standard conversations

def smcr_v2_success(c, release=1, fc=True, split=None):
    """SYNs, then an SMC-R v2 Proposal, Accept and Confirm; the connection stays open."""
    c.handshake()
    c.clc("c", p_r2(c, release), split=split)
    c.clc("s", r_ac(c, cb.ACCEPT, fc=fc, release=release))
    c.clc("c", r_ac(c, cb.CONFIRM, fc=fc, release=release))


def conv_smcr_v2(c, release=1, fc=True, split=None):
    smcr_v2_success(c, release, fc, split)
    smc_done(c)
    c.finish(OUTCOME_SMCR)


def conv_server_decline(c, code, prop=None, version=2, **kw):
    c.handshake()
    c.clc("c", prop if prop is not None else p_r2(c))
    c.clc("s", dec(c, "s", code, version=version, **kw))
    fallback_traffic(c)
    c.finish(OUTCOME_FALLBACK, cb.DECLINE_NAME.get(code) or cb.code_hex(code))


def conv_client_decline(c, code=0x03030000, version=1):
    """Client without a usable device sends a Decline instead of a Proposal
    (docs/protocol.md "Message order"); peer ID "%%%%%%%\\0" as in the real vector 04."""
    c.handshake()
    c.clc("c", cb.decline(version, code, peer_id=b"%%%%%%%\x00"))
    fallback_traffic(c)
    c.finish(OUTCOME_FALLBACK, cb.DECLINE_NAME.get(code))


# ---------------------------------------------------------------------------
# Built captures. Each gen_* returns one Capture.

GENERATORS = []


def generator(name):
    def wrap(fn):
        GENERATORS.append((name, fn))
        return fn
    return wrap


def V(name, **truth):
    return cb.raw(vector(name), truth)


@generator("smcr-v1-ipv4.pcap")
def gen_smcr_v1_ipv4():
    cap = Capture("smcr-v1-ipv4.pcap", generator="gen_smcr_v1_ipv4",
                  description="SMC-R v1 over IPv4 from the real loopback vector bytes "
                              "(tests/vectors/clc/01,02,03 and 04): a first-contact "
                              "handshake, then a Proposal declined with NOSMCDEV (v1).")
    port = Ports(41000)
    c = cap.conn(C4, port(), S4)
    c.handshake()
    c.clc("c", V("01_smcr_v1_proposal_ipv4_lo", type="proposal", path="R", version=1,
                 length=52, typev1="R", typev2=None))
    c.clc("s", V("02_smcr_v1_accept_ipv4_lo_first_contact", type="accept", path="R",
                 version=1, length=68, first_contact=True, chosen="R"))
    c.clc("c", V("03_smcr_v1_confirm_ipv4_lo", type="confirm", path="R", version=1,
                 length=68, first_contact=False, chosen="R"))
    smc_done(c)
    c.finish(OUTCOME_SMCR, note="vector bytes carry the loopback prefix 127.0.0.0/8, "
                                "not the capture's addresses")

    c = cap.conn(C4, port(), S4)
    c.handshake()
    c.clc("c", V("01_smcr_v1_proposal_ipv4_lo", type="proposal", path="R", version=1,
                 length=52, typev1="R", typev2=None))
    c.clc("s", V("04_smcr_v1_decline_ipv4_lo_nosmcdev", type="decline", path="R",
                 version=1, length=28, code="0x03030000", code_name="NOSMCDEV",
                 out_of_sync=False))
    fallback_traffic(c)
    c.finish(OUTCOME_FALLBACK, "NOSMCDEV")
    return cap


@generator("smcr-v1-ipv6.pcap")
def gen_smcr_v1_ipv6():
    cap = Capture("smcr-v1-ipv6.pcap", generator="gen_smcr_v1_ipv6",
                  description="SMC-R v1 over IPv6 from the real loopback vector bytes "
                              "(tests/vectors/clc/05,06,07; 69-byte RFC 7609 Proposal "
                              "with one IPv6 prefix), plus a Proposal declined with the "
                              "v1 NOSMCDEV vector 04.")
    port = Ports(41100)
    prop = dict(type="proposal", path="R", version=1, length=69, typev1="R", typev2=None)
    c = cap.conn(C6, port(), S6)
    c.handshake()
    c.clc("c", V("05_smcr_v1_proposal_ipv6_lo", **prop))
    c.clc("s", V("06_smcr_v1_accept_ipv6_lo_first_contact", type="accept", path="R",
                 version=1, length=68, first_contact=True, chosen="R"))
    c.clc("c", V("07_smcr_v1_confirm_ipv6_lo", type="confirm", path="R", version=1,
                 length=68, first_contact=False, chosen="R"))
    smc_done(c)
    c.finish(OUTCOME_SMCR, note="vector bytes carry the loopback prefix ::1/128")

    c = cap.conn(C6, port(), S6)
    c.handshake()
    c.clc("c", V("05_smcr_v1_proposal_ipv6_lo", **prop))
    c.clc("s", V("04_smcr_v1_decline_ipv4_lo_nosmcdev", type="decline", path="R",
                 version=1, length=28, code="0x03030000", code_name="NOSMCDEV",
                 out_of_sync=False))
    fallback_traffic(c)
    c.finish(OUTCOME_FALLBACK, "NOSMCDEV")
    return cap


def p_d_v1(c, typev1=cb.D):
    """SMC-D v1 era Proposal (Linux 4.19-5.9 / z/OS): version 1, 40-byte
    SMC-D area, iparea_offset 40, IPv4 prefix (docs/protocol.md "Proposal")."""
    args = dict(ism_gid=d_gid(c, "c"), ism_chid=0)
    if typev1 == cb.B:
        mac = c.mac["c"]
        args.update(peer_id=peer_id(c, "c"), gid=eui64_gid(mac), mac=mac)
    sub, plen = prefix_of(str(c.cip), 24)
    return cb.proposal(1, typev1, with_smcd_area=True, ipv4_subnet=sub, ipv4_plen=plen,
                       **args)


@generator("smcd-v1.pcap")
def gen_smcd_v1():
    cap = Capture("smcd-v1.pcap", generator="gen_smcd_v1",
                  description="SMC-D v1 as an older (4.19-5.9) Linux or z/OS peer sends "
                              "it: version-1 Proposal with the SMC-D area "
                              "(iparea_offset 40), 48-byte SMCD Accept/Confirm. "
                              "Connection 2 offers v1 B and reuses the link group; "
                              "connection 3 is declined with DIFFPREFIX (v1, 28 B).")
    port = Ports(41200)
    c = cap.conn(C4, port(), S4)
    c.handshake()
    p = p_d_v1(c)
    assert len(p) == 92 and p.data[7] == 0x11
    c.clc("c", p)
    c.clc("s", d_ac(c, cb.ACCEPT, version=1, fc=True))
    c.clc("c", d_ac(c, cb.CONFIRM, version=1, fc=False))
    smc_done(c)
    c.finish(OUTCOME_SMCD)

    c = cap.conn(C4, port(), S4, label="smcd-v1.pcap/2")
    c.handshake()
    p = p_d_v1(c, cb.B)
    assert p.data[7] == 0x13
    c.clc("c", p)
    c.clc("s", d_ac(c, cb.ACCEPT, version=1, fc=False))
    c.clc("c", d_ac(c, cb.CONFIRM, version=1, fc=False))
    smc_done(c)
    c.finish(OUTCOME_SMCD)

    c = cap.conn(C4, port(), S4)
    conv_server_decline(c, cb.CODE_BY_NAME["DIFFPREFIX"], prop=p_d_v1(c), version=1,
                        smcr_peer=False)
    return cap


def p_d2(c, release=0, entries=None, seid_flag=True, eids=(), feature_mask=0, **kw):
    """Linux SMC-Dv2 Proposal: v2, typev1 N, typev2 D (docs/protocol.md "Proposal")."""
    if entries is None:
        entries = [(d_gid(c, "c", "a"), 0x0120), (d_gid(c, "c", "b"), 0x0140)]
    return cb.proposal(2, cb.N, cb.D, eids=eids, release=release, seid_flag=seid_flag,
                       seid=SEID if seid_flag else b"", gid_entries=entries,
                       feature_mask=feature_mask, **kw)


@generator("smcd-v2-rel0.pcap")
def gen_smcd_v2_rel0():
    cap = Capture("smcd-v2-rel0.pcap", generator="gen_smcd_v2_rel0",
                  description="Linux-like SMC-Dv2 release 0 (s390, 5.10-6.5): Proposal "
                              "v2 typev1 N typev2 D with the SEID flag and two ISM "
                              "GID/CHID entries (192 B); first contact Accept/Confirm "
                              "114 B (36-byte FCE), then a second connection without "
                              "first contact (78 B each).")
    port = Ports(41300)
    for fc in (True, False):
        c = cap.conn(C4, port(), S4, label="smcd-v2-rel0.pcap/%s" % fc)
        c.handshake()
        p = p_d2(c)
        assert len(p) == 192 and p.data[7] == 0x26
        c.clc("c", p)
        a = d_ac(c, cb.ACCEPT, fc=fc, release=0, chid=0x0120)
        cf = d_ac(c, cb.CONFIRM, fc=fc, release=0, chid=0x0120)
        assert len(a) == len(cf) == (114 if fc else 78)
        c.clc("s", a)
        c.clc("c", cf)
        smc_done(c)
        c.finish(OUTCOME_SMCD)
    return cap


@generator("smcd-v2-rel1-emulated.pcap")
def gen_smcd_v2_rel1_emulated():
    cap = Capture("smcd-v2-rel1-emulated.pcap", generator="gen_smcd_v2_rel1_emulated",
                  description="SMC-Dv2 release 1 over an Emulated-ISM loopback device "
                              "(loopback-ism, CHID 0xFFFF, 128-bit GID as a pair of "
                              "entries), captured on a loopback interface (zero MACs): "
                              "first contact 130 B with gid_ext and feature mask 0x0001, "
                              "then a reuse with 78 B messages.")
    port = Ports(41400)
    host = "192.0.2.1"
    for fc in (True, False):
        c = cap.conn(host, port(), host, client_mac="00:00:00:00:00:00",
                     server_mac="00:00:00:00:00:00",
                     label="smcd-v2-rel1-emulated.pcap/%s" % fc)
        gid_hi = 0x5EED_0000_0000_0001
        gid_lo = 0x0123_4567_89AB_CDEF
        c.handshake()
        p = p_d2(c, release=1, entries=[(gid_hi, 0xFFFF), (gid_lo, 0xFFFF)],
                 seid_flag=False, eids=(UEID,), feature_mask=0x0001)
        assert len(p) == 80 + 40 + 32 + 48 + 20 + 4
        c.clc("c", p)
        a = d_ac(c, cb.ACCEPT, fc=fc, release=1, chid=0xFFFF, eid=UEID, gid=gid_hi,
                 gid_ext=gid_lo)
        cf = d_ac(c, cb.CONFIRM, fc=fc, release=1, chid=0xFFFF, eid=UEID, gid=gid_hi,
                  gid_ext=gid_lo)
        assert len(a) == len(cf) == (130 if fc else 78)
        if fc:
            assert a.data[7] == 0x29 and a.data[75] == 0x21 and a.data[126:130] == cb.EYE_D
        c.clc("s", a)
        c.clc("c", cf)
        smc_done(c)
        c.finish(OUTCOME_SMCD)
    return cap


@generator("smcb-v2-choose-d.pcap")
def gen_smcb_v2_choose_d():
    cap = Capture("smcb-v2-choose-d.pcap", generator="gen_smcb_v2_choose_d",
                  description="A worked example of the Proposal part map: Proposal offering v1 B "
                              "and v2 B (IPv4 prefix area, v2 extension with 1 UEID, "
                              "release 1, SEID, SMC-Dv2 extension with 1 device), 222 B; "
                              "the server chooses SMC-D v2 on the native device "
                              "(Accept/Confirm 130 B, release 1).")
    port = Ports(41500)
    c = cap.conn(C4, port(), S4)
    c.handshake()
    mac = c.mac["c"]
    sub, plen = prefix_of(C4, 24)
    native_chid = 0x0340
    p = cb.proposal(2, cb.B, cb.B, peer_id=peer_id(c, "c"), gid=eui64_gid(mac), mac=mac,
                    ism_gid=d_gid(c, "c"), ism_chid=native_chid, ipv4_subnet=sub,
                    ipv4_plen=plen, eids=(UEID,), release=1, seid_flag=True,
                    roce_gid=v4mapped_gid(c.ip["c"]), max_conns=255, max_links=2,
                    feature_mask=0x0001, seid=SEID,
                    gid_entries=[(d_gid(c, "c", "second"), 0x0360)])
    d = p.data
    # the offsets worked out by hand, byte by byte
    assert len(d) == 222 and d[5:7] == b"\x00\xde" and d[7] == 0x2F
    assert d[38:40] == b"\x00\x28" and d[50:52] == b"\x00\x24" and d[87] == 0
    assert d[88] == 1 and d[89] == 1 and d[91] == 0x11 and d[94:96] == b"\x00\x40"
    assert d[112] == 255 and d[113] == 2 and d[114:116] == b"\x00\x01"
    assert d[160:192] == SEID.encode() and d[218:222] == cb.EYE_R
    c.clc("c", p)
    c.clc("s", d_ac(c, cb.ACCEPT, fc=True, release=1, chid=native_chid))
    c.clc("c", d_ac(c, cb.CONFIRM, fc=True, release=1, chid=native_chid))
    smc_done(c)
    c.finish(OUTCOME_SMCD)
    return cap


@generator("smcr-v21-vendor.pcap")
def gen_smcr_v21_vendor():
    cap = Capture("smcr-v21-vendor.pcap", generator="gen_smcr_v21_vendor",
                  description="SMC-R v2.1 with vendor fields: Proposal with vendor OUI "
                              "00-00-5E and experimental options, max_conns 255 / "
                              "max_links 2; server negotiates max_conns 128; Accept FC "
                              "160 B and Confirm FC with 2 GIDs (196 B), both with "
                              "nonzero vendor_exp_options in the FCE.")
    port = Ports(41600)
    c = cap.conn(C4, port(), S4)
    c.handshake()
    p = p_r2(c, vendor_oui=b"\x00\x00\x5e", vendor_opts=bytes.fromhex("0102030405"))
    assert len(p) == 156
    c.clc("c", p)
    c.clc("s", r_ac(c, cb.ACCEPT, release=1, max_conns=128, max_links=2,
                    vendor_exp=0x5E000001))
    gids = [v4mapped_gid(c.ip["c"]), v4mapped_gid(pw.ip4_addr("198.51.100.2"))]
    cf = r_ac(c, cb.CONFIRM, release=1, max_conns=128, max_links=2, vendor_exp=0x5E000002,
              gids=gids)
    assert len(cf) == 196 and cf.data[7] == 0x28 and cf.data[156] == 2
    c.clc("c", cf)
    smc_done(c)
    c.finish(OUTCOME_SMCR)
    return cap


@generator("zos-peer.pcap")
def gen_zos_peer():
    cap = Capture("zos-peer.pcap", generator="gen_zos_peer",
                  description="z/OS-style peers: an RFC 7609 v1 Proposal "
                              "(iparea_offset 0, no SMC-D area, two IPv6 prefixes) "
                              "answered by a z/OS SMC-R v1 Accept (68 B) and Confirm; "
                              "then a Linux v2 Proposal declined by z/OS with a v2 "
                              "Decline, OS type 1 and nonzero extra diagnosis words.")
    port = Ports(41700)
    c = cap.conn("2001:db8:5107:1::10", port(), "2001:db8:5107:1::1",
                 client_mac="02:00:00:00:0a:10", server_mac="02:00:00:00:0a:01")
    c.handshake()
    mac = c.mac["c"]
    p = cb.proposal(1, cb.R, with_smcd_area=False, peer_id=peer_id(c, "c"),
                    gid=eui64_gid(mac), mac=mac,
                    ipv6=[prefix_of("2001:db8:5107:1::", 64),
                          prefix_of("2001:db8:5107:ff00::", 56)])
    assert len(p) == 52 + 34 and p.data[38:40] == b"\x00\x00" and p.data[7] == 0x10
    c.clc("c", p)
    c.clc("s", r_ac(c, cb.ACCEPT, version=1, fc=True, rmbe_size=1, qp_mtu=4))
    c.clc("c", r_ac(c, cb.CONFIRM, version=1, fc=False, rmbe_size=1, qp_mtu=4))
    smc_done(c)
    c.finish(OUTCOME_SMCR)

    c = cap.conn("198.51.100.20", port(), "198.51.100.1",
                 client_mac="02:00:00:00:0b:14", server_mac="02:00:00:00:0b:01")
    conv_server_decline(c, cb.CODE_BY_NAME["NOUEID"], os_type=cb.OS_ZOS,
                        extra_diag=(0x00005107, 0x0A0B0C0D, 0x00000001, 0xFFFFFFFF))
    return cap


@generator("declines-all-codes.pcap")
def gen_declines_all_codes():
    cap = Capture("declines-all-codes.pcap", generator="gen_declines_all_codes",
                  description="One connection per peer diagnosis code Linux defines, "
                              "plus 0x0303000c and 0x7f000001 (unknown): Linux SMC-Rv2 "
                              "Proposal, server Decline v2 (44 B; SYNCERR with the "
                              "out-of-sync flag). Then a client Decline MODEUNSUPP after "
                              "an Accept, and a server Decline TIMEOUT_CL after a Confirm.")
    port = Ports(42000)
    codes = [code for code, _ in cb.DECLINE_CODES] + [0x0303000C, 0x7F000001]
    for code in codes:
        c = cap.conn(C4, port(), S4)
        conv_server_decline(c, code)
        if code == cb.SYNCERR:
            c.result["note"] = "out-of-sync flag set (byte 7 = 0x28)"
        if cb.DECLINE_NAME.get(code) in ("PEERNOSMC", "OPTUNSUPP", "PEERDECL"):
            c.result["note"] = "code is a local fallback reason; Linux never sends it"
        if code not in cb.DECLINE_NAME:
            c.result["note"] = "code Linux does not define (unknown)"

    # (c) client rejects the Accept: SMC-D chosen although only R was offered
    c = cap.conn(C4, port(), S4)
    c.handshake()
    c.clc("c", p_r2(c))
    c.clc("s", d_ac(c, cb.ACCEPT, fc=True, release=1, chid=0x0120, eid=UEID))
    c.clc("c", dec(c, "c", cb.CODE_BY_NAME["MODEUNSUPP"]))
    fallback_traffic(c)
    c.finish(OUTCOME_FALLBACK, "MODEUNSUPP",
             note="client Decline after an Accept choosing SMC-D, which was not offered")

    # (e) decline after confirm: SMC-R link setup fails, server declines
    c = cap.conn(C4, port(), S4)
    smcr_v2_success(c)
    cap.tick(1_000_000)
    c.clc("s", dec(c, "s", cb.CODE_BY_NAME["TIMEOUT_CL"]))
    fallback_traffic(c)
    c.finish(OUTCOME_FALLBACK, "TIMEOUT_CL", note="decline after confirm")
    return cap


@generator("fallback-no-synack-option.pcap")
def gen_fallback_no_synack_option():
    cap = Capture("fallback-no-synack-option.pcap", generator="gen_fallback_no_synack_option",
                  description="SYN carries the SMC option, the SYN-ACK does not (plain "
                              "TCP server): no CLC at all, plain data. IPv4 and IPv6.")
    port = Ports(42100)
    for cip, sip in ((C4, S4), (C6, S6)):
        c = cap.conn(cip, port(), sip)
        c.handshake(syn_opt=True, synack_opt=False)
        fallback_traffic(c)
        c.finish(OUTCOME_FALLBACK, "PEERNOSMC")
    return cap


@generator("no-option-lookalike.pcap")
def gen_no_option_lookalike():
    cap = Capture("no-option-lookalike.pcap", generator="gen_no_option_lookalike",
                  description="No SMC option on SYN or SYN-ACK; the application data "
                              "starts with E2D4C3D9 01 (a complete, valid-looking "
                              "Proposal) and the reply with E2D4C3D9 04: not CLC.")
    port = Ports(42200)
    c = cap.conn(C4, port(), S4)
    c.handshake(syn_opt=False, synack_opt=False)
    c.data("c", vector("01_smcr_v1_proposal_ipv4_lo") + APP_C)
    c.data("s", cb.decline(2, 0x03030002).data + APP_S)
    c.close("c")
    c.finish(None, note="no option on either side: not SMC, the E2D4C3D9 bytes are "
                        "application data")

    c = cap.conn(C6, port(), S6)
    c.handshake(syn_opt=False, synack_opt=False)
    c.data("c", bytes.fromhex("e2d4c3d901") + b"\x00" * 3 + APP_C)
    c.data("s", APP_S)
    c.close("c")
    c.finish(None)
    return cap


@generator("split-proposal.pcap")
def gen_split_proposal():
    cap = Capture("split-proposal.pcap", generator="gen_split_proposal",
                  description="SMC-Rv2 handshake whose 156-byte Proposal is split over "
                              "three segments of 5, 25 and 126 bytes.")
    c = cap.conn(C4, 42301, S4)
    conv_smcr_v2(c, split=[5, 25])
    return cap


@generator("merged-segment.pcap")
def gen_merged_segment():
    cap = Capture("merged-segment.pcap", generator="gen_merged_segment",
                  description="Connection 1: server Decline and application data in "
                              "one segment. Connection 2: Accept alone in one segment, "
                              "Confirm (180 B) split 100 + 80.")
    c = cap.conn(C4, 42401, S4)
    c.handshake()
    c.clc("c", p_r2(c))
    d = dec(c, "s", cb.CODE_BY_NAME["NOSMCRDEV"])
    c.register("s", d)
    c.send("s", d.data + APP_S)
    c.ack("c")
    c.data("c", APP_C)
    c.close("c")
    c.finish(OUTCOME_FALLBACK, "NOSMCRDEV", note="Decline + %d bytes of data in one "
                                                 "segment" % len(APP_S))

    c = cap.conn(C4, 42402, S4)
    c.handshake()
    c.clc("c", p_r2(c))
    c.clc("s", r_ac(c, cb.ACCEPT))
    cf = r_ac(c, cb.CONFIRM)
    assert len(cf) == 180
    c.clc("c", cf, split=[100])
    smc_done(c)
    c.finish(OUTCOME_SMCR)
    return cap


@generator("retransmission.pcap")
def gen_retransmission():
    cap = Capture("retransmission.pcap", generator="gen_retransmission",
                  description="Connection 1: the Proposal segment is retransmitted "
                              "after an RTO (same seq and payload, new TSval). "
                              "Connection 2: the Accept frame is captured twice, byte "
                              "for byte.")
    c = cap.conn(C4, 42501, S4)
    c.handshake()
    p = p_r2(c)
    c.register("c", p)
    seq = c.nxt["c"]
    c.send("c", p.data, gap_us=210_000)
    c.send("c", p.data, seq=seq)
    c.ack("s")
    c.clc("s", r_ac(c, cb.ACCEPT, fc=False))
    c.clc("c", r_ac(c, cb.CONFIRM, fc=False))
    smc_done(c)
    c.finish(OUTCOME_SMCR, note="Proposal retransmitted; message counted once, at its "
                                "first transmission")

    c = cap.conn(C4, 42502, S4)
    c.handshake()
    c.clc("c", p_r2(c))
    a = r_ac(c, cb.ACCEPT, fc=False)
    c.register("s", a)
    f = c.send("s", a.data)
    c.duplicate(f)
    c.ack("c")
    c.clc("c", r_ac(c, cb.CONFIRM, fc=False))
    smc_done(c)
    c.finish(OUTCOME_SMCR, note="Accept frame duplicated in the capture")
    return cap


@generator("overlap.pcap")
def gen_overlap():
    cap = Capture("overlap.pcap", generator="gen_overlap",
                  description="Overlapping retransmissions of a 156-byte Proposal. "
                              "Connection 1: bytes 0-99, then 50-155. Connection 2: "
                              "bytes 0-99, then 0-155. The overlapping bytes are "
                              "identical.")
    for i, second_from in ((1, 50), (2, 0)):
        c = cap.conn(C4, 42600 + i, S4)
        c.handshake()
        p = p_r2(c)
        c.register("c", p)
        base = c.nxt["c"]
        c.send("c", p.data[:100], gap_us=210_000)
        c.send("c", p.data[second_from:], seq=(base + second_from) & 0xFFFFFFFF)
        c.ack("s")
        c.clc("s", r_ac(c, cb.ACCEPT, fc=False))
        c.clc("c", r_ac(c, cb.CONFIRM, fc=False))
        smc_done(c)
        c.finish(OUTCOME_SMCR, note="Proposal completes with the overlapping segment")
    return cap


@generator("out-of-order.pcap")
def gen_out_of_order():
    cap = Capture("out-of-order.pcap", generator="gen_out_of_order",
                  description="A Proposal split in two halves (78 + 78 B) whose second "
                              "half is captured before the first.")
    c = cap.conn(C4, 42701, S4)
    c.handshake()
    p = p_r2(c)
    c.register("c", p)
    base = c.nxt["c"]
    c.send("c", p.data[78:], seq=(base + 78) & 0xFFFFFFFF)
    c.send("c", p.data[:78], seq=base)
    c.ack("s")
    c.clc("s", r_ac(c, cb.ACCEPT))
    c.clc("c", r_ac(c, cb.CONFIRM))
    smc_done(c)
    c.finish(OUTCOME_SMCR, note="Proposal completes at the frame of its first half")
    return cap


@generator("snaplen-cut.pcap")
def gen_snaplen_cut():
    cap = Capture("snaplen-cut.pcap", snaplen=96, generator="gen_snaplen_cut",
                  description="Snap length 96: every CLC segment is cut after 30 "
                              "payload bytes (caplen < len). Connection 1 SMC-Rv2 first "
                              "contact, connection 2 Proposal + Decline NOSMCRDEV (the "
                              "diagnosis code at 16..19 is still captured).")
    c = cap.conn(C4, 42801, S4)
    conv_smcr_v2(c)
    c.result["note"] = ("messages are truncated; the verdict follows from the captured "
                        "headers (types, byte 7)")
    c = cap.conn(C4, 42802, S4)
    conv_server_decline(c, cb.CODE_BY_NAME["NOSMCRDEV"])
    c.result["note"] = "Decline truncated to 30 bytes; its code is within them"
    return cap


@generator("mid-stream.pcap")
def gen_mid_stream():
    cap = Capture("mid-stream.pcap", generator="gen_mid_stream",
                  description="The capture starts after the TCP handshakes: the first "
                              "frame is a Proposal. Connection 1 SMC-Rv2 (no first "
                              "contact), connection 2 Proposal + Decline NOSMCRDEV.")
    c = cap.conn(C4, 42901, S4)
    c.handshake(capture=False)
    c.clc("c", p_r2(c))
    c.clc("s", r_ac(c, cb.ACCEPT, fc=False))
    c.clc("c", r_ac(c, cb.CONFIRM, fc=False))
    smc_done(c)
    c.finish(OUTCOME_SMCR, note="SYN/SYN-ACK not captured (syn_option unknown)")
    c = cap.conn(C4, 42902, S4)
    c.handshake(capture=False)
    c.clc("c", p_r2(c))
    c.clc("s", dec(c, "s", cb.CODE_BY_NAME["NOSMCRDEV"]))
    fallback_traffic(c)
    c.finish(OUTCOME_FALLBACK, "NOSMCRDEV", note="SYN/SYN-ACK not captured")
    return cap


@generator("lookalike-after-decline.pcap")
def gen_lookalike_after_decline():
    cap = Capture("lookalike-after-decline.pcap", generator="gen_lookalike_after_decline",
                  description="After a Decline the application data begins with "
                              "E2 D4 C3 D9 04 00 1c 20 (a 28-byte v2 Decline look-alike): "
                              "it is data, not CLC. Connection 1: the server's own next "
                              "bytes; connection 2: the client's first data.")
    look = bytes.fromhex("e2d4c3d904001c20") + b"\x00" * 8 + bytes.fromhex("03030000") + \
        b"\x20\x00\x00\x00" + cb.EYE_R + b" <- application bytes, not CLC\n"
    c = cap.conn(C4, 43001, S4)
    c.handshake()
    c.clc("c", p_r2(c))
    c.clc("s", dec(c, "s", cb.CODE_BY_NAME["NOSMCRDEV"]))
    c.data("s", look)
    c.data("c", APP_C)
    c.close("c")
    c.finish(OUTCOME_FALLBACK, "NOSMCRDEV")

    c = cap.conn(C4, 43002, S4)
    c.handshake()
    c.clc("c", p_r2(c))
    c.clc("s", dec(c, "s", cb.CODE_BY_NAME["NOUEID"]))
    c.data("c", look)
    c.data("s", APP_S)
    c.close("c")
    c.finish(OUTCOME_FALLBACK, "NOUEID")
    return cap


@generator("vlan.pcap")
def gen_vlan():
    cap = Capture("vlan.pcap", generator="gen_vlan",
                  description="Connection 1 tagged 802.1Q VID 100 (SMC-Rv2 first "
                              "contact); connection 2 QinQ: 802.1ad 0x88a8 VID 200 outer, "
                              "802.1Q VID 300 inner (Proposal + Decline NOSMCRDEV).")
    c = cap.conn(C4, 43101, S4, vlan_tags=[(pw.ETHERTYPE_8021Q, 100)])
    conv_smcr_v2(c)
    c = cap.conn(C4, 43102, S4, vlan_tags=[(pw.ETHERTYPE_8021AD, 200),
                                           (pw.ETHERTYPE_8021Q, 300)])
    conv_server_decline(c, cb.CODE_BY_NAME["NOSMCRDEV"])
    return cap


@generator("sll.pcap")
def gen_sll():
    cap = Capture("sll.pcap", linktype=pw.LINKTYPE_LINUX_SLL, generator="gen_sll",
                  description="Linux cooked v1 (DLT_LINUX_SLL), as `tcpdump -i any` on "
                              "the server: SMC-Dv2 release 0 without first contact, "
                              "and a Proposal + Decline NOSMCRDEV.")
    c = cap.conn(C4, 43201, S4)
    c.handshake()
    c.clc("c", p_d2(c))
    c.clc("s", d_ac(c, cb.ACCEPT, fc=False))
    c.clc("c", d_ac(c, cb.CONFIRM, fc=False))
    smc_done(c)
    c.finish(OUTCOME_SMCD)
    c = cap.conn(C4, 43202, S4)
    conv_server_decline(c, cb.CODE_BY_NAME["NOSMCRDEV"])
    return cap


@generator("sll2.pcap")
def gen_sll2():
    cap = Capture("sll2.pcap", linktype=pw.LINKTYPE_LINUX_SLL2, generator="gen_sll2",
                  description="Linux cooked v2 (DLT_LINUX_SLL2): SMC-D v1 first "
                              "contact, and a client Decline v1 NOSMCDEV sent instead of "
                              "a Proposal.")
    c = cap.conn(C4, 43301, S4)
    c.handshake()
    c.clc("c", p_d_v1(c))
    c.clc("s", d_ac(c, cb.ACCEPT, version=1, fc=True))
    c.clc("c", d_ac(c, cb.CONFIRM, version=1, fc=True))
    smc_done(c)
    c.finish(OUTCOME_SMCD)
    c = cap.conn(C4, 43302, S4)
    conv_client_decline(c)
    return cap


@generator("raw-ip.pcap")
def gen_raw_ip():
    cap = Capture("raw-ip.pcap", linktype=pw.LINKTYPE_RAW, generator="gen_raw_ip",
                  description="Raw IP (LINKTYPE_RAW 101): an IPv4 SMC-Rv2 first-contact "
                              "handshake and an IPv6 SMC-R v1 handshake (vectors 05-07).")
    c = cap.conn(C4, 43401, S4)
    conv_smcr_v2(c)
    c = cap.conn(C6, 43402, S6)
    c.handshake()
    c.clc("c", V("05_smcr_v1_proposal_ipv6_lo", type="proposal", path="R", version=1,
                 length=69, typev1="R", typev2=None))
    c.clc("s", V("06_smcr_v1_accept_ipv6_lo_first_contact", type="accept", path="R",
                 version=1, length=68, first_contact=True, chosen="R"))
    c.clc("c", V("07_smcr_v1_confirm_ipv6_lo", type="confirm", path="R", version=1,
                 length=68, first_contact=False, chosen="R"))
    smc_done(c)
    c.finish(OUTCOME_SMCR)
    return cap


@generator("null-loopback.pcap")
def gen_null_loopback():
    cap = Capture("null-loopback.pcap", linktype=pw.LINKTYPE_NULL,
                  generator="gen_null_loopback",
                  description="BSD loopback (DLT_NULL): 4-byte address family in host "
                              "(little-endian) order, 2 for IPv4 and 30 for IPv6. IPv4 "
                              "SMC-Dv2 release 1 over loopback-ism; IPv6 v2 Proposal "
                              "(v1 R only) declined with a v2 Decline NOSMCRDEV.")
    host4 = "192.0.2.1"
    c = cap.conn(host4, 43501, host4)
    c.handshake()
    gid_hi, gid_lo = 0x5EED_0000_0000_0002, 0x0FED_CBA9_8765_4321
    c.clc("c", p_d2(c, release=1, entries=[(gid_hi, 0xFFFF), (gid_lo, 0xFFFF)],
                    seid_flag=False, eids=(UEID,), feature_mask=0x0001))
    c.clc("s", d_ac(c, cb.ACCEPT, fc=True, release=1, chid=0xFFFF, eid=UEID, gid=gid_hi,
                    gid_ext=gid_lo))
    c.clc("c", d_ac(c, cb.CONFIRM, fc=True, release=1, chid=0xFFFF, eid=UEID, gid=gid_hi,
                    gid_ext=gid_lo))
    smc_done(c)
    c.finish(OUTCOME_SMCD)
    host6 = "2001:db8::1"
    c = cap.conn(host6, 43502, host6)
    conv_server_decline(c, cb.CODE_BY_NAME["NOSMCRDEV"], prop=p_r1_only(c))
    return cap


HBH_PADN = b""                                       # padded to 8 bytes by pcapwrite
DSTOPT_EXP = bytes([0x1E, 4]) + b"SMCx"              # RFC 4727 experimental option


@generator("ipv6-ext-headers.pcap")
def gen_ipv6_ext_headers():
    cap = Capture("ipv6-ext-headers.pcap", generator="gen_ipv6_ext_headers",
                  description="IPv6 with a hop-by-hop options header (PadN) and a "
                              "destination options header (experimental option 0x1e) "
                              "between the IPv6 header and TCP, on every packet. "
                              "Connection 1: Linux v2 Proposal offering SMC-R v1 only "
                              "(109 B, one IPv6 prefix), v1 Accept/Confirm. "
                              "Connection 2: client Decline v1 NOSMCDEV.")
    ext = [(pw.IPPROTO_HOPOPTS, HBH_PADN), (pw.IPPROTO_DSTOPTS, DSTOPT_EXP)]
    c = cap.conn(C6, 43601, S6, ext_headers=ext)
    c.handshake()
    p = p_r1_only(c)
    assert len(p) == 109 and p.data[7] == 0x28
    c.clc("c", p)
    c.clc("s", r_ac(c, cb.ACCEPT, version=1, fc=True))
    c.clc("c", r_ac(c, cb.CONFIRM, version=1, fc=True))
    smc_done(c)
    c.finish(OUTCOME_SMCR)
    c = cap.conn(C6, 43602, S6, ext_headers=ext)
    conv_client_decline(c)
    return cap


@generator("pcapng.pcapng")
def gen_pcapng():
    cap = Capture("pcapng.pcapng", fmt="pcapng", tsresol=6, generator="gen_pcapng",
                  description="pcapng (SHB, one IDB with if_tsresol 6 = microseconds, "
                              "EPBs): SMC-Rv2 release 1 first-contact handshake.")
    conv_smcr_v2(cap.conn(C4, 43701, S4))
    return cap


@generator("pcapng-nsec.pcapng")
def gen_pcapng_nsec():
    cap = Capture("pcapng-nsec.pcapng", fmt="pcapng", tsresol=9, step_us=120.333,
                  generator="gen_pcapng_nsec",
                  description="pcapng with if_tsresol 9 (nanoseconds; frame gaps of "
                              "120.333 us so sub-microsecond digits are nonzero): "
                              "SMC-Dv2 release 0 first contact.")
    c = cap.conn(C4, 43801, S4)
    c.handshake()
    c.clc("c", p_d2(c))
    c.clc("s", d_ac(c, cb.ACCEPT, fc=True))
    c.clc("c", d_ac(c, cb.CONFIRM, fc=True))
    smc_done(c)
    c.finish(OUTCOME_SMCD)
    return cap


def anomaly_abort(c, d, msg, kind, rejects=True, lenient=None, note=None):
    """Send a rule-breaking message; the receiver aborts the connection (RST),
    as Linux does on a CLC protocol error (smc_clc_wait_msg())."""
    c.clc(d, msg, ack=False)
    c.reset(c.peer(d))
    extra = dict(anomaly=kind, linux_rejects=rejects)
    if lenient:
        extra["outcome_if_lenient"] = lenient
    if note:
        extra["note"] = note
    c.finish(OUTCOME_INCOMPLETE, **extra)


@generator("anomalies.pcap")
def gen_anomalies():
    cap = Capture("anomalies.pcap", generator="gen_anomalies",
                  description="One rule-breaking CLC message per connection (docs/protocol.md "
                              "\"Validation rules\"). Where Linux rejects the message the receiver "
                              "resets the connection; where Linux lets it through the "
                              "handshake goes on.")
    port = Ports(44000)

    # 1: Proposal with a bad trailer eyecatcher ("SMCX")
    c = cap.conn(C4, port(), S4)
    c.handshake()
    anomaly_abort(c, "c", p_r2(c, trailer=b"\xe2\xd4\xc3\xe7"),
                  "bad trailer eyecatcher (proposal trailer E2D4C3E7)")

    # 2: Proposal whose length disagrees with the formula (92 + 4 extra bytes)
    c = cap.conn(C4, port(), S4)
    c.handshake()
    p = p_r1_only(c, extra_before_trailer=b"\x00" * 4)
    assert len(p) == 96
    anomaly_abort(c, "c", p, "proposal length 96 != formula 92 (v2, typev1 R, typev2 N, "
                             "IPv4)")

    # 3: v2_ext_offset 200
    c = cap.conn(C4, port(), S4)
    c.handshake()
    anomaly_abort(c, "c", p_r2(c, v2_ext_offset=200),
                  "v2_ext_offset 200 (> 172; extension would start at 252, past the "
                  "156-byte message)")

    # 4: n6 = 9 (IPv6, nine prefixes, formula-consistent length 245)
    c = cap.conn(C6, port(), S6)
    c.handshake()
    pfx = [prefix_of("2001:db8:%x::" % (0x100 + i), 64) for i in range(9)]
    p = p_r1_only(c, ipv6=pfx)
    assert len(p) == 80 + 8 + 9 * 17 + 4 and p.data[87] == 9
    anomaly_abort(c, "c", p, "IPv6 prefix count n6 = 9 (> 8)")

    # 5: n_eid = 9
    c = cap.conn(C4, port(), S4)
    c.handshake()
    p = p_r2(c, eids=["SMCCLC-EID-%d" % i for i in range(9)])
    assert len(p) == 80 + 40 + 9 * 32 + 4
    anomaly_abort(c, "c", p, "EID count n_eid = 9 (> 8)")

    # 6: SMC-R v1 Accept of 70 bytes
    c = cap.conn(C4, port(), S4)
    c.handshake()
    c.clc("c", p_r1_only(c))
    a = r_ac(c, cb.ACCEPT, version=1, fc=True)
    a = cb.Msg(a.data[:64] + b"\x00\x00" + a.data[64:], dict(a.truth, length=70))
    a = patch(a, 5, b"\x00\x46")
    anomaly_abort(c, "s", a, "SMC-R v1 Accept length 70 (must be 68)")

    # 7: v2 Decline of 28 bytes (5.10-5.15 sent this; 5.16+ requires 44)
    c = cap.conn(C4, port(), S4)
    c.handshake()
    c.clc("c", p_r2(c))
    anomaly_abort(c, "s", dec(c, "s", cb.CODE_BY_NAME["NOSMCRDEV"], v2_body=False),
                  "v2 Decline of 28 bytes (must be 44)", lenient="fallback",
                  note="a lenient decoder may report fallback NOSMCRDEV")

    # 8: v1 Decline of 30 bytes, sent by the client instead of a Proposal
    c = cap.conn(C4, port(), S4)
    c.handshake()
    d = cb.decline(1, cb.CODE_BY_NAME["NOSMCDEV"], peer_id=b"%%%%%%%\x00")
    d = cb.Msg(d.data[:24] + b"\x00\x00" + d.data[24:], dict(d.truth, length=30))
    d = patch(d, 5, b"\x00\x1e")
    anomaly_abort(c, "c", d, "v1 Decline of 30 bytes (must be 28)", lenient="fallback",
                  note="a lenient decoder may report fallback NOSMCDEV")

    # 9: reserved bits in Decline byte 7 (0x03): accepted since 6.17
    c = cap.conn(C4, port(), S4)
    conv_server_decline(c, cb.CODE_BY_NAME["NOSMCRDEV"], low_bits=0x03)
    c.result.update(anomaly="reserved bits 0x03 set in Decline byte 7 (0x23)",
                    linux_rejects=False,
                    note="Linux >= 6.17 ignores the bits and falls back; older kernels "
                         "treated it as a protocol error")

    # 10: version 0 Proposal
    c = cap.conn(C4, port(), S4)
    c.handshake()
    p = p_r2(c)
    p = patch(p, 7, bytes([p.data[7] & 0x0F]), version=0)
    anomaly_abort(c, "c", p, "version 0 in a Proposal (byte 7 = 0x02)")

    # 11: chosen type 2 in an Accept
    c = cap.conn(C4, port(), S4)
    c.handshake()
    c.clc("c", p_r2(c))
    a = r_ac(c, cb.ACCEPT)
    a = patch(a, 7, bytes([(a.data[7] & 0xFC) | 0x02]), chosen="N")
    anomaly_abort(c, "s", a, "chosen type 2 (N) in an Accept (byte 7 = 0x2a)")

    # 12: v2 SMC-R Accept with FC but 108 bytes (no FCE); Linux accepts it and
    # reads a zero FCE, so the client goes on with release 0.
    c = cap.conn(C4, port(), S4)
    c.handshake()
    c.clc("c", p_r2(c))
    a = r_ac(c, cb.ACCEPT, with_fce=False)
    assert len(a) == 108 and a.data[7] == 0x28
    c.clc("s", a)
    c.clc("c", r_ac(c, cb.CONFIRM, release=0))
    smc_done(c)
    c.finish(OUTCOME_SMCR, anomaly="v2 SMC-R Accept with first contact but length 108 "
                                   "(FCE missing)", linux_rejects=False,
             note="Linux only checks length >= 108 and reads a zeroed FCE")

    # 13: Confirm GID count 5 with room for 1
    c = cap.conn(C4, port(), S4)
    c.handshake()
    c.clc("c", p_r2(c))
    c.clc("s", r_ac(c, cb.ACCEPT))
    cf = r_ac(c, cb.CONFIRM, gid_count=5)
    assert len(cf) == 180 and cf.data[156] == 5
    c.clc("c", cf)
    smc_done(c)
    c.finish(OUTCOME_SMCR, anomaly="SMC-R Confirm GID count 5 but length 180 has room "
                                   "for 1", linux_rejects=False,
             note="Linux does not bound the GID list count")
    return cap


@generator("late-decline.pcap")
def gen_late_decline():
    cap = Capture("late-decline.pcap", generator="gen_late_decline",
                  description="SMC-R first contact whose RoCE link never comes up: "
                              "conn 1 the server declines TIMEOUT_CL 3 s after the "
                              "Confirm (SMC_LLC_WAIT_TIME 2 s + CLC_WAIT_TIME_SHORT 1 s, "
                              "smcr_serv_conf_first_link()); conn 2 the client declines "
                              "5 s after it (2 x SMC_LLC_WAIT_TIME + 1 s, "
                              "smcr_clnt_conf_first_link() since Linux 6.7). No packet in "
                              "between: the Decline is the next packet of the file.")
    port = Ports(44301)
    for side, wait_us in (("s", 3_000_000), ("c", 5_000_000)):
        c = cap.conn(C4, port(), S4)
        smcr_v2_success(c)
        cap.tick(wait_us)
        c.clc(side, dec(c, side, cb.CODE_BY_NAME["TIMEOUT_CL"]))
        fallback_traffic(c)
        c.finish(OUTCOME_FALLBACK, "TIMEOUT_CL", declined_by="server" if side == "s" else "client",
                 note="decline %d s after the confirm" % (wait_us // 1_000_000))
    return cap


@generator("decline-code-cut.pcap")
def gen_decline_code_cut():
    cap = Capture("decline-code-cut.pcap", snaplen=84, generator="gen_decline_code_cut",
                  description="Snap length 84: the SYNs keep all their options, every CLC "
                              "segment only 18 payload bytes (caplen < len). Server Decline v2 NOSMCRDEV after a "
                              "Proposal: the Decline's type is captured, its code (bytes "
                              "16..19) is not.")
    c = cap.conn(C4, 44401, S4)
    conv_server_decline(c, cb.CODE_BY_NAME["NOSMCRDEV"])
    c.result["reason"] = "NOT_CAPTURED"
    c.result["note"] = "the Decline's code is past the snap length: fallback, reason not captured"
    return cap


@generator("proposal-prefix-mismatch.pcap")
def gen_proposal_prefix_mismatch():
    cap = Capture("proposal-prefix-mismatch.pcap", generator="gen_proposal_prefix_mismatch",
                  description="The Proposal of a Linux client before commit ec33f2e5a2d0 "
                              "(6.18, stable 6.1.y and later in November 2025) whose prefix "
                              "lookup failed: smc_clc_send_proposal() sets byte 7 to typev1 N "
                              "and leaves the IP prefix area out of the length (156), but "
                              "still sends it (from the stale ini->smc_type_v1) and skips it "
                              "in v2_ext_offset (36): 164 bytes on the wire, iparea_offset 0. "
                              "The server reads 156 bytes, finds no trailer and resets.")
    c = cap.conn(C4, 44501, S4)
    c.handshake()
    mac = c.mac["c"]
    # the v1 part as a typev1-R Proposal lays it out, then byte 7 with typev1 N
    full = cb.proposal(2, cb.R, cb.R, peer_id=peer_id(c, "c"), gid=eui64_gid(mac), mac=mac,
                       iparea_offset=0, release=1, eids=(UEID,),
                       roce_gid=v4mapped_gid(c.ip["c"]), max_conns=255, max_links=2,
                       feature_mask=0x0001, byte7_extra=0x02)
    assert len(full) == 164 and full.data[7] == 0x22
    wire = full.data[:5] + struct.pack(">H", 156) + full.data[7:]
    msg = cb.Msg(wire[:156], dict(full.truth, typev1="N", length=156))
    c.register("c", msg)
    c.send("c", wire)
    c.reset("s")
    c.finish(OUTCOME_INCOMPLETE, linux_rejects=True,
             anomaly="typev1 N and length 156 without the IP prefix area, which is sent anyway "
                     "(8 bytes past the length); pre-6.18 smc_clc_send_proposal()")
    return cap


@generator("reset-after-warning.pcap")
def gen_reset_after_warning():
    cap = Capture("reset-after-warning.pcap", generator="gen_reset_after_warning",
                  description="Messages that only some Linux receivers reject, each "
                              "followed by the receiver's RST: conn 1 an Accept FC of 108 "
                              "bytes (no first-contact extension) and a client reset; "
                              "conn 2 a server Decline with byte 7 = 0x23 (rejected before "
                              "6.17) and a client reset.")
    port = Ports(44601)
    c = cap.conn(C4, port(), S4)
    c.handshake()
    c.clc("c", p_r2(c))
    acc = r_ac(c, cb.ACCEPT, with_fce=False)
    assert len(acc) == 108 and acc.data[7] == 0x28
    anomaly_abort(c, "s", acc, "SMC-R v2 Accept with first contact but no FCE (108 B); "
                               "the client resets")
    c = cap.conn(C4, port(), S4)
    c.handshake()
    c.clc("c", p_r2(c))
    d = dec(c, "s", cb.CODE_BY_NAME["NOSMCRDEV"], low_bits=0x03)
    c.clc("s", d, ack=False)
    c.reset("c")
    c.finish(OUTCOME_FALLBACK, "NOSMCRDEV", declined_by="server",
             note="a Decline decides even when its receiver resets afterwards")
    return cap


@generator("one-direction.pcap")
def gen_one_direction():
    cap = Capture("one-direction.pcap", generator="gen_one_direction",
                  description="Only one direction captured (asymmetric routing, a "
                              "one-way SPAN): conn 1 client to server only (SYN, "
                              "Proposal, Confirm, FIN); conn 2 server to client only "
                              "(SYN-ACK, Accept, FIN).")
    port = Ports(44701)
    c = cap.conn(C4, port(), S4)
    c.syn(True)
    c.synack(True, capture=False)
    c.ack("c")
    c.register("c", p_r2(c))
    c.send("c", p_r2(c).data)
    c.ack("s", capture=False)
    acc = r_ac(c, cb.ACCEPT)
    c.register("s", acc, expect_frame=False)
    c.send("s", acc.data, capture=False)
    c.ack("c")
    c.clc("c", r_ac(c, cb.CONFIRM), ack=False)
    c.ack("s", capture=False)
    c.cap.tick(250_000)
    c.segment("c", pw.FIN | pw.ACK)
    c.segment("s", pw.FIN | pw.ACK, capture=False)
    c.segment("c", pw.ACK)
    c.finish(OUTCOME_SMCR, note="the Accept is implied by the Confirm")

    c = cap.conn(C4, port(), S4)
    c.syn(True, capture=False)
    c.synack(True)
    c.ack("c", capture=False)
    prop = p_r2(c)
    c.register("c", prop, expect_frame=False)
    c.send("c", prop.data, capture=False)
    c.ack("s")
    c.clc("s", r_ac(c, cb.ACCEPT), ack=False)
    conf = r_ac(c, cb.CONFIRM)
    c.register("c", conf, expect_frame=False)
    c.send("c", conf.data, capture=False)
    c.ack("s")
    c.cap.tick(250_000)
    c.segment("c", pw.FIN | pw.ACK, capture=False)
    c.segment("s", pw.FIN | pw.ACK)
    c.finish(OUTCOME_INCOMPLETE, note="the client's Proposal and Confirm are not captured")
    return cap


@generator("bad-length.pcap")
def gen_bad_length():
    cap = Capture("bad-length.pcap", generator="gen_bad_length",
                  description="Proposals whose header is fine but whose length field no CLC "
                              "message can have: conn 1 length 6 (shorter than header and "
                              "trailer), conn 2 length 2000 (longer than 1024); the 156 "
                              "bytes of a normal Proposal follow the header. The server "
                              "resets. Each is a CLC record of its header alone, with its "
                              "length anomaly, and a protocol error.")
    port = Ports(44801)
    for length in (6, 2000):
        c = cap.conn(C4, port(), S4)
        c.handshake()
        p = p_r2(c, length=length)
        for k in ("typev1", "typev2", "release"):
            p.truth.pop(k, None)
        anomaly_abort(c, "c", p, "length field %d: %s" % (
            length, "shorter than header and trailer" if length < 12 else "above 1024"))
    return cap


# Underlay of the tunnel captures: two hypervisors (RFC 5737 198.51.100.0/24).
U_C, U_S = pw.ip4_addr("198.51.100.12"), pw.ip4_addr("198.51.100.11")
U_MAC_C, U_MAC_S = pw.mac_addr("02:00:00:00:01:02"), pw.mac_addr("02:00:00:00:01:01")


def underlay(c, d, proto, payload):
    """Outer Ethernet + IPv4 between the hypervisors, the way d sends."""
    src, dst = (U_C, U_S) if d == "c" else (U_S, U_C)
    smac, dmac = (U_MAC_C, U_MAC_S) if d == "c" else (U_MAC_S, U_MAC_C)
    ip = pw.ipv4_packet(src, dst, 0, payload, proto=proto)
    return pw.ethernet_frame(dmac, smac, pw.ETHERTYPE_IPV4, ip)


def udp(sport, dport, payload):
    """UDP over IPv4 with checksum 0 (allowed for IPv4; VXLAN senders do this)."""
    return struct.pack(">HHHH", sport, dport, 8 + len(payload), 0) + payload


def enc_vxlan(c, d, frame, ip):
    hdr = struct.pack(">BBHI", 0x08, 0, 0, 100 << 8)  # I flag, VNI 100
    return underlay(c, d, 17, udp(49152 + c.port["c"] % 1000, 4789, hdr + frame))


def enc_geneve(c, d, frame, ip):
    hdr = struct.pack(">BBHI", 0, 0, 0x6558, 200 << 8)  # version 0, no options, VNI 200
    return underlay(c, d, 17, udp(49152 + c.port["c"] % 1000, 6081, hdr + frame))


def enc_gre(c, d, frame, ip):
    hdr = struct.pack(">HHI", 0x2000, 0x0800, 0x5107)  # key present, IPv4 inside
    return underlay(c, d, 47, hdr + ip)


def enc_mpls(c, d, frame, ip):
    labels = struct.pack(">II", (16 << 12) | 64, (17 << 12) | 0x100 | 64)  # 2 labels, S on the 2nd
    smac, dmac = (U_MAC_C, U_MAC_S) if d == "c" else (U_MAC_S, U_MAC_C)
    return pw.ethernet_frame(dmac, smac, 0x8847, labels + ip)


@generator("tunnels.pcap")
def gen_tunnels():
    cap = Capture("tunnels.pcap", generator="gen_tunnels",
                  description="SMC-Rv2 first contact inside tunnels, one per connection: "
                              "VXLAN (UDP 4789, VNI 100), Geneve (UDP 6081, Ethernet "
                              "inside), GRE with a key (IPv4 inside) and an MPLS stack of "
                              "two labels (IPv4 inside). Underlay 198.51.100.11/12.")
    port = Ports(44901)
    for enc in (enc_vxlan, enc_geneve, enc_gre, enc_mpls):
        c = cap.conn(C4, port(), S4, encap=enc)
        conv_smcr_v2(c)
        c.result["note"] = "inside " + enc.__name__[4:]
    return cap


@generator("mixed-linktypes.pcapng")
def gen_mixed_linktypes():
    cap = Capture("mixed-linktypes.pcapng", fmt="pcapng", tsresol=6,
                  generator="gen_mixed_linktypes",
                  description="pcapng with two interfaces of different link types, as "
                              "Wireshark writes a capture of eth0 and 'any': an SMC-Rv2 "
                              "handshake on the Ethernet interface 0, then a second IDB "
                              "(LINUX_SLL, 'any') and one packet on it. libpcap reads only "
                              "one link type per file and stops at that IDB.")
    conv_smcr_v2(cap.conn(C4, 45001, S4))
    good = cap.file_bytes()
    idb = pw._pcapng_block(1, struct.pack("<HHI", pw.LINKTYPE_LINUX_SLL, 0, 262144)
                           + pw._pcapng_option(2, b"any") + pw._pcapng_option(0, b""))
    frame = pw.sll_frame(0, 1, pw.mac_addr("02:00:00:00:00:02"), pw.ETHERTYPE_IPV4,
                         pw.ipv4_packet(pw.ip4_addr(C4), pw.ip4_addr(S4), 1, b"", proto=17))
    ts = cap.clock // 1000
    epb = pw._pcapng_block(6, struct.pack("<IIIII", 1, ts >> 32, ts & 0xFFFFFFFF, len(frame),
                                          len(frame)) + frame + b"\x00" * ((-len(frame)) % 4))
    cap.file_override = good + idb + epb
    cap.extra_truth["file_error"] = "second interface with another link type"
    return cap


@generator("truncated-file.pcap")
def gen_truncated_file():
    cap = Capture("truncated-file.pcap", generator="gen_truncated_file",
                  description="A valid capture whose last record (the Confirm of "
                              "connection 2) is cut in the middle: the file ends 40 "
                              "bytes into that record's data.")
    c = cap.conn(C4, 44101, S4)
    conv_server_decline(c, cb.CODE_BY_NAME["NOSMCRDEV"])
    c = cap.conn(C4, 44102, S4)
    c.handshake()
    c.clc("c", p_r2(c))
    c.clc("s", r_ac(c, cb.ACCEPT))
    c.clc("c", r_ac(c, cb.CONFIRM), ack=False)
    c.finish(OUTCOME_INCOMPLETE, note="the Confirm is in the cut last record")
    cap.cut_last_record = 40
    cap.extra_truth["file_error"] = "truncated last record"
    return cap


@generator("bad-header.pcap")
def gen_bad_header():
    cap = Capture("bad-header.pcap", generator="gen_bad_header",
                  description="Not a capture: the 24-byte file header starts with the "
                              "bytes 'GARB' instead of a pcap/pcapng magic, followed by "
                              "otherwise well-formed records.")
    c = cap.conn(C4, 44201, S4)
    conv_smcr_v2(c)
    good = cap.file_bytes()
    cap.file_override = b"GARB" + good[4:]
    cap.conns = []
    cap.frames = []
    cap.extra_truth["file_error"] = "bad magic"
    return cap


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    outdir = argv[1]
    only = set(argv[2:])
    os.makedirs(outdir, exist_ok=True)
    names = [n for n, _ in GENERATORS]
    unknown = only - set(names)
    if unknown:
        print("unknown capture(s): %s" % ", ".join(sorted(unknown)), file=sys.stderr)
        return 2
    for name, fn in GENERATORS:
        if only and name not in only:
            continue
        cap = fn()
        cap.write(outdir)
        print("%-34s %4d frames, %d connections" % (name, len(cap.frames), len(cap.conns)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
