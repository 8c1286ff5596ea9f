/* gzin.h -- read a gzip file of one or more members, with an expansion limit.
 *
 * spec/interaction-log.md: a log may hold several gzip members back to back
 * (`cat a.gz b.gz`) and all of them count. Damage (not gzip, an empty file,
 * a corrupt or truncated member, bytes after the last member that are not a
 * member) ends the stream with an error that names the compressed byte
 * offset; what was decompressed before it has already been delivered, so the
 * rows before the damage are kept. The limit on decompressed bytes stops a
 * gzip bomb without reading it to the end. A second thread inflates ahead
 * of the caller. Memory: five fixed buffers of 256 KiB (the compressed
 * input and four slots of output). */
#ifndef CCSLA_GZIN_H
#define CCSLA_GZIN_H

#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include <zlib.h>

#include "core/error.h"

/* Default limit of decompressed bytes per input file: 4 GiB, about 20
 * million canonical rows, far above a real day of a large contact centre
 * (the 5-million-row benchmark file is under 1 GiB). */
#define GZIN_DEFAULT_LIMIT (UINT64_C(4) << 30)

struct gzin_pipe;

struct gzin {
	FILE *fp;
	char path[4096];
	z_stream zs;
	int zs_ready;           /* inflateInit2 done */
	unsigned char *in;      /* compressed input buffer (owned) */
	uint64_t in_offset;     /* file offset of in[0] */
	uint64_t out_total;     /* decompressed bytes delivered */
	uint64_t limit;         /* maximum of out_total */
	uint32_t members;       /* members started */
	int state;              /* 0 reading, 1 end, -1 damaged */
	int in_eof;             /* fread reached end of file */
	int damage_pending;     /* damage found, bytes before it delivered */
	char damage[200];       /* what and where, once state is -1 */
	struct gzin_pipe *pipe; /* the decompression thread, once started */
	int pipe_failed;        /* no thread could be started: read inline */
	unsigned char *out;     /* gzin_next's buffer when there is no thread */
};

/* Looks at the first bytes of path only, before anything reads or hashes
 * it whole: 0 when it starts like a gzip member (1f 8b, method 8), 1 when
 * it cannot be one (err->msg says why, as gzin_read would: "empty file at
 * byte 0", "not a gzip file at byte 0"), -1 (err set) when it cannot be
 * read. */
int gzin_sniff(const char *path, struct ccsla_error *err);
/* Opens path. -1 (err set) only when the file cannot be opened; a damaged
 * file opens and reports its damage from gzin_read. Free with gzin_close(). */
int gzin_open(struct gzin *g, const char *path, uint64_t limit, struct ccsla_error *err);
/* Fills buf with up to cap decompressed bytes. Returns the count (> 0), 0 at
 * the clean end of the last member, or -1 on damage (err: file and message
 * with the byte offset). After -1 or 0 every call returns the same. */
ssize_t gzin_read(struct gzin *g, unsigned char *buf, size_t cap, struct ccsla_error *err);
/* gzin_read without the copy: *data points at the next count (> 0)
 * decompressed bytes, which stay valid until the next call or gzin_close.
 * Returns like gzin_read. Do not mix with gzin_read on one reader. */
ssize_t gzin_next(struct gzin *g, const unsigned char **data, struct ccsla_error *err);
/* Compressed bytes consumed so far (for progress lines; approximate while
 * the decompression thread reads ahead). */
uint64_t gzin_position(const struct gzin *g);
void gzin_close(struct gzin *g);

#endif
