/* test_money.c -- money strings in the currency's minor units, exact
 * scaling with one half-up rounding. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "contracts/money.h"

static void iso_4217_minor_units_are_0_for_jpy_2_for_eur_3_for_kwd(void **state)
{
	(void)state;
	assert_int_equal(currency_minor_units("JPY"), 0);
	assert_int_equal(currency_minor_units("EUR"), 2);
	assert_int_equal(currency_minor_units("KWD"), 3);
	assert_int_equal(currency_minor_units("INR"), 2);
	assert_int_equal(currency_minor_units("AUD"), 2);
	assert_int_equal(currency_minor_units("CLF"), 4);
	assert_int_equal(currency_minor_units("XXY"), -1);
	assert_int_equal(currency_minor_units("eur"), -1);
	assert_int_equal(currency_minor_units("EURO"), -1);
}

static void money_needs_exactly_the_currency_minor_units(void **state)
{
	int64_t v = 0;
	const char *why = NULL;

	(void)state;
	assert_int_equal(money_parse("400000.00", 2, &v, &why), 0);
	assert_int_equal(v, 40000000);
	assert_int_equal(money_parse("5000000", 0, &v, &why), 0);
	assert_int_equal(v, 5000000);
	assert_int_equal(money_parse("1250.125", 3, &v, &why), 0);
	assert_int_equal(v, 1250125);
	assert_int_equal(money_parse("400000", 2, &v, &why), -1);
	assert_string_equal(why, "expected exactly 2 decimals (the currency's minor unit)");
	assert_int_equal(money_parse("5000000.00", 0, &v, &why), -1);
	assert_string_equal(why, "the currency has no minor unit: write whole units without a decimal point");
	assert_int_equal(money_parse("1,000.00", 2, &v, &why), -1);
	assert_int_equal(money_parse("1e5", 2, &v, &why), -1);
	assert_int_equal(money_parse("", 2, &v, &why), -1);
	assert_int_equal(money_parse(".50", 2, &v, &why), -1);
	assert_int_equal(money_parse("99999999999999999999.00", 2, &v, &why), -1);
}

static void money_formats_with_the_minor_units_and_sign(void **state)
{
	char buf[32];

	(void)state;
	money_format(2880000, 2, buf, sizeof buf);
	assert_string_equal(buf, "28800.00");
	money_format(-5, 2, buf, sizeof buf);
	assert_string_equal(buf, "-0.05");
	money_format(1250125, 3, buf, sizeof buf);
	assert_string_equal(buf, "1250.125");
	money_format(576000, 0, buf, sizeof buf);
	assert_string_equal(buf, "576000");
	money_format(0, 2, buf, sizeof buf);
	assert_string_equal(buf, "0.00");
}

static void decimals_parse_into_a_fixed_scale(void **state)
{
	int64_t v;
	const char *why;

	(void)state;
	assert_int_equal(decimal_parse("12", 4, 4, &v, &why), 0);
	assert_int_equal(v, 120000);
	assert_int_equal(decimal_parse("1.5", 6, 6, &v, &why), 0);
	assert_int_equal(v, 1500000);
	assert_int_equal(decimal_parse("-0.25", 4, 6, &v, &why), 0);
	assert_int_equal(v, -250000);
	assert_int_equal(decimal_parse("0.12345", 4, 6, &v, &why), -1);
	assert_string_equal(why, "at most 4 decimals allowed");
	assert_int_equal(decimal_parse("80%", 4, 6, &v, &why), -1);
}

static void rounding_is_half_up_away_from_zero(void **state)
{
	char buf[32];

	(void)state;
	assert_int_equal(decimal_round(799950, 4, 2), 8000);
	assert_int_equal(decimal_round(799949, 4, 2), 7999);
	assert_int_equal(decimal_round(-799950, 4, 2), -8000);
	decimal_format(77500000, 6, 2, buf, sizeof buf);
	assert_string_equal(buf, "77.50");
	decimal_format(19999499, 6, 3, buf, sizeof buf);
	assert_string_equal(buf, "19.999");
	decimal_format(19999500, 6, 2, buf, sizeof buf);
	assert_string_equal(buf, "20.00");
}

static void a_product_is_rounded_once_not_per_factor(void **state)
{
	int64_t out;
	int64_t f[3];

	(void)state;
	/* rounding after each factor would drift: 300 × 1/3 × 1/3 × 3 is
	 * 100 exactly once, 99 when rounded per factor (100, 33, 99) */
	f[0] = 100000; /* 10 % */
	f[1] = 500000; /* 50 % */
	assert_int_equal(money_scale(15, f, 2, &out), 0);
	assert_int_equal(out, 1); /* 0.15 × 0.05 = 0.0075 -> 0.01 */
	f[0] = 333333; f[1] = 333333; f[2] = 3000000;
	assert_int_equal(money_scale(300, f, 3, &out), 0);
	assert_int_equal(out, 100);
	f[0] = 500000;
	assert_int_equal(money_scale(-3, f, 1, &out), 0);
	assert_int_equal(out, -2);
	assert_int_equal(money_scale(MONEY_MAX_MINOR + 1, f, 1, &out), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(iso_4217_minor_units_are_0_for_jpy_2_for_eur_3_for_kwd),
		cmocka_unit_test(money_needs_exactly_the_currency_minor_units),
		cmocka_unit_test(money_formats_with_the_minor_units_and_sign),
		cmocka_unit_test(decimals_parse_into_a_fixed_scale),
		cmocka_unit_test(rounding_is_half_up_away_from_zero),
		cmocka_unit_test(a_product_is_rounded_once_not_per_factor),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
