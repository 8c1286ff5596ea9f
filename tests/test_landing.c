/* test_landing.c -- the landing directory is read in name order, and a
 * file that is still being written is not taken. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/fsutil.h"
#include "nightly/landing.h"

static void put(const char *dir, const char *name, const char *text)
{
	char path[512];
	FILE *fp;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	assert_non_null(fp = fopen(path, "w"));
	fputs(text, fp);
	fclose(fp);
}

static void only_matching_names_are_listed_in_name_order(void **state)
{
	char dir[] = "/tmp/ccsla-landing-XXXXXX";
	struct landing_list list;
	struct ccsla_error err;

	(void)state;
	assert_non_null(mkdtemp(dir));
	put(dir, "b.csv.gz", "x");
	put(dir, "a.csv.gz", "x");
	put(dir, "notes.txt", "x");
	put(dir, ".hidden.csv.gz", "x");
	assert_int_equal(landing_list(&list, dir, ".csv.gz", &err), 0);
	assert_int_equal(list.count, 2);
	assert_string_equal(list.files[0].name, "a.csv.gz");
	assert_string_equal(list.files[1].name, "b.csv.gz");
	landing_free(&list);
	remove_tree(dir);
}

static void a_file_that_grew_after_listing_is_not_stable(void **state)
{
	char dir[] = "/tmp/ccsla-landing-XXXXXX";
	struct landing_list list;
	struct ccsla_error err;
	FILE *fp;

	(void)state;
	assert_non_null(mkdtemp(dir));
	put(dir, "day.csv.gz", "x");
	assert_int_equal(landing_list(&list, dir, ".csv.gz", &err), 0);
	assert_int_equal(landing_is_stable(&list.files[0], time(NULL) + 3600, 0), 1);
	assert_int_equal(landing_is_stable(&list.files[0], time(NULL), 60), 0); /* too fresh */
	assert_non_null(fp = fopen(list.files[0].path, "a"));
	fputs("more", fp);
	fclose(fp);
	assert_int_equal(landing_is_stable(&list.files[0], time(NULL) + 3600, 0), 0);
	unlink(list.files[0].path);
	assert_int_equal(landing_is_stable(&list.files[0], time(NULL) + 3600, 0), -1);
	landing_free(&list);
	remove_tree(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(only_matching_names_are_listed_in_name_order),
		cmocka_unit_test(a_file_that_grew_after_listing_is_not_stable),
	};
	return cmocka_run_group_tests_name("landing", tests, NULL, NULL);
}
