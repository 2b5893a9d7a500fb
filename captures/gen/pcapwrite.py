"""Packet and capture-file writers for the built SMC captures.

Python 3 standard library only. Everything here is deterministic: the same
inputs give the same bytes.

What is in here:
  * Internet checksum, IPv4 header, IPv6 header (optionally followed by
    hop-by-hop / destination options extension headers), TCP header with
    options and a correct checksum over the pseudo-header.
  * Link-layer encapsulations: Ethernet II (with any number of 802.1Q /
    802.1ad tags), Linux cooked v1 (SLL) and v2 (SLL2), raw IP, BSD loopback
    (DLT_NULL, address family in the file's byte order).
  * Writers for classic pcap (little-endian, microsecond timestamps) and
    pcapng (SHB + one IDB + EPBs, selectable if_tsresol).

The layouts follow the public definitions of the formats (pcap file format,
pcapng draft, tcpdump's LINKTYPE list); none of it depends on the project's C
code.
"""

import ipaddress
import struct

# ---------------------------------------------------------------------------
# Link types (LINKTYPE_* values as stored in files)

LINKTYPE_NULL = 0
LINKTYPE_ETHERNET = 1
LINKTYPE_RAW = 101
LINKTYPE_LINUX_SLL = 113
LINKTYPE_LINUX_SLL2 = 276

LINKTYPE_NAMES = {
    LINKTYPE_NULL: "NULL (BSD loopback)",
    LINKTYPE_ETHERNET: "EN10MB (Ethernet)",
    LINKTYPE_RAW: "RAW (raw IP, 101)",
    LINKTYPE_LINUX_SLL: "LINUX_SLL (Linux cooked v1)",
    LINKTYPE_LINUX_SLL2: "LINUX_SLL2 (Linux cooked v2)",
}

ETHERTYPE_IPV4 = 0x0800
ETHERTYPE_IPV6 = 0x86DD
ETHERTYPE_8021Q = 0x8100
ETHERTYPE_8021AD = 0x88A8

IPPROTO_HOPOPTS = 0
IPPROTO_TCP = 6
IPPROTO_DSTOPTS = 60

# TCP flag bits
FIN = 0x01
SYN = 0x02
RST = 0x04
PSH = 0x08
ACK = 0x10


def inet_checksum(data):
    """RFC 1071 one's-complement sum, returned ready to store (BE u16)."""
    if len(data) % 2:
        data = data + b"\x00"
    total = 0
    for (word,) in struct.iter_unpack(">H", data):
        total += word
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return (~total) & 0xFFFF


def ip4_addr(text):
    return ipaddress.IPv4Address(text).packed


def ip6_addr(text):
    return ipaddress.IPv6Address(text).packed


def mac_addr(text):
    return bytes(int(x, 16) for x in text.split(":"))


# ---------------------------------------------------------------------------
# TCP

def tcp_options_bytes(opts):
    """Encode a list of TCP options.

    Items: ("nop",), ("mss", n), ("sackok",), ("ts", val, ecr), ("ws", shift),
    ("raw", bytes). The result is padded with EOL to a multiple of 4.
    """
    out = b""
    for o in opts:
        kind = o[0]
        if kind == "nop":
            out += b"\x01"
        elif kind == "mss":
            out += struct.pack(">BBH", 2, 4, o[1])
        elif kind == "sackok":
            out += b"\x04\x02"
        elif kind == "ts":
            out += struct.pack(">BBII", 8, 10, o[1] & 0xFFFFFFFF, o[2] & 0xFFFFFFFF)
        elif kind == "ws":
            out += struct.pack(">BBB", 3, 3, o[1])
        elif kind == "raw":
            out += o[1]
        else:
            raise ValueError("unknown TCP option %r" % (kind,))
    while len(out) % 4:
        out += b"\x00"
    if len(out) > 40:
        raise ValueError("TCP options too long (%d)" % len(out))
    return out


def tcp_segment(src_port, dst_port, seq, ack, flags, window, options, payload,
                pseudo_header):
    """Build a TCP segment with a correct checksum.

    pseudo_header: the IPv4 or IPv6 pseudo-header bytes *without* the
    length field folded in; see ip4_pseudo / ip6_pseudo.
    """
    opt = tcp_options_bytes(options)
    doff = (20 + len(opt)) // 4
    hdr = struct.pack(">HHIIBBHHH", src_port, dst_port, seq & 0xFFFFFFFF,
                      ack & 0xFFFFFFFF, doff << 4, flags, window, 0, 0)
    seg = hdr + opt + payload
    csum = inet_checksum(pseudo_header(len(seg)) + seg)
    return seg[:16] + struct.pack(">H", csum) + seg[18:]


def ip4_pseudo(src, dst):
    def build(length):
        return src + dst + struct.pack(">BBH", 0, IPPROTO_TCP, length)
    return build


def ip6_pseudo(src, dst):
    def build(length):
        return src + dst + struct.pack(">I", length) + b"\x00\x00\x00" + bytes([IPPROTO_TCP])
    return build


# ---------------------------------------------------------------------------
# IP

def ipv4_packet(src, dst, ident, payload, ttl=64, df=True, proto=IPPROTO_TCP, tos=0):
    total = 20 + len(payload)
    flags_frag = 0x4000 if df else 0
    hdr = struct.pack(">BBHHHBBH4s4s", 0x45, tos, total, ident & 0xFFFF, flags_frag,
                      ttl, proto, 0, src, dst)
    csum = inet_checksum(hdr)
    hdr = hdr[:10] + struct.pack(">H", csum) + hdr[12:]
    return hdr + payload


def ipv6_ext_header(next_header, options_bytes):
    """Hop-by-hop or destination options header (RFC 8200 4.3/4.6).

    options_bytes is padded with PadN/Pad1 so the header is a multiple of 8.
    """
    body = options_bytes
    rem = (len(body) + 2) % 8
    if rem:
        pad = 8 - rem
        if pad == 1:
            body += b"\x00"  # Pad1
        else:
            body += bytes([1, pad - 2]) + b"\x00" * (pad - 2)  # PadN
    hdr_ext_len = (len(body) + 2) // 8 - 1
    return bytes([next_header, hdr_ext_len]) + body


def ipv6_packet(src, dst, payload, hop_limit=64, ext_headers=(), flow=0, tclass=0):
    """IPv6 packet carrying TCP.

    ext_headers: sequence of (kind, options_bytes) with kind in
    {IPPROTO_HOPOPTS, IPPROTO_DSTOPTS}, in wire order. Each header's "next
    header" field is filled to chain to the following one and finally to TCP.
    """
    kinds = [k for k, _ in ext_headers]
    chain = b""
    for i, (kind, opts) in enumerate(ext_headers):
        nxt = kinds[i + 1] if i + 1 < len(kinds) else IPPROTO_TCP
        chain += ipv6_ext_header(nxt, opts)
    first = kinds[0] if kinds else IPPROTO_TCP
    body = chain + payload
    vtf = (6 << 28) | (tclass << 20) | (flow & 0xFFFFF)
    hdr = struct.pack(">IHBB16s16s", vtf, len(body), first, hop_limit, src, dst)
    return hdr + body


# ---------------------------------------------------------------------------
# Link layers

def ethernet_frame(dst_mac, src_mac, ethertype, payload, tags=()):
    """Ethernet II; tags = [(tpid, tci), ...] outermost first."""
    out = dst_mac + src_mac
    for tpid, tci in tags:
        out += struct.pack(">HH", tpid, tci)
    return out + struct.pack(">H", ethertype) + payload


def sll_frame(pkttype, hatype, addr, protocol, payload):
    """Linux cooked capture v1 header (16 bytes), all fields big-endian."""
    a = (addr + b"\x00" * 8)[:8]
    return struct.pack(">HHH8sH", pkttype, hatype, len(addr), a, protocol) + payload


def sll2_frame(protocol, ifindex, hatype, pkttype, addr, payload):
    """Linux cooked capture v2 header (20 bytes), all fields big-endian."""
    a = (addr + b"\x00" * 8)[:8]
    return struct.pack(">HHIHBB8s", protocol, 0, ifindex, hatype, pkttype,
                       len(addr), a) + payload


def null_frame(af, payload, little_endian=True):
    """BSD loopback: 4-byte address family in the writer's byte order."""
    return struct.pack("<I" if little_endian else ">I", af) + payload


# ---------------------------------------------------------------------------
# File writers

class PcapWriter:
    """Classic libpcap file, little-endian, microsecond timestamps."""

    def __init__(self, linktype, snaplen=262144):
        self.linktype = linktype
        self.snaplen = snaplen
        self.records = []

    def add(self, ts_ns, frame):
        caplen = min(len(frame), self.snaplen)
        self.records.append((ts_ns, frame[:caplen], len(frame)))
        return caplen

    def header(self, magic=0xA1B2C3D4):
        return struct.pack("<IHHiIII", magic, 2, 4, 0, 0, self.snaplen, self.linktype)

    def record_bytes(self, rec):
        ts_ns, data, origlen = rec
        sec, rem = divmod(ts_ns, 1_000_000_000)
        return struct.pack("<IIII", sec, rem // 1000, len(data), origlen) + data

    def to_bytes(self):
        return self.header() + b"".join(self.record_bytes(r) for r in self.records)


def _pcapng_option(code, value):
    pad = (-len(value)) % 4
    return struct.pack("<HH", code, len(value)) + value + b"\x00" * pad


def _pcapng_block(btype, body):
    total = 12 + len(body)
    return struct.pack("<II", btype, total) + body + struct.pack("<I", total)


class PcapngWriter:
    """pcapng: one Section Header Block, one Interface Description Block and
    one Enhanced Packet Block per packet (little-endian).

    tsresol: 6 (microseconds) or 9 (nanoseconds); written as if_tsresol.
    """

    def __init__(self, linktype, snaplen=262144, tsresol=6, if_name="eth0",
                 shb_userappl="smcclc captures/gen/mkcaptures.py"):
        self.linktype = linktype
        self.snaplen = snaplen
        self.tsresol = tsresol
        self.if_name = if_name
        self.shb_userappl = shb_userappl
        self.records = []

    def add(self, ts_ns, frame):
        caplen = min(len(frame), self.snaplen)
        self.records.append((ts_ns, frame[:caplen], len(frame)))
        return caplen

    def to_bytes(self):
        shb_opts = _pcapng_option(4, self.shb_userappl.encode()) + _pcapng_option(0, b"")
        shb = _pcapng_block(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1) + shb_opts)
        idb_opts = (_pcapng_option(2, self.if_name.encode())
                    + _pcapng_option(9, bytes([self.tsresol]))
                    + _pcapng_option(0, b""))
        idb = _pcapng_block(1, struct.pack("<HHI", self.linktype, 0, self.snaplen) + idb_opts)
        out = [shb, idb]
        div = 10 ** (9 - self.tsresol)
        for ts_ns, data, origlen in self.records:
            ts = ts_ns // div
            pad = (-len(data)) % 4
            body = struct.pack("<IIIII", 0, ts >> 32, ts & 0xFFFFFFFF, len(data), origlen)
            out.append(_pcapng_block(6, body + data + b"\x00" * pad))
        return b"".join(out)
