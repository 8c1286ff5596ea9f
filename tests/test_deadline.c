/* test_deadline.c -- complaint deadlines (operations-logs.md "complaint"),
 * every expected instant computed by hand in the comment above it.
 * Calendar: Europe/Berlin, mon-fri 08:00-18:00, sat and sun closed; CEST
 * (+02:00) until Sunday 2026-10-25 03:00, CET (+01:00) after; CET until
 * Sunday 2026-03-29 02:00, CEST after. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/calendar.h"
#include "core/deadline.h"
#include "core/timefmt.h"

#define H_MS 3600000LL

static struct tz *zone;
static struct calendar cal;

static int64_t utc(const char *text)
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
	if (tz_load(&zone, "Europe/Berlin", &err) < 0)
		return -1;
	calendar_init(&cal, zone);
	return calendar_parse_spec(&cal, "mon-fri: 08:00-18:00", &err);
}

static int teardown(void **state)
{
	(void)state;
	calendar_release(&cal);
	tz_free(zone);
	zone = NULL;
	return 0;
}

static void friday_1759_starts_friday_1801_starts_monday(void **state)
{
	(void)state;
	/* Fri 2026-10-23 17:59 CEST: in service, day 0 = Friday */
	assert_int_equal(deadline_day0(&cal, utc("2026-10-23T15:59:00Z")), civil_to_days(2026, 10, 23));
	/* 18:01: closed, the next open day is Monday 26 */
	assert_int_equal(deadline_day0(&cal, utc("2026-10-23T16:01:00Z")), civil_to_days(2026, 10, 26));
	/* 18:00 exactly: the range ends there (exclusive) */
	assert_int_equal(deadline_day0(&cal, utc("2026-10-23T16:00:00Z")), civil_to_days(2026, 10, 26));
	/* before opening on an open day: that day (its service hours are next) */
	assert_int_equal(deadline_day0(&cal, utc("2026-10-26T06:00:00Z")), civil_to_days(2026, 10, 26));
	/* within 0: the end of day 0 -- Fri 24:00 CEST = 22:00Z */
	assert_int_equal(deadline_working_days(&cal, utc("2026-10-23T15:59:00Z"), 0), utc("2026-10-23T22:00:00Z"));
	/* within 2 from Friday: Mon 26, Tue 27; Tue 24:00 CET = 23:00Z (after the
	 * fall-back of Sun 25) */
	assert_int_equal(deadline_working_days(&cal, utc("2026-10-23T15:59:00Z"), 2), utc("2026-10-27T23:00:00Z"));
	/* within 2 from Monday (day 0): Tue 27, Wed 28; Wed 24:00 CET = 23:00Z */
	assert_int_equal(deadline_working_days(&cal, utc("2026-10-23T16:01:00Z"), 2), utc("2026-10-28T23:00:00Z"));
}

static void holiday_is_no_open_day(void **state)
{
	(void)state;
	assert_int_equal(calendar_add_holiday(&cal, 2026, 12, 25), 0);
	assert_int_equal(deadline_open_day(&cal, civil_to_days(2026, 12, 25)), 0);
	assert_int_equal(deadline_open_day(&cal, civil_to_days(2026, 12, 24)), 1);
	assert_int_equal(deadline_open_day(&cal, civil_to_days(2026, 12, 26)), 0); /* Saturday */
	/* Thu 24 Dec 19:00 CET: closed; Fri 25 holiday, Sat, Sun closed: day 0 Mon 28 */
	assert_int_equal(deadline_day0(&cal, utc("2026-12-24T18:00:00Z")), civil_to_days(2026, 12, 28));
	/* received on the holiday itself, 10:00: day 0 Mon 28 too */
	assert_int_equal(deadline_day0(&cal, utc("2026-12-25T09:00:00Z")), civil_to_days(2026, 12, 28));
	/* within 1: Tue 29, 24:00 CET = 23:00Z */
	assert_int_equal(deadline_working_days(&cal, utc("2026-12-25T09:00:00Z"), 1), utc("2026-12-29T23:00:00Z"));
	/* Thu 24 Dec 10:00, within 1: the holiday and the weekend do not count:
	 * Mon 28, 24:00 CET = 23:00Z */
	assert_int_equal(deadline_working_days(&cal, utc("2026-12-24T09:00:00Z"), 1), utc("2026-12-28T23:00:00Z"));
	/* 2 service hours from Thu 17:00: 1 h Thursday, then Mon 28 08:00 + 1 h
	 * = 09:00 CET = 08:00Z */
	assert_int_equal(deadline_service_ms(&cal, utc("2026-12-24T16:00:00Z"), 2 * H_MS), utc("2026-12-28T08:00:00Z"));
}

static void day_before_a_closed_weekday(void **state)
{
	struct calendar c2;
	struct ccsla_error err;

	(void)state;
	calendar_init(&c2, zone);
	/* Wednesday closed */
	assert_int_equal(calendar_parse_spec(&c2, "mon-tue: 08:00-18:00; thu-sat: 08:00-18:00", &err), 0);
	/* Tue 2026-10-20 12:00 CEST, within 1: Wed closed, Thu 22 24:00 CEST = 22:00Z */
	assert_int_equal(deadline_working_days(&c2, utc("2026-10-20T10:00:00Z"), 1), utc("2026-10-22T22:00:00Z"));
	/* Tue 18:30: day 0 is Thursday; within 0 ends Thu 24:00 */
	assert_int_equal(deadline_day0(&c2, utc("2026-10-20T16:30:00Z")), civil_to_days(2026, 10, 22));
	assert_int_equal(deadline_working_days(&c2, utc("2026-10-20T16:30:00Z"), 0), utc("2026-10-22T22:00:00Z"));
	/* Saturday is open here: Fri 23 10:00, within 1 = Sat 24, 24:00 CEST = 22:00Z */
	assert_int_equal(deadline_working_days(&c2, utc("2026-10-23T08:00:00Z"), 1), utc("2026-10-24T22:00:00Z"));
	calendar_release(&c2);
}

static void deadline_across_spring_forward(void **state)
{
	(void)state;
	/* Fri 2026-03-27 10:00 CET, within 1: Mon 30, 24:00 CEST = 22:00Z */
	assert_int_equal(deadline_working_days(&cal, utc("2026-03-27T09:00:00Z"), 1), utc("2026-03-30T22:00:00Z"));
	/* 10 service hours from Fri 16:00 CET (15:00Z): 2 h Friday, 8 h from Mon
	 * 08:00 CEST (06:00Z): 16:00 CEST = 14:00Z */
	assert_int_equal(deadline_service_ms(&cal, utc("2026-03-27T15:00:00Z"), 10 * H_MS), utc("2026-03-30T14:00:00Z"));
}

static void within_hours_across_a_night_and_a_weekend(void **state)
{
	int64_t at;

	(void)state;
	/* Tue 2026-10-20 17:00 CEST, 4 h: 1 h Tuesday, 3 h from Wed 08:00: 11:00
	 * CEST = 09:00Z */
	assert_int_equal(deadline_service_ms(&cal, utc("2026-10-20T15:00:00Z"), 4 * H_MS), utc("2026-10-21T09:00:00Z"));
	/* Fri 23 16:30 CEST, 8 h: 1.5 h Friday, 6.5 h from Mon 26 08:00 CET:
	 * 14:30 CET = 13:30Z (across the weekend and the fall-back) */
	assert_int_equal(deadline_service_ms(&cal, utc("2026-10-23T14:30:00Z"), 8 * H_MS), utc("2026-10-26T13:30:00Z"));
	/* Fri 16:00, 2 h: the time runs out at 18:00 Friday; the clock stands
	 * still until Mon 08:00 CET = 07:00Z, which is still in time */
	at = deadline_service_ms(&cal, utc("2026-10-23T14:00:00Z"), 2 * H_MS);
	assert_int_equal(at, utc("2026-10-26T07:00:00Z"));
	assert_int_equal(calendar_service_ms(&cal, utc("2026-10-23T14:00:00Z"), at), 2 * H_MS);
	assert_int_equal(calendar_service_ms(&cal, utc("2026-10-23T14:00:00Z"), at + 1), 2 * H_MS + 1);
	/* received at night, 0 h: the next opening */
	assert_int_equal(deadline_service_ms(&cal, utc("2026-10-21T22:00:00Z"), 0), utc("2026-10-22T06:00:00Z"));
}

static void around_the_clock_and_the_25_hour_day(void **state)
{
	struct calendar c24;

	(void)state;
	calendar_init(&c24, zone);
	/* 2026-10-25 02:30 CET (the repeated hour's second pass, 01:30Z): day 0 =
	 * the 25-hour Sunday, whose 24:00 is 23:00Z */
	assert_int_equal(deadline_working_days(&c24, utc("2026-10-25T01:30:00Z"), 0), utc("2026-10-25T23:00:00Z"));
	/* 30 hours of an open-all-the-time clock are 30 hours */
	assert_int_equal(deadline_service_ms(&c24, utc("2026-10-25T01:30:00Z"), 30 * H_MS), utc("2026-10-26T07:30:00Z"));
	calendar_release(&c24);
}

static void age_counts_open_days_ended_after_day0(void **state)
{
	int64_t rx = utc("2026-10-23T15:59:00Z");   /* Fri 17:59, day 0 Friday */

	(void)state;
	assert_int_equal(deadline_age_working_days(&cal, rx, utc("2026-10-23T22:00:00Z")), 0);
	/* Mon 26 ends at 23:00Z (CET) */
	assert_int_equal(deadline_age_working_days(&cal, rx, utc("2026-10-26T22:59:59Z")), 0);
	assert_int_equal(deadline_age_working_days(&cal, rx, utc("2026-10-26T23:00:00Z")), 1);
	/* end of Tue 27: Mon and Tue; the age equals the 2-day deadline here */
	assert_int_equal(deadline_age_working_days(&cal, rx, utc("2026-10-27T23:00:00Z")), 2);
	/* before it was received */
	assert_int_equal(deadline_age_working_days(&cal, rx, utc("2026-10-01T00:00:00Z")), 0);
}

static void report_due_working_days_after_the_month(void **state)
{
	int64_t nov1 = civil_to_days(2026, 11, 1);

	(void)state;
	/* October ends Sat 31 24:00 CET; Sun 1 Nov closed: 3 open days after
	 * are Mon 2, Tue 3, Wed 4 Nov; Wed 24:00 CET = 23:00Z */
	assert_int_equal(deadline_after_period(&cal, nov1, 3), utc("2026-11-04T23:00:00Z"));
	/* 0: the period's end, 1 Nov 00:00 CET */
	assert_int_equal(deadline_after_period(&cal, nov1, 0), utc("2026-10-31T23:00:00Z"));
	/* a holiday on Mon 2 Nov moves it to Thu 5 */
	assert_int_equal(calendar_add_holiday(&cal, 2026, 11, 2), 0);
	assert_int_equal(deadline_after_period(&cal, nov1, 3), utc("2026-11-05T23:00:00Z"));
	/* March ends Tue 31 24:00 CEST; 1 open day after: Wed 1 Apr, 24:00 CEST = 22:00Z */
	assert_int_equal(deadline_after_period(&cal, civil_to_days(2026, 4, 1), 1), utc("2026-04-01T22:00:00Z"));
}

static void closed_calendar_has_no_deadline(void **state)
{
	struct calendar none;
	struct ccsla_error err;

	(void)state;
	calendar_init(&none, zone);
	assert_int_equal(calendar_parse_spec(&none, "mon-sun: closed", &err), 0);
	assert_true(deadline_working_days(&none, utc("2026-10-23T10:00:00Z"), 1) == DEADLINE_NEVER);
	assert_true(deadline_service_ms(&none, utc("2026-10-23T10:00:00Z"), H_MS) == DEADLINE_NEVER);
	calendar_release(&none);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(friday_1759_starts_friday_1801_starts_monday, setup, teardown),
		cmocka_unit_test_setup_teardown(holiday_is_no_open_day, setup, teardown),
		cmocka_unit_test_setup_teardown(day_before_a_closed_weekday, setup, teardown),
		cmocka_unit_test_setup_teardown(deadline_across_spring_forward, setup, teardown),
		cmocka_unit_test_setup_teardown(within_hours_across_a_night_and_a_weekend, setup, teardown),
		cmocka_unit_test_setup_teardown(around_the_clock_and_the_25_hour_day, setup, teardown),
		cmocka_unit_test_setup_teardown(age_counts_open_days_ended_after_day0, setup, teardown),
		cmocka_unit_test_setup_teardown(report_due_working_days_after_the_month, setup, teardown),
		cmocka_unit_test_setup_teardown(closed_calendar_has_no_deadline, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
