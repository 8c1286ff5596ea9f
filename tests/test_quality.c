/* test_quality.c -- the quality metrics (metrics/quality.h) against
 * hand-computed cases: the mean score, the pass rate from `passed` or the
 * contract's pass_score, undecided evaluations, critical errors, the
 * sample rate, and n/a on an empty period. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "metrics/quality.h"

static struct quality_eval ev(int64_t score_cents, int passed, int critical)
{
	struct quality_eval e;

	memset(&e, 0, sizeof e);
	e.score_cents = score_cents;
	e.passed = passed;
	e.critical = critical;
	e.channel = -1;
	return e;
}

static const char *value(const struct quality_totals *t, enum metric_id m)
{
	static char buf[4][32];
	static int k;
	struct ratio r;

	assert_int_equal(quality_value(t, m, &r), 0);
	k = (k + 1) % 4;
	return ratio_format(&r, metric_decimals(m), buf[k], sizeof buf[k]);
}

static void three_evaluations_by_hand(void **state)
{
	struct quality_totals t = { 0 };
	struct quality_eval a = ev(8750, 1, 0), b = ev(6200, -1, 1), c = ev(10000, -1, 0);

	(void)state;
	/* pass_score 80: 87.5 passed (said), 62 fails, 100 passes */
	quality_add(&t, &a, 8000);
	quality_add(&t, &b, 8000);
	quality_add(&t, &c, 8000);
	t.answered = 40;
	assert_string_equal(value(&t, METRIC_QUALITY_SCORE), "83.17");    /* 249.5 / 3 = 83.1666... */
	assert_string_equal(value(&t, METRIC_QUALITY_PASS), "66.67");     /* 2 of 3 */
	assert_string_equal(value(&t, METRIC_CRITICAL_ERROR), "33.33");   /* 1 of 3 */
	assert_string_equal(value(&t, METRIC_QUALITY_SAMPLE), "7.50");    /* 3 of 40 answered */
	assert_int_equal(t.undecided, 0);
}

static void passed_column_wins_over_pass_score(void **state)
{
	struct quality_totals t = { 0 };
	struct quality_eval low_but_passed = ev(5000, 1, 0), high_but_failed = ev(9900, 0, 0);

	(void)state;
	quality_add(&t, &low_but_passed, 8000);
	quality_add(&t, &high_but_failed, 8000);
	assert_string_equal(value(&t, METRIC_QUALITY_PASS), "50.00");
	/* exactly at pass_score passes (score >= pass_score) */
	memset(&t, 0, sizeof t);
	{
		struct quality_eval at = ev(8000, -1, 0), below = ev(7999, -1, 0);

		quality_add(&t, &at, 8000);
		quality_add(&t, &below, 8000);
	}
	assert_string_equal(value(&t, METRIC_QUALITY_PASS), "50.00");
}

static void without_pass_score_empty_passed_is_undecided(void **state)
{
	struct quality_totals t = { 0 };
	struct quality_eval a = ev(9000, 1, 0), b = ev(6000, -1, 0);

	(void)state;
	quality_add(&t, &a, -1);
	quality_add(&t, &b, -1);
	assert_int_equal(t.undecided, 1);
	assert_int_equal(t.evaluations, 2);
	/* the pass rate rests on the decided one only; the score on both */
	assert_string_equal(value(&t, METRIC_QUALITY_PASS), "100.00");
	assert_string_equal(value(&t, METRIC_QUALITY_SCORE), "75.00");
}

static void empty_period_is_na(void **state)
{
	struct quality_totals t = { 0 };

	(void)state;
	assert_string_equal(value(&t, METRIC_QUALITY_SCORE), "n/a");
	assert_string_equal(value(&t, METRIC_QUALITY_PASS), "n/a");
	assert_string_equal(value(&t, METRIC_CRITICAL_ERROR), "n/a");
	assert_string_equal(value(&t, METRIC_QUALITY_SAMPLE), "n/a");
	{
		struct ratio r;

		assert_int_equal(quality_value(&t, METRIC_SERVICE_LEVEL, &r), -1);
	}
}

static void metric_names_and_parse(void **state)
{
	(void)state;
	assert_string_equal(metric_name(METRIC_QUALITY_SCORE), "quality_score_avg");
	assert_string_equal(metric_name(METRIC_AVAILABILITY), "availability_pct");
	assert_int_equal(metric_parse("quality_pass"), (int)METRIC_QUALITY_PASS);
	assert_int_equal(metric_parse("critical_error_pct"), (int)METRIC_CRITICAL_ERROR);
	assert_int_equal(metric_parse("availability"), (int)METRIC_AVAILABILITY);
	assert_int_equal(metric_parse(""), -1);
	assert_true(metric_is_opslog(METRIC_AVAILABILITY));
	assert_false(metric_is_opslog(METRIC_SERVICE_LEVEL));
	assert_false(metric_higher_is_better(METRIC_CRITICAL_ERROR));
	assert_string_equal(metric_unit(METRIC_QUALITY_SCORE), "");
	assert_int_equal(metric_decimals(METRIC_AVAILABILITY), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(three_evaluations_by_hand),
		cmocka_unit_test(passed_column_wins_over_pass_score),
		cmocka_unit_test(without_pass_score_empty_passed_is_undecided),
		cmocka_unit_test(empty_period_is_na),
		cmocka_unit_test(metric_names_and_parse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
