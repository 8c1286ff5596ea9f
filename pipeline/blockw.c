/* blockw.c -- aligned block writes, direct where possible (blockw.h). */
#define _GNU_SOURCE /* O_DIRECT */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "blockw.h"

/* Alignment of a direct write's buffer, offset and length: 4096 covers
 * every logical block size in use (512 or 4096). */
#define BLOCKW_ALIGN 4096

static void set_direct(struct blockw *w, int on)
{
	int fl = fcntl(w->fd, F_GETFL);

	if (fl < 0)
		return;
	if (fcntl(w->fd, F_SETFL, on ? fl | O_DIRECT : fl & ~O_DIRECT) == 0)
		w->direct = on;
}

int blockw_init(struct blockw *w, int fd)
{
	memset(w, 0, sizeof *w);
	w->fd = fd;
	w->crc = (uint32_t)crc32(0, NULL, 0);
	if (!(w->buf = aligned_alloc(BLOCKW_ALIGN, BLOCKW_SIZE)))
		return -1;
	set_direct(w, 1);
	return 0;
}

void blockw_free(struct blockw *w)
{
	free(w->buf);
	w->buf = NULL;
}

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
		if (got <= 0) {
			w->error = got < 0 ? errno : EIO;
			return -1;
		}
		p += got;
		n -= (size_t)got;
	}
	return 0;
}

/* Writes the buffered bytes; only whole blocks stay direct. */
static int drain(struct blockw *w)
{
	if (w->error)
		return -1;
	if (w->used == 0)
		return 0;
	w->crc = (uint32_t)crc32(w->crc, w->buf, (uInt)w->used);
	if (w->direct && w->used % BLOCKW_ALIGN != 0)
		set_direct(w, 0);
	if (write_all(w, w->buf, w->used) != 0)
		return -1;
	w->used = 0;
	return 0;
}

int blockw_put(struct blockw *w, const void *data, size_t n)
{
	const unsigned char *p = data;

	while (n > 0) {
		size_t room = BLOCKW_SIZE - w->used, k = n < room ? n : room;
		memcpy(w->buf + w->used, p, k);
		w->used += k;
		p += k;
		n -= k;
		if (w->used == BLOCKW_SIZE && drain(w) != 0)
			return -1;
	}
	return w->error ? -1 : 0;
}

int blockw_flush(struct blockw *w)
{
	int rc = drain(w);

	if (w->direct)
		set_direct(w, 0);
	return rc;
}
