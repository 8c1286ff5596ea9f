/* canon_write.c -- contacts to a canonical .csv.gz (canon_write.h).
 * Each row is formatted by canon.c (the same columns ingest reads) into a
 * block; a full block is deflated as one gzip member into the atomic temp
 * file by the helper thread while the next block fills, so memory stays
 * two blocks and one deflated copy. */
#include <libdeflate.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "canon.h"
#include "canon_write.h"

/* Deflates len bytes as one gzip member into the file: 0, or -1 with
 * w->failure set. Called by the helper, or inline without one. */
static int deflate_member(struct canon_writer *w, const unsigned char *data, size_t len)
{
	size_t n = libdeflate_gzip_compress(w->zc, data, len, w->out, w->out_cap);

	if (n == 0) {
		snprintf(w->failure, sizeof w->failure, "compression failed");
		return -1;
	}
	if (fwrite(w->out, 1, n, w->af.fp) != n) {
		snprintf(w->failure, sizeof w->failure, "write failed");
		return -1;
	}
	return 0;
}

static void *helper_main(void *arg)
{
	struct canon_writer *w = arg;

	pthread_mutex_lock(&w->lock);
	for (;;) {
		const unsigned char *p;
		size_t n;
		int rc;

		while (!w->pending && !w->stop)
			pthread_cond_wait(&w->changed, &w->lock);
		if (!w->pending)
			break;
		p = w->pending;
		n = w->pending_len;
		rc = w->failed;
		pthread_mutex_unlock(&w->lock);
		if (!rc)
			rc = deflate_member(w, p, n);
		pthread_mutex_lock(&w->lock);
		if (rc)
			w->failed = 1;
		w->pending = NULL;
		pthread_cond_broadcast(&w->changed);
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

/* Waits until the helper has written the pending block: -1 with err set
 * when some member failed. */
static int wait_idle(struct canon_writer *w, struct ccsla_error *err)
{
	int failed;

	if (w->threaded) {
		pthread_mutex_lock(&w->lock);
		while (w->pending)
			pthread_cond_wait(&w->changed, &w->lock);
		failed = w->failed;
		pthread_mutex_unlock(&w->lock);
	} else {
		failed = w->failed;
	}
	return failed ? ccsla_error_set(err, w->af.path, 0, NULL, "%s", w->failure) : 0;
}

/* Hands the block to the helper (or deflates it inline) and switches to
 * the other one. */
static int flush_block(struct canon_writer *w, struct ccsla_error *err)
{
	if (!w->block_len)
		return 0;
	if (wait_idle(w, err) != 0)
		return -1;
	if (!w->threaded) {
		if (deflate_member(w, w->block, w->block_len) != 0) {
			w->failed = 1;
			return ccsla_error_set(err, w->af.path, 0, NULL, "%s", w->failure);
		}
	} else {
		pthread_mutex_lock(&w->lock);
		w->pending = w->block;
		w->pending_len = w->block_len;
		pthread_cond_broadcast(&w->changed);
		pthread_mutex_unlock(&w->lock);
		w->cur ^= 1;
		w->block = w->blocks[w->cur];
	}
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

/* Stops the helper (after the block it deflates) and frees the buffers. */
static void release(struct canon_writer *w)
{
	if (w->threaded) {
		pthread_mutex_lock(&w->lock);
		w->stop = 1;
		pthread_cond_broadcast(&w->changed);
		pthread_mutex_unlock(&w->lock);
		pthread_join(w->helper, NULL);
		w->threaded = 0;
	}
	if (w->zc) {
		pthread_mutex_destroy(&w->lock);
		pthread_cond_destroy(&w->changed);
	}
	libdeflate_free_compressor(w->zc);
	free(w->blocks[0]);
	free(w->blocks[1]);
	free(w->out);
	w->zc = NULL;
	w->blocks[0] = w->blocks[1] = w->block = w->out = NULL;
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
	if ((w->zc = libdeflate_alloc_compressor(CANON_WRITE_LEVEL))) {
		pthread_mutex_init(&w->lock, NULL);
		pthread_cond_init(&w->changed, NULL);
		w->out_cap = libdeflate_gzip_compress_bound(w->zc, CANON_WRITE_BLOCK);
	}
	w->blocks[0] = malloc(CANON_WRITE_BLOCK);
	w->blocks[1] = malloc(CANON_WRITE_BLOCK);
	w->block = w->blocks[0];
	w->out = w->out_cap ? malloc(w->out_cap) : NULL;
	if (!w->zc || !w->blocks[0] || !w->blocks[1] || !w->out) {
		ccsla_error_set(err, path, 0, NULL, "cannot start compression: out of memory");
		goto fail;
	}
	w->threaded = pthread_create(&w->helper, NULL, helper_main, w) == 0;
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

int canon_write_break(struct canon_writer *w, int64_t *offset, struct ccsla_error *err)
{
	off_t at;

	if (flush_block(w, err) != 0 || wait_idle(w, err) != 0)
		return -1;
	if (fflush(w->af.fp) != 0 || (at = ftello(w->af.fp)) < 0)
		return ccsla_error_set(err, w->af.path, 0, NULL, "write failed");
	*offset = (int64_t)at;
	return 0;
}

int canon_write_members(struct canon_writer *w, const void *gz, size_t len, int64_t rows, struct ccsla_error *err)
{
	int64_t at;

	if (canon_write_break(w, &at, err) != 0)
		return -1;
	if (len && fwrite(gz, 1, len, w->af.fp) != len)
		return ccsla_error_set(err, w->af.path, 0, NULL, "write failed");
	w->rows += rows;
	return 0;
}

int canon_write_read_back(struct canon_writer *w, int64_t from, void *buf, size_t len, struct ccsla_error *err)
{
	size_t got = 0;

	if (fflush(w->af.fp) != 0)
		return ccsla_error_set(err, w->af.path, 0, NULL, "write failed");
	while (got < len) {
		ssize_t n = pread(fileno(w->af.fp), (char *)buf + got, len - got, (off_t)(from + (int64_t)got));

		if (n <= 0)
			return ccsla_error_set(err, w->af.path, 0, NULL, "cannot read back what was written");
		got += (size_t)n;
	}
	return 0;
}

int canon_write_commit(struct canon_writer *w, struct ccsla_error *err)
{
	if (flush_block(w, err) != 0 || wait_idle(w, err) != 0) {
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
