/* metrics_daycache.h -- the figures of one local day of one population,
 * kept so that a month is the merge of its days and only the days whose
 * data changed are measured again (issue 22).
 *
 * Every draft measures each SLA over its month so far, so without this the
 * last night of a month read the whole month again for every SLA of every
 * client. What a period holds is additive per local day: the day's counts
 * (its answered waits, sorted, when percentiles are kept), its intervals,
 * and the contacts each exclusion window removed on it; the period's total
 * is the merge of its days (metrics_merge; a percentile of the merged
 * waits is the one of the whole month). So metrics_period_run, when
 * p->day_cache is set, takes a day from STATE/cache/figures when an entry
 * made of the same inputs is there, reads the store only from the first
 * day it does not have, and keeps the days it measured that are settled.
 *
 * Layout: STATE/cache/figures/<client>/<YYYY-MM-DD>.<population>.cfd, one
 * file per population and period, named by the period's first local day
 * (population: 16 hex digits of the signature), so that a night writes one
 * file per population, not one per day (a file costs more to create than
 * a day's counts to write):
 *   "CCSLAFIM", u32 version, the signature, i64 first day, u32 days,
 *   u32 blocks, then per kept day: u32 day, its key (SHA-256), i64
 *   watermark, i64 day start, i64 day end, u32 intervals, u32 windows, the
 *   day's counts, each interval (i64 start, i32 offset, counts), each
 *   window (u32 index, i64 contacts); and a CRC-32 of every byte before
 *   it. Counts are the 31 integers of struct metric_counts in order, then
 *   u64 waits and the waits. Integers are little-endian.
 *
 * The signature (metrics_daycache_signature) names the population: every
 * parameter, the filter, the calendar (service hours, holidays, exclusion
 * windows), the zone and the SHA-256 of its TZif file, the intervals and
 * which counts keep waits. The key adds the day's bounds and the identity
 * (stamp, inode, time) of every UTC partition the day's figures read: the
 * day itself and, for repeat FCR, the window's look-ahead after it.
 *
 * Settled: a day is kept only when no figure of it can still change with
 * more data, that is none of its open contacts is pending and none of its
 * repeat-FCR outcomes is provisional at the watermark it was measured at;
 * both only ever settle as the watermark grows, so an entry is used at
 * that watermark or a later one, never an earlier. A day that starts after
 * the watermark is not kept (it has no data to measure). A damaged entry is a
 * miss, never an error, and removing STATE/cache is always safe. */
#ifndef CCSLA_METRICS_DAYCACHE_H
#define CCSLA_METRICS_DAYCACHE_H

#include <stddef.h>
#include <stdint.h>

#include "metrics.h"

#define METRICS_DAYCACHE_VERSION 1

/* The signature of p's population: 0, or -1 when the digest fails. */
int metrics_daycache_signature(const struct metrics_period *p, unsigned char sig[32]);

/* The identities of a client's UTC partitions (store_partition_identity)
 * of the days from from_ms to last_ms, read once for every key of a pass. */
struct daycache_parts {
	int64_t first;                /* UTC day of id[0], days since 1970-01-01 */
	size_t n;
	char (*id)[160];              /* [n]; owned */
};
int daycache_parts_read(struct daycache_parts *pt, const char *state_dir, const char *client, int64_t from_ms,
                        int64_t last_ms);
void daycache_parts_release(struct daycache_parts *pt);

/* The key of a client's contacts of [from, to), with look_ms after it, as
 * measured by a population with signature sig: 1 with key set, 0 when a
 * partition it reads cannot be read or is not in pt. */
int metrics_daycache_range_key(const unsigned char sig[32], const char *client, const struct daycache_parts *pt,
                               int64_t from, int64_t to, int64_t look_ms, unsigned char key[32]);
/* Day d of p: its local bounds, clipped to the period. */
void metrics_daycache_day_bounds(const struct metrics_period *p, size_t d, int64_t *from, int64_t *to);
/* The keys of p's days under p->day_sig (keyed[d] 0: day d's partitions
 * cannot be read, so it is measured and not kept): 0, or -1 when out of
 * memory. */
int metrics_daycache_keys(const struct metrics_period *p, const char *state_dir, const char *client,
                          unsigned char (*keys)[32], uint8_t *keyed);

/* Puts the days of p's file whose key is p->day_keys[d] and that were made
 * at or before p's watermark into p (days[d], its intervals, its window
 * counts, merged into the total; day_kept[d] set): how many, or -1 when
 * out of memory half-way (p's total is then wrong: the run fails). A
 * damaged file is a miss. */
int metrics_daycache_load(struct metrics_period *p, const char *state_dir, const char *client);

/* 1 when day d of p, measured, can be kept (see Settled above). */
int metrics_daycache_settled(const struct metrics_period *p, size_t d);

/* Writes p's file with the days keep[d] names, under p->day_keys: 0, or
 * -1 when it cannot (costs time only). */
int metrics_daycache_save(const struct metrics_period *p, const char *state_dir, const char *client,
                          const uint8_t *keep);

/* Removes the files of periods that start before before_day (cachefile_prune). */
long metrics_daycache_prune(const char *state_dir, int64_t before_day);

#endif
