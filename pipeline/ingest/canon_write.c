/* canon_write.c -- contacts to a canonical .csv.gz (canon_write.h).
 * Each row is formatted by canon.c (the same columns ingest reads) into a
 * block; a full block is deflated as one gzip member into the atomic temp
 * file, so memory stays one block and its deflated copy. */
#include <libdeflate.h>
#include <stdlib.h>
#include <string.h>

#include "canon.h"
#include "canon_write.h"

/* Level 1: the knee for evidence files (README "Report rendering"). */
#define CANON_WRITE_LEVEL 1

/* Deflates the block as one gzip member into the file. */
static int flush_block(struct canon_writer *w, struct ccsla_error *err)
{
	size_t n;

	if (!w->block_len)
		return 0;
	n = libdeflate_gzip_compress(w->zc, w->block, w->block_len, w->out, w->out_cap);
	if (n == 0)
		return ccsla_error_set(err, w->af.path, 0, NULL, "compression failed");
	if (fwrite(w->out, 1, n, w->af.fp) != n)
		return ccsla_error_set(err, w->af.path, 0, NULL, "write failed");
	w->block_len = 0;
	return 0;
}

/* Appends len bytes (len <= CANON_WRITE_BLOCK) to the block. */
static int put(struct canon_writer *w, const void *data, size_t len, struct ccsla_error *err)
{
	if (w->block_len + len > CANON_WRITE_BLOCK && flush_block(w, err) != 0)
		return -1;
	memcpy(w->block + w->block_len, data, len);
	w->block_len += len;
	return 0;
}

static void release(struct canon_writer *w)
{
	libdeflate_free_compressor(w->zc);
	free(w->block);
	free(w->out);
	w->zc = NULL;
	w->block = w->out = NULL;
}

int canon_write_open(struct canon_writer *w, const char *path, struct ccsla_error *err)
{
	return canon_write_open_extra(w, path, "", err);
}

int canon_write_open_extra(struct canon_writer *w, const char *path, const char *extra_header,
                           struct ccsla_error *err)
{
	const char *head = canon_header_line();
	size_t head_len = strlen(head), extra_len = strlen(extra_header);

	memset(w, 0, sizeof *w);
	if (head_len + extra_len + 1 > CANON_WRITE_BLOCK)
		return ccsla_error_set(err, path, 0, NULL, "header too long");
	if (atomic_open(&w->af, path, err) != 0)
		return -1;
	w->zc = libdeflate_alloc_compressor(CANON_WRITE_LEVEL);
	w->block = malloc(CANON_WRITE_BLOCK);
	if (w->zc)
		w->out_cap = libdeflate_gzip_compress_bound(w->zc, CANON_WRITE_BLOCK);
	w->out = w->out_cap ? malloc(w->out_cap) : NULL;
	if (!w->zc || !w->block || !w->out) {
		ccsla_error_set(err, path, 0, NULL, "cannot start compression: out of memory");
		goto fail;
	}
	if (put(w, head, head_len, err) != 0 || put(w, extra_header, extra_len, err) != 0 || put(w, "\n", 1, err) != 0)
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
	if (put(w, row, n, err) != 0)
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
	if (flush_block(w, err) != 0) {
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
