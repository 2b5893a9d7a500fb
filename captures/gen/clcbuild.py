"""Build SMC CLC messages field by field from the wire format (docs/protocol.md).

Written from the wire format only (the section names below are those of
docs/protocol.md, which also names the kernel functions that check each
layout); it does not use, and must not use, the project's C parser.

Every builder returns a Msg: the wire bytes plus a `truth` dict describing
what was *intended* (type, path, version, length field, key values). The
truth is derived from the builder's inputs, not by parsing the bytes back,
so a parser that disagrees with it has a bug (or docs/protocol.md is ambiguous).

Builders take optional overrides (length, trailer, offsets, counts, raw
byte-7 bits) so the anomaly captures can break one rule at a time.
"""

import struct

# "Common header": eyecatchers ("SMCR" / "SMCD" in EBCDIC)
EYE_R = b"\xe2\xd4\xc3\xd9"
EYE_D = b"\xe2\xd4\xc3\xc4"

# "Common header": message types
PROPOSAL = 0x01
ACCEPT = 0x02
CONFIRM = 0x03
DECLINE = 0x04

TYPE_NAMES = {PROPOSAL: "proposal", ACCEPT: "accept", CONFIRM: "confirm", DECLINE: "decline"}

# "Common header": type encoding used by typev1 / typev2 / chosen type
R, D, N, B = 0, 1, 2, 3
TYPE_LETTER = {R: "R", D: "D", N: "N", B: "B"}

# "First-contact extension" / "Decline": OS types
OS_ZOS, OS_LINUX, OS_AIX = 1, 2, 3

# peer diagnosis codes (SMC_CLC_DECL_* in net/smc/smc_clc.h, newest kernel)
DECLINE_CODES = [
    (0x01010000, "MEM"),
    (0x02010000, "TIMEOUT_CL"),
    (0x02020000, "TIMEOUT_AL"),
    (0x03000000, "CNFERR"),
    (0x03010000, "PEERNOSMC"),
    (0x03020000, "IPSEC"),
    (0x03030000, "NOSMCDEV"),
    (0x03030001, "NOSMCDDEV"),
    (0x03030002, "NOSMCRDEV"),
    (0x03030003, "NOISM2SUPP"),
    (0x03030004, "NOV2EXT"),
    (0x03030005, "NOV2DEXT"),
    (0x03030006, "NOSEID"),
    (0x03030007, "NOSMCD2DEV"),
    (0x03030008, "NOUEID"),
    (0x03030009, "RELEASEERR"),
    (0x0303000A, "MAXCONNERR"),
    (0x0303000B, "MAXLINKERR"),
    (0x03040000, "MODEUNSUPP"),
    (0x03050000, "RMBE_EC"),
    (0x03060000, "OPTUNSUPP"),
    (0x03070000, "DIFFPREFIX"),
    (0x03080000, "GETVLANERR"),
    (0x03090000, "ISMVLANERR"),
    (0x030A0000, "NOACTLINK"),
    (0x030B0000, "NOSRVLINK"),
    (0x030C0000, "VERSMISMAT"),
    (0x030D0000, "MAX_DMB"),
    (0x030E0000, "NOROUTE"),
    (0x030F0000, "NOINDIRECT"),
    (0x04000000, "SYNCERR"),
    (0x05000000, "PEERDECL"),
    (0x09990000, "INTERR"),
    (0x09990001, "ERR_RTOK"),
    (0x09990002, "ERR_RDYLNK"),
    (0x09990003, "ERR_REGBUF"),
]
DECLINE_NAME = dict(DECLINE_CODES)
CODE_BY_NAME = {name: code for code, name in DECLINE_CODES}
SYNCERR = 0x04000000


def code_hex(code):
    return "0x%08x" % code


class Msg:
    """Wire bytes of one CLC message plus its intended decode."""

    def __init__(self, data, truth):
        self.data = bytes(data)
        self.truth = truth

    def __len__(self):
        return len(self.data)


def u8(v):
    return struct.pack(">B", v)


def u16(v):
    return struct.pack(">H", v)


def u32(v):
    return struct.pack(">I", v)


def u64(v):
    return struct.pack(">Q", v)


def u24(v):
    return struct.pack(">I", v)[1:]


def fixed(data, size, pad=b"\x00"):
    """Left-aligned fixed-width field (docs/protocol.md "Conventions": no terminator)."""
    data = bytes(data)
    if len(data) > size:
        raise ValueError("field too long: %d > %d" % (len(data), size))
    return data + pad * (size - len(data))


def blank32(text):
    """32-byte EID / host-name field, blank padded ("Conventions", "SMCv2 extension", "First-contact extension")."""
    return fixed(text.encode("ascii"), 32, b" ")


def path_of(eye):
    return {EYE_R: "R", EYE_D: "D"}.get(eye)


def _assemble(eye, mtype, byte7, body, trailer, length):
    """Header ("Common header") + body + trailer ("Trailer").

    length=None: the true total length. Otherwise the header carries the
    given value while the bytes stay as built (anomalies).
    """
    total = 8 + len(body) + 4
    hdr_len = total if length is None else length
    return eye + u8(mtype) + u16(hdr_len) + u8(byte7) + body + trailer, hdr_len


# ---------------------------------------------------------------------------
# Proposal ("Proposal")

def ip_prefix_area(ipv4_subnet=b"\x00" * 4, ipv4_plen=0, ipv6=(), n6=None):
    """IP prefix area, 8 + 17*n6 bytes."""
    area = fixed(ipv4_subnet, 4) + u8(ipv4_plen) + b"\x00\x00"
    area += u8(len(ipv6) if n6 is None else n6)
    for prefix, plen in ipv6:
        area += fixed(prefix, 16) + u8(plen)
    return area


def smcd_area(ism_gid=0, ism_chid=0, v2_ext_offset=0, vendor_oui=b"\x00" * 3,
              vendor_opts=b"\x00" * 5):
    """SMC-D / v2 area, 40 bytes at offset 40."""
    area = u64(ism_gid) + u16(ism_chid) + u16(v2_ext_offset)
    area += fixed(vendor_oui, 3) + fixed(vendor_opts, 5) + b"\x00" * 20
    assert len(area) == 40
    return area


def v2_extension(eids=(), n_eid=None, n_gid=0, release=0, seid_flag=False,
                 smcd_v2_ext_offset=0, roce_gid=b"\x00" * 16, max_conns=0,
                 max_links=0, feature_mask=0):
    """SMCv2 extension, 40 + 32*n_eid bytes."""
    flags = ((release & 0x0F) << 4) | (0x01 if seid_flag else 0)
    ext = u8(len(eids) if n_eid is None else n_eid) + u8(n_gid) + b"\x00" + u8(flags)
    ext += b"\x00\x00" + u16(smcd_v2_ext_offset) + fixed(roce_gid, 16)
    ext += u8(max_conns) + u8(max_links) + u16(feature_mask) + b"\x00" * 12
    assert len(ext) == 40
    for e in eids:
        ext += blank32(e) if isinstance(e, str) else fixed(e, 32)
    return ext


def smcdv2_extension(seid=b"", entries=()):
    """SMC-Dv2 extension, 48 + 10*n_gid bytes.

    entries: (gid u64, chid u16) pairs, in wire order. An Emulated-ISM
    device (CHID 0xFF00..0xFFFF) takes two consecutive entries with the same
    CHID: first the upper 64 GID bits, then gid_ext.
    """
    ext = (blank32(seid) if isinstance(seid, str) else fixed(seid, 32)) + b"\x00" * 16
    for gid, chid in entries:
        ext += u64(gid) + u16(chid)
    return ext


def proposal(version, typev1, typev2=N, peer_id=b"\x00" * 8, gid=b"\x00" * 16,
             mac=b"\x00" * 6, with_smcd_area=True, iparea_offset=None,
             ism_gid=0, ism_chid=0, v2_ext_offset=None, vendor_oui=b"\x00" * 3,
             vendor_opts=b"\x00" * 5, ipv4_subnet=b"\x00" * 4, ipv4_plen=0,
             ipv6=(), n6=None, eids=(), n_eid=None, release=0, seid_flag=False,
             smcd_v2_ext_offset=None, roce_gid=b"\x00" * 16, max_conns=0,
             max_links=0, feature_mask=0, seid=b"", gid_entries=(), n_gid=None,
             byte7_extra=0, length=None, eye=EYE_R, trailer=EYE_R,
             extra_before_trailer=b""):
    """docs/protocol.md "Proposal". Parts are laid out contiguously, as Linux sends them.

    version 1 with with_smcd_area=False: the RFC 7609 shape (iparea_offset 0,
    prefix area at 40). version 1 with the SMC-D area: the 4.19+ shape
    (iparea_offset 40). version >= 2: the 5.10+ shape (SMC-D area always).
    Defaults for the offsets are the values Linux sends ("Part map and offset arithmetic").
    """
    has_ip = (typev1 != N) or version == 1
    has_v2 = version >= 2 and typev2 != N
    has_d2 = has_v2 and typev2 in (D, B)

    ip_area = ip_prefix_area(ipv4_subnet, ipv4_plen, ipv6, n6) if has_ip else b""
    v2 = b""
    if has_v2:
        if smcd_v2_ext_offset is None:
            smcd_v2_ext_offset = (32 + 32 * len(eids)) if has_d2 else 0
        v2 = v2_extension(eids, n_eid, (len(gid_entries) if n_gid is None else n_gid)
                          if has_d2 else 0, release, seid_flag, smcd_v2_ext_offset,
                          roce_gid, max_conns, max_links, feature_mask)
    d2 = smcdv2_extension(seid, gid_entries) if has_d2 else b""

    if iparea_offset is None:
        iparea_offset = 40 if (with_smcd_area and has_ip) else 0
    if v2_ext_offset is None:
        # "Part map and offset arithmetic": offset counts from the end of the field at 50..51 (=52)
        v2_ext_offset = (28 + len(ip_area)) if has_v2 else 0

    # "Base": 40 bytes (the body starts at message offset 8: peer ID
    # 8..15, GID 16..31, MAC 32..37, iparea_offset 38..39)
    body = fixed(peer_id, 8) + fixed(gid, 16) + fixed(mac, 6) + u16(iparea_offset)
    if with_smcd_area:
        body += smcd_area(ism_gid, ism_chid, v2_ext_offset, vendor_oui, vendor_opts)
    body += ip_area + v2 + d2 + extra_before_trailer
    if version == 1:
        byte7 = (version << 4) | (typev2 << 2 if typev2 != N else 0) | typev1
    else:
        byte7 = (version << 4) | (typev2 << 2) | typev1
    byte7 |= byte7_extra
    data, hdr_len = _assemble(eye, PROPOSAL, byte7 & 0xFF, body, trailer, length)
    truth = {
        "type": "proposal",
        "path": path_of(eye),
        "version": version,
        "length": hdr_len,
        "typev1": TYPE_LETTER[typev1],
        "typev2": TYPE_LETTER[typev2] if version >= 2 else None,
    }
    if has_v2:
        truth["release"] = release
    return Msg(data, truth)


# ---------------------------------------------------------------------------
# First-contact extension ("First-contact extension")

def fce(os_type=OS_LINUX, release=0, hostname="", v2_direct=False, max_conns=0,
        max_links=0, feature_mask=0, vendor_exp=0, size=None):
    """"First-contact extension". size 36 (SMC-D release 0) or 52 (SMC-R always, SMC-D rel>=1)."""
    out = u8(0x80 if v2_direct else 0) + u8(((os_type & 0xF) << 4) | (release & 0xF))
    out += b"\x00\x00" + blank32(hostname)
    tail = u8(max_conns) + u8(max_links) + u16(feature_mask) + u32(vendor_exp) + b"\x00" * 8
    if size is None:
        size = 52
    if size == 52:
        out += tail
    elif size != 36:
        raise ValueError("FCE size must be 36 or 52")
    return out


# ---------------------------------------------------------------------------
# Accept / Confirm ("Accept and Confirm")

def _acc_conf_truth(mtype, eye, version, chosen, first_contact, hdr_len, release):
    t = {
        "type": TYPE_NAMES[mtype],
        "path": path_of(eye),
        "version": version,
        "length": hdr_len,
        "first_contact": bool(first_contact),
        "chosen": TYPE_LETTER.get(chosen, chosen),
    }
    if release is not None:
        t["release"] = release
    return t


def accept_confirm_r(mtype, version, first_contact, peer_id, gid, mac, qpn, rkey,
                     rmbe_idx, token, rmbe_size, qp_mtu, vaddr, psn, eid=b"",
                     fce_bytes=None, gids=None, gid_count=None, eye=EYE_R,
                     trailer=EYE_R, chosen=R, length=None, byte7_extra=0,
                     release=None):
    """SMC-R Accept/Confirm ("Accept and Confirm").

    v1: 68 bytes. v2: + EID(32) + reserved(8) [+ FCE 52 if FC]
    [+ GID list header + 16*g if Confirm and FC]. gids=None omits the list.
    fce_bytes=None with FC set omits the FCE (anomaly).
    """
    body = fixed(peer_id, 8) + fixed(gid, 16) + fixed(mac, 6)          # 8..37
    body += u24(qpn) + u32(rkey) + u8(rmbe_idx) + u32(token)           # 38..49
    body += u8(((rmbe_size & 0xF) << 4) | (qp_mtu & 0xF)) + b"\x00"    # 50..51
    body += u64(vaddr) + b"\x00" + u24(psn)                            # 52..63
    if version >= 2:
        body += (blank32(eid) if isinstance(eid, str) else fixed(eid, 32))  # 64..95
        body += b"\x00" * 8                                            # 96..103
        if fce_bytes is not None:
            body += fce_bytes                                          # 104..155
        if gids is not None:
            body += u8(len(gids) if gid_count is None else gid_count) + b"\x00" * 3
            for g in gids:
                body += fixed(g, 16)
    byte7 = (version << 4) | (0x08 if first_contact else 0) | chosen | byte7_extra
    data, hdr_len = _assemble(eye, mtype, byte7 & 0xFF, body, trailer, length)
    return Msg(data, _acc_conf_truth(mtype, eye, version, chosen, first_contact,
                                     hdr_len, release))


def accept_confirm_d(mtype, version, first_contact, gid, token, dmbe_idx, dmbe_size,
                     link_id, chid=0, eid=b"", gid_ext=0, fce_bytes=None, eye=EYE_D,
                     trailer=EYE_D, chosen=D, length=None, release=None):
    """SMC-D Accept/Confirm ("Accept and Confirm").

    v1: 48 bytes. v2: CHID + EID + gid_ext (78) [+ FCE 36/52 if FC].
    """
    body = u64(gid) + u64(token) + u8(dmbe_idx) + u8((dmbe_size & 0xF) << 4)  # 8..25
    body += b"\x00\x00" + fixed(link_id, 4)                                 # 26..31
    if version == 1:
        body += b"\x00" * 12                                                # 32..43
    else:
        body += u16(chid)                                                   # 32..33
        body += (blank32(eid) if isinstance(eid, str) else fixed(eid, 32))  # 34..65
        body += u64(gid_ext)                                                # 66..73
        if fce_bytes is not None:
            body += fce_bytes                                               # 74..
    byte7 = (version << 4) | (0x08 if first_contact else 0) | chosen
    data, hdr_len = _assemble(eye, mtype, byte7 & 0xFF, body, trailer, length)
    return Msg(data, _acc_conf_truth(mtype, eye, version, chosen, first_contact,
                                     hdr_len, release))


# ---------------------------------------------------------------------------
# Decline ("Decline")

def decline(version, code, peer_id=b"\x00" * 8, out_of_sync=None, os_type=None,
            extra_diag=(0, 0, 0, 0), low_bits=0, v2_body=None, length=None,
            eye=EYE_R, trailer=EYE_R):
    """Decline ("Decline"). v1: 28 bytes. v2: 44 bytes (four extra diagnosis words).

    out_of_sync defaults to (code == SYNCERR) as Linux does ("Decline").
    os_type defaults to 0 for v1 and Linux (2) for v2.
    v2_body: force (True) or suppress (False) the extra words, regardless of
    the version (anomalies: a 28-byte v2 Decline).
    """
    if out_of_sync is None:
        out_of_sync = code == SYNCERR
    if os_type is None:
        os_type = OS_LINUX if version >= 2 else 0
    if v2_body is None:
        v2_body = version >= 2
    body = fixed(peer_id, 8) + u32(code) + u8((os_type & 0xF) << 4) + b"\x00" * 3
    if v2_body:
        body += b"".join(u32(w) for w in extra_diag)
    byte7 = (version << 4) | (0x08 if out_of_sync else 0) | (low_bits & 0x03)
    data, hdr_len = _assemble(eye, DECLINE, byte7 & 0xFF, body, trailer, length)
    truth = {
        "type": "decline",
        "path": path_of(eye),
        "version": version,
        "length": hdr_len,
        "code": code_hex(code),
        "code_name": DECLINE_NAME.get(code),
        "out_of_sync": bool(out_of_sync),
    }
    return Msg(data, truth)


# ---------------------------------------------------------------------------
# Raw messages (real vector bytes) with hand-written truth

def raw(data, truth):
    """Wrap given bytes (e.g. tests/vectors/clc/*.bin). The truth is
    written by hand by the caller and cross-checked here only against the
    fixed header bytes (eyecatcher, type, length, version nibble)."""
    data = bytes(data)
    assert path_of(data[:4]) == truth["path"], truth
    assert TYPE_NAMES[data[4]] == truth["type"], truth
    assert struct.unpack(">H", data[5:7])[0] == truth["length"], truth
    assert data[7] >> 4 == truth["version"], truth
    return Msg(data, dict(truth))
