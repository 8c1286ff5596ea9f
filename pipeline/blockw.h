/* blockw.h -- write a large output file in aligned 256 KiB blocks, past the
 * page cache (O_DIRECT) where the file system allows it.
 *
 * Why: ingest writes hundreds of MB of store partitions and must fsync
 * them. Through the page cache, the fsync'd writeback of a buffered file
 * costs about 3 ms of CPU per MB on the benchmark machine (a VM), more than
 * all the merging; a direct write hands the block to the device with no
 * copy and no writeback. Where O_DIRECT is refused (tmpfs, some network
 * file systems) or a direct write fails with EINVAL, the writer falls back
 * to ordinary writes: the bytes in the file are the same either way.
 *
 * The writer also keeps a CRC-32 (zlib) of every byte put, computed once
 * per block rather than per small piece. The caller still fsyncs and
 * closes the descriptor (atomic_commit does). Memory: one 256 KiB block. */
#ifndef CCSLA_BLOCKW_H
#define CCSLA_BLOCKW_H

#include <stddef.h>
#include <stdint.h>

#define BLOCKW_SIZE (256 * 1024)

struct blockw {
	int fd;                 /* not owned */
	unsigned char *buf;     /* BLOCKW_SIZE bytes, 4096-aligned */
	size_t used;            /* bytes of buf not yet written */
	int direct;             /* O_DIRECT is set on fd */
	uint32_t crc;           /* CRC-32 of every byte put so far */
	int error;              /* errno of the first failed write, or 0 */
};

/* Sets up a writer on fd (an empty file opened for writing). -1 when out
 * of memory. Free with blockw_free(). */
int blockw_init(struct blockw *w, int fd);
/* Appends n bytes; -1 (w->error set) when a write failed. */
int blockw_put(struct blockw *w, const void *data, size_t n);
/* Writes what is buffered and leaves fd in its ordinary (buffered) mode;
 * -1 (w->error set) when a write failed. */
int blockw_flush(struct blockw *w);
void blockw_free(struct blockw *w);

#endif
