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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_second_lock_is_refused_and_names_the_holder),
	};
	return cmocka_run_group_tests_name("lock", tests, NULL, NULL);
}
