/* csvin.c -- CSV rows with line numbers and raw bytes, over libcsv (csvin.h). */
#include <stdlib.h>
#include <string.h>

#include "csvin.h"

/* libcsv trims spaces and tabs around unquoted fields by default; RFC 4180
 * says they are part of the field, so nothing is a space to us. */
static int no_space(unsigned char c)
{
	(void)c;
	return 0;
}

static int parser_start(struct csvin *r)
{
	if (r->parser_ready)
		csv_free(&r->parser);
	r->parser_ready = 0;
	if (csv_init(&r->parser, CSV_STRICT | CSV_STRICT_FINI) != 0)
		return -1;
	csv_set_space_func(&r->parser, no_space);
	r->parser_ready = 1;
	return 0;
}

int csvin_init(struct csvin *r, size_t max_row, csvin_row_fn on_row, void *ctx)
{
	memset(r, 0, sizeof *r);
	r->max_row = max_row ? max_row : CSVIN_DEFAULT_MAX_ROW;
	r->on_row = on_row;
	r->ctx = ctx;
	r->line = 1;
	r->row_line = 1;
	r->ok = 1;
	r->arena_cap = r->max_row + CSVIN_MAX_FIELDS + 1;
	r->raw = malloc(r->max_row + 1);
	r->arena = malloc(r->arena_cap);
	if (!r->raw || !r->arena || parser_start(r) != 0) {
		csvin_free(r);
		return -1;
	}
	return 0;
}

void csvin_free(struct csvin *r)
{
	if (r->parser_ready)
		csv_free(&r->parser);
	free(r->raw);
	free(r->arena);
	memset(r, 0, sizeof *r);
}

static void on_field(void *data, size_t len, void *vr)
{
	struct csvin *r = vr;
	size_t n = r->nfields++;

	if (n >= CSVIN_MAX_FIELDS || r->arena_len + len + 1 > r->arena_cap)
		return; /* counted, not kept: the row is rejected for its field count */
	memcpy(r->arena + r->arena_len, data ? data : "", len);
	r->arena[r->arena_len + len] = '\0';
	r->field[n] = r->arena + r->arena_len;
	r->flen[n] = len;
	r->arena_len += len + 1;
}

static size_t raw_trimmed(const struct csvin *r)
{
	size_t n = r->raw_len;

	while (n && (r->raw[n - 1] == '\n' || r->raw[n - 1] == '\r'))
		n--;
	return n;
}

static void emit(struct csvin *r, const char *error)
{
	struct csvin_row row;

	row.line = r->row_line;
	row.nfields = error ? 0 : r->nfields;
	row.field = r->field;
	row.len = r->flen;
	row.raw = r->raw;
	row.raw_len = raw_trimmed(r);
	r->raw[row.raw_len] = '\0';
	row.error = error;
	if (!r->stopped && r->on_row(r->ctx, &row) != 0)
		r->stopped = 1;
	r->nfields = 0;
	r->arena_len = 0;
}

static void on_row_end(int c, void *vr)
{
	(void)c;
	emit(vr, NULL);
}

/* Drops the row in progress after an error and starts a fresh parser. */
static void reject_row(struct csvin *r, const char *why)
{
	emit(r, why);
	if (parser_start(r) != 0)
		r->ok = 0;
}

/* The common case without libcsv: a whole line, between rows, with no
 * quote and no CR other than a CRLF line end, is split at commas; libcsv
 * would give the same fields. Returns 0 when the line is not such a line. */
static int fast_line(struct csvin *r, const char *seg, size_t n)
{
	size_t end = n - 1; /* the '\n' */
	const char *p, *stop;

	if (end > 0 && seg[end - 1] == '\r')
		end--;
	if (end + 1 > r->max_row || memchr(seg, '"', end) || memchr(seg, '\r', end))
		return 0;
	r->row_line = r->line++;
	if (end == 0)
		return 1; /* an empty line is not a row */
	memcpy(r->raw, seg, end);
	r->raw_len = end;
	memcpy(r->arena, seg, end);
	r->arena[end] = '\0';
	p = r->arena;
	stop = r->arena + end;
	r->nfields = 0;
	for (;;) {
		const char *comma = memchr(p, ',', (size_t)(stop - p));
		const char *fend = comma ? comma : stop;
		if (r->nfields < CSVIN_MAX_FIELDS) {
			r->field[r->nfields] = p;
			r->flen[r->nfields] = (size_t)(fend - p);
		}
		r->nfields++;
		r->arena[fend - r->arena] = '\0';
		if (!comma)
			break;
		p = comma + 1;
	}
	emit(r, NULL);
	r->raw_len = 0;
	r->row_line = r->line;
	return 1;
}

/* One physical line (with its '\n'), or the last piece of a buffer. */
static void feed_segment(struct csvin *r, const char *seg, size_t n, int line_ends)
{
	if (line_ends && !r->skipping && r->raw_len == 0 && r->parser.pstate == 0 && fast_line(r, seg, n))
		return;
	if (r->skipping) {
		if (line_ends) {
			r->skipping = 0;
			r->line++;
			r->row_line = r->line;
		}
		return;
	}
	if (r->raw_len + n > r->max_row) {
		size_t keep = r->max_row - r->raw_len;
		memcpy(r->raw + r->raw_len, seg, keep);
		r->raw_len += keep;
		reject_row(r, CSVIN_ERR_TOO_LONG);
		r->raw_len = 0;
		if (line_ends) {
			r->line++;
			r->row_line = r->line;
		} else {
			r->skipping = 1;
		}
		return;
	}
	memcpy(r->raw + r->raw_len, seg, n);
	r->raw_len += n;
	if (csv_parse(&r->parser, seg, n, on_field, on_row_end, r) != n) {
		if (csv_error(&r->parser) == CSV_EPARSE) {
			reject_row(r, CSVIN_ERR_QUOTING);
		} else {
			r->ok = 0;
			return;
		}
		/* the rest of the line belongs to the bad row */
		r->raw_len = 0;
		if (line_ends) {
			r->line++;
			r->row_line = r->line;
		} else {
			r->skipping = 1;
		}
		return;
	}
	if (line_ends)
		r->line++;
	/* Between rows (a row ended, or the line was empty): the next row
	 * starts on the next line, with fresh raw bytes. */
	if (r->parser.pstate == 0 && line_ends) {
		r->raw_len = 0;
		r->row_line = r->line;
	}
}

int csvin_feed(struct csvin *r, const void *data, size_t len)
{
	const char *p = data, *end = p + len;

	while (p < end && r->ok && !r->stopped) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);

		feed_segment(r, p, n, nl != NULL);
		p += n;
	}
	return r->ok && !r->stopped ? 0 : -1;
}

int csvin_finish(struct csvin *r)
{
	if (!r->ok || r->stopped)
		return -1;
	if (r->skipping)
		return 0;
	if (csv_fini(&r->parser, on_field, on_row_end, r) != 0) {
		if (csv_error(&r->parser) == CSV_EPARSE)
			reject_row(r, CSVIN_ERR_UNTERMINATED);
		else
			r->ok = 0;
	}
	r->raw_len = 0;
	return r->ok && !r->stopped ? 0 : -1;
}

int csvin_abandon(struct csvin *r, const char *reason)
{
	if (!r->ok || r->stopped)
		return -1;
	if (r->raw_len > 0 && !r->skipping)
		reject_row(r, reason);
	r->raw_len = 0;
	return r->ok && !r->stopped ? 0 : -1;
}
