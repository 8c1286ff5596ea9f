/* canon_write.c -- contacts to a canonical .csv.gz (canon_write.h).
 * Rows are formatted into a memory stream, then deflated straight into the
 * atomic temp file, so memory stays one row plus zlib's window. */
#include <stdlib.h>
#include <string.h>

#include "canon_write.h"
#include "csvw.h"
#include "timefmt.h"

const char canon_write_header[] =
	"contact_id,client_id,channel,direction,queue,customer_id,"
	"arrived_at,answered_at,ended_at,outcome,talk_s,hold_s,wrap_s,"
	"agent_id,transferred,resolved,csat,complaint";

static void time_cell(FILE *fp, int64_t ms)
{
	char buf[40];

	if (ms == TIME_NONE)
		return;
	rfc3339_format_utc(ms, buf, sizeof buf);
	fputs(buf, fp);
}

static void int_cell(FILE *fp, long v, long absent)
{
	if (v != absent)
		fprintf(fp, "%ld", v);
}

void canon_write_format_row(FILE *fp, const struct contact *c)
{
	/* Ids are written with RFC 4180 quoting only: this file is data for
	 * ccsla, not a spreadsheet, so nothing is neutralised. */
	csv_write_cell(fp, c->contact_id);
	fputc(',', fp);
	csv_write_cell(fp, c->client_id);
	fprintf(fp, ",%s,%s,", channel_name(c->channel), direction_name(c->direction));
	csv_write_cell(fp, c->queue);
	fputc(',', fp);
	csv_write_cell(fp, c->customer_id);
	fputc(',', fp);
	time_cell(fp, c->arrived_at_ms);
	fputc(',', fp);
	time_cell(fp, c->answered_at_ms);
	fputc(',', fp);
	time_cell(fp, c->ended_at_ms);
	fprintf(fp, ",%s,", outcome_name(c->outcome));
	int_cell(fp, c->talk_s, -1);
	fputc(',', fp);
	int_cell(fp, c->hold_s, -1);
	fputc(',', fp);
	int_cell(fp, c->wrap_s, -1);
	fputc(',', fp);
	csv_write_cell(fp, c->agent_id);
	fprintf(fp, ",%d,", c->transferred ? 1 : 0);
	int_cell(fp, c->resolved, -1);
	fputc(',', fp);
	int_cell(fp, c->csat, 0);
	fprintf(fp, ",%d", c->complaint ? 1 : 0);
}

/* Deflates len bytes (or finishes the stream when finish) into the file. */
static int deflate_out(struct canon_writer *w, const void *data, size_t len, int finish,
                       struct ccsla_error *err)
{
	unsigned char out[16384];
	int rc;

	w->zs.next_in = (unsigned char *)data;
	w->zs.avail_in = (uInt)len;
	do {
		w->zs.next_out = out;
		w->zs.avail_out = sizeof out;
		rc = deflate(&w->zs, finish ? Z_FINISH : Z_NO_FLUSH);
		if (rc == Z_STREAM_ERROR)
			return ccsla_error_set(err, w->af.path, 0, NULL, "compression failed");
		size_t have = sizeof out - w->zs.avail_out;
		if (have && fwrite(out, 1, have, w->af.fp) != have)
			return ccsla_error_set(err, w->af.path, 0, NULL, "write failed");
	} while (w->zs.avail_out == 0 || (finish && rc != Z_STREAM_END));
	return 0;
}

static void release(struct canon_writer *w)
{
	if (w->zs_ready)
		deflateEnd(&w->zs);
	w->zs_ready = 0;
	if (w->row)
		fclose(w->row);
	w->row = NULL;
	free(w->row_buf);
	w->row_buf = NULL;
}

int canon_write_open(struct canon_writer *w, const char *path, struct ccsla_error *err)
{
	memset(w, 0, sizeof *w);
	if (atomic_open(&w->af, path, err) != 0)
		return -1;
	/* windowBits 15 + 16: a gzip wrapper with no name and mtime 0. */
	if (deflateInit2(&w->zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
		ccsla_error_set(err, path, 0, NULL, "cannot start compression");
		goto fail;
	}
	w->zs_ready = 1;
	if (!(w->row = open_memstream(&w->row_buf, &w->row_len))) {
		ccsla_error_set(err, path, 0, NULL, "out of memory");
		goto fail;
	}
	if (deflate_out(w, canon_write_header, strlen(canon_write_header), 0, err) != 0 ||
	    deflate_out(w, "\n", 1, 0, err) != 0)
		goto fail;
	return 0;
fail:
	canon_write_abort(w);
	return -1;
}

int canon_write_contact(struct canon_writer *w, const struct contact *c, struct ccsla_error *err)
{
	rewind(w->row);
	canon_write_format_row(w->row, c);
	fputc('\n', w->row);
	if (fflush(w->row) != 0)
		return ccsla_error_set(err, w->af.path, 0, NULL, "out of memory");
	/* ftell, not row_len: after rewind the stream's length is where we are. */
	long n = ftell(w->row);
	if (n < 0 || deflate_out(w, w->row_buf, (size_t)n, 0, err) != 0)
		return ccsla_error_set(err, w->af.path, 0, NULL, "write failed");
	w->rows++;
	return 0;
}

int canon_write_commit(struct canon_writer *w, struct ccsla_error *err)
{
	if (deflate_out(w, NULL, 0, 1, err) != 0) {
		canon_write_abort(w);
		return -1;
	}
	release(w);
	if (atomic_commit(&w->af, err) != 0) {
		atomic_abort(&w->af);
		return -1;
	}
	return 0;
}

void canon_write_abort(struct canon_writer *w)
{
	release(w);
	atomic_abort(&w->af);
}
