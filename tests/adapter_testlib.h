/* adapter_testlib.h -- a capturing sink for adapter unit tests (header
 * only, included by tests/test_adapter*.c, test_asterisk.c, test_technion.c).
 * Run from the repository root, as tests/run.sh does. */
#ifndef CCSLA_ADAPTER_TESTLIB_H
#define CCSLA_ADAPTER_TESTLIB_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "adapters/adapter.h"
#include "core/timefmt.h"

#define CAPTURE_MAX 64

struct capture {
	struct contact c[CAPTURE_MAX];
	int n;
	char rejects[CAPTURE_MAX][600]; /* "file:line: field 'x': msg" */
	const char *reject_reason[CAPTURE_MAX];
	int n_rejects;
};

static inline int capture_emit(void *ctx, const struct contact *c, struct ccsla_error *err)
{
	struct capture *cap = ctx;

	(void)err;
	if (cap->n < CAPTURE_MAX)
		cap->c[cap->n++] = *c;
	return 0;
}

static inline void capture_reject(void *ctx, const char *reason, const struct ccsla_error *where)
{
	struct capture *cap = ctx;

	if (cap->n_rejects < CAPTURE_MAX) {
		ccsla_error_format(where, cap->rejects[cap->n_rejects], sizeof cap->rejects[0]);
		cap->reject_reason[cap->n_rejects++] = reason;
	}
}

/* Runs adapter NAME over files with the given options into cap. */
static inline int capture_run(struct capture *cap, struct adapter_run *run, const char *name,
                       const char *client, const char *tz, const char *queue_map,
                       char *const *files, int n_files)
{
	const struct adapter *a = adapter_find(name);
	struct ccsla_error err;

	memset(cap, 0, sizeof *cap);
	memset(run, 0, sizeof *run);
	adapter_run_init(run, "records");
	run->opts.client_id = client;
	run->opts.tz_name = tz;
	run->opts.queue_map = queue_map;
	run->sink.emit = capture_emit;
	run->sink.reject = capture_reject;
	run->sink.ctx = cap;
	if (!a)
		return -2;
	return a->convert(run, files, n_files, &err);
}

/* The captured contact with contact_id id, or NULL. */
static inline const struct contact *capture_find(const struct capture *cap, const char *id)
{
	for (int i = 0; i < cap->n; i++)
		if (strcmp(cap->c[i].contact_id, id) == 0)
			return &cap->c[i];
	return NULL;
}

/* An instant as RFC 3339 text, for readable assertions ("" when absent). */
static inline const char *at(int64_t ms)
{
	static char buf[4][40];
	static int k;

	k = (k + 1) % 4;
	if (ms == TIME_NONE)
		return "";
	rfc3339_format_utc(ms, buf[k], sizeof buf[k]);
	return buf[k];
}

static char temp_paths[8][64];

/* Removes the temporary files (a cmocka group teardown). */
static inline int temp_cleanup(void **state)
{
	(void)state;
	for (int i = 0; i < 8; i++)
		if (temp_paths[i][0])
			unlink(temp_paths[i]);
	return 0;
}

/* Writes text to a fresh temporary file; returns its path (static, up to
 * eight at once; temp_cleanup removes them). */
static inline const char *temp_file(const char *text)
{
	static int k;
	char (*paths)[64] = temp_paths;
	FILE *fp;
	int fd;

	k = (k + 1) % 8;
	if (paths[k][0])
		unlink(paths[k]);
	snprintf(paths[k], sizeof paths[k], "/tmp/ccsla-adapter-test-XXXXXX");
	fd = mkstemp(paths[k]);
	if (fd < 0 || !(fp = fdopen(fd, "w")))
		return NULL;
	fputs(text, fp);
	fclose(fp);
	return paths[k];
}

#endif
