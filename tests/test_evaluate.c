/* test_evaluate.c -- evaluation of a month from a record store: a value
 * exactly at the target after rounding is met, a population below its
 * minimum volume is not measurable and costs nothing, below minimum is a
 * default with the full allocation in the currency's minor units; an
 * exclusion window removes only contacts a population would count (per
 * SLA and per window); the worst half-hours and days honour the SLA's
 * minimum volume and name its denominator. */
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
#include "contracts/money.h"
#include "core/store.h"
#include "core/timefmt.h"

static char state[256];

static int setup(void **st)
{
	(void)st;
	snprintf(state, sizeof state, "/tmp/ccsla-test-evaluate.XXXXXX");
	return mkdtemp(state) ? 0 : -1;
}

static int teardown(void **st)
{
	char cmd[300];

	(void)st;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", state);
	return system(cmd) == 0 ? 0 : -1;
}

/* n answered voice calls on 2026-10-06 (UTC), the first `within` answered
 * in 10 s, the rest in 60 s. */
static void write_day(const char *client, int n, int within)
{
	struct store_writer w;
	struct ccsla_error err;
	struct contact c;
	char path[512];
	int64_t day = civil_to_days(2026, 10, 6) * MS_PER_DAY;
	int i;

	store_partition_path(path, sizeof path, state, client, day);
	assert_int_equal(store_writer_open(&w, path, &err), 0);
	for (i = 0; i < n; i++) {
		contact_init(&c);
		snprintf(c.client_id, sizeof c.client_id, "%s", client);
		snprintf(c.contact_id, sizeof c.contact_id, "c%06d", i);
		snprintf(c.queue, sizeof c.queue, "default");
		c.channel = CH_VOICE;
		c.direction = DIR_INBOUND;
		c.outcome = OUT_ANSWERED;
		c.arrived_at_ms = day + 3600000 + (int64_t)i * 1000;
		c.answered_at_ms = c.arrived_at_ms + (i < within ? 10000 : 60000);
		c.ended_at_ms = c.answered_at_ms + 120000;
		assert_int_equal(store_writer_add(&w, &c, &err), 0);
	}
	assert_int_equal(store_writer_commit(&w, &err), 0);
}

static void evaluate(const char *file, struct contract *c, struct evaluation *ev)
{
	struct contract_diags d = { 0 };
	struct ccsla_error err;

	assert_int_equal(contract_load(c, file, &d), 0);
	assert_int_equal(evaluate_client_month(ev, c, state, 2026, 10, &err), 0);
	contract_diags_release(&d);
}

static void a_value_exactly_at_the_target_after_rounding_is_met(void **st)
{
	struct contract c;
	struct evaluation ev;

	(void)st;
	write_day("ROUND", 20000, 15999); /* 79.995 % prints as 80.00 */
	evaluate("fixtures/contracts/eval/round.yaml", &c, &ev);
	assert_string_equal(ev.results[0].value, "80.00");
	assert_int_equal(ev.results[0].verdict, VERDICT_MET);
	assert_int_equal(ev.credits.net_total_minor, 0);
	assert_int_equal(ev.results[0].day_count, 31);
	assert_string_equal(ev.results[0].daily[5], "80.00");
	assert_string_equal(ev.results[0].daily[0], "n/a");
	evaluation_release(&ev);
	contract_release(&c);
}

static void below_minimum_is_a_default_with_the_allocation_in_fils(void **st)
{
	struct contract c;
	struct evaluation ev;
	char buf[32];

	(void)st;
	write_day("ROUND", 1000, 700); /* 70 % < 75 % */
	evaluate("fixtures/contracts/eval/round.yaml", &c, &ev);
	assert_int_equal(ev.results[0].verdict, VERDICT_DEFAULT);
	money_format(ev.results[0].credit_minor, c.minor_units, buf, sizeof buf);
	assert_string_equal(buf, "1000.000"); /* 10000.000 KWD × 10 % × 100 % */
	evaluation_release(&ev);
	contract_release(&c);
}

static void an_sla_below_its_minimum_volume_is_not_measurable_and_costs_nothing(void **st)
{
	struct contract c;
	struct evaluation ev;

	(void)st;
	write_day("SMALL", 99, 0); /* 0 % but only 99 offered */
	evaluate("fixtures/contracts/eval/small.yaml", &c, &ev);
	assert_int_equal(ev.results[0].offered, 99);
	assert_int_equal(ev.results[0].verdict, VERDICT_NOT_MEASURABLE);
	assert_string_equal(ev.results[0].reason, "below min_volume 100 (offered 99)");
	assert_int_equal(ev.credits.net_total_minor, 0);
	evaluation_release(&ev);
	contract_release(&c);
}

/* One contact of client WINDOW on 2026-10-06 (UTC) at hh:mm:ss. */
static struct contact window_contact(int hh, int mm, int ss, int channel, int direction, int outcome)
{
	struct contact c;
	static int seq;

	contact_init(&c);
	snprintf(c.client_id, sizeof c.client_id, "WINDOW");
	snprintf(c.contact_id, sizeof c.contact_id, "w%06d", seq++);
	snprintf(c.queue, sizeof c.queue, "default");
	c.channel = channel;
	c.direction = direction;
	c.outcome = outcome;
	c.arrived_at_ms = civil_to_days(2026, 10, 6) * MS_PER_DAY + ((hh * 60 + mm) * 60 + ss) * INT64_C(1000);
	if (outcome == OUT_ANSWERED) {
		c.answered_at_ms = c.arrived_at_ms + 10000;
		c.talk_s = 200;
	}
	c.ended_at_ms = c.arrived_at_ms + 300000;
	return c;
}

static void write_contacts(const struct contact *cs, size_t n)
{
	struct store_writer w;
	struct ccsla_error err;
	char path[512];
	size_t i;

	store_partition_path(path, sizeof path, state, "WINDOW", civil_to_days(2026, 10, 6) * MS_PER_DAY);
	assert_int_equal(store_writer_open(&w, path, &err), 0);
	for (i = 0; i < n; i++)
		assert_int_equal(store_writer_add(&w, &cs[i], &err), 0);
	assert_int_equal(store_writer_commit(&w, &err), 0);
}

/* issue 15 (ACME's window read "Removed 22" and "excluded 16" for 20 and
 * 15): the window removes an offered inbound voice call from the voice
 * SLAs and from the overview's count; a deflected call and an outbound
 * e-mail inside it are removed from nothing. */
static void a_window_removes_only_contacts_a_population_would_count(void **st)
{
	struct contact cs[4];
	struct contract c;
	struct evaluation ev;

	(void)st;
	cs[0] = window_contact(10, 5, 0, CH_VOICE, DIR_INBOUND, OUT_ANSWERED);
	cs[1] = window_contact(10, 10, 0, CH_VOICE, DIR_INBOUND, OUT_DEFLECTED);
	cs[2] = window_contact(10, 20, 0, CH_EMAIL, DIR_OUTBOUND, OUT_ANSWERED);
	cs[3] = window_contact(12, 0, 0, CH_VOICE, DIR_INBOUND, OUT_ANSWERED);
	write_contacts(cs, 4);
	evaluate("fixtures/contracts/eval/window.yaml", &c, &ev);
	assert_non_null(ev.exclusion_removed);
	assert_int_equal(ev.exclusion_removed[0], 1);
	assert_int_equal(ev.results[0].excluded, 1);
	assert_int_equal(ev.results[0].offered, 1);
	assert_int_equal(ev.results[0].total.excluded, 1);
	evaluation_release(&ev);
	contract_release(&c);
}

/* The exclusions table per SLA equals each SLA page's excluded count. */
static void each_sla_counts_what_each_window_removed(void **st)
{
	struct contact cs[3];
	struct contract c;
	struct evaluation ev;
	size_t i;

	(void)st;
	cs[0] = window_contact(10, 5, 0, CH_VOICE, DIR_INBOUND, OUT_ANSWERED);
	cs[1] = window_contact(10, 6, 0, CH_CHAT, DIR_INBOUND, OUT_ANSWERED); /* no SLA's channel */
	cs[2] = window_contact(10, 7, 0, CH_VOICE, DIR_INBOUND, OUT_ABANDONED);
	write_contacts(cs, 3);
	evaluate("fixtures/contracts/eval/window.yaml", &c, &ev);
	assert_int_equal(ev.exclusion_removed[0], 3); /* the overview: every channel */
	for (i = 0; i < ev.result_count; i++) {
		assert_non_null(ev.results[i].excluded_by_window);
		assert_int_equal(ev.results[i].excluded_by_window[0], 2);
		assert_int_equal(ev.results[i].excluded, 2);
	}
	evaluation_release(&ev);
	contract_release(&c);
}

/* report.md: worst sub-periods ranked by the SLA's own metric among those
 * with its minimum volume (10 when it has none), each with its own
 * numerator and denominator named. */
static void worst_periods_use_the_sla_minimum_volume_and_name_the_denominator(void **st)
{
	struct contact cs[32];
	struct contract c;
	struct evaluation ev;
	size_t n = 0;
	int i;

	(void)st;
	/* 08:00: one call, late and with a bad score: never ranked */
	cs[n] = window_contact(8, 0, 0, CH_VOICE, DIR_INBOUND, OUT_ANSWERED);
	cs[n].answered_at_ms = cs[n].arrived_at_ms + 60000;
	cs[n++].csat = 1;
	/* 14:00-14:09: 10 calls, 6 answered within 20 s, 2 of 8 scores top-2 */
	for (i = 0; i < 10; i++) {
		cs[n] = window_contact(14, i, 0, CH_VOICE, DIR_INBOUND, OUT_ANSWERED);
		if (i >= 6)
			cs[n].answered_at_ms = cs[n].arrived_at_ms + 60000;
		if (i < 8)
			cs[n].csat = i < 2 ? 5 : 2;
		n++;
	}
	write_contacts(cs, n);
	evaluate("fixtures/contracts/eval/window.yaml", &c, &ev);
	/* SL: min_volume 5: the 14:00 half-hour and the day (11 offered) */
	assert_int_equal(ev.results[0].worst_min_volume, 5);
	assert_int_equal(ev.results[0].worst_count, 2);
	assert_int_equal(ev.results[0].worst_interval_count, 1);
	assert_string_equal(ev.results[0].worst[0].when, "2026-10-06T14:00+00:00");
	assert_string_equal(ev.results[0].worst[0].value, "60.00");
	assert_string_equal(ev.results[0].worst[0].basis, "6 of 10 counted");
	assert_string_equal(ev.results[0].worst[1].when, "2026-10-06");
	assert_string_equal(ev.results[0].worst[1].basis, "6 of 11 counted");
	/* CSAT top-2 without a minimum volume: 10; the 08:00 half-hour (0 %)
	 * has 1 offered and is left out */
	assert_int_equal(ev.results[1].worst_min_volume, 10);
	assert_int_equal(ev.results[1].worst_count, 2);
	assert_string_equal(ev.results[1].worst[0].value, "25.00");
	assert_string_equal(ev.results[1].worst[0].basis, "2 of 8 responses");
	assert_string_equal(ev.results[1].worst[1].basis, "2 of 9 responses");
	/* AHT: its denominator is answered contacts with a handling time */
	assert_string_equal(ev.results[2].worst[0].value, "200.000");
	assert_string_equal(ev.results[2].worst[0].basis, "10 answered");
	evaluation_release(&ev);
	contract_release(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(a_value_exactly_at_the_target_after_rounding_is_met, setup, teardown),
		cmocka_unit_test_setup_teardown(below_minimum_is_a_default_with_the_allocation_in_fils, setup, teardown),
		cmocka_unit_test_setup_teardown(an_sla_below_its_minimum_volume_is_not_measurable_and_costs_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(a_window_removes_only_contacts_a_population_would_count, setup, teardown),
		cmocka_unit_test_setup_teardown(each_sla_counts_what_each_window_removed, setup, teardown),
		cmocka_unit_test_setup_teardown(worst_periods_use_the_sla_minimum_volume_and_name_the_denominator, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
