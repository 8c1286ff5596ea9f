/* test_nearest.c -- "did you mean": the nearest word, and names ranked
 * nearest first (a client typed in the wrong case comes first). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/nearest.h"

static void the_same_name_in_another_case_comes_first(void **state)
{
	const char *names[] = { "ACME", "BLUEJAY", "ZEBU", "ZEBRA" };

	(void)state;
	nearest_sort("zebra", names, 4);
	assert_string_equal(names[0], "ZEBRA");
	assert_string_equal(names[1], "ZEBU");   /* 2 edits ignoring case */
	assert_string_equal(names[2], "ACME");   /* 4, before BLUEJAY's 6 */
	assert_string_equal(names[3], "BLUEJAY");
}

static void ties_go_by_exact_case_then_name(void **state)
{
	const char *names[] = { "acmf", "ACMF", "Acme", "ACME" };

	(void)state;
	nearest_sort("Acme", names, 4);
	assert_string_equal(names[0], "Acme");   /* the word itself */
	assert_string_equal(names[1], "ACME");   /* equal but for case */
	assert_string_equal(names[2], "acmf");   /* 1 edit folded; 2 exact */
	assert_string_equal(names[3], "ACMF");   /* 1 edit folded; 3 exact */
}

static void nearest_word_suggests_only_a_plausible_typo(void **state)
{
	const char *const known[] = { "threshold_s", "short_abandon_s", "abandons", NULL };

	(void)state;
	assert_string_equal(nearest_word("treshold_s", known), "threshold_s");
	assert_null(nearest_word("xyz", known));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_same_name_in_another_case_comes_first),
		cmocka_unit_test(ties_go_by_exact_case_then_name),
		cmocka_unit_test(nearest_word_suggests_only_a_plausible_typo),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
