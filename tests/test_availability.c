/* test_availability.c -- availability_pct (metrics/availability.h) against
 * hand-computed cases: service hours only, causes counted per SLA,
 * overlapping outages merged and capped at 100 %, partial impact
 * weighted, an open outage run to the watermark, channels, clipping to
 * the period, and the "no log: not measurable" rule.
 *
 * The calendar: UTC, mon-fri 08:00-18:00; the period Monday 2026-10-05 to
 * Saturday 2026-10-10: 5 x 10 h = 180000 service seconds per channel. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "core/timefmt.h"
#include "core/tz.h"
#include "metrics/availability.h"

static struct tz *utc;
static struct calendar cal;
static struct outage items[16];
static struct outage_log log_;

static int64_t at(const char *text)
{
	int64_t ms;
	const char *why;

	assert_int_equal(rfc3339_parse(text, &ms, &why), 0);
	return ms;
}

static int setup(void **state)
{
	struct ccsla_error err;

	(void)state;
	if (tz_load(&utc, "UTC", &err) != 0)
		return -1;
	calendar_init(&cal, utc);
	return calendar_parse_spec(&cal, "mon-fri: 08:00-18:00", &err);
}

static int teardown(void **state)
{
	(void)state;
	calendar_release(&cal);
	tz_free(utc);
	return 0;
}

static void reset(void)
{
	memset(&log_, 0, sizeof log_);
	log_.items = items;
	log_.first_day = civil_to_days(2026, 10, 1);
	log_.latest_ms = INT64_MIN;
}

static void add(unsigned channels, const char *start, const char *end, int impact, int cause)
{
	struct outage *o = &items[log_.count++];

	memset(o, 0, sizeof *o);
	snprintf(o->incident_id, sizeof o->incident_id, "INC-%zu", log_.count);
	o->channels = channels;
	o->start_ms = at(start);
	o->end_ms = end ? at(end) : TIME_NONE;
	o->impact_pct = impact;
	o->cause = cause;
	if (o->start_ms > log_.latest_ms)
		log_.latest_ms = o->start_ms;
	if (end && o->end_ms > log_.latest_ms)
		log_.latest_ms = o->end_ms;
}

/* The value as printed with 2 decimals, for channels and causes. */
static const char *value(unsigned channels, unsigned causes, int64_t watermark_ms, struct availability *a)
{
	static char buf[32];
	struct ratio r;

	assert_int_equal(availability_measure(&log_, &cal, channels, causes, at("2026-10-05T00:00:00Z"),
	                                      at("2026-10-10T00:00:00Z"), watermark_ms, a), 0);
	availability_value(a, &r);
	return ratio_format(&r, 2, buf, sizeof buf);
}

#define VOICE (1u << CH_VOICE)
#define CHAT (1u << CH_CHAT)

static void one_hour_out_of_fifty_is_98_pct(void **state)
{
	struct availability a;

	(void)state;
	reset();
	add(VOICE, "2026-10-05T09:00:00Z", "2026-10-05T10:00:00Z", 100, CAUSE_CCC);
	assert_string_equal(value(VOICE, 0, TIME_NONE, &a), "98.00");
	assert_true(a.service_ms == INT64_C(180000000));
	assert_true(a.outage_pct_ms == INT64_C(3600000) * 100);
	assert_int_equal(a.outages, 1);
	/* no outage at all: 100 */
	reset();
	assert_string_equal(value(VOICE, 0, TIME_NONE, &a), "100.00");
}

static void overlapping_outages_merge_capped_at_100(void **state)
{
	struct availability a;

	(void)state;
	reset();
	/* 09:00-09:30 100 %, 09:30-10:00 100+50 -> 100 %, 10:00-11:00 50 %:
	 * 1800 + 1800 + 1800 = 5400 s of 180000 -> 97.00 */
	add(VOICE, "2026-10-05T09:00:00Z", "2026-10-05T10:00:00Z", 100, CAUSE_CCC);
	add(VOICE, "2026-10-05T09:30:00Z", "2026-10-05T11:00:00Z", 50, CAUSE_THIRD_PARTY);
	assert_string_equal(value(VOICE, 0, TIME_NONE, &a), "97.00");
	assert_int_equal(a.outages, 2);
	/* the same incident reported twice counts once */
	reset();
	add(VOICE, "2026-10-05T09:00:00Z", "2026-10-05T10:00:00Z", 100, CAUSE_CCC);
	add(VOICE, "2026-10-05T09:00:00Z", "2026-10-05T10:00:00Z", 100, CAUSE_CCC);
	assert_string_equal(value(VOICE, 0, TIME_NONE, &a), "98.00");
	/* two partial outages of 30 % overlapping for an hour: 60 % then */
	reset();
	add(VOICE, "2026-10-05T09:00:00Z", "2026-10-05T11:00:00Z", 30, CAUSE_CCC);
	add(VOICE, "2026-10-05T10:00:00Z", "2026-10-05T12:00:00Z", 30, CAUSE_CCC);
	/* 3600 x 30 + 3600 x 60 + 3600 x 30 = 432000 pct-s = 4320 s -> 97.60 */
	assert_string_equal(value(VOICE, 0, TIME_NONE, &a), "97.60");
}

static void only_service_hours_count(void **state)
{
	struct availability a;

	(void)state;
	reset();
	/* Saturday, and a night: outside service hours */
	add(VOICE, "2026-10-10T10:00:00Z", "2026-10-10T12:00:00Z", 100, CAUSE_CCC);
	add(VOICE, "2026-10-06T19:00:00Z", "2026-10-07T07:00:00Z", 100, CAUSE_CCC);
	/* 17:00 Tuesday to 09:00 Wednesday: 1 h + 1 h in service */
	add(VOICE, "2026-10-06T17:00:00Z", "2026-10-07T09:00:00Z", 100, CAUSE_CCC);
	assert_string_equal(value(VOICE, 0, TIME_NONE, &a), "96.00");
	assert_int_equal(a.outages, 1);
}

static void causes_counted_per_sla(void **state)
{
	struct availability a;

	(void)state;
	reset();
	add(VOICE, "2026-10-05T09:00:00Z", "2026-10-05T10:00:00Z", 100, CAUSE_CCC);
	add(VOICE, "2026-10-06T09:00:00Z", "2026-10-06T19:00:00Z", 100, CAUSE_CLIENT);      /* 9 h in service */
	add(VOICE, "2026-10-07T09:00:00Z", "2026-10-07T10:00:00Z", 100, CAUSE_FORCE_MAJEURE);
	add(VOICE, "2026-10-08T09:00:00Z", "2026-10-08T11:00:00Z", 100, CAUSE_THIRD_PARTY);
	/* default ccc + third-party: 1 h + 2 h = 10800 s -> 94.00 */
	assert_string_equal(value(VOICE, 0, TIME_NONE, &a), "94.00");
	/* client-caused counted too: + 32400 s = 43200 -> 76.00 */
	assert_string_equal(value(VOICE, OUTAGE_CAUSES_DEFAULT | 1u << CAUSE_CLIENT, TIME_NONE, &a), "76.00");
	/* ccc only: 3600 -> 98.00 */
	assert_string_equal(value(VOICE, 1u << CAUSE_CCC, TIME_NONE, &a), "98.00");
}

static void partial_impact_is_weighted(void **state)
{
	struct availability a;

	(void)state;
	reset();
	/* 25 % for 4 h = 1 h -> 98.00; the exact ratio, not a float */
	add(VOICE, "2026-10-05T09:00:00Z", "2026-10-05T13:00:00Z", 25, CAUSE_CCC);
	assert_string_equal(value(VOICE, 0, TIME_NONE, &a), "98.00");
	/* 1 % for one second: 180000 s x 100 - 1 x 1 over 180000 x 100 */
	reset();
	add(VOICE, "2026-10-05T09:00:00Z", "2026-10-05T09:00:01Z", 1, CAUSE_CCC);
	assert_string_equal(value(VOICE, 0, TIME_NONE, &a), "100.00");
	assert_true(a.outage_pct_ms == 1000);
}

static void open_outage_runs_to_the_watermark(void **state)
{
	struct availability a;

	(void)state;
	reset();
	add(VOICE, "2026-10-09T16:00:00Z", NULL, 100, CAUSE_CCC);
	/* watermark Friday 16:30: 1800 s -> 99.00 */
	assert_string_equal(value(VOICE, 0, at("2026-10-09T16:30:00Z"), &a), "99.00");
	/* watermark beyond the period: to its end, 2 h -> 96.00 */
	assert_string_equal(value(VOICE, 0, at("2026-10-12T12:00:00Z"), &a), "96.00");
	/* no watermark: the log's latest instant (its start) -> nothing yet */
	assert_string_equal(value(VOICE, 0, TIME_NONE, &a), "100.00");
}

static void channels_and_clipping(void **state)
{
	struct availability a;

	(void)state;
	reset();
	add(CHAT, "2026-10-05T09:00:00Z", "2026-10-05T10:00:00Z", 100, CAUSE_CCC);
	/* from Sunday into Monday 09:00: 1 h of the period's service hours */
	add(VOICE | CHAT, "2026-10-04T12:00:00Z", "2026-10-05T09:00:00Z", 100, CAUSE_CCC);
	assert_string_equal(value(VOICE, 0, TIME_NONE, &a), "98.00");
	assert_string_equal(value(CHAT, 0, TIME_NONE, &a), "96.00");
	/* both: (3600 + 7200) / (2 x 180000) -> 97.00 */
	assert_string_equal(value(VOICE | CHAT, 0, TIME_NONE, &a), "97.00");
	assert_int_equal(a.channels, 2);
	assert_true(a.service_ms == INT64_C(360000000));
}

static void no_service_hours_is_na_and_no_log_is_not_covered(void **state)
{
	struct availability a;
	struct ratio r;

	(void)state;
	reset();
	assert_int_equal(availability_measure(&log_, &cal, VOICE, 0, at("2026-10-10T00:00:00Z"),
	                                      at("2026-10-12T00:00:00Z"), TIME_NONE, &a), 0);
	availability_value(&a, &r);
	assert_true(ratio_is_na(&r));
	/* the log begins on 2026-10-01: September is not covered, October is */
	assert_false(outage_log_covers(&log_, at("2026-10-01T00:00:00Z")));
	assert_true(outage_log_covers(&log_, at("2026-10-01T00:00:01Z")));
	log_.first_day = INT64_MAX;
	assert_false(outage_log_covers(&log_, at("2026-11-01T00:00:00Z")));
	assert_int_equal(outage_cause_parse("third-party"), CAUSE_THIRD_PARTY);
	assert_int_equal(outage_cause_parse("weather"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(one_hour_out_of_fifty_is_98_pct),
		cmocka_unit_test(overlapping_outages_merge_capped_at_100),
		cmocka_unit_test(only_service_hours_count),
		cmocka_unit_test(causes_counted_per_sla),
		cmocka_unit_test(partial_impact_is_weighted),
		cmocka_unit_test(open_outage_runs_to_the_watermark),
		cmocka_unit_test(channels_and_clipping),
		cmocka_unit_test(no_service_hours_is_na_and_no_log_is_not_covered),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
