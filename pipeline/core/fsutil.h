/* fsutil.h -- files written atomically, directories made, files hashed.
 *
 * Every output of ccsla is written to "<path>.tmp.<pid>", flushed, fsynced
 * and renamed over <path>, so a reader sees the old file or the new one,
 * never half of one. */
#ifndef CCSLA_FSUTIL_H
#define CCSLA_FSUTIL_H

#include <stdio.h>
#include <stdint.h>

#include "error.h"

struct atomic_file {
	FILE *fp;            /* write here */
	char path[4096];     /* final name */
	char tmp_path[4096]; /* temporary name, removed on abort */
};

/* Opens a temporary file beside path (creating parent directories). */
int atomic_open(struct atomic_file *af, const char *path, struct ccsla_error *err);
/* Flushes, fsyncs and renames into place; closes in every case. */
int atomic_commit(struct atomic_file *af, struct ccsla_error *err);
/* The same without the fsync, for a caller that has already made the
 * file's bytes durable (a syncfs over many files, see partw.c). */
int atomic_commit_synced(struct atomic_file *af, struct ccsla_error *err);
/* Closes and removes the temporary file. Safe to call twice. */
void atomic_abort(struct atomic_file *af);

/* Writes a whole buffer to path atomically. */
int atomic_write(const char *path, const void *data, size_t size, struct ccsla_error *err);

/* mkdir -p; 0 on success. */
int mkdir_p(const char *path, struct ccsla_error *err);

/* SHA-256 of a file as 64 lowercase hex digits plus NUL. */
int sha256_file_hex(const char *path, char hex[65], struct ccsla_error *err);
/* SHA-256 of a buffer as hex. */
void sha256_hex(const void *data, size_t size, char hex[65]);

/* Reads a whole file into a malloc'd buffer (NUL-terminated; *size excludes
 * the NUL). The caller frees *data. */
int read_file(const char *path, char **data, size_t *size, struct ccsla_error *err);

/* rm -r; 0 when path is gone afterwards (also when it never existed). */
int remove_tree(const char *path);
/* 1 when path exists (as anything), else 0. */
int path_exists(const char *path);

#endif
