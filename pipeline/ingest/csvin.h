/* csvin.h -- split a byte stream into CSV rows (RFC 4180, via libcsv),
 * keeping each row's first line number and its raw bytes.
 *
 * The stream is pushed in chunks of any size (csvin_feed) and ends with
 * csvin_finish. Each row, good or bad, reaches the callback exactly once, so
 * a caller can count rows read without losing one. A row that cannot be
 * split (bad quoting, longer than max_row bytes, a quote never closed) comes
 * with row->error set and no fields; the reader then starts afresh at the
 * next line. Empty lines are not rows.
 *
 * A row without a quote (nearly all) is split directly, 16 bytes at a
 * time; any other row goes through libcsv, which is the reference: the
 * tests check that both give the same rows, errors and line numbers.
 *
 * Why rows are fed to libcsv one physical line at a time: libcsv does not
 * say where in the input a row began, and the quarantine must show the raw
 * row and its line number. A line is given to libcsv whole, once its '\n'
 * has come (or at the end), however the input was chunked: so a row's
 * reason and raw bytes never depend on where a chunk ended (a chunk that
 * cut a line used to cut the raw row of "malformed quoting", and to give
 * "row too long" or "malformed quoting" by the cut). Line ends are LF or
 * CRLF (spec); a CR before anything else is a byte of the row, as a NUL is:
 * one physical line is never two rows. Memory: about 3 * max_row bytes,
 * whatever the input size. */
#ifndef CCSLA_CSVIN_H
#define CCSLA_CSVIN_H

#include <stddef.h>

#include <csv.h>

#define CSVIN_MAX_FIELDS 128          /* more is a "too many fields" row */
#define CSVIN_DEFAULT_MAX_ROW 65536   /* bytes of one row, line ends included */

struct csvin_row {
	long line;                 /* 1-based line where the row starts */
	size_t nfields;            /* fields in the row (may exceed CSVIN_MAX_FIELDS) */
	const char *const *field;  /* first min(nfields, CSVIN_MAX_FIELDS) fields, NUL-terminated */
	const size_t *len;         /* their lengths (a field may hold a NUL byte) */
	const char *raw;           /* the row as it was in the input, without its line end
	                            * (valid during the callback; not NUL-terminated) */
	size_t raw_len;
	int plain;                 /* 1: every byte is ASCII and none is NUL (fast path rows) */
	const char *error;         /* NULL, or why the row could not be split */
};

/* Returns 0 to go on, -1 to stop the reader (csvin_feed then returns -1). */
typedef int (*csvin_row_fn)(void *ctx, const struct csvin_row *row);

struct csvin {
	struct csv_parser parser;
	int parser_ready;
	csvin_row_fn on_row;
	void *ctx;
	size_t max_row;
	char *raw;                 /* raw bytes of the row being read (max_row) */
	size_t raw_len;
	size_t parsed;             /* raw[0, parsed) went to libcsv; the rest is a
	                            * line whose end has not come yet */
	char *arena;               /* field copies of the row being read */
	size_t arena_len, arena_cap;
	const char *field[CSVIN_MAX_FIELDS];
	size_t flen[CSVIN_MAX_FIELDS];
	size_t nfields;
	long line;                 /* current physical line */
	long row_line;             /* line where the current row started */
	int skipping;              /* dropping bytes to the end of a too-long line */
	int stopped;               /* the callback asked to stop */
	int ok;                    /* 0 after an allocation failure */
	int slow_only;             /* tests: every row through libcsv (no fast path) */
};

/* Sets up a reader; max_row 0 means CSVIN_DEFAULT_MAX_ROW. -1 when out of
 * memory. Free with csvin_free(). */
int csvin_init(struct csvin *r, size_t max_row, csvin_row_fn on_row, void *ctx);
/* Pushes bytes; -1 when the callback stopped the reader or memory ran out. */
int csvin_feed(struct csvin *r, const void *data, size_t len);
/* Ends the stream: a last row without a line end is delivered, an open
 * quote becomes an "unterminated quoted field" row. */
int csvin_finish(struct csvin *r);
/* Ends the stream at damage: a row in progress is delivered with `reason`
 * as its error instead of being parsed (it was cut off). */
int csvin_abandon(struct csvin *r, const char *reason);
void csvin_free(struct csvin *r);

/* Reasons given in csvin_row.error (fixed strings: the quarantine uses them). */
#define CSVIN_ERR_QUOTING "malformed quoting"
#define CSVIN_ERR_TOO_LONG "row too long"
#define CSVIN_ERR_UNTERMINATED "unterminated quoted field"

#endif
