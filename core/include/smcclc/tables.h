/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The protocol tables of smcclc, each written once.
 *
 * Every enumeration of the SMC CLC protocol is an X-macro list here. The core
 * expands them into lookups (tables.c), smcdump into its text and JSON keys,
 * the Wireshark plugin into value_string arrays and hf registrations. Adding a
 * row here is the only way to add a name anywhere.
 *
 * Numbers and kernel names are facts from Linux net/smc (smc_clc.h); the
 * meanings and hints are our own words. docs/protocol.md describes the wire
 * format, docs/troubleshooting.md has one section per reason, anchored by the
 * reason's name.
 */
#ifndef SMCCLC_TABLES_H
#define SMCCLC_TABLES_H

/* The guide the anchors below name sections of, as a path in the source tree. */
#define SMCCLC_GUIDE_DOC "docs/troubleshooting.md"

/* CLC message types (header byte 4): X(value, ID, key, label) */
#define SMCCLC_CLC_TYPE_LIST(X)                                                                       \
    X(1, PROPOSAL, "proposal", "Proposal")                                                         \
    X(2, ACCEPT, "accept", "Accept")                                                               \
    X(3, CONFIRM, "confirm", "Confirm")                                                            \
    X(4, DECLINE, "decline", "Decline")

/*
 * Eyecatchers, EBCDIC "SMCR" and "SMCD", in the header and the trailer:
 * X(value, ID, key, label). The key is what JSON's "smc" member holds.
 */
#define SMCCLC_EYECATCHER_LIST(X)                                                                     \
    X(0xE2D4C3D9u, R, "R", "SMC-R")                                                                \
    X(0xE2D4C3C4u, D, "D", "SMC-D")

/* SMC types of typev1, typev2 and the chosen type: X(value, ID, key, label) */
#define SMCCLC_PATH_LIST(X)                                                                           \
    X(0, R, "R", "SMC-R")                                                                          \
    X(1, D, "D", "SMC-D")                                                                          \
    X(2, N, "N", "none")                                                                           \
    X(3, B, "B", "SMC-R,SMC-D")

/* v2.x release nibble (proposal v2 extension, first-contact extension) */
#define SMCCLC_RELEASE_LIST(X)                                                                        \
    X(0, V2_0, "2.0", "v2.0")                                                                      \
    X(1, V2_1, "2.1", "v2.1")

/*
 * OS type nibble (first-contact extension, v2 Decline): X(value, ID, key, label).
 * The kernel's SMC_CLC_OS_ZOS/LINUX/AIX (smc_clc.h); no system is known to
 * send 15, which only Wireshark names ("unknown"): it is an os_unknown value.
 */
#define SMCCLC_OS_LIST(X)                                                                             \
    X(1, ZOS, "zos", "z/OS")                                                                       \
    X(2, LINUX, "linux", "Linux")                                                                  \
    X(3, AIX, "aix", "AIX")

/* InfiniBand MTU enum of the SMC-R QP MTU nibble: X(value, ID, key, label) */
#define SMCCLC_QP_MTU_LIST(X)                                                                         \
    X(1, MTU_256, "256", "256")                                                                    \
    X(2, MTU_512, "512", "512")                                                                    \
    X(3, MTU_1024, "1024", "1024")                                                                 \
    X(4, MTU_2048, "2048", "2048")                                                                 \
    X(5, MTU_4096, "4096", "4096")

/* v2.1 feature mask bits (proposal v2 extension, FCE): X(bit value, ID, key, label) */
#define SMCCLC_FEATURE_LIST(X) X(0x0001, EMULATED_ISM, "emulated_ism", "Emulated-ISM devices")

/*
 * Peer diagnosis codes of a Decline, newest kernel:
 * X(code, NAME, meaning, hint)
 * NAME is the kernel's SMC_CLC_DECL_ suffix; it is also the JSON "diag_name",
 * the verdict "reason", and the anchor of its section in
 * docs/troubleshooting.md. The hint is that section's one-line summary.
 */
#define SMCCLC_DECLINE_LIST(X)                                                                        \
    X(0x01010000u, MEM, "the sender ran out of memory for SMC buffers or link structures",      \
      "Free memory or lower SMC buffer sizes (SO_SNDBUF/SO_RCVBUF, net.smc.wmem/rmem) on the "    \
      "declining host")                                                                            \
    X(0x02010000u, TIMEOUT_CL, "SMC-R: the LLC CONFIRM LINK exchange over RoCE timed out",       \
      "RoCE traffic between the peers is not getting through: check RoCE connectivity, pause "    \
      "frames (ethtool -a) and firewalls on UDP 4791")                                             \
    X(0x02020000u, TIMEOUT_AL, "SMC-R: the LLC ADD LINK exchange over RoCE timed out",           \
      "The second RoCE link could not be set up: check the second RoCE port's connectivity")      \
    X(0x03000000u, CNFERR, "generic configuration error, e.g. no usable IP prefix",              \
      "Check the interface's IP configuration (ip addr) and the SMC setup (smcr device, "          \
      "smc_pnet -s)")                                                                              \
    X(0x03010000u, PEERNOSMC, "the peer did not offer SMC (no TCP option, or nothing usable)",   \
      "The server does not use SMC for this listener: not an AF_SMC socket (use smc_run), smc "   \
      "module not loaded, SYN cookies, or handshake limitation active")                            \
    X(0x03020000u, IPSEC, "the TCP connection is protected by IPsec, which SMC does not use",    \
      "SMC is never used on IPsec-protected connections: exempt this traffic from IPsec to use "  \
      "SMC")                                                                                       \
    X(0x03030000u, NOSMCDEV, "no usable SMC device, neither RoCE nor ISM, for this connection",  \
      "No SMC device fits this connection: match PNET IDs (smc_pnet), configure a common UEID "    \
      "on both hosts (smcr ueid add), and use IPv4 or IPv4-mapped addresses for SMC-Rv2")          \
    X(0x03030001u, NOSMCDDEV, "no usable SMC-D (ISM) device",                                    \
      "No ISM device shares the PNET ID of the TCP interface: check smcd device and smc_pnet")    \
    X(0x03030002u, NOSMCRDEV, "no usable SMC-R (RoCE) device",                                   \
      "PNET ID of the handshake interface and the RoCE device differ or the device is down: "     \
      "check with smc_pnet -s, smcr device and rdma link")                                         \
    X(0x03030003u, NOISM2SUPP, "the system has no ISMv2-capable hardware, so no SMC-Dv2",        \
      "SMC-Dv2 needs ISMv2 (IBM z15 or later, or loopback-ism): use SMC-D v1 or SMC-R instead")    \
    X(0x03030004u, NOV2EXT, "the Proposal claims v2 but has no valid SMCv2 extension",           \
      "The client sent a broken v2 Proposal: update the client's kernel or SMC implementation")   \
    X(0x03030005u, NOV2DEXT, "the Proposal offers SMC-Dv2 but has no valid SMC-Dv2 extension",   \
      "The client sent a broken SMC-Dv2 Proposal: update the client's kernel or SMC stack")       \
    X(0x03030006u, NOSEID, "the peer sent no system EID (kernels 5.10 to 5.15)",                  \
      "Enable the system EID on both s390 hosts, or configure a common UEID (smcr ueid add)")      \
    X(0x03030007u, NOSMCD2DEV, "none of the offered ISMv2 devices (CHIDs) is usable here",       \
      "The peers share no ISMv2 CHID: both LPARs need an ISM device on the same CHID; "            \
      "loopback-ism (CHID 0xFFFF) only reaches the same host")                                     \
    X(0x03030008u, NOUEID, "the peers share no EID (no UEID and, for SMC-D, no SEID)",           \
      "Configure the same user EID on both hosts: smcr ueid add NAME (SMC-Rv2 needs a UEID)")      \
    X(0x03030009u, RELEASEERR, "the v2.x release in the Confirm differs from the Accept's",      \
      "Peers disagree on the SMC release: update both kernels to current stable releases")        \
    X(0x0303000au, MAXCONNERR, "v2.1 max-connections negotiation failed",                        \
      "Set net.smc.smcr_max_conns_per_lgr to 16..255 on both hosts")                               \
    X(0x0303000bu, MAXLINKERR, "v2.1 max-links negotiation failed",                              \
      "Set net.smc.smcr_max_links_per_lgr to 1 or 2 on both hosts")                                \
    X(0x03040000u, MODEUNSUPP, "the Accept chose a type or version the client did not offer",    \
      "The server chose an SMC mode the client never offered: a peer bug, update the server")     \
    X(0x03050000u, RMBE_EC, "SMC-R: the peer's CONFIRM LINK asked for RMBE eyecatchers",         \
      "The peer wants RMBE eyecatchers, which Linux does not support: disable them on the peer")  \
    X(0x03060000u, OPTUNSUPP, "TCP Fast Open was requested on an SMC socket",                    \
      "Do not use TCP Fast Open (MSG_FASTOPEN, TCP_FASTOPEN) on SMC sockets")                      \
    X(0x03070000u, DIFFPREFIX, "the IP subnet or IPv6 prefixes of the peers differ",             \
      "SMC v1 needs both peers in the same IP subnet: put them on one subnet, or use SMCv2 "      \
      "with a common UEID")                                                                        \
    X(0x03080000u, GETVLANERR, "the VLAN of the IP device could not be determined",              \
      "Check the VLAN setup of the TCP interface (ip -d link); stacked devices can hide the VLAN") \
    X(0x03090000u, ISMVLANERR, "the VLAN ID could not be registered on the ISM device",          \
      "The ISM device refused the VLAN ID: check its VLAN limit and the z/VM or LPAR setup")      \
    X(0x030a0000u, NOACTLINK, "SMC-R: the link group has no active link",                        \
      "The RoCE links to this peer are down: check smcr linkgroup and the RoCE ports")            \
    X(0x030b0000u, NOSRVLINK, "SMC-R: no local link matches the server's QP, GID or MAC",        \
      "The client has no link to the server's RoCE address: check routing and RoCE GIDs")        \
    X(0x030c0000u, VERSMISMAT, "SMC version mismatch (old v1-only kernels)",                     \
      "A v1-only peer got a v2-only Proposal: offer SMC v1 too, or update the v1-only peer")      \
    X(0x030d0000u, MAX_DMB, "SMC-D: the ISM device has no DMBs left",                            \
      "The ISM device is out of DMBs: fewer concurrent SMC-D connections or smaller buffers")     \
    X(0x030e0000u, NOROUTE, "SMC-Rv2: no route to the server's RoCEv2 GID address",              \
      "Add a route from the client's RoCE interface to the server's RoCEv2 address")              \
    X(0x030f0000u, NOINDIRECT, "SMC-Rv2: the server says routed, but the route is direct",       \
      "The peers disagree whether they share a subnet: make the routing of both hosts agree")     \
    X(0x04000000u, SYNCERR, "link-group state out of sync between the peers",                    \
      "The peers' link groups were out of sync and are torn down: the next connection should "    \
      "use SMC; if it repeats, update both kernels")                                               \
    X(0x05000000u, PEERDECL, "local code: the peer declined (never sent on the wire)",          \
      "Look at the other side's Decline for the real reason")                                     \
    X(0x09990000u, INTERR, "internal error of the sender",                                       \
      "An internal SMC error on the declining host: look at its kernel log (dmesg)")              \
    X(0x09990001u, ERR_RTOK, "SMC-R: handling the peer's RMB rkey or address failed",            \
      "RDMA setup failed on the declining host: check dmesg and the RoCE device")                 \
    X(0x09990002u, ERR_RDYLNK, "SMC-R: bringing the QP to ready state failed",                   \
      "The RoCE QP could not be brought up: check dmesg, the RoCE device and its firmware")       \
    X(0x09990003u, ERR_REGBUF, "SMC-R: registering the RDMA buffers failed",                     \
      "RDMA memory registration failed: check locked-memory limits and the RoCE device")

/* The name of a decline code that is not in SMCCLC_DECLINE_LIST (JSON diag_name, verdict reason). */
#define SMCCLC_DECLINE_UNKNOWN_NAME "UNKNOWN"
/* The verdict reason of a Decline cut by snaplen before its code. */
#define SMCCLC_DECLINE_NOT_CAPTURED_NAME "NOT_CAPTURED"

/*
 * Handshake outcomes: X(ID, key, label). The key is JSON's "outcome" and the
 * plugin's smcclc.outcome string. NO_OPTION (a SYN without the SMC option) is
 * given only by smcdump --all; smcclc_hs_verdict() never returns it.
 */
#define SMCCLC_OUTCOME_LIST(X)                                                                        \
    X(SMC_R, "smc-r", "SMC-R")                                                                     \
    X(SMC_D, "smc-d", "SMC-D")                                                                     \
    X(FALLBACK, "fallback", "fallback to TCP")                                                     \
    X(INCOMPLETE, "incomplete", "incomplete")                                                      \
    X(NO_OPTION, "no-option", "no SMC option")

/*
 * Situations a verdict can point to besides a decline code:
 * X(ID, anchor, hint). The anchor names the section of
 * docs/troubleshooting.md; the hint is its one-line summary.
 */
#define SMCCLC_SITUATION_LIST(X)                                                                      \
    X(INCOMPLETE, "INCOMPLETE",                                                                    \
      "The handshake stopped half way: a peer hung or the capture missed packets; check both "    \
      "hosts' dmesg and capture on both sides")                                                    \
    X(DECLINE_AFTER_CONFIRM, "DECLINE_AFTER_CONFIRM",                                              \
      "CLC succeeded but link setup failed afterwards (SMC-R): check RoCE connectivity between "   \
      "the peers")                                                                                 \
    X(PROTOCOL_ERROR, "PROTOCOL_ERROR",                                                            \
      "A CLC message breaks the kernel's rules: Linux aborts such connections instead of "        \
      "falling back; update the sender")                                                           \
    X(PROPOSAL_PREFIX_MISMATCH, "PROPOSAL_PREFIX_MISMATCH",                                        \
      "The client's kernel sent typev1 N with an IP prefix area (Linux before the 6.18 fix): "     \
      "update the client's kernel, or give its interface a global address in its subnet")         \
    X(DECLINE_NOT_CAPTURED, "DECLINE_NOT_CAPTURED",                                                \
      "The Decline's code was cut by the snapshot length: capture again with -s 0, or read the "   \
      "reason on the hosts (smcss -a, smcr stats)")                                                \
    X(ONE_DIRECTION, "ONE_DIRECTION",                                                              \
      "One direction captured: the verdict is inferred from one side's messages; capture both "    \
      "directions (on a host, or a SPAN port that mirrors both)")                                  \
    X(UNKNOWN_DECLINE, "UNKNOWN_DECLINE",                                                          \
      "The peer declined with a code Linux does not define: a non-Linux peer; ask its vendor")     \
    X(NO_OPTION, "NO_OPTION",                                                                      \
      "The client did not ask for SMC: not an AF_SMC socket, no smc_run, IPPROTO_SMC not used")

/*
 * What `smcdump --explain` prints beyond the one-line meaning and hint:
 * X(NAME, tools_name, confirm, change) for every decline code and every
 * situation, NAME being the code's kernel name or the situation's anchor.
 *  tools_name  the short name smc-tools' `smcr stats`/`smcd stats` print
 *              where it differs from the kernel's (stats.c get_fbackstr()),
 *              or NULL
 *  confirm     "How to confirm it on the host" of the guide section NAME
 *  change      "What to change" of the same section
 * tests/docs/check_guide holds docs/troubleshooting.md to these words (and
 * the unit tests hold this list to the decline and situation tables), so the
 * guide and the installed binary say the same.
 */
#define SMCCLC_EXPLAIN_LIST(X)                                                                        \
    X(PEERNOSMC, "PEER_NO_SMC",                                                                    \
      "On the server: is the listening program started with `smc_run` or does it create "          \
      "`AF_SMC` sockets (`smcss -l` lists SMC listeners; a missing entry means plain TCP)? "       \
      "Is the module loaded (`lsmod | grep smc`)? Were SYN cookies sent (`nstat -az "              \
      "TcpExtSyncookiesSent`; `sysctl net.ipv4.tcp_syncookies`)? Is the handshake "                \
      "limitation on and the server busy (`sysctl net.smc.limit_smc_hs`, or the "                  \
      "`SMC_LIMIT_HS` socket option)? Does a middlebox strip unknown TCP options (capture "        \
      "on both ends and compare the SYN-ACK)?\nSince Linux 6.19 the decision can also be "         \
      "local policy: a BPF program of type `smc_hs_ctrl` (struct_ops hooks `syn_option` "          \
      "and `synack_option`, selected by the sysctl `net.smc.hs_ctrl`) may leave the option "       \
      "off the server's SYN-ACK, or off the client's own SYN; a client whose hook says no "        \
      "falls back with PEERNOSMC without any option on the wire.",                                 \
      "Start the server under `smc_run` (or switch it to `AF_SMC`), load the `smc` module, "       \
      "raise the listen backlog so SYN cookies are not needed, make sure no firewall or "          \
      "load balancer removes TCP options, and on Linux 6.19 and later check `sysctl "              \
      "net.smc.hs_ctrl` on both hosts for a BPF handshake control that says no.")                  \
    X(INCOMPLETE, NULL,                                                                            \
      "Look for SMC messages in both kernels' logs (`dmesg | grep -i smc`), for RST "              \
      "segments right after the last CLC message, and at the capture's drop counters. "            \
      "Capture on both hosts at once.",                                                            \
      "If packets were lost in the capture, capture again with a larger capture buffer "           \
      "(`-B`, in KiB, as in tcpdump) and the full snapshot length (`-s 0`). If a peer "            \
      "hung, update its kernel; a hang right after Confirm on SMC-R usually means the RoCE "       \
      "link never came up (see [TIMEOUT_CL](#TIMEOUT_CL)).")                                       \
    X(DECLINE_AFTER_CONFIRM, NULL,                                                                 \
      "`smcr linkgroup` on both hosts; RoCE traffic (UDP port 4791 for RoCEv2) between the "       \
      "RoCE interfaces in a capture on those interfaces; `ethtool -a` for pause frames; "          \
      "`rdma link` state.",                                                                        \
      "Make RoCE traffic flow between the two RoCE ports: same VLAN and subnet for RoCE "          \
      "v1, routing for RoCEv2, pause frames on, no firewall dropping UDP 4791.")                   \
    X(PROTOCOL_ERROR, NULL,                                                                        \
      "The receiver's `dmesg`, and `smcr stats`/`smcd stats` handshake-error counters. "           \
      "Decode the message with `smcdump -vv` to see every field and the hex bytes.",               \
      "The sending implementation is broken or from a newer protocol release than the "            \
      "receiver knows: update the side that sent the message, or report it to its vendor "         \
      "with the capture. A Proposal with `typev1 none`, `prop_layout_gap` and "                    \
      "`trailer_bad` from a Linux client is a known kernel bug: see "                              \
      "[PROPOSAL_PREFIX_MISMATCH](#PROPOSAL_PREFIX_MISMATCH).")                                    \
    X(PROPOSAL_PREFIX_MISMATCH, NULL,                                                              \
      "`uname -r` on the client (a kernel without the fix); `ip addr` on the interface the "       \
      "route uses (`ip route get <server-ip>`): only link-local IPv6 addresses, or an "            \
      "address and prefix that do not match the interface's subnet.",                              \
      "Update the client's kernel to a release with the fix, or give the interface a "             \
      "global address in its subnet so that the prefix lookup succeeds.")                          \
    X(DECLINE_NOT_CAPTURED, NULL,                                                                  \
      "`smcss -a` on either host shows a socket in mode `TCP` with its local and peer "            \
      "reason codes; `smcr stats` / `smcd stats` count fallbacks by reason.",                      \
      "Capture again with the full snapshot length (`-s 0`, or at least 128 bytes of "             \
      "payload per packet); then look the code up with `smcdump --explain CODE`.")                 \
    X(ONE_DIRECTION, NULL,                                                                         \
      "Look at the capture point: the routing of both directions (`ip route get <address>` "       \
      "on each host), the mirror port's direction setting, and the capture filter.",               \
      "Capture on one of the two hosts (both directions pass there), or configure the "            \
      "mirror port for both directions.")                                                          \
    X(UNKNOWN_DECLINE, NULL,                                                                       \
      "The OS type in the Decline (v2 Declines carry it) tells which system sent it; "             \
      "`smcss -a` on a Linux peer shows the code.",                                                \
      "Look the code up in the peer's documentation or ask its vendor.")                           \
    X(NO_OPTION, NULL,                                                                             \
      "On the client, `smcss -a` lists SMC sockets, including those that fell back before "        \
      "the SYN, with their local fallback reason; a connection absent there was never an "         \
      "SMC socket. `lsmod | grep smc` shows whether the module is loaded, and `sysctl "            \
      "net.smc.hs_ctrl` whether a handshake-control program is selected; the environment "         \
      "of the process (`cat /proc/PID/environ | tr '\\0' '\\n' | grep PRELOAD`) shows "            \
      "whether `smc_run` is in effect.",                                                           \
      "Start the client (and the server) with `smc_run`, or change the program to create "         \
      "`AF_SMC` sockets or use `IPPROTO_SMC`; load the `smc` module; drop socket options "         \
      "SMC does not support.")                                                                     \
    X(NOSMCDEV, NULL,                                                                              \
      "`smcr device` / `smcd device` list the devices SMC sees and their PNET IDs "                \
      "(`smc_rnics` too, on IBM Z); `smc_pnet -s` shows the software PNET table; `rdma "           \
      "link` and `ibv_devinfo` show the RDMA ports and their GIDs; `smcr ueid show` on "           \
      "both hosts; the address family of the connection (an IPv6 address, not "                    \
      "`::ffff:a.b.c.d`, means no SMC-Rv2).",                                                      \
      "Give the TCP interface and the RoCE or ISM device the same PNET ID (IOCDS on "              \
      "LPAR/z/VM, `smc_pnet -a` on KVM and x86); configure the same UEID on both hosts "           \
      "(`smcr ueid add NAME`); use IPv4 for SMC-Rv2 (Linux 6.14 and later also accept an "         \
      "`AF_INET6` socket with IPv4-mapped addresses; older kernels need an `AF_INET` "             \
      "socket).")                                                                                  \
    X(NOSMCRDEV, NULL,                                                                             \
      "`smc_pnet -s` for the PNET IDs of the TCP interface and the RoCE device; `smcr "            \
      "device` for the device state and PNET ID; `rdma link` for the port state; "                 \
      "`ibv_devinfo` for the device and its GIDs (on IBM Z, `smc_rnics` for the PNET IDs "         \
      "the firmware assigned).",                                                                   \
      "Put the interface and the RoCE device into the same PNET, bring the RoCE port up, "         \
      "or load the RoCE driver.")                                                                  \
    X(NOSMCDDEV, NULL,                                                                             \
      "`smcd device` for the ISM devices and their PNET IDs; `smc_pnet -s`.",                      \
      "Define an ISM device with the PNET ID of the OSA or HiperSockets interface in the "         \
      "IOCDS or z/VM directory, or offer SMC-R too.")                                              \
    X(NOUEID, NULL,                                                                                \
      "`smcr ueid show` (or `smcd ueid show`: one table) on both hosts, and the EID list "         \
      "of the Proposal (`smcdump -v`, field `eid`).",                                              \
      "`smcr ueid add SMC-EXAMPLE-UEID` on both hosts (same name, up to 32 characters A-Z, "       \
      "0-9, `.` and `-`).")                                                                        \
    X(DIFFPREFIX, NULL,                                                                            \
      "`ip addr` on both hosts; the Proposal's `ipv4_subnet`, `ipv4_prefix_len` and "              \
      "`ipv6_prefix` fields.",                                                                     \
      "Use one subnet with the same prefix length on both ends, or enable SMCv2 (Linux "           \
      "5.10 and later) with a common UEID, which routes.")                                         \
    X(IPSEC, NULL,                                                                                 \
      "`ip xfrm policy` and `ip xfrm state`.",                                                     \
      "Exclude the SMC traffic from the IPsec policy if your security rules allow it (the "        \
      "data then moves over RDMA or ISM, which IPsec does not protect), or accept TCP.")           \
    X(OPTUNSUPP, NULL,                                                                             \
      "`smcss -a` shows 0x03060000 as the local reason; `strace` shows `MSG_FASTOPEN` or "         \
      "`TCP_FASTOPEN`.",                                                                           \
      "Disable Fast Open for this program.")                                                       \
    X(VERSMISMAT, NULL,                                                                            \
      "The Proposal's `typev1` is `N`; the server's kernel version.",                              \
      "Update the v1-only host, or make the client offer v1 too (a RoCE v1 device with a "         \
      "matching PNET ID, or an ISM device).")                                                      \
    X(MODEUNSUPP, NULL,                                                                            \
      "Compare the Proposal's `typev1`/`typev2` with the Accept's `chosen_type` and "              \
      "`version` in `smcdump -v`.",                                                                \
      "Update the server; report the capture to its vendor.")                                      \
    X(NOISM2SUPP, NULL,                                                                            \
      "`smcd device` and `smcd info`.",                                                            \
      "Offer SMC-D v1 or SMC-R as well, or run on hardware with ISMv2 (between sockets of "        \
      "one host, the loopback device: `loopback-ism` in Linux 6.10 to 6.17, called `lo` "          \
      "since 6.18, where it moved to `drivers/dibs`).")                                            \
    X(NOSMCD2DEV, NULL,                                                                            \
      "`smcd device` on both hosts (CHID, PNET ID, type) against the Proposal's `ism_chid` "       \
      "and `ism_devices` list (`smcdump -v`); `smc_pnet -s` for a PNET ID on the loopback "        \
      "device.",                                                                                   \
      "Give both LPARs an ISM device on the same internal CHID; for loopback, keep client "        \
      "and server on one host, and remove a PNET ID from the loopback device (`smc_pnet "          \
      "-d`) if you want it offered as SMC-Dv2.")                                                   \
    X(GETVLANERR, NULL,                                                                            \
      "`ip -d link show` for the device and the devices below it (bonds, bridges, macvlan).",      \
      "Use a plain VLAN device on the physical interface, or SMC-Dv2, which does not need "        \
      "the VLAN.")                                                                                 \
    X(ISMVLANERR, NULL,                                                                            \
      "The kernel log (`dmesg | grep -i ism`).",                                                   \
      "Reduce the number of VLANs used with SMC-D on this device, or check the ISM "               \
      "definition.")                                                                               \
    X(MAX_DMB, NULL,                                                                               \
      "`smcd stats` and `smcss -D` for the number of SMC-D connections and their buffer "          \
      "sizes.",                                                                                    \
      "Lower the number of concurrent SMC-D connections or the buffer sizes (`SO_RCVBUF`, "        \
      "`net.smc.rmem`).")                                                                          \
    X(MEM, "MEMORY",                                                                               \
      "`free`, `/proc/buddyinfo` (fragmentation), `smcr stats` buffer counters, and the "          \
      "program's `SO_SNDBUF`/`SO_RCVBUF`.",                                                        \
      "Smaller buffers for SMC connections, more memory, or fewer concurrent connections.")        \
    X(CNFERR, "CNF_ERR",                                                                           \
      "`ip addr` on the interface the route uses (`ip route get <server-ip>`), `smcr "             \
      "device` / `smcd device` and `smc_pnet -s` (on IBM Z, `smc_chk -C <server-ip>`).",           \
      "Give the interface a regular (non-link-local) address and prefix.")                         \
    X(TIMEOUT_CL, NULL,                                                                            \
      "Capture on the RoCE interfaces: RoCEv2 is UDP port 4791; `ethtool -a` for pause "           \
      "frames; `rdma link`; `dmesg`.",                                                             \
      "Fix RoCE connectivity: pause frames on, same VLAN, routes for RoCEv2, MTU "                 \
      "consistent, no firewall dropping UDP 4791.")                                                \
    X(TIMEOUT_AL, NULL,                                                                            \
      "`smcr linkgroup` shows single-link groups.",                                                \
      "Check the second RoCE port and its PNET ID.")                                               \
    X(NOACTLINK, NULL,                                                                             \
      "`smcr linkgroup`, `rdma link`.",                                                            \
      "Bring the RoCE ports up; the next connection then builds a new link group.")                \
    X(NOSRVLINK, NULL,                                                                             \
      "`smcr linkgroup` on both sides; the Accept's `gid`, `mac` and `qpn`.",                      \
      "Make the RoCE ports of both hosts reach each other, then let the stale link group "         \
      "time out.")                                                                                 \
    X(NOROUTE, NULL,                                                                               \
      "`ip route get <address>` on the client.",                                                   \
      "Add the route over the RoCE interface.")                                                    \
    X(NOINDIRECT, NULL,                                                                            \
      "`ip route get` on both hosts for the other side's RoCE address.",                           \
      "Make both hosts route the RoCE addresses the same way.")                                    \
    X(RMBE_EC, NULL,                                                                               \
      "The peer's SMC configuration (typically a non-Linux system).",                              \
      "Turn the eyecatcher option off on the peer.")                                               \
    X(SYNCERR, NULL,                                                                               \
      "`smcr linkgroup` / `smcd linkgroup` on both sides right after; a peer reboot or "           \
      "module reload shortly before.",                                                             \
      "Nothing if it happens once. If it repeats, update both kernels.")                           \
    X(RELEASEERR, NULL,                                                                            \
      "The `fce_release` of the Accept and the Confirm in `smcdump -v`.",                          \
      "Update both kernels.")                                                                      \
    X(MAXCONNERR, NULL,                                                                            \
      "`sysctl net.smc.smcr_max_conns_per_lgr` on both hosts; `max_conns` and "                    \
      "`fce_max_conns` in the messages.",                                                          \
      "Set it to a value from 16 to 255 on both hosts.")                                           \
    X(MAXLINKERR, NULL,                                                                            \
      "`sysctl net.smc.smcr_max_links_per_lgr`.",                                                  \
      "Set it to 1 or 2 on both hosts.")                                                           \
    X(NOV2EXT, NULL,                                                                               \
      "`smcdump -vv` on the Proposal shows the offsets and the bytes; `uname -r` on the "          \
      "client for its kernel release.",                                                            \
      "Update the client's kernel or SMC implementation.")                                         \
    X(NOV2DEXT, NULL,                                                                              \
      "`smcdump -vv` on the Proposal shows the SMC-Dv2 extension offset and the bytes; "           \
      "`uname -r` on the client.",                                                                 \
      "Update the client's kernel or SMC stack.")                                                  \
    X(NOSEID, NULL,                                                                                \
      "`smcd seid show` on both IBM Z hosts, `smcr ueid show` for the UEIDs.",                     \
      "Enable the system EID (`smcd seid enable`) on both IBM Z hosts, or configure the "          \
      "same UEID on both (`smcr ueid add NAME`).")                                                 \
    X(PEERDECL, NULL,                                                                              \
      "`smcss -a` on the other host shows its own reason; capture both directions to see "         \
      "the Decline.",                                                                              \
      "Follow the other side's Decline code.")                                                     \
    X(INTERR, NULL,                                                                                \
      "`dmesg` on the declining host; `uname -r`.",                                                \
      "Update the declining host's kernel; report persistent cases with the kernel version "       \
      "and the capture.")                                                                          \
    X(ERR_RTOK, NULL,                                                                              \
      "`dmesg`, `rdma link` and `ibv_devinfo` on the declining host.",                             \
      "Fix or update the RoCE device driver and firmware.")                                        \
    X(ERR_RDYLNK, NULL,                                                                            \
      "`dmesg` shows the RDMA error; `rdma link` and `ibv_devinfo` the device state.",             \
      "Fix or update the RoCE device, its driver and firmware.")                                   \
    X(ERR_REGBUF, "ERR_REGRMB",                                                                    \
      "`dmesg`, `ibv_devinfo -v` for the device's memory-region limits, `ulimit -l` and "          \
      "free memory.",                                                                              \
      "Raise the locked-memory limit, free memory, or use smaller SMC buffers "                    \
      "(`net.smc.wmem`/`rmem`).")

/* Anomaly severities: X(ID, key, label) */
#define SMCCLC_SEVERITY_LIST(X)                                                                       \
    X(NOTE, "note", "note")                                                                        \
    X(WARN, "warn", "warning")                                                                     \
    X(ERROR, "error", "error")

/*
 * Diagnostics: every way a CLC message can deviate from what Linux sends or
 * accepts. X(ID, key, severity, description). ERROR: the newest Linux
 * receiver rejects the message (protocol error, connection aborted). WARN:
 * Linux accepts it (sometimes reading zeros where bytes are missing, or only
 * some kernel versions reject it) but no Linux sends it. NOTE: unusual but
 * harmless.
 * The key is JSON's anomaly name and the plugin's expert info name
 * (smcclc.<key>).
 */
#define SMCCLC_ANOMALY_LIST(X)                                                                        \
    X(VERSION_ZERO, "version_zero", ERROR, "version 0 is rejected by Linux")                       \
    X(VERSION_UNKNOWN, "version_unknown", WARN, "version above 2, parsed with the v2 layout")      \
    X(TRAILER_BAD, "trailer_bad", ERROR, "trailer is not an SMC eyecatcher")                       \
    X(TRAILER_BAD_DECLINE, "trailer_bad_decline", WARN,                                            \
      "Decline trailer is not an SMC eyecatcher (Linux does not check it)")                        \
    X(TRAILER_MISMATCH, "trailer_mismatch", NOTE, "trailer eyecatcher differs from the header's")  \
    X(EYECATCHER_UNEXPECTED, "eyecatcher_unexpected", NOTE,                                        \
      "eyecatcher differs from what Linux sends for this message")                                 \
    X(RESERVED_NONZERO, "reserved_nonzero", NOTE, "reserved bits or bytes are not zero")           \
    X(PROP_LENGTH, "prop_length", ERROR, "Proposal length differs from the length of its parts")   \
    X(PROP_NO_TYPES, "prop_no_types", WARN, "Proposal offers no SMC type at all")                  \
    X(PROP_V1_TYPE_NONE, "prop_v1_type_none", ERROR, "version 1 Proposal with SMC type none")      \
    X(PROP_IPAREA_OFFSET, "prop_iparea_offset", ERROR,                                             \
      "iparea_offset above 40: the IP prefix area is unavailable")                                 \
    X(PROP_IPAREA_OFFSET_SMCD, "prop_iparea_offset_smcd", ERROR,                                   \
      "SMC-D v1 offered but iparea_offset is not 40")                                              \
    X(PROP_IPV6_COUNT, "prop_ipv6_count", ERROR, "more than 8 IPv6 prefixes")                      \
    X(PROP_V2EXT_OFFSET, "prop_v2ext_offset", ERROR, "v2 extension offset is 0 or above 172")      \
    X(PROP_EID_COUNT, "prop_eid_count", ERROR, "more than 8 EIDs")                                 \
    X(PROP_GID_COUNT, "prop_gid_count", ERROR, "more than 8 ISM GID entries")                      \
    X(PROP_SMCDV2EXT_OFFSET, "prop_smcdv2ext_offset", ERROR,                                       \
      "SMC-Dv2 extension offset is 0 or above 288")                                                \
    X(PROP_REGION_OUTSIDE, "prop_region_outside", WARN,                                           \
      "an offset or count points past the end of the message")                                     \
    X(PROP_LAYOUT_GAP, "prop_layout_gap", ERROR,                                                   \
      "parts are not contiguous as Linux lays them out (gap or overlap)")                          \
    X(PROP_EMULATED_UNPAIRED, "prop_emulated_unpaired", WARN,                                      \
      "Emulated-ISM entry without its second entry (ignored by Linux)")                            \
    X(EID_CHARSET, "eid_charset", NOTE, "EID has characters Linux does not allow in a UEID")       \
    X(AC_CHOSEN_TYPE, "ac_chosen_type", ERROR, "chosen SMC type is neither SMC-R nor SMC-D")       \
    X(AC_LENGTH, "ac_length", ERROR, "Accept/Confirm length is wrong for its type and version")    \
    X(AC_FCE_MISSING, "ac_fce_missing", WARN,                                                     \
      "first contact set but the message is too short for the first-contact extension")            \
    X(AC_GID_LIST_COUNT, "ac_gid_list_count", WARN, "GID list count does not fit the message")    \
    X(AC_EXTRA_BYTES, "ac_extra_bytes", NOTE, "bytes after the last known field")                  \
    X(RELEASE_UNKNOWN, "release_unknown", NOTE, "SMC release above v2.1")                          \
    X(QP_MTU_INVALID, "qp_mtu_invalid", WARN, "QP MTU is not an InfiniBand MTU value (1..5)")      \
    X(OS_UNKNOWN, "os_unknown", NOTE, "OS type is not a known value")                              \
    X(DECL_LENGTH, "decl_length", ERROR, "Decline length is not 28 (v1) or 44 (v2)")               \
    X(DECL_V2_SHORT, "decl_v2_short", WARN,                                                        \
      "28-byte v2 Decline: sent by Linux 5.10-5.15, rejected by 5.16 and later")                   \
    X(DECL_TYPE_BITS, "decl_type_bits", WARN,                                                      \
      "Decline byte 7 low bits above 1: rejected by Linux before 6.17")                            \
    X(DECL_SYNC_FLAG, "decl_sync_flag", WARN, "out-of-sync flag and SYNCERR code disagree")        \
    X(DECL_CODE_UNKNOWN, "decl_code_unknown", NOTE, "diagnosis code is not defined by Linux")

/* Sections, lists and list items of a message: X(ID, key, label, kind) */
#define SMCCLC_GROUP_LIST(X)                                                                          \
    X(SMCD_AREA, "smcd_area", "SMC-D / v2 area", SECTION)                                          \
    X(IP_AREA, "ip_area", "IP prefix area", SECTION)                                               \
    X(IPV6_PREFIXES, "ipv6_prefixes", "IPv6 prefixes", OBJECT_LIST)                                \
    X(V2_EXT, "v2_ext", "SMCv2 extension", SECTION)                                                \
    X(EIDS, "eids", "User EIDs", VALUE_LIST)                                                       \
    X(SMCD_V2_EXT, "smcd_v2_ext", "SMC-Dv2 extension", SECTION)                                    \
    X(ISM_DEVICES, "ism_devices", "ISMv2 devices", OBJECT_LIST)                                    \
    X(FCE, "fce", "First-contact extension", SECTION)                                              \
    X(GID_LIST, "gid_list", "RoCEv2 GID list", VALUE_LIST)                                         \
    X(DIAG_EXTRA, "diag_extra", "Additional diagnosis codes", VALUE_LIST)

/*
 * Every decoded field: X(ID, key, label, kind, size, base, vals, mask, flags)
 *  key   JSON member name and plugin field smcclc.<key>; unique
 *  kind  how the value travels (UINT, ID64, FLAG, ENUM, BITS, BYTES, MAC,
 *        IPV4, IPV6, TEXT, NAME); see enum smcclc_field_kind
 *  size  bytes on the wire (0: derived, no bytes of its own)
 *  base  DEC or HEX display of integers
 *  vals  value table for ENUM and BITS kinds
 *  mask  bits of the bytes that hold the value (0: all)
 *  flags RESERVED (shown at -vv only, not in JSON), DERIVED (computed, not
 *        on the wire)
 */
#define SMCCLC_FIELD_LIST(X)                                                                          \
    X(SMC, "smc", "Eyecatcher", ENUM, 4, HEX, EYECATCHER, 0, 0)                                    \
    X(TYPE, "type", "Message type", ENUM, 1, DEC, TYPE, 0, 0)                                      \
    X(LENGTH, "length", "Length", UINT, 2, DEC, NONE, 0, 0)                                        \
    X(VERSION, "version", "Version", UINT, 1, DEC, NONE, 0xF0, 0)                                  \
    X(TYPEV2, "typev2", "SMC types offered for v2", ENUM, 1, DEC, PATH, 0x0C, 0)                   \
    X(TYPEV1, "typev1", "SMC types offered for v1", ENUM, 1, DEC, PATH, 0x03, 0)                   \
    X(FIRST_CONTACT, "first_contact", "First contact", FLAG, 1, DEC, NONE, 0x08, 0)                \
    X(CHOSEN_TYPE, "chosen_type", "Chosen SMC type", ENUM, 1, DEC, PATH, 0x03, 0)                  \
    X(OUT_OF_SYNC, "out_of_sync", "Out of sync", FLAG, 1, DEC, NONE, 0x08, 0)                      \
    X(RESERVED_BITS, "reserved_bits", "Reserved bits", UINT, 1, HEX, NONE, 0, RESERVED)           \
    X(PEER_ID, "peer_id", "Sender peer ID", PEERID, 8, HEX, NONE, 0, 0)                            \
    X(GID, "gid", "RoCE GID", IPV6, 16, HEX, NONE, 0, 0)                                           \
    X(MAC, "mac", "RoCE MAC", MAC, 6, HEX, NONE, 0, 0)                                             \
    X(IPAREA_OFFSET, "iparea_offset", "IP area offset", UINT, 2, DEC, NONE, 0, 0)                  \
    X(ISM_GID, "ism_gid", "ISM GID", ID64, 8, HEX, NONE, 0, 0)                                     \
    X(ISM_CHID, "ism_chid", "ISM CHID", UINT, 2, HEX, NONE, 0, 0)                                  \
    X(ISM_GID_EXT, "ism_gid_ext", "ISM GID extension", ID64, 8, HEX, NONE, 0, 0)                   \
    X(V2_EXT_OFFSET, "v2_ext_offset", "SMCv2 extension offset", UINT, 2, DEC, NONE, 0, 0)          \
    X(VENDOR_OUI, "vendor_oui", "Vendor OUI", UINT, 3, HEX, NONE, 0, 0)                            \
    X(VENDOR_EXP_OPTIONS, "vendor_exp_options", "Vendor experimental options", BYTES, 5, HEX,     \
      NONE, 0, 0)                                                                                  \
    X(IPV4_SUBNET, "ipv4_subnet", "IPv4 subnet", IPV4, 4, HEX, NONE, 0, 0)                         \
    X(IPV4_PREFIX_LEN, "ipv4_prefix_len", "IPv4 prefix length", UINT, 1, DEC, NONE, 0, 0)          \
    X(IPV6_PREFIX_COUNT, "ipv6_prefix_count", "IPv6 prefix count", UINT, 1, DEC, NONE, 0, 0)       \
    X(IPV6_PREFIX, "ipv6_prefix", "IPv6 prefix", IPV6, 16, HEX, NONE, 0, 0)                        \
    X(IPV6_PREFIX_LEN, "ipv6_prefix_len", "IPv6 prefix length", UINT, 1, DEC, NONE, 0, 0)          \
    X(EID_COUNT, "eid_count", "EID count", UINT, 1, DEC, NONE, 0, 0)                               \
    X(ISM_GID_COUNT, "ism_gid_count", "ISM GID count", UINT, 1, DEC, NONE, 0, 0)                   \
    X(RELEASE, "release", "SMC release", ENUM, 1, DEC, RELEASE, 0xF0, 0)                           \
    X(SEID_FLAG, "seid_flag", "System EID offered", FLAG, 1, DEC, NONE, 0x01, 0)                   \
    X(SMCD_V2_EXT_OFFSET, "smcd_v2_ext_offset", "SMC-Dv2 extension offset", UINT, 2, DEC, NONE,   \
      0, 0)                                                                                        \
    X(ROCE_GID, "roce_gid", "RoCEv2 GID", IPV6, 16, HEX, NONE, 0, 0)                               \
    X(MAX_CONNS, "max_conns", "Max connections per link group", UINT, 1, DEC, NONE, 0, 0)          \
    X(MAX_LINKS, "max_links", "Max links per link group", UINT, 1, DEC, NONE, 0, 0)                \
    X(FEATURE_MASK, "feature_mask", "Feature mask", BITS, 2, HEX, FEATURE, 0, 0)                   \
    X(EID, "eid", "EID", TEXT, 32, HEX, NONE, 0, 0)                                                \
    X(SEID, "seid", "System EID", TEXT, 32, HEX, NONE, 0, 0)                                       \
    X(QPN, "qpn", "QP number", UINT, 3, HEX, NONE, 0, 0)                                           \
    X(RMB_RKEY, "rmb_rkey", "RMB rkey", UINT, 4, HEX, NONE, 0, 0)                                  \
    X(RMBE_IDX, "rmbe_idx", "RMBE index", UINT, 1, DEC, NONE, 0, 0)                                \
    X(RMBE_ALERT_TOKEN, "rmbe_alert_token", "RMBE alert token", UINT, 4, HEX, NONE, 0, 0)          \
    X(RMBE_SIZE, "rmbe_size", "RMBE size code", UINT, 1, DEC, NONE, 0xF0, 0)                       \
    X(RMBE_SIZE_BYTES, "rmbe_size_bytes", "RMBE size in bytes", UINT, 0, DEC, NONE, 0, DERIVED)    \
    X(QP_MTU, "qp_mtu", "QP MTU code", ENUM, 1, DEC, QP_MTU, 0x0F, 0)                              \
    X(QP_MTU_BYTES, "qp_mtu_bytes", "QP MTU in bytes", UINT, 0, DEC, NONE, 0, DERIVED)             \
    X(RMB_VADDR, "rmb_vaddr", "RMB virtual address", ID64, 8, HEX, NONE, 0, 0)                     \
    X(PSN, "psn", "Initial PSN", UINT, 3, DEC, NONE, 0, 0)                                         \
    X(DMB_TOKEN, "dmb_token", "DMB token", ID64, 8, HEX, NONE, 0, 0)                               \
    X(DMBE_IDX, "dmbe_idx", "DMBE index", UINT, 1, DEC, NONE, 0, 0)                                \
    X(DMBE_SIZE, "dmbe_size", "DMBE size code", UINT, 1, DEC, NONE, 0xF0, 0)                       \
    X(DMBE_SIZE_BYTES, "dmbe_size_bytes", "DMBE size in bytes", UINT, 0, DEC, NONE, 0, DERIVED)    \
    X(LINK_ID, "link_id", "Link ID", UINT, 4, HEX, NONE, 0, 0)                                     \
    X(FCE_V2_DIRECT, "fce_v2_direct", "Direct (same subnet)", FLAG, 1, DEC, NONE, 0x80, 0)         \
    X(FCE_OS_TYPE, "fce_os_type", "OS type", ENUM, 1, DEC, OS, 0xF0, 0)                            \
    X(FCE_RELEASE, "fce_release", "SMC release", ENUM, 1, DEC, RELEASE, 0x0F, 0)                   \
    X(FCE_HOSTNAME, "fce_hostname", "Host name", TEXT, 32, HEX, NONE, 0, 0)                        \
    X(FCE_MAX_CONNS, "fce_max_conns", "Max connections per link group", UINT, 1, DEC, NONE, 0, 0)  \
    X(FCE_MAX_LINKS, "fce_max_links", "Max links per link group", UINT, 1, DEC, NONE, 0, 0)        \
    X(FCE_FEATURE_MASK, "fce_feature_mask", "Feature mask", BITS, 2, HEX, FEATURE, 0, 0)           \
    X(FCE_VENDOR_EXP_OPTIONS, "fce_vendor_exp_options", "Vendor experimental options", UINT, 4,   \
      HEX, NONE, 0, 0)                                                                             \
    X(GID_LIST_COUNT, "gid_list_count", "GID list count", UINT, 1, DEC, NONE, 0, 0)                \
    X(GID_LIST_ENTRY, "gid_list_entry", "RoCEv2 GID", IPV6, 16, HEX, NONE, 0, 0)                   \
    X(DIAG_CODE, "diag_code", "Peer diagnosis", UINT, 4, HEX, NONE, 0, 0)                          \
    X(DIAG_NAME, "diag_name", "Decline reason", NAME, 0, HEX, NONE, 0, DERIVED)                    \
    X(OS_TYPE, "os_type", "OS type", ENUM, 1, DEC, OS, 0xF0, 0)                                    \
    X(DIAG_EXTRA_CODE, "diag_extra_code", "Additional diagnosis", UINT, 4, HEX, NONE, 0, 0)        \
    X(RESERVED, "reserved", "Reserved", BYTES, 0, HEX, NONE, 0, RESERVED)                          \
    X(EXTRA_BYTES, "extra_bytes", "Bytes after the last known field", BYTES, 0, HEX, NONE, 0, 0)   \
    X(TRAILER, "trailer", "Trailer eyecatcher", ENUM, 4, HEX, EYECATCHER, 0, 0)

/*
 * Regions: the parts of a message that fields are placed in. X(ID, key, size)
 *  key   the name docs/protocol.md gives the region's diagram
 *  size  bytes of the region's fixed part; for list entries, of one entry
 * A region's start is known to the decoder when it gets there: the message
 * start for HEADER, PROPOSAL, ACCEPT_R, ACCEPT_D and DECLINE (their offsets
 * are absolute, their size is where the next region starts), an offset field
 * for IP_AREA, V2_EXT and SMCD_V2_EXT, the end of the region before for FCE
 * and GID_LIST_HEADER, and entry number times size for list entries.
 */
#define SMCCLC_REGION_LIST(X)                                                                      \
    X(HEADER, "header", 8)                                                                         \
    X(PROPOSAL, "proposal", 80)                                                                    \
    X(IP_AREA, "ip_area", 8)                                                                       \
    X(IPV6_PREFIX, "ipv6_prefix", 17)                                                              \
    X(V2_EXT, "v2_ext", 40)                                                                        \
    X(EID_ENTRY, "eid_entry", 32)                                                                  \
    X(SMCD_V2_EXT, "smcd_v2_ext", 48)                                                              \
    X(ISM_DEVICE, "ism_device", 10)                                                                \
    X(ACCEPT_R, "accept_r", 104)                                                                   \
    X(ACCEPT_D, "accept_d", 74)                                                                    \
    X(FCE, "fce", 52)                                                                              \
    X(GID_LIST_HEADER, "gid_list_header", 4)                                                       \
    X(GID_LIST_ENTRY, "gid_list_entry", 16)                                                        \
    X(DECLINE, "decline", 24)                                                                      \
    X(DIAG_EXTRA_ENTRY, "diag_extra_entry", 4)                                                     \
    X(TRAILER, "trailer", 4)

/*
 * Where every field sits: one row per place, in wire order within each
 * region. X(REGION, NAME, FIELD, offset, size, mask)
 *  NAME    unique within the region; decoders read SMCCLC_AT_<REGION>_<NAME>
 *  FIELD   the SMCCLC_FIELD_LIST row the bytes are reported as; a field may
 *          sit in several places (ism_gid: Proposal 40, SMC-D Accept 8, every
 *          ISMv2 device entry)
 *  offset  from the region's start
 *  size    bytes; 0 takes the field's size (RESERVED rows give their own)
 *  mask    0 takes the field's mask; RESERVED_BITS rows give the reserved bits
 * docs/protocol.md's diagrams are checked against these rows
 * (tests/docs/check_layout.py).
 */
#define SMCCLC_LAYOUT_LIST(X)                                                                      \
    X(HEADER, SMC, SMC, 0, 0, 0)                                                                   \
    X(HEADER, TYPE, TYPE, 4, 0, 0)                                                                 \
    X(HEADER, LENGTH, LENGTH, 5, 0, 0)                                                             \
    X(HEADER, VERSION, VERSION, 7, 0, 0)                                                           \
    X(HEADER, TYPEV2, TYPEV2, 7, 0, 0)                                                             \
    X(HEADER, TYPEV1, TYPEV1, 7, 0, 0)                                                             \
    X(HEADER, PROP_V1_BITS, RESERVED_BITS, 7, 1, 0x0C)                                             \
    X(HEADER, FIRST_CONTACT, FIRST_CONTACT, 7, 0, 0)                                               \
    X(HEADER, CHOSEN_TYPE, CHOSEN_TYPE, 7, 0, 0)                                                   \
    X(HEADER, AC_BITS, RESERVED_BITS, 7, 1, 0x04)                                                  \
    X(HEADER, OUT_OF_SYNC, OUT_OF_SYNC, 7, 0, 0)                                                   \
    X(HEADER, DECL_BITS, RESERVED_BITS, 7, 1, 0x07)                                                \
    X(PROPOSAL, PEER_ID, PEER_ID, 8, 0, 0)                                                         \
    X(PROPOSAL, GID, GID, 16, 0, 0)                                                                \
    X(PROPOSAL, MAC, MAC, 32, 0, 0)                                                                \
    X(PROPOSAL, IPAREA_OFFSET, IPAREA_OFFSET, 38, 0, 0)                                            \
    X(PROPOSAL, ISM_GID, ISM_GID, 40, 0, 0)                                                        \
    X(PROPOSAL, ISM_CHID, ISM_CHID, 48, 0, 0)                                                      \
    X(PROPOSAL, SMCD_V1_RESERVED, RESERVED, 48, 32, 0)                                             \
    X(PROPOSAL, V2_EXT_OFFSET, V2_EXT_OFFSET, 50, 0, 0)                                            \
    X(PROPOSAL, VENDOR_OUI, VENDOR_OUI, 52, 0, 0)                                                  \
    X(PROPOSAL, VENDOR_EXP_OPTIONS, VENDOR_EXP_OPTIONS, 55, 0, 0)                                  \
    X(PROPOSAL, RESERVED_60, RESERVED, 60, 20, 0)                                                  \
    X(IP_AREA, IPV4_SUBNET, IPV4_SUBNET, 0, 0, 0)                                                  \
    X(IP_AREA, IPV4_PREFIX_LEN, IPV4_PREFIX_LEN, 4, 0, 0)                                          \
    X(IP_AREA, RESERVED_5, RESERVED, 5, 2, 0)                                                      \
    X(IP_AREA, IPV6_PREFIX_COUNT, IPV6_PREFIX_COUNT, 7, 0, 0)                                      \
    X(IPV6_PREFIX, IPV6_PREFIX, IPV6_PREFIX, 0, 0, 0)                                              \
    X(IPV6_PREFIX, IPV6_PREFIX_LEN, IPV6_PREFIX_LEN, 16, 0, 0)                                     \
    X(V2_EXT, EID_COUNT, EID_COUNT, 0, 0, 0)                                                       \
    X(V2_EXT, ISM_GID_COUNT, ISM_GID_COUNT, 1, 0, 0)                                               \
    X(V2_EXT, RESERVED_2, RESERVED, 2, 1, 0)                                                       \
    X(V2_EXT, RELEASE, RELEASE, 3, 0, 0)                                                           \
    X(V2_EXT, FLAG_BITS, RESERVED_BITS, 3, 1, 0x0E)                                                \
    X(V2_EXT, SEID_FLAG, SEID_FLAG, 3, 0, 0)                                                       \
    X(V2_EXT, RESERVED_4, RESERVED, 4, 2, 0)                                                       \
    X(V2_EXT, SMCD_V2_EXT_OFFSET, SMCD_V2_EXT_OFFSET, 6, 0, 0)                                     \
    X(V2_EXT, ROCE_GID, ROCE_GID, 8, 0, 0)                                                         \
    X(V2_EXT, MAX_CONNS, MAX_CONNS, 24, 0, 0)                                                      \
    X(V2_EXT, MAX_LINKS, MAX_LINKS, 25, 0, 0)                                                      \
    X(V2_EXT, FEATURE_MASK, FEATURE_MASK, 26, 0, 0)                                                \
    X(V2_EXT, RESERVED_28, RESERVED, 28, 12, 0)                                                    \
    X(EID_ENTRY, EID, EID, 0, 0, 0)                                                                \
    X(SMCD_V2_EXT, SEID, SEID, 0, 0, 0)                                                            \
    X(SMCD_V2_EXT, RESERVED_32, RESERVED, 32, 16, 0)                                               \
    X(ISM_DEVICE, ISM_GID, ISM_GID, 0, 0, 0)                                                       \
    X(ISM_DEVICE, ISM_CHID, ISM_CHID, 8, 0, 0)                                                     \
    X(ISM_DEVICE, ISM_GID_EXT, ISM_GID_EXT, 10, 0, 0)                                              \
    X(ACCEPT_R, PEER_ID, PEER_ID, 8, 0, 0)                                                         \
    X(ACCEPT_R, GID, GID, 16, 0, 0)                                                                \
    X(ACCEPT_R, MAC, MAC, 32, 0, 0)                                                                \
    X(ACCEPT_R, QPN, QPN, 38, 0, 0)                                                                \
    X(ACCEPT_R, RMB_RKEY, RMB_RKEY, 41, 0, 0)                                                      \
    X(ACCEPT_R, RMBE_IDX, RMBE_IDX, 45, 0, 0)                                                      \
    X(ACCEPT_R, RMBE_ALERT_TOKEN, RMBE_ALERT_TOKEN, 46, 0, 0)                                      \
    X(ACCEPT_R, RMBE_SIZE, RMBE_SIZE, 50, 0, 0)                                                    \
    X(ACCEPT_R, QP_MTU, QP_MTU, 50, 0, 0)                                                          \
    X(ACCEPT_R, RESERVED_51, RESERVED, 51, 1, 0)                                                   \
    X(ACCEPT_R, RMB_VADDR, RMB_VADDR, 52, 0, 0)                                                    \
    X(ACCEPT_R, RESERVED_60, RESERVED, 60, 1, 0)                                                   \
    X(ACCEPT_R, PSN, PSN, 61, 0, 0)                                                                \
    X(ACCEPT_R, EID, EID, 64, 0, 0)                                                                \
    X(ACCEPT_R, RESERVED_96, RESERVED, 96, 8, 0)                                                   \
    X(ACCEPT_D, ISM_GID, ISM_GID, 8, 0, 0)                                                         \
    X(ACCEPT_D, DMB_TOKEN, DMB_TOKEN, 16, 0, 0)                                                    \
    X(ACCEPT_D, DMBE_IDX, DMBE_IDX, 24, 0, 0)                                                      \
    X(ACCEPT_D, DMBE_SIZE, DMBE_SIZE, 25, 0, 0)                                                    \
    X(ACCEPT_D, DMBE_SIZE_BITS, RESERVED_BITS, 25, 1, 0x0F)                                        \
    X(ACCEPT_D, RESERVED_26, RESERVED, 26, 2, 0)                                                   \
    X(ACCEPT_D, LINK_ID, LINK_ID, 28, 0, 0)                                                        \
    X(ACCEPT_D, V1_RESERVED, RESERVED, 32, 12, 0)                                                  \
    X(ACCEPT_D, ISM_CHID, ISM_CHID, 32, 0, 0)                                                      \
    X(ACCEPT_D, EID, EID, 34, 0, 0)                                                                \
    X(ACCEPT_D, ISM_GID_EXT, ISM_GID_EXT, 66, 0, 0)                                                \
    X(FCE, FCE_V2_DIRECT, FCE_V2_DIRECT, 0, 0, 0)                                                  \
    X(FCE, SMCR_FLAG_BITS, RESERVED_BITS, 0, 1, 0x7F)                                              \
    X(FCE, SMCD_FLAG_BITS, RESERVED_BITS, 0, 1, 0xFF)                                              \
    X(FCE, FCE_OS_TYPE, FCE_OS_TYPE, 1, 0, 0)                                                      \
    X(FCE, FCE_RELEASE, FCE_RELEASE, 1, 0, 0)                                                      \
    X(FCE, RESERVED_2, RESERVED, 2, 2, 0)                                                          \
    X(FCE, FCE_HOSTNAME, FCE_HOSTNAME, 4, 0, 0)                                                    \
    X(FCE, V20_TAIL_RESERVED, RESERVED, 36, 16, 0)                                                 \
    X(FCE, FCE_MAX_CONNS, FCE_MAX_CONNS, 36, 0, 0)                                                 \
    X(FCE, SMCD_LIMITS_RESERVED, RESERVED, 36, 2, 0)                                               \
    X(FCE, FCE_MAX_LINKS, FCE_MAX_LINKS, 37, 0, 0)                                                 \
    X(FCE, FCE_FEATURE_MASK, FCE_FEATURE_MASK, 38, 0, 0)                                           \
    X(FCE, FCE_VENDOR_EXP_OPTIONS, FCE_VENDOR_EXP_OPTIONS, 40, 0, 0)                               \
    X(FCE, RESERVED_44, RESERVED, 44, 8, 0)                                                        \
    X(GID_LIST_HEADER, GID_LIST_COUNT, GID_LIST_COUNT, 0, 0, 0)                                    \
    X(GID_LIST_HEADER, RESERVED_1, RESERVED, 1, 3, 0)                                              \
    X(GID_LIST_ENTRY, GID_LIST_ENTRY, GID_LIST_ENTRY, 0, 0, 0)                                     \
    X(DECLINE, PEER_ID, PEER_ID, 8, 0, 0)                                                          \
    X(DECLINE, DIAG_CODE, DIAG_CODE, 16, 0, 0)                                                     \
    X(DECLINE, OS_TYPE, OS_TYPE, 20, 0, 0)                                                         \
    X(DECLINE, OS_TYPE_BITS, RESERVED_BITS, 20, 1, 0x0F)                                           \
    X(DECLINE, V1_RESERVED_20, RESERVED, 20, 1, 0)                                                 \
    X(DECLINE, RESERVED_21, RESERVED, 21, 3, 0)                                                    \
    X(DIAG_EXTRA_ENTRY, DIAG_EXTRA_CODE, DIAG_EXTRA_CODE, 0, 0, 0)                                 \
    X(TRAILER, TRAILER, TRAILER, 0, 0, 0)

#endif /* SMCCLC_TABLES_H */
