/* blockw.c -- aligned block writes, direct where possible, on a helper
 * thread (blockw.h). */
#define _GNU_SOURCE /* O_DIRECT */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crc32fast.h"

#include "blockw.h"

/* Alignment of a direct write's buffer, offset and length: 4096 covers
 * every logical block size in use (512 or 4096). */
#define BLOCKW_ALIGN 4096

/* Only while no block is pending: the helper never races with it. */
static void set_direct(struct blockw *w, int on)
{
	int fl = fcntl(w->fd, F_GETFL);

	if (fl < 0)
		return;
	if (fcntl(w->fd, F_SETFL, on ? fl | O_DIRECT : fl & ~O_DIRECT) == 0)
		w->direct = on;
}

/* Returns 0 or an errno value. */
static int write_all(struct blockw *w, const unsigned char *p, size_t n)
{
	while (n > 0) {
		ssize_t got = write(w->fd, p, n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0 && errno == EINVAL && w->direct) {
			/* the file system takes O_DIRECT but not this write:
			 * the rest goes through the page cache */
			set_direct(w, 0);
			if (!w->direct)
				continue;
		}
		if (got <= 0)
			return got < 0 ? errno : EIO;
		p += got;
		n -= (size_t)got;
	}
	return 0;
}

static void *io_main(void *arg)
{
	struct blockw *w = arg;

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
		pthread_mutex_unlock(&w->lock);
		rc = w->error ? 0 : write_all(w, p, n);
		pthread_mutex_lock(&w->lock);
		if (rc && !w->error)
			w->error = rc;
		w->pending = NULL;
		pthread_cond_broadcast(&w->changed);
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

int blockw_init(struct blockw *w, int fd)
{
	memset(w, 0, sizeof *w);
	w->fd = fd;
	w->crc = 0;
	if (!(w->buf[0] = aligned_alloc(BLOCKW_ALIGN, BLOCKW_SIZE)) ||
	    !(w->buf[1] = aligned_alloc(BLOCKW_ALIGN, BLOCKW_SIZE))) {
		free(w->buf[0]);
		w->buf[0] = NULL;
		return -1;
	}
	set_direct(w, 1);
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->changed, NULL);
	w->threaded = pthread_create(&w->io, NULL, io_main, w) == 0;
	return 0;
}

/* Waits until the helper has written the pending block; the error of any
 * write so far (0: none). */
static int wait_idle(struct blockw *w)
{
	int error;

	if (!w->threaded)
		return w->error;
	pthread_mutex_lock(&w->lock);
	while (w->pending)
		pthread_cond_wait(&w->changed, &w->lock);
	error = w->error;
	pthread_mutex_unlock(&w->lock);
	return error;
}

/* Hands the filled block to the helper (or writes it) and switches to the
 * other one. Only the first `logical` bytes of it count (the CRC, the
 * size): the rest is padding of a direct tail. */
static int drain(struct blockw *w, size_t logical)
{
	int rc;

	if (w->used == 0)
		return wait_idle(w) != 0 ? -1 : 0;
	/* while the helper still writes the other block */
	w->crc = crc32_fast(w->crc, w->buf[w->cur], logical);
	w->size += logical;
	if (wait_idle(w) != 0)
		return -1;
	if (w->direct && w->used % BLOCKW_ALIGN != 0)
		set_direct(w, 0); /* only whole blocks go direct */
	if (!w->threaded) {
		if ((rc = write_all(w, w->buf[w->cur], w->used)) != 0) {
			w->error = rc;
			return -1;
		}
	} else {
		pthread_mutex_lock(&w->lock);
		w->pending = w->buf[w->cur];
		w->pending_len = w->used;
		pthread_cond_broadcast(&w->changed);
		pthread_mutex_unlock(&w->lock);
		w->cur ^= 1;
	}
	w->used = 0;
	return 0;
}

uint32_t blockw_crc(const struct blockw *w)
{
	return crc32_fast(w->crc, w->buf[w->cur], w->used);
}

int blockw_put(struct blockw *w, const void *data, size_t n)
{
	const unsigned char *p = data;

	while (n > 0) {
		size_t room = BLOCKW_SIZE - w->used, k = n < room ? n : room;
		memcpy(w->buf[w->cur] + w->used, p, k);
		w->used += k;
		p += k;
		n -= k;
		if (w->used == BLOCKW_SIZE && drain(w, BLOCKW_SIZE) != 0)
			return -1;
	}
	return 0; /* a failure of the pending block shows at the next drain */
}

int blockw_flush(struct blockw *w)
{
	size_t tail = w->used, padded = (tail + BLOCKW_ALIGN - 1) / BLOCKW_ALIGN * BLOCKW_ALIGN;
	int pad = w->direct && padded != tail, rc;

	/* A tail goes direct too: padded with zeros to the alignment, then cut
	 * back with ftruncate. Written through the page cache, it left dirty
	 * pages for the fsync to write back, one round trip per file. */
	if (pad) {
		memset(w->buf[w->cur] + tail, 0, padded - tail);
		w->used = padded;
	}
	rc = drain(w, tail);
	if (wait_idle(w) != 0)
		rc = -1;
	if (rc == 0 && pad && (ftruncate(w->fd, (off_t)w->size) != 0 ||
	                       lseek(w->fd, (off_t)w->size, SEEK_SET) < 0)) {
		w->error = errno;
		rc = -1;
	}
	if (w->direct)
		set_direct(w, 0);
	return rc;
}

void blockw_free(struct blockw *w)
{
	if (!w->buf[0])
		return; /* never set up, or freed already */
	if (w->threaded) {
		pthread_mutex_lock(&w->lock);
		w->stop = 1;
		pthread_cond_broadcast(&w->changed);
		pthread_mutex_unlock(&w->lock);
		pthread_join(w->io, NULL);
	}
	pthread_mutex_destroy(&w->lock);
	pthread_cond_destroy(&w->changed);
	free(w->buf[0]);
	free(w->buf[1]);
	w->buf[0] = w->buf[1] = NULL;
}
