/* metrics_daycache.c -- one local day's figures of one population, kept
 * in STATE/cache/figures (metrics_daycache.h). */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "core/cachefile.h"
#include "core/store.h"
#include "core/timefmt.h"
#include "metrics_daycache.h"

#define MAGIC "CCSLAFIM"
#define COUNT_FIELDS 31 /* the int64_t fields of struct metric_counts, before its waits */

/* A field added to struct metric_counts must be added to the entry (and
 * METRICS_DAYCACHE_VERSION bumped): this stops the build until it is. */
_Static_assert(offsetof(struct metric_counts, waits) == COUNT_FIELDS * sizeof(int64_t),
               "struct metric_counts changed: update COUNT_FIELDS and METRICS_DAYCACHE_VERSION");

/* ---- the signature and the key ---- */

static void sha_i64(EVP_MD_CTX *md, const char *label, int64_t v)
{
	char buf[96];
	int n = snprintf(buf, sizeof buf, "%s=%lld\n", label, (long long)v);

	EVP_DigestUpdate(md, buf, (size_t)n);
}

static void sha_text(EVP_MD_CTX *md, const char *label, const char *text)
{
	EVP_DigestUpdate(md, label, strlen(label));
	EVP_DigestUpdate(md, "=", 1);
	EVP_DigestUpdate(md, text, strlen(text));
	EVP_DigestUpdate(md, "\n", 1);
}

static void sha_calendar(EVP_MD_CTX *md, const char *label, const struct calendar *cal)
{
	sha_text(md, label, cal ? "present" : "none");
	if (!cal)
		return;
	sha_i64(md, "has_hours", cal->has_hours);
	for (int w = 0; w < 7; w++) {
		sha_i64(md, "ranges", cal->range_count[w]);
		for (int r = 0; r < cal->range_count[w] && r < CAL_MAX_RANGES; r++) {
			sha_i64(md, "from", cal->hours[w][r].from_min);
			sha_i64(md, "to", cal->hours[w][r].to_min);
		}
	}
	sha_i64(md, "holidays", (int64_t)cal->holiday_count);
	for (size_t i = 0; i < cal->holiday_count; i++)
		sha_i64(md, "holiday", cal->holidays[i]);
	sha_i64(md, "exclusions", (int64_t)cal->exclusion_count);
	for (size_t i = 0; i < cal->exclusion_count; i++) {
		sha_i64(md, "from_ms", cal->exclusions[i].from_ms);
		sha_i64(md, "to_ms", cal->exclusions[i].to_ms);
	}
}

int metrics_daycache_signature(const struct metrics_period *p, unsigned char sig[32])
{
	const struct metric_params *m = &p->params;
	const struct metrics_filter *f = &p->filter;
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	unsigned int len = 0;
	int ok;

	if (!md || !EVP_DigestInit_ex(md, EVP_sha256(), NULL)) {
		EVP_MD_CTX_free(md);
		return -1;
	}
	sha_i64(md, "ccsla figures cache", METRICS_DAYCACHE_VERSION);
	sha_text(md, "zone", tz_name(p->zone));
	sha_text(md, "zone_rules", tz_rules_sha256(p->zone));
	sha_i64(md, "interval_min", p->interval_min);
	sha_i64(md, "interval_waits", p->interval_waits);
	sha_i64(md, "threshold_s", m->threshold_s);
	sha_i64(md, "short_abandon_s", m->short_abandon_s);
	sha_i64(md, "abandons", m->abandons);
	sha_i64(md, "callbacks", m->callbacks);
	sha_i64(md, "overflow", m->overflow);
	sha_i64(md, "clock", m->clock);
	sha_i64(md, "fcr", m->fcr);
	sha_i64(md, "fcr_window_days", m->fcr_window_days);
	sha_i64(md, "keep_waits", m->keep_waits);
	sha_calendar(md, "clock_calendar", m->clock == CLOCK_SERVICE_HOURS ? m->cal : NULL);
	sha_i64(md, "direction", f->direction);
	sha_i64(md, "channels", f->channels);
	sha_i64(md, "queues", f->queues ? (int64_t)f->queue_count : -1);
	for (size_t i = 0; f->queues && i < f->queue_count; i++)
		sha_text(md, "queue", f->queues[i]);
	sha_i64(md, "service_hours_only", f->service_hours_only);
	sha_calendar(md, "filter_calendar", f->cal);
	ok = EVP_DigestFinal_ex(md, sig, &len) && len == 32;
	EVP_MD_CTX_free(md);
	return ok ? 0 : -1;
}

void metrics_daycache_day_bounds(const struct metrics_period *p, size_t d, int64_t *from, int64_t *to)
{
	*from = tz_local_day_start(p->zone, p->first_day + (int64_t)d);
	*to = tz_local_day_start(p->zone, p->first_day + (int64_t)d + 1);
	if (*from < p->from_ms)
		*from = p->from_ms;
	if (*to > p->to_ms)
		*to = p->to_ms;
}

int daycache_parts_read(struct daycache_parts *pt, const char *state_dir, const char *client, int64_t from_ms,
                        int64_t last_ms)
{
	memset(pt, 0, sizeof *pt);
	pt->first = floor_div(from_ms, MS_PER_DAY);
	pt->n = (size_t)(floor_div(last_ms, MS_PER_DAY) - pt->first + 1);
	if (!(pt->id = calloc(pt->n, sizeof *pt->id)))
		return -1;
	for (size_t i = 0; i < pt->n; i++) {
		char path[4200];

		store_partition_path(path, sizeof path, state_dir, client, (pt->first + (int64_t)i) * MS_PER_DAY);
		store_partition_identity(path, pt->id[i], sizeof pt->id[i]);
	}
	return 0;
}

void daycache_parts_release(struct daycache_parts *pt)
{
	free(pt->id);
	memset(pt, 0, sizeof *pt);
}

int metrics_daycache_range_key(const unsigned char sig[32], const char *client, const struct daycache_parts *pt,
                               int64_t from, int64_t to, int64_t look_ms, unsigned char key[32])
{
	int64_t u0 = floor_div(from, MS_PER_DAY), u1 = floor_div(to - 1 + look_ms, MS_PER_DAY);
	EVP_MD_CTX *md;
	unsigned int len = 0;
	int ok = u0 >= pt->first && u1 < pt->first + (int64_t)pt->n;

	if (!ok || !(md = EVP_MD_CTX_new()))
		return 0;
	if (!EVP_DigestInit_ex(md, EVP_sha256(), NULL)) {
		EVP_MD_CTX_free(md);
		return 0;
	}
	EVP_DigestUpdate(md, sig, 32);
	sha_text(md, "client", client);
	sha_i64(md, "from", from);
	sha_i64(md, "to", to);
	/* every UTC partition a contact of the day, or one that decides a
	 * repeat-FCR outcome of it, can be in */
	for (int64_t u = u0; ok && u <= u1; u++) {
		const char *id = pt->id[u - pt->first];

		ok = strcmp(id, "unreadable") != 0;
		sha_text(md, "partition", id);
	}
	ok = EVP_DigestFinal_ex(md, key, &len) && len == 32 && ok;
	EVP_MD_CTX_free(md);
	return ok;
}

static int64_t look_ms(const struct metrics_period *p)
{
	return p->params.fcr == FCR_REPEAT ? (int64_t)p->params.fcr_window_days * MS_PER_DAY : 0;
}

int metrics_daycache_keys(const struct metrics_period *p, const char *state_dir, const char *client,
                          unsigned char (*keys)[32], uint8_t *keyed)
{
	struct daycache_parts pt;

	if (daycache_parts_read(&pt, state_dir, client, p->from_ms, p->to_ms - 1 + look_ms(p)) < 0)
		return -1;
	for (size_t d = 0; d < p->day_count; d++) {
		int64_t from, to;

		metrics_daycache_day_bounds(p, d, &from, &to);
		keyed[d] = (uint8_t)metrics_daycache_range_key(p->day_sig, client, &pt, from, to, look_ms(p), keys[d]);
	}
	daycache_parts_release(&pt);
	return 0;
}

/* ---- the file ---- */

static void file_path(char *buf, size_t size, const struct metrics_period *p, const char *state_dir,
                      const char *client)
{
	const unsigned char *sig = p->day_sig;
	char suffix[32];

	snprintf(suffix, sizeof suffix, ".%02x%02x%02x%02x%02x%02x%02x%02x.cfd", sig[0], sig[1], sig[2], sig[3], sig[4],
	         sig[5], sig[6], sig[7]);
	cachefile_path(buf, size, state_dir, "figures", client, p->first_day, suffix);
}

/* The intervals of day d: [*first, *first + *n). Days follow each other
 * in p->intervals. */
static void day_intervals(const struct metrics_period *p, size_t d, size_t *first, size_t *n)
{
	size_t i = 0;

	while (i < p->interval_count && p->intervals[i].day < d)
		i++;
	*first = i;
	while (i < p->interval_count && p->intervals[i].day == d)
		i++;
	*n = i - *first;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* The counts, their waits in ascending order (the order never changes a
 * figure: each percentile sorts them). */
static void put_counts(struct cache_out *o, const struct metric_counts *c)
{
	int64_t *sorted = NULL;

	for (int i = 0; i < COUNT_FIELDS; i++) {
		int64_t v;

		memcpy(&v, (const unsigned char *)c + (size_t)i * sizeof v, sizeof v);
		cache_out_u64(o, (uint64_t)v);
	}
	cache_out_u64(o, c->waits.count);
	if (!c->waits.count)
		return;
	if (!c->waits.sorted) {
		if (!(sorted = malloc(c->waits.count * sizeof *sorted))) {
			o->failed = 1;
			return;
		}
		memcpy(sorted, c->waits.ms, c->waits.count * sizeof *sorted);
		qsort(sorted, c->waits.count, sizeof *sorted, cmp_i64);
	}
	for (size_t i = 0; i < c->waits.count; i++)
		cache_out_u64(o, (uint64_t)(sorted ? sorted[i] : c->waits.ms[i]));
	free(sorted);
}

int metrics_daycache_settled(const struct metrics_period *p, size_t d)
{
	const struct metric_counts *c = &p->days[d];
	int64_t from, to;

	metrics_daycache_day_bounds(p, d, &from, &to);
	/* a day after the data has nothing to keep (it is measured in no time) */
	return p->params.watermark_ms != TIME_NONE && from <= p->params.watermark_ms && c->open_pending == 0 &&
	       c->fcr_provisional == 0;
}

/* One day's block: its index, key, the watermark, its bounds, its counts,
 * intervals and window counts. */
static void put_day(struct cache_out *o, const struct metrics_period *p, size_t d, const unsigned char key[32])
{
	size_t first, n, windows = 0;
	int64_t from, to;

	metrics_daycache_day_bounds(p, d, &from, &to);
	day_intervals(p, d, &first, &n);
	for (size_t w = 0; w < p->window_count; w++)
		windows += p->day_window_excluded[d * p->window_count + w] != 0;
	cache_out_u32(o, (uint32_t)d);
	cache_out_bytes(o, key, 32);
	cache_out_u64(o, (uint64_t)p->params.watermark_ms);
	cache_out_u64(o, (uint64_t)from);
	cache_out_u64(o, (uint64_t)to);
	cache_out_u32(o, (uint32_t)n);
	cache_out_u32(o, (uint32_t)windows);
	put_counts(o, &p->days[d]);
	for (size_t i = first; i < first + n; i++) {
		cache_out_u64(o, (uint64_t)p->intervals[i].start_ms);
		cache_out_u32(o, (uint32_t)p->intervals[i].offset_s);
		put_counts(o, &p->intervals[i].counts);
	}
	for (size_t w = 0; w < p->window_count; w++) {
		int64_t v = p->day_window_excluded[d * p->window_count + w];

		if (v) {
			cache_out_u32(o, (uint32_t)w);
			cache_out_u64(o, (uint64_t)v);
		}
	}
}

int metrics_daycache_save(const struct metrics_period *p, const char *state_dir, const char *client,
                          const uint8_t *keep)
{
	struct cache_out o = { 0 };
	char path[4200];
	uint32_t blocks = 0;

	if (!cachefile_dirs_ok(state_dir, "figures", client))
		return -1;
	for (size_t d = 0; d < p->day_count; d++)
		blocks += keep[d] != 0;
	cache_out_bytes(&o, MAGIC, 8);
	cache_out_u32(&o, METRICS_DAYCACHE_VERSION);
	cache_out_bytes(&o, p->day_sig, 32);
	cache_out_u64(&o, (uint64_t)p->first_day);
	cache_out_u32(&o, (uint32_t)p->day_count);
	cache_out_u32(&o, blocks);
	for (size_t d = 0; d < p->day_count; d++)
		if (keep[d])
			put_day(&o, p, d, p->day_keys[d]);
	file_path(path, sizeof path, p, state_dir, client);
	return cache_out_write(&o, path);
}

/* Counts read into c (initialised, no waits): waits only when keep. */
static int get_counts(struct cache_in *r, struct metric_counts *c, int keep)
{
	uint64_t waits;

	for (int i = 0; i < COUNT_FIELDS; i++) {
		int64_t v = (int64_t)cache_in_u64(r);

		memcpy((unsigned char *)c + (size_t)i * sizeof v, &v, sizeof v);
	}
	waits = cache_in_u64(r);
	if (r->failed || waits > (uint64_t)(r->end - r->p) / 8 || (waits && !keep))
		return -1;
	if (waits) {
		if (!(c->waits.ms = malloc(waits * sizeof *c->waits.ms)))
			return -1;
		c->waits.count = c->waits.cap = (size_t)waits;
		for (size_t i = 0; i < waits; i++)
			c->waits.ms[i] = (int64_t)cache_in_u64(r);
		c->waits.sorted = 1;
	}
	return r->failed ? -1 : 0;
}

/* One day's block at r into p when its key is p->day_keys[d] and it was
 * made at or before p's watermark: 1 (p->day_kept[d] set), 0 (not used:
 * r is past the block when it could be read to its end), -1 when the
 * block cannot be read (the rest of the file is not used either), or -2
 * when out of memory half-way (the run fails). */
static int get_day(struct cache_in *r, struct metrics_period *p)
{
	size_t first, n, i, d = cache_in_u32(r);
	struct metric_counts day, *ivs = NULL;
	int64_t from, to, watermark, *windows = NULL;
	uint32_t nwin, niv;
	const unsigned char *key = r->p;
	int rc = -1, usable;

	metric_counts_init(&day);
	r->p += r->end - r->p >= 32 ? 32 : 0;
	watermark = (int64_t)cache_in_u64(r);
	from = (int64_t)cache_in_u64(r);
	to = (int64_t)cache_in_u64(r);
	niv = cache_in_u32(r);
	nwin = cache_in_u32(r);
	/* an interval takes at least its start, offset and counts: a count
	 * larger than the bytes left is damage, not an allocation to try */
	if (r->failed || d >= p->day_count || nwin > p->window_count ||
	    niv > (size_t)(r->end - r->p) / (8 + 4 + (COUNT_FIELDS + 1) * 8))
		return -1;
	day_intervals(p, d, &first, &n);
	{
		int64_t f, t;

		metrics_daycache_day_bounds(p, d, &f, &t);
		/* measured at a later watermark than this one: not settled here */
		usable = p->day_keyed[d] && !p->day_kept[d] && memcmp(key, p->day_keys[d], 32) == 0 &&
		         watermark <= p->params.watermark_ms && f == from && t == to && niv == n;
	}
	if (get_counts(r, &day, 1) < 0 || (day.waits.count && !p->params.keep_waits))
		goto out;
	if (niv && !(ivs = calloc(niv, sizeof *ivs)))
		goto oom;
	for (i = 0; i < niv; i++)
		metric_counts_init(&ivs[i]);
	for (i = 0; i < niv; i++) {
		int64_t start = (int64_t)cache_in_u64(r);
		int32_t offset = (int32_t)cache_in_u32(r);

		if (usable && (start != p->intervals[first + i].start_ms || offset != p->intervals[first + i].offset_s))
			usable = 0;
		if (get_counts(r, &ivs[i], 1) < 0 || (ivs[i].waits.count && !(p->params.keep_waits && p->interval_waits)))
			goto out;
	}
	if (p->window_count && !(windows = calloc(p->window_count, sizeof *windows)))
		goto oom;
	for (i = 0; i < nwin; i++) {
		uint32_t w = cache_in_u32(r);
		int64_t v = (int64_t)cache_in_u64(r);

		if (r->failed || w >= p->window_count || windows[w] || v <= 0)
			goto out;
		windows[w] = v;
	}
	if (r->failed)
		goto out;
	rc = 0;
	if (!usable)
		goto out;
	if (metrics_merge(&p->total, &day) < 0)
		goto oom; /* the total half merged: the run fails */
	metric_counts_release(&p->days[d]);
	p->days[d] = day;
	metric_counts_init(&day);
	for (i = 0; i < n; i++) {
		metric_counts_release(&p->intervals[first + i].counts);
		p->intervals[first + i].counts = ivs[i];
		metric_counts_init(&ivs[i]);
	}
	for (size_t w = 0; w < p->window_count; w++) {
		p->window_excluded[w] += windows[w];
		p->day_window_excluded[d * p->window_count + w] = windows[w];
	}
	p->day_kept[d] = 1;
	rc = 1;
	goto out;
oom:
	rc = -2;
out:
	for (i = 0; ivs && i < niv; i++)
		metric_counts_release(&ivs[i]);
	free(ivs);
	free(windows);
	metric_counts_release(&day);
	return rc;
}

int metrics_daycache_load(struct metrics_period *p, const char *state_dir, const char *client)
{
	char path[4200], *data = NULL;
	struct cache_in r;
	uint32_t blocks;
	int kept = 0;

	file_path(path, sizeof path, p, state_dir, client);
	if (!cachefile_dirs_ok(state_dir, "figures", client) ||
	    !cache_in_open(path, MAGIC, METRICS_DAYCACHE_VERSION, p->day_sig, &data, &r))
		return 0;
	if ((int64_t)cache_in_u64(&r) == p->first_day && cache_in_u32(&r) == p->day_count) {
		blocks = cache_in_u32(&r);
		for (uint32_t b = 0; !r.failed && b < blocks; b++) {
			int rc = get_day(&r, p);

			if (rc == -2) {
				kept = -1;
				break;
			}
			if (rc < 0)
				break; /* a block that cannot be read: the rest cannot be found */
			kept += rc;
		}
	}
	free(data);
	return kept;
}

long metrics_daycache_prune(const char *state_dir, int64_t before_day)
{
	return cachefile_prune(state_dir, "figures", before_day);
}
