/* test_publish.c -- published directories appear whole, a final one is
 * never replaced, a draft link swaps atomically, leftovers are cleaned;
 * planted links (issue 21) are refused and nothing outside is deleted. */
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

/* A scratch tree: root/out/ACME/2026-10 (parent) and root/victim/keep.txt,
 * a directory outside the output tree that must never change. */
struct scratch {
	char root[64], parent[256], victim[256], keep[300];
};

static void scratch_make(struct scratch *t)
{
	struct ccsla_error err;

	snprintf(t->root, sizeof t->root, "/tmp/ccsla-hostile-XXXXXX");
	assert_non_null(mkdtemp(t->root));
	snprintf(t->parent, sizeof t->parent, "%s/out/ACME/2026-10", t->root);
	snprintf(t->victim, sizeof t->victim, "%s/victim", t->root);
	snprintf(t->keep, sizeof t->keep, "%s/keep.txt", t->victim);
	assert_int_equal(mkdir_p(t->parent, &err), 0);
	put(t->victim, "keep.txt", "the victim's data");
}

static void link_at(const char *dir, const char *name, const char *target)
{
	char path[4096];

	snprintf(path, sizeof path, "%s/%s", dir, name);
	assert_int_equal(symlink(target, path), 0);
}

/* Builds a draft in tmp and tries to publish it; returns publish_replace's
 * result (err filled). */
static int try_draft(const char *parent, struct ccsla_error *err)
{
	char tmp[4096];

	assert_int_equal(publish_begin(parent, "draft", tmp, sizeof tmp, err), 0);
	put(tmp, "report.pdf", "new draft");
	return publish_replace(tmp, parent, "draft", err);
}

static void a_draft_link_planted_to_leave_the_tree_is_refused_and_nothing_is_deleted(void **state)
{
	static const char *const targets[] = { "../../../victim", NULL /* absolute */, ".draft-1/../../../../victim" };
	struct ccsla_error err;

	(void)state;
	for (int i = 0; i < 3; i++) {
		struct scratch t;
		char path[4200], got[512];
		ssize_t n;

		scratch_make(&t);
		link_at(t.parent, "draft", targets[i] ? targets[i] : t.victim);
		assert_int_equal(try_draft(t.parent, &err), -1);
		assert_non_null(strstr(err.msg, "not to a hidden .draft-<n> directory"));
		assert_non_null(strstr(err.file, "/out/ACME/2026-10/draft"));
		assert_string_equal(get(t.keep), "the victim's data");
		/* the link is left as it was, our temporary directory is gone */
		snprintf(path, sizeof path, "%s/draft", t.parent);
		n = readlink(path, got, sizeof got - 1);
		assert_true(n > 0);
		got[n] = '\0';
		assert_string_equal(got, targets[i] ? targets[i] : t.victim);
		snprintf(path, sizeof path, "%s/.draft.tmp", t.parent);
		assert_false(path_exists(path));
		/* cleanup refuses the same link and removes nothing */
		assert_int_equal(publish_cleanup(t.parent, &err), -1);
		assert_string_equal(get(t.keep), "the victim's data");
		remove_tree(t.root);
	}
}

static void a_draft_that_is_not_a_link_or_links_to_a_link_is_refused(void **state)
{
	struct scratch t;
	struct ccsla_error err;
	char path[4200];

	(void)state;
	/* a real directory named draft (ccsla only makes a link there) */
	scratch_make(&t);
	snprintf(path, sizeof path, "%s/draft", t.parent);
	put(path, "mine.txt", "an operator's file");
	assert_int_equal(try_draft(t.parent, &err), -1);
	assert_non_null(strstr(err.msg, "is a directory, not the link"));
	snprintf(path, sizeof path, "%s/draft/mine.txt", t.parent);
	assert_string_equal(get(path), "an operator's file");
	remove_tree(t.root);

	/* a well-named hidden target that is itself a link out of the tree */
	scratch_make(&t);
	link_at(t.parent, ".draft-1", t.victim);
	link_at(t.parent, "draft", ".draft-1");
	assert_int_equal(try_draft(t.parent, &err), -1);
	assert_non_null(strstr(err.msg, "is a symbolic link, not a directory ccsla made"));
	assert_int_equal(publish_cleanup(t.parent, &err), -1);
	assert_string_equal(get(t.keep), "the victim's data");
	snprintf(path, sizeof path, "%s/.draft-1", t.parent);
	assert_true(path_exists(path));
	remove_tree(t.root);

	/* a final/ planted as a link: cleanup refuses it */
	scratch_make(&t);
	link_at(t.parent, "final", t.victim);
	assert_int_equal(publish_cleanup(t.parent, &err), -1);
	assert_non_null(strstr(err.file, "/final"));
	assert_string_equal(get(t.keep), "the victim's data");
	remove_tree(t.root);
}

static void cleanup_removes_only_its_own_leftovers(void **state)
{
	struct scratch t;
	struct ccsla_error err;
	char path[4200];

	(void)state;
	scratch_make(&t);
	assert_int_equal(try_draft(t.parent, &err), 0);
	put(t.parent, ".keep", "an operator's hidden file");
	snprintf(path, sizeof path, "%s/.final.tmp", t.parent);
	put(path, "report.pdf", "half a final");
	link_at(t.parent, ".draft.link", ".draft-7");
	snprintf(path, sizeof path, "%s/.draft-4", t.parent);
	assert_int_equal(mkdir_p(path, &err), 0);
	assert_int_equal(publish_cleanup(t.parent, &err), 0);
	snprintf(path, sizeof path, "%s/.keep", t.parent);
	assert_string_equal(get(path), "an operator's hidden file");
	for (int i = 0; i < 3; i++) {
		static const char *const gone[] = { ".final.tmp", ".draft.link", ".draft-4" };
		snprintf(path, sizeof path, "%s/%s", t.parent, gone[i]);
		assert_false(path_exists(path));
	}
	snprintf(path, sizeof path, "%s/draft/report.pdf", t.parent);
	assert_string_equal(get(path), "new draft");
	remove_tree(t.root);
}

static void a_client_or_month_directory_that_is_a_link_is_refused(void **state)
{
	struct scratch t;
	struct ccsla_error err;
	char out[300], acme[300], month[300];

	(void)state;
	scratch_make(&t);
	snprintf(out, sizeof out, "%s/out", t.root);
	snprintf(acme, sizeof acme, "%s/out/BLUEJAY", t.root);
	snprintf(month, sizeof month, "%s/out/BLUEJAY/2026-10", t.root);
	assert_int_equal(symlink(t.victim, acme), 0);
	assert_int_equal(publish_mkdirs(out, month, &err), -1);
	assert_non_null(strstr(err.file, "/out/BLUEJAY"));
	assert_non_null(strstr(err.msg, "is a symbolic link, not a directory ccsla made"));
	snprintf(month, sizeof month, "%s/2026-10", t.victim);
	assert_false(path_exists(month));
	/* the ordinary case: made, and made again */
	snprintf(month, sizeof month, "%s/out/KOALA/2026-10", t.root);
	assert_int_equal(publish_mkdirs(out, month, &err), 0);
	assert_int_equal(publish_mkdirs(out, month, &err), 0);
	assert_int_equal(publish_mkdirs(out, t.parent, &err), 0);
	assert_int_equal(publish_mkdirs(out, t.victim, &err), -1);
	remove_tree(t.root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_final_directory_is_published_once_and_never_replaced),
		cmocka_unit_test(a_draft_is_replaced_through_its_link_and_old_ones_go),
		cmocka_unit_test(a_draft_link_planted_to_leave_the_tree_is_refused_and_nothing_is_deleted),
		cmocka_unit_test(a_draft_that_is_not_a_link_or_links_to_a_link_is_refused),
		cmocka_unit_test(cleanup_removes_only_its_own_leftovers),
		cmocka_unit_test(a_client_or_month_directory_that_is_a_link_is_refused),
	};
	return cmocka_run_group_tests_name("publish", tests, NULL, NULL);
}
