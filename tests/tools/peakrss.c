/* peakrss.c -- run a command and write its peak resident memory, wall
 * time and CPU time to a file: "peakrss FILE CMD [ARG...]" writes
 * "KIB MS CPU_MS" (peak RSS in KiB from wait4, wall milliseconds, user +
 * system CPU milliseconds) to FILE and exits with the command's
 * status (128 + signal when it was killed). The e2e tests use it to bound
 * memory and time without needing GNU time installed. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int main(int argc, char **argv)
{
	struct rusage ru;
	long long t0;
	int status;
	pid_t pid;
	FILE *fp;

	if (argc < 3) {
		fprintf(stderr, "usage: peakrss FILE CMD [ARG...]\n");
		return 2;
	}
	t0 = now_ms();
	if ((pid = fork()) < 0) {
		fprintf(stderr, "peakrss: cannot fork: %s\n", strerror(errno));
		return 125;
	}
	if (pid == 0) {
		execvp(argv[2], argv + 2);
		fprintf(stderr, "peakrss: cannot run %s: %s\n", argv[2], strerror(errno));
		_exit(127);
	}
	while (wait4(pid, &status, 0, &ru) < 0)
		if (errno != EINTR) {
			fprintf(stderr, "peakrss: wait: %s\n", strerror(errno));
			return 125;
		}
	if (!(fp = fopen(argv[1], "w")) || fprintf(fp, "%ld %lld %lld\n", ru.ru_maxrss, now_ms() - t0,
	                                 (long long)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000 +
	                                     (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000) < 0 ||
	    fclose(fp) != 0) {
		fprintf(stderr, "peakrss: cannot write %s\n", argv[1]);
		return 125;
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
