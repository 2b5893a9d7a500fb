/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * \summary: docs/troubleshooting.md stays in step with the core's tables
 *
 * Every decline code and every verdict situation must have a section
 * anchored by its name whose "**Summary:**" line is exactly the hint the
 * tools print, and every in-page link must point at an existing anchor.
 * Exits non-zero and names each mismatch.
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
    const struct smc_decline_info *d;
    int i, failures = 0, checked = 0;
    char *text;

    if (argc != 2) {
        fprintf(stderr, "usage: %s docs/troubleshooting.md\n", argv[0]);
        return 2;
    }
    text = read_file(argv[1]);
    for (d = smc_decline_table; d->name != NULL; d++, checked++)
        failures += check(text, d->name, d->hint);
    for (i = 0; i < SMC_SITUATION_COUNT; i++, checked++)
        failures += check(text, smc_situation_table[i].anchor, smc_situation_table[i].hint);
    failures += check_links(text, &checked);
    free(text);
    printf("%d passed, %d failed\n", checked - failures, failures);
    return failures == 0 ? 0 : 1;
}
