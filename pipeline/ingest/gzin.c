/* gzin.c -- multi-member gzip reader with an expansion limit (gzin.h). */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "gzin.h"

#define GZIN_BUF (256 * 1024)

int gzin_open(struct gzin *g, const char *path, uint64_t limit, struct ccsla_error *err)
{
	memset(g, 0, sizeof *g);
	snprintf(g->path, sizeof g->path, "%s", path);
	g->limit = limit;
	if (!(g->in = malloc(GZIN_BUF)))
		return ccsla_error_set(err, path, 0, NULL, "out of memory");
	if (!(g->fp = fopen(path, "rb"))) {
		ccsla_error_set(err, path, 0, NULL, "cannot open: %s", strerror(errno));
		free(g->in);
		g->in = NULL;
		return -1;
	}
	/* windowBits 15 + 16: gzip wrapper only, so a zlib or raw stream is
	 * "not a gzip file" rather than silently accepted. */
	if (inflateInit2(&g->zs, 15 + 16) != Z_OK) {
		gzin_close(g);
		return ccsla_error_set(err, path, 0, NULL, "cannot start zlib");
	}
	g->zs_ready = 1;
	return 0;
}

int gzin_sniff(const char *path, struct ccsla_error *err)
{
	static const unsigned char magic[3] = { 0x1f, 0x8b, 0x08 };
	unsigned char head[3];
	size_t got;
	FILE *fp = fopen(path, "rb");

	if (!fp)
		return ccsla_error_set(err, path, 0, NULL, "cannot open: %s", strerror(errno));
	got = fread(head, 1, sizeof head, fp);
	if (ferror(fp)) {
		fclose(fp);
		return ccsla_error_set(err, path, 0, NULL, "read failed: %s", strerror(errno));
	}
	fclose(fp);
	if (got == 0) {
		ccsla_error_set(err, path, 0, NULL, "empty file at byte 0");
		return 1;
	}
	if (memcmp(head, magic, got) != 0) {
		ccsla_error_set(err, path, 0, NULL, "not a gzip file at byte 0");
		return 1;
	}
	return 0; /* a shorter file is a cut member: the reader says where */
}

/* Records damage found at compressed offset `at`. When decompressed bytes
 * are waiting in buf they are delivered first and the damage is reported
 * by the next call, so no row before the damage is lost. */
static ssize_t damaged(struct gzin *g, unsigned char *buf, struct ccsla_error *err,
                       uint64_t at, const char *what)
{
	size_t pending = buf ? (size_t)(g->zs.next_out - buf) : 0;

	g->state = -1;
	snprintf(g->damage, sizeof g->damage, "%s at byte %llu", what, (unsigned long long)at);
	if (pending) {
		g->damage_pending = 1;
		g->out_total += pending;
		return (ssize_t)pending;
	}
	ccsla_error_set(err, g->path, 0, NULL, "%s", g->damage);
	return -1;
}

/* Makes sure at least `want` unread compressed bytes are in the buffer,
 * unless the file ends first. Returns the number available. */
static size_t fill(struct gzin *g, size_t want, struct ccsla_error *err, int *io_failed)
{
	size_t got;

	if (g->zs.avail_in >= want || g->in_eof)
		return g->zs.avail_in;
	if (g->zs.avail_in && g->zs.next_in != g->in)
		memmove(g->in, g->zs.next_in, g->zs.avail_in);
	g->in_offset += (uint64_t)(g->zs.next_in ? g->zs.next_in - g->in : 0);
	g->zs.next_in = g->in;
	got = fread(g->in + g->zs.avail_in, 1, GZIN_BUF - g->zs.avail_in, g->fp);
	if (got == 0) {
		if (ferror(g->fp)) {
			ccsla_error_set(err, g->path, 0, NULL, "read failed: %s", strerror(errno));
			*io_failed = 1;
		}
		g->in_eof = 1;
	}
	g->zs.avail_in += (uInt)got;
	return g->zs.avail_in;
}

uint64_t gzin_position(const struct gzin *g)
{
	return g->in_offset + (uint64_t)(g->zs.next_in ? g->zs.next_in - g->in : 0);
}

static ssize_t read_sync(struct gzin *g, unsigned char *buf, size_t cap, struct ccsla_error *err)
{
	int io_failed = 0;

	if (g->state > 0)
		return 0;
	if (g->state < 0) {
		ccsla_error_set(err, g->path, 0, NULL, "%s", g->damage);
		return -1;
	}
	if (g->members == 0) {
		size_t have = fill(g, 2, err, &io_failed);
		if (io_failed)
			return damaged(g, NULL, err, 0, "read failed");
		if (have == 0)
			return damaged(g, NULL, err, 0, "empty file");
		if (have < 2 || g->zs.next_in[0] != 0x1f || g->zs.next_in[1] != 0x8b)
			return damaged(g, NULL, err, 0, "not a gzip file");
		g->members = 1;
	}
	g->zs.next_out = buf;
	g->zs.avail_out = (uInt)(cap > UINT32_MAX ? UINT32_MAX : cap);
	while (g->zs.avail_out > 0) {
		int rc;

		if (g->zs.avail_in == 0) {
			fill(g, 1, err, &io_failed);
			if (io_failed)
				return damaged(g, buf, err, gzin_position(g), "read failed");
			if (g->zs.avail_in == 0) {
				/* The file ended inside a member. */
				return damaged(g, buf, err, gzin_position(g), "truncated gzip member (the file ends)");
			}
		}
		rc = inflate(&g->zs, Z_NO_FLUSH);
		if (rc == Z_STREAM_END) {
			size_t have = fill(g, 2, err, &io_failed);
			if (io_failed)
				return damaged(g, buf, err, gzin_position(g), "read failed");
			if (have == 0) {
				g->state = 1;
				break;
			}
			if (have < 2 || g->zs.next_in[0] != 0x1f || g->zs.next_in[1] != 0x8b)
				return damaged(g, buf, err, gzin_position(g),
				               "bytes after the last gzip member are not gzip");
			inflateReset(&g->zs);
			g->members++;
			continue;
		}
		if (rc == Z_DATA_ERROR || rc == Z_NEED_DICT || rc == Z_MEM_ERROR || rc == Z_STREAM_ERROR) {
			char what[64];
			snprintf(what, sizeof what, "corrupt gzip data in member %u", g->members);
			return damaged(g, buf, err, gzin_position(g), what);
		}
		/* Z_OK or Z_BUF_ERROR: loop for more input or output room */
	}
	g->out_total += (uint64_t)(g->zs.next_out - buf);
	if (g->out_total > g->limit) {
		char what[128];
		snprintf(what, sizeof what, "expands beyond the limit of %llu bytes (--max-expand)",
		         (unsigned long long)g->limit);
		g->state = -1;
		snprintf(g->damage, sizeof g->damage, "%s at byte %llu", what,
		         (unsigned long long)gzin_position(g));
		ccsla_error_set(err, g->path, 0, NULL, "%s", g->damage);
		return -1;
	}
	if (g->zs.next_out == buf && g->state == 1)
		return 0;
	return g->zs.next_out - buf;
}

/* --- a decompression thread ---
 *
 * Inflating is about as costly as everything else ingest does with a row,
 * so a second thread inflates the next buffers while the caller parses:
 * on two cores the wall time is the larger of the two, not their sum. The
 * thread owns the zlib stream; the caller only takes filled buffers. */

#define GZIN_SLOTS 4

struct gzin_pipe {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t changed;
	unsigned char *data[GZIN_SLOTS];
	size_t len[GZIN_SLOTS];
	size_t head, tail;        /* slots filled: tail..head-1 (mod GZIN_SLOTS) */
	size_t taken;             /* bytes of slot tail already given out */
	int lent;                 /* gzin_next lent slot tail: free it at the next call */
	int finished;             /* the thread is done: end (1) or damage (-1) */
	int stop;                 /* the caller closes early */
	struct ccsla_error err;   /* the damage, when finished == -1 */
};

static void *pipe_main(void *arg)
{
	struct gzin *g = arg;
	struct gzin_pipe *p = g->pipe;

	for (;;) {
		size_t slot;
		ssize_t n;

		pthread_mutex_lock(&p->lock);
		while (p->head - p->tail == GZIN_SLOTS && !p->stop)
			pthread_cond_wait(&p->changed, &p->lock);
		if (p->stop) {
			pthread_mutex_unlock(&p->lock);
			return NULL;
		}
		slot = p->head % GZIN_SLOTS;
		pthread_mutex_unlock(&p->lock);
		n = read_sync(g, p->data[slot], GZIN_BUF, &p->err);
		pthread_mutex_lock(&p->lock);
		if (n > 0) {
			p->len[slot] = (size_t)n;
			p->head++;
		} else {
			p->finished = n == 0 ? 1 : -1;
		}
		pthread_cond_broadcast(&p->changed);
		pthread_mutex_unlock(&p->lock);
		if (n <= 0)
			return NULL;
	}
}

static int pipe_start(struct gzin *g)
{
	struct gzin_pipe *p = calloc(1, sizeof *p);

	if (!p)
		return -1;
	for (int i = 0; i < GZIN_SLOTS; i++)
		if (!(p->data[i] = malloc(GZIN_BUF)))
			goto fail;
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->changed, NULL);
	g->pipe = p;
	if (pthread_create(&p->thread, NULL, pipe_main, g) != 0) {
		pthread_mutex_destroy(&p->lock);
		pthread_cond_destroy(&p->changed);
		g->pipe = NULL;
		goto fail;
	}
	return 0;
fail:
	for (int i = 0; i < GZIN_SLOTS; i++)
		free(p->data[i]);
	free(p);
	return -1;
}

static void pipe_stop(struct gzin *g)
{
	struct gzin_pipe *p = g->pipe;

	if (!p)
		return;
	pthread_mutex_lock(&p->lock);
	p->stop = 1;
	pthread_cond_broadcast(&p->changed);
	pthread_mutex_unlock(&p->lock);
	pthread_join(p->thread, NULL);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->changed);
	for (int i = 0; i < GZIN_SLOTS; i++)
		free(p->data[i]);
	free(p);
	g->pipe = NULL;
}

/* Waits for a filled slot: 1 when slot tail is filled, 0 at the end, -1
 * on damage (err set). */
static int wait_slot(struct gzin_pipe *p, struct ccsla_error *err)
{
	int rc = 1;

	pthread_mutex_lock(&p->lock);
	while (p->head == p->tail && !p->finished)
		pthread_cond_wait(&p->changed, &p->lock);
	if (p->head == p->tail) {
		rc = p->finished < 0 ? -1 : 0;
		if (rc < 0)
			*err = p->err;
	}
	pthread_mutex_unlock(&p->lock);
	return rc;
}

ssize_t gzin_read(struct gzin *g, unsigned char *buf, size_t cap, struct ccsla_error *err)
{
	struct gzin_pipe *p;
	size_t slot, n;
	int rc;

	if (!g->pipe && !g->pipe_failed && pipe_start(g) != 0)
		g->pipe_failed = 1; /* no thread: read in this one */
	if (!(p = g->pipe))
		return read_sync(g, buf, cap, err);
	if ((rc = wait_slot(p, err)) <= 0)
		return rc;
	slot = p->tail % GZIN_SLOTS;
	/* the slot is ours until tail moves past it */
	n = p->len[slot] - p->taken;
	if (n > cap)
		n = cap;
	memcpy(buf, p->data[slot] + p->taken, n);
	p->taken += n;
	if (p->taken == p->len[slot]) {
		pthread_mutex_lock(&p->lock);
		p->taken = 0;
		p->tail++;
		pthread_cond_broadcast(&p->changed);
		pthread_mutex_unlock(&p->lock);
	}
	return (ssize_t)n;
}

/* Gives the rest of the oldest filled slot back to the thread. */
static void pipe_release(struct gzin_pipe *p)
{
	pthread_mutex_lock(&p->lock);
	p->lent = 0;
	p->taken = 0;
	p->tail++;
	pthread_cond_broadcast(&p->changed);
	pthread_mutex_unlock(&p->lock);
}

ssize_t gzin_next(struct gzin *g, const unsigned char **data, struct ccsla_error *err)
{
	struct gzin_pipe *p;
	ssize_t n;

	if (!g->pipe && !g->pipe_failed && pipe_start(g) != 0)
		g->pipe_failed = 1;
	if (!(p = g->pipe)) {
		/* no thread: inflate into a buffer of our own */
		if (!g->out && !(g->out = malloc(GZIN_BUF))) {
			ccsla_error_set(err, g->path, 0, NULL, "out of memory");
			return -1;
		}
		n = read_sync(g, g->out, GZIN_BUF, err);
		*data = g->out;
		return n;
	}
	if (p->lent)
		pipe_release(p);
	if ((n = wait_slot(p, err)) <= 0)
		return n;
	/* the slot is ours until the next call moves tail past it */
	*data = p->data[p->tail % GZIN_SLOTS] + p->taken;
	p->lent = 1;
	return (ssize_t)(p->len[p->tail % GZIN_SLOTS] - p->taken);
}

void gzin_close(struct gzin *g)
{
	pipe_stop(g);
	if (g->zs_ready)
		inflateEnd(&g->zs);
	if (g->fp)
		fclose(g->fp);
	free(g->in);
	free(g->out);
	memset(g, 0, sizeof *g);
}
