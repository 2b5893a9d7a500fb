/* SPDX-License-Identifier: BSD-2-Clause */
/* \summary: smcdump --explain, a fallback reason's advice without a capture */
#include "explain.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "output.h" /* SD_GUIDE: where the installed guide is */
#include "smcclc/smcclc.h"

#define WRAP 76
#define KERNEL_PREFIX "SMC_CLC_DECL_"

/* What the argument names: a decline row, or a situation (row == NULL). */
struct target {
    const struct smcclc_decline_info *row;
    const char *situation; /* anchor */
    const char *hint;
    uint32_t code; /* the code asked for, also when Linux does not define it */
    bool code_given;
};

static bool parse_code(const char *s, uint32_t *code)
{
    char *end;
    unsigned long long v;

    if (!isdigit((unsigned char)s[0]))
        return false;
    v = strtoull(s, &end, s[0] == '0' && (s[1] == 'x' || s[1] == 'X') ? 16 : 10);
    if (*end != '\0' || v > UINT32_MAX)
        return false;
    *code = (uint32_t)v;
    return true;
}

static bool find(const char *what, struct target *t)
{
    const struct smcclc_explain_info *e;
    const char *name = what;

    memset(t, 0, sizeof(*t));
    if (parse_code(what, &t->code)) {
        t->code_given = true;
        t->row = smcclc_decline_lookup(t->code);
        if (t->row == NULL) {
            t->situation = smcclc_situation_table[SMCCLC_SITUATION_UNKNOWN_DECLINE].anchor;
            t->hint = smcclc_situation_table[SMCCLC_SITUATION_UNKNOWN_DECLINE].hint;
        }
        return true;
    }
    if (strncasecmp(name, KERNEL_PREFIX, strlen(KERNEL_PREFIX)) == 0)
        name += strlen(KERNEL_PREFIX);
    for (const struct smcclc_decline_info *d = smcclc_decline_table; d->name != NULL; d++) {
        e = smcclc_explain_lookup(d->name);
        if (strcasecmp(d->name, name) == 0 ||
            (e != NULL && e->tools_name != NULL && strcasecmp(e->tools_name, name) == 0)) {
            t->row = d;
            t->code = d->code;
            return true;
        }
    }
    for (int i = 0; i < SMCCLC_SITUATION_COUNT; i++)
        if (strcasecmp(smcclc_situation_table[i].anchor, name) == 0) {
            t->situation = smcclc_situation_table[i].anchor;
            t->hint = smcclc_situation_table[i].hint;
            return true;
        }
    return false;
}

/*
 * TEXT as the guide writes it, for a terminal: a Markdown link to another
 * section becomes "`smcdump --explain NAME`" (or "label (smcdump --explain
 * NAME)" when its label is not the name), paragraphs are indented and
 * wrapped at WRAP columns. Backticks stay: they mark the commands.
 */
static void print_text(FILE *out, const char *text)
{
    char word[512];
    size_t col = 0;

    for (const char *p = text; *p != '\0';) {
        size_t n = 0;

        if (*p == '\n') {
            fputs("\n\n", out);
            col = 0;
            p++;
            continue;
        }
        if (*p == ' ') {
            p++;
            continue;
        }
        while (*p != '\0' && *p != ' ' && *p != '\n' && n + 1 < sizeof(word)) {
            const char *close, *target;

            /* [label](#ANCHOR) */
            if (*p == '[' && (close = strstr(p, "](#")) != NULL &&
                (target = strchr(close, ')')) != NULL &&
                memchr(p, ' ', (size_t)(close - p)) == NULL) {
                size_t label = (size_t)(close - p - 1), anchor = (size_t)(target - close - 3);
                int w = label == anchor && strncmp(p + 1, close + 3, label) == 0
                            ? snprintf(word + n, sizeof(word) - n, "`smcdump --explain %.*s`",
                                       (int)anchor, close + 3)
                            : snprintf(word + n, sizeof(word) - n, "%.*s (smcdump --explain %.*s)",
                                       (int)label, p + 1, (int)anchor, close + 3);

                if (w < 0 || (size_t)w >= sizeof(word) - n)
                    break;
                n += (size_t)w;
                p = target + 1;
                continue;
            }
            word[n++] = *p++;
        }
        word[n] = '\0';
        if (col > 0 && col + 1 + n > WRAP) {
            fputc('\n', out);
            col = 0;
        }
        if (col == 0) {
            fputs("  ", out);
            col = 2;
        } else {
            fputc(' ', out);
            col++;
        }
        fputs(word, out);
        col += n;
    }
    if (col > 0)
        fputc('\n', out);
}

int sd_explain(const char *what, FILE *out, FILE *err)
{
    const struct smcclc_explain_info *e;
    const char *name;
    char para[1024];
    struct target t;

    if (!find(what, &t)) {
        fprintf(err,
                "smcdump: --explain %s: not a decline code (0x03030002 or 50528258), a kernel "
                "or smc-tools reason name (NOSMCRDEV, PEER_NO_SMC) or a verdict (INCOMPLETE)\n",
                what);
        return 1;
    }
    name = t.row != NULL ? t.row->name : t.situation;
    e = smcclc_explain_lookup(name);
    if (t.row != NULL) {
        fprintf(out, "%s (" KERNEL_PREFIX "%s), code 0x%08" PRIx32 " (%" PRIu32 ")\n", name, name,
                t.code, t.code);
        if (e != NULL && e->tools_name != NULL)
            fprintf(out, "smcr/smcd stats call it %s\n", e->tools_name);
        snprintf(para, sizeof(para), "%c%s. %s.", toupper((unsigned char)t.row->meaning[0]),
                 t.row->meaning + 1, t.row->hint);
    } else {
        if (t.code_given)
            fprintf(out, "0x%08" PRIx32 " (%" PRIu32 "): a code Linux does not define\n", t.code,
                    t.code);
        fprintf(out, "%s: a verdict, not a decline code\n", name);
        snprintf(para, sizeof(para), "%s.", t.hint);
    }
    fputs("\nWhat it means:\n", out);
    print_text(out, para);
    if (e != NULL) {
        fputs("\nHow to confirm it on the host:\n", out);
        print_text(out, e->confirm);
        fputs("\nWhat to change:\n", out);
        print_text(out, e->change);
    }
    fprintf(out, "\nThe guide's section: " SD_GUIDE "%s\n", name);
    return 0;
}
