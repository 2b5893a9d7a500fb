/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The JSON Lines reader behind --compare (smcdump/jsonl.c): what it keeps of
 * a line, and for each way a line can be wrong the message and the byte
 * offset --compare prints with it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "jsonl.h"

static struct sd_jrec rec;

static const char *parse(const char *line, size_t *off)
{
    return sd_jsonl_parse(line, strlen(line), &rec, off);
}

/* `line` is rejected with `msg`, shown at byte `at` */
static void bad(const char *line, const char *msg, size_t at)
{
    size_t off = 9999;
    const char *err = parse(line, &off);

    if (err == NULL || strcmp(err, msg) != 0 || off != at)
        fail_msg("%s: got '%s' at %zu, want '%s' at %zu", line, err ? err : "(accepted)", off, msg,
                 at);
}

static void good(const char *line)
{
    size_t off;
    const char *err = parse(line, &off);

    if (err != NULL)
        fail_msg("%s: '%s' at %zu", line, err, off);
    assert_int_equal(off, strlen(line));
}

static void syntax_errors(void **state)
{
    (void)state;
    bad("", "a line must be one JSON object", 0);
    bad("[1]", "a line must be one JSON object", 0);
    bad("{} x", "text after the object", 3);
    bad("{1:2}", "a string was expected", 1);
    bad("{\"a\"1}", "':' was expected", 4);
    bad("{\"a\":1 \"b\":2}", "',' or '}' was expected", 7);
    bad("{\"a\":", "a value was expected", 5);
    bad("{\"a\":tru}", "a value was expected", 5);
    bad("{\"a\":nul", "a value was expected", 5);
    bad("{\"a\":-}", "a value was expected", 6);
    bad("{\"a\":1.}", "a digit was expected after '.'", 7);
    bad("{\"a\":1e+}", "a digit was expected in an exponent", 8);
    bad("{\"ab", "a string is not closed", 4);
    bad("{\"a\\", "a string is not closed", 4);
    bad("{\"a\":\"x\x01\"}", "a control character in a string", 8);
    bad("{\"a\":\"\\q\"}", "an unknown escape in a string", 8);
    bad("{\"a\":\"\\u12", "a \\u escape is cut short", 8);
    bad("{\"a\":\"\\u12G4\"}", "a \\u escape is not hex", 8);
    bad("{\"a\":{\"b\" 1}}", "':' was expected", 10);
    bad("{\"a\":{\"b\":1 \"c\":2}}", "',' or '}' was expected", 12);
    bad("{\"a\":[1 2]}", "',' or ']' was expected", 8);
    bad("{\"a\":[1,]}", "a value was expected", 8);
    bad("{\"a\":{1:2}}", "a string was expected", 6);
    /* the line ends inside a number, wherever that is */
    bad("{\"a\":-", "a value was expected", 6);
    bad("{\"a\":12", "',' or '}' was expected", 7);
    bad("{\"a\":1.", "a digit was expected after '.'", 7);
    bad("{\"a\":1.5", "',' or '}' was expected", 8);
    bad("{\"a\":1e", "a digit was expected in an exponent", 7);
    bad("{\"a\":1e-", "a digit was expected in an exponent", 8);
    bad("{\"a\":1e5", "',' or '}' was expected", 8);
    bad("{\"a\":1x}", "',' or '}' was expected", 6);
    bad("{\"a\":\"\\u00:0\"}", "a \\u escape is not hex", 8);
    bad("{\"a\":[1", "',' or ']' was expected", 7);
    bad("{\"a\"", "':' was expected", 4);
}

static void values(void **state)
{
    const struct sd_jval *v;
    uint64_t u = 0;

    (void)state;
    good(" {\"t\": true, \"f\":false,\"n\" :null , \"neg\":-5, \"frac\":1.25,"
         " \"exp\":2E+3, \"e2\":1e-2, \"max\":18446744073709551615,"
         " \"over\":18446744073709551616, \"obj\":{\"x\":[1,{\"y\":null},[]],\"z\":{}},"
         " \"arr\":[], \"s\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u004A\\u004a\\u00e9\xc3\xa9\"}\t");
    assert_int_equal(rec.n, 12);
    v = sd_jrec_get(&rec, "t");
    assert_true(v && v->type == SD_J_BOOL && v->b);
    v = sd_jrec_get(&rec, "f");
    assert_true(v && v->type == SD_J_BOOL && !v->b);
    assert_int_equal(sd_jrec_get(&rec, "n")->type, SD_J_NULL);
    assert_int_equal(sd_jrec_get(&rec, "neg")->type, SD_J_NUMBER);
    assert_int_equal(sd_jrec_get(&rec, "frac")->type, SD_J_NUMBER);
    assert_int_equal(sd_jrec_get(&rec, "exp")->type, SD_J_NUMBER);
    assert_int_equal(sd_jrec_get(&rec, "e2")->type, SD_J_NUMBER);
    assert_true(sd_jrec_uint(&rec, "max", &u));
    assert_int_equal(u, UINT64_MAX);
    /* too large for 64 bits: a number, not a wrong integer */
    assert_int_equal(sd_jrec_get(&rec, "over")->type, SD_J_NUMBER);
    assert_false(sd_jrec_uint(&rec, "over", &u));
    assert_int_equal(sd_jrec_get(&rec, "obj")->type, SD_J_NESTED);
    assert_int_equal(sd_jrec_get(&rec, "arr")->type, SD_J_NESTED);
    /* control characters and non-ASCII (escaped or raw UTF-8) become '?' */
    assert_string_equal(sd_jrec_str(&rec, "s"), "\"\\/?????JJ???");
    assert_null(sd_jrec_str(&rec, "t"));
    assert_false(sd_jrec_uint(&rec, "s", &u));
    assert_null(sd_jrec_get(&rec, "absent"));
    assert_null(sd_jrec_str(&rec, "absent"));
    assert_false(sd_jrec_uint(&rec, "absent", &u));
    good("{}");
    assert_int_equal(rec.n, 0);
    /* every kind of JSON white space, between every token */
    good("\t{\r\n\"a\"\t:\n1 ,\r\"b\" : [ 1 , { } ] \n}\r\n");
    assert_int_equal(rec.n, 2);
    assert_true(sd_jrec_uint(&rec, "a", &u));
    assert_int_equal(u, 1);
}

/* Nesting is bounded: 31 levels below the top object pass, 32 do not. */
static void depth(void **state)
{
    char line[128];
    size_t off;
    int k, n;

    (void)state;
    for (n = 31; n <= 32; n++) {
        size_t len = (size_t)snprintf(line, sizeof(line), "{\"a\":");

        for (k = 0; k < n; k++)
            line[len++] = '[';
        for (k = 0; k < n; k++)
            line[len++] = ']';
        line[len++] = '}';
        line[len] = '\0';
        if (n == 31) {
            good(line);
        } else {
            assert_string_equal(parse(line, &off), "nested too deep");
            assert_int_equal(off, 5 + 31);
        }
    }
}

/* What does not fit is dropped, the line still parses. */
static void bounds(void **state)
{
    static char line[SD_JSONL_STRBUF * 2];
    size_t len = 0;
    char key[16];
    int k;

    (void)state;
    /* a key of 32 characters does not fit SD_JSONL_KEY_MAX: the member is skipped */
    good("{\"k2345678901234567890123456789012\":1,\"k\":2}");
    assert_int_equal(rec.n, 1);
    assert_non_null(sd_jrec_get(&rec, "k"));
    /* 65 members: the first 64 are kept */
    line[len++] = '{';
    for (k = 0; k <= SD_JSONL_MEMBERS; k++)
        len += (size_t)snprintf(line + len, sizeof(line) - len, "%s\"m%d\":%d", k ? "," : "", k, k);
    line[len++] = '}';
    line[len] = '\0';
    good(line);
    assert_int_equal(rec.n, SD_JSONL_MEMBERS);
    snprintf(key, sizeof(key), "m%d", SD_JSONL_MEMBERS - 1);
    assert_non_null(sd_jrec_get(&rec, key));
    snprintf(key, sizeof(key), "m%d", SD_JSONL_MEMBERS);
    assert_null(sd_jrec_get(&rec, key));
    /* a string longer than the string buffer: kept as a string without value */
    len = (size_t)snprintf(line, sizeof(line), "{\"long\":\"");
    memset(line + len, 'x', SD_JSONL_STRBUF);
    len += SD_JSONL_STRBUF;
    len += (size_t)snprintf(line + len, sizeof(line) - len, "\",\"b\":\"y\"}");
    good(line);
    assert_int_equal(rec.n, 2);
    assert_int_equal(sd_jrec_get(&rec, "long")->type, SD_J_STRING);
    assert_null(sd_jrec_str(&rec, "long"));
    assert_string_equal(sd_jrec_str(&rec, "b"), "y");
}

static void getline_bounds(void **state)
{
    static char buf[SD_JSONL_LINE_MAX + 1];
    FILE *f = tmpfile();
    bool too_long = true;
    int k;

    (void)state;
    assert_non_null(f);
    fputs("{\"a\":1}\n\n", f);
    for (k = 0; k < SD_JSONL_LINE_MAX + 10; k++)
        putc('x', f);
    fputs("\nlast", f);
    rewind(f);
    assert_int_equal(sd_jsonl_getline(f, buf, &too_long), 7);
    assert_false(too_long);
    assert_string_equal(buf, "{\"a\":1}");
    assert_int_equal(sd_jsonl_getline(f, buf, &too_long), 0);
    assert_string_equal(buf, "");
    /* a long line: its first SD_JSONL_LINE_MAX bytes, the rest skipped */
    assert_int_equal(sd_jsonl_getline(f, buf, &too_long), SD_JSONL_LINE_MAX);
    assert_true(too_long);
    /* the last line needs no newline */
    assert_int_equal(sd_jsonl_getline(f, buf, &too_long), 4);
    assert_false(too_long);
    assert_string_equal(buf, "last");
    assert_int_equal(sd_jsonl_getline(f, buf, &too_long), -1);
    fclose(f);
    /* a long last line without a newline is still a line */
    f = tmpfile();
    assert_non_null(f);
    for (k = 0; k < SD_JSONL_LINE_MAX + 1; k++)
        putc('y', f);
    rewind(f);
    assert_int_equal(sd_jsonl_getline(f, buf, &too_long), SD_JSONL_LINE_MAX);
    assert_true(too_long);
    assert_int_equal(sd_jsonl_getline(f, buf, &too_long), -1);
    fclose(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(syntax_errors), cmocka_unit_test(values),         cmocka_unit_test(depth),
        cmocka_unit_test(bounds),        cmocka_unit_test(getline_bounds),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
