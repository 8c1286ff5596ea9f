/* canon_write.c -- contacts to a canonical .csv.gz (canon_write.h).
 * Each row is formatted by canon.c (the same columns ingest reads), then
 * deflated straight into the atomic temp file, so memory stays one row
 * plus zlib's window. */
#include <stdlib.h>
#include <string.h>

#include "canon.h"
#include "canon_write.h"

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
}

int canon_write_open(struct canon_writer *w, const char *path, struct ccsla_error *err)
{
	return canon_write_open_extra(w, path, "", err);
}

int canon_write_open_extra(struct canon_writer *w, const char *path, const char *extra_header,
                           struct ccsla_error *err)
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
	if (deflate_out(w, canon_header_line(), strlen(canon_header_line()), 0, err) != 0 ||
	    deflate_out(w, extra_header, strlen(extra_header), 0, err) != 0 ||
	    deflate_out(w, "\n", 1, 0, err) != 0)
		goto fail;
	return 0;
fail:
	canon_write_abort(w);
	return -1;
}

int canon_write_contact(struct canon_writer *w, const struct contact *c, struct ccsla_error *err)
{
	return canon_write_contact_extra(w, c, "", NULL, NULL, err);
}

int canon_write_contact_extra(struct canon_writer *w, const struct contact *c, const char *extra,
                              const char **line, size_t *line_len, struct ccsla_error *err)
{
	/* Five ids of 64 characters, each doubled by quoting at worst, three
	 * instants and the small fields fit well within 2048 bytes; the extra
	 * cells (a file name of up to 255 bytes, quoted) in the rest. */
	char *row = w->row;
	size_t n = canon_format_row(row, 2048, c), e = strlen(extra);

	if (n >= 2048 || n + e + 1 >= sizeof w->row)
		return ccsla_error_set(err, w->af.path, 0, NULL, "row of contact '%s' too long", c->contact_id);
	memcpy(row + n, extra, e);
	n += e;
	row[n++] = '\n';
	if (deflate_out(w, row, n, 0, err) != 0)
		return -1;
	w->rows++;
	if (line)
		*line = row;
	if (line_len)
		*line_len = n;
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
