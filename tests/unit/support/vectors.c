/* SPDX-License-Identifier: BSD-2-Clause */
/* \summary: loading the .bin files of tests/vectors/clc */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "smctest.h"

#ifndef SMCCLC_VECTORS_DIR
#define SMCCLC_VECTORS_DIR "tests/vectors"
#endif

const char *smcclc_vec_dir(void)
{
    const char *env = getenv("SMCCLC_VECTORS_DIR");

    return env != NULL && env[0] != '\0' ? env : SMCCLC_VECTORS_DIR;
}

static bool has_bin_suffix(const char *name, size_t *stem)
{
    size_t n = strlen(name);

    if (n < 5 || strcmp(name + n - 4, ".bin") != 0)
        return false;
    *stem = n - 4;
    return true;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp((const char *)a, (const char *)b);
}

size_t smcclc_vec_list(char (*names)[SMCCLC_VEC_NAME_MAX], size_t cap)
{
    char path[512];
    struct dirent *de;
    size_t n = 0, stem;
    DIR *dir;

    snprintf(path, sizeof(path), "%s/clc", smcclc_vec_dir());
    dir = opendir(path);
    if (dir == NULL)
        return 0;
    while ((de = readdir(dir)) != NULL && n < cap) {
        if (!has_bin_suffix(de->d_name, &stem) || stem >= SMCCLC_VEC_NAME_MAX)
            continue;
        memcpy(names[n], de->d_name, stem);
        names[n][stem] = '\0';
        n++;
    }
    closedir(dir);
    qsort(names, n, sizeof(names[0]), cmp_names);
    return n;
}

/* A unique prefix ("02_") is enough to name a vector in a test. */
static bool resolve(const char *name, char *out)
{
    char names[SMCCLC_VEC_LIST_MAX][SMCCLC_VEC_NAME_MAX];
    size_t n = smcclc_vec_list(names, SMCCLC_VEC_LIST_MAX), i, hits = 0, plen = strlen(name);

    for (i = 0; i < n; i++) {
        if (strcmp(names[i], name) == 0) {
            strcpy(out, names[i]);
            return true;
        }
    }
    for (i = 0; i < n; i++) {
        if (strncmp(names[i], name, plen) == 0) {
            strcpy(out, names[i]);
            hits++;
        }
    }
    return hits == 1;
}

bool smcclc_vec_load(const char *name, struct smcclc_vec *v)
{
    char path[768];
    FILE *f;
    size_t n;

    memset(v, 0, sizeof(*v));
    if (strlen(name) >= SMCCLC_VEC_NAME_MAX || !resolve(name, v->name))
        return false;
    snprintf(path, sizeof(path), "%s/clc/%s.bin", smcclc_vec_dir(), v->name);
    f = fopen(path, "rb");
    if (f == NULL)
        return false;
    n = fread(v->bytes, 1, sizeof(v->bytes), f);
    /* A file that fills the buffer may be longer than we can hold. */
    if (n == sizeof(v->bytes) || ferror(f)) {
        fclose(f);
        return false;
    }
    fclose(f);
    v->len = n;
    return true;
}

size_t smcclc_vec_load_at(const char *name, struct smcclc_vec *v, const char *file, int line)
{
    if (!smcclc_vec_load(name, v)) {
        print_error("cannot load vector %s from %s/clc\n", name, smcclc_vec_dir());
        _fail(file, line);
    }
    return v->len;
}
