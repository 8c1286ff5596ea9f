/* test_strpool.c -- strings freed together. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/strpool.h"

static void printf_strings_stay_until_the_pool_is_freed(void **state)
{
	struct strpool p = { NULL, 0, 0 };
	const char *s[200];
	char want[32];
	int i;

	(void)state;
	for (i = 0; i < 200; i++)
		s[i] = strpool_printf(&p, "figure %d of %s", i, "200");
	for (i = 0; i < 200; i++) {
		snprintf(want, sizeof want, "figure %d of 200", i);
		assert_string_equal(s[i], want);
	}
	assert_int_equal(p.count, 200);
	strpool_free(&p);
	assert_int_equal(p.count, 0);
	assert_null(p.blocks);
}

static void alloc_gives_zeroed_memory_and_the_pool_is_reusable(void **state)
{
	struct strpool p = { NULL, 0, 0 };
	unsigned char *b;
	size_t i;

	(void)state;
	b = strpool_alloc(&p, 64);
	assert_non_null(b);
	for (i = 0; i < 64; i++)
		assert_int_equal(b[i], 0);
	assert_non_null(strpool_alloc(&p, 0)); /* a zero-size block is still a block */
	strpool_free(&p);
	assert_string_equal(strpool_printf(&p, "%s", "again"), "again");
	strpool_free(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(printf_strings_stay_until_the_pool_is_freed),
		cmocka_unit_test(alloc_gives_zeroed_memory_and_the_pool_is_reusable),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
