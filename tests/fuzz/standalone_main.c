/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * \summary: replays fuzz inputs through a target without libFuzzer
 *
 * Linked instead of libFuzzer's main in ordinary (gcc, ASan) builds, so every
 * fuzz target is also a regression test: each argument is a file or a
 * directory of files, and each file is passed once to LLVMFuzzerTestOneInput.
 */
/* scandir() and alphasort() are POSIX.1-2008, hidden by -std=c11. */
#define _DEFAULT_SOURCE
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned long replayed;

static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    uint8_t *data;
    long size;

    if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 ||
        fseek(f, 0, SEEK_SET) != 0) {
        perror(path);
        if (f != NULL)
            fclose(f);
        return 1;
    }
    /* malloc(0) may return NULL; the target must still see a valid pointer. */
    data = malloc(size > 0 ? (size_t)size : 1);
    if (data == NULL || fread(data, 1, (size_t)size, f) != (size_t)size) {
        perror(path);
        free(data);
        fclose(f);
        return 1;
    }
    fclose(f);
    LLVMFuzzerTestOneInput(data, (size_t)size);
    free(data);
    replayed++;
    return 0;
}

static int run_path(const char *path)
{
    struct stat st;
    struct dirent **names;
    int n, i, failures = 0;

    if (stat(path, &st) != 0) {
        perror(path);
        return 1;
    }
    if (!S_ISDIR(st.st_mode))
        return run_file(path);
    /* Sorted, so a crash is reproducible by position too. */
    n = scandir(path, &names, NULL, alphasort);
    if (n < 0) {
        perror(path);
        return 1;
    }
    for (i = 0; i < n; i++) {
        if (names[i]->d_name[0] != '.') {
            char child[4096];
            snprintf(child, sizeof(child), "%s/%s", path, names[i]->d_name);
            failures += run_path(child);
        }
        free(names[i]);
    }
    free(names);
    return failures;
}

int main(int argc, char **argv)
{
    int i, failures = 0;

    for (i = 1; i < argc; i++)
        failures += run_path(argv[i]);
    printf("replayed %lu inputs, %d unreadable\n", replayed, failures);
    return failures == 0 ? 0 : 1;
}
