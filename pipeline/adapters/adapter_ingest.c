/* adapter_ingest.c -- an adapter feeding an ingest run (adapter_ingest.h). */
#include <string.h>

#include "adapter_ingest.h"

struct feed {
	struct ingest_run *run;
	char *const *paths;
	const size_t *file_no;
	int n;
	int failed;                /* the run failed: err holds why */
	struct ccsla_error err;
};

/* The run's file number of a source path (the adapter reports rejects by
 * path; a handful of files, so a linear search). */
static size_t file_of(const struct feed *f, const char *path)
{
	for (int i = 0; i < f->n; i++)
		if (strcmp(f->paths[i], path) == 0)
			return f->file_no[i];
	return f->file_no[0];
}

static int feed_emit(void *ctx, const struct contact *c, struct ccsla_error *err)
{
	struct feed *f = ctx;

	if (c->src_file >= (uint32_t)f->n)
		return ccsla_error_set(err, NULL, 0, NULL, "contact from unknown file %u", c->src_file);
	return ingest_accept(f->run, f->file_no[c->src_file], c->src_line, c, err);
}

static void feed_reject(void *ctx, const char *reason, const struct ccsla_error *where)
{
	struct feed *f = ctx;

	if (f->failed)
		return;
	/* The quarantine keeps the adapter's message where a canonical row
	 * would keep the raw row: it says what the source line was. */
	if (ingest_reject(f->run, file_of(f, where->file), where->line, where->field, reason,
	                  where->msg, strlen(where->msg), &f->err) != 0)
		f->failed = 1;
}

static void feed_damaged(void *ctx, const struct ccsla_error *where)
{
	struct feed *f = ctx;
	char what[sizeof where->msg + 64];

	/* as ingest_csv.c says a canonical header it cannot use */
	if (where->line > 0)
		snprintf(what, sizeof what, "%s at line %ld", where->msg, where->line);
	else
		snprintf(what, sizeof what, "%s", where->msg);
	ingest_damaged(f->run, file_of(f, where->file), what);
}

int adapter_ingest(struct ingest_run *run, const struct adapter *a, const struct adapter_opts *opts,
                   char *const *paths, const size_t *file_no, int n, FILE *out, struct ccsla_error *err)
{
	struct feed f = { .run = run, .paths = paths, .file_no = file_no, .n = n };
	struct adapter_run ar;

	memset(&ar, 0, sizeof ar);
	adapter_run_init(&ar, "records");
	ar.opts = *opts;
	if (!ar.opts.client_id)
		ar.opts.client_id = a->default_client;
	if (!ar.opts.tz_name)
		ar.opts.tz_name = a->default_tz;
	ar.sink.emit = feed_emit;
	ar.sink.reject = feed_reject;
	ar.sink.damaged = feed_damaged;
	ar.sink.ctx = &f;
	if (n == 0)
		return 0;
	if (a->convert(&ar, paths, n, err) != 0)
		return -1;
	if (f.failed) {
		*err = f.err;
		return -1;
	}
	adapter_print_stats(out, a->name, &ar.stats);
	return 0;
}
