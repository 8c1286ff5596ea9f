/* crashpoint.c -- SIGKILL at the k-th durable step (crashpoint.h). */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "crashpoint.h"

void crashpoint(const char *where)
{
	static int configured, crash_at;
	static const char *trace;
	static long count;

	if (!configured) {
		const char *at = getenv("CCSLA_CRASH_AT");
		crash_at = at ? atoi(at) : 0;
		trace = getenv("CCSLA_CRASH_TRACE");
		configured = 1;
	}
	if (!crash_at && !trace)
		return;
	count++;
	if (trace) {
		FILE *fp = fopen(trace, "a");
		if (fp) {
			fprintf(fp, "%ld %s\n", count, where);
			fclose(fp);
		}
	}
	if (crash_at && count == crash_at) {
		fflush(NULL);
		kill(getpid(), SIGKILL);
	}
}
