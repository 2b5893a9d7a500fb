/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * \summary: fuzz target for the JSON Lines reader behind smcdump --compare
 * (smcdump/jsonl.c), on one arbitrary line
 *
 * Besides crashes it checks what the reader promises: the error offset lies
 * within the line, no more members than SD_JSONL_MEMBERS are kept, and every
 * string value kept is NUL-terminated inside the record's own buffer and
 * printable ASCII.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jsonl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct sd_jrec rec;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *line = (const char *)data, *err;
    size_t off = 0;
    unsigned i;

    if (size > SD_JSONL_LINE_MAX)
        return 0;
    err = sd_jsonl_parse(line, size, &rec, &off);
    if (off > size || rec.n > SD_JSONL_MEMBERS || rec.used > sizeof(rec.strbuf))
        abort();
    for (i = 0; i < rec.n; i++) {
        const struct sd_jval *v = &rec.m[i].v;

        if (memchr(rec.m[i].key, '\0', sizeof(rec.m[i].key)) == NULL)
            abort();
        if (v->type == SD_J_STRING && v->s != NULL) {
            if (v->s < rec.strbuf || v->s >= rec.strbuf + rec.used)
                abort();
            if (memchr(v->s, '\0', (size_t)(rec.strbuf + rec.used - v->s)) == NULL)
                abort();
            for (const char *q = v->s; *q != '\0'; q++)
                if ((unsigned char)*q < 0x20 || (unsigned char)*q >= 0x7f)
                    abort();
        }
        if (sd_jrec_get(&rec, rec.m[i].key) == NULL)
            abort();
    }
    (void)err;
    return 0;
}
