/* test_utf8.c -- only well-formed UTF-8 (RFC 3629) passes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/utf8.h"

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

static void the_ascii_fast_path_finds_a_bad_byte_at_any_offset(void **state)
{
	unsigned char buf[40];

	(void)state;
	for (size_t at = 0; at < sizeof buf; at++) {
		memset(buf, 'a', sizeof buf);
		buf[at] = 0xFF;
		assert_int_equal(utf8_check(buf, sizeof buf), at);
		buf[at] = 0xC3; /* cut: the next byte is ASCII */
		assert_int_equal(utf8_check(buf, sizeof buf), at);
		if (at + 1 < sizeof buf) {
			buf[at + 1] = 0xA9; /* a whole "é" */
			assert_int_equal(utf8_check(buf, sizeof buf), sizeof buf);
		}
	}
}

static void plain_ascii_means_no_nul_and_no_high_byte(void **state)
{
	unsigned char buf[40];

	(void)state;
	memset(buf, 'a', sizeof buf);
	for (size_t n = 0; n <= sizeof buf; n++)
		assert_true(utf8_plain_ascii(buf, n));
	for (size_t at = 0; at < sizeof buf; at++) {
		memset(buf, 'a', sizeof buf);
		buf[at] = 0;
		assert_false(utf8_plain_ascii(buf, sizeof buf));
		assert_true(utf8_plain_ascii(buf, at)); /* the bytes before it */
		buf[at] = 0x80;
		assert_false(utf8_plain_ascii(buf, sizeof buf));
		buf[at] = 0x01; /* control characters are ASCII: checked elsewhere */
		assert_true(utf8_plain_ascii(buf, sizeof buf));
		buf[at] = 0x7F;
		assert_true(utf8_plain_ascii(buf, sizeof buf));
	}
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
		cmocka_unit_test(the_ascii_fast_path_finds_a_bad_byte_at_any_offset),
		cmocka_unit_test(plain_ascii_means_no_nul_and_no_high_byte),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
