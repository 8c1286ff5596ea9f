/* test_numfmt.c -- durations, amounts, counts and percentages as a person
 * reads them: the rounding carries, the zero and negative cases, and the
 * thousands separators for each currency's minor unit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "reports/compose/numfmt.h"

static char buf[NUMFMT_MAX];

static void waits_round_once_and_carry_into_the_next_unit(void **state)
{
	(void)state;
	numfmt_wait(59.5, buf, sizeof buf);     assert_string_equal(buf, "1:00");
	numfmt_wait(59.4, buf, sizeof buf);     assert_string_equal(buf, "0:59");
	numfmt_wait(3599.4, buf, sizeof buf);   assert_string_equal(buf, "59:59");
	numfmt_wait(3599.5, buf, sizeof buf);   assert_string_equal(buf, "1:00:00");
	numfmt_wait(12565.348, buf, sizeof buf); assert_string_equal(buf, "3:29:25");
	numfmt_wait(20, buf, sizeof buf);       assert_string_equal(buf, "0:20");
	numfmt_wait(185.2, buf, sizeof buf);    assert_string_equal(buf, "3:05");
}

static void waits_zero_and_negative(void **state)
{
	(void)state;
	numfmt_wait(0, buf, sizeof buf);     assert_string_equal(buf, "0:00");
	numfmt_wait(-0.4, buf, sizeof buf);  assert_string_equal(buf, "0:00"); /* no "-0:00" */
	numfmt_wait(-5, buf, sizeof buf);    assert_string_equal(buf, "-0:05");
	numfmt_wait(-59.5, buf, sizeof buf); assert_string_equal(buf, "-1:00");
	numfmt_wait(-3661, buf, sizeof buf); assert_string_equal(buf, "-1:01:01");
}

static void written_channels_read_in_hours_and_minutes(void **state)
{
	(void)state;
	numfmt_hours(12565.348, buf, sizeof buf); assert_string_equal(buf, "3:29 h");
	numfmt_hours(3599.5, buf, sizeof buf);    assert_string_equal(buf, "1:00 h");
	numfmt_hours(45, buf, sizeof buf);        assert_string_equal(buf, "0:01 h");
	numfmt_hours(0, buf, sizeof buf);         assert_string_equal(buf, "0:00 h");
	numfmt_hours(-5400, buf, sizeof buf);     assert_string_equal(buf, "-1:30 h");
	numfmt_duration_text("12565.348", 1, buf, sizeof buf); assert_string_equal(buf, "3:29 h");
	numfmt_duration_text("1200.5", 1, buf, sizeof buf);    assert_string_equal(buf, "20:01");
	numfmt_duration_text("12565.348", 0, buf, sizeof buf); assert_string_equal(buf, "3:29:25");
	numfmt_duration_text("n/a", 1, buf, sizeof buf);       assert_string_equal(buf, "n/a");
	numfmt_duration_text(NULL, 0, buf, sizeof buf);        assert_string_equal(buf, "n/a");
}

static void business_hours_in_words(void **state)
{
	(void)state;
	numfmt_business_hours(28800, buf, sizeof buf); assert_string_equal(buf, "8 business hours");
	numfmt_business_hours(3600, buf, sizeof buf);  assert_string_equal(buf, "1 business hour");
	numfmt_business_hours(5400, buf, sizeof buf);  assert_string_equal(buf, "1:30 business hours");
	numfmt_business_hours(0, buf, sizeof buf);     assert_string_equal(buf, "0 business hours");
	numfmt_business_hours(3599.5, buf, sizeof buf); assert_string_equal(buf, "1 business hour");
	numfmt_business_hours(-7200, buf, sizeof buf); assert_string_equal(buf, "-2 business hours");
	numfmt_metric("28800", "s", 1, 1, buf, sizeof buf);   assert_string_equal(buf, "8 business hours");
	numfmt_metric("1800", "s", 1, 1, buf, sizeof buf);    assert_string_equal(buf, "30:00");
}

static void parameters_in_words(void **state)
{
	(void)state;
	numfmt_seconds_words(20, buf, sizeof buf);    assert_string_equal(buf, "20 seconds");
	numfmt_seconds_words(1, buf, sizeof buf);     assert_string_equal(buf, "1 second");
	numfmt_seconds_words(0, buf, sizeof buf);     assert_string_equal(buf, "0 seconds");
	numfmt_seconds_words(60, buf, sizeof buf);    assert_string_equal(buf, "60 seconds");
	numfmt_seconds_words(300, buf, sizeof buf);   assert_string_equal(buf, "5 minutes");
	numfmt_seconds_words(3600, buf, sizeof buf);  assert_string_equal(buf, "1 hour");
	numfmt_seconds_words(28800, buf, sizeof buf); assert_string_equal(buf, "8 hours");
	numfmt_seconds_words(150, buf, sizeof buf);   assert_string_equal(buf, "2:30 (m:ss)");
}

static void counts_have_thousands_separators(void **state)
{
	(void)state;
	numfmt_count(0, buf, sizeof buf);        assert_string_equal(buf, "0");
	numfmt_count(986, buf, sizeof buf);      assert_string_equal(buf, "986");
	numfmt_count(9120, buf, sizeof buf);     assert_string_equal(buf, "9,120");
	numfmt_count(100000, buf, sizeof buf);   assert_string_equal(buf, "100,000");
	numfmt_count(-1234567, buf, sizeof buf); assert_string_equal(buf, "-1,234,567");
	numfmt_count(INT64_MAX, buf, sizeof buf);
	assert_string_equal(buf, "9,223,372,036,854,775,807");
}

static void amounts_follow_the_currency_minor_unit(void **state)
{
	(void)state;
	assert_int_equal(numfmt_amount(250000000, "INR", buf, sizeof buf), 0);
	assert_string_equal(buf, "INR 2,500,000.00");
	numfmt_amount(2880000, "EUR", buf, sizeof buf);  assert_string_equal(buf, "EUR 28,800.00");
	numfmt_amount(5000000, "JPY", buf, sizeof buf);  assert_string_equal(buf, "JPY 5,000,000");
	numfmt_amount(1250500, "KWD", buf, sizeof buf);  assert_string_equal(buf, "KWD 1,250.500");
	numfmt_amount(99999, "KWD", buf, sizeof buf);    assert_string_equal(buf, "KWD 99.999");
	numfmt_amount(999, "JPY", buf, sizeof buf);      assert_string_equal(buf, "JPY 999");
	numfmt_amount(0, "EUR", buf, sizeof buf);        assert_string_equal(buf, "EUR 0.00");
	numfmt_amount(0, "JPY", buf, sizeof buf);        assert_string_equal(buf, "JPY 0");
	numfmt_amount(-5, "EUR", buf, sizeof buf);       assert_string_equal(buf, "EUR -0.05");
	numfmt_amount(-123456789, "EUR", buf, sizeof buf); assert_string_equal(buf, "EUR -1,234,567.89");
	numfmt_amount(-1250500, "KWD", buf, sizeof buf); assert_string_equal(buf, "KWD -1,250.500");
	assert_int_equal(numfmt_amount(100, "XXY", buf, sizeof buf), -1);
}

static void amount_text_is_parsed_exactly(void **state)
{
	(void)state;
	assert_int_equal(numfmt_amount_text("2500000.00", "INR", buf, sizeof buf), 0);
	assert_string_equal(buf, "INR 2,500,000.00");
	numfmt_amount_text("28800.00", "EUR", buf, sizeof buf); assert_string_equal(buf, "EUR 28,800.00");
	numfmt_amount_text("-0.05", "EUR", buf, sizeof buf);    assert_string_equal(buf, "EUR -0.05");
	numfmt_amount_text("123456", "JPY", buf, sizeof buf);   assert_string_equal(buf, "JPY 123,456");
	/* not in the currency's minor units: shown as it came, and said so */
	assert_int_equal(numfmt_amount_text("123.4", "EUR", buf, sizeof buf), -1);
	assert_string_equal(buf, "123.4");
	assert_int_equal(numfmt_amount_text(NULL, "EUR", buf, sizeof buf), -1);
	assert_string_equal(buf, "n/a");
}

static void percentages_and_not_available(void **state)
{
	(void)state;
	numfmt_percent_text("58.46", buf, sizeof buf); assert_string_equal(buf, "58.46 %");
	numfmt_percent_text("0.00", buf, sizeof buf);  assert_string_equal(buf, "0.00 %");
	numfmt_percent_text("n/a", buf, sizeof buf);   assert_string_equal(buf, "n/a");
	numfmt_percent_text("", buf, sizeof buf);      assert_string_equal(buf, "n/a");
	numfmt_metric("n/a", "%", 0, 0, buf, sizeof buf); assert_string_equal(buf, "n/a");
	numfmt_metric("81.25", "%", 0, 0, buf, sizeof buf); assert_string_equal(buf, "81.25 %");
	numfmt_metric("59.5", "s", 0, 0, buf, sizeof buf); assert_string_equal(buf, "1:00");
	numfmt_points(1.5, buf, sizeof buf);   assert_string_equal(buf, "+1.50 pts");
	numfmt_points(-0.09, buf, sizeof buf); assert_string_equal(buf, "-0.09 pts");
	numfmt_points(-0.001, buf, sizeof buf); assert_string_equal(buf, "0.00 pts");
	numfmt_na("no contact offered", buf, sizeof buf);
	assert_string_equal(buf, "n/a (no contact offered)");
	numfmt_na(NULL, buf, sizeof buf); assert_string_equal(buf, "n/a");
}

static void parse_accepts_only_plain_decimals(void **state)
{
	double v = 0;

	(void)state;
	assert_int_equal(numfmt_parse("12565.348", &v), 0);
	assert_true(v > 12565.347 && v < 12565.349);
	assert_int_equal(numfmt_parse("-3", &v), 0);
	assert_int_equal(numfmt_parse("n/a", &v), -1);
	assert_int_equal(numfmt_parse("", &v), -1);
	assert_int_equal(numfmt_parse("-", &v), -1);
	assert_int_equal(numfmt_parse("1e5", &v), -1);
	assert_int_equal(numfmt_parse("12 s", &v), -1);
}

static void small_buffers_truncate(void **state)
{
	char small[6];

	(void)state;
	numfmt_amount(250000000, "INR", small, sizeof small);
	assert_string_equal(small, "INR 2");
	numfmt_count(1234567, small, sizeof small);
	assert_string_equal(small, "1,234");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(waits_round_once_and_carry_into_the_next_unit),
		cmocka_unit_test(waits_zero_and_negative),
		cmocka_unit_test(written_channels_read_in_hours_and_minutes),
		cmocka_unit_test(business_hours_in_words),
		cmocka_unit_test(parameters_in_words),
		cmocka_unit_test(counts_have_thousands_separators),
		cmocka_unit_test(amounts_follow_the_currency_minor_unit),
		cmocka_unit_test(amount_text_is_parsed_exactly),
		cmocka_unit_test(percentages_and_not_available),
		cmocka_unit_test(parse_accepts_only_plain_decimals),
		cmocka_unit_test(small_buffers_truncate),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
