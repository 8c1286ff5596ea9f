/* test_landing.c -- the landing directory is read in name order, a file
 * that is still being written is not taken, and an ingested file is
 * archived by date without overwriting anything. */
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

static int read_text(const char *path, char *buf, size_t size)
{
	FILE *fp = fopen(path, "r");
	size_t n;

	if (!fp)
		return -1;
	n = fread(buf, 1, size - 1, fp);
	buf[n] = '\0';
	fclose(fp);
	return 0;
}

/* Archives the only landing file of dir into arch; returns landing_archive's result. */
static int archive_one(const char *dir, const char *arch, char *dest, size_t size)
{
	struct landing_list list;
	struct ccsla_error err;
	int rc;

	assert_int_equal(landing_list(&list, dir, ".csv.gz", &err), 0);
	assert_int_equal(list.count, 1);
	rc = landing_archive(&list.files[0], arch, "2026-11-02", dest, size, &err);
	landing_free(&list);
	return rc;
}

static void an_archived_file_moves_by_date_and_never_overwrites(void **state)
{
	char dir[] = "/tmp/ccsla-landing-XXXXXX", arch[] = "/tmp/ccsla-archive-XXXXXX";
	char dest[4400], path[600], text[64];

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_non_null(mkdtemp(arch));
	put(dir, "day.csv.gz", "first");
	assert_int_equal(archive_one(dir, arch, dest, sizeof dest), 0);
	snprintf(path, sizeof path, "%s/2026-11-02/day.csv.gz", arch);
	assert_string_equal(dest, path);
	assert_int_equal(read_text(path, text, sizeof text), 0);
	assert_string_equal(text, "first");
	snprintf(path, sizeof path, "%s/day.csv.gz", dir);
	assert_false(path_exists(path));
	/* another file of the same name the same day: kept beside, not over it */
	put(dir, "day.csv.gz", "second");
	assert_int_equal(archive_one(dir, arch, dest, sizeof dest), 0);
	snprintf(path, sizeof path, "%s/2026-11-02/day.csv.gz.2", arch);
	assert_string_equal(dest, path);
	snprintf(path, sizeof path, "%s/2026-11-02/day.csv.gz", arch);
	assert_int_equal(read_text(path, text, sizeof text), 0);
	assert_string_equal(text, "first");
	/* the same content again (a run stopped after archiving): no third copy */
	put(dir, "day.csv.gz", "first");
	assert_int_equal(archive_one(dir, arch, dest, sizeof dest), 0);
	snprintf(path, sizeof path, "%s/2026-11-02/day.csv.gz", arch);
	assert_string_equal(dest, path);
	snprintf(path, sizeof path, "%s/2026-11-02/day.csv.gz.3", arch);
	assert_false(path_exists(path));
	snprintf(path, sizeof path, "%s/day.csv.gz", dir);
	assert_false(path_exists(path));
	remove_tree(dir);
	remove_tree(arch);
}

/* /dev/shm is another file system than /tmp on the test machines: the
 * file is copied, flushed and linked into place, then removed. */
static void an_archive_on_another_file_system_gets_a_copy(void **state)
{
	char dir[] = "/tmp/ccsla-landing-XXXXXX", arch[] = "/dev/shm/ccsla-archive-XXXXXX";
	char dest[4400], path[600], text[64];

	(void)state;
	if (!mkdtemp(arch))
		skip();
	assert_non_null(mkdtemp(dir));
	put(dir, "day.csv.gz", "far away");
	assert_int_equal(archive_one(dir, arch, dest, sizeof dest), 0);
	assert_int_equal(read_text(dest, text, sizeof text), 0);
	assert_string_equal(text, "far away");
	snprintf(path, sizeof path, "%s/day.csv.gz", dir);
	assert_false(path_exists(path));
	snprintf(path, sizeof path, "%s/2026-11-02/.day.csv.gz.tmp", arch);
	assert_false(path_exists(path));
	remove_tree(dir);
	remove_tree(arch);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(only_matching_names_are_listed_in_name_order),
		cmocka_unit_test(a_file_that_grew_after_listing_is_not_stable),
		cmocka_unit_test(an_archived_file_moves_by_date_and_never_overwrites),
		cmocka_unit_test(an_archive_on_another_file_system_gets_a_copy),
	};
	return cmocka_run_group_tests_name("landing", tests, NULL, NULL);
}
