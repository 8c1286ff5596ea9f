/* test_metrics.c -- every metric and parameter of metrics.md against
 * hand-computed figures: thresholds at the millisecond, short abandons at
 * the limit, the four readings of one month, empty groups, rounding and
 * integer target comparison. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "core/timefmt.h"
#include "metrics/metrics.h"

#define T0 INT64_C(1790000000000) /* 2026-09-21, any instant will do */

static struct contact make(int outcome, int64_t wait_ms)
{
	struct contact c;

	contact_init(&c);
	strcpy(c.client_id, "ACME");
	strcpy(c.contact_id, "c");
	strcpy(c.queue, "default");
	c.channel = CH_VOICE;
	c.direction = DIR_INBOUND;
	c.outcome = (uint8_t)outcome;
	c.arrived_at_ms = T0;
	if (outcome == OUT_ANSWERED)
		c.answered_at_ms = T0 + wait_ms;
	if (outcome == OUT_ABANDONED)
		c.ended_at_ms = T0 + wait_ms;
	return c;
}

static void add(struct metric_counts *c, const struct metric_params *p, int outcome, int64_t wait_ms)
{
	struct contact ct = make(outcome, wait_ms);

	assert_int_equal(metrics_add(c, p, &ct), 0);
}

static const char *value(struct metric_counts *c, const struct metric_params *p,
                         enum metric_id m, char *buf)
{
	struct ratio r;

	assert_int_equal(metric_value(c, p, m, &r), 0);
	return ratio_format(&r, metric_decimals(m), buf, 32);
}

/* metrics.md: one month that reads 71.9, 72.8, 74.2 or 76.5 %.
 * A = 1000 (765 within 20 s), Ab = 64: 13 within 5 s, 28 within 20 s. */
static void fill_worked_month(struct metric_counts *c, const struct metric_params *p)
{
	for (int i = 0; i < 1000; i++)
		add(c, p, OUT_ANSWERED, i < 764 ? 1000 * (i % 20) : i == 764 ? 20000 : 20001 + i);
	for (int i = 0; i < 64; i++)
		add(c, p, OUT_ABANDONED, i < 12 ? 300 * i : i == 12 ? 5000 : i < 27 ? 5001 + i : i == 27 ? 20000 : 20001 + i);
}

static void one_month_reads_differently_under_each_abandons_rule(void **state)
{
	struct metric_params p;
	struct metric_counts c;
	char buf[32];

	(void)state;
	metric_params_default(&p);
	p.short_abandon_s = 5;
	metric_counts_init(&c);
	fill_worked_month(&c, &p);
	assert_int_equal(c.answered, 1000);
	assert_int_equal(c.answered_within, 765);
	assert_int_equal(c.abandoned, 64);
	assert_int_equal(c.short_abandoned, 13);
	assert_int_equal(c.abandoned_within, 28);
	p.abandons = ABANDONS_IGNORE;
	assert_string_equal(value(&c, &p, METRIC_SERVICE_LEVEL, buf), "76.50");   /* 765/1000 */
	p.abandons = ABANDONS_AGAINST;
	assert_string_equal(value(&c, &p, METRIC_SERVICE_LEVEL, buf), "72.79");   /* 765/1051 */
	p.abandons = ABANDONS_FAVOUR;
	assert_string_equal(value(&c, &p, METRIC_SERVICE_LEVEL, buf), "74.22");   /* 780/1051 = 74.215 */
	assert_string_equal(value(&c, &p, METRIC_ABANDON_RATE, buf), "4.85");     /* 51/1051 */
	metric_counts_release(&c);

	/* Without short abandons every abandon counts: 765/1064. */
	metric_params_default(&p);
	metric_counts_init(&c);
	fill_worked_month(&c, &p);
	assert_int_equal(c.short_abandoned, 0);
	assert_string_equal(value(&c, &p, METRIC_SERVICE_LEVEL, buf), "71.90");
	metric_counts_release(&c);
}

static void a_wait_of_exactly_20s_is_within_threshold_and_20_001_is_not(void **state)
{
	struct metric_params p;
	struct metric_counts c;
	char buf[32];

	(void)state;
	metric_params_default(&p);
	metric_counts_init(&c);
	add(&c, &p, OUT_ANSWERED, 20000);
	add(&c, &p, OUT_ANSWERED, 20001);
	assert_int_equal(c.answered_within, 1);
	assert_string_equal(value(&c, &p, METRIC_SERVICE_LEVEL, buf), "50.00");
	assert_string_equal(value(&c, &p, METRIC_ASA, buf), "20.001");           /* 40001 ms / 2 */
	assert_string_equal(value(&c, &p, METRIC_MAX_WAIT, buf), "20.001");
	/* T = 0: only an instant answer is within. */
	p.threshold_s = 0;
	metric_counts_release(&c);
	metric_counts_init(&c);
	add(&c, &p, OUT_ANSWERED, 0);
	add(&c, &p, OUT_ANSWERED, 1);
	assert_int_equal(c.answered_within, 1);
	metric_counts_release(&c);
}

static void short_abandons_at_the_limit_and_none_when_s_is_zero(void **state)
{
	struct metric_params p;
	struct metric_counts c;
	char buf[32];

	(void)state;
	metric_params_default(&p);
	p.short_abandon_s = 5;
	metric_counts_init(&c);
	add(&c, &p, OUT_ABANDONED, 5000);
	add(&c, &p, OUT_ABANDONED, 5001);
	add(&c, &p, OUT_ABANDONED, 30000);
	assert_int_equal(c.short_abandoned, 1);
	assert_int_equal(c.abandoned_within, 2);
	/* Mean over the abandons that are not short: (5001 + 30000) / 2. */
	assert_string_equal(value(&c, &p, METRIC_AVG_TIME_TO_ABANDON, buf), "17.501");
	/* Only abandons, no answers: 0 % (the denominator is 2), not n/a. */
	assert_string_equal(value(&c, &p, METRIC_SERVICE_LEVEL, buf), "0.00");
	p.abandons = ABANDONS_IGNORE;
	assert_string_equal(value(&c, &p, METRIC_SERVICE_LEVEL, buf), "n/a");
	p.abandons = ABANDONS_FAVOUR; /* (0 + 2 - 1) / 2 */
	assert_string_equal(value(&c, &p, METRIC_SERVICE_LEVEL, buf), "50.00");
	metric_counts_release(&c);

	metric_params_default(&p);
	metric_counts_init(&c);
	add(&c, &p, OUT_ABANDONED, 0);
	assert_int_equal(c.short_abandoned, 0);
	assert_string_equal(value(&c, &p, METRIC_ABANDON_RATE, buf), "100.00");
	metric_counts_release(&c);
}

static void an_empty_group_has_no_value_for_any_metric(void **state)
{
	struct metric_params p;
	struct metric_counts c;
	char buf[32];

	(void)state;
	metric_params_default(&p);
	metric_counts_init(&c);
	for (int m = 0; m < METRIC_COUNT; m++)
		assert_string_equal(value(&c, &p, (enum metric_id)m, buf), "n/a");
	/* A deflected contact is not offered: still nothing to measure. */
	add(&c, &p, OUT_DEFLECTED, 0);
	assert_int_equal(c.offered, 0);
	assert_int_equal(c.deflected, 1);
	assert_string_equal(value(&c, &p, METRIC_SERVICE_LEVEL, buf), "n/a");
	metric_counts_release(&c);
}

static void an_answered_contact_without_handling_fields_is_left_out_of_aht(void **state)
{
	struct metric_params p;
	struct metric_counts c;
	struct contact ct;
	char buf[32];

	(void)state;
	metric_params_default(&p);
	metric_counts_init(&c);
	add(&c, &p, OUT_ANSWERED, 1000);
	assert_string_equal(value(&c, &p, METRIC_AHT, buf), "n/a");
	assert_string_equal(value(&c, &p, METRIC_AVG_TALK, buf), "n/a");
	ct = make(OUT_ANSWERED, 2000);
	ct.talk_s = 100;
	ct.wrap_s = 21;
	assert_int_equal(metrics_add(&c, &p, &ct), 0);
	ct.talk_s = 200;
	ct.hold_s = 30;
	ct.wrap_s = -1;
	assert_int_equal(metrics_add(&c, &p, &ct), 0);
	assert_string_equal(value(&c, &p, METRIC_AHT, buf), "175.500");     /* (121 + 230) / 2 */
	assert_string_equal(value(&c, &p, METRIC_AVG_TALK, buf), "150.000");
	assert_string_equal(value(&c, &p, METRIC_AVG_HOLD, buf), "30.000");
	assert_string_equal(value(&c, &p, METRIC_AVG_WRAP, buf), "21.000");
	assert_string_equal(value(&c, &p, METRIC_ASA, buf), "1.667");       /* 5000 / 3 */
	metric_counts_release(&c);
}

static void callbacks_overflow_and_open_contacts_follow_their_rules(void **state)
{
	struct metric_params p;
	struct metric_counts c;
	struct contact ct;
	char buf[32];

	(void)state;
	metric_params_default(&p);
	p.watermark_ms = T0 + 20001;     /* one open contact is 20.001 s old */
	metric_counts_init(&c);
	add(&c, &p, OUT_ANSWERED, 1000);
	add(&c, &p, OUT_CALLBACK, 0);
	add(&c, &p, OUT_OVERFLOW, 0);
	add(&c, &p, OUT_OPEN, 0);
	ct = make(OUT_OPEN, 0);
	ct.arrived_at_ms = T0 + 1;    /* exactly 20 s old: still pending */
	assert_int_equal(metrics_add(&c, &p, &ct), 0);
	assert_int_equal(c.offered, 5);
	assert_int_equal(c.open_late, 1);
	assert_int_equal(c.open_pending, 1);
	/* Defaults: overflow against, callbacks ignore: 1 / (1 + 1 late + 1 overflow). */
	assert_string_equal(value(&c, &p, METRIC_SERVICE_LEVEL, buf), "33.33");
	p.callbacks = COUNT_AGAINST;
	assert_string_equal(value(&c, &p, METRIC_SERVICE_LEVEL, buf), "25.00");
	p.overflow = COUNT_IGNORE;
	p.callbacks = COUNT_IGNORE;
	assert_string_equal(value(&c, &p, METRIC_SERVICE_LEVEL, buf), "50.00");
	metric_counts_release(&c);
	/* Without a watermark nothing is late. */
	metric_params_default(&p);
	metric_counts_init(&c);
	add(&c, &p, OUT_OPEN, 0);
	assert_int_equal(c.open_pending, 1);
	assert_string_equal(value(&c, &p, METRIC_SERVICE_LEVEL, buf), "n/a");
	metric_counts_release(&c);
}

static int cmp_ms(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* Long wait lists are sorted by radix (metrics.c sort_i64): every rank of
 * 5,000 waits spread over many byte values (ties, 0, values past 32 bits)
 * equals the rank of a qsort-ed copy. */
static void percentiles_of_long_wait_lists_equal_those_of_a_plain_sort(void **state)
{
	enum { N = 5000 };
	static int64_t want[N];
	struct metric_params p;
	struct metric_counts c;
	uint64_t x = 88172645463325252u;

	(void)state;
	metric_params_default(&p);
	metric_counts_init(&c);
	for (int i = 0; i < N; i++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		want[i] = i % 7 == 0 ? 0 : i % 11 == 0 ? 20000 : (int64_t)(x % (i % 3 ? 3600000u : 9000000000u));
		add(&c, &p, OUT_ANSWERED, want[i]);
	}
	qsort(want, N, sizeof *want, cmp_ms);
	for (int m = METRIC_P50_WAIT; m <= METRIC_P95_WAIT; m++) {
		int pct = m == METRIC_P50_WAIT ? 50 : m == METRIC_P90_WAIT ? 90 : 95;
		struct ratio r;

		assert_int_equal(metric_value(&c, &p, (enum metric_id)m, &r), 0);
		assert_int_equal(r.num, want[(pct * N + 99) / 100 - 1]);
	}
	for (int i = 1; i < N; i++)
		assert_true(c.waits.ms[i - 1] <= c.waits.ms[i]);
	assert_int_equal(c.waits.ms[0], 0);
	assert_int_equal(c.waits.ms[N - 1], want[N - 1]);
	metric_counts_release(&c);
}

static void percentiles_take_the_nearest_rank_of_the_exact_waits(void **state)
{
	struct metric_params p;
	struct metric_counts c;
	char buf[32];

	(void)state;
	metric_params_default(&p);
	metric_counts_init(&c);
	for (int i = 10; i >= 1; i--)
		add(&c, &p, OUT_ANSWERED, 1000 * i + 1);
	assert_string_equal(value(&c, &p, METRIC_P50_WAIT, buf), "5.001");  /* rank 5 */
	assert_string_equal(value(&c, &p, METRIC_P90_WAIT, buf), "9.001");  /* rank 9 */
	assert_string_equal(value(&c, &p, METRIC_P95_WAIT, buf), "10.001"); /* rank ceil(9.5) */
	add(&c, &p, OUT_ANSWERED, 0);                                       /* 11 waits */
	assert_string_equal(value(&c, &p, METRIC_P50_WAIT, buf), "5.001");  /* rank 6 */
	metric_counts_release(&c);
	/* Without kept waits a percentile is an error, not a made-up value. */
	p.keep_waits = 0;
	metric_counts_init(&c);
	add(&c, &p, OUT_ANSWERED, 1);
	{
		struct ratio r;

		assert_int_equal(metric_value(&c, &p, METRIC_P50_WAIT, &r), -1);
	}
	metric_counts_release(&c);
}

static void transfer_fcr_csat_and_complaints_count_as_defined(void **state)
{
	struct metric_params p;
	struct metric_counts c;
	struct contact ct;
	char buf[32];
	static const int csat[] = { 5, 4, 3, 1, 0, 0 };

	(void)state;
	metric_params_default(&p);
	metric_counts_init(&c);
	for (int i = 0; i < 6; i++) {
		ct = make(OUT_ANSWERED, 1000);
		ct.transferred = i < 2;
		ct.resolved = i < 3 ? 1 : i < 5 ? 0 : -1;
		ct.csat = (int8_t)csat[i];
		ct.complaint = i == 0;
		assert_int_equal(metrics_add(&c, &p, &ct), 0);
	}
	assert_string_equal(value(&c, &p, METRIC_TRANSFER_RATE, buf), "33.33");    /* 2/6 */
	assert_string_equal(value(&c, &p, METRIC_FCR, buf), "60.00");              /* 3/5 */
	assert_string_equal(value(&c, &p, METRIC_CSAT_AVG, buf), "3.25");          /* 13/4 */
	assert_string_equal(value(&c, &p, METRIC_CSAT_TOP2, buf), "50.00");        /* 2/4 */
	assert_string_equal(value(&c, &p, METRIC_COMPLAINTS_PER_1000, buf), "166.67"); /* 1000/6 */
	assert_int_equal(c.csat_responses, 4);
	metric_counts_release(&c);
}

static void rounding_is_half_up_at_the_printed_decimals(void **state)
{
	struct ratio r;
	char buf[32];
	int64_t v;

	(void)state;
	r = (struct ratio){ 16001, 200 };   /* 80.005 */
	assert_string_equal(ratio_format(&r, 2, buf, sizeof buf), "80.01");
	r = (struct ratio){ 1600099, 20000 }; /* 80.00495 */
	assert_string_equal(ratio_format(&r, 2, buf, sizeof buf), "80.00");
	r = (struct ratio){ 2, 3 };
	assert_string_equal(ratio_format(&r, 3, buf, sizeof buf), "0.667");
	assert_string_equal(ratio_format(&r, 0, buf, sizeof buf), "1");
	r = (struct ratio){ -3, 2 };
	assert_string_equal(ratio_format(&r, 0, buf, sizeof buf), "-2");
	r = (struct ratio){ -1, 3 };
	assert_string_equal(ratio_format(&r, 3, buf, sizeof buf), "-0.333");
	r = (struct ratio){ 1, 1000 }; /* zero decimals written out; a short buffer cuts like snprintf */
	assert_string_equal(ratio_format(&r, 4, buf, sizeof buf), "0.0010");
	assert_string_equal(ratio_format(&r, 4, buf, 4), "0.0");
	r = (struct ratio){ 1234567890123LL, 1 };
	assert_string_equal(ratio_format(&r, 9, buf, sizeof buf), "1234567890123.000000000");
	r = (struct ratio){ 5, 0 };
	assert_string_equal(ratio_format(&r, 2, buf, sizeof buf), "n/a");
	assert_int_equal(ratio_round(&r, 2, &v), -1);
	assert_int_equal(ratio_round(&(struct ratio){ 7999, 100 }, 1, &v), 0);
	assert_int_equal(v, 800);
}

static void targets_compare_the_rounded_value_unless_exact_is_asked(void **state)
{
	struct target t;
	struct ccsla_error err;
	struct ratio just_under = { 15999, 200 }; /* 79.995 -> prints 80.00 */
	char buf[32];

	(void)state;
	assert_int_equal(target_parse(">= 80", &t, &err), 0);
	assert_int_equal(metric_meets(&just_under, &t, 2, 0), 1);
	assert_int_equal(metric_meets(&just_under, &t, 2, 1), 0);
	assert_int_equal(metric_meets(&just_under, &t, 3, 0), 0);    /* 79.995 < 80 */
	assert_int_equal(ratio_compare(&(struct ratio){ 30, 1 }, "<= 30", 2, 0), 1);
	assert_int_equal(ratio_compare(&(struct ratio){ 30001, 1000 }, "<= 30", 3, 0), 0);
	assert_int_equal(ratio_compare(&(struct ratio){ 45, 10 }, "> 4.5", 2, 0), 0);
	assert_int_equal(ratio_compare(&(struct ratio){ 4501, 1000 }, ">4.5", 3, 0), 1);
	assert_int_equal(ratio_compare(&(struct ratio){ 1, 1 }, "< 2", 2, 1), 1);
	assert_int_equal(ratio_compare(&(struct ratio){ 0, 0 }, ">= 80", 2, 0), -1);
	assert_int_equal(target_parse("<= 30.25", &t, &err), 0);
	assert_int_equal(t.value, 3025);
	assert_int_equal(t.scale, 2);
	assert_string_equal(target_format(&t, buf, sizeof buf), "<= 30.25");
	assert_int_equal(target_parse("80", &t, &err), -1);
	assert_non_null(strstr(err.msg, "operator"));
	assert_int_equal(target_parse(">= 80%", &t, &err), -1);
	assert_int_equal(target_parse(">= ", &t, &err), -1);
	assert_int_equal(target_parse(">= 8.", &t, &err), -1);
	assert_int_equal(target_parse("=> 80", &t, &err), -1);
}

static void parameters_are_checked_and_named(void **state)
{
	struct metric_params p;
	struct ccsla_error err;

	(void)state;
	metric_params_default(&p);
	assert_int_equal(metric_params_check(&p, &err), 0);
	p.short_abandon_s = 21;
	assert_int_equal(metric_params_check(&p, &err), -1);
	assert_string_equal(err.field, "short_abandon_s");
	metric_params_default(&p);
	p.clock = CLOCK_SERVICE_HOURS;
	assert_int_equal(metric_params_check(&p, &err), -1);
	assert_int_equal(metric_parse("service_level"), METRIC_SERVICE_LEVEL);
	assert_int_equal(metric_parse("p90_wait_s"), METRIC_P90_WAIT);
	assert_int_equal(metric_parse("fcr"), METRIC_FCR);
	assert_int_equal(metric_parse("sla"), -1);
	assert_int_equal(abandons_rule_parse("favour"), ABANDONS_FAVOUR);
	assert_int_equal(abandons_rule_parse("favor"), -1);
	assert_int_equal(count_rule_parse("against"), COUNT_AGAINST);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(one_month_reads_differently_under_each_abandons_rule),
		cmocka_unit_test(a_wait_of_exactly_20s_is_within_threshold_and_20_001_is_not),
		cmocka_unit_test(short_abandons_at_the_limit_and_none_when_s_is_zero),
		cmocka_unit_test(an_empty_group_has_no_value_for_any_metric),
		cmocka_unit_test(an_answered_contact_without_handling_fields_is_left_out_of_aht),
		cmocka_unit_test(callbacks_overflow_and_open_contacts_follow_their_rules),
		cmocka_unit_test(percentiles_take_the_nearest_rank_of_the_exact_waits),
		cmocka_unit_test(percentiles_of_long_wait_lists_equal_those_of_a_plain_sort),
		cmocka_unit_test(transfer_fcr_csat_and_complaints_count_as_defined),
		cmocka_unit_test(rounding_is_half_up_at_the_printed_decimals),
		cmocka_unit_test(targets_compare_the_rounded_value_unless_exact_is_asked),
		cmocka_unit_test(parameters_are_checked_and_named),
	};
	return cmocka_run_group_tests_name("metrics", tests, NULL, NULL);
}
