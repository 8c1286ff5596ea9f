/* test_evaluate.c -- evaluation of a month from a record store: a value
 * exactly at the target after rounding is met, a population below its
 * minimum volume is not measurable and costs nothing, below minimum is a
 * default with the full allocation in the currency's minor units. */
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(a_value_exactly_at_the_target_after_rounding_is_met, setup, teardown),
		cmocka_unit_test_setup_teardown(below_minimum_is_a_default_with_the_allocation_in_fils, setup, teardown),
		cmocka_unit_test_setup_teardown(an_sla_below_its_minimum_volume_is_not_measurable_and_costs_nothing, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
