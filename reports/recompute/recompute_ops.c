/* recompute_ops.c -- outages.csv, quality.csv, forecast.csv and complaints.csv (reports/compose/
 * evidence_ops.c) back into the scratch state through the ingest path, the
 * same typed parser and checks as `ccsla ingest` (recompute_compare.h).
 * Either may be absent (the client has no such log: its SLAs are not
 * measurable in the report too). A row the ingest rejects, a duplicate or
 * a damaged file is a MISMATCH line naming the attachment, its line, the
 * column and the reason, and the report does not recompute. The
 * attachments are plain CSV (a client reads them as they are); the ingest
 * reads canonical logs as gzip, so each is gzipped into the scratch folder
 * first, line for line. recompute_ingest_attachment() is the one ingest of
 * an attachment that recompute.c uses for contacts.csv.gz too. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "core/fsutil.h"
#include "ingest/ingest.h"
#include "reports/compose/csvtable.h"
#include "recompute_compare.h"

#define say recompute_say
#define MAX_SAID 5 /* quarantined rows named one by one, then a count */

/* The run's quarantined rows, from its quarantine file (source_file,line,
 * column,reason,raw_row). */
static int say_quarantined(const char *state, const char *rel, const char *name, recompute_emit emit, void *ctx,
                           struct recompute_summary *sum, struct ccsla_error *err)
{
	struct csv_table t;
	char path[4200];
	int cl, cc, cr;
	size_t r;

	snprintf(path, sizeof path, "%s/%s", state, rel);
	if (csv_table_load(&t, path, err) < 0)
		return -1;
	cl = csv_table_column(&t, "line");
	cc = csv_table_column(&t, "column");
	cr = csv_table_column(&t, "reason");
	for (r = 1; r < t.nrows && r <= MAX_SAID; r++)
		say(emit, ctx, sum, 0, "%s:%s: %s: %s (the attached row does not parse as the ingest reads it)", name,
		    cl >= 0 ? csv_table_cell(&t, r, cl) : "?", cc >= 0 && csv_table_cell(&t, r, cc)[0]
		    ? csv_table_cell(&t, r, cc) : "row", cr >= 0 ? csv_table_cell(&t, r, cr) : "?");
	if (t.nrows > MAX_SAID + 1)
		say(emit, ctx, sum, 0, "%s: %zu more rows rejected", name, t.nrows - 1 - MAX_SAID);
	csv_table_free(&t);
	return 0;
}

/* src gzipped into dst. */
static int gzip_to(const char *src, const char *dst, struct ccsla_error *err)
{
	char *data = NULL;
	size_t size;
	gzFile gz;
	int ok;

	if (read_file(src, &data, &size, err) < 0)
		return -1;
	if (!(gz = gzopen(dst, "wb"))) {
		free(data);
		return ccsla_error_set(err, dst, 0, NULL, "cannot write");
	}
	ok = size == 0 || gzwrite(gz, data, (unsigned)size) == (int)size;
	ok = gzclose(gz) == Z_OK && ok;
	free(data);
	return ok ? 0 : ccsla_error_set(err, dst, 0, NULL, "cannot write");
}

int recompute_ingest_attachment(const char *gz_path, const char *name, const char *kind, int name_rows,
                                const char *state, recompute_emit emit, void *ctx, struct recompute_summary *sum,
                                struct ccsla_error *err)
{
	struct ingest_options opts;
	struct ingest_run *run;
	const struct ingest_file *f;
	size_t file;
	int rc, ret = -1;

	memset(&opts, 0, sizeof opts);
	opts.kind = kind;
	if (ingest_open(&run, state, &opts, err) < 0)
		return -1;
	if ((rc = ingest_add_file(run, gz_path, &file, err)) < 0)
		goto out;
	if (rc == 0 && ingest_read_canonical(run, file, err) < 0)
		goto out;
	if (ingest_commit(run, err) < 0)
		goto out;
	f = ingest_file_at(run, file);
	ret = 0;
	if (rc == 1) {
		say(emit, ctx, sum, 0, "%s: the same bytes as another attachment: not the one the report was made from",
		    name);
		ret = 1;
	} else if (f->reg.damaged || f->reg.quarantined || f->reg.duplicates) {
		say(emit, ctx, sum, 0, "%s: %lld rows read, %lld rejected, %lld duplicates%s%s: the attachment is not "
		    "the one the report was made from", name, (long long)f->reg.rows_read, (long long)f->reg.quarantined,
		    (long long)f->reg.duplicates, f->reg.damaged ? ", damaged: " : "", f->reg.damaged ? f->reg.damage : "");
		if (name_rows && f->reg.quarantined && ingest_quarantine_path(run)[0] &&
		    say_quarantined(state, ingest_quarantine_path(run), name, emit, ctx, sum, err) < 0)
			ret = -1;
		else
			ret = 1;
	}
out:
	ingest_close(run);
	return ret;
}

/* One attachment of dir into the scratch state. 0 when absent or read
 * whole, 1 when some row is rejected (said), -1 on error. */
static int rebuild_one(const char *dir, const char *name, const char *kind, const char *state, recompute_emit emit,
                       void *ctx, struct recompute_summary *sum, struct ccsla_error *err)
{
	char src[4200], path[4200];

	snprintf(src, sizeof src, "%s/%s", dir, name);
	if (!path_exists(src))
		return 0;
	snprintf(path, sizeof path, "%s/%s.gz", dir, name);
	if (gzip_to(src, path, err) < 0)
		return -1;
	/* kind: an attachment with another header is damaged, never read as contacts */
	return recompute_ingest_attachment(path, name, kind, 1, state, emit, ctx, sum, err);
}

int recompute_rebuild_ops(const char *dir, const char *state, recompute_emit emit, void *ctx,
                          struct recompute_summary *sum, struct ccsla_error *err)
{
	int a = rebuild_one(dir, "outages.csv", "outage", state, emit, ctx, sum, err);
	int b = a < 0 ? -1 : rebuild_one(dir, "quality.csv", "quality", state, emit, ctx, sum, err);
	int f = a < 0 || b < 0 ? -1 : rebuild_one(dir, "forecast.csv", "forecast", state, emit, ctx, sum, err);
	int k = a < 0 || b < 0 || f < 0 ? -1 : rebuild_one(dir, "complaints.csv", "complaint", state, emit, ctx, sum, err);

	return a < 0 || b < 0 || f < 0 || k < 0 ? -1 : a || b || f || k;
}
