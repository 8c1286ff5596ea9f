/* test_registry.c -- the registry keeps names and reasons exactly, whatever
 * characters they hold, and refuses a damaged file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/registry.h"

static char state_dir[] = "/tmp/ccsla-test-registry-XXXXXX";

static void names_and_reasons_with_separators_survive_a_round_trip(void **state)
{
	struct registry reg = { 0 }, back;
	struct registry_entry e;
	struct ccsla_error err;

	(void)state;
	memset(&e, 0, sizeof e);
	e.index = 1;
	e.run = 1;
	memset(e.sha256, 'a', 64);
	strcpy(e.name, "odd\tname=100%|x.csv.gz");
	e.rows_read = 5;
	e.accepted = 3;
	e.quarantined = 2;
	e.damaged = 1;
	strcpy(e.damage, "corrupt gzip data in member 2 at byte 77");
	registry_count_reason(&e, "expected 0, 1 or empty", 1);
	registry_count_reason(&e, "a=b|c", 1);
	assert_int_equal(registry_append(&reg, &e, &err), 0);
	reg.runs = 1;
	assert_int_equal(registry_save(&reg, state_dir, &err), 0);
	assert_int_equal(registry_load(&back, state_dir, &err), 0);
	assert_int_equal(back.count, 1);
	assert_string_equal(back.entries[0].name, e.name);
	assert_string_equal(back.entries[0].damage, e.damage);
	assert_int_equal(back.entries[0].damaged, 1);
	assert_int_equal(back.entries[0].nreasons, 2);
	assert_string_equal(back.entries[0].reasons[1].reason, "a=b|c");
	assert_non_null(registry_find_sha(&back, e.sha256));
	registry_free(&back);
	registry_free(&reg);
}

static void a_registry_with_a_broken_line_is_an_error_with_its_line(void **state)
{
	struct registry reg;
	struct ccsla_error err;
	char path[4200];
	FILE *fp;

	(void)state;
	snprintf(path, sizeof path, "%s/ingest/registry.tsv", state_dir);
	fp = fopen(path, "ab");
	assert_non_null(fp);
	fputs("2\tbroken\n", fp);
	fclose(fp);
	assert_int_equal(registry_load(&reg, state_dir, &err), -1);
	assert_int_equal(err.line, 3);
}

static int setup(void **state)
{
	(void)state;
	return mkdtemp(state_dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[4200];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", state_dir);
	return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(names_and_reasons_with_separators_survive_a_round_trip),
		cmocka_unit_test(a_registry_with_a_broken_line_is_an_error_with_its_line),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
