/* fuzz_cache.c -- the readers of STATE/cache (pipeline/core/cachefile.h):
 * the figures file (metrics_daycache_load), the overview's days
 * (overview_days_load) and an evidence entry (evidence_cache_load), on any
 * bytes after a valid head and before a valid CRC (the harness writes
 * those, so that the bytes reach the parsers): no crash; a figures file
 * puts in only whole days, so the total is the sum of the days taken; an
 * evidence entry's runs add up to its rows. The first byte picks the
 * reader. */
#include <limits.h>
#include <zlib.h>

#include "fuzz.h"

#include "core/cachefile.h"
#include "core/fsutil.h"
#include "core/store.h"
#include "core/timefmt.h"
#include "core/tz.h"
#include "metrics/metrics.h"
#include "metrics/metrics_daycache.h"
#include "reports/compose/evidence_cache.h"
#include "reports/compose/overview_days.h"

static char state[] = "/tmp/fuzz_cache_XXXXXX";
static struct tz *zone;
static struct calendar cal;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct ccsla_error err;
	struct exclusion ex;

	(void)argc;
	(void)argv;
	if (!mkdtemp(state) || tz_load(&zone, "Europe/Berlin", &err) < 0)
		abort();
	calendar_init(&cal, zone);
	memset(&ex, 0, sizeof ex);
	for (int i = 0; i < 2; i++) {
		ex.from_ms = (civil_to_days(2026, 10, 5 + i) * 24 + 9) * 3600000LL;
		ex.to_ms = ex.from_ms + 3600000LL;
		if (calendar_add_exclusion(&cal, &ex) < 0)
			abort();
	}
	return 0;
}

/* magic, version, the 32 bytes a reader compares, body, CRC-32 */
static void write_entry(const char *path, const char *magic, uint32_t version, const unsigned char key[32],
                        const uint8_t *body, size_t n)
{
	struct cache_out o = { 0 };

	cache_out_bytes(&o, magic, 8);
	cache_out_u32(&o, version);
	cache_out_bytes(&o, key, 32);
	cache_out_bytes(&o, body, n);
	if (cache_out_write(&o, path) != 0)
		abort();
}

static void figures(const uint8_t *body, size_t n)
{
	struct metrics_period p;
	struct metric_params params;
	struct metrics_filter filter;
	struct ccsla_error err;
	char path[PATH_MAX], suffix[32];
	struct metric_counts sum;
	int kept;

	metric_params_default(&params);
	metrics_filter_default(&filter);
	params.watermark_ms = (civil_to_days(2027, 1, 1)) * MS_PER_DAY;
	params.fcr = FCR_REPEAT;
	params.fcr_window_days = 2;
	filter.cal = &cal;
	if (metrics_period_init(&p, zone, tz_local_day_start(zone, civil_to_days(2026, 10, 1)),
	                        tz_local_day_start(zone, civil_to_days(2026, 11, 1)), 30, &params, &filter, &err) < 0)
		abort();
	p.interval_waits = 1;
	if (metrics_daycache_signature(&p, p.day_sig) < 0 || !(p.day_kept = calloc(p.day_count, 1)) ||
	    !(p.day_keyed = calloc(p.day_count, 1)) || !(p.day_keys = calloc(p.day_count, sizeof *p.day_keys)) ||
	    !(p.day_window_excluded = calloc(p.day_count * p.window_count, sizeof(int64_t))))
		abort();
	for (size_t d = 0; d < p.day_count; d++) {
		p.day_keyed[d] = 1;
		memset(p.day_keys[d], (int)d, 32); /* day d's key: 32 bytes of d */
	}
	snprintf(suffix, sizeof suffix, ".%02x%02x%02x%02x%02x%02x%02x%02x.cfd", p.day_sig[0], p.day_sig[1],
	         p.day_sig[2], p.day_sig[3], p.day_sig[4], p.day_sig[5], p.day_sig[6], p.day_sig[7]);
	cachefile_path(path, sizeof path, state, "figures", "FZ", p.first_day, suffix);
	write_entry(path, "CCSLAFIM", METRICS_DAYCACHE_VERSION, p.day_sig, body, n);
	kept = metrics_daycache_load(&p, state, "FZ");
	fuzz_require(kept >= 0, "out of memory");
	metric_counts_init(&sum);
	for (size_t d = 0; d < p.day_count; d++) {
		kept -= p.day_kept[d];
		if (p.day_kept[d])
			fuzz_require(metrics_merge(&sum, &p.days[d]) == 0, "merge");
		else
			fuzz_require(p.days[d].offered == 0 && p.days[d].waits.count == 0, "a day not taken was changed");
	}
	fuzz_require(kept == 0, "days counted and days taken differ");
	fuzz_require(sum.offered == p.total.offered && sum.answered == p.total.answered &&
	                 sum.waits.count == p.total.waits.count && sum.max_wait_ms == p.total.max_wait_ms,
	             "the total is not the sum of the days taken");
	metric_counts_release(&sum);
	metrics_period_release(&p);
	unlink(path);
}

static void overview(const uint8_t *body, size_t n)
{
	enum { DAYS = 31 };
	unsigned char sig[32], keys[DAYS][32];
	uint8_t keyed[DAYS], kept[DAYS] = { 0 };
	int64_t bounds[DAYS][2], first = civil_to_days(2026, 10, 1);
	struct overview_day days[DAYS];
	char path[PATH_MAX], suffix[32];
	size_t count, taken = 0;
	uint32_t rows[8] = { 0 };
	struct overview_channel prof[CH_COUNT];

	memset(sig, 0x5a, sizeof sig);
	memset(days, 0, sizeof days);
	memset(prof, 0, sizeof prof);
	for (int d = 0; d < DAYS; d++) {
		keyed[d] = 1;
		memset(keys[d], d, 32);
		bounds[d][0] = (first + d) * MS_PER_DAY;
		bounds[d][1] = (first + d + 1) * MS_PER_DAY;
	}
	snprintf(suffix, sizeof suffix, ".5a5a5a5a5a5a5a5a.cov");
	cachefile_path(path, sizeof path, state, "figures", "FZ", first, suffix);
	write_entry(path, "CCSLAOVM", OVERVIEW_DAYS_VERSION, sig, body, n);
	count = overview_days_load(state, "FZ", first, DAYS, sig, keys, keyed, bounds, kept, days);
	for (int d = 0; d < DAYS; d++) {
		taken += kept[d];
		overview_day_merge(&days[d], rows, 7, prof, bounds[DAYS - 1][1]);
		overview_day_release(&days[d]);
	}
	fuzz_require(count == taken, "days counted and days taken differ");
	unlink(path);
}

static void evidence(const uint8_t *body, size_t n)
{
	unsigned char key[32];
	int64_t day = civil_to_days(2026, 10, 7) * MS_PER_DAY;
	struct evidence_day d;
	char path[PATH_MAX];

	memset(key, 0xa5, sizeof key);
	evidence_cache_entry_path(path, sizeof path, state, "FZ", day);
	write_entry(path, "CCSLAEVC", EVIDENCE_CACHE_VERSION, key, body, n);
	if (evidence_cache_load(state, "FZ", day, key, &d) == 1) {
		int64_t sum = 0;

		for (size_t i = 0; i < d.run_count; i++)
			sum += d.runs[i][1];
		fuzz_require(sum == d.rows, "runs hold %lld rows, the entry %lld", (long long)sum, (long long)d.rows);
		evidence_day_release(&d);
	}
	unlink(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	switch (data[0] % 3) {
	case 0:
		figures(data + 1, size - 1);
		break;
	case 1:
		overview(data + 1, size - 1);
		break;
	default:
		evidence(data + 1, size - 1);
	}
	return 0;
}
