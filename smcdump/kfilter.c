/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The default kernel filter (kfilter.h), built with a small assembler:
 * instructions jump to labels, resolved once the program is complete.
 *
 * Every load uses the link-layer header's absolute offset plus the IP
 * header's (so there is one copy of the IP code per VLAN depth): libpcap
 * rewrites such loads for Linux cooked captures (fix_program() in
 * pcap-linux.c maps offsets below the cooked header to ancillary loads and
 * moves the rest), so the same program works on "any" in the kernel.
 */
#define _DEFAULT_SOURCE /* u_int and friends in pcap/bpf.h */

#include "kfilter.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "decap.h"
#include "smcclc/tables.h"

#define NO_LABEL (-1)
#define MAX_LABELS 128

struct kasm {
    struct bpf_insn ins[SD_KF_MAX_INSNS];
    int jt[SD_KF_MAX_INSNS], jf[SD_KF_MAX_INSNS]; /* labels; NO_LABEL: next instruction */
    bool accept[SD_KF_MAX_INSNS];                 /* a "pass" return, to chain a user filter */
    int at[MAX_LABELS];                           /* label -> instruction */
    int n, labels;
    bool failed;
    uint32_t snaplen;
};

static int label(struct kasm *k)
{
    if (k->labels == MAX_LABELS) {
        k->failed = true;
        return 0;
    }
    k->at[k->labels] = -1;
    return k->labels++;
}

static void here(struct kasm *k, int l)
{
    k->at[l] = k->n;
}

static void emit(struct kasm *k, uint16_t code, uint32_t kv, int jt, int jf)
{
    if (k->n == SD_KF_MAX_INSNS) {
        k->failed = true;
        return;
    }
    k->ins[k->n] = (struct bpf_insn){code, 0, 0, kv};
    k->jt[k->n] = jt;
    k->jf[k->n] = jf;
    k->accept[k->n] = false;
    k->n++;
}

static void op(struct kasm *k, uint16_t code, uint32_t kv)
{
    emit(k, code, kv, NO_LABEL, NO_LABEL);
}

/* if (A <cmp> kv) goto t else goto f; NO_LABEL falls through */
static void jmp(struct kasm *k, uint16_t cmp, uint32_t kv, int t, int f)
{
    emit(k, BPF_JMP | cmp | BPF_K, kv, t, f);
}

static void go(struct kasm *k, int l)
{
    emit(k, BPF_JMP | BPF_JA, 0, l, NO_LABEL);
}

static void pass(struct kasm *k)
{
    op(k, BPF_RET | BPF_K, k->snaplen);
    if (!k->failed)
        k->accept[k->n - 1] = true;
}

static void drop(struct kasm *k)
{
    op(k, BPF_RET | BPF_K, 0);
}

/*
 * X = bytes of IP header (and extensions) plus TCP header, A = the segment's
 * TCP flags already tested; what is left is the payload test: A = payload
 * length, the payload at `payload` + X.
 */
static void payload_test(struct kasm *k, uint32_t payload, int acc, int rej)
{
    int eye = label(k);

    jmp(k, BPF_JEQ, 0, rej, NO_LABEL);
    jmp(k, BPF_JGT, SD_KF_SHORT, eye, acc);
    here(k, eye);
    op(k, BPF_LD | BPF_W | BPF_IND, payload);
#define SD_X_EYE(value, id, key, lbl) jmp(k, BPF_JEQ, value, acc, NO_LABEL);
    SMCCLC_EYECATCHER_LIST(SD_X_EYE)
#undef SD_X_EYE
    go(k, rej);
}

/* IPv4 at byte `b`: TCP, not a later fragment, then flags and payload. */
static void ip4(struct kasm *k, uint32_t b)
{
    int acc = label(k), rej = label(k);

    op(k, BPF_LD | BPF_B | BPF_ABS, b + SD_IPV4_PROTO_OFF);
    jmp(k, BPF_JEQ, SD_IPPROTO_TCP, NO_LABEL, rej);
    op(k, BPF_LD | BPF_H | BPF_ABS, b + SD_IPV4_FRAG_OFF);
    jmp(k, BPF_JSET, SD_IPV4_FRAG_MASK, rej, NO_LABEL);
    op(k, BPF_LDX | BPF_B | BPF_MSH, b); /* X = IHL * 4 */
    op(k, BPF_LD | BPF_B | BPF_IND, b + SD_TCP_FLAGS_OFF);
    jmp(k, BPF_JSET, SD_TCP_FIN | SD_TCP_SYN | SD_TCP_RST, acc, NO_LABEL);
    op(k, BPF_LD | BPF_B | BPF_IND, b + SD_TCP_DOFF_OFF);
    op(k, BPF_ALU | BPF_AND | BPF_K, 0xf0);
    op(k, BPF_ALU | BPF_RSH | BPF_K, 2); /* data offset * 4 */
    op(k, BPF_ALU | BPF_ADD | BPF_X, 0);
    op(k, BPF_MISC | BPF_TAX, 0);
    op(k, BPF_LD | BPF_H | BPF_ABS, b + SD_IPV4_LEN_OFF); /* total length */
    op(k, BPF_ALU | BPF_SUB | BPF_X, 0);
    payload_test(k, b, acc, rej);
    here(k, acc);
    pass(k);
    here(k, rej);
    drop(k);
}

/*
 * IPv6 at byte `b`: walk up to SD_KF_IP6_EXT extension headers (hop-by-hop,
 * routing, destination options, and a first fragment), X = their length,
 * M[0] the next header being read.
 */
static void ip6(struct kasm *k, uint32_t b)
{
    int acc = label(k), rej = label(k), tcp = label(k);
    const uint32_t e = b + SD_IPV6_HLEN;

    op(k, BPF_LDX | BPF_W | BPF_IMM, 0);
    op(k, BPF_LD | BPF_B | BPF_ABS, b + SD_IPV6_NEXT_OFF);
    for (int i = 0; i < SD_KF_IP6_EXT; i++) {
        int ext = label(k), frag = label(k), next = label(k);

        jmp(k, BPF_JEQ, SD_IPPROTO_TCP, tcp, NO_LABEL);
        jmp(k, BPF_JEQ, SD_IPPROTO_HOPOPTS, ext, NO_LABEL);
        jmp(k, BPF_JEQ, SD_IPPROTO_ROUTING, ext, NO_LABEL);
        jmp(k, BPF_JEQ, SD_IPPROTO_DSTOPTS, ext, NO_LABEL);
        jmp(k, BPF_JEQ, SD_IPPROTO_FRAGMENT, frag, rej);
        here(k, ext); /* length in 8-byte units, not counting the first 8 */
        op(k, BPF_LD | BPF_B | BPF_IND, e);
        op(k, BPF_ST, 0);
        op(k, BPF_LD | BPF_B | BPF_IND, e + 1);
        op(k, BPF_ALU | BPF_ADD | BPF_K, 1);
        op(k, BPF_ALU | BPF_LSH | BPF_K, 3);
        op(k, BPF_ALU | BPF_ADD | BPF_X, 0);
        op(k, BPF_MISC | BPF_TAX, 0);
        op(k, BPF_LD | BPF_MEM, 0);
        go(k, next);
        here(k, frag); /* 8 bytes; a later fragment has no TCP header */
        op(k, BPF_LD | BPF_H | BPF_IND, e + 2);
        jmp(k, BPF_JSET, SD_IPV6_FRAG_MASK, rej, NO_LABEL);
        op(k, BPF_LD | BPF_B | BPF_IND, e);
        op(k, BPF_ST, 0);
        op(k, BPF_MISC | BPF_TXA, 0);
        op(k, BPF_ALU | BPF_ADD | BPF_K, 8);
        op(k, BPF_MISC | BPF_TAX, 0);
        op(k, BPF_LD | BPF_MEM, 0);
        here(k, next);
    }
    jmp(k, BPF_JEQ, SD_IPPROTO_TCP, tcp, rej);
    here(k, tcp);
    op(k, BPF_LD | BPF_B | BPF_IND, e + SD_TCP_FLAGS_OFF);
    jmp(k, BPF_JSET, SD_TCP_FIN | SD_TCP_SYN | SD_TCP_RST, acc, NO_LABEL);
    op(k, BPF_LD | BPF_B | BPF_IND, e + SD_TCP_DOFF_OFF);
    op(k, BPF_ALU | BPF_AND | BPF_K, 0xf0);
    op(k, BPF_ALU | BPF_RSH | BPF_K, 2);
    op(k, BPF_ALU | BPF_ADD | BPF_X, 0);
    op(k, BPF_MISC | BPF_TAX, 0);
    op(k, BPF_LD | BPF_H | BPF_ABS, b + SD_IPV6_PLEN_OFF); /* payload length, extensions included */
    op(k, BPF_ALU | BPF_SUB | BPF_X, 0);
    payload_test(k, e, acc, rej);
    here(k, acc);
    pass(k);
    here(k, rej);
    drop(k);
}

/*
 * The EtherType (or protocol) in A. The IP code can lie further than a
 * conditional jump reaches (255), so the jumps land on unconditional ones.
 */
static void dispatch(struct kasm *k, int to4, int to6, int vlan, int rej)
{
    int s4 = label(k), s6 = label(k);

    jmp(k, BPF_JEQ, SD_ETHERTYPE_IPV4, s4, NO_LABEL);
    jmp(k, BPF_JEQ, SD_ETHERTYPE_IPV6, s6, NO_LABEL);
    if (vlan != NO_LABEL) {
        jmp(k, BPF_JEQ, SD_TPID_8021Q, vlan, NO_LABEL);
        jmp(k, BPF_JEQ, SD_TPID_8021AD, vlan, NO_LABEL);
    }
    go(k, rej);
    here(k, s4);
    go(k, to4);
    here(k, s6);
    go(k, to6);
}

static void ethernet(struct kasm *k)
{
    int l4[3], l6[3], vlan[3], rej = label(k);

    for (int d = 0; d < 3; d++) {
        l4[d] = label(k);
        l6[d] = label(k);
        vlan[d] = label(k);
    }
    /* untagged, one tag, two tags (QinQ): EtherType at 12, 16, 20 */
    for (int d = 0; d < 3; d++) {
        if (d > 0)
            here(k, vlan[d - 1]);
        op(k, BPF_LD | BPF_H | BPF_ABS, SD_ETH_TYPE_OFF + SD_VLAN_TAG_LEN * (uint32_t)d);
        dispatch(k, l4[d], l6[d], d < 2 ? vlan[d] : NO_LABEL, rej);
    }
    here(k, rej);
    drop(k);
    for (int d = 0; d < 3; d++) {
        here(k, l4[d]);
        ip4(k, SD_ETH_HLEN + SD_VLAN_TAG_LEN * (uint32_t)d);
        here(k, l6[d]);
        ip6(k, SD_ETH_HLEN + SD_VLAN_TAG_LEN * (uint32_t)d);
    }
}

/* A protocol field at `proto` (2 bytes), the IP header at `b`. */
static void cooked(struct kasm *k, uint32_t proto, uint32_t b)
{
    int l4 = label(k), l6 = label(k), rej = label(k);

    op(k, BPF_LD | BPF_H | BPF_ABS, proto);
    dispatch(k, l4, l6, NO_LABEL, rej);
    here(k, rej);
    drop(k);
    here(k, l4);
    ip4(k, b);
    here(k, l6);
    ip6(k, b);
}

static void raw(struct kasm *k)
{
    int l4 = label(k), l6 = label(k), rej = label(k);

    op(k, BPF_LD | BPF_B | BPF_ABS, 0);
    op(k, BPF_ALU | BPF_AND | BPF_K, 0xf0);
    jmp(k, BPF_JEQ, 4 << 4, l4, NO_LABEL); /* the version nibble */
    jmp(k, BPF_JEQ, 6 << 4, l6, rej);
    here(k, rej);
    drop(k);
    here(k, l4);
    ip4(k, 0);
    here(k, l6);
    ip6(k, 0);
}

/* Labels to offsets; a conditional jump reaches at most 255 instructions. */
static bool resolve(struct kasm *k)
{
    for (int i = 0; i < k->n; i++) {
        struct bpf_insn *in = &k->ins[i];
        int t = k->jt[i] == NO_LABEL ? i + 1 : k->at[k->jt[i]];
        int f = k->jf[i] == NO_LABEL ? i + 1 : k->at[k->jf[i]];

        if (BPF_CLASS(in->code) != BPF_JMP)
            continue;
        if (t <= i || f <= i)
            return false;
        if (BPF_OP(in->code) == BPF_JA) {
            in->k = (uint32_t)(t - i - 1);
            continue;
        }
        if (t - i - 1 > 255 || f - i - 1 > 255)
            return false;
        in->jt = (uint8_t)(t - i - 1);
        in->jf = (uint8_t)(f - i - 1);
    }
    return true;
}

enum sd_kfilter_built sd_kfilter_build(int linktype, uint32_t snaplen,
                                       const struct bpf_program *user, struct bpf_program *out)
{
    struct kasm *k = calloc(1, sizeof(*k));
    size_t n_user = user ? user->bf_len : 0;
    struct bpf_insn *prog;

    memset(out, 0, sizeof(*out));
    if (!k)
        return SD_KF_NO_MEMORY;
    k->snaplen = snaplen;
    switch (linktype) {
    case SD_LINK_ETHERNET:
        ethernet(k);
        break;
    case SD_LINK_LINUX_SLL:
        cooked(k, SD_SLL_TYPE_OFF, SD_SLL_HLEN);
        break;
    case SD_LINK_LINUX_SLL2:
        cooked(k, SD_SLL2_TYPE_OFF, SD_SLL2_HLEN);
        break;
    case SD_LINK_RAW:
    case SD_LINK_RAW_OPENBSD:
    case SD_LINK_RAW_101:
        raw(k);
        break;
    default:
        free(k);
        return SD_KF_NONE;
    }
    /* k->failed and resolve(): limits of our own program, which a long user program shares */
    if (k->failed || !resolve(k) || (size_t)k->n + n_user > SD_KF_PROG_MAX) {
        free(k);
        return SD_KF_TOO_LONG;
    }
    prog = calloc((size_t)k->n + n_user, sizeof(*prog));
    if (!prog) {
        free(k);
        return SD_KF_NO_MEMORY;
    }
    memcpy(prog, k->ins, (size_t)k->n * sizeof(*prog));
    /* with a user filter, "pass" means "go on with the user's program" */
    for (int i = 0; n_user && i < k->n; i++)
        if (k->accept[i])
            prog[i] = (struct bpf_insn){BPF_JMP | BPF_JA, 0, 0, (uint32_t)(k->n - i - 1)};
    if (n_user)
        memcpy(prog + k->n, user->bf_insns, n_user * sizeof(*prog));
    out->bf_len = (unsigned)((size_t)k->n + n_user);
    out->bf_insns = prog;
    free(k);
    return SD_KF_BUILT;
}

void sd_kfilter_free(struct bpf_program *p)
{
    free(p->bf_insns);
    p->bf_insns = NULL;
    p->bf_len = 0;
}
