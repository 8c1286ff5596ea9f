/* lock.c -- the state directory's lock (lock.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "core/fsutil.h"
#include "lock.h"

int state_lock(const char *state_dir, struct ccsla_error *err)
{
	char path[4200], pid[32];
	int fd;
	ssize_t n;

	if (mkdir_p(state_dir, err) != 0)
		return -1;
	snprintf(path, sizeof path, "%s/lock", state_dir);
	if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644)) < 0)
		return ccsla_error_set(err, path, 0, NULL, "cannot open lock file: %s", strerror(errno));
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		int busy = errno == EWOULDBLOCK;
		n = pread(fd, pid, sizeof pid - 1, 0);
		pid[n > 0 ? n : 0] = '\0';
		pid[strcspn(pid, "\n")] = '\0';
		close(fd);
		if (busy) {
			ccsla_error_set(err, path, 0, NULL, "another ccsla run (pid %s) holds the lock; try again when it has finished",
			                pid[0] ? pid : "unknown");
			return -2;
		}
		return ccsla_error_set(err, path, 0, NULL, "cannot lock: %s", strerror(errno));
	}
	/* The pid is only a hint for the message above; the flock is the lock. */
	n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) != 0 || pwrite(fd, pid, (size_t)n, 0) != n) {
		/* not fatal: the lock is held */
	}
	return fd;
}

void state_unlock(int fd)
{
	if (fd >= 0)
		close(fd);
}
