/* overview_days.h -- what the report's overview counts besides its
 * metrics periods, one local day at a time, so that the days kept in
 * STATE/cache/figures need not be read again (issue 22): the client's
 * records per input file (Data lineage), and per channel the answered
 * contacts by wait, the abandoned by time to abandon, and the open ones'
 * arrival instants (their age, the backlog, is taken at the report's
 * watermark whenever the report is built, so a kept day never holds a
 * figure that moves with the watermark).
 *
 * File: STATE/cache/figures/<client>/<YYYY-MM-DD>.<signature>.cov, one per
 * month, named by its first local day: "CCSLAOVM", u32 version, the
 * signature of the overview's periods, i64 first day, u32 days, u32
 * blocks, then per kept day: u32 day, its key (SHA-256 of the signature
 * and the identity of the day's UTC partitions, metrics_daycache_range_key),
 * i64 day start and end, u32 files, per file (u32 input file, i64
 * records), per channel the wait and abandon buckets (i64 each), u32 open
 * contacts and their i64 arrival instants; and a CRC-32 of every byte
 * before it. A damaged file is a miss. */
#ifndef CCSLA_OVERVIEW_DAYS_H
#define CCSLA_OVERVIEW_DAYS_H

#include <stddef.h>
#include <stdint.h>

#include "core/contact.h"
#include "report_build.h"

#define OVERVIEW_DAYS_VERSION 1

struct overview_day {
	uint32_t *file_ids;            /* [file_count], in the order first seen; owned */
	int64_t *file_rows;            /* [file_count]; owned */
	size_t file_count, file_cap;
	int64_t waits[CH_COUNT][OVERVIEW_BUCKETS];
	int64_t abandons[CH_COUNT][OVERVIEW_BUCKETS];
	int64_t *open_at[CH_COUNT];    /* [open_count[ch]]: arrival of each open contact; owned */
	size_t open_count[CH_COUNT], open_cap[CH_COUNT];
};

void overview_day_release(struct overview_day *d);

/* One record of the day from input file f: 0, or -1 when out of memory. */
int overview_day_add_file(struct overview_day *d, uint32_t f);
/* One offered contact of channel ch in its overview population, whose
 * wait thresholds are T/2, T, 2T, 4T (T threshold_s). 0, or -1. */
int overview_day_add_profile(struct overview_day *d, int ch, int32_t threshold_s, const struct contact *ct);

/* Adds d into the report's per-file records (files past reg_count are
 * not counted) and its channels' profiles, the backlog at watermark_ms. */
void overview_day_merge(const struct overview_day *d, uint32_t *file_rows, size_t reg_count,
                        struct overview_channel *prof, int64_t watermark_ms);

/* The month of n local days from first_day: its days at [d], with key
 * keys[d] (keyed[d] set) and bounds[d], taken from the file of signature
 * sig into days[d] (kept[d] set, days[d] empty before): how many. */
size_t overview_days_load(const char *state_dir, const char *client, int64_t first_day, size_t n,
                          const unsigned char sig[32], unsigned char (*keys)[32], const uint8_t *keyed,
                          int64_t (*bounds)[2], uint8_t *kept, struct overview_day *days);
/* Writes the file with the days keep[d] names: 0, or -1 (costs time only). */
int overview_days_save(const char *state_dir, const char *client, int64_t first_day, size_t n,
                       const unsigned char sig[32], unsigned char (*keys)[32], int64_t (*bounds)[2],
                       const uint8_t *keep, const struct overview_day *days);

#endif
