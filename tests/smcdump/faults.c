/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Fault injection for smcdump's error paths, loaded with LD_PRELOAD by
 * faults_test.sh. No input reaches these paths: a failing allocation, a
 * libpcap call that refuses, a kernel without getrandom(2).
 *
 *   SMCCLC_FAULT=NAME:N[:STATUS][,...]
 *                          the Nth call of NAME fails (up to MAX_FAULTS);
 *                          STATUS is the int a libpcap call returns instead
 *                          (default: its documented error value)
 *   SMCCLC_FAULT_LOG=FILE  at exit, a line "NAME CALLS INJECTED" per NAME
 *                          is appended, so the script knows when N has gone
 *                          past the last call
 *
 * Only calls made by smcdump's own code count and fail: the return address
 * must lie in the executable's mappings. libc and libpcap allocate for
 * themselves too, and a failure there tests them, not smcdump, and moves
 * with their versions. Counting stops at an exit handler registered at the
 * first counted call: a coverage build links gcov's runtime into the
 * executable, and it writes its counts (allocating) after main returns,
 * from a destructor or a handler registered before that call.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pcap/pcap.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <unistd.h>

#define MAX_RANGES 16
#define MAX_FAULTS 4

struct fault {
    char name[64];
    unsigned long fail_at; /* 0: count only */
    int status;
    bool has_status;
    unsigned long calls;
    unsigned long injected;
};

static struct fault faults[MAX_FAULTS];
static int nfaults;

static uintptr_t range_lo[MAX_RANGES], range_hi[MAX_RANGES];
static int ranges;
static bool exiting, stop_registered;

/*
 * dlsym() may allocate (its error string). While it resolves the real
 * allocator, calloc() serves from here, and free() knows these pointers.
 */
static _Alignas(16) unsigned char arena[4096];
static size_t arena_used;
static int resolving;

static void *arena_alloc(size_t n)
{
    void *p;

    n = (n + 15) & ~(size_t)15;
    if (n > sizeof(arena) - arena_used)
        return NULL;
    p = arena + arena_used;
    arena_used += n;
    return p;
}

static bool in_arena(const void *p)
{
    return (const unsigned char *)p >= arena && (const unsigned char *)p < arena + sizeof(arena);
}

static void *real(const char *name)
{
    void *f;

    resolving++;
    f = dlsym(RTLD_NEXT, name);
    resolving--;
    if (f == NULL)
        abort();
    return f;
}

/* the next definition of `name`, looked up once; its type from the header */
#define REAL(name)                                                                                 \
    static __typeof__(name) *real_##name;                                                          \
    if (real_##name == NULL)                                                                       \
    real_##name = (__typeof__(name) *)real(#name)

static bool from_smcdump(const void *ret)
{
    for (int i = 0; i < ranges; i++)
        if ((uintptr_t)ret >= range_lo[i] && (uintptr_t)ret < range_hi[i])
            return true;
    return false;
}

static void stop_counting(void)
{
    exiting = true;
}

/* Counts a call of `name` from smcdump; its fault when this call is to fail. */
static const struct fault *fail_now(const char *name, const void *ret)
{
    struct fault *f = NULL;

    for (int i = 0; i < nfaults; i++)
        if (strcmp(name, faults[i].name) == 0)
            f = &faults[i];
    if (f == NULL || ranges == 0 || exiting || !from_smcdump(ret))
        return NULL;
    /*
     * From main, after every constructor: handlers run last registered
     * first, so this one runs before any that gcov's runtime registered.
     */
    if (!stop_registered) {
        stop_registered = true;
        atexit(stop_counting);
    }
    f->calls++;
    if (f->calls != f->fail_at)
        return NULL;
    f->injected++;
    return f;
}

static int status_or(const struct fault *f, int fallback)
{
    return f->has_status ? f->status : fallback;
}

/* The executable's mappings, read without stdio: its buffers would come from malloc(). */
static void find_ranges(void)
{
    char exe[512], buf[65536], *line, *end;
    ssize_t n, len;
    size_t have = 0;
    int fd;

    len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (len <= 0)
        return;
    exe[len] = '\0';
    fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return;
    while (have < sizeof(buf) - 1 && (n = read(fd, buf + have, sizeof(buf) - 1 - have)) > 0)
        have += (size_t)n;
    close(fd);
    buf[have] = '\0';
    for (line = buf; line && *line && ranges < MAX_RANGES; line = end ? end + 1 : NULL) {
        unsigned long lo, hi;
        size_t l;

        end = strchr(line, '\n');
        if (end)
            *end = '\0';
        l = strlen(line);
        if (l < (size_t)len || strcmp(line + l - (size_t)len, exe) != 0)
            continue;
        if (sscanf(line, "%lx-%lx", &lo, &hi) == 2) {
            range_lo[ranges] = lo;
            range_hi[ranges] = hi;
            ranges++;
        }
    }
}

__attribute__((constructor)) static void faults_init(void)
{
    const char *spec = getenv("SMCCLC_FAULT");
    char *rest;

    while (spec != NULL && nfaults < MAX_FAULTS) {
        struct fault *f = &faults[nfaults];
        const char *colon = strchr(spec, ':');
        size_t n;

        if (colon == NULL || (n = (size_t)(colon - spec)) >= sizeof(f->name))
            break;
        memcpy(f->name, spec, n);
        f->fail_at = strtoul(colon + 1, &rest, 10);
        if (*rest == ':') {
            f->status = (int)strtol(rest + 1, &rest, 10);
            f->has_status = true;
        }
        nfaults++;
        spec = *rest == ',' ? rest + 1 : NULL;
    }
    if (nfaults > 0)
        find_ranges();
}

__attribute__((destructor)) static void faults_report(void)
{
    const char *path = getenv("SMCCLC_FAULT_LOG");
    char line[128];
    int fd;

    if (path == NULL || nfaults == 0)
        return;
    fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0666);
    if (fd < 0)
        return;
    for (int i = 0; i < nfaults; i++) {
        const struct fault *f = &faults[i];
        int len = snprintf(line, sizeof(line), "%s %lu %lu\n", f->name, f->calls, f->injected);

        if (write(fd, line, (size_t)len) != len)
            break; /* nobody to tell: the script then misses the line and fails */
    }
    close(fd);
}

/* ---- memory ---- */

void *malloc(size_t n)
{
    if (resolving)
        return arena_alloc(n);
    REAL(malloc);
    if (fail_now("malloc", __builtin_return_address(0))) {
        errno = ENOMEM;
        return NULL;
    }
    return real_malloc(n);
}

void *calloc(size_t n, size_t size)
{
    if (resolving) {
        size_t bytes;

        /* arena bytes are zero: never reused */
        return __builtin_mul_overflow(n, size, &bytes) ? NULL : arena_alloc(bytes);
    }
    REAL(calloc);
    if (fail_now("calloc", __builtin_return_address(0))) {
        errno = ENOMEM;
        return NULL;
    }
    return real_calloc(n, size);
}

void *realloc(void *p, size_t n)
{
    /* dlsym() never grows what it allocated; if a libc ever did, say so at once */
    if (resolving || in_arena(p))
        abort();
    REAL(realloc);
    if (fail_now("realloc", __builtin_return_address(0))) {
        errno = ENOMEM;
        return NULL;
    }
    return real_realloc(p, n);
}

void free(void *p)
{
    if (p == NULL || in_arena(p))
        return;
    REAL(free);
    real_free(p);
}

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
    REAL(mmap);
    if (fail_now("mmap", __builtin_return_address(0))) {
        errno = ENOMEM;
        return MAP_FAILED;
    }
    return real_mmap(addr, len, prot, flags, fd, off);
}

/* ---- files and the random key ---- */

FILE *fopen(const char *path, const char *mode)
{
    REAL(fopen);
    if (fail_now("fopen", __builtin_return_address(0))) {
        errno = EACCES;
        return NULL;
    }
    return real_fopen(path, mode);
}

int open(const char *path, int flags, ...)
{
    mode_t mode = 0;
    va_list ap;

    /* glibc's own test: O_TMPFILE's bits include O_DIRECTORY's */
    if ((flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE) {
        va_start(ap, flags);
        mode = va_arg(ap, mode_t);
        va_end(ap);
    }
    REAL(open);
    if (fail_now("open", __builtin_return_address(0))) {
        errno = ENOENT;
        return -1;
    }
    return real_open(path, flags, mode);
}

ssize_t getrandom(void *buf, size_t n, unsigned int flags)
{
    REAL(getrandom);
    if (fail_now("getrandom", __builtin_return_address(0))) {
        errno = ENOSYS;
        return -1;
    }
    return real_getrandom(buf, n, flags);
}

/* ---- libpcap ---- */

static void set_errbuf(char *errbuf, const char *what)
{
    snprintf(errbuf, PCAP_ERRBUF_SIZE, "%s: injected failure", what);
}

pcap_t *pcap_create(const char *dev, char *errbuf)
{
    REAL(pcap_create);
    if (fail_now("pcap_create", __builtin_return_address(0))) {
        set_errbuf(errbuf, "pcap_create");
        return NULL;
    }
    return real_pcap_create(dev, errbuf);
}

/*
 * The calls that return a status: PCAP_ERROR unless told. A positive STATUS
 * is a warning (pcap_activate()): the call is made and, when it succeeds,
 * answers with the warning instead.
 */
#define STATUS_CALL(name, params, args)                                                            \
    int name params                                                                                \
    {                                                                                              \
        const struct fault *fault = fail_now(#name, __builtin_return_address(0));                  \
        int st;                                                                                    \
                                                                                                   \
        REAL(name);                                                                                \
        if (fault == NULL)                                                                         \
            return real_##name args;                                                               \
        if (status_or(fault, PCAP_ERROR) <= 0)                                                     \
            return status_or(fault, PCAP_ERROR);                                                   \
        st = real_##name args;                                                                     \
        return st == 0 ? status_or(fault, PCAP_ERROR) : st;                                        \
    }

STATUS_CALL(pcap_set_snaplen, (pcap_t * p, int v), (p, v))
STATUS_CALL(pcap_set_promisc, (pcap_t * p, int v), (p, v))
STATUS_CALL(pcap_set_timeout, (pcap_t * p, int v), (p, v))
STATUS_CALL(pcap_set_immediate_mode, (pcap_t * p, int v), (p, v))
STATUS_CALL(pcap_set_buffer_size, (pcap_t * p, int v), (p, v))
STATUS_CALL(pcap_activate, (pcap_t * p), (p))
STATUS_CALL(pcap_setfilter, (pcap_t * p, struct bpf_program *prog), (p, prog))
STATUS_CALL(pcap_stats, (pcap_t * p, struct pcap_stat *s), (p, s))
STATUS_CALL(pcap_dispatch, (pcap_t * p, int n, pcap_handler h, u_char *u), (p, n, h, u))

int pcap_setnonblock(pcap_t *p, int on, char *errbuf)
{
    REAL(pcap_setnonblock);
    if (fail_now("pcap_setnonblock", __builtin_return_address(0))) {
        set_errbuf(errbuf, "pcap_setnonblock");
        return PCAP_ERROR;
    }
    return real_pcap_setnonblock(p, on, errbuf);
}

int pcap_findalldevs(pcap_if_t **all, char *errbuf)
{
    REAL(pcap_findalldevs);
    if (fail_now("pcap_findalldevs", __builtin_return_address(0))) {
        set_errbuf(errbuf, "pcap_findalldevs");
        return PCAP_ERROR;
    }
    return real_pcap_findalldevs(all, errbuf);
}
