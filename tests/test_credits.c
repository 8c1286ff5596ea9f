/* test_credits.c -- the credit models of contracts.md, with the figures of
 * issue 4: at-risk lines and cap, repeat multiplier, expected defaults,
 * earn-back, linear, minor units, not measurable. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "contracts/credits.h"
#include "contracts/money.h"

#define PCT(x) ((int64_t)((x) * 10000)) /* whole or .5 percentages only */

static struct credit_terms acme_terms(void)
{
	struct credit_terms t;

	memset(&t, 0, sizeof t);
	t.model = CREDIT_AT_RISK;
	t.monthly_charges_minor = 40000000; /* 400000.00 EUR */
	t.minor_units = 2;
	t.at_risk_e6 = PCT(12);
	t.pool_e6 = PCT(200);
	t.expected_defaults = 4;
	t.repeat_multiplier_e6 = 1500000;
	t.earn_back_months = 3;
	t.earn_back_share_e6 = PCT(50);
	return t;
}

/* Five critical SLAs with allocations 60, 30, 40, 40, 30; all met. */
static void five_slas(struct credit_input in[5])
{
	static const int alloc[5] = { 60, 30, 40, 40, 30 };
	int i;

	memset(in, 0, 5 * sizeof in[0]);
	for (i = 0; i < 5; i++) {
		snprintf(in[i].sla_id, sizeof in[i].sla_id, "SLA-%d", i + 1);
		in[i].allocation_e6 = PCT(alloc[i]);
		in[i].status = SLA_MET;
	}
}

static const char *fmt(int64_t minor, int units)
{
	static char buf[4][32];
	static int k;

	k = (k + 1) % 4;
	money_format(minor, units, buf[k], sizeof buf[k]);
	return buf[k];
}

static void two_minimum_misses_give_28800_and_14400_total_43200(void **state)
{
	struct credit_terms t = acme_terms();
	struct credit_input in[5];
	struct credit_statement st;

	(void)state;
	five_slas(in);
	in[0].status = SLA_BELOW_MINIMUM;
	in[1].status = SLA_BELOW_MINIMUM;
	assert_int_equal(credits_compute(&t, in, 5, NULL, 0, &st), 0);
	assert_string_equal(fmt(st.lines[0].final_minor, 2), "28800.00");
	assert_string_equal(fmt(st.lines[1].final_minor, 2), "14400.00");
	assert_int_equal(st.lines[2].final_minor, 0);
	assert_true(st.lines[0].is_default);
	assert_false(st.lines[2].is_default);
	assert_string_equal(fmt(st.capped_total_minor, 2), "43200.00");
	assert_string_equal(fmt(st.cap_minor, 2), "48000.00");
	assert_false(st.cap_applied);
	credit_statement_release(&st);
}

static void a_third_miss_caps_62400_at_48000_and_shows_both(void **state)
{
	struct credit_terms t = acme_terms();
	struct credit_input in[5];
	struct credit_statement st;
	int64_t sum = 0;
	size_t i;

	(void)state;
	five_slas(in);
	in[0].status = SLA_BELOW_MINIMUM;
	in[1].status = SLA_BELOW_MINIMUM;
	in[2].status = SLA_BELOW_MINIMUM;
	assert_int_equal(credits_compute(&t, in, 5, NULL, 0, &st), 0);
	assert_string_equal(fmt(st.uncapped_total_minor, 2), "62400.00");
	assert_string_equal(fmt(st.capped_total_minor, 2), "48000.00");
	assert_true(st.cap_applied);
	assert_string_equal(fmt(st.lines[2].uncapped_minor, 2), "19200.00");
	/* the capped lines add up to the cap exactly */
	for (i = 0; i < st.line_count; i++)
		sum += st.lines[i].final_minor;
	assert_int_equal(sum, st.capped_total_minor);
	/* 28800 × 48000 / 62400 = 22153.846... */
	assert_string_equal(fmt(st.lines[0].final_minor, 2), "22153.85");
	credit_statement_release(&st);
}

static void a_default_two_months_running_is_multiplied_by_1_5(void **state)
{
	struct credit_terms t = acme_terms();
	struct credit_input in[5];
	struct credit_statement st;

	(void)state;
	five_slas(in);
	in[0].status = SLA_BELOW_MINIMUM;
	in[0].default_last_month = 1;
	assert_int_equal(credits_compute(&t, in, 5, NULL, 0, &st), 0);
	assert_string_equal(fmt(st.lines[0].final_minor, 2), "43200.00");
	assert_int_equal(st.lines[0].multiplier_e6, 1500000);
	assert_false(st.cap_applied);
	credit_statement_release(&st);
}

static void three_target_misses_in_12_months_cost_nothing_the_fourth_is_a_default(void **state)
{
	struct credit_terms t = acme_terms();
	struct credit_input in[5];
	struct credit_statement st;

	(void)state;
	five_slas(in);
	in[0].status = SLA_MISSED;
	in[0].prior_target_misses = 2; /* this is the third */
	assert_int_equal(credits_compute(&t, in, 5, NULL, 0, &st), 0);
	assert_false(st.lines[0].is_default);
	assert_int_equal(st.lines[0].final_minor, 0);
	assert_int_equal(st.lines[0].target_misses_12m, 3);
	credit_statement_release(&st);

	in[0].prior_target_misses = 3; /* the fourth */
	assert_int_equal(credits_compute(&t, in, 5, NULL, 0, &st), 0);
	assert_true(st.lines[0].is_default);
	assert_string_equal(fmt(st.lines[0].final_minor, 2), "28800.00");
	assert_string_equal(st.lines[0].note, "4th target miss in 12 months");
	credit_statement_release(&st);
}

static void earn_back_after_three_good_months_returns_half_pointing_to_the_original(void **state)
{
	struct credit_terms t = acme_terms();
	struct credit_input in[5];
	struct credit_statement st;
	struct earn_back_input eb = { "SLA-1", 2026, 3, 2880000, 1 };

	(void)state;
	five_slas(in);
	assert_int_equal(credits_compute(&t, in, 5, &eb, 1, &st), 0);
	assert_int_equal(st.earn_back_count, 1);
	assert_string_equal(st.earn_backs[0].sla_id, "SLA-1");
	assert_int_equal(st.earn_backs[0].orig_month, 3);
	assert_string_equal(fmt(st.earn_backs[0].amount_minor, 2), "14400.00");
	assert_string_equal(fmt(st.net_total_minor, 2), "-14400.00");
	credit_statement_release(&st);

	eb.met_every_month = 0; /* a miss in May cancels it */
	assert_int_equal(credits_compute(&t, in, 5, &eb, 1, &st), 0);
	assert_int_equal(st.earn_back_count, 0);
	assert_int_equal(st.net_total_minor, 0);
	credit_statement_release(&st);
}

static void linear_2_5_points_below_at_1_pct_per_point_of_100000_is_2500(void **state)
{
	struct credit_terms t;
	struct credit_input in;
	struct credit_statement st;

	(void)state;
	memset(&t, 0, sizeof t);
	memset(&in, 0, sizeof in);
	t.model = CREDIT_LINEAR;
	t.monthly_charges_minor = 10000000;
	t.minor_units = 2;
	t.pct_per_point_e6 = PCT(1);
	t.cap_e6 = PCT(10);
	snprintf(in.sla_id, sizeof in.sla_id, "SL");
	in.status = SLA_MISSED;
	in.shortfall_e6 = 2500000; /* 80 - 77.5 */
	assert_int_equal(credits_compute(&t, &in, 1, NULL, 0, &st), 0);
	assert_string_equal(fmt(st.lines[0].final_minor, 2), "2500.00");
	assert_false(st.cap_applied);
	credit_statement_release(&st);

	t.cap_e6 = PCT(2); /* 2000.00 */
	assert_int_equal(credits_compute(&t, &in, 1, NULL, 0, &st), 0);
	assert_string_equal(fmt(st.uncapped_total_minor, 2), "2500.00");
	assert_string_equal(fmt(st.lines[0].final_minor, 2), "2000.00");
	assert_true(st.cap_applied);
	credit_statement_release(&st);
}

static void jpy_and_kwd_credits_round_half_up_to_their_minor_unit(void **state)
{
	struct credit_terms t = acme_terms();
	struct credit_input in[5];
	struct credit_statement st;

	(void)state;
	five_slas(in);
	in[1].status = SLA_BELOW_MINIMUM; /* 30 % of 12 % = 3.6 % */
	t.monthly_charges_minor = 1234567; /* JPY 1234567 -> 44444.412 -> 44444 */
	t.minor_units = 0;
	assert_int_equal(credits_compute(&t, in, 5, NULL, 0, &st), 0);
	assert_string_equal(fmt(st.lines[1].final_minor, 0), "44444");
	credit_statement_release(&st);

	t.monthly_charges_minor = 12345675; /* KWD 12345.675 × 3.6 % = 444.4443 */
	t.minor_units = 3;
	assert_int_equal(credits_compute(&t, in, 5, NULL, 0, &st), 0);
	assert_string_equal(fmt(st.lines[1].final_minor, 3), "444.444");
	credit_statement_release(&st);

	t.monthly_charges_minor = 125; /* KWD 0.125 × 3.6 % = 0.0045 -> 0.005 */
	assert_int_equal(credits_compute(&t, in, 5, NULL, 0, &st), 0);
	assert_string_equal(fmt(st.lines[1].final_minor, 3), "0.005");
	credit_statement_release(&st);
}

static void a_not_measurable_sla_costs_nothing_and_says_so(void **state)
{
	struct credit_terms t = acme_terms();
	struct credit_input in[5];
	struct credit_statement st;

	(void)state;
	five_slas(in);
	in[0].status = SLA_NOT_MEASURABLE;
	in[0].default_last_month = 1;
	in[0].prior_target_misses = 5;
	assert_int_equal(credits_compute(&t, in, 5, NULL, 0, &st), 0);
	assert_false(st.lines[0].is_default);
	assert_int_equal(st.lines[0].final_minor, 0);
	assert_string_equal(st.lines[0].note, "not measurable: no credit");
	assert_int_equal(st.net_total_minor, 0);
	credit_statement_release(&st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(two_minimum_misses_give_28800_and_14400_total_43200),
		cmocka_unit_test(a_third_miss_caps_62400_at_48000_and_shows_both),
		cmocka_unit_test(a_default_two_months_running_is_multiplied_by_1_5),
		cmocka_unit_test(three_target_misses_in_12_months_cost_nothing_the_fourth_is_a_default),
		cmocka_unit_test(earn_back_after_three_good_months_returns_half_pointing_to_the_original),
		cmocka_unit_test(linear_2_5_points_below_at_1_pct_per_point_of_100000_is_2500),
		cmocka_unit_test(jpy_and_kwd_credits_round_half_up_to_their_minor_unit),
		cmocka_unit_test(a_not_measurable_sla_costs_nothing_and_says_so),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
