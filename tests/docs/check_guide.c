/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * \summary: docs/troubleshooting.md stays in step with the core's tables
 *
 * Every decline code and every verdict situation must have a section
 * anchored by its name whose "**Summary:**" line is exactly the hint the
 * tools print, whose "How to confirm it on the host" and "What to change"
 * paragraphs say word for word what `smcdump --explain` prints from
 * SMCCLC_EXPLAIN_LIST (line breaks aside), and every in-page link must point at
 * an existing anchor. Every decline code and situation has an explain row and
 * every explain row names one of them. Exits non-zero and names each
 * mismatch.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smcclc/smcclc.h"

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *text;
    long size;

    if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 ||
        fseek(f, 0, SEEK_SET) != 0) {
        perror(path);
        exit(2);
    }
    text = malloc((size_t)size + 1);
    if (text == NULL || fread(text, 1, (size_t)size, f) != (size_t)size) {
        perror(path);
        exit(2);
    }
    text[size] = '\0';
    fclose(f);
    return text;
}

/* The section body after <a id="anchor">, up to the next anchor. */
static const char *section(const char *text, const char *anchor, size_t *len)
{
    char tag[128];
    const char *start, *end;

    snprintf(tag, sizeof(tag), "<a id=\"%s\"></a>", anchor);
    start = strstr(text, tag);
    if (start == NULL)
        return NULL;
    start += strlen(tag);
    end = strstr(start, "<a id=\"");
    *len = end != NULL ? (size_t)(end - start) : strlen(start);
    return start;
}

/* Whitespace runs (line breaks of the Markdown, paragraph breaks of the
 * table) as one space, so that only the words are compared. */
static void squeeze(const char *in, size_t n, char *out, size_t size)
{
    size_t o = 0;
    int space = 0;

    for (size_t i = 0; i < n && in[i] != '\0' && o + 1 < size; i++) {
        if (in[i] == ' ' || in[i] == '\n' || in[i] == '\t') {
            space = o > 0;
            continue;
        }
        if (space && o + 2 < size)
            out[o++] = ' ';
        space = 0;
        out[o++] = in[i];
    }
    out[o] = '\0';
}

/* The guide's text after MARKER up to END (or the section end), squeezed. */
static int paragraph(const char *body, size_t len, const char *marker, const char *end, char *out,
                     size_t size)
{
    const char *start = strstr(body, marker), *stop;

    if (start == NULL || start >= body + len)
        return -1;
    start += strlen(marker);
    stop = end != NULL ? strstr(start, end) : NULL;
    if (stop == NULL || stop > body + len) {
        /* "What to change" is one paragraph: up to the blank line */
        stop = strstr(start, "\n\n");
        if (stop == NULL || stop > body + len)
            stop = body + len;
    }
    squeeze(start, (size_t)(stop - start), out, size);
    return 0;
}

static int check_explain(const char *text, const char *anchor)
{
    const struct smcclc_explain_info *e = smcclc_explain_lookup(anchor);
    static char guide[8192], table[8192];
    const char *body;
    size_t len;
    int failures = 0;

    if (e == NULL) {
        printf("FAIL %s: no SMCCLC_EXPLAIN_LIST row\n", anchor);
        return 1;
    }
    body = section(text, anchor, &len);
    if (body == NULL)
        return 1;
    if (paragraph(body, len, "**How to confirm it on the host.**", "**What to change.**", guide,
                  sizeof(guide)) != 0) {
        printf("FAIL %s: no \"How to confirm it on the host\" paragraph\n", anchor);
        failures++;
    } else {
        squeeze(e->confirm, strlen(e->confirm), table, sizeof(table));
        if (strcmp(guide, table) != 0) {
            printf("FAIL %s: \"How to confirm\" differs from SMCCLC_EXPLAIN_LIST:\n  guide: %s\n  "
                   "table: %s\n",
                   anchor, guide, table);
            failures++;
        }
    }
    if (paragraph(body, len, "**What to change.**", NULL, guide, sizeof(guide)) != 0) {
        printf("FAIL %s: no \"What to change\" paragraph\n", anchor);
        failures++;
    } else {
        squeeze(e->change, strlen(e->change), table, sizeof(table));
        if (strcmp(guide, table) != 0) {
            printf("FAIL %s: \"What to change\" differs from SMCCLC_EXPLAIN_LIST:\n  guide: %s\n  "
                   "table: %s\n",
                   anchor, guide, table);
            failures++;
        }
    }
    return failures;
}

/* Every explain row belongs to a decline code or a situation. */
static int check_explain_rows(void)
{
    const struct smcclc_explain_info *e;
    int failures = 0;

    for (e = smcclc_explain_table; e->name != NULL; e++) {
        int found = smcclc_decline_by_name(e->name) != NULL;

        for (int i = 0; !found && i < SMCCLC_SITUATION_COUNT; i++)
            found = strcmp(smcclc_situation_table[i].anchor, e->name) == 0;
        if (!found) {
            printf("FAIL explain row %s: neither a decline code nor a situation\n", e->name);
            failures++;
        }
    }
    return failures;
}

static int check(const char *text, const char *anchor, const char *hint)
{
    char want[1024];
    const char *body, *hit;
    size_t len;

    body = section(text, anchor, &len);
    if (body == NULL) {
        printf("FAIL %s: no section <a id=\"%s\"></a>\n", anchor, anchor);
        return 1;
    }
    snprintf(want, sizeof(want), "**Summary:** %s\n", hint);
    hit = strstr(body, want);
    if (hit == NULL || hit >= body + len) {
        printf("FAIL %s: its Summary line is not the table's hint:\n     %s\n", anchor, hint);
        return 1;
    }
    if (check_explain(text, anchor) != 0)
        return 1;
    printf("ok   %s\n", anchor);
    return 0;
}

static int check_links(const char *text, int *checked)
{
    const char *p = text;
    int failures = 0;

    while ((p = strstr(p, "](#")) != NULL) {
        char anchor[128], tag[160];
        size_t n = strcspn(p + 3, ")");

        if (n == 0 || n >= sizeof(anchor)) {
            p += 3;
            continue;
        }
        memcpy(anchor, p + 3, n);
        anchor[n] = '\0';
        (*checked)++;
        snprintf(tag, sizeof(tag), "<a id=\"%s\"></a>", anchor);
        if (strstr(text, tag) == NULL) {
            printf("FAIL link to #%s: no such anchor\n", anchor);
            failures++;
        }
        p += 3 + n;
    }
    return failures;
}

int main(int argc, char **argv)
{
    const struct smcclc_decline_info *d;
    int i, failures = 0, checked = 0;
    char *text;

    if (argc != 2) {
        fprintf(stderr, "usage: %s docs/troubleshooting.md\n", argv[0]);
        return 2;
    }
    text = read_file(argv[1]);
    for (d = smcclc_decline_table; d->name != NULL; d++, checked++)
        failures += check(text, d->name, d->hint);
    for (i = 0; i < SMCCLC_SITUATION_COUNT; i++, checked++)
        failures += check(text, smcclc_situation_table[i].anchor, smcclc_situation_table[i].hint);
    failures += check_links(text, &checked);
    failures += check_explain_rows();
    checked++;
    free(text);
    printf("%d passed, %d failed\n", checked - failures, failures);
    return failures == 0 ? 0 : 1;
}
