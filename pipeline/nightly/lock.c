/* lock.c -- the state directory's lock (lock.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/fsutil.h"
#include "lock.h"

/* The directories ccsla makes in STATE (and the per-client ones below the
 * first three) must be real directories: a link there would have the store
 * written, and its debris removed, somewhere else. */
static int check_state_tree(const char *state_dir, struct ccsla_error *err)
{
	static const char *const tops[] = { "store", "nightly", "ledger", "ingest", "quarantine" };
	char path[4400], sub[4700];
	struct stat st;

	for (size_t i = 0; i < sizeof tops / sizeof tops[0]; i++) {
		DIR *d;
		struct dirent *de;
		snprintf(path, sizeof path, "%s/%s", state_dir, tops[i]);
		if (lstat(path, &st) != 0)
			continue;
		if (!S_ISDIR(st.st_mode))
			goto refuse;
		if (i >= 3 || !(d = opendir(path)))
			continue;
		while ((de = readdir(d))) {
			if (de->d_name[0] == '.')
				continue;
			snprintf(sub, sizeof sub, "%s/%s", path, de->d_name);
			if (lstat(sub, &st) == 0 && S_ISLNK(st.st_mode)) {
				closedir(d);
				snprintf(path, sizeof path, "%s", sub);
				goto refuse;
			}
		}
		closedir(d);
	}
	return 0;
refuse:
	return ccsla_error_set(err, path, 0, NULL, "is %s, not a directory ccsla made: nothing is written or "
	                       "removed through it; move it away (to keep the state elsewhere, give --state there)",
	                       S_ISLNK(st.st_mode) ? "a symbolic link" : "not a directory");
}

int state_lock(const char *state_dir, struct ccsla_error *err)
{
	char path[4200], pid[32];
	int fd;
	ssize_t n;
	struct stat st;

	if (mkdir_p(state_dir, err) != 0)
		return -1;
	snprintf(path, sizeof path, "%s/lock", state_dir);
	/* O_NOFOLLOW: a link planted at STATE/lock would have the pid written
	 * over whatever it points to; O_NONBLOCK: a FIFO does not hang us. */
	if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0644)) < 0) {
		if (errno == ELOOP)
			return ccsla_error_set(err, path, 0, NULL, "is a symbolic link, not ccsla's lock file: nothing "
			                       "is written through it; remove the link");
		return ccsla_error_set(err, path, 0, NULL, "cannot open lock file: %s", strerror(errno));
	}
	if (fstat(fd, &st) != 0) {
		int e = errno;
		close(fd);
		return ccsla_error_set(err, path, 0, NULL, "cannot read lock file: %s", strerror(e));
	}
	if (!S_ISREG(st.st_mode) || st.st_nlink != 1) {
		close(fd);
		if (!S_ISREG(st.st_mode))
			return ccsla_error_set(err, path, 0, NULL, "is not a regular file, so not ccsla's lock file: "
			                       "nothing is written to it; remove it");
		return ccsla_error_set(err, path, 0, NULL, "has %ju names (hard links): it is another file too, so "
		                       "not ccsla's lock file; nothing is written to it; remove it", (uintmax_t)st.st_nlink);
	}
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
	if (check_state_tree(state_dir, err) != 0) {
		close(fd);
		return -1;
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
