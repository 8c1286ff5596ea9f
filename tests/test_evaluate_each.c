/* test_evaluate_each.c -- per-period targets (contracts.md v2 "each:"),
 * every figure computed by hand from a few dozen calls in Europe/Berlin
 * (fixtures/contracts/eval/each.yaml): half-hours with allowed_misses, days
 * with a compliance and its minimum (a default and its credit), ISO weeks
 * clipped at the month's edges, 15-minute ASA, hourly p90 wait (waits kept
 * per interval), interval_compliance named as a metric; the 25-hour day of
 * October and the 23-hour day of March; empty and small sub-periods that do
 * not count; a month with nothing counted is not measurable; every missed
 * sub-period in results.json; linear credits on points of compliance;
 * and every contract mistake with its file:line:column (two broken files,
 * 19 mistakes). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "contracts/contract.h"
#include "contracts/evaluate.h"
#include "core/store.h"
#include "core/timefmt.h"

#define CONTRACT "fixtures/contracts/eval/each.yaml"
#define BROKEN "fixtures/contracts/broken/each-errors.yaml"
#define HOUR_MS INT64_C(3600000)

static char state[256];

static int setup(void **st)
{
	(void)st;
	snprintf(state, sizeof state, "/tmp/ccsla-test-each.XXXXXX");
	return mkdtemp(state) ? 0 : -1;
}

static int teardown(void **st)
{
	char cmd[300];

	(void)st;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", state);
	return system(cmd) == 0 ? 0 : -1;
}

static struct contact calls[64];
static size_t call_count;

/* n answered voice calls one minute apart from local hh:mm at UTC offset
 * off_h, each waiting wait_s. */
static void add(int y, int mo, int d, int hh, int mm, int off_h, int n, int wait_s)
{
	int64_t t = civil_to_days(y, mo, d) * MS_PER_DAY + (hh * 60 + mm) * INT64_C(60000) - off_h * HOUR_MS;

	for (int i = 0; i < n; i++) {
		struct contact *c = &calls[call_count];

		contact_init(c);
		snprintf(c->client_id, sizeof c->client_id, "EACHB");
		snprintf(c->contact_id, sizeof c->contact_id, "e%04zu", call_count);
		snprintf(c->queue, sizeof c->queue, "default");
		c->channel = CH_VOICE;
		c->direction = DIR_INBOUND;
		c->outcome = OUT_ANSWERED;
		c->arrived_at_ms = t + i * INT64_C(60000);
		c->answered_at_ms = c->arrived_at_ms + wait_s * INT64_C(1000);
		c->ended_at_ms = c->answered_at_ms + 120000;
		call_count++;
	}
}

/* The calls, one store partition per UTC day (added in time order). */
static void write_calls(void)
{
	struct ccsla_error err;
	size_t i = 0;

	while (i < call_count) {
		int64_t day = calls[i].arrived_at_ms / MS_PER_DAY;
		struct store_writer w;
		char path[512];

		store_partition_path(path, sizeof path, state, "EACHB", day * MS_PER_DAY);
		assert_int_equal(store_writer_open(&w, path, &err), 0);
		for (; i < call_count && calls[i].arrived_at_ms / MS_PER_DAY == day; i++)
			assert_int_equal(store_writer_add(&w, &calls[i], &err), 0);
		assert_int_equal(store_writer_commit(&w, &err), 0);
	}
}

/* within 20 s: 10 s; late: 60 s. Local times, Berlin (+02:00 until
 * 2026-10-25 03:00, +01:00 after; +01:00 until 2026-03-29 02:00). */
static void the_month(void)
{
	call_count = 0;
	add(2026, 3, 29, 1, 45, 1, 2, 10);   /* 01:30+01:00 half-hour, met */
	add(2026, 3, 29, 3, 10, 2, 2, 60);   /* 03:00+02:00, the next one: missed */
	add(2026, 9, 30, 23, 30, 2, 1, 60);  /* September: in no October sub-period */
	add(2026, 10, 1, 12, 0, 2, 2, 10);   /* Thursday: the first, short week */
	add(2026, 10, 6, 10, 0, 2, 4, 10);   /* 10:00 half-hour 4/4 */
	add(2026, 10, 6, 10, 30, 2, 2, 10);  /* 10:30 half-hour 2/4 */
	add(2026, 10, 6, 10, 32, 2, 2, 60);
	add(2026, 10, 6, 11, 0, 2, 1, 60);   /* 1 offered: below min_volume 2 */
	add(2026, 10, 7, 9, 0, 2, 3, 10);    /* 09:00 half-hour 3/5 */
	add(2026, 10, 7, 9, 3, 2, 2, 60);
	add(2026, 10, 8, 10, 0, 2, 3, 10);   /* 3/3 */
	add(2026, 10, 25, 2, 15, 2, 2, 10);  /* 02:00+02:00: met */
	add(2026, 10, 25, 2, 15, 1, 2, 60);  /* 02:00+01:00, the repeated hour: missed */
	write_calls();
}

static void evaluate(struct contract *c, struct evaluation *ev, int month)
{
	struct contract_diags d = { 0 };
	struct ccsla_error err;

	assert_int_equal(contract_load(c, CONTRACT, &d), 0);
	assert_int_equal(evaluate_client_month(ev, c, state, 2026, month, &err), 0);
	contract_diags_release(&d);
}

static const struct sla_result *result(const struct evaluation *ev, const char *id)
{
	for (size_t i = 0; i < ev->result_count; i++)
		if (!strcmp(ev->results[i].sla->id, id))
			return &ev->results[i];
	fail_msg("no SLA %s", id);
	return NULL;
}

static const struct each_sub *sub_at(const struct each_result *er, const char *start)
{
	for (size_t i = 0; i < er->sub_count; i++)
		if (!strcmp(er->subs[i].start, start))
			return &er->subs[i];
	fail_msg("no sub-period starting %s", start);
	return NULL;
}

static size_t subs_on(const struct each_result *er, const char *date)
{
	size_t n = 0;

	for (size_t i = 0; i < er->sub_count; i++)
		n += !strncmp(er->subs[i].start, date, 10);
	return n;
}

/* 30-minute intervals, min_volume 2, allowed_misses 1: counted 7 (the
 * 11:00 half-hour has 1 call), met 4, missed 3 > 1: missed, and under
 * expected_defaults 1 a default worth 50 % of the 100.00 at risk. */
static void half_hours_with_allowed_misses(void **st)
{
	struct contract c;
	struct evaluation ev;
	const struct sla_result *r;
	const struct each_result *er;

	(void)st;
	the_month();
	evaluate(&c, &ev, 10);
	r = result(&ev, "SL-HH");
	assert_non_null(er = r->each);
	assert_int_equal(er->sub_count, 31 * 48 + 2); /* the 25-hour day */
	assert_int_equal(er->counted, 7);
	assert_int_equal(er->met, 4);
	assert_int_equal(er->missed, 3);
	assert_int_equal(er->below_min_volume, 1);
	assert_int_equal(er->empty, 1490 - 8);
	assert_string_equal(r->metric, "interval_compliance_pct");
	assert_string_equal(r->value, "57.14"); /* 400 / 7 */
	assert_string_equal(r->basis, "4 of 7 half-hours met");
	assert_string_equal(r->target, "at most 1 missed");
	assert_int_equal(r->status, SLA_MISSED);
	assert_int_equal(r->verdict, VERDICT_DEFAULT);
	assert_int_equal(r->credit_minor, 5000);
	assert_string_equal(er->summary, "80/20 met in 4 of 7 half-hours; 3 missed, 1 allowed");
	assert_string_equal(sub_at(er, "2026-10-06T10:30+02:00")->value, "50.00");
	assert_int_equal(sub_at(er, "2026-10-06T10:30+02:00")->den, 4);
	assert_string_equal(sub_at(er, "2026-10-06T10:30+02:00")->basis, "2 of 4 counted");
	assert_false(sub_at(er, "2026-10-06T11:00+02:00")->counted);
	assert_false(sub_at(er, "2026-10-06T11:30+02:00")->counted); /* empty */
	assert_true(sub_at(er, "2026-10-06T10:00+02:00")->met);
	assert_string_equal(sub_at(er, "2026-10-07T09:00+02:00")->value, "60.00");
	evaluation_release(&ev);
	contract_release(&c);
}

/* The 25-hour day: 50 half-hours; 02:00 twice, told apart by the offset,
 * each judged on its own calls. */
static void the_25_hour_day_has_its_repeated_hour_twice(void **st)
{
	struct contract c;
	struct evaluation ev;
	const struct each_result *er, *day;
	const struct each_sub *d25;

	(void)st;
	the_month();
	evaluate(&c, &ev, 10);
	er = result(&ev, "SL-HH")->each;
	assert_int_equal(subs_on(er, "2026-10-25"), 50);
	assert_true(sub_at(er, "2026-10-25T02:00+02:00")->met);
	assert_true(sub_at(er, "2026-10-25T02:00+01:00")->counted);
	assert_false(sub_at(er, "2026-10-25T02:00+01:00")->met);
	assert_string_equal(sub_at(er, "2026-10-25T02:00+01:00")->value, "0.00");
	assert_int_equal(subs_on(result(&ev, "ASA-15")->each, "2026-10-25"), 100);
	assert_int_equal(subs_on(result(&ev, "P90-HOUR")->each, "2026-10-25"), 25);
	day = result(&ev, "SL-DAY")->each;
	d25 = sub_at(day, "2026-10-25T00:00+02:00");
	assert_string_equal(d25->end, "2026-10-26T00:00+01:00");
	assert_int_equal(d25->end_ms - d25->start_ms, 25 * HOUR_MS);
	assert_string_equal(d25->value, "50.00"); /* 2 of 4 */
	evaluation_release(&ev);
	contract_release(&c);
}

/* March: 46 half-hours on the 29th, 01:30+01:00 followed by 03:00+02:00. */
static void the_23_hour_day_skips_its_missing_hour(void **st)
{
	struct contract c;
	struct evaluation ev;
	const struct sla_result *r;
	const struct each_result *er;
	const struct each_sub *d29;

	(void)st;
	the_month();
	evaluate(&c, &ev, 3);
	r = result(&ev, "SL-HH");
	er = r->each;
	assert_int_equal(er->sub_count, 31 * 48 - 2);
	assert_int_equal(subs_on(er, "2026-03-29"), 46);
	assert_string_equal(sub_at(er, "2026-03-29T01:30+01:00")->end, "2026-03-29T03:00+02:00");
	assert_true(sub_at(er, "2026-03-29T01:30+01:00")->met);
	assert_false(sub_at(er, "2026-03-29T03:00+02:00")->met);
	assert_int_equal(er->counted, 2);
	assert_int_equal(er->missed, 1);
	assert_int_equal(r->status, SLA_MET); /* 1 missed, 1 allowed */
	assert_string_equal(r->value, "50.00");
	d29 = sub_at(result(&ev, "SL-DAY")->each, "2026-03-29T00:00+01:00");
	assert_int_equal(d29->end_ms - d29->start_ms, 23 * HOUR_MS);
	assert_int_equal(result(&ev, "IC-HOUR")->each->sub_count, 31 * 24 - 1);
	evaluation_release(&ev);
	contract_release(&c);
}

/* Days: 1 Oct 2/2, 6 Oct 6/9, 7 Oct 3/5, 8 Oct 3/3, 25 Oct 2/4: 2 of 5
 * met, 40.00 % below the compliance minimum 50: a default; 26 empty days
 * do not count. */
static void days_below_the_compliance_minimum_are_a_default(void **st)
{
	struct contract c;
	struct evaluation ev;
	const struct sla_result *r;

	(void)st;
	the_month();
	evaluate(&c, &ev, 10);
	r = result(&ev, "SL-DAY");
	assert_int_equal(r->each->sub_count, 31);
	assert_int_equal(r->each->counted, 5);
	assert_int_equal(r->each->empty, 26);
	assert_string_equal(r->value, "40.00");
	assert_string_equal(r->target, ">= 90");
	assert_string_equal(r->minimum, ">= 50");
	assert_int_equal(r->status, SLA_BELOW_MINIMUM);
	assert_int_equal(r->verdict, VERDICT_DEFAULT);
	assert_string_equal(sub_at(r->each, "2026-10-06T00:00+02:00")->value, "66.67");
	/* with 5 counted days, >= 90 % allows no miss */
	assert_string_equal(r->each->summary, "80/20 met in 2 of 5 days; 3 missed, 0 allowed");
	assert_int_equal(ev.credits.capped_total_minor, 10000);
	evaluation_release(&ev);
	contract_release(&c);
}

/* ISO weeks clipped to the month: Thu 1 - Sun 4, 5-11, 12-18, 19-25 (169
 * hours), Mon 26 - Sat 31; the September call is in none. */
static void weeks_are_clipped_at_the_month_edges(void **st)
{
	struct contract c;
	struct evaluation ev;
	const struct sla_result *r;
	const struct each_result *er;

	(void)st;
	the_month();
	evaluate(&c, &ev, 10);
	r = result(&ev, "SL-WEEK");
	er = r->each;
	assert_int_equal(er->sub_count, 5);
	assert_string_equal(er->subs[0].start, "2026-10-01T00:00+02:00");
	assert_string_equal(er->subs[0].end, "2026-10-05T00:00+02:00");
	assert_int_equal(er->subs[0].offered, 2);
	assert_true(er->subs[0].met);
	assert_string_equal(er->subs[1].value, "70.59"); /* 12 of 17 */
	assert_int_equal(er->subs[3].end_ms - er->subs[3].start_ms, (7 * 24 + 1) * HOUR_MS);
	assert_string_equal(er->subs[3].value, "50.00");
	assert_string_equal(er->subs[4].start, "2026-10-26T00:00+01:00");
	assert_string_equal(er->subs[4].end, "2026-11-01T00:00+01:00");
	assert_int_equal(er->counted, 3);
	assert_int_equal(er->missed, 2);
	assert_string_equal(r->metric, "week_compliance_pct");
	assert_int_equal(r->verdict, VERDICT_MISSED); /* key: no default */
	evaluation_release(&ev);
	contract_release(&c);
}

/* Other metrics: ASA per quarter-hour (<= 20 s, 4 of 8: 50.00 meets >= 50);
 * p90 per hour from waits kept per interval (the 10:00 hour of 6 Oct: 8
 * waits, rank 8 = 60 s); interval_compliance: hourly service level >= 80
 * in 3 of 7 hours = 42.86 < 50. */
static void every_metric_can_be_held_each_interval(void **st)
{
	struct contract c;
	struct evaluation ev;
	const struct sla_result *r;

	(void)st;
	the_month();
	evaluate(&c, &ev, 10);
	r = result(&ev, "ASA-15");
	assert_int_equal(r->each->sub_count, 31 * 96 + 4);
	assert_int_equal(r->each->counted, 8);
	assert_string_equal(sub_at(r->each, "2026-10-06T10:30+02:00")->value, "35.000");
	assert_string_equal(r->value, "50.00");
	assert_int_equal(r->status, SLA_MET);
	r = result(&ev, "P90-HOUR");
	assert_int_equal(r->each->sub_count, 31 * 24 + 1);
	assert_string_equal(sub_at(r->each, "2026-10-06T10:00+02:00")->value, "60.000");
	assert_string_equal(sub_at(r->each, "2026-10-01T12:00+02:00")->value, "10.000");
	assert_int_equal(r->each->counted, 7);
	assert_int_equal(r->each->met, 3);
	assert_int_equal(r->status, SLA_MISSED);
	r = result(&ev, "IC-HOUR");
	assert_string_equal(r->metric, "interval_compliance_pct");
	assert_string_equal(r->each->sub_target, ">= 80");
	assert_string_equal(r->target, ">= 50");
	assert_string_equal(sub_at(r->each, "2026-10-06T10:00+02:00")->value, "75.00");
	assert_string_equal(r->value, "42.86");
	assert_int_equal(r->status, SLA_MISSED);
	evaluation_release(&ev);
	contract_release(&c);
}

/* A month without a counted sub-period has no compliance: not measurable,
 * no credit, never met. */
static void a_month_with_nothing_counted_is_not_measurable(void **st)
{
	struct contract c;
	struct evaluation ev;
	const struct sla_result *r;

	(void)st;
	the_month();
	evaluate(&c, &ev, 11);
	r = result(&ev, "SL-HH");
	assert_int_equal(r->each->counted, 0);
	assert_int_equal(r->each->empty, (int64_t)r->each->sub_count);
	assert_string_equal(r->value, "n/a");
	assert_int_equal(r->verdict, VERDICT_NOT_MEASURABLE);
	assert_non_null(strstr(r->reason, "no half-hour counted"));
	assert_int_equal(ev.credits.capped_total_minor, 0);
	evaluation_release(&ev);
	contract_release(&c);
}

/* results.json lists every missed sub-period with start, value,
 * numerator and denominator, and no met or uncounted one. */
static void results_json_lists_every_missed_sub_period(void **st)
{
	struct contract c;
	struct evaluation ev;
	char path[300], text[1 << 16], *hh, *next;
	FILE *fp;
	size_t n;

	(void)st;
	the_month();
	evaluate(&c, &ev, 10);
	snprintf(path, sizeof path, "%s/results.json", state);
	assert_non_null(fp = fopen(path, "w"));
	evaluate_write_results_json(&ev, fp);
	fclose(fp);
	assert_non_null(fp = fopen(path, "r"));
	n = fread(text, 1, sizeof text - 1, fp);
	fclose(fp);
	text[n] = '\0';
	assert_non_null(hh = strstr(text, "\"id\": \"SL-HH\""));
	next = strstr(hh, "\"id\": \"SL-DAY\"");
	assert_non_null(next);
	*next = '\0';
	assert_non_null(strstr(hh, "\"missed_sub_periods\""));
	assert_non_null(strstr(hh, "\"start\": \"2026-10-06T10:30+02:00\""));
	assert_non_null(strstr(hh, "\"numerator\": 2"));
	assert_non_null(strstr(hh, "\"denominator\": 4"));
	assert_non_null(strstr(hh, "\"start\": \"2026-10-07T09:00+02:00\""));
	assert_non_null(strstr(hh, "\"start\": \"2026-10-25T02:00+01:00\""));
	assert_null(strstr(hh, "\"start\": \"2026-10-25T02:00+02:00\""));
	assert_null(strstr(hh, "\"start\": \"2026-10-06T11:00+02:00\""));
	assert_non_null(strstr(hh, "\"allowed_misses\": 1"));
	evaluation_release(&ev);
	contract_release(&c);
}

static void assert_diag(const struct contract_diags *d, long line, long column, const char *text)
{
	for (size_t i = 0; i < d->count; i++)
		if (d->items[i].line == line && d->items[i].column == column && strstr(d->items[i].msg, text))
			return;
	for (size_t i = 0; i < d->count; i++)
		print_message("%ld:%ld: %s\n", d->items[i].line, d->items[i].column, d->items[i].msg);
	fail_msg("no diagnostic %ld:%ld: %s", line, column, text);
}

static void every_each_mistake_names_line_and_column(void **st)
{
	struct contract c;
	struct contract_diags d = { 0 };

	(void)st;
	assert_int_equal(contract_load(&c, BROKEN, &d), -1);
	assert_int_equal(d.count, 13);
	assert_diag(&d, 19, 11, "'each': unknown value 'hourly', expected interval, day or week");
	assert_diag(&d, 25, 19, "'interval_min' must be 15, 30 or 60 (local minutes), not 20");
	assert_diag(&d, 32, 21, "'allowed_misses' applies to SLAs with each: interval, day or week only");
	assert_diag(&d, 36, 11, "each: day needs 'compliance'");
	assert_diag(&d, 44, 21, "give either 'compliance' or 'allowed_misses', not both");
	assert_diag(&d, 50, 14, "'minimum' applies to a month SLA's value; with each:");
	assert_diag(&d, 57, 17, "'compliance': '<= 90' must be >= or >");
	assert_diag(&d, 62, 19, "'interval_min' applies to each: interval only, not to each: day");
	assert_diag(&d, 68, 11, "each: applies to the interaction metrics");
	assert_diag(&d, 77, 25, "'compliance_minimum' is stricter than 'compliance'");
	assert_diag(&d, 79, 5, "metric interval_compliance needs 'interval_target'");
	assert_diag(&d, 85, 13, "period 'day' is not supported: SLAs are evaluated per month");
	assert_diag(&d, 90, 11, "each: month is a month SLA: leave 'each' out");
	contract_diags_release(&d);
}

#define MORE "fixtures/contracts/broken/each-more.yaml"

static void each_keys_out_of_place_name_line_and_column(void **st)
{
	struct contract c;
	struct contract_diags d = { 0 };

	(void)st;
	assert_int_equal(contract_load(&c, MORE, &d), -1);
	assert_int_equal(d.count, 6);
	assert_diag(&d, 22, 17, "'compliance' applies to SLAs with each: interval, day or week only");
	assert_diag(&d, 28, 21, "'allowed_misses' gives no points below a target for the linear credit model");
	assert_diag(&d, 34, 21, "'allowed_misses' does not apply to metric interval_compliance");
	assert_diag(&d, 39, 22, "'interval_target' applies to metric interval_compliance only");
	assert_diag(&d, 46, 21, "give either 'compliance' or 'allowed_misses', not both");
	assert_diag(&d, 49, 13, "unknown metric 'interval_complience', did you mean 'interval_compliance'?");
	contract_diags_release(&d);
}

/* linear: 1 % of 1000.00 per point of compliance below 80: 4 of 7
 * half-hours = 57.14 %, 22.86 points, 228.60 EUR (cap 50 %: 500.00). */
static void linear_credits_count_points_of_compliance(void **st)
{
	struct contract c;
	struct contract_diags d = { 0 };
	struct ccsla_error err;
	struct evaluation ev;

	(void)st;
	the_month();
	assert_int_equal(contract_load(&c, "fixtures/contracts/eval/each-linear.yaml", &d), 0);
	assert_int_equal(evaluate_client_month(&ev, &c, state, 2026, 10, &err), 0);
	assert_string_equal(ev.results[0].value, "57.14");
	assert_int_equal(ev.results[0].status, SLA_MISSED);
	assert_int_equal(ev.results[0].credit_minor, 22860);
	assert_int_equal(ev.credits.capped_total_minor, 22860);
	evaluation_release(&ev);
	contract_release(&c);
	contract_diags_release(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(half_hours_with_allowed_misses, setup, teardown),
		cmocka_unit_test_setup_teardown(the_25_hour_day_has_its_repeated_hour_twice, setup, teardown),
		cmocka_unit_test_setup_teardown(the_23_hour_day_skips_its_missing_hour, setup, teardown),
		cmocka_unit_test_setup_teardown(days_below_the_compliance_minimum_are_a_default, setup, teardown),
		cmocka_unit_test_setup_teardown(weeks_are_clipped_at_the_month_edges, setup, teardown),
		cmocka_unit_test_setup_teardown(every_metric_can_be_held_each_interval, setup, teardown),
		cmocka_unit_test_setup_teardown(a_month_with_nothing_counted_is_not_measurable, setup, teardown),
		cmocka_unit_test_setup_teardown(results_json_lists_every_missed_sub_period, setup, teardown),
		cmocka_unit_test(every_each_mistake_names_line_and_column),
		cmocka_unit_test(each_keys_out_of_place_name_line_and_column),
		cmocka_unit_test_setup_teardown(linear_credits_count_points_of_compliance, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
