/* fuzz_adapter.h -- one adapter run over the fuzz input, with its
 * properties (header only, for fuzz_asterisk.c, fuzz_technion.c and any
 * importer that follows pipeline/adapters/adapter.h):
 *   - every emitted contact, written as a canonical CSV row and read back
 *     through csvin and canon_row_parse (what ingest does), is accepted and
 *     equal to what was emitted;
 *   - the reconciliation holds: read = used + skipped + rejected, and the
 *     contacts emitted are the contacts counted;
 *   - every rejected record is reported with the file and a reason;
 *   - a run that fails (an input the adapter cannot use at all) says which
 *     file. */
#ifndef CCSLA_FUZZ_ADAPTER_H
#define CCSLA_FUZZ_ADAPTER_H

#include <limits.h>

#include "fuzz.h"

#include "adapters/adapter.h"
#include "ingest/canon.h"
#include "ingest/csvin.h"

struct fuzz_sink {
	char *const *files;
	int n_files;
	int64_t emitted, rejects;
	struct canon_header header;
	const struct contact *want; /* the contact being re-read */
	int rows_seen;
};

static int fuzz_adapter_row(void *ctx, const struct csvin_row *row)
{
	struct fuzz_sink *s = ctx;
	struct contact back;
	struct canon_reject why;

	fuzz_require(!row->error, "canonical row of '%s' does not split: %s", s->want->contact_id,
	             row->error);
	s->rows_seen++;
	fuzz_require(canon_row_parse(&s->header, row->field, row->len, row->nfields, row->plain, &back,
	                             &why) == 0,
	             "emitted contact '%s' is quarantined on ingest: %s %s", s->want->contact_id, why.column,
	             why.reason);
	fuzz_require(contact_same_content(&back, s->want), "contact '%s' reads back different",
	             s->want->contact_id);
	return 0;
}

static int fuzz_adapter_emit(void *ctx, const struct contact *c, struct ccsla_error *err)
{
	struct fuzz_sink *s = ctx;
	char row[2048];
	size_t n = canon_format_row(row, sizeof row - 1, c);
	struct csvin r;

	(void)err;
	fuzz_require(n < sizeof row - 1, "row of '%s' too long", c->contact_id);
	row[n++] = '\n';
	s->want = c;
	s->rows_seen = 0;
	fuzz_require(csvin_init(&r, 0, fuzz_adapter_row, s) == 0, "csvin_init");
	fuzz_require(csvin_feed(&r, row, n) == 0 && csvin_finish(&r) == 0, "csvin");
	csvin_free(&r);
	fuzz_require(s->rows_seen == 1, "contact '%s' made %d rows", c->contact_id, s->rows_seen);
	s->emitted++;
	return 0;
}

static void fuzz_adapter_reject(void *ctx, const char *reason, const struct ccsla_error *where)
{
	struct fuzz_sink *s = ctx;
	int named = 0;

	fuzz_require(reason && reason[0], "a reject without a reason");
	for (int i = 0; i < s->n_files; i++)
		named |= strcmp(where->file, s->files[i]) == 0;
	fuzz_require(named, "reject names '%s', not an input file", where->file);
	s->rejects++;
}

/* Runs adapter `name` with opts over files (the fuzz input written out)
 * and checks the properties above. */
static inline void fuzz_adapter_run(const char *name, const struct adapter_opts *opts,
                                    char *const *files, int n_files)
{
	const struct adapter *a = adapter_find(name);
	struct adapter_run run;
	struct fuzz_sink s = { 0 };
	struct ccsla_error err;
	int rc;

	fuzz_require(a != NULL, "no adapter %s", name);
	canon_header_all(&s.header);
	s.files = files;
	s.n_files = n_files;
	memset(&run, 0, sizeof run);
	adapter_run_init(&run, "records");
	run.opts = *opts;
	run.sink.emit = fuzz_adapter_emit;
	run.sink.reject = fuzz_adapter_reject;
	run.sink.ctx = &s;
	memset(&err, 0, sizeof err);
	rc = a->convert(&run, files, n_files, &err);
	if (rc != 0) {
		/* A file the adapter cannot use at all (a table export without
		 * its columns): an error naming that file, and no more. */
		int named = 0;
		for (int i = 0; i < n_files; i++)
			named |= strcmp(err.file, files[i]) == 0;
		fuzz_require(rc == -1 && named && err.msg[0], "convert failed (%d) without naming a file: '%s' %s",
		             rc, err.file, err.msg);
		return;
	}
	fuzz_require(adapter_reconciles(&run.stats), "%lld read != %lld used + %lld skipped + %lld rejected",
	             (long long)run.stats.read, (long long)run.stats.used, (long long)run.stats.skipped,
	             (long long)run.stats.rejected);
	fuzz_require(run.stats.produced == s.emitted, "%lld produced, %lld emitted",
	             (long long)run.stats.produced, (long long)s.emitted);
	fuzz_require(s.rejects <= run.stats.rejected, "more reject reports than rejected records");
	fuzz_require((s.rejects == 0) == (run.stats.rejected == 0), "rejected records without a report");
}

#endif
