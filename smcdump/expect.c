/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * \summary: smcdump --expect: parse SPECs, check every verdict and message
 * in their scope, name each mismatch on standard error.
 *
 * A SPEC is a comma-separated list of terms. Filter terms (port, host,
 * client, server) choose the connections it applies to; every other term
 * must hold for each of them. Without a handshakes count, a SPEC also
 * requires at least one connection in scope, so that a capture that lost
 * its SMC traffic does not pass an assertion about it.
 *
 * Words for outcomes, releases, reasons and the first-contact flag are the
 * keys of the core tables (smcclc_outcome_vals, SMCCLC_VALS_RELEASE,
 * smcclc_decline_table, smcclc_field_table), so an outcome added there (e.g. for
 * connections without the SMC option) is accepted here without a change.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "expect.h"
#include "format.h"

#define MAX_ALT 16   /* alternatives in one term: a|b|c */
#define MAX_TERMS 32 /* terms in one SPEC */

enum term_kind {
    T_OUTCOME,
    T_VERSION,
    T_RELEASE,
    T_REASON,
    T_FIRST_CONTACT, /* value: first contact (1) or reuse (0) */
    T_NO_ANOMALIES,
    T_HANDSHAKES,
    /* filters */
    T_PORT,
    T_HOST,
    T_CLIENT,
    T_SERVER,
};

enum count_op { OP_EQ, OP_GE, OP_LE };

struct prefix {
    uint8_t family; /* 4 or 6 */
    uint8_t len;    /* prefix length in bits */
    uint8_t addr[16];
};

struct term {
    enum term_kind kind;
    const char *text; /* the term in the SPEC, for messages */
    size_t text_len;
    unsigned n; /* alternatives used */
    union {
        uint64_t mask;               /* outcomes (bit = enum smcclc_outcome), versions, releases */
        const char *reason[MAX_ALT]; /* table names */
        uint32_t port[MAX_ALT];
        struct prefix prefix[MAX_ALT];
    } u;
    uint32_t reason_code[MAX_ALT]; /* reason given as 0x...; reason[] NULL then */
    bool first_contact;
    enum count_op op;
    uint64_t count;
};

struct spec {
    const char *text;
    struct term term[MAX_TERMS];
    unsigned nterms;
    bool has_count;
    uint64_t handshakes; /* in scope */
    uint64_t mismatches; /* lines, shown or not */
};

struct sd_expect {
    FILE *err;
    struct spec *spec;
    unsigned nspec, cap;
    struct sd_observer obs;
};

/* ---- the words ---- */

/* Words compare without case, '-' and '_' alike: first-contact, FIRST_CONTACT. */
static bool word_eq(const char *a, size_t alen, const char *b)
{
    size_t i;

    for (i = 0; i < alen; i++) {
        char x = a[i] == '_' ? '-' : (char)tolower((unsigned char)a[i]);
        char y = b[i] == '_' ? '-' : (char)tolower((unsigned char)b[i]);

        if (b[i] == '\0' || x != y)
            return false;
    }
    return b[alen] == '\0';
}

static const char word_smc[] = "smc"; /* both SMC outcomes */
static const char word_reuse[] = "reuse";
static const char word_no_anomalies[] = "no_anomalies";
static const char key_outcome[] = "outcome";
static const char key_version[] = "version";
static const char key_release[] = "release";
static const char key_reason[] = "reason";
static const char key_handshakes[] = "handshakes";
static const char key_port[] = "port";
static const char key_host[] = "host";
static const char key_client[] = "client";
static const char key_server[] = "server";

static const char *first_contact_key(void)
{
    return smcclc_field_table[SMCCLC_F_FIRST_CONTACT].key;
}

static int outcome_by_word(const char *w, size_t n)
{
    const struct smcclc_val *row;

    for (row = smcclc_outcome_vals; row->key != NULL; row++)
        if (word_eq(w, n, row->key))
            return (int)row->value;
    return -1;
}

/* Outcomes are bits of a term's mask. */
_Static_assert(SMCCLC_OUTCOME_COUNT <= 64, "more outcomes than bits in a term's mask");

static uint64_t smcclc_outcomes(void)
{
    return (1ull << SMCCLC_OUTCOME_SMC_R) | (1ull << SMCCLC_OUTCOME_SMC_D);
}

/* ---- parse errors ---- */

struct parser {
    struct sd_expect *x;
    const char *spec;
};

/* "smcdump: --expect: column N: <what> '<token>'<after>", then the SPEC and a caret. */
static bool parse_error(const struct parser *p, const char *at, const char *what, const char *tok,
                        size_t toklen, const char *after)
{
    FILE *f = p->x->err;
    size_t col = (size_t)(at - p->spec);

    fprintf(f, "smcdump: --expect: column %zu: %s%.*s%s", col + 1, what, (int)toklen, tok, after);
    fprintf(f, "\n  %s\n  %*s^\n", p->spec, (int)col, "");
    return false;
}

static void list_outcomes(char *buf, size_t n)
{
    const struct smcclc_val *row;
    size_t len = 0;

    buf[0] = '\0';
    for (row = smcclc_outcome_vals; row->key != NULL && len < n; row++)
        len += (size_t)snprintf(buf + len, n - len, "%s, ", row->key);
    if (len < n)
        snprintf(buf + len, n - len, "%s", word_smc);
}

/* ---- values ---- */

static bool parse_u64(const char *s, size_t n, uint64_t max, uint64_t *out)
{
    uint64_t v = 0;
    size_t i;

    if (n == 0 || n > 20)
        return false;
    for (i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        if ((uint64_t)(s[i] - '0') > max || v > (max - (uint64_t)(s[i] - '0')) / 10)
            return false;
        v = v * 10 + (uint64_t)(s[i] - '0');
    }
    *out = v;
    return true;
}

static bool parse_hex32(const char *s, size_t n, uint32_t *out)
{
    uint32_t v = 0;
    size_t i;

    if (n < 3 || n > 10 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
        return false;
    for (i = 2; i < n; i++) {
        int c = tolower((unsigned char)s[i]);

        if (!isxdigit(c))
            return false;
        v = v << 4 | (uint32_t)(c <= '9' ? c - '0' : c - 'a' + 10);
    }
    *out = v;
    return true;
}

static bool parse_prefix(const char *s, size_t n, struct prefix *pf)
{
    char tmp[INET6_ADDRSTRLEN + 8];
    const char *slash;
    size_t alen;
    uint64_t len;

    if (n == 0 || n >= sizeof(tmp))
        return false;
    slash = memchr(s, '/', n);
    alen = slash != NULL ? (size_t)(slash - s) : n;
    memcpy(tmp, s, alen);
    tmp[alen] = '\0';
    memset(pf, 0, sizeof(*pf));
    if (inet_pton(AF_INET, tmp, pf->addr) == 1)
        pf->family = 4;
    else if (inet_pton(AF_INET6, tmp, pf->addr) == 1)
        pf->family = 6;
    else
        return false;
    pf->len = pf->family == 4 ? 32 : 128;
    if (slash != NULL) {
        if (!parse_u64(slash + 1, n - alen - 1, pf->len, &len))
            return false;
        pf->len = (uint8_t)len;
    }
    return true;
}

static bool prefix_match(const struct prefix *pf, const struct sd_endpoint *ep)
{
    unsigned full = pf->len / 8, rest = pf->len % 8;

    if (pf->family != ep->family || memcmp(pf->addr, ep->addr, full) != 0)
        return false;
    if (rest == 0)
        return true;
    return ((pf->addr[full] ^ ep->addr[full]) & (uint8_t)(0xFF00u >> rest)) == 0;
}

/* One alternative of a key=value term. */
static bool parse_value(const struct parser *p, struct term *t, const char *v, size_t n)
{
    const struct smcclc_decline_info *di;
    const struct smcclc_val *row;
    char list[256];
    uint64_t u;
    int o;

    if (t->n >= MAX_ALT)
        return parse_error(p, v, "too many alternatives at '", v, n, "' (at most 16)");
    switch (t->kind) {
    case T_OUTCOME:
        if (word_eq(v, n, word_smc)) {
            t->u.mask |= smcclc_outcomes();
        } else if ((o = outcome_by_word(v, n)) >= 0) {
            t->u.mask |= 1ull << o;
        } else {
            list_outcomes(list, sizeof(list));
            fprintf(p->x->err, "smcdump: --expect: outcomes are %s\n", list);
            return parse_error(p, v, "unknown outcome '", v, n, "'");
        }
        break;
    case T_VERSION:
        if (!parse_u64(v, n, 2, &u) || u == 0)
            return parse_error(p, v, "version '", v, n, "' is not 1 or 2");
        t->u.mask |= 1ull << u;
        break;
    case T_RELEASE:
        for (row = smcclc_vals_table[SMCCLC_VALS_RELEASE]; row->key != NULL; row++)
            if (word_eq(v, n, row->key) || word_eq(v, n, row->label))
                break;
        if (row->key == NULL)
            return parse_error(p, v, "unknown release '", v, n, "' (2.0 or 2.1)");
        t->u.mask |= 1ull << row->value;
        break;
    case T_REASON:
        t->u.reason[t->n] = NULL;
        if (parse_hex32(v, n, &t->reason_code[t->n]))
            break;
        for (di = smcclc_decline_table; di->name != NULL; di++)
            if (word_eq(v, n, di->name))
                break;
        if (di->name != NULL)
            t->u.reason[t->n] = di->name;
        else if (word_eq(v, n, SMCCLC_DECLINE_UNKNOWN_NAME))
            t->u.reason[t->n] = SMCCLC_DECLINE_UNKNOWN_NAME;
        else
            return parse_error(p, v, "unknown reason '", v, n,
                               "' (a kernel decline name such as NOSMCRDEV, PEERNOSMC, UNKNOWN, or "
                               "a code 0x03030002)");
        break;
    case T_FIRST_CONTACT:
        if (word_eq(v, n, "yes") || word_eq(v, n, "true") || word_eq(v, n, "1"))
            t->first_contact = true;
        else if (word_eq(v, n, "no") || word_eq(v, n, "false") || word_eq(v, n, "0"))
            t->first_contact = false;
        else
            return parse_error(p, v, "'", v, n, "' is not yes or no");
        if (t->n > 0)
            return parse_error(p, v, "one value only: '", v, n, "'");
        break;
    case T_HANDSHAKES:
        if (t->n > 0 || !parse_u64(v, n, UINT64_MAX, &t->count))
            return parse_error(p, v, "'", v, n, "' is not a number");
        break;
    case T_PORT:
        if (!parse_u64(v, n, 65535, &u))
            return parse_error(p, v, "port '", v, n, "' is not a number from 0 to 65535");
        t->u.port[t->n] = (uint32_t)u;
        break;
    case T_HOST:
    case T_CLIENT:
    case T_SERVER:
        if (!parse_prefix(v, n, &t->u.prefix[t->n]))
            return parse_error(p, v, "'", v, n, "' is not an IPv4 or IPv6 address[/length]");
        break;
    case T_NO_ANOMALIES:
        return parse_error(p, v, "no_anomalies takes no value: '", v, n, "'");
    }
    t->n++;
    return true;
}

static bool key_kind(const char *k, size_t n, enum term_kind *kind)
{
    static const struct {
        const char *key;
        enum term_kind kind;
    } keys[] = {
        {key_outcome, T_OUTCOME},
        {key_version, T_VERSION},
        {key_release, T_RELEASE},
        {key_reason, T_REASON},
        {key_handshakes, T_HANDSHAKES},
        {key_port, T_PORT},
        {key_host, T_HOST},
        {key_client, T_CLIENT},
        {key_server, T_SERVER},
        {word_no_anomalies, T_NO_ANOMALIES},
    };
    size_t i;

    if (word_eq(k, n, first_contact_key())) {
        *kind = T_FIRST_CONTACT;
        return true;
    }
    for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
        if (word_eq(k, n, keys[i].key)) {
            *kind = keys[i].kind;
            return true;
        }
    }
    return false;
}

/* A term without '=': an outcome, first_contact, reuse or no_anomalies. */
static bool parse_word(const struct parser *p, struct term *t, const char *w, size_t n)
{
    char list[256];
    int o;

    if (word_eq(w, n, word_smc)) {
        t->kind = T_OUTCOME;
        t->u.mask = smcclc_outcomes();
    } else if ((o = outcome_by_word(w, n)) >= 0) {
        t->kind = T_OUTCOME;
        t->u.mask = 1ull << o;
    } else if (word_eq(w, n, first_contact_key())) {
        t->kind = T_FIRST_CONTACT;
        t->first_contact = true;
    } else if (word_eq(w, n, word_reuse)) {
        t->kind = T_FIRST_CONTACT;
        t->first_contact = false;
    } else if (word_eq(w, n, word_no_anomalies)) {
        t->kind = T_NO_ANOMALIES;
    } else {
        list_outcomes(list, sizeof(list));
        fprintf(p->x->err,
                "smcdump: --expect: a term is an outcome (%s), %s, %s, %s, or KEY=VALUE with "
                "KEY one of %s, %s, %s, %s, %s, %s, %s, %s, %s, %s\n",
                list, first_contact_key(), word_reuse, word_no_anomalies, key_outcome, key_version,
                key_release, key_reason, first_contact_key(), key_handshakes, key_port, key_host,
                key_client, key_server);
        return parse_error(p, w, "unknown term '", w, n, "'");
    }
    return true;
}

static bool parse_term(const struct parser *p, struct spec *s, const char *tok, size_t n)
{
    struct term *t = &s->term[s->nterms];
    const char *op, *v, *end = tok + n, *bar;
    size_t klen;

    memset(t, 0, sizeof(*t));
    t->text = tok;
    t->text_len = n;
    op = tok;
    while (op < end && *op != '=' && *op != '<' && *op != '>' && *op != '!')
        op++;
    if (op == end)
        return parse_word(p, t, tok, n);
    klen = (size_t)(op - tok);
    if (klen == 0)
        return parse_error(p, tok, "a key is missing before '", tok, n, "'");
    if (!key_kind(tok, klen, &t->kind))
        return parse_error(p, tok, "unknown key '", tok, klen, "'");
    if (op[0] == '=') {
        t->op = OP_EQ;
        v = op + 1;
    } else if ((op[0] == '>' || op[0] == '<') && op + 1 < end && op[1] == '=' &&
               t->kind == T_HANDSHAKES) {
        t->op = op[0] == '>' ? OP_GE : OP_LE;
        v = op + 2;
    } else {
        return parse_error(p, op, "'", op, (size_t)(end - op),
                           t->kind == T_HANDSHAKES ? "': use =, >= or <=" : "': use KEY=VALUE");
    }
    if (t->kind == T_HANDSHAKES)
        s->has_count = true;
    if (v == end)
        return parse_error(p, v > tok ? v - 1 : v, "a value is missing after '", tok,
                           (size_t)(v - tok), "'");
    /* Alternatives: a|b|c */
    while (v <= end) {
        bar = memchr(v, '|', (size_t)(end - v));
        if (bar == NULL)
            bar = end;
        if (bar == v)
            return parse_error(p, v, "an empty alternative", v, 0, "");
        if (!parse_value(p, t, v, (size_t)(bar - v)))
            return false;
        v = bar + 1;
    }
    return true;
}

/* The terms of one SPEC into `s`; false after telling the syntax error. */
static bool parse_spec(const struct parser *p, struct spec *s, const char *text)
{
    const char *c = text, *tok;
    size_t n;

    for (;;) {
        while (*c == ' ' || *c == '\t')
            c++;
        tok = c;
        while (*c != '\0' && *c != ',' && *c != ' ' && *c != '\t')
            c++;
        n = (size_t)(c - tok);
        if (n == 0)
            return parse_error(p, tok, "a term is missing here", tok, 0, "");
        if (s->nterms == MAX_TERMS)
            return parse_error(p, tok, "too many terms at '", tok, n, "' (at most 32)");
        if (!parse_term(p, s, tok, n))
            return false;
        s->nterms++;
        while (*c == ' ' || *c == '\t')
            c++;
        if (*c == '\0')
            return true;
        if (*c != ',')
            return parse_error(p, c, "a ',' is missing before '", c, strcspn(c, ","), "'");
        c++;
    }
}

enum sd_expect_added sd_expect_add(struct sd_expect *x, const char *text)
{
    struct parser p = {x, text};
    struct spec *s;

    if (x->nspec == x->cap) {
        unsigned cap = x->cap ? x->cap * 2 : 4;
        struct spec *ns = realloc(x->spec, cap * sizeof(*ns));

        if (ns == NULL) {
            fprintf(x->err, "smcdump: --expect: out of memory\n");
            return SD_EXPECT_NO_MEMORY;
        }
        x->spec = ns;
        x->cap = cap;
    }
    s = &x->spec[x->nspec];
    memset(s, 0, sizeof(*s));
    s->text = text;
    if (!parse_spec(&p, s, text))
        return SD_EXPECT_SYNTAX;
    x->nspec++;
    return SD_EXPECT_ADDED;
}

/* ---- checking ---- */

static bool in_scope(const struct spec *s, const struct sd_endpoint *client,
                     const struct sd_endpoint *server)
{
    unsigned i, k;

    for (i = 0; i < s->nterms; i++) {
        const struct term *t = &s->term[i];
        bool hit = false;

        if (t->kind < T_PORT)
            continue;
        for (k = 0; k < t->n && !hit; k++) {
            switch (t->kind) {
            case T_PORT:
                hit = server->port == t->u.port[k];
                break;
            case T_HOST:
                hit =
                    prefix_match(&t->u.prefix[k], client) || prefix_match(&t->u.prefix[k], server);
                break;
            case T_CLIENT:
                hit = prefix_match(&t->u.prefix[k], client);
                break;
            case T_SERVER:
                hit = prefix_match(&t->u.prefix[k], server);
                break;
            default:
                break;
            }
        }
        if (!hit)
            return false;
    }
    return true;
}

static bool is_smc(const struct smcclc_verdict *v)
{
    return v->outcome >= 0 && ((smcclc_outcomes() >> v->outcome) & 1) != 0;
}

static bool term_holds(const struct term *t, const struct sd_verdict_event *e)
{
    const struct smcclc_verdict *v = e->v;
    bool fc;
    unsigned k;

    switch (t->kind) {
    case T_OUTCOME:
        return v->outcome >= 0 && ((t->u.mask >> v->outcome) & 1) != 0;
    case T_VERSION:
        return v->smc_version != 0 && v->smc_version < 64 && ((t->u.mask >> v->smc_version) & 1);
    case T_RELEASE:
        if (v->release < 64 && ((t->u.mask >> v->release) & 1))
            return true;
        /* A link-group reuse carries no release: it is not held against it. */
        return v->release >= 64 && is_smc(v) && v->smc_version >= 2 && e->hs != NULL &&
               !e->hs->first_contact;
    case T_REASON:
        for (k = 0; k < t->n; k++) {
            if (t->u.reason[k] != NULL ? v->reason != NULL && strcmp(v->reason, t->u.reason[k]) == 0
                                       : v->reason != NULL && v->reason_code == t->reason_code[k])
                return true;
        }
        return false;
    case T_FIRST_CONTACT:
        fc = e->hs != NULL && e->hs->first_contact;
        return is_smc(v) && fc == t->first_contact;
    default:
        return true;
    }
}

/* What a verdict was, in the words of the grammar. */
static void put_got(FILE *f, const struct sd_verdict_event *e)
{
    const struct smcclc_verdict *v = e->v;
    const struct smcclc_val *rel;

    fputs(v->outcome >= 0 && v->outcome < SMCCLC_OUTCOME_COUNT ? smcclc_outcome_vals[v->outcome].key
                                                               : "?",
          f);
    if (v->smc_version != 0)
        fprintf(f, ",%s=%u", key_version, (unsigned)v->smc_version);
    if (v->release != SMCCLC_RELEASE_NONE) {
        rel = smcclc_val_lookup(SMCCLC_VALS_RELEASE, v->release);
        if (rel != NULL)
            fprintf(f, ",%s=%s", key_release, rel->key);
        else
            fprintf(f, ",%s=%u", key_release, (unsigned)v->release);
    }
    if (is_smc(v))
        fprintf(f, ",%s", e->hs != NULL && e->hs->first_contact ? first_contact_key() : word_reuse);
    if (v->reason != NULL)
        fprintf(f, ",%s=%s", key_reason, v->reason);
    if (v->reason != NULL && smcclc_decline_by_name(v->reason) == NULL && v->reason_code != 0)
        fprintf(f, "|0x%08x", (unsigned)v->reason_code);
    if (v->situation > SMCCLC_SITUATION_NONE && v->situation < SMCCLC_SITUATION_COUNT)
        fprintf(f, " (%s)", smcclc_situation_table[v->situation].anchor);
}

static bool show(struct spec *s)
{
    return ++s->mismatches <= SD_EXPECT_SHOWN;
}

static void put_where(FILE *f, const struct spec *s, const struct sd_endpoint *client,
                      const struct sd_endpoint *server, uint64_t frame)
{
    char c[SD_ENDPOINT_STR], sv[SD_ENDPOINT_STR];

    sd_endpoint_str(c, sizeof(c), client);
    sd_endpoint_str(sv, sizeof(sv), server);
    fprintf(f, "smcdump: --expect '%s': %s > %s (frame %llu): expected ", s->text, c, sv,
            (unsigned long long)frame);
}

static void on_verdict(void *ctx, const struct sd_verdict_event *e)
{
    struct sd_expect *x = ctx;
    unsigned i, k;

    for (i = 0; i < x->nspec; i++) {
        struct spec *s = &x->spec[i];
        bool fail[MAX_TERMS], any = false, first = true;

        if (!in_scope(s, &e->client, &e->server))
            continue;
        s->handshakes++;
        for (k = 0; k < s->nterms; k++) {
            fail[k] = !term_holds(&s->term[k], e);
            any = any || fail[k];
        }
        if (!any || !show(s))
            continue;
        put_where(x->err, s, &e->client, &e->server, e->frame);
        for (k = 0; k < s->nterms; k++) {
            if (!fail[k])
                continue;
            fprintf(x->err, "%s%.*s", first ? "" : ",", (int)s->term[k].text_len, s->term[k].text);
            first = false;
        }
        fputs(", got ", x->err);
        put_got(x->err, e);
        fputc('\n', x->err);
    }
}

static void on_clc(void *ctx, const struct sd_clc_event *e)
{
    struct sd_expect *x = ctx;
    const struct sd_endpoint *client = e->dir == SMCCLC_DIR_C2S ? &e->src : &e->dst;
    const struct sd_endpoint *server = e->dir == SMCCLC_DIR_C2S ? &e->dst : &e->src;
    const struct smcclc_val *type = smcclc_val_lookup(SMCCLC_VALS_TYPE, e->msg->type);
    unsigned i, k, a;

    if (e->msg->anomaly_count == 0)
        return;
    for (i = 0; i < x->nspec; i++) {
        struct spec *s = &x->spec[i];

        if (!in_scope(s, client, server))
            continue;
        for (k = 0; k < s->nterms; k++) {
            const struct term *t = &s->term[k];

            if (t->kind != T_NO_ANOMALIES || !show(s))
                continue;
            put_where(x->err, s, client, server, e->frame);
            fprintf(x->err, "%.*s in the %s, got anomalies=", (int)t->text_len, t->text,
                    type != NULL ? type->key : "message");
            for (a = 0; a < e->msg->anomaly_count; a++)
                fprintf(x->err, "%s%s", a ? "|" : "",
                        smcclc_anomaly_table[e->msg->anomalies[a].id].key);
            fputc('\n', x->err);
        }
    }
}

static bool count_holds(const struct term *t, uint64_t n)
{
    return t->op == OP_EQ ? n == t->count : t->op == OP_GE ? n >= t->count : n <= t->count;
}

unsigned sd_expect_finish(struct sd_expect *x)
{
    unsigned i, k, failed = 0;

    for (i = 0; i < x->nspec; i++) {
        struct spec *s = &x->spec[i];
        bool count_ok = true;

        for (k = 0; k < s->nterms; k++) {
            const struct term *t = &s->term[k];

            if (t->kind != T_HANDSHAKES || count_holds(t, s->handshakes))
                continue;
            count_ok = false;
            fprintf(x->err, "smcdump: --expect '%s': expected %.*s, got %s=%llu\n", s->text,
                    (int)t->text_len, t->text, key_handshakes, (unsigned long long)s->handshakes);
        }
        if (!s->has_count && s->handshakes == 0) {
            count_ok = false;
            fprintf(x->err,
                    "smcdump: --expect '%s': expected %s>=1 (the default), got %s=0; say "
                    "%s>=0 if none is fine\n",
                    s->text, key_handshakes, key_handshakes, key_handshakes);
        }
        if (s->mismatches > SD_EXPECT_SHOWN)
            fprintf(x->err, "smcdump: --expect '%s': %llu more mismatches not shown\n", s->text,
                    (unsigned long long)(s->mismatches - SD_EXPECT_SHOWN));
        if (!count_ok || s->mismatches > 0)
            failed++;
    }
    return failed;
}

struct sd_expect *sd_expect_new(FILE *err)
{
    struct sd_expect *x = calloc(1, sizeof(*x));

    if (x == NULL)
        return NULL;
    x->err = err;
    x->obs.clc = on_clc;
    x->obs.verdict = on_verdict;
    x->obs.ctx = x;
    return x;
}

bool sd_expect_any(const struct sd_expect *x)
{
    return x != NULL && x->nspec > 0;
}

const struct sd_observer *sd_expect_observer(struct sd_expect *x)
{
    return &x->obs;
}

void sd_expect_free(struct sd_expect *x)
{
    if (x == NULL)
        return;
    free(x->spec);
    free(x);
}
