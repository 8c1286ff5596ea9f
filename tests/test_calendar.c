/* test_calendar.c -- service hours, holidays and exclusions, also on days
 * of 23 and 25 hours. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/calendar.h"
#include "core/timefmt.h"

#define H_MS 3600000LL

static struct tz *zone;

static int64_t utc(const char *text)
{
	int64_t ms;
	const char *why;

	assert_int_equal(rfc3339_parse(text, &ms, &why), 0);
	return ms;
}

static int setup_berlin(void **state)
{
	struct ccsla_error err;

	(void)state;
	return tz_load(&zone, "Europe/Berlin", &err);
}

static int teardown(void **state)
{
	(void)state;
	tz_free(zone);
	zone = NULL;
	return 0;
}

static void hours_parse_sorted_and_refuse_overlap_or_junk(void **state)
{
	struct hours_range r[CAL_MAX_RANGES];
	struct ccsla_error err;
	int n;

	(void)state;
	assert_int_equal(calendar_parse_hours("13:00-17:00,08:00-12:00", r, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(r[0].from_min, 480);
	assert_int_equal(r[1].to_min, 1020);
	assert_int_equal(calendar_parse_hours("00:00-24:00", r, &n, &err), 0);
	assert_int_equal(r[0].to_min, 1440);
	assert_int_equal(calendar_parse_hours("closed", r, &n, &err), 0);
	assert_int_equal(n, 0);
	assert_int_equal(calendar_parse_hours("08:00-12:00,11:00-13:00", r, &n, &err), -1);
	assert_non_null(strstr(err.msg, "overlap"));
	assert_int_equal(calendar_parse_hours("20:00-08:00", r, &n, &err), -1);
	assert_int_equal(calendar_parse_hours("8:00-12:00", r, &n, &err), -1);
	assert_int_equal(calendar_parse_hours("24:00-24:00", r, &n, &err), -1);
	assert_int_equal(calendar_parse_hours("08:00-12:60", r, &n, &err), -1);
	assert_int_equal(calendar_parse_hours("", r, &n, &err), -1);
	assert_string_equal(err.field, "hours");
}

static void weekday_sets_parse_and_ranges_wrap_past_sunday(void **state)
{
	struct ccsla_error err;
	unsigned m;

	(void)state;
	assert_int_equal(calendar_parse_days("mon-fri", &m, &err), 0);
	assert_int_equal(m, 0x1f);
	assert_int_equal(calendar_parse_days("sat,sun", &m, &err), 0);
	assert_int_equal(m, 0x60);
	assert_int_equal(calendar_parse_days("wed", &m, &err), 0);
	assert_int_equal(m, 0x04);
	/* a working week from Sunday (issue 15): ranges wrap past sun */
	assert_int_equal(calendar_parse_days("sun-thu", &m, &err), 0);
	assert_int_equal(m, 0x4f); /* sun, mon, tue, wed, thu */
	assert_int_equal(calendar_parse_days("fri-mon", &m, &err), 0);
	assert_int_equal(m, 0x71); /* fri, sat, sun, mon */
	assert_int_equal(calendar_parse_days("sun-sun", &m, &err), 0);
	assert_int_equal(m, 0x40);
	assert_int_equal(calendar_parse_days("fri-", &m, &err), -1);
	assert_int_equal(calendar_parse_days("monday", &m, &err), -1);
	assert_int_equal(calendar_parse_days("mon,", &m, &err), -1);
}

static void spec_sets_hours_and_leaves_unnamed_days_closed(void **state)
{
	struct calendar cal;
	struct ccsla_error err;

	(void)state;
	calendar_init(&cal, zone);
	assert_int_equal(calendar_parse_spec(&cal, "mon-fri: 08:00-20:00;sat: 09:00-14:00", &err), 0);
	assert_int_equal(cal.has_hours, 1);
	assert_int_equal(cal.range_count[0], 1);
	assert_int_equal(cal.range_count[5], 1);
	assert_int_equal(cal.range_count[6], 0);
	/* 2026-10-05 is a Monday; Berlin is +02:00 then. */
	assert_false(calendar_in_service(&cal, utc("2026-10-05T05:59:59.999Z")));
	assert_true(calendar_in_service(&cal, utc("2026-10-05T06:00:00Z")));
	assert_true(calendar_in_service(&cal, utc("2026-10-05T17:59:59.999Z")));
	assert_false(calendar_in_service(&cal, utc("2026-10-05T18:00:00Z")));
	assert_false(calendar_in_service(&cal, utc("2026-10-04T10:00:00Z"))); /* Sunday */
	assert_int_equal(calendar_parse_spec(&cal, "mon: 08:00-09:00;mon-fri: 10:00-11:00", &err), -1);
	assert_non_null(strstr(err.msg, "twice"));
	assert_int_equal(calendar_parse_spec(&cal, "mon-fri", &err), -1);
	/* one spelling: the contract's DAYS: HOURS; '=' gets the form to write */
	assert_int_equal(calendar_parse_spec(&cal, "mon-fri=08:00-20:00", &err), -1);
	assert_non_null(strstr(err.msg, "write DAYS: HOURS as in a contract's service_hours"));
	assert_int_equal(calendar_parse_spec(&cal, " sun-thu: 08:00-17:00 ; fri:closed", &err), 0);
	assert_int_equal(cal.range_count[6], 1);
	assert_int_equal(cal.range_count[3], 1);
	assert_int_equal(cal.range_count[4], 0);
	assert_int_equal(cal.range_count[5], 0);
	/* 2026-10-04 is a Sunday: open 08:00-17:00 Berlin (+02:00) */
	assert_true(calendar_in_service(&cal, utc("2026-10-04T06:00:00Z")));
	assert_false(calendar_in_service(&cal, utc("2026-10-09T10:00:00Z"))); /* Friday */
	calendar_release(&cal);
}

static void service_ms_spans_nights_weekends_and_holidays(void **state)
{
	struct calendar cal;
	struct ccsla_error err;

	(void)state;
	calendar_init(&cal, zone);
	assert_int_equal(calendar_service_ms(&cal, 10, 5), 0);
	assert_int_equal(calendar_service_ms(&cal, 0, 86400000), 86400000);
	assert_int_equal(calendar_parse_spec(&cal, "mon-fri: 08:00-12:00,13:00-17:00", &err), 0);
	/* Friday 16:00 local to Monday 09:30 local: 1 h + 1.5 h. */
	assert_int_equal(calendar_service_ms(&cal, utc("2026-10-09T14:00:00Z"), utc("2026-10-12T07:30:00Z")),
	                 150 * 60000LL);
	/* The lunch break does not count. */
	assert_int_equal(calendar_service_ms(&cal, utc("2026-10-07T09:30:00Z"), utc("2026-10-07T11:30:00Z")),
	                 60 * 60000LL);
	/* Wednesday 2026-10-07 made a holiday: only Thursday counts. */
	assert_int_equal(calendar_add_holiday(&cal, 2026, 10, 7), 0);
	assert_int_equal(calendar_add_holiday(&cal, 2026, 10, 3), 0);
	assert_int_equal(calendar_add_holiday(&cal, 2026, 10, 7), 0);
	assert_int_equal(cal.holiday_count, 2);
	assert_int_equal(calendar_add_holiday(&cal, 2026, 2, 30), -1);
	assert_false(calendar_in_service(&cal, utc("2026-10-07T09:30:00Z")));
	assert_int_equal(calendar_service_ms(&cal, utc("2026-10-06T22:00:00Z"), utc("2026-10-08T22:00:00Z")),
	                 8 * H_MS);
	calendar_release(&cal);
}

static void round_the_clock_service_follows_the_23_and_25_hour_days(void **state)
{
	struct calendar cal;
	struct ccsla_error err;
	int64_t d29 = tz_local_day_start(zone, civil_to_days(2026, 3, 29));
	int64_t d30 = tz_local_day_start(zone, civil_to_days(2026, 3, 30));
	int64_t o25 = tz_local_day_start(zone, civil_to_days(2026, 10, 25));
	int64_t o26 = tz_local_day_start(zone, civil_to_days(2026, 10, 26));

	(void)state;
	calendar_init(&cal, zone);
	assert_int_equal(calendar_parse_spec(&cal, "mon-sun: 00:00-24:00", &err), 0);
	assert_int_equal(calendar_service_ms(&cal, d29, d30), 23 * H_MS);
	assert_int_equal(calendar_service_ms(&cal, o25, o26), 25 * H_MS);
	/* 01:00-04:00 local holds the repeated hour twice on 25 October: 4 h,
	 * and loses the skipped hour on 29 March: 2 h. */
	assert_int_equal(calendar_parse_spec(&cal, "sun: 01:00-04:00", &err), 0);
	assert_int_equal(calendar_service_ms(&cal, o25, o26), 4 * H_MS);
	assert_int_equal(calendar_service_ms(&cal, d29, d30), 2 * H_MS);
	/* Both passes through 02:30 are inside 02:00-03:00. */
	assert_int_equal(calendar_parse_spec(&cal, "sun: 02:00-03:00", &err), 0);
	assert_true(calendar_in_service(&cal, utc("2026-10-25T00:30:00Z")));
	assert_true(calendar_in_service(&cal, utc("2026-10-25T01:30:00Z")));
	assert_false(calendar_in_service(&cal, utc("2026-10-25T02:00:00Z")));
	assert_int_equal(calendar_service_ms(&cal, o25, o26), 2 * H_MS);
	calendar_release(&cal);
}

static void exclusions_are_found_and_kept_in_order(void **state)
{
	struct calendar cal;
	struct exclusion a = { utc("2026-10-10T08:00:00Z"), utc("2026-10-10T10:00:00Z"), "force-majeure", "", "" };
	struct exclusion b = { utc("2026-10-02T08:00:00Z"), utc("2026-10-02T09:00:00Z"), "other", "", "" };
	struct exclusion bad = { 10, 10, "other", "", "" };

	(void)state;
	calendar_init(&cal, zone);
	assert_int_equal(calendar_exclusion_at(&cal, utc("2026-10-10T09:00:00Z")), -1);
	assert_int_equal(calendar_add_exclusion(&cal, &a), 0);
	assert_int_equal(calendar_add_exclusion(&cal, &b), 0);
	assert_int_equal(calendar_add_exclusion(&cal, &bad), -1);
	assert_string_equal(cal.exclusions[0].reason, "other");
	assert_int_equal(calendar_exclusion_at(&cal, utc("2026-10-10T08:00:00Z")), 1);
	assert_int_equal(calendar_exclusion_at(&cal, utc("2026-10-10T09:59:59.999Z")), 1);
	assert_int_equal(calendar_exclusion_at(&cal, utc("2026-10-10T10:00:00Z")), -1);
	assert_int_equal(calendar_exclusion_at(&cal, utc("2026-10-02T08:30:00Z")), 0);
	calendar_release(&cal);
}

static void sydney_business_hours_shift_with_its_dst(void **state)
{
	struct calendar cal;
	struct ccsla_error err;
	struct tz *syd = NULL;

	(void)state;
	assert_int_equal(tz_load(&syd, "Australia/Sydney", &err), 0);
	calendar_init(&cal, syd);
	assert_int_equal(calendar_parse_spec(&cal, "mon-fri: 09:00-17:00", &err), 0);
	/* Friday 2 Oct 09:00 AEST = 23:00 UTC on the 1st; Monday 5 Oct 09:00 AEDT = 22:00 UTC on the 4th. */
	assert_true(calendar_in_service(&cal, utc("2026-10-01T23:00:00Z")));
	assert_false(calendar_in_service(&cal, utc("2026-10-01T22:59:59Z")));
	assert_true(calendar_in_service(&cal, utc("2026-10-04T22:00:00Z")));
	assert_int_equal(calendar_service_ms(&cal, utc("2026-10-02T06:00:00Z"), utc("2026-10-04T23:00:00Z")),
	                 2 * H_MS);
	calendar_release(&cal);
	tz_free(syd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hours_parse_sorted_and_refuse_overlap_or_junk),
		cmocka_unit_test(weekday_sets_parse_and_ranges_wrap_past_sunday),
		cmocka_unit_test(spec_sets_hours_and_leaves_unnamed_days_closed),
		cmocka_unit_test(service_ms_spans_nights_weekends_and_holidays),
		cmocka_unit_test(round_the_clock_service_follows_the_23_and_25_hour_days),
		cmocka_unit_test(exclusions_are_found_and_kept_in_order),
		cmocka_unit_test(sydney_business_hours_shift_with_its_dst),
	};
	return cmocka_run_group_tests_name("calendar", tests, setup_berlin, teardown);
}
