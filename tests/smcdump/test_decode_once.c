/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * \summary: the analysis decodes each CLC message it reports exactly once.
 *
 * The link wraps the core's decode entry points and sd_report_clc()
 * (-Wl,--wrap, tests/smcdump/CMakeLists.txt): every decode is logged, and
 * each report must find exactly one decode of its bytes since the previous
 * report, the last one made, with the event's entries being that decode's.
 * A second decode of the same message anywhere in the analysis fails here;
 * the output side cannot decode at all (smcdump.decode_once checks its
 * objects).
 */
#define _DEFAULT_SOURCE /* u_char and friends in pcap.h */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <string.h>

#include "analyze.h"
#include "fake_report.h"

#define LOG_MAX 256

static struct {
    const uint8_t *buf;
    size_t len;
    const struct smcclc_entry *entries;
} decodes[LOG_MAX];
static unsigned n_decodes, sink_decodes, reports, failures;
static const char *where; /* the capture being read */

enum smcclc_decode_status __real_smcclc_clc_decode_fields(const uint8_t *buf, size_t len,
                                                          struct smcclc_clc_msg *msg,
                                                          struct smcclc_entry *entries,
                                                          size_t *num_entries);
enum smcclc_decode_status __wrap_smcclc_clc_decode_fields(const uint8_t *buf, size_t len,
                                                          struct smcclc_clc_msg *msg,
                                                          struct smcclc_entry *entries,
                                                          size_t *num_entries);
enum smcclc_decode_status __real_smcclc_clc_decode(const uint8_t *buf, size_t len,
                                                   struct smcclc_clc_msg *msg,
                                                   const struct smcclc_sink *sink);
enum smcclc_decode_status __wrap_smcclc_clc_decode(const uint8_t *buf, size_t len,
                                                   struct smcclc_clc_msg *msg,
                                                   const struct smcclc_sink *sink);
void __real_sd_report_clc(struct sd_output *o, const struct sd_clc_event *e);
void __wrap_sd_report_clc(struct sd_output *o, const struct sd_clc_event *e);

enum smcclc_decode_status __wrap_smcclc_clc_decode_fields(const uint8_t *buf, size_t len,
                                                          struct smcclc_clc_msg *msg,
                                                          struct smcclc_entry *entries,
                                                          size_t *num_entries)
{
    if (n_decodes < LOG_MAX) {
        decodes[n_decodes].buf = buf;
        decodes[n_decodes].len = len;
        decodes[n_decodes].entries = entries;
    }
    n_decodes++;
    return __real_smcclc_clc_decode_fields(buf, len, msg, entries, num_entries);
}

enum smcclc_decode_status __wrap_smcclc_clc_decode(const uint8_t *buf, size_t len,
                                                   struct smcclc_clc_msg *msg,
                                                   const struct smcclc_sink *sink)
{
    sink_decodes++;
    return __real_smcclc_clc_decode(buf, len, msg, sink);
}

static void fail_here(const char *what, const struct sd_clc_event *e)
{
    if (failures++ < 10)
        print_error("%s, frame %llu: %s\n", where, (unsigned long long)e->frame, what);
}

void __wrap_sd_report_clc(struct sd_output *o, const struct sd_clc_event *e)
{
    unsigned i, same = 0;

    reports++;
    if (n_decodes > LOG_MAX)
        fail_here("more decodes between two reports than the log holds", e);
    for (i = 0; i < n_decodes && i < LOG_MAX; i++)
        same += decodes[i].buf == e->bytes && decodes[i].len == e->avail;
    if (same != 1)
        fail_here(same == 0 ? "reported without a decode" : "decoded more than once", e);
    else if (decodes[n_decodes - 1].buf != e->bytes || decodes[n_decodes - 1].len != e->avail)
        fail_here("the last decode before the report was of other bytes", e);
    else if (e->n_entries == 0 || decodes[n_decodes - 1].entries != e->entries)
        fail_here("the event does not carry that decode's entries", e);
    n_decodes = 0;
    __real_sd_report_clc(o, e);
}

static unsigned run_capture(const char *path)
{
    char err[PCAP_ERRBUF_SIZE];
    struct sd_analyzer_opts opts;
    struct sd_analyzer *a;
    struct sd_output *out;
    struct pcap_pkthdr *h;
    const u_char *pkt;
    uint64_t frame = 0;
    unsigned before = reports;
    pcap_t *p = pcap_open_offline(path, err);

    if (p == NULL)
        return 0;
    memset(&opts, 0, sizeof(opts));
    opts.linktype = pcap_datalink(p);
    out = sd_output_new(NULL);
    a = sd_analyzer_new(out, &opts);
    assert_non_null(a);
    where = path;
    n_decodes = 0;
    while (pcap_next_ex(p, &h, &pkt) == 1)
        (void)sd_analyze_packet(a, pkt, h->caplen, h->len, ++frame,
                                (uint64_t)(uint32_t)h->ts.tv_sec * 1000000u +
                                    (uint64_t)h->ts.tv_usec);
    sd_analyze_finish(a);
    sd_analyzer_free(a);
    sd_output_free(out);
    pcap_close(p);
    return reports - before;
}

static unsigned run_dir(const char *dir)
{
    char path[1024];
    struct dirent *d;
    unsigned n = 0;
    DIR *dh = opendir(dir);

    assert_non_null(dh);
    while ((d = readdir(dh)) != NULL) {
        size_t len = strlen(d->d_name);

        if ((len > 5 && strcmp(d->d_name + len - 5, ".pcap") == 0) ||
            (len > 7 && strcmp(d->d_name + len - 7, ".pcapng") == 0)) {
            snprintf(path, sizeof(path), "%s/%s", dir, d->d_name);
            n += run_capture(path);
        }
    }
    closedir(dh);
    return n;
}

static void test_every_reported_message_is_decoded_once(void **state)
{
    unsigned n;

    (void)state;
    n = run_dir(SD_TEST_CAPTURES "/real") + run_dir(SD_TEST_CAPTURES "/built");
    /* the bundled captures hold hundreds of CLC messages; none may escape the check */
    assert_true(n > 200);
    assert_int_equal(sink_decodes, 0);
    assert_int_equal(failures, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_reported_message_is_decoded_once),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
