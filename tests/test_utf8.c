/* test_utf8.c -- only well-formed UTF-8 (RFC 3629) passes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "utf8.h"

static size_t check(const char *s) { return utf8_check((const unsigned char *)s, strlen(s)); }

static void ascii_and_multibyte_text_is_valid(void **state)
{
	(void)state;
	assert_int_equal(check("plain"), 5);
	assert_int_equal(check("Zo\xc3\xab \xe2\x82\xac \xf0\x9f\x98\x80"), strlen("Zo\xc3\xab \xe2\x82\xac \xf0\x9f\x98\x80"));
}

static void a_lone_latin1_byte_is_invalid_at_its_offset(void **state)
{
	(void)state;
	assert_int_equal(check("caf\xe9"), 3);
}

static void overlong_forms_are_invalid(void **state)
{
	(void)state;
	assert_int_equal(check("\xc0\xaf"), 0);
	assert_int_equal(check("\xe0\x80\xaf"), 0);
	assert_int_equal(check("\xf0\x80\x80\xaf"), 0);
}

static void surrogates_and_code_points_above_10ffff_are_invalid(void **state)
{
	(void)state;
	assert_int_equal(check("a\xed\xa0\x80"), 1);
	assert_int_equal(check("\xf4\x90\x80\x80"), 0);
	assert_int_equal(check("\xf5\x80\x80\x80"), 0);
}

static void a_sequence_cut_at_the_end_is_invalid(void **state)
{
	(void)state;
	assert_int_equal(check("ab\xe2\x82"), 2);
	assert_int_equal(check("\xc3"), 0);
}

static void a_stray_continuation_byte_is_invalid(void **state)
{
	(void)state;
	assert_int_equal(check("x\x80y"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ascii_and_multibyte_text_is_valid),
		cmocka_unit_test(a_lone_latin1_byte_is_invalid_at_its_offset),
		cmocka_unit_test(overlong_forms_are_invalid),
		cmocka_unit_test(surrogates_and_code_points_above_10ffff_are_invalid),
		cmocka_unit_test(a_sequence_cut_at_the_end_is_invalid),
		cmocka_unit_test(a_stray_continuation_byte_is_invalid),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
