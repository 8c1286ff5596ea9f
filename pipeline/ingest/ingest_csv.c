/* ingest_csv.c -- the canonical log source: gzip members -> CSV rows ->
 * validated contacts (spec/interaction-log.md, "File") or operations-log
 * rows (spec/operations-logs.md, opskind.h) -> the run.
 *
 * The first row is the header; it names the kind of log (the columns an
 * operations-log kind requires; otherwise an interaction log), unless
 * ingest_options.kind says it. A header that cannot be used makes the file
 * damaged (no row can be read without it). A UTF-8 byte order mark before
 * the header is skipped: it is not part of any column name. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "canon.h"
#include "csvin.h"
#include "gzin.h"
#include "ingest.h"
#include "opslog.h"

struct reader {
	struct ingest_run *run;
	size_t file;
	struct canon_header header;
	const struct ops_kind *kind;  /* NULL: an interaction log */
	struct ops_header ops_header;
	int have_header;
	int header_bad;            /* stop: the header made the file unusable */
	struct ccsla_error *err;
	int failed;                /* an I/O error of the state */
};

static int on_row(void *ctx, const struct csvin_row *row)
{
	struct reader *rd = ctx;
	struct contact c;
	struct canon_reject why;

	if (!rd->have_header) {
		char msg[200];
		if (row->error) {
			snprintf(msg, sizeof msg, "header row: %s at line %ld", row->error, row->line);
			goto bad_header;
		}
		{
			const char *want = ingest_opts(rd->run)->kind;

			rd->kind = want ? (strcmp(want, "interaction") ? ops_kind_find(want) : NULL)
			                : ops_kind_of_header(row->field, row->len, row->nfields);
		}
		if (rd->kind) {
			if (ops_header_map(rd->kind, &rd->ops_header, row->field, row->len, row->nfields, msg,
			                   sizeof msg) != 0) {
				size_t n = strlen(msg);
				snprintf(msg + n, sizeof msg - n, " at line %ld", row->line);
				goto bad_header;
			}
			rd->have_header = 1;
			for (size_t i = 0; i < rd->ops_header.nignored && i < 16; i++)
				ingest_ignored_column(rd->run, rd->file, rd->ops_header.ignored[i]);
			return 0;
		}
		if (canon_header_map(&rd->header, row->field, row->len, row->nfields, msg, sizeof msg) != 0) {
			size_t n = strlen(msg);
			snprintf(msg + n, sizeof msg - n, " at line %ld", row->line);
			goto bad_header;
		}
		rd->have_header = 1;
		for (size_t i = 0; i < rd->header.nignored && i < CANON_MAX_IGNORED; i++)
			ingest_ignored_column(rd->run, rd->file, rd->header.ignored[i]);
		return 0;
bad_header:
		ingest_damaged(rd->run, rd->file, msg);
		rd->header_bad = 1;
		return -1;
	}
	if (row->error) {
		if (ingest_reject(rd->run, rd->file, row->line, "", row->error, row->raw, row->raw_len, rd->err) != 0)
			goto io;
		return 0;
	}
	if (rd->kind) {
		struct ops_row r;
		struct ops_reject owhy;

		if (ops_row_parse(rd->kind, &rd->ops_header, row->field, row->len, row->nfields, &r, &owhy) != 0) {
			if (ingest_reject(rd->run, rd->file, row->line, owhy.column, owhy.reason, row->raw, row->raw_len,
			                  rd->err) != 0)
				goto io;
			return 0;
		}
		if (opslog_accept(rd->run, rd->file, row->line, rd->kind, &r, rd->err) != 0)
			goto io;
		return 0;
	}
	if (canon_row_parse(&rd->header, row->field, row->len, row->nfields, row->plain, &c, &why) != 0) {
		if (ingest_reject(rd->run, rd->file, row->line, why.column, why.reason, row->raw, row->raw_len,
		                  rd->err) != 0)
			goto io;
		return 0;
	}
	if (ingest_accept(rd->run, rd->file, row->line, &c, rd->err) != 0)
		goto io;
	return 0;
io:
	rd->failed = 1;
	return -1;
}

int ingest_read_canonical(struct ingest_run *run, size_t file, struct ccsla_error *err)
{
	const struct ingest_file *f = ingest_file_at(run, file);
	const struct ingest_options *opts = ingest_opts(run);
	struct reader rd;
	struct gzin gz;
	struct csvin csv;
	struct ccsla_error gzerr;
	int ret = -1, have_gz = 0, have_csv = 0, first = 1;
	int progress = opts->progress && f->reg.size_bytes > (64 << 20) && isatty(2);
	time_t last = time(NULL);

	if (f->refused) /* empty or not gzip: damaged before a byte was read */
		return 0;
	memset(&rd, 0, sizeof rd);
	rd.run = run;
	rd.file = file;
	rd.err = err;
	if (gzin_open(&gz, f->path, opts->max_expand ? opts->max_expand : GZIN_DEFAULT_LIMIT, err) != 0)
		goto out;
	have_gz = 1;
	if (csvin_init(&csv, opts->max_row, on_row, &rd) != 0) {
		ccsla_error_set(err, f->path, 0, NULL, "out of memory");
		goto out;
	}
	have_csv = 1;
	for (;;) {
		const unsigned char *p;
		ssize_t n = gzin_next(&gz, &p, &gzerr); /* the inflated bytes in place */

		if (n < 0) {
			ingest_damaged(run, file, gzerr.msg);
			if (csvin_abandon(&csv, INGEST_R_CUT) != 0 && rd.failed)
				goto out;
			break;
		}
		if (n == 0) {
			if (csvin_finish(&csv) != 0 && rd.failed)
				goto out;
			break;
		}
		if (first) {
			first = 0;
			if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
				p += 3;
				n -= 3;
			}
		}
		if (csvin_feed(&csv, p, (size_t)n) != 0) {
			if (rd.failed)
				goto out;
			if (rd.header_bad)
				break;
			ccsla_error_set(err, f->path, 0, NULL, "out of memory");
			goto out;
		}
		if (progress && time(NULL) != last) {
			last = time(NULL);
			fprintf(stderr, "\r%s: %3d%% read", f->reg.name,
			        (int)(100.0 * (double)gzin_position(&gz) / (double)f->reg.size_bytes));
		}
	}
	if (progress)
		fprintf(stderr, "\r%s: done     \n", f->reg.name);
	if (!rd.have_header && !f->reg.damaged)
		ingest_damaged(run, file, "no header row (the file holds no text)");
	ret = 0;
out:
	if (have_csv)
		csvin_free(&csv);
	if (have_gz)
		gzin_close(&gz);
	return ret;
}
