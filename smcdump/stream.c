/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * CLC reassembly of one TCP direction.
 *
 * Sequence numbers are compared as signed 32-bit differences, so the
 * arithmetic survives wrap-around. Everything before `next` has been framed
 * (or skipped), so a retransmission is simply the part of a segment that lies
 * before `next`, and an overlap is trimmed the same way.
 *
 * A buffer is a window of SD_MSG_MAX bytes that starts at `next`. Since no
 * message may be longer than the window, a message whose bytes all arrived is
 * always in one contiguous run from offset 0. Data beyond a gap waits in up
 * to SD_HOLD_RANGES ranges; each range also remembers how many bytes after it
 * snaplen cut away, so a message cut short is reported with what was
 * captured instead of waiting for bytes that will never come.
 */
#include "stream.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Window offsets: data [lo, hi), then [hi, lost) cut by snaplen (lost >= hi). */
struct sd_range {
    uint32_t lo, hi, lost;
};

struct sd_rbuf {
    uint32_t next_free; /* index + 1 while free */
    uint32_t n;         /* ranges in use, sorted by lo, disjoint and not adjacent */
    struct sd_range r[SD_HOLD_RANGES];
    uint8_t bytes[SD_MSG_MAX];
};

int sd_stream_init(struct sd_stream *s, uint32_t pool_size, const struct sd_stream_ops *ops,
                   void *ctx)
{
    memset(s, 0, sizeof(*s));
    s->ops = ops;
    s->ctx = ctx;
    if (pool_size > SD_RBUF_POOL_LIMIT)
        return -1;
    s->pool = calloc(pool_size ? pool_size : 1, sizeof(*s->pool));
    if (!s->pool)
        return -1;
    /* buffers are handed out from `fresh` up first, so unused ones stay unmapped */
    s->pool_size = pool_size;
    s->free_head = 0;
    s->fresh = 0;
    return 0;
}

void sd_stream_fini(struct sd_stream *s)
{
    free(s->pool);
    s->pool = NULL;
}

void sd_stream_dir_init(struct sd_dir *d)
{
    memset(d, 0, sizeof(*d));
}

void sd_stream_dir_sync(struct sd_dir *d, uint32_t next)
{
    if (d->state == SD_DIR_UNSYNCED) {
        d->next = next;
        d->state = SD_DIR_CLC;
    }
}

static struct sd_rbuf *rbuf(struct sd_stream *s, const struct sd_dir *d)
{
    return &s->pool[d->buf - 1];
}

static bool rbuf_get(struct sd_stream *s, struct sd_dir *d)
{
    uint32_t i = s->free_head;

    if (i)
        s->free_head = s->pool[i - 1].next_free;
    else if (s->fresh < s->pool_size)
        i = ++s->fresh;
    else
        return false;
    s->pool[i - 1].n = 0;
    d->buf = (uint16_t)i;
    return true;
}

static uint32_t held_bytes(const struct sd_rbuf *b)
{
    uint32_t sum = 0;

    for (uint32_t i = 0; i < b->n; i++)
        sum += b->r[i].hi - b->r[i].lo;
    return sum;
}

void sd_stream_dir_release(struct sd_stream *s, struct sd_dir *d)
{
    if (!d->buf)
        return;
    s->pool[d->buf - 1].next_free = s->free_head;
    s->free_head = d->buf;
    d->buf = 0;
}

__attribute__((format(printf, 5, 6))) static void problemf(struct sd_stream *s, void *flow,
                                                           enum sd_problem_kind kind, size_t off,
                                                           const char *fmt, ...)
{
    char what[128];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(what, sizeof(what), fmt, ap);
    va_end(ap);
    s->ops->problem(s->ctx, flow, kind, off, what);
}

/* The direction gives up on CLC without deciding what the bytes were. */
static void go_off(struct sd_stream *s, struct sd_dir *d)
{
    d->state = SD_DIR_OFF;
    sd_stream_dir_release(s, d);
}

/* Enough of a CLC header to fool a reader: eyecatcher, type and a length field. */
static bool looks_like_clc(const uint8_t *p, size_t cap)
{
    size_t len;

    if (cap < SMCCLC_CLC_HEADER_LEN || p[0] != SMCCLC_BE32_BYTE(SMCCLC_EYECATCHER_R, 0))
        return false;
    switch (smcclc_clc_frame(p, cap, 0, &len)) {
    case SMCCLC_FRAME_OK:
    case SMCCLC_FRAME_BAD_LENGTH:
        return true;
    default:
        return false;
    }
}

/* One segment's worth of the current drain, and where its problems are reported. */
struct view {
    const uint8_t *b;
    size_t avail; /* bytes present from b[0] */
    size_t span;  /* stream bytes covered, >= avail: [avail, span) were cut by snaplen */
    size_t off;   /* packet offset of b[0], or of the segment when b is a buffer */
    bool in_pkt;  /* b points into the packet, so off + pos is exact */
};

/*
 * Frame and deliver messages from the start of `v`, which begins at the
 * direction's `next`. Returns the stream bytes consumed; that can be more
 * than v->span when a message cut by snaplen extends into later segments.
 * Returns less than v->span only when a message is still incomplete.
 */
/*
 * A header whose length field no message can have is still a CLC record: the
 * owner decodes the 8 header bytes (type, version, the impossible length and
 * its anomaly), so the verdict can name the protocol error.
 */
static void header_only(struct sd_stream *s, void *flow, int dir, const struct view *v, size_t pos,
                        size_t at)
{
    /* byte 7 (the version) cut by snaplen: the problem line says it all */
    if (v->avail - pos >= SMCCLC_CLC_HEADER_LEN)
        s->ops->message(s->ctx, flow, dir, v->b + pos, SMCCLC_CLC_HEADER_LEN, SMCCLC_CLC_HEADER_LEN,
                        at);
}

static size_t drain(struct sd_stream *s, struct sd_dir *d, void *flow, int dir,
                    const struct view *v)
{
    size_t pos = 0, len;

    while (pos < v->span) {
        size_t at = v->in_pkt ? v->off + pos : v->off;
        /*
         * The length field is in this packet only when the view is; a header
         * reassembled from earlier segments is reported at the segment that
         * completed it (fuzz finding F4: byte 59 of a 57-byte packet).
         */
        size_t length_at = v->in_pkt ? at + 5 : at;

        if (!s->ops->expected(s->ctx, flow, dir)) {
            if (pos < v->avail && looks_like_clc(v->b + pos, v->avail - pos))
                s->ops->lookalike(s->ctx, flow, dir);
            s->ops->data(s->ctx, flow, dir);
            go_off(s, d);
            return v->span;
        }
        if (pos >= v->avail) {
            problemf(s, flow, SD_PROBLEM_TRUNCATED, at,
                     "%zu stream bytes cut by snaplen where a CLC message may start; CLC "
                     "decoding of this direction stops",
                     v->span - pos);
            go_off(s, d);
            return v->span;
        }
        switch (smcclc_clc_frame(v->b + pos, v->avail - pos, 0, &len)) {
        case SMCCLC_FRAME_NOT_CLC:
            s->ops->data(s->ctx, flow, dir);
            go_off(s, d);
            return v->span;
        case SMCCLC_FRAME_BAD_LENGTH:
            problemf(s, flow, SD_PROBLEM_MALFORMED, length_at,
                     "CLC length field %u < %d; CLC decoding of this direction stops",
                     (unsigned)(v->b[pos + 5] << 8 | v->b[pos + 6]),
                     SMCCLC_CLC_HEADER_LEN + SMCCLC_CLC_TRAILER_LEN);
            header_only(s, flow, dir, v, pos, at);
            s->ops->data(s->ctx, flow, dir);
            go_off(s, d);
            return v->span;
        case SMCCLC_FRAME_NEED_MORE:
            if (v->avail < v->span) {
                problemf(s, flow, SD_PROBLEM_TRUNCATED, at,
                         "CLC header cut by snaplen after %zu bytes; CLC decoding of this "
                         "direction stops",
                         v->avail - pos);
                go_off(s, d);
                return v->span;
            }
            return pos;
        case SMCCLC_FRAME_OK:
            if (len > SD_MSG_MAX) {
                problemf(s, flow, SD_PROBLEM_MALFORMED, length_at,
                         "CLC length %zu > %d; CLC decoding of this direction stops", len,
                         SD_MSG_MAX);
                header_only(s, flow, dir, v, pos, at);
                s->ops->data(s->ctx, flow, dir);
                go_off(s, d);
                return v->span;
            }
            if (len <= v->avail - pos) {
                s->ops->message(s->ctx, flow, dir, v->b + pos, len, len, at);
            } else if (v->avail < v->span) {
                /* the rest was on the wire but not in the capture: say what we have */
                s->ops->message(s->ctx, flow, dir, v->b + pos, v->avail - pos, len, at);
            } else {
                return pos;
            }
            pos += len;
            break;
        }
    }
    return pos;
}

/*
 * Put [lo, hi) (then [hi, lost) cut) into the window. Ranges that touch
 * merge; when all slots are taken the range furthest ahead is dropped, since
 * the gap before it is the least likely to be filled.
 */
static void hold(struct sd_stream *s, struct sd_rbuf *b, const uint8_t *p, uint32_t lo, uint32_t hi,
                 uint32_t lost)
{
    struct sd_range nr = {lo, hi, lost > hi ? lost : hi};
    uint32_t i = 0, j, at = lo;

    /*
     * Bytes already held stay: the first copy wins, as in the receiving
     * kernel (which queued it) and in Wireshark's reassembly. A retransmission
     * with other bytes in the overlap must not rewrite a message half way
     * (fuzz_differential found smcdump and the plugin decoding different
     * bytes). The ranges are sorted and disjoint: copy the gaps between them.
     */
    for (uint32_t k = 0; k < b->n && at < hi; k++) {
        if (b->r[k].hi <= at)
            continue;
        if (b->r[k].lo >= hi)
            break;
        if (b->r[k].lo > at)
            memcpy(b->bytes + at, p + (at - lo), b->r[k].lo - at);
        at = b->r[k].hi;
    }
    if (at < hi)
        memcpy(b->bytes + at, p + (at - lo), hi - at);
    while (i < b->n && b->r[i].hi < nr.lo)
        i++;
    /* ranges i .. j-1 touch the new one */
    for (j = i; j < b->n && b->r[j].lo <= nr.hi; j++) {
        if (b->r[j].lo < nr.lo)
            nr.lo = b->r[j].lo;
        if (b->r[j].hi > nr.hi) {
            nr.hi = b->r[j].hi;
        }
        if (b->r[j].lost > nr.lost)
            nr.lost = b->r[j].lost;
    }
    if (nr.lost < nr.hi)
        nr.lost = nr.hi;
    if (j > i) {
        b->r[i] = nr;
        memmove(&b->r[i + 1], &b->r[j], (b->n - j) * sizeof(b->r[0]));
        b->n -= j - i - 1;
        return;
    }
    if (b->n == SD_HOLD_RANGES) {
        struct sd_range *last = &b->r[SD_HOLD_RANGES - 1];
        if (i == SD_HOLD_RANGES) {
            s->ooo_dropped += hi - lo;
            return;
        }
        s->ooo_dropped += last->hi - last->lo;
        b->n--;
    }
    memmove(&b->r[i + 1], &b->r[i], (b->n - i) * sizeof(b->r[0]));
    b->r[i] = nr;
    b->n++;
}

/* The first `c` window bytes were consumed: slide the rest down. */
static void slide(struct sd_rbuf *b, size_t c)
{
    uint32_t top = 0, k = 0;

    for (uint32_t i = 0; i < b->n; i++)
        if (b->r[i].hi > top)
            top = b->r[i].hi;
    if (c < top)
        memmove(b->bytes, b->bytes + c, top - c);
    for (uint32_t i = 0; i < b->n; i++) {
        struct sd_range r = b->r[i];
        if (r.hi <= c)
            continue; /* consumed, or skipped with a message cut by snaplen */
        r.lo = r.lo > c ? r.lo - (uint32_t)c : 0;
        r.hi -= (uint32_t)c;
        r.lost = r.lost > c ? r.lost - (uint32_t)c : r.hi;
        if (r.lost < r.hi)
            r.lost = r.hi;
        b->r[k++] = r;
    }
    b->n = k;
}

/* Deliver what the buffer holds contiguously from `next`. */
static void drain_buffer(struct sd_stream *s, struct sd_dir *d, void *flow, int dir, size_t off)
{
    struct sd_rbuf *b = rbuf(s, d);

    while (b->n && b->r[0].lo == 0) {
        struct view v = {b->bytes, b->r[0].hi, b->r[0].lost, off, false};
        size_t c = drain(s, d, flow, dir, &v);
        d->next += (uint32_t)c;
        if (d->state == SD_DIR_OFF)
            return; /* drain released the buffer */
        if (c == 0)
            return;
        slide(b, c);
    }
    if (!b->n)
        sd_stream_dir_release(s, d);
}

static void advance_to(struct sd_dir *d, uint32_t end)
{
    if ((int32_t)(end - d->next) > 0)
        d->next = end;
}

uint32_t sd_stream_segment(struct sd_stream *s, struct sd_dir *d, void *flow, int dir, uint32_t seq,
                           const uint8_t *p, uint32_t cap, uint32_t wire, size_t off)
{
    uint32_t end = seq + wire, fresh;
    int64_t rel;

    static const uint8_t nothing[1];

    if (wire == 0)
        return 0;
    /* snaplen may have taken all of the payload: no pointer, and no arithmetic on one */
    if (!p) {
        p = nothing;
        cap = 0;
    }
    if (cap > wire)
        cap = wire;
    if (d->state == SD_DIR_UNSYNCED) {
        d->next = seq;
        d->state = SD_DIR_CLC;
    }
    rel = (int32_t)(seq - d->next);
    if (rel + wire <= 0)
        return 0; /* all of it was seen before */
    fresh = rel < 0 ? (uint32_t)(rel + wire) : wire;

    if (d->state == SD_DIR_OFF) {
        /* only a segment that starts on new bytes can start a look-alike */
        if (rel >= 0 && looks_like_clc(p, cap))
            s->ops->lookalike(s->ctx, flow, dir);
        advance_to(d, end);
        return fresh;
    }

    for (;;) {
        if (rel < 0) {
            uint32_t t = (uint32_t)-rel, tc = t < cap ? t : cap;
            p += tc;
            cap -= tc;
            off += tc;
            wire -= t;
            seq += t;
            rel = 0;
        }
        if (!d->buf && rel == 0) {
            /* the common case: messages framed straight from the packet */
            struct view v = {p, cap, wire, off, true};
            size_t c = drain(s, d, flow, dir, &v);
            if (d->state == SD_DIR_OFF || c >= wire) {
                d->next += (uint32_t)c;
                if (d->state == SD_DIR_OFF)
                    advance_to(d, end);
                return fresh;
            }
            /* an incomplete message; drain never stops early when snaplen cut */
            d->next += (uint32_t)c;
            p += c;
            cap -= (uint32_t)c;
            wire -= (uint32_t)c;
            off += c;
            seq += (uint32_t)c;
        }
        if (!d->buf && !rbuf_get(s, d)) {
            s->ooo_dropped += cap;
            problemf(s, flow, SD_PROBLEM_TRUNCATED, off,
                     "all %u reassembly buffers in use; CLC decoding of this direction stops",
                     s->pool_size);
            go_off(s, d);
            advance_to(d, end);
            return fresh;
        }
        if (rel >= SD_MSG_MAX) {
            /* a gap wider than any message: the capture lost bytes for good */
            s->ooo_dropped += held_bytes(rbuf(s, d)) + cap;
            problemf(s, flow, SD_PROBLEM_TRUNCATED, off,
                     "%lld bytes before this segment are missing from the capture; CLC "
                     "decoding of this direction stops",
                     (long long)rel);
            go_off(s, d);
            advance_to(d, end);
            return fresh;
        }
        uint32_t room = SD_MSG_MAX - (uint32_t)rel, take = cap < room ? cap : room;
        uint32_t lost = take == cap ? (uint32_t)rel + wire : (uint32_t)rel + take;
        hold(s, rbuf(s, d), p, (uint32_t)rel, (uint32_t)rel + take, lost);
        drain_buffer(s, d, flow, dir, off);
        if (d->state == SD_DIR_OFF) {
            advance_to(d, end);
            return fresh;
        }
        if (take == cap)
            return fresh;
        /* the part past the window: retry now that the window may have moved */
        p += take;
        cap -= take;
        wire -= take;
        off += take;
        seq += take;
        rel = (int32_t)(seq - d->next);
        if (rel + wire <= 0)
            return fresh;
        if (rel >= SD_MSG_MAX) {
            /* the window did not move: these bytes have nowhere to go */
            s->ooo_dropped += cap;
            return fresh;
        }
    }
}
