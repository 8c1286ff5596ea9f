/* overview_days.c -- the overview's per-day counts besides its metrics
 * periods, kept in STATE/cache/figures (overview_days.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/cachefile.h"
#include "core/timefmt.h"
#include "overview_days.h"

#define MAGIC "CCSLAOVD"

static const int64_t ABANDON_EDGES_S[OVERVIEW_BUCKETS - 1] = OVERVIEW_ABANDON_EDGES_S;
static const int64_t BACKLOG_EDGES_S[OVERVIEW_BUCKETS - 1] = OVERVIEW_BACKLOG_EDGES_S;

/* Bucket of v against ascending edges[OVERVIEW_BUCKETS - 1] (each the
 * inclusive upper end of its bucket). */
static int bucket(int64_t v, const int64_t *edges)
{
	int k;

	for (k = 0; k < OVERVIEW_BUCKETS - 1 && v > edges[k]; k++)
		;
	return k;
}

void overview_day_release(struct overview_day *d)
{
	free(d->file_ids);
	free(d->file_rows);
	for (int ch = 0; ch < CH_COUNT; ch++)
		free(d->open_at[ch]);
	memset(d, 0, sizeof *d);
}

int overview_day_add_file(struct overview_day *d, uint32_t f)
{
	size_t i;

	/* a day's records come from few files, mostly the last one seen */
	if (d->file_count && d->file_ids[d->file_count - 1] == f) {
		d->file_rows[d->file_count - 1]++;
		return 0;
	}
	for (i = 0; i < d->file_count; i++)
		if (d->file_ids[i] == f) {
			d->file_rows[i]++;
			return 0;
		}
	if (d->file_count == d->file_cap) {
		size_t cap = d->file_cap ? 2 * d->file_cap : 8;
		uint32_t *ids = realloc(d->file_ids, cap * sizeof *ids);
		int64_t *rows;

		if (!ids)
			return -1;
		d->file_ids = ids;
		if (!(rows = realloc(d->file_rows, cap * sizeof *rows)))
			return -1;
		d->file_rows = rows;
		d->file_cap = cap;
	}
	d->file_ids[d->file_count] = f;
	d->file_rows[d->file_count++] = 1;
	return 0;
}

int overview_day_add_profile(struct overview_day *d, int ch, int32_t threshold_s, const struct contact *ct)
{
	int64_t t = threshold_s > 0 ? threshold_s : 20;
	const int64_t wait_edges[OVERVIEW_BUCKETS - 1] = { t / 2, t, 2 * t, 4 * t };

	if (ct->outcome == OUT_ANSWERED && ct->answered_at_ms != TIME_NONE) {
		d->waits[ch][bucket((ct->answered_at_ms - ct->arrived_at_ms) / 1000, wait_edges)]++;
	} else if (ct->outcome == OUT_ABANDONED && ct->ended_at_ms != TIME_NONE) {
		d->abandons[ch][bucket((ct->ended_at_ms - ct->arrived_at_ms) / 1000, ABANDON_EDGES_S)]++;
	} else if (ct->outcome == OUT_OPEN) {
		if (d->open_count[ch] == d->open_cap[ch]) {
			size_t cap = d->open_cap[ch] ? 2 * d->open_cap[ch] : 16;
			int64_t *grown = realloc(d->open_at[ch], cap * sizeof *grown);

			if (!grown)
				return -1;
			d->open_at[ch] = grown;
			d->open_cap[ch] = cap;
		}
		d->open_at[ch][d->open_count[ch]++] = ct->arrived_at_ms;
	}
	return 0;
}

void overview_day_merge(const struct overview_day *d, uint32_t *file_rows, size_t reg_count,
                        struct overview_channel *prof, int64_t watermark_ms)
{
	for (size_t i = 0; i < d->file_count; i++)
		if (d->file_ids[i] <= reg_count)
			file_rows[d->file_ids[i]] += (uint32_t)d->file_rows[i];
	for (int ch = 0; ch < CH_COUNT; ch++) {
		for (int k = 0; k < OVERVIEW_BUCKETS; k++) {
			prof[ch].waits[k] += d->waits[ch][k];
			prof[ch].abandons[k] += d->abandons[ch][k];
		}
		/* open by age at the data's cut-off */
		for (size_t i = 0; i < d->open_count[ch]; i++)
			if (watermark_ms != TIME_NONE && watermark_ms >= d->open_at[ch][i])
				prof[ch].backlog[bucket((watermark_ms - d->open_at[ch][i]) / 1000, BACKLOG_EDGES_S)]++;
	}
}

/* ---- the file ---- */

static void file_path(char *buf, size_t size, const char *state_dir, const char *client, int64_t first_day,
                      const unsigned char sig[32])
{
	char suffix[32];

	snprintf(suffix, sizeof suffix, ".%02x%02x%02x%02x%02x%02x%02x%02x.cov", sig[0], sig[1], sig[2], sig[3], sig[4],
	         sig[5], sig[6], sig[7]);
	cachefile_path(buf, size, state_dir, "figures", client, first_day, suffix);
}

int overview_days_save(const char *state_dir, const char *client, int64_t first_day, size_t n,
                       const unsigned char sig[32], unsigned char (*keys)[32], int64_t (*bounds)[2],
                       const uint8_t *keep, const struct overview_day *days)
{
	struct cache_out o = { 0 };
	char path[4200];
	uint32_t blocks = 0;

	if (!cachefile_dirs_ok(state_dir, "figures", client))
		return -1;
	for (size_t d = 0; d < n; d++)
		blocks += keep[d] != 0;
	cache_out_bytes(&o, MAGIC, 8);
	cache_out_u32(&o, OVERVIEW_DAYS_VERSION);
	cache_out_bytes(&o, sig, 32);
	cache_out_u64(&o, (uint64_t)first_day);
	cache_out_u32(&o, (uint32_t)n);
	cache_out_u32(&o, blocks);
	for (size_t d = 0; d < n; d++) {
		const struct overview_day *od = &days[d];

		if (!keep[d])
			continue;
		cache_out_u32(&o, (uint32_t)d);
		cache_out_bytes(&o, keys[d], 32);
		cache_out_u64(&o, (uint64_t)bounds[d][0]);
		cache_out_u64(&o, (uint64_t)bounds[d][1]);
		cache_out_u32(&o, (uint32_t)od->file_count);
		for (size_t i = 0; i < od->file_count; i++) {
			cache_out_u32(&o, od->file_ids[i]);
			cache_out_u64(&o, (uint64_t)od->file_rows[i]);
		}
		for (int ch = 0; ch < CH_COUNT; ch++) {
			for (int k = 0; k < OVERVIEW_BUCKETS; k++)
				cache_out_u64(&o, (uint64_t)od->waits[ch][k]);
			for (int k = 0; k < OVERVIEW_BUCKETS; k++)
				cache_out_u64(&o, (uint64_t)od->abandons[ch][k]);
			cache_out_u32(&o, (uint32_t)od->open_count[ch]);
			for (size_t i = 0; i < od->open_count[ch]; i++)
				cache_out_u64(&o, (uint64_t)od->open_at[ch][i]);
		}
	}
	file_path(path, sizeof path, state_dir, client, first_day, sig);
	return cache_out_write(&o, path);
}

/* One day's block at r into *od: 0, or -1 when it cannot be read. */
static int get_day(struct cache_in *r, struct overview_day *od)
{
	size_t n = cache_in_u32(r);

	memset(od, 0, sizeof *od);
	if (r->failed || n > (size_t)(r->end - r->p) / 12)
		return -1;
	if (n && (!(od->file_ids = malloc(n * sizeof *od->file_ids)) || !(od->file_rows = malloc(n * sizeof *od->file_rows))))
		return -1;
	od->file_count = od->file_cap = n;
	for (size_t i = 0; i < n; i++) {
		od->file_ids[i] = cache_in_u32(r);
		od->file_rows[i] = (int64_t)cache_in_u64(r);
	}
	for (int ch = 0; ch < CH_COUNT; ch++) {
		for (int k = 0; k < OVERVIEW_BUCKETS; k++)
			od->waits[ch][k] = (int64_t)cache_in_u64(r);
		for (int k = 0; k < OVERVIEW_BUCKETS; k++)
			od->abandons[ch][k] = (int64_t)cache_in_u64(r);
		n = cache_in_u32(r);
		if (r->failed || n > (size_t)(r->end - r->p) / 8)
			return -1;
		if (n && !(od->open_at[ch] = malloc(n * sizeof *od->open_at[ch])))
			return -1;
		od->open_count[ch] = od->open_cap[ch] = n;
		for (size_t i = 0; i < n; i++)
			od->open_at[ch][i] = (int64_t)cache_in_u64(r);
	}
	return r->failed ? -1 : 0;
}

size_t overview_days_load(const char *state_dir, const char *client, int64_t first_day, size_t n,
                          const unsigned char sig[32], unsigned char (*keys)[32], const uint8_t *keyed,
                          int64_t (*bounds)[2], uint8_t *kept, struct overview_day *days)
{
	char path[4200], *data = NULL;
	struct cache_in r;
	size_t count = 0;
	uint32_t blocks;

	file_path(path, sizeof path, state_dir, client, first_day, sig);
	if (!cachefile_dirs_ok(state_dir, "figures", client) ||
	    !cache_in_open(path, MAGIC, OVERVIEW_DAYS_VERSION, sig, &data, &r))
		return 0;
	if ((int64_t)cache_in_u64(&r) == first_day && cache_in_u32(&r) == n) {
		blocks = cache_in_u32(&r);
		for (uint32_t b = 0; !r.failed && b < blocks; b++) {
			size_t d = cache_in_u32(&r);
			const unsigned char *key = r.p;
			struct overview_day od = { 0 };
			int64_t from, to;

			r.p += r.end - r.p >= 32 ? 32 : 0;
			from = (int64_t)cache_in_u64(&r);
			to = (int64_t)cache_in_u64(&r);
			if (r.failed || d >= n || get_day(&r, &od) < 0) {
				overview_day_release(&od);
				break; /* the rest cannot be found */
			}
			if (keyed[d] && !kept[d] && memcmp(key, keys[d], 32) == 0 && from == bounds[d][0] && to == bounds[d][1]) {
				overview_day_release(&days[d]);
				days[d] = od;
				kept[d] = 1;
				count++;
			} else {
				overview_day_release(&od);
			}
		}
	}
	free(data);
	return count;
}
