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

/* Only LF ends a row: the CR of a CRLF is taken off before libcsv sees
 * the line (feed_line), and any other CR is data (libcsv's default, CR or
 * LF, made one line two rows, each with the whole line as its raw row). */
static int lf_only(unsigned char c)
{
	return c == '\n';
}

static int parser_start(struct csvin *r)
{
	if (r->parser_ready)
		csv_free(&r->parser);
	r->parser_ready = 0;
	if (csv_init(&r->parser, CSV_STRICT | CSV_STRICT_FINI) != 0)
		return -1;
	csv_set_space_func(&r->parser, no_space);
	csv_set_term_func(&r->parser, lf_only);
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
	row.plain = 0; /* canon checks the bytes */
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

/* --- the fast path ---
 *
 * Most rows have no quote at all. Such a row, starting between rows and
 * ending with '\n' (or CRLF) inside the bytes at hand, is split at its
 * commas directly; libcsv would give the same fields (RFC 4180: without
 * quotes a field is the bytes between separators, spaces included). Any
 * row with a quote, a CR that does not end the line, or more than max_row
 * bytes, and any row cut by the end of a chunk, takes the libcsv path
 * below, which is the reference: the tests compare the two. */

#ifdef __SSE2__
#include <emmintrin.h>

/* 16 bytes at s: bit i of *special set when s[i] is ',', '"', '\r' or
 * '\n'; bit i of *odd when s[i] is NUL or not ASCII. */
static void scan16(const unsigned char *s, unsigned *special, unsigned *odd)
{
	__m128i v = _mm_loadu_si128((const __m128i *)(const void *)s);
	__m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(',')),
	                                      _mm_cmpeq_epi8(v, _mm_set1_epi8('"'))),
	                         _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\r')),
	                                      _mm_cmpeq_epi8(v, _mm_set1_epi8('\n'))));

	*special = (unsigned)_mm_movemask_epi8(m);
	*odd = (unsigned)_mm_movemask_epi8(_mm_or_si128(v, _mm_cmpeq_epi8(v, _mm_setzero_si128())));
}
#define HAVE_SCAN16 1
#endif

/* The same for the n (< 16, or any without SSE2) bytes at s. */
static void scan_tail(const unsigned char *s, size_t n, unsigned *special, unsigned *odd)
{
	*special = *odd = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n')
			*special |= 1u << i;
		if (s[i] == 0 || s[i] >= 0x80)
			*odd |= 1u << i;
	}
}

/* Splits the row at s (avail bytes) when it is a plain row. Returns the
 * bytes it took (the row and its line end), or 0 to leave the row to
 * libcsv. */
static size_t fast_row(struct csvin *r, const char *s, size_t avail)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t comma[CSVIN_MAX_FIELDS], ncomma = 0, base = 0, nl, end;
	unsigned odd_seen = 0; /* any NUL or non-ASCII byte before the line end */
	struct csvin_row row;

	for (;;) {
		size_t n = avail - base < 16 ? avail - base : 16;
		unsigned mask, odd;

		if (n == 0 || base > r->max_row)
			return 0; /* no line end at hand, or too long: libcsv's case */
#ifdef HAVE_SCAN16
		if (n == 16)
			scan16(u + base, &mask, &odd);
		else
#endif
			scan_tail(u + base, n, &mask, &odd);
		while (mask) {
			unsigned bit = (unsigned)__builtin_ctz(mask);
			size_t at = base + bit;
			mask &= mask - 1;
			switch (u[at]) {
			case ',':
				if (ncomma < CSVIN_MAX_FIELDS)
					comma[ncomma] = at;
				ncomma++;
				continue;
			case '\r':
				if (at + 1 < avail && u[at + 1] == '\n')
					continue; /* CRLF: the '\n' is next */
				return 0;
			case '\n':
				nl = at;
				odd_seen |= odd & ((1u << bit) - 1);
				goto line;
			default:
				return 0; /* a quote */
			}
		}
		odd_seen |= odd;
		base += n;
	}
line:
	end = nl > 0 && u[nl - 1] == '\r' ? nl - 1 : nl;
	if (nl + 1 > r->max_row)
		return 0; /* max_row counts the line end, CR included (main's fast
		           * path did not count the CR: a CRLF row one byte over
		           * passed there and failed through libcsv) */
	r->row_line = r->line++;
	if (end == 0) {
		/* an empty line is not a row; the next row starts on the next
		 * line (main's fast path left row_line behind here, so a row read
		 * by libcsv right after an empty line got the empty line's number) */
		r->row_line = r->line;
		return nl + 1;
	}
	/* fields are NUL-terminated copies; the raw row is the input itself */
	memcpy(r->arena, s, end);
	r->arena[end] = '\0';
	for (size_t f = 0, from = 0; f <= ncomma && f < CSVIN_MAX_FIELDS; f++) {
		size_t to = f < ncomma ? comma[f] : end;
		r->field[f] = r->arena + from;
		r->flen[f] = to - from;
		r->arena[to] = '\0';
		from = to + 1;
	}
	row.line = r->row_line;
	row.nfields = ncomma + 1;
	row.field = r->field;
	row.len = r->flen;
	row.raw = s;
	row.raw_len = end;
	row.plain = odd_seen == 0;
	row.error = NULL;
	if (!r->stopped && r->on_row(r->ctx, &row) != 0)
		r->stopped = 1;
	r->row_line = r->line;
	return nl + 1;
}

/* Gives libcsv the unparsed rest of raw: a whole line (ends_line: with
 * its '\n', the CR of a CRLF taken off) or the last bytes of the input.
 * 0, or -1 when libcsv rejected the row (its reason is emitted). */
static int parse_pending(struct csvin *r, int ends_line)
{
	const char *p = r->raw + r->parsed, *end = "\n";
	size_t n = r->raw_len - r->parsed, end_len = 1;
	int crlf = 0, ok;

	r->parsed = r->raw_len;
	if (ends_line) {
		n--; /* the '\n', given on its own below */
		if ((crlf = n > 0 && p[n - 1] == '\r'))
			n--;
	}
	/* raw is not changed while libcsv reads it: emit writes its NUL only
	 * at a row's end, after the bytes of that row */
	ok = csv_parse(&r->parser, p, n, on_field, on_row_end, r) == n;
	if (ok && ends_line) {
		/* Inside a quoted field a CRLF is data (RFC 4180), kept whole;
		 * libcsv's FIELD_BEGUN state is 2. */
		if (crlf && r->parser.pstate == 2 && r->parser.quoted) {
			end = "\r\n";
			end_len = 2;
		}
		ok = csv_parse(&r->parser, end, end_len, on_field, on_row_end, r) == end_len;
	}
	if (!ok) {
		if (csv_error(&r->parser) == CSV_EPARSE)
			reject_row(r, CSVIN_ERR_QUOTING);
		else
			r->ok = 0;
		return -1;
	}
	return 0;
}

/* One physical line (with its '\n'), or the last piece of a buffer: kept
 * in raw until its line ends, then parsed whole. */
static void feed_segment(struct csvin *r, const char *seg, size_t n, int line_ends)
{
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
		r->parsed = 0;
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
	if (!line_ends)
		return; /* the rest of the line comes with the next bytes */
	r->line++;
	if (parse_pending(r, 1) != 0 || r->parser.pstate == 0) {
		/* The row was rejected (the whole line is its raw row), or it
		 * ended, or the line was empty: the next row starts on the next
		 * line, with fresh raw bytes. */
		r->raw_len = 0;
		r->parsed = 0;
		r->row_line = r->line;
	}
}

int csvin_feed(struct csvin *r, const void *data, size_t len)
{
	const char *p = data, *end = p + len;

	while (p < end && r->ok && !r->stopped) {
		const char *nl;
		size_t n;

		if (!r->slow_only && !r->skipping && r->raw_len == 0 && r->parser.pstate == 0 &&
		    (n = fast_row(r, p, (size_t)(end - p))) > 0) {
			p += n;
			continue;
		}
		nl = memchr(p, '\n', (size_t)(end - p));
		n = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);
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
	/* a last line without its line end */
	if (r->parsed < r->raw_len && parse_pending(r, 0) != 0) {
		r->raw_len = 0;
		r->parsed = 0;
		return r->ok && !r->stopped ? 0 : -1;
	}
	if (csv_fini(&r->parser, on_field, on_row_end, r) != 0) {
		if (csv_error(&r->parser) == CSV_EPARSE)
			reject_row(r, CSVIN_ERR_UNTERMINATED);
		else
			r->ok = 0;
	}
	r->raw_len = 0;
	r->parsed = 0;
	return r->ok && !r->stopped ? 0 : -1;
}

int csvin_abandon(struct csvin *r, const char *reason)
{
	if (!r->ok || r->stopped)
		return -1;
	if (r->raw_len > 0 && !r->skipping)
		reject_row(r, reason);
	r->raw_len = 0;
	r->parsed = 0;
	return r->ok && !r->stopped ? 0 : -1;
}
