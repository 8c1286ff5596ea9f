/* landing.h -- the files waiting in the landing directory.
 *
 * The nightly job reads every regular file in the landing directory whose
 * name ends in one of the accepted suffixes, in name order. A file that is
 * still being written is skipped until the next run: its size or mtime
 * changed between the listing and the moment it is read, or it was
 * modified less than `settle_s` seconds before the listing. */
#ifndef CCSLA_LANDING_H
#define CCSLA_LANDING_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "core/error.h"

struct landing_file {
	char path[4096];
	char name[256];
	int64_t size;
	int64_t mtime_ns;
};

struct landing_list {
	struct landing_file *files; /* sorted by name; owned */
	size_t count;
};

/* Lists DIR/ *suffix (suffix e.g. ".csv.gz"). */
int landing_list(struct landing_list *out, const char *dir, const char *suffix,
                 struct ccsla_error *err);
void landing_free(struct landing_list *list);

/* 1 when the file is unchanged since it was listed and older than settle_s
 * seconds at `now`; 0 when it is still being written; -1 when it is gone. */
int landing_is_stable(const struct landing_file *f, time_t now, int settle_s);

/* Moves f to DIR/DAY/<name> (DAY "YYYY-MM-DD"), creating the folders;
 * a name already there gets ".2", ".3", ... A rename when DIR is on the
 * same file system, else a copy (fsynced, then renamed into place) and
 * the removal of f. The path it went to is written into dest. */
int landing_archive(const struct landing_file *f, const char *dir, const char *day, char *dest,
                    size_t size, struct ccsla_error *err);

#endif
