/* test_lock.c -- a second run on the same state directory is refused at
 * once, and a dead run's lock is gone. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/fsutil.h"
#include "nightly/lock.h"

static void a_second_lock_is_refused_and_names_the_holder(void **state)
{
	char dir[] = "/tmp/ccsla-lock-XXXXXX";
	struct ccsla_error err;
	int fd, pipefd[2];
	pid_t child;
	char ok;

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_int_equal(pipe(pipefd), 0);
	child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		int held = state_lock(dir, &err);
		ok = held >= 0 ? 'y' : 'n';
		if (write(pipefd[1], &ok, 1) != 1)
			_exit(1);
		pause();
		_exit(0);
	}
	assert_int_equal(read(pipefd[0], &ok, 1), 1);
	assert_int_equal(ok, 'y');
	assert_int_equal(state_lock(dir, &err), -2);
	assert_non_null(strstr(err.msg, "another ccsla run"));
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	/* The kernel released the dead child's lock. */
	fd = state_lock(dir, &err);
	assert_true(fd >= 0);
	state_unlock(fd);
	close(pipefd[0]);
	close(pipefd[1]);
	remove_tree(dir);
}

/* STATE/lock planted as a link to a file elsewhere, or as a second name of
 * one: the lock is refused and the file keeps its bytes (issue 21). */
static void a_lock_file_that_is_a_link_or_another_files_name_is_refused(void **state)
{
	char dir[] = "/tmp/ccsla-lock-XXXXXX", stdir[64], lock[128], victim[128], *data = NULL;
	struct ccsla_error err;
	size_t n;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(stdir, sizeof stdir, "%s/state", dir);
	snprintf(lock, sizeof lock, "%s/lock", stdir);
	snprintf(victim, sizeof victim, "%s/victim.txt", dir);
	assert_int_equal(mkdir_p(stdir, &err), 0);
	assert_int_equal(atomic_write(victim, "precious\n", 9, &err), 0);

	assert_int_equal(symlink(victim, lock), 0);
	assert_int_equal(state_lock(stdir, &err), -1);
	assert_non_null(strstr(err.msg, "is a symbolic link"));
	assert_non_null(strstr(err.file, "/state/lock"));
	assert_int_equal(read_file(victim, &data, &n, &err), 0);
	assert_string_equal(data, "precious\n");
	free(data);

	/* a dangling link is not created through either */
	assert_int_equal(unlink(lock), 0);
	assert_int_equal(symlink("../elsewhere", lock), 0);
	assert_int_equal(state_lock(stdir, &err), -1);
	snprintf(victim + strlen(dir), sizeof victim - strlen(dir), "/elsewhere");
	assert_false(path_exists(victim));

	assert_int_equal(unlink(lock), 0);
	snprintf(victim, sizeof victim, "%s/victim.txt", dir);
	assert_int_equal(link(victim, lock), 0);
	assert_int_equal(state_lock(stdir, &err), -1);
	assert_non_null(strstr(err.msg, "hard links"));
	assert_int_equal(read_file(victim, &data, &n, &err), 0);
	assert_string_equal(data, "precious\n");
	free(data);

	assert_int_equal(unlink(lock), 0);
	assert_int_equal(mkfifo(lock, 0600), 0);
	assert_int_equal(state_lock(stdir, &err), -1);
	assert_non_null(strstr(err.msg, "not a regular file"));
	remove_tree(dir);
}

/* A store, ledger or nightly directory (or a client's) planted as a link:
 * the lock is refused before anything is written or cleaned there. */
static void a_state_directory_that_is_a_link_is_refused(void **state)
{
	static const char *const links[] = { "store", "store/ACME", "nightly/ACME", "ledger/ACME", "ingest", "quarantine" };
	char dir[] = "/tmp/ccsla-lock-XXXXXX", stdir[64], victim[64], path[160];
	struct ccsla_error err;
	int fd;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(stdir, sizeof stdir, "%s/state", dir);
	snprintf(victim, sizeof victim, "%s/victim", dir);
	assert_int_equal(mkdir_p(victim, &err), 0);
	for (size_t i = 0; i < sizeof links / sizeof links[0]; i++) {
		char parent[160];
		snprintf(path, sizeof path, "%s/%s", stdir, links[i]);
		snprintf(parent, sizeof parent, "%s", path);
		*strrchr(parent, '/') = '\0';
		assert_int_equal(mkdir_p(parent, &err), 0);
		assert_int_equal(symlink(victim, path), 0);
		assert_int_equal(state_lock(stdir, &err), -1);
		assert_string_equal(err.file, path);
		assert_non_null(strstr(err.msg, "is a symbolic link, not a directory ccsla made"));
		assert_int_equal(unlink(path), 0);
		fd = state_lock(stdir, &err);   /* and without the link it works */
		assert_true(fd >= 0);
		state_unlock(fd);
	}
	remove_tree(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_second_lock_is_refused_and_names_the_holder),
		cmocka_unit_test(a_lock_file_that_is_a_link_or_another_files_name_is_refused),
		cmocka_unit_test(a_state_directory_that_is_a_link_is_refused),
	};
	return cmocka_run_group_tests_name("lock", tests, NULL, NULL);
}
