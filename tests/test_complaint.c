/* test_complaint.c -- the complaint-handling figures (metrics/complaint.h):
 * in time, late or pending against a deadline at the watermark, the
 * instant at the deadline in time, the backlog and its oldest age, n/a on
 * an empty population. Calendar: Europe/Berlin, mon-fri 08:00-18:00. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/timefmt.h"
#include "metrics/complaint.h"

static struct tz *zone;
static struct calendar cal;

static int64_t utc(const char *text)
{
	int64_t ms;
	const char *why;

	assert_int_equal(rfc3339_parse(text, &ms, &why), 0);
	return ms;
}

static struct complaint_case kase(const char *id, const char *rx, const char *ack, const char *res)
{
	struct complaint_case c;

	memset(&c, 0, sizeof c);
	strcpy(c.case_id, id);
	c.channel = -1;
	c.caused_by = CAUSED_UNKNOWN;
	c.received_ms = utc(rx);
	c.ack_ms = ack ? utc(ack) : TIME_NONE;
	c.resolved_ms = res ? utc(res) : TIME_NONE;
	return c;
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
	return 0;
}

static void deadline_parse_and_text(void **state)
{
	struct complaint_deadline d;
	char buf[48];

	(void)state;
	assert_int_equal(complaint_deadline_parse("2d", &d), 0);
	assert_int_equal(d.working_days, 2);
	assert_int_equal(d.service_hours, -1);
	assert_string_equal(complaint_deadline_text(&d, buf, sizeof buf), "2 working days");
	assert_int_equal(complaint_deadline_parse("16h", &d), 0);
	assert_int_equal(d.service_hours, 16);
	assert_string_equal(complaint_deadline_text(&d, buf, sizeof buf), "16 service hours");
	assert_int_equal(complaint_deadline_parse("1d", &d), 0);
	assert_string_equal(complaint_deadline_text(&d, buf, sizeof buf), "1 working day");
	assert_int_equal(complaint_deadline_parse("0d", &d), 0);
	assert_int_equal(complaint_deadline_parse("2", &d), -1);
	assert_int_equal(complaint_deadline_parse("d", &d), -1);
	assert_int_equal(complaint_deadline_parse("-2d", &d), -1);
	assert_int_equal(complaint_deadline_parse("2 d", &d), -1);
	assert_int_equal(complaint_deadline_parse("1000d", &d), -1);
	assert_int_equal(complaint_deadline_parse("2w", &d), -1);
}

static void in_time_late_pending_at_the_watermark(void **state)
{
	struct complaint_deadline two = { 2, -1 };
	struct complaint_totals t;
	struct ratio r;
	/* Fri 23 Oct 17:59 CEST: 2 wd = end of Tue 27 = 23:00Z */
	struct complaint_case at = kase("A", "2026-10-23T15:59:00Z", "2026-10-27T23:00:00Z", NULL);
	struct complaint_case after = kase("B", "2026-10-23T15:59:00Z", "2026-10-27T23:00:00.001Z", NULL);
	struct complaint_case open = kase("C", "2026-10-23T15:59:00Z", NULL, NULL);

	(void)state;
	complaint_totals_init(&t);
	complaint_add(&t, &at, &cal, &two, NULL, utc("2026-10-28T12:00:00Z"));
	complaint_add(&t, &after, &cal, &two, NULL, utc("2026-10-28T12:00:00Z"));
	/* not acknowledged: pending while the watermark is at the deadline, late after */
	complaint_add(&t, &open, &cal, &two, NULL, utc("2026-10-27T23:00:00Z"));
	complaint_add(&t, &open, &cal, &two, NULL, utc("2026-10-27T23:00:00.001Z"));
	assert_int_equal(t.received, 4);
	assert_int_equal(t.ack_in_time, 1);
	assert_int_equal(t.ack_late, 2);
	assert_int_equal(t.ack_pending, 1);
	assert_int_equal(t.resolved_in_time + t.resolved_late + t.resolved_pending, 0); /* not judged */
	assert_int_equal(complaint_value(&t, METRIC_COMPLAINT_ACK, &r), 0);
	assert_int_equal(r.num, 100);
	assert_int_equal(r.den, 3);          /* the pending case counts nowhere */
	assert_int_equal(complaint_value(&t, METRIC_COMPLAINT_RESOLVED, &r), 0);
	assert_true(ratio_is_na(&r));        /* nothing judged: n/a, never 0 or 100 */
	assert_int_equal(complaint_value(&t, METRIC_AHT, &r), -1);
}

static void service_hour_deadline_resolved(void **state)
{
	struct complaint_deadline eight = { -1, 8 };
	struct complaint_totals t;

	(void)state;
	complaint_totals_init(&t);
	/* Fri 23 Oct 16:30 CEST + 8 service hours: 1.5 h Friday, 6.5 h from Mon
	 * 08:00 CET = 14:30 CET = 13:30Z */
	struct complaint_case c1 = kase("A", "2026-10-23T14:30:00Z", NULL, "2026-10-26T13:30:00Z");
	struct complaint_case c2 = kase("B", "2026-10-23T14:30:00Z", NULL, "2026-10-26T13:30:01Z");

	complaint_add(&t, &c1, &cal, NULL, &eight, utc("2026-11-01T00:00:00Z"));
	complaint_add(&t, &c2, &cal, NULL, &eight, utc("2026-11-01T00:00:00Z"));
	assert_int_equal(t.resolved_in_time, 1);
	assert_int_equal(t.resolved_late, 1);
	assert_int_equal(t.ack_in_time + t.ack_late + t.ack_pending, 0);
}

static void backlog_and_oldest_age(void **state)
{
	struct complaint_totals t;
	struct ratio r;
	int64_t end = utc("2026-10-31T23:00:00Z");   /* end of October, CET */
	struct complaint_case cs[] = {
		kase("OLD", "2026-09-30T10:00:00Z", NULL, "2026-11-02T10:00:00Z"),  /* open at the end */
		kase("DONE", "2026-10-05T07:00:00Z", NULL, "2026-10-30T10:00:00Z"), /* resolved before */
		kase("NEW", "2026-10-30T16:00:00Z", NULL, NULL),                   /* day 0 Fri 30: age 0 */
		kase("NOV", "2026-11-02T09:00:00Z", NULL, NULL),                   /* after the end */
		kase("EDGE", "2026-10-29T10:00:00Z", NULL, "2026-10-31T23:00:00Z"), /* resolved at the end */
	};

	(void)state;
	complaint_totals_init(&t);
	assert_int_equal(complaint_value(&t, METRIC_COMPLAINT_BACKLOG, &r), 0);
	assert_int_equal(r.num, 0);
	assert_int_equal(t.oldest_age_wd, -1);
	for (size_t i = 0; i < sizeof cs / sizeof *cs; i++)
		complaint_add_backlog(&t, &cs[i], &cal, end);
	/* OLD, NEW and EDGE (resolved at the first instant after the period) */
	assert_int_equal(t.backlog, 3);
	assert_string_equal(t.oldest_case, "OLD");
	/* open days ended after Wed 30 Sep: 1-2, 5-9, 12-16, 19-23, 26-30 Oct = 22 */
	assert_int_equal(t.oldest_age_wd, 22);
	assert_int_equal(complaint_value(&t, METRIC_COMPLAINT_BACKLOG, &r), 0);
	assert_int_equal(r.num, 3);
	assert_int_equal(r.den, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(deadline_parse_and_text),
		cmocka_unit_test_setup_teardown(in_time_late_pending_at_the_watermark, setup, teardown),
		cmocka_unit_test_setup_teardown(service_hour_deadline_resolved, setup, teardown),
		cmocka_unit_test_setup_teardown(backlog_and_oldest_age, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
