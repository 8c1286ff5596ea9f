/* cachefile.h -- the files of STATE/cache: what ccsla keeps only to go
 * faster (reports/compose/evidence_cache.h, metrics/metrics_daycache.h).
 *
 * A cache file is never the only copy of anything: each one ends with a
 * CRC and names what it was made from, and a file that is missing, torn,
 * damaged or of other inputs is a miss that costs time, never an error.
 * So a cache file is written as a temporary renamed into place, but it is
 * neither fsynced nor a durable step of a run (core/crashpoint.h).
 *
 * Layout: STATE/cache/<kind>/<client>/<YYYY-MM-DD><rest>, one file a day
 * (its name starts with the day it holds). A link planted in the state is
 * never followed: a cache folder that is a link is neither read, written
 * nor pruned, and a file that is a link is not read. */
#ifndef CCSLA_CACHEFILE_H
#define CCSLA_CACHEFILE_H

#include <stddef.h>
#include <stdint.h>

/* STATE/cache/<kind>/<client>/<YYYY-MM-DD><suffix> for the date `days`
 * (days since 1970-01-01). */
void cachefile_path(char *buf, size_t size, const char *state_dir, const char *kind, const char *client,
                    int64_t days, const char *suffix);

/* 1 when none of STATE/cache, cache/<kind> and (client not NULL) the
 * client's folder is a link or a file; a folder not there yet is fine. */
int cachefile_dirs_ok(const char *state_dir, const char *kind, const char *client);

/* Reads the regular file at path, not a link, whole into *data (owned by
 * the caller; size > 0): 0, else -1 (a miss). */
int cachefile_read(const char *path, char **data, size_t *size);

/* Writes data as path: a temporary file beside it, renamed (parent
 * folders made). 0, or -1 when it cannot (the caller goes on without). */
int cachefile_write(const char *path, const void *data, size_t size);

/* An entry being made: little-endian integers and bytes appended; a
 * failed allocation fails the whole entry (failed), never one field. */
struct cache_out {
	unsigned char *data;           /* owned: free it */
	size_t len, cap;
	int failed;
};
void cache_out_bytes(struct cache_out *o, const void *src, size_t n);
void cache_out_u32(struct cache_out *o, uint32_t v);
void cache_out_u64(struct cache_out *o, uint64_t v);
/* Appends the CRC-32 of every byte before it and writes the entry as path
 * (cachefile_write); frees o's data. 0, or -1. */
int cache_out_write(struct cache_out *o, const char *path);

/* An entry being read: every read past its end fails it (failed). */
struct cache_in {
	const unsigned char *p, *end;
	int failed;
};
uint32_t cache_in_u32(struct cache_in *in);
uint64_t cache_in_u64(struct cache_in *in);
/* Reads the entry at path (cachefile_read) into *data (owned by the
 * caller) when it starts with magic (8 bytes), version and key (32 bytes)
 * and its CRC-32 holds: 1 with in set between the key and the CRC, else 0
 * (a miss; *data NULL). */
int cache_in_open(const char *path, const char *magic, uint32_t version, const unsigned char key[32], char **data,
                  struct cache_in *in);

/* Removes the files of cache/<kind> whose day is before before_day (days
 * since 1970-01-01), and the temporaries a crash left of them; a client
 * folder left empty goes too. Other files are left alone. The number
 * removed, or -1 when the cache cannot be read. */
long cachefile_prune(const char *state_dir, const char *kind, int64_t before_day);

#endif
