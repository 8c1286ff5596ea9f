/* test_publish.c -- published directories appear whole, a final one is
 * never replaced, a draft link swaps atomically, leftovers are cleaned. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/fsutil.h"
#include "nightly/publish.h"

static void put(const char *dir, const char *name, const char *text)
{
	char path[4096];
	struct ccsla_error err;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	assert_int_equal(atomic_write(path, text, strlen(text), &err), 0);
}

static char *get(const char *path)
{
	static char *data;
	size_t n;
	struct ccsla_error err;

	free(data);
	data = NULL;
	if (read_file(path, &data, &n, &err) != 0)
		return NULL;
	return data;
}

static void a_final_directory_is_published_once_and_never_replaced(void **state)
{
	char parent[] = "/tmp/ccsla-publish-XXXXXX", tmp[4096], path[4200];
	struct ccsla_error err;

	(void)state;
	assert_non_null(mkdtemp(parent));
	assert_int_equal(publish_begin(parent, "final", tmp, sizeof tmp, &err), 0);
	put(tmp, "report.pdf", "first");
	snprintf(path, sizeof path, "%s/final", parent);
	assert_false(path_exists(path));
	assert_int_equal(publish_once(tmp, parent, "final", &err), 0);
	snprintf(path, sizeof path, "%s/final/report.pdf", parent);
	assert_string_equal(get(path), "first");
	assert_int_equal(publish_begin(parent, "final", tmp, sizeof tmp, &err), 0);
	put(tmp, "report.pdf", "second");
	assert_int_equal(publish_once(tmp, parent, "final", &err), -1);
	assert_non_null(strstr(err.msg, "never replaced"));
	assert_string_equal(get(path), "first");
	assert_int_equal(publish_cleanup(parent, &err), 0);
	assert_false(path_exists(tmp));
	remove_tree(parent);
}

static void a_draft_is_replaced_through_its_link_and_old_ones_go(void **state)
{
	char parent[] = "/tmp/ccsla-publish-XXXXXX", tmp[4096], path[4200];
	struct ccsla_error err;

	(void)state;
	assert_non_null(mkdtemp(parent));
	snprintf(path, sizeof path, "%s/draft/report.pdf", parent);
	for (int i = 0; i < 3; i++) {
		char text[16];
		snprintf(text, sizeof text, "draft %d", i);
		assert_int_equal(publish_begin(parent, "draft", tmp, sizeof tmp, &err), 0);
		put(tmp, "report.pdf", text);
		assert_int_equal(publish_replace(tmp, parent, "draft", &err), 0);
		assert_string_equal(get(path), text);
	}
	/* Only the live target remains besides the link. */
	snprintf(path, sizeof path, "%s/.draft-3", parent);
	assert_true(path_exists(path));
	snprintf(path, sizeof path, "%s/.draft-2", parent);
	assert_false(path_exists(path));
	/* A crash leftover (an unreferenced target) is removed by cleanup. */
	snprintf(path, sizeof path, "%s/.draft-9", parent);
	assert_int_equal(mkdir_p(path, &err), 0);
	assert_int_equal(publish_cleanup(parent, &err), 0);
	assert_false(path_exists(path));
	snprintf(path, sizeof path, "%s/draft/report.pdf", parent);
	assert_string_equal(get(path), "draft 2");
	remove_tree(parent);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_final_directory_is_published_once_and_never_replaced),
		cmocka_unit_test(a_draft_is_replaced_through_its_link_and_old_ones_go),
	};
	return cmocka_run_group_tests_name("publish", tests, NULL, NULL);
}
