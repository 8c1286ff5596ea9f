/* test_timefmt.c -- dates and RFC 3339 instants are exact and strict. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/timefmt.h"

static int64_t parse_ok(const char *text)
{
	int64_t ms = 0;
	const char *why = NULL;

	assert_int_equal(rfc3339_parse(text, &ms, &why), 0);
	return ms;
}

static const char *parse_bad(const char *text)
{
	int64_t ms;
	const char *why = NULL;

	assert_int_equal(rfc3339_parse(text, &ms, &why), -1);
	assert_non_null(why);
	return why;
}

static void civil_days_round_trip_over_four_centuries(void **state)
{
	(void)state;
	assert_int_equal(civil_to_days(1970, 1, 1), 0);
	assert_int_equal(civil_to_days(2000, 3, 1), 11017);
	for (int64_t d = -146097; d <= 146097; d += 13) {
		int y, m, dd;
		days_to_civil(d, &y, &m, &dd);
		assert_int_equal(civil_to_days(y, m, dd), d);
	}
	assert_int_equal(days_weekday(civil_to_days(2026, 11, 28)), 5); /* Saturday */
}

static void instants_with_fraction_and_offset_convert_to_utc_ms(void **state)
{
	(void)state;
	assert_int_equal(parse_ok("1970-01-01T00:00:00Z"), 0);
	assert_int_equal(parse_ok("2026-10-01T08:00:03.250Z") - parse_ok("2026-10-01T08:00:03Z"), 250);
	assert_int_equal(parse_ok("2026-10-01T10:00:03+02:00"), parse_ok("2026-10-01T08:00:03Z"));
	assert_int_equal(parse_ok("2026-10-01T05:30:03-02:30"), parse_ok("2026-10-01T08:00:03Z"));
	assert_int_equal(parse_ok("2026-10-01t08:00:03.1234z"), parse_ok("2026-10-01T08:00:03.123Z"));
	assert_int_equal(parse_ok("2024-02-29T00:00:00Z") % 1000, 0);
}

static void impossible_instants_are_rejected_with_a_reason(void **state)
{
	(void)state;
	assert_string_equal(parse_bad("2026-02-30T00:00:00Z"), "day out of range for month");
	assert_string_equal(parse_bad("2025-02-29T00:00:00Z"), "day out of range for month");
	assert_string_equal(parse_bad("2026-10-01T24:00:00Z"), "hour out of range (24:00 is not an instant)");
	assert_non_null(strstr(parse_bad("2026-06-30T23:59:60Z"), "leap"));
	assert_non_null(strstr(parse_bad("2026-10-01T08:00:00"), "no time zone"));
	assert_non_null(strstr(parse_bad("2026-10-01 08:00:00Z"), "'T'"));
	assert_non_null(strstr(parse_bad("2026-10-01T08:00:00.Z"), "fraction"));
	assert_non_null(strstr(parse_bad("2026-10-01T08:00:00Z "), "after"));
	assert_non_null(strstr(parse_bad("26-10-01T08:00:00Z"), "RFC 3339"));
	assert_non_null(strstr(parse_bad("2026-10-01T08:00:00+0200"), "offset"));
}

/* Issue 21 #9: the offset can push an instant out of the years RFC 3339
 * writes; such an instant is invalid (it would name a partition
 * -001-12-31.ccs or 10000-01-01.ccs). The edges themselves are valid. */
static void instants_outside_years_0000_to_9999_are_rejected(void **state)
{
	(void)state;
	assert_int_equal(parse_ok("0000-01-01T00:00:00Z"), RFC3339_MIN_MS);
	assert_int_equal(parse_ok("9999-12-31T23:59:59.999Z"), RFC3339_MAX_MS);
	assert_int_equal(parse_ok("0000-01-01T01:00:00+01:00"), RFC3339_MIN_MS);
	assert_int_equal(parse_ok("9999-12-31T22:59:59.999-01:00"), RFC3339_MAX_MS);
	assert_string_equal(parse_bad("0000-01-01T00:00:00+01:00"), "instant outside years 0000-9999 in UTC");
	assert_string_equal(parse_bad("0000-01-01T00:59:59.999+01:00"), "instant outside years 0000-9999 in UTC");
	assert_string_equal(parse_bad("9999-12-31T23:30:00-01:00"), "instant outside years 0000-9999 in UTC");
	assert_string_equal(parse_bad("9999-12-31T23:59:59.999-00:01"), "instant outside years 0000-9999 in UTC");
}

static void formatting_is_the_inverse_of_parsing(void **state)
{
	char buf[32];

	(void)state;
	rfc3339_format_utc(parse_ok("2026-10-01T08:00:03.250Z"), buf, sizeof buf);
	assert_string_equal(buf, "2026-10-01T08:00:03.250Z");
	rfc3339_format_utc(parse_ok("1969-12-31T23:59:59.999Z"), buf, sizeof buf);
	assert_string_equal(buf, "1969-12-31T23:59:59.999Z");
	rfc3339_format_utc(parse_ok("0001-01-01T00:00:00.007Z"), buf, sizeof buf);
	assert_string_equal(buf, "0001-01-01T00:00:00.007Z");
	rfc3339_format_utc(parse_ok("2026-10-01T08:00:03.250Z"), buf, 11); /* cut like snprintf */
	assert_string_equal(buf, "2026-10-01");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(civil_days_round_trip_over_four_centuries),
		cmocka_unit_test(instants_with_fraction_and_offset_convert_to_utc_ms),
		cmocka_unit_test(impossible_instants_are_rejected_with_a_reason),
		cmocka_unit_test(instants_outside_years_0000_to_9999_are_rejected),
		cmocka_unit_test(formatting_is_the_inverse_of_parsing),
	};
	return cmocka_run_group_tests_name("timefmt", tests, NULL, NULL);
}
