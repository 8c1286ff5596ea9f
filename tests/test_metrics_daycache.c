/* test_metrics_daycache.c -- a month measured from the days kept in
 * STATE/cache/figures equals the month measured from the store, to the
 * last count and wait (pipeline/metrics/metrics_daycache.h): cold, warm,
 * after late data on one day (and the repeat-FCR days that look ahead to
 * it), at an earlier watermark, and with a damaged entry; and a warm run
 * does take its days from the cache. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/calendar.h"
#include "core/contact.h"
#include "core/fsutil.h"
#include "core/store.h"
#include "core/timefmt.h"
#include "core/tz.h"
#include "metrics/metrics.h"
#include "metrics/metrics_daycache.h"

static char tmpdir[] = "/tmp/test_metrics_daycache_XXXXXX";
static struct tz *zone;
static struct calendar cal;
static int64_t month_from, month_to;

/* A deterministic stream: per UTC day of October 2026 (and 3 days of
 * November, the repeat-FCR look-ahead), `per_day` contacts of 40
 * customers, every outcome, both directions, voice and chat, inside and
 * outside service hours; extra more of them; open_last: then an open
 * contact 10 s before the day ends (pending at a watermark there). */
static void write_day(int64_t day_ms, int per_day, int extra, int open_last)
{
	struct store_writer w;
	struct ccsla_error err;
	char path[4200];
	uint32_t seed = (uint32_t)(day_ms / MS_PER_DAY) * 2654435761u;
	int n = per_day + extra;

	store_partition_path(path, sizeof path, tmpdir, "DC", day_ms);
	assert_int_equal(store_writer_open(&w, path, &err), 0);
	for (int i = 0; i < n; i++) {
		struct contact c;
		int64_t t = day_ms + (int64_t)i * (MS_PER_DAY / n);
		int64_t wait;

		seed = seed * 1103515245u + 12345u;
		memset(&c, 0, sizeof c);
		snprintf(c.client_id, sizeof c.client_id, "DC");
		snprintf(c.contact_id, sizeof c.contact_id, "C-%lld-%04d", (long long)(day_ms / MS_PER_DAY), i);
		snprintf(c.queue, sizeof c.queue, "%s", seed % 5 ? "sales" : "support");
		snprintf(c.customer_id, sizeof c.customer_id, "cust-%u", (seed >> 8) % 40);
		snprintf(c.agent_id, sizeof c.agent_id, "ag-%u", (seed >> 4) % 7);
		c.channel = (seed >> 12) % 3 ? CH_VOICE : CH_CHAT;
		c.direction = (seed >> 14) % 9 ? DIR_INBOUND : DIR_OUTBOUND;
		c.outcome = (uint8_t)((seed >> 16) % 11 < 6 ? OUT_ANSWERED : (seed >> 16) % 11 - 5); /* open too */
		c.resolved = (int8_t)((seed >> 20) % 3) - 1;
		c.csat = (int8_t)((seed >> 22) % 6);
		c.complaint = (seed >> 25) % 17 == 0;
		c.transferred = (seed >> 27) % 5 == 0;
		c.arrived_at_ms = t;
		wait = (int64_t)((seed >> 3) % 90000);
		c.answered_at_ms = c.ended_at_ms = TIME_NONE;
		c.talk_s = c.hold_s = c.wrap_s = -1;
		if (c.outcome == OUT_ANSWERED) {
			c.answered_at_ms = t + wait;
			c.ended_at_ms = t + wait + 120000;
			c.talk_s = 100 + (int32_t)(seed % 60);
			c.wrap_s = (int32_t)(seed % 30);
		} else if (c.outcome != OUT_OPEN) {
			c.ended_at_ms = t + wait;
		}
		c.src_line = (uint32_t)i + 2;
		if (open_last && i == n - 1) {
			c.arrived_at_ms = day_ms + MS_PER_DAY - 10000;
			c.outcome = OUT_OPEN;
			c.direction = DIR_INBOUND;
			c.answered_at_ms = c.ended_at_ms = TIME_NONE;
		}
		assert_int_equal(store_writer_add(&w, &c, &err), 0);
	}
	assert_int_equal(store_writer_commit(&w, &err), 0);
}

static void write_month(int extra_on_10th)
{
	int64_t first = civil_to_days(2026, 10, 1), last = civil_to_days(2026, 11, 3);

	for (int64_t d = first; d <= last; d++)
		write_day(d * MS_PER_DAY, 96, extra_on_10th && d == civil_to_days(2026, 10, 10), 0);
}

enum variant { PLAIN_WAITS, REPEAT_FCR, SERVICE_HOURS };

static void setup_period(struct metrics_period *p, enum variant v, int64_t watermark_ms, int day_cache)
{
	struct metric_params params;
	struct metrics_filter filter;
	struct ccsla_error err;

	metric_params_default(&params);
	metrics_filter_default(&filter);
	params.watermark_ms = watermark_ms;
	params.keep_waits = 1;
	if (v == REPEAT_FCR) {
		params.fcr = FCR_REPEAT;
		params.fcr_window_days = 3;
		filter.direction = -1;
	}
	if (v == SERVICE_HOURS) {
		params.clock = CLOCK_SERVICE_HOURS;
		params.cal = &cal;
		params.threshold_s = 30;
		params.short_abandon_s = 5;
		filter.cal = &cal;
		filter.service_hours_only = 1;
		filter.channels = 1u << CH_VOICE;
	}
	assert_int_equal(metrics_period_init(p, zone, month_from, month_to, v == PLAIN_WAITS ? 15 : 30, &params, &filter,
	                                     &err),
	                 0);
	p->interval_waits = v == PLAIN_WAITS;
	p->day_cache = day_cache;
}

static void run(struct metrics_period *p)
{
	struct ccsla_error err;

	assert_int_equal(metrics_period_run(p, tmpdir, "DC", &err), 0);
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* Two counts are the same: every field, and the waits as a multiset. */
static void same_counts(const struct metric_counts *a, const struct metric_counts *b)
{
	int64_t *wa, *wb;

	assert_memory_equal(a, b, offsetof(struct metric_counts, waits));
	assert_int_equal(a->waits.count, b->waits.count);
	if (!a->waits.count)
		return;
	wa = malloc(a->waits.count * sizeof *wa);
	wb = malloc(b->waits.count * sizeof *wb);
	assert_non_null(wa);
	assert_non_null(wb);
	memcpy(wa, a->waits.ms, a->waits.count * sizeof *wa);
	memcpy(wb, b->waits.ms, b->waits.count * sizeof *wb);
	qsort(wa, a->waits.count, sizeof *wa, cmp_i64);
	qsort(wb, b->waits.count, sizeof *wb, cmp_i64);
	assert_memory_equal(wa, wb, a->waits.count * sizeof *wa);
	free(wa);
	free(wb);
}

static void same_period(const struct metrics_period *a, const struct metrics_period *b)
{
	same_counts(&a->total, &b->total);
	assert_int_equal(a->day_count, b->day_count);
	for (size_t d = 0; d < a->day_count; d++)
		same_counts(&a->days[d], &b->days[d]);
	assert_int_equal(a->interval_count, b->interval_count);
	for (size_t i = 0; i < a->interval_count; i++)
		same_counts(&a->intervals[i].counts, &b->intervals[i].counts);
	assert_int_equal(a->window_count, b->window_count);
	if (a->window_count)
		assert_memory_equal(a->window_excluded, b->window_excluded, a->window_count * sizeof(int64_t));
}

static size_t kept_days(const struct metrics_period *p)
{
	size_t n = 0;

	for (size_t d = 0; p->day_kept && d < p->day_count; d++)
		n += p->day_kept[d];
	return n;
}

/* Plain, then cached cold, then cached warm: all equal; the warm one took
 * its settled days from the cache. Returns how many it took. */
static size_t check_variant(enum variant v, int64_t watermark_ms)
{
	struct metrics_period plain, cached;
	size_t kept;

	setup_period(&plain, v, watermark_ms, 0);
	run(&plain);
	for (int pass = 0; pass < 2; pass++) {
		setup_period(&cached, v, watermark_ms, 1);
		run(&cached);
		same_period(&plain, &cached);
		kept = kept_days(&cached);
		if (getenv("DAYCACHE_DEBUG"))
			for (size_t d = 0; d < cached.day_count; d++)
				fprintf(stderr, "%zu:%d%s", d + 1, cached.day_kept ? cached.day_kept[d] : 0, d + 1 == cached.day_count ? "\n" : " ");
		metrics_period_release(&cached);
	}
	metrics_period_release(&plain);
	return kept;
}

static const int64_t late_watermark = 1798761600000LL; /* 2027-01-01: every day settled */

static void a_month_from_its_kept_days_is_the_month(void **state)
{
	(void)state;
	/* October 2026 in Berlin has 31 local days; every one is settled */
	assert_int_equal(check_variant(PLAIN_WAITS, late_watermark), 31);
	assert_int_equal(check_variant(REPEAT_FCR, late_watermark), 31);
	assert_int_equal(check_variant(SERVICE_HOURS, late_watermark), 31);
}

/* The data up to 20 October, as on the night of the 21st: the days whose
 * open contacts are pending or whose repeat-FCR windows are open at the
 * watermark are not kept; the month's other days come in the next nights,
 * and every day is kept once settled. */
static void only_settled_days_are_kept(void **state)
{
	int64_t first = civil_to_days(2026, 10, 1), last = civil_to_days(2026, 10, 20);
	struct ccsla_error err;
	size_t kept;

	(void)state;
	assert_int_equal(remove_tree(tmpdir), 0); /* the cache and the store */
	assert_int_equal(mkdir_p(tmpdir, &err), 0);
	for (int64_t d = first; d <= last; d++)
		write_day(d * MS_PER_DAY, 96, 0, d == last);
	kept = check_variant(REPEAT_FCR, TIME_NONE); /* the watermark from the store */
	/* Berlin's 21 October holds the last two hours of UTC 20 October; the
	 * windows of 19-21 October (3 days) pass the watermark with no repeat
	 * yet for some contact (18 October's each had one: decided); 22-31
	 * October start after the watermark: nothing to keep */
	assert_int_equal(kept, 18);
	/* the open contact 10 s before the watermark is pending: its local
	 * day, 21 October, is not kept */
	assert_int_equal(check_variant(PLAIN_WAITS, TIME_NONE), 20);
	write_month(0);
	assert_int_equal(check_variant(REPEAT_FCR, TIME_NONE), 31);
	assert_int_equal(check_variant(PLAIN_WAITS, TIME_NONE), 31);
	/* a run at an earlier watermark than the entries' (its open contacts
	 * after it are pending) takes none made later: the same figures */
	assert_true(check_variant(PLAIN_WAITS, civil_to_days(2026, 10, 20) * MS_PER_DAY + 12 * 3600000LL) <= 20);
}

static void late_data_on_one_day_is_measured_again(void **state)
{
	struct metrics_period plain, cached;
	size_t d10 = 9;

	(void)state;
	assert_int_equal(check_variant(REPEAT_FCR, late_watermark), 31);
	assert_int_equal(check_variant(PLAIN_WAITS, late_watermark), 31);
	write_month(1); /* 10 October gets one more contact; every partition is rewritten */
	write_day(civil_to_days(2026, 10, 1) * MS_PER_DAY, 96, 0, 0);
	setup_period(&plain, REPEAT_FCR, late_watermark, 0);
	run(&plain);
	setup_period(&cached, REPEAT_FCR, late_watermark, 1);
	run(&cached);
	same_period(&plain, &cached);
	assert_int_equal(cached.day_kept[d10], 0);
	metrics_period_release(&cached);
	metrics_period_release(&plain);
	/* once more: now every day is kept again */
	assert_int_equal(check_variant(REPEAT_FCR, late_watermark), 31);
}

/* Only 10 October's partition changes: that day and the 3 days before it
 * whose repeat-FCR windows reach it are measured again; the rest is kept. */
static void a_changed_partition_touches_its_day_and_the_window_before(void **state)
{
	struct metrics_period plain, cached;

	(void)state;
	assert_int_equal(check_variant(REPEAT_FCR, late_watermark), 31);
	assert_int_equal(check_variant(PLAIN_WAITS, late_watermark), 31);
	write_day(civil_to_days(2026, 10, 10) * MS_PER_DAY, 96, 2, 0);
	setup_period(&plain, REPEAT_FCR, late_watermark, 0);
	run(&plain);
	setup_period(&cached, REPEAT_FCR, late_watermark, 1);
	run(&cached);
	same_period(&plain, &cached);
	/* Berlin's 10 October reads UTC 9 and 10 October, and 11 October UTC
	 * 10 and 11 October; 7-9 October look ahead into UTC 10 October (6
	 * October's window ends on UTC 9 October, 22:00) */
	for (size_t d = 0; d < cached.day_count; d++)
		assert_int_equal(cached.day_kept[d], !(d >= 6 && d <= 10));
	metrics_period_release(&cached);
	metrics_period_release(&plain);
	setup_period(&plain, PLAIN_WAITS, late_watermark, 0);
	run(&plain);
	setup_period(&cached, PLAIN_WAITS, late_watermark, 1);
	run(&cached);
	same_period(&plain, &cached);
	assert_int_equal(kept_days(&cached), 29); /* 10 and 11 October */
	metrics_period_release(&cached);
	metrics_period_release(&plain);
}

/* A file with one byte changed, or cut short, or emptied, is a miss: the
 * month is measured from the store and the file written again. */
static void a_damaged_file_is_a_miss(void **state)
{
	const char *damage[] = {
		"printf X | dd of=\"$f\" bs=1 seek=200 conv=notrunc 2>/dev/null",
		"head -c 100 \"$f\" >\"$f.x\" && mv \"$f.x\" \"$f\"",
		": >\"$f\"",
	};

	(void)state;
	for (size_t k = 0; k < sizeof damage / sizeof *damage; k++) {
		struct metrics_period plain, cached;
		char cmd[4400];

		assert_int_equal(check_variant(SERVICE_HOURS, late_watermark), 31);
		snprintf(cmd, sizeof cmd, "for f in %s/cache/figures/DC/*.cfd; do %s; done", tmpdir, damage[k]);
		assert_int_equal(system(cmd), 0);
		setup_period(&plain, SERVICE_HOURS, late_watermark, 0);
		run(&plain);
		setup_period(&cached, SERVICE_HOURS, late_watermark, 1);
		run(&cached);
		same_period(&plain, &cached);
		assert_int_equal(kept_days(&cached), 0);
		metrics_period_release(&cached);
		metrics_period_release(&plain);
		assert_int_equal(check_variant(SERVICE_HOURS, late_watermark), 31); /* written again */
	}
}

static void old_files_are_pruned(void **state)
{
	(void)state;
	assert_int_equal(check_variant(PLAIN_WAITS, late_watermark), 31);
	assert_int_equal(metrics_daycache_prune(tmpdir, civil_to_days(2026, 10, 1)), 0); /* named by 1 October */
	assert_true(metrics_daycache_prune(tmpdir, civil_to_days(2026, 10, 2)) >= 3);  /* a file per population */
	assert_int_equal(check_variant(PLAIN_WAITS, late_watermark), 31);
}
static int setup(void **state)
{
	struct ccsla_error err;
	struct exclusion ex;

	(void)state;
	if (!mkdtemp(tmpdir) || tz_load(&zone, "Europe/Berlin", &err) < 0)
		return -1;
	calendar_init(&cal, zone);
	if (calendar_parse_spec(&cal, "mon-fri: 08:00-20:00; sat: 09:00-14:00", &err) < 0 ||
	    calendar_add_holiday(&cal, 2026, 10, 3) < 0)
		return -1;
	memset(&ex, 0, sizeof ex);
	ex.from_ms = civil_to_days(2026, 10, 14) * MS_PER_DAY + 9 * 3600000LL;
	ex.to_ms = ex.from_ms + 5 * 3600000LL;
	snprintf(ex.reason, sizeof ex.reason, "force-majeure");
	if (calendar_add_exclusion(&cal, &ex) < 0)
		return -1;
	month_from = tz_local_day_start(zone, civil_to_days(2026, 10, 1));
	month_to = tz_local_day_start(zone, civil_to_days(2026, 11, 1));
	write_month(0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	calendar_release(&cal);
	tz_free(zone);
	remove_tree(tmpdir);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_month_from_its_kept_days_is_the_month),
		cmocka_unit_test(only_settled_days_are_kept),
		cmocka_unit_test(late_data_on_one_day_is_measured_again),
		cmocka_unit_test(a_changed_partition_touches_its_day_and_the_window_before),
		cmocka_unit_test(a_damaged_file_is_a_miss),
		cmocka_unit_test(old_files_are_pruned),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
