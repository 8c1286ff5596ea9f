/* canon_write.h -- writing contacts as a canonical interaction log
 * (spec/interaction-log.md): a gzip-compressed CSV, header first, one row
 * per contact, written atomically (temp file, fsync, rename).
 *
 * Rows are canon.c's canon_format_row (the columns and forms ingest
 * reads). Rows are gathered into blocks of CANON_WRITE_BLOCK bytes, each
 * written as one gzip member by libdeflate at level 1: a month of a large
 * client's evidence deflates about 6x faster than with zlib's level 6, for
 * 8 % more bytes, and every gzip reader (and ingest, gzin.c) reads the
 * members as one stream. The output is reproducible: the gzip headers
 * carry no name and no time, so the same contacts give the same bytes.
 *
 * A helper thread deflates and writes one block while the caller formats
 * the next (a draft's evidence is hundreds of MB of CSV, and deflating it
 * took as long as reading, pseudonymising and formatting it). The members
 * are the same bytes in the same order either way; without a thread (none
 * could be started) blocks are deflated inline. Memory: two blocks and
 * one deflated member.
 *
 *   struct canon_writer w;
 *   canon_write_open(&w, "out.csv.gz", &err);
 *   canon_write_contact(&w, &c, &err);   // for each contact
 *   canon_write_commit(&w, &err);        // or canon_write_abort(&w)
 */
#ifndef CCSLA_CANON_WRITE_H
#define CCSLA_CANON_WRITE_H

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

#include "core/contact.h"
#include "core/error.h"
#include "core/fsutil.h"

#define CANON_WRITE_BLOCK (256 * 1024)
/* Level 1: the knee for evidence files (README "Report rendering"). */
#define CANON_WRITE_LEVEL 1

struct libdeflate_compressor;

struct canon_writer {
	struct atomic_file af;   /* the gz file being written */
	struct libdeflate_compressor *zc; /* owned; used by the helper only while it runs */
	unsigned char *blocks[2]; /* owned, CANON_WRITE_BLOCK each */
	unsigned char *block;    /* blocks[cur]: rows not yet handed out */
	int cur;
	size_t block_len;
	unsigned char *out;      /* one deflated member; owned */
	size_t out_cap;
	/* the helper thread and the block it deflates (under lock) */
	pthread_t helper;
	int threaded;
	pthread_mutex_t lock;
	pthread_cond_t changed;
	const unsigned char *pending; /* block handed to the helper, or NULL */
	size_t pending_len;
	int stop;
	int failed;              /* a member could not be deflated or written: failure names it */
	char failure[64];
	int64_t rows;            /* contacts written */
	char row[2304];          /* the last row written */
};

/* Opens path for writing (a temp file beside it) and writes the header. */
int canon_write_open(struct canon_writer *w, const char *path, struct ccsla_error *err);
/* Appends one contact as a row. */
int canon_write_contact(struct canon_writer *w, const struct contact *c, struct ccsla_error *err);

/* The same with columns after the canonical ones (ingest ignores columns
 * it does not know): extra_header is their header text (",excluded,..."),
 * each row's extra its cells, already CSV-quoted, starting with ','. The
 * row written, line end included, goes to *line / *line_len (valid until
 * the next call) so that a caller can hash it. */
int canon_write_open_extra(struct canon_writer *w, const char *path, const char *extra_header,
                           struct ccsla_error *err);
int canon_write_contact_extra(struct canon_writer *w, const struct contact *c, const char *extra,
                              const char **line, size_t *line_len, struct ccsla_error *err);
/* Ends the member being filled (the next row starts a new one), waits
 * until every member so far is in the file and gives the file's length
 * in *offset: the bytes from one break to the next are whole gzip members
 * that a caller may keep (evidence_cache.c) and hand back later. */
int canon_write_break(struct canon_writer *w, int64_t *offset, struct ccsla_error *err);
/* Appends len bytes of whole gzip members made earlier by this writer
 * (between two breaks), holding rows contacts, after a break. */
int canon_write_members(struct canon_writer *w, const void *gz, size_t len, int64_t rows, struct ccsla_error *err);
/* Reads len bytes of the file written so far, from offset from (after a
 * break, which put them in the file). */
int canon_write_read_back(struct canon_writer *w, int64_t from, void *buf, size_t len, struct ccsla_error *err);
/* Finishes the gzip stream and renames the file into place; frees w. */
int canon_write_commit(struct canon_writer *w, struct ccsla_error *err);
/* Removes the temporary file and frees w. Safe after a failed commit. */
void canon_write_abort(struct canon_writer *w);

#endif
