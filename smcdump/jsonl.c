/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * \summary: the bounded JSON Lines reader behind --compare (RFC 8259
 * syntax; only what smcdump writes is kept, the rest is checked and
 * skipped). Every read checks the position against the line's length;
 * string values keep printable ASCII only.
 */
#include <string.h>

#include "jsonl.h"

struct cur {
    const char *p;
    size_t len, off;
    const char *err;
};

static bool fail(struct cur *c, const char *what)
{
    if (c->err == NULL)
        c->err = what;
    return false;
}

static void skip_ws(struct cur *c)
{
    while (c->off < c->len && (c->p[c->off] == ' ' || c->p[c->off] == '\t' ||
                               c->p[c->off] == '\r' || c->p[c->off] == '\n'))
        c->off++;
}

static bool eat(struct cur *c, char ch)
{
    skip_ws(c);
    if (c->off < c->len && c->p[c->off] == ch) {
        c->off++;
        return true;
    }
    return false;
}

static int hexval(char h)
{
    if (h >= '0' && h <= '9')
        return h - '0';
    if (h >= 'a' && h <= 'f')
        return h - 'a' + 10;
    if (h >= 'A' && h <= 'F')
        return h - 'A' + 10;
    return -1;
}

/*
 * A string at c->off (the opening quote). Its value goes to out[0..cap-1]
 * with a NUL when out is given and it fits; *fits says whether it did.
 */
static bool string(struct cur *c, char *out, size_t cap, bool *fits, size_t *outlen)
{
    size_t n = 0;

    *fits = out != NULL && cap > 0;
    if (c->off >= c->len || c->p[c->off] != '"')
        return fail(c, "a string was expected");
    c->off++;
    for (;;) {
        char ch, add;

        if (c->off >= c->len)
            return fail(c, "a string is not closed");
        ch = c->p[c->off++];
        if (ch == '"')
            break;
        if ((unsigned char)ch < 0x20)
            return fail(c, "a control character in a string");
        add = ch;
        if (ch == '\\') {
            if (c->off >= c->len)
                return fail(c, "a string is not closed");
            ch = c->p[c->off++];
            switch (ch) {
            case '"':
            case '\\':
            case '/':
                add = ch;
                break;
            case 'b':
                add = '\b';
                break;
            case 'f':
                add = '\f';
                break;
            case 'n':
                add = '\n';
                break;
            case 'r':
                add = '\r';
                break;
            case 't':
                add = '\t';
                break;
            case 'u': {
                unsigned v = 0;
                int k, h;

                if (c->len - c->off < 4)
                    return fail(c, "a \\u escape is cut short");
                for (k = 0; k < 4; k++) {
                    h = hexval(c->p[c->off + (size_t)k]);
                    if (h < 0)
                        return fail(c, "a \\u escape is not hex");
                    v = v << 4 | (unsigned)h;
                }
                c->off += 4;
                add = (char)(v < 0x80 ? v : '?');
                break;
            }
            default:
                return fail(c, "an unknown escape in a string");
            }
        }
        /*
         * smcdump writes ASCII only; anything else (a control character, a
         * byte of UTF-8) becomes '?', so that no value read here can put
         * terminal escapes into the text output. It only has to differ.
         */
        if ((unsigned char)add < 0x20 || (unsigned char)add >= 0x7f)
            add = '?';
        if (*fits) {
            if (n + 1 < cap)
                out[n++] = add;
            else
                *fits = false;
        }
    }
    if (*fits)
        out[n] = '\0';
    if (outlen != NULL)
        *outlen = n;
    return true;
}

static bool literal(struct cur *c, const char *word)
{
    size_t n = strlen(word);

    if (c->len - c->off < n || memcmp(c->p + c->off, word, n) != 0)
        return fail(c, "a value was expected");
    c->off += n;
    return true;
}

static bool number(struct cur *c, struct sd_jval *v)
{
    bool is_uint = true, overflow = false;
    uint64_t u = 0;

    if (c->off < c->len && c->p[c->off] == '-') {
        is_uint = false;
        c->off++;
    }
    if (c->off >= c->len || c->p[c->off] < '0' || c->p[c->off] > '9')
        return fail(c, "a value was expected");
    while (c->off < c->len && c->p[c->off] >= '0' && c->p[c->off] <= '9') {
        unsigned d = (unsigned)(c->p[c->off] - '0');

        if (u > (UINT64_MAX - d) / 10)
            overflow = true;
        else
            u = u * 10 + d;
        c->off++;
    }
    if (c->off < c->len && c->p[c->off] == '.') {
        is_uint = false;
        c->off++;
        if (c->off >= c->len || c->p[c->off] < '0' || c->p[c->off] > '9')
            return fail(c, "a digit was expected after '.'");
        while (c->off < c->len && c->p[c->off] >= '0' && c->p[c->off] <= '9')
            c->off++;
    }
    if (c->off < c->len && (c->p[c->off] == 'e' || c->p[c->off] == 'E')) {
        is_uint = false;
        c->off++;
        if (c->off < c->len && (c->p[c->off] == '+' || c->p[c->off] == '-'))
            c->off++;
        if (c->off >= c->len || c->p[c->off] < '0' || c->p[c->off] > '9')
            return fail(c, "a digit was expected in an exponent");
        while (c->off < c->len && c->p[c->off] >= '0' && c->p[c->off] <= '9')
            c->off++;
    }
    if (v != NULL) {
        v->type = is_uint && !overflow ? SD_J_UINT : SD_J_NUMBER;
        v->u = u;
    }
    return true;
}

static bool value(struct cur *c, struct sd_jval *v, struct sd_jrec *r, unsigned depth);

/* An object or array below the top level: checked, not kept. */
static bool nested(struct cur *c, unsigned depth)
{
    char close = c->p[c->off] == '{' ? '}' : ']';
    bool obj = close == '}', fits;

    if (depth >= SD_JSONL_DEPTH)
        return fail(c, "nested too deep");
    c->off++;
    if (eat(c, close))
        return true;
    for (;;) {
        skip_ws(c);
        if (obj) {
            if (!string(c, NULL, 0, &fits, NULL))
                return false;
            if (!eat(c, ':'))
                return fail(c, "':' was expected");
        }
        if (!value(c, NULL, NULL, depth + 1))
            return false;
        if (eat(c, ','))
            continue;
        if (eat(c, close))
            return true;
        return fail(c, obj ? "',' or '}' was expected" : "',' or ']' was expected");
    }
}

static bool value(struct cur *c, struct sd_jval *v, struct sd_jrec *r, unsigned depth)
{
    struct sd_jval dummy;
    size_t n;
    bool fits;

    if (v == NULL)
        v = &dummy;
    memset(v, 0, sizeof(*v));
    skip_ws(c);
    if (c->off >= c->len)
        return fail(c, "a value was expected");
    switch (c->p[c->off]) {
    case '"':
        v->type = SD_J_STRING;
        if (r == NULL)
            return string(c, NULL, 0, &fits, NULL);
        if (!string(c, r->strbuf + r->used, sizeof(r->strbuf) - r->used, &fits, &n))
            return false;
        if (fits) {
            v->s = r->strbuf + r->used;
            r->used += n + 1;
        }
        return true;
    case '{':
    case '[':
        v->type = SD_J_NESTED;
        return nested(c, depth);
    case 't':
        v->type = SD_J_BOOL;
        v->b = true;
        return literal(c, "true");
    case 'f':
        v->type = SD_J_BOOL;
        return literal(c, "false");
    case 'n':
        v->type = SD_J_NULL;
        return literal(c, "null");
    default:
        return number(c, v);
    }
}

const char *sd_jsonl_parse(const char *line, size_t len, struct sd_jrec *r, size_t *off)
{
    struct cur c = {line, len, 0, NULL};
    char key[SD_JSONL_KEY_MAX];
    struct sd_jval v;
    bool fits;

    r->n = 0;
    r->used = 0;
    if (!eat(&c, '{')) {
        fail(&c, "a line must be one JSON object");
        goto out;
    }
    if (eat(&c, '}'))
        goto end;
    for (;;) {
        skip_ws(&c);
        if (!string(&c, key, sizeof(key), &fits, NULL))
            goto out;
        if (!eat(&c, ':')) {
            fail(&c, "':' was expected");
            goto out;
        }
        if (!value(&c, &v, r, 1))
            goto out;
        if (fits && r->n < SD_JSONL_MEMBERS) {
            memcpy(r->m[r->n].key, key, sizeof(key));
            r->m[r->n].v = v;
            r->n++;
        }
        if (eat(&c, ','))
            continue;
        if (eat(&c, '}'))
            break;
        fail(&c, "',' or '}' was expected");
        goto out;
    }
end:
    skip_ws(&c);
    if (c.off != c.len)
        fail(&c, "text after the object");
out:
    *off = c.off;
    return c.err;
}

const struct sd_jval *sd_jrec_get(const struct sd_jrec *r, const char *key)
{
    unsigned i;

    for (i = 0; i < r->n; i++)
        if (strcmp(r->m[i].key, key) == 0)
            return &r->m[i].v;
    return NULL;
}

const char *sd_jrec_str(const struct sd_jrec *r, const char *key)
{
    const struct sd_jval *v = sd_jrec_get(r, key);

    return v != NULL && v->type == SD_J_STRING ? v->s : NULL;
}

bool sd_jrec_uint(const struct sd_jrec *r, const char *key, uint64_t *u)
{
    const struct sd_jval *v = sd_jrec_get(r, key);

    if (v == NULL || v->type != SD_J_UINT)
        return false;
    *u = v->u;
    return true;
}

long sd_jsonl_getline(FILE *f, char *buf, bool *too_long)
{
    size_t n = 0;
    int ch;

    *too_long = false;
    while ((ch = getc(f)) != EOF) {
        if (ch == '\n')
            break;
        if (n < SD_JSONL_LINE_MAX)
            buf[n++] = (char)ch;
        else
            *too_long = true;
    }
    if (ch == EOF && n == 0 && !*too_long)
        return -1;
    buf[n] = '\0';
    return (long)n;
}
