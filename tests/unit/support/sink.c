/* SPDX-License-Identifier: BSD-2-Clause */
/* \summary: recording sink and the field/anomaly assertions built on it */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <inttypes.h>
#include <string.h>

#include "smctest.h"

static void rec_field(void *ctx, const struct smcclc_field_event *ev)
{
    struct smcclc_rec *r = ctx;

    if (r->n >= SMCCLC_REC_MAX) {
        r->overflow = true;
        return;
    }
    memset(&r->ev[r->n], 0, sizeof(r->ev[r->n]));
    r->ev[r->n].field = *ev;
    r->n++;
}

static void rec_group(void *ctx, enum smcclc_group_event ev, enum smcclc_group group, uint16_t off,
                      uint16_t len, unsigned count)
{
    struct smcclc_rec *r = ctx;
    struct smcclc_rec_event *e;

    if (r->n >= SMCCLC_REC_MAX) {
        r->overflow = true;
        return;
    }
    e = &r->ev[r->n++];
    memset(e, 0, sizeof(*e));
    e->is_group = true;
    e->gev = ev;
    e->group = group;
    e->off = off;
    e->len = len;
    e->count = count;
}

void smcclc_rec_init(struct smcclc_rec *r)
{
    r->n = 0;
    r->overflow = false;
    r->sink.field = rec_field;
    r->sink.group = rec_group;
    r->sink.ctx = r;
}

const struct smcclc_field_event *smcclc_rec_field(const struct smcclc_rec *r, enum smcclc_field id,
                                                  unsigned nth)
{
    long i = smcclc_rec_index(r, id, nth);

    return i < 0 ? NULL : &r->ev[i].field;
}

long smcclc_rec_index(const struct smcclc_rec *r, enum smcclc_field id, unsigned nth)
{
    size_t i;

    for (i = 0; i < r->n; i++) {
        if (r->ev[i].is_group || r->ev[i].field.id != id)
            continue;
        if (nth == 0)
            return (long)i;
        nth--;
    }
    return -1;
}

unsigned smcclc_rec_field_count(const struct smcclc_rec *r, enum smcclc_field id)
{
    unsigned n = 0;
    size_t i;

    for (i = 0; i < r->n; i++)
        if (!r->ev[i].is_group && r->ev[i].field.id == id)
            n++;
    return n;
}

const struct smcclc_rec_event *smcclc_rec_group(const struct smcclc_rec *r, enum smcclc_group group,
                                                enum smcclc_group_event gev, unsigned nth)
{
    size_t i;

    for (i = 0; i < r->n; i++) {
        const struct smcclc_rec_event *e = &r->ev[i];
        if (!e->is_group || e->group != group || e->gev != gev)
            continue;
        if (nth == 0)
            return e;
        nth--;
    }
    return NULL;
}

static const char *group_event_name(enum smcclc_group_event gev)
{
    switch (gev) {
    case SMCCLC_GROUP_BEGIN:
        return "begin";
    case SMCCLC_GROUP_END:
        return "end";
    case SMCCLC_ITEM_BEGIN:
        return "item-begin";
    case SMCCLC_ITEM_END:
        return "item-end";
    }
    return "?";
}

static bool kind_has_bytes(enum smcclc_field_kind k)
{
    return k == SMCCLC_FK_BYTES || k == SMCCLC_FK_MAC || k == SMCCLC_FK_IPV4 ||
           k == SMCCLC_FK_IPV6 || k == SMCCLC_FK_TEXT || k == SMCCLC_FK_PEERID;
}

char *smcclc_rec_format(const struct smcclc_rec_event *e, char *out, size_t cap)
{
    size_t used;
    int n;

    if (cap == 0)
        return out;
    if (e->is_group) {
        const char *key =
            (unsigned)e->group < SMCCLC_GROUP_COUNT ? smcclc_group_table[e->group].key : "?";
        snprintf(out, cap, "[%s %s @%u+%u count=%u]", key, group_event_name(e->gev), e->off, e->len,
                 e->count);
        return out;
    }
    {
        const struct smcclc_field_event *f = &e->field;
        const struct smcclc_field_info *fi =
            (unsigned)f->id < SMCCLC_FIELD_COUNT ? &smcclc_field_table[f->id] : NULL;
        n = snprintf(out, cap, "%s @%u+%u = ", fi != NULL ? fi->key : "?", f->off, f->len);
        used = n < 0 ? 0 : ((size_t)n >= cap ? cap - 1 : (size_t)n);
        if (fi != NULL && fi->kind == SMCCLC_FK_NAME) {
            snprintf(out + used, cap - used, "\"%s\"", f->str != NULL ? f->str : "(null)");
        } else if (fi != NULL && kind_has_bytes(fi->kind)) {
            size_t i;
            if (f->bytes == NULL) {
                snprintf(out + used, cap - used, "(no bytes)");
                return out;
            }
            for (i = 0; i < f->len && used + 3 < cap; i++) {
                snprintf(out + used, cap - used, "%02x", f->bytes[i]);
                used += 2;
            }
        } else {
            snprintf(out + used, cap - used, "0x%" PRIx64 " (%" PRIu64 ")", f->u, f->u);
        }
    }
    return out;
}

void smcclc_rec_print(const struct smcclc_rec *r, FILE *f)
{
    char line[256];
    size_t i;

    for (i = 0; i < r->n; i++)
        fprintf(f, "  %3zu %s\n", i, smcclc_rec_format(&r->ev[i], line, sizeof(line)));
    if (r->overflow)
        fprintf(f, "  (more events were dropped)\n");
}

char *smcclc_anomalies_format(const struct smcclc_clc_msg *m, char *out, size_t cap)
{
    size_t used = 0;
    unsigned i;

    if (cap == 0)
        return out;
    out[0] = '\0';
    if (m->anomaly_count == 0) {
        snprintf(out, cap, "none");
        return out;
    }
    for (i = 0; i < m->anomaly_count && used < cap; i++) {
        const struct smcclc_anomaly_at *a = &m->anomalies[i];
        const char *key =
            (unsigned)a->id < SMCCLC_ANOMALY_COUNT ? smcclc_anomaly_table[a->id].key : "?";
        int n = snprintf(out + used, cap - used, "%s%s@%u+%u", i ? ", " : "", key, a->off, a->len);
        if (n < 0)
            break;
        used += (size_t)n;
    }
    return out;
}

enum smcclc_decode_status smcclc_test_decode(const uint8_t *buf, size_t len,
                                             struct smcclc_clc_msg *m, struct smcclc_rec *rec)
{
    static struct smcclc_entry entries[SMCCLC_CLC_MAX_ENTRIES];
    size_t n = SMCCLC_CLC_MAX_ENTRIES;
    enum smcclc_decode_status st;

    if (rec == NULL)
        return smcclc_clc_decode_fields(buf, len, m, NULL, NULL);
    smcclc_rec_init(rec);
    st = smcclc_clc_decode_fields(buf, len, m, entries, &n);
    smcclc_entries_walk(entries, n, &rec->sink);
    if (m->entries_dropped != 0)
        rec->overflow = true;
    return st;
}

static const char *field_key(enum smcclc_field id)
{
    return (unsigned)id < SMCCLC_FIELD_COUNT ? smcclc_field_table[id].key : "?";
}

/* Fails with the event list printed: a wrong offset is easiest seen in context. */
static void fail_with_events(const struct smcclc_rec *r, const char *file, int line,
                             const char *fmt, ...) CMOCKA_PRINTF_ATTRIBUTE(4, 5);

static void fail_with_events(const struct smcclc_rec *r, const char *file, int line,
                             const char *fmt, ...)
{
    char msg[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    print_error("%s\n", msg);
    if (r != NULL) {
        char ev[256];
        size_t i;
        print_error("recorded events:\n");
        for (i = 0; i < r->n; i++)
            print_error("  %3zu %s\n", i, smcclc_rec_format(&r->ev[i], ev, sizeof(ev)));
    }
    _fail(file, line);
}

static const struct smcclc_field_event *need_field(const struct smcclc_rec *r, enum smcclc_field id,
                                                   unsigned nth, size_t off, size_t len,
                                                   const char *file, int line)
{
    const struct smcclc_field_event *f = smcclc_rec_field(r, id, nth);

    if (f == NULL) {
        fail_with_events(r, file, line, "field %s #%u not reported", field_key(id), nth);
        return NULL;
    }
    if (f->off != off || f->len != len)
        fail_with_events(r, file, line, "field %s #%u at @%u+%u, expected @%zu+%zu", field_key(id),
                         nth, f->off, f->len, off, len);
    return f;
}

void smcclc_assert_field_u_at(const struct smcclc_rec *r, enum smcclc_field id, unsigned nth,
                              size_t off, size_t len, uint64_t value, const char *file, int line)
{
    const struct smcclc_field_event *f = need_field(r, id, nth, off, len, file, line);

    if (f->u != value)
        fail_with_events(r, file, line, "field %s #%u = 0x%" PRIx64 ", expected 0x%" PRIx64,
                         field_key(id), nth, f->u, value);
}

void smcclc_assert_field_bytes_at(const struct smcclc_rec *r, enum smcclc_field id, unsigned nth,
                                  size_t off, size_t len, const uint8_t *bytes, const char *file,
                                  int line)
{
    const struct smcclc_field_event *f = need_field(r, id, nth, off, len, file, line);
    size_t i;

    if (f->bytes == NULL) {
        fail_with_events(r, file, line, "field %s #%u carries no bytes", field_key(id), nth);
        return;
    }
    for (i = 0; i < len; i++)
        if (f->bytes[i] != bytes[i])
            fail_with_events(r, file, line, "field %s #%u byte %zu = %02x, expected %02x",
                             field_key(id), nth, i, f->bytes[i], bytes[i]);
}

void smcclc_assert_field_hex_at(const struct smcclc_rec *r, enum smcclc_field id, unsigned nth,
                                size_t off, const char *hex, const char *file, int line)
{
    uint8_t want[SMCCLC_VEC_MAX];
    size_t n = smcclc_hex_at(hex, want, sizeof(want), file, line);

    smcclc_assert_field_bytes_at(r, id, nth, off, n, want, file, line);
}

void smcclc_assert_field_str_at(const struct smcclc_rec *r, enum smcclc_field id, unsigned nth,
                                size_t off, const char *str, const char *file, int line)
{
    const struct smcclc_field_event *f = smcclc_rec_field(r, id, nth);

    if (f == NULL) {
        fail_with_events(r, file, line, "field %s #%u not reported", field_key(id), nth);
        return;
    }
    if (f->off != off)
        fail_with_events(r, file, line, "field %s #%u at @%u, expected @%zu", field_key(id), nth,
                         f->off, off);
    if (f->str == NULL || strcmp(f->str, str) != 0)
        fail_with_events(r, file, line, "field %s #%u = \"%s\", expected \"%s\"", field_key(id),
                         nth, f->str != NULL ? f->str : "(null)", str);
}

void smcclc_assert_no_field_at(const struct smcclc_rec *r, enum smcclc_field id, const char *file,
                               int line)
{
    if (smcclc_rec_field(r, id, 0) != NULL)
        fail_with_events(r, file, line, "field %s reported, expected none", field_key(id));
}

void smcclc_assert_field_count_at(const struct smcclc_rec *r, enum smcclc_field id, unsigned count,
                                  const char *file, int line)
{
    unsigned n = smcclc_rec_field_count(r, id);

    if (n != count)
        fail_with_events(r, file, line, "field %s reported %u times, expected %u", field_key(id), n,
                         count);
}

void smcclc_assert_anomaly_at(const struct smcclc_clc_msg *m, enum smcclc_anomaly id, bool want,
                              const char *file, int line)
{
    char list[1024];

    if (smcclc_clc_has_anomaly(m, id) == want)
        return;
    print_error("anomaly %s %s; anomalies: %s\n", smcclc_anomaly_table[id].key,
                want ? "missing" : "unexpected", smcclc_anomalies_format(m, list, sizeof(list)));
    _fail(file, line);
}

void smcclc_assert_anomaly_set_at(const struct smcclc_clc_msg *m, const enum smcclc_anomaly *ids,
                                  size_t n, const char *file, int line)
{
    char list[1024];
    unsigned i;
    size_t j;
    bool ok = true;

    for (j = 0; j < n; j++)
        if (!smcclc_clc_has_anomaly(m, ids[j]))
            ok = false;
    for (i = 0; i < m->anomaly_count; i++) {
        bool listed = false;
        for (j = 0; j < n; j++)
            if (m->anomalies[i].id == ids[j])
                listed = true;
        if (!listed)
            ok = false;
    }
    if (ok)
        return;
    print_error("anomalies: %s\nexpected:", smcclc_anomalies_format(m, list, sizeof(list)));
    for (j = 0; j < n; j++)
        print_error(" %s", smcclc_anomaly_table[ids[j]].key);
    print_error("%s\n", n == 0 ? " none" : "");
    _fail(file, line);
}

void smcclc_assert_rec_sane_at(const struct smcclc_rec *r, size_t msg_len, bool ordered,
                               const char *file, int line)
{
    enum smcclc_group stack[16];
    size_t depth = 0, i, last_off = 0;

    if (r->overflow)
        fail_with_events(r, file, line, "more than %d events", SMCCLC_REC_MAX);
    for (i = 0; i < r->n; i++) {
        const struct smcclc_rec_event *e = &r->ev[i];
        const struct smcclc_field_info *fi;
        const struct smcclc_field_event *f = &e->field;

        if (e->is_group) {
            if ((unsigned)e->group >= SMCCLC_GROUP_COUNT)
                fail_with_events(r, file, line, "event %zu: bad group id", i);
            if ((size_t)e->off + e->len > msg_len)
                fail_with_events(r, file, line, "event %zu: group past the message", i);
            if (e->gev == SMCCLC_GROUP_BEGIN || e->gev == SMCCLC_ITEM_BEGIN) {
                if (depth == sizeof(stack) / sizeof(stack[0]))
                    fail_with_events(r, file, line, "event %zu: groups nest too deep", i);
                stack[depth++] = e->group;
            } else {
                if (depth == 0 || stack[depth - 1] != e->group)
                    fail_with_events(r, file, line, "event %zu: unbalanced group end", i);
                depth--;
            }
            continue;
        }
        if ((unsigned)f->id >= SMCCLC_FIELD_COUNT) {
            fail_with_events(r, file, line, "event %zu: bad field id", i);
            return;
        }
        fi = &smcclc_field_table[f->id];
        if ((size_t)f->off + f->len > msg_len)
            fail_with_events(r, file, line, "event %zu: %s past the message (%zu bytes)", i,
                             fi->key, msg_len);
        if (fi->size != 0 && (fi->flags & SMCCLC_FF_DERIVED) == 0 && f->len != fi->size)
            fail_with_events(r, file, line, "event %zu: %s has length %u, table says %u", i,
                             fi->key, f->len, fi->size);
        if (kind_has_bytes(fi->kind) && f->bytes == NULL)
            fail_with_events(r, file, line, "event %zu: %s without bytes", i, fi->key);
        if (fi->kind == SMCCLC_FK_NAME && f->str == NULL)
            fail_with_events(r, file, line, "event %zu: %s without a string", i, fi->key);
        if (ordered && f->off < last_off)
            fail_with_events(r, file, line, "event %zu: %s at %u goes back before %zu", i, fi->key,
                             f->off, last_off);
        last_off = f->off;
    }
    if (depth != 0)
        fail_with_events(r, file, line, "%zu groups left open", depth);
}
