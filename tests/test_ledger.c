/* test_ledger.c -- the ledger gives later months their history: target
 * misses in the rolling 12 months, the previous month's default, earn-back
 * after months on target; a month written again replaces the old one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "contracts/credits.h"
#include "contracts/ledger.h"

static char state[256];

static int setup(void **st)
{
	(void)st;
	snprintf(state, sizeof state, "/tmp/ccsla-test-ledger.XXXXXX");
	return mkdtemp(state) ? 0 : -1;
}

static int teardown(void **st)
{
	char cmd[300];

	(void)st;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", state);
	return system(cmd) == 0 ? 0 : -1;
}

static void put(int y, int m, enum sla_status status, int is_default, int64_t final_minor)
{
	struct ledger_sla s;
	struct ledger_month lm;
	struct ccsla_error err;

	memset(&s, 0, sizeof s);
	memset(&lm, 0, sizeof lm);
	snprintf(s.sla_id, sizeof s.sla_id, "SL");
	s.status = status;
	s.is_default = is_default;
	s.final_minor = final_minor;
	snprintf(s.value, sizeof s.value, "%s", status == SLA_MET ? "81.00" : "77.00");
	lm.year = y;
	lm.month = m;
	snprintf(lm.contract_id, sizeof lm.contract_id, "T-1");
	snprintf(lm.currency, sizeof lm.currency, "EUR");
	lm.slas = &s;
	lm.sla_count = 1;
	assert_int_equal(ledger_write(state, "T", &lm, &err), 0);
}

struct hist {
	struct ledger_month m[12];
	int present[12];
};

static void load(struct hist *h, int y, int m)
{
	struct ccsla_error err;

	assert_int_equal(ledger_history(state, "T", y, m, h->m, h->present, 12, &err), 0);
}

static void drop(struct hist *h)
{
	int k;

	for (k = 0; k < 12; k++)
		if (h->present[k])
			ledger_month_release(&h->m[k]);
}

static void a_target_miss_13_months_back_no_longer_counts(void **st)
{
	struct hist h;

	(void)st;
	put(2025, 9, SLA_MISSED, 0, 0);   /* 13 months before 2026-10 */
	put(2026, 2, SLA_MISSED, 0, 0);
	put(2026, 5, SLA_MISSED, 0, 0);
	put(2026, 8, SLA_BELOW_MINIMUM, 1, 2880000);
	put(2026, 9, SLA_MET, 0, 0);
	load(&h, 2026, 10);
	assert_int_equal(ledger_prior_misses(h.m, h.present, "SL"), 3);
	assert_false(ledger_default_last_month(h.m, h.present, "SL"));
	drop(&h);
	/* 2025-11 is the 11th month back from 2026-10: still in the window */
	put(2025, 11, SLA_MISSED, 0, 0);
	load(&h, 2026, 10);
	assert_int_equal(ledger_prior_misses(h.m, h.present, "SL"), 4);
	drop(&h);
}

static void the_fourth_miss_with_three_in_the_ledger_is_a_default(void **st)
{
	struct credit_terms t;
	struct hist h;

	(void)st;
	memset(&t, 0, sizeof t);
	t.expected_defaults = 4;
	put(2026, 1, SLA_MISSED, 0, 0);
	put(2026, 2, SLA_MISSED, 0, 0);
	put(2026, 3, SLA_MET, 0, 0);
	load(&h, 2026, 4);
	assert_false(credits_is_default(&t, SLA_MISSED, ledger_prior_misses(h.m, h.present, "SL")));
	drop(&h);
	put(2026, 4, SLA_MISSED, 0, 0);
	load(&h, 2026, 5);
	assert_true(credits_is_default(&t, SLA_MISSED, ledger_prior_misses(h.m, h.present, "SL")));
	drop(&h);
}

static void march_default_then_three_months_on_target_earns_back_in_june(void **st)
{
	struct hist h;
	struct earn_back_input eb;

	(void)st;
	put(2026, 3, SLA_BELOW_MINIMUM, 1, 2880000);
	put(2026, 4, SLA_MET, 0, 0);
	put(2026, 5, SLA_MET, 0, 0);
	load(&h, 2026, 6);
	assert_true(ledger_earn_back(h.m, h.present, 3, "SL", 1, &eb));
	assert_true(eb.met_every_month);
	assert_int_equal(eb.orig_year, 2026);
	assert_int_equal(eb.orig_month, 3);
	assert_int_equal(eb.orig_final_minor, 2880000);
	drop(&h);
}

static void a_miss_in_may_cancels_the_earn_back(void **st)
{
	struct hist h;
	struct earn_back_input eb;

	(void)st;
	put(2026, 3, SLA_BELOW_MINIMUM, 1, 2880000);
	put(2026, 4, SLA_MET, 0, 0);
	put(2026, 5, SLA_MISSED, 0, 0);
	load(&h, 2026, 6);
	assert_true(ledger_earn_back(h.m, h.present, 3, "SL", 1, &eb));
	assert_false(eb.met_every_month);
	drop(&h);
}

static void a_default_the_month_before_is_seen(void **st)
{
	struct hist h;

	(void)st;
	put(2026, 9, SLA_BELOW_MINIMUM, 1, 2880000);
	load(&h, 2026, 10);
	assert_true(ledger_default_last_month(h.m, h.present, "SL"));
	drop(&h);
}

static void evaluating_a_month_again_replaces_it(void **st)
{
	struct ledger_month m;
	struct ccsla_error err;

	(void)st;
	put(2026, 7, SLA_MISSED, 0, 0);
	put(2026, 7, SLA_MET, 0, 0);
	assert_int_equal(ledger_read(state, "T", 2026, 7, &m, &err), 0);
	assert_int_equal(m.sla_count, 1);
	assert_int_equal(m.slas[0].status, SLA_MET);
	ledger_month_release(&m);
	assert_int_equal(ledger_read(state, "T", 2020, 1, &m, &err), 1);
}

static void a_truncated_ledger_file_is_an_error_not_a_short_history(void **st)
{
	struct ledger_month m;
	struct ccsla_error err;
	char path[400];
	FILE *fp;

	(void)st;
	snprintf(path, sizeof path, "%s/ledger/T/2026-06.txt", state);
	put(2026, 6, SLA_MET, 0, 0);
	assert_non_null(fp = fopen(path, "w"));
	fputs("ccsla-ledger\t1\ncontract\tT-1\nsla\tSL\tmet\t0\t0\t81.00\n", fp);
	fclose(fp);
	assert_int_equal(ledger_read(state, "T", 2026, 6, &m, &err), -1);
	assert_non_null(strstr(err.msg, "damaged"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(a_target_miss_13_months_back_no_longer_counts, setup, teardown),
		cmocka_unit_test_setup_teardown(the_fourth_miss_with_three_in_the_ledger_is_a_default, setup, teardown),
		cmocka_unit_test_setup_teardown(march_default_then_three_months_on_target_earns_back_in_june, setup, teardown),
		cmocka_unit_test_setup_teardown(a_miss_in_may_cancels_the_earn_back, setup, teardown),
		cmocka_unit_test_setup_teardown(a_default_the_month_before_is_seen, setup, teardown),
		cmocka_unit_test_setup_teardown(evaluating_a_month_again_replaces_it, setup, teardown),
		cmocka_unit_test_setup_teardown(a_truncated_ledger_file_is_an_error_not_a_short_history, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
