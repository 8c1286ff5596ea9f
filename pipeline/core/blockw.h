/* blockw.h -- write a large output file in aligned 256 KiB blocks, past the
 * page cache (O_DIRECT) where the file system allows it, on a helper
 * thread.
 *
 * Why direct: ingest writes hundreds of MB of store partitions and must
 * fsync them. Through the page cache, the fsync'd writeback of a buffered
 * file costs about 3 ms of CPU per MB on the benchmark machine (a VM), more
 * than all the merging; a direct write hands the block to the device with
 * no copy and no writeback. Where O_DIRECT is refused (tmpfs, some network
 * file systems) or a direct write fails with EINVAL, the writer falls back
 * to ordinary writes: the bytes in the file are the same either way.
 *
 * Why a thread: a direct write returns when the device has the block, so
 * the caller would leave the device idle while it fills the next one. One
 * block is written by the helper while the caller fills the other. Without
 * a thread (none could be started) blocks are written inline.
 *
 * The writer also keeps a CRC-32 (zlib) of every byte put, computed once
 * per block rather than per small piece, by the helper before it writes
 * the block. The caller still fsyncs and
 * closes the descriptor (atomic_commit does). Memory: two 256 KiB blocks. */
#ifndef CCSLA_BLOCKW_H
#define CCSLA_BLOCKW_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#define BLOCKW_SIZE (256 * 1024)

struct blockw {
	int fd;                 /* not owned */
	unsigned char *buf[2];  /* BLOCKW_SIZE bytes each, 4096-aligned */
	int cur;                /* the block being filled */
	size_t used;            /* bytes of buf[cur] */
	int direct;             /* O_DIRECT is set on fd */
	uint32_t crc;           /* CRC-32 of the bytes handed out for writing */
	uint64_t size;          /* bytes handed out for writing (padding not counted) */
	int error;              /* errno of the first failed write, or 0 */
	/* the helper thread and the block it writes (under lock) */
	pthread_t io;
	int threaded;
	pthread_mutex_t lock;
	pthread_cond_t changed;
	const unsigned char *pending; /* block handed to the helper, or NULL */
	size_t pending_len;
	int stop;
};

/* Sets up a writer on fd (an empty file opened for writing). -1 when out
 * of memory. Free with blockw_free(). */
int blockw_init(struct blockw *w, int fd);
/* Appends n bytes; -1 (w->error set) when a write failed (a failure of
 * the block being written shows at a later call, at the latest the flush). */
int blockw_put(struct blockw *w, const void *data, size_t n);
/* Writes what is buffered and leaves fd in its ordinary (buffered) mode,
 * positioned at the end of the bytes put; -1 (w->error set) when a write
 * failed. */
int blockw_flush(struct blockw *w);
/* CRC-32 of every byte put so far, flushed or not. */
uint32_t blockw_crc(const struct blockw *w);
/* Stops the helper and frees the blocks (after a flush, or to give up). */
void blockw_free(struct blockw *w);

#endif
