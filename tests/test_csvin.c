/* test_csvin.c -- rows come out whole, once each, with their first line
 * number and raw bytes, however the input is chunked. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "ingest/csvin.h"

struct seen {
	int rows;
	long line[16];
	size_t nfields[16];
	char field1[16][64];  /* second field of each row */
	char raw[16][256];
	const char *error[16];
};

static int collect(void *ctx, const struct csvin_row *row)
{
	struct seen *s = ctx;
	int i = s->rows++;

	s->line[i] = row->line;
	s->nfields[i] = row->nfields;
	s->error[i] = row->error;
	snprintf(s->raw[i], sizeof s->raw[i], "%.*s", (int)row->raw_len, row->raw);
	snprintf(s->field1[i], sizeof s->field1[i], "%s", row->nfields > 1 ? row->field[1] : "");
	return 0;
}

/* Feeds text in pieces of `chunk` bytes (0: all at once). */
static void parse(struct seen *s, const char *text, size_t chunk, size_t max_row)
{
	struct csvin r;
	size_t n = strlen(text);

	memset(s, 0, sizeof *s);
	assert_int_equal(csvin_init(&r, max_row, collect, s), 0);
	if (!chunk)
		chunk = n ? n : 1;
	for (size_t at = 0; at < n; at += chunk)
		assert_int_equal(csvin_feed(&r, text + at, at + chunk > n ? n - at : chunk), 0);
	assert_int_equal(csvin_finish(&r), 0);
	csvin_free(&r);
}

static const char quoted[] = "a,b\n1,\"x, \"\"y\"\"\nz\"\r\n2,plain\n";

static void quoted_separators_quotes_and_newlines_stay_in_the_field(void **state)
{
	struct seen s;

	(void)state;
	parse(&s, quoted, 0, 0);
	assert_int_equal(s.rows, 3);
	assert_string_equal(s.field1[1], "x, \"y\"\nz");
	assert_int_equal(s.line[1], 2);
	assert_int_equal(s.line[2], 4); /* the quoted newline took a line */
	assert_string_equal(s.raw[1], "1,\"x, \"\"y\"\"\nz\"");
	assert_string_equal(s.field1[2], "plain");
}

static void chunking_byte_by_byte_gives_the_same_rows(void **state)
{
	struct seen a, b;

	(void)state;
	parse(&a, quoted, 0, 0);
	parse(&b, quoted, 1, 0);
	assert_int_equal(a.rows, b.rows);
	for (int i = 0; i < a.rows; i++) {
		assert_int_equal(a.line[i], b.line[i]);
		assert_string_equal(a.field1[i], b.field1[i]);
		assert_string_equal(a.raw[i], b.raw[i]);
	}
}

static void spaces_around_fields_are_kept_as_rfc_4180_says(void **state)
{
	struct seen s;

	(void)state;
	parse(&s, "a, b \n", 0, 0);
	assert_string_equal(s.field1[0], " b ");
}

static void empty_lines_are_not_rows_but_count_as_lines(void **state)
{
	struct seen s;

	(void)state;
	parse(&s, "h1,h2\n\n\r\nx,y\n", 0, 0);
	assert_int_equal(s.rows, 2);
	assert_int_equal(s.line[1], 4);
}

static void a_last_row_without_line_end_is_read(void **state)
{
	struct seen s;

	(void)state;
	parse(&s, "h1,h2\nx,y", 0, 0);
	assert_int_equal(s.rows, 2);
	assert_string_equal(s.field1[1], "y");
}

static void a_stray_quote_rejects_only_its_row(void **state)
{
	struct seen s;

	(void)state;
	parse(&s, "h1,h2\nx,\"y\"z\nok,1\n", 0, 0);
	assert_int_equal(s.rows, 3);
	assert_string_equal(s.error[1], CSVIN_ERR_QUOTING);
	assert_string_equal(s.raw[1], "x,\"y\"z");
	assert_null(s.error[2]);
	assert_int_equal(s.line[2], 3);
}

static void an_unclosed_quote_at_the_end_is_one_rejected_row(void **state)
{
	struct seen s;

	(void)state;
	parse(&s, "h1,h2\nx,\"never closed\nmore\n", 0, 0);
	assert_int_equal(s.rows, 2);
	assert_string_equal(s.error[1], CSVIN_ERR_UNTERMINATED);
}

static void a_row_over_the_limit_is_rejected_and_reading_goes_on(void **state)
{
	char text[2048];
	struct seen s;

	(void)state;
	snprintf(text, sizeof text, "h1,h2\n%0600d,1\nok,2\n", 5);
	parse(&s, text, 7, 300);
	assert_int_equal(s.rows, 3);
	assert_string_equal(s.error[1], CSVIN_ERR_TOO_LONG);
	assert_int_equal(s.line[2], 3);
	assert_string_equal(s.field1[2], "2");
}

static void the_field_count_is_reported_beyond_the_kept_maximum(void **state)
{
	char text[1024] = "a";
	struct seen s;

	(void)state;
	for (int i = 0; i < CSVIN_MAX_FIELDS + 4; i++)
		strcat(text, ",");
	strcat(text, "\n");
	parse(&s, text, 0, 0);
	assert_int_equal(s.nfields[0], CSVIN_MAX_FIELDS + 5);
}

/* --- the fast path gives what libcsv gives ---
 *
 * Every row is dumped (line, field count, error, raw bytes, each field with
 * its length, bytes outside printable ASCII as \xHH); the dump of a reader
 * that may take the fast path must equal the dump of one that sends every
 * row through libcsv, whatever the chunking. */

struct dump {
	char text[65536];
	size_t len;
};

static void put_bytes(struct dump *d, const char *p, size_t n)
{
	for (size_t i = 0; i < n && d->len + 5 < sizeof d->text; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c >= 0x20 && c < 0x7f && c != '\\')
			d->text[d->len++] = (char)c;
		else
			d->len += (size_t)snprintf(d->text + d->len, sizeof d->text - d->len, "\\x%02X", c);
	}
}

static int dump_row(void *ctx, const struct csvin_row *row)
{
	struct dump *d = ctx;
	char head[96];

	snprintf(head, sizeof head, "line %ld, %zu fields, %s: ", row->line, row->nfields,
	         row->error ? row->error : "ok");
	put_bytes(d, head, strlen(head));
	put_bytes(d, row->raw, row->raw_len);
	for (size_t f = 0; f < row->nfields && f < CSVIN_MAX_FIELDS; f++) {
		snprintf(head, sizeof head, " |%zu|", row->len[f]);
		put_bytes(d, head, strlen(head));
		put_bytes(d, row->field[f], row->len[f]);
	}
	put_bytes(d, "\n", 1);
	return 0;
}

static void dump_parse(struct dump *d, const char *text, size_t n, size_t chunk, size_t max_row,
                       int slow_only)
{
	struct csvin r;

	memset(d, 0, sizeof *d);
	assert_int_equal(csvin_init(&r, max_row, dump_row, d), 0);
	r.slow_only = slow_only;
	if (!chunk)
		chunk = n ? n : 1;
	for (size_t at = 0; at < n; at += chunk)
		assert_int_equal(csvin_feed(&r, text + at, at + chunk > n ? n - at : chunk), 0);
	assert_int_equal(csvin_finish(&r), 0);
	csvin_free(&r);
	d->text[d->len] = '\0';
}

/* n bytes of text, compared for a few chunk sizes and row limits: the
 * fast path and libcsv give, under every chunking, what libcsv gives for
 * the text in one piece (rows, reasons and raw rows do not depend on where
 * a chunk ended: issue 21 #10) */
static void fast_equals_libcsv(const char *text, size_t n)
{
	static const size_t chunks[] = { 0, 1, 2, 3, 7, 16, 17, 64 };
	static const size_t limits[] = { 0, 40 };
	static struct dump fast, slow, whole;

	for (size_t m = 0; m < sizeof limits / sizeof limits[0]; m++) {
		dump_parse(&whole, text, n, 0, limits[m], 1);
		for (size_t c = 0; c < sizeof chunks / sizeof chunks[0]; c++) {
			dump_parse(&slow, text, n, chunks[c], limits[m], 1);
			dump_parse(&fast, text, n, chunks[c], limits[m], 0);
			assert_string_equal(fast.text, slow.text);
			assert_string_equal(slow.text, whole.text);
		}
	}
}

#define SAME(lit) fast_equals_libcsv(lit, sizeof lit - 1)

static void fast_path_equals_libcsv_on_plain_rows(void **state)
{
	(void)state;
	SAME("contact_id,client_id,channel\nc1,ACME,voice\nc2,ACME,email\n");
	SAME("a,b,c\n,,\n,x,\nx,,\n");                       /* empty fields */
	SAME("a,b\n1,2");                                    /* last line without line end */
	SAME("a,b\n1,2\n\n\n3,4\n");                         /* empty lines */
	SAME("a, b ,c \n 1,2 , 3\n");                        /* spaces are data */
	SAME("h\nonly-one-field\n\nx\n");
	SAME("a,b\n1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21\n");
}

static void fast_path_equals_libcsv_with_quotes(void **state)
{
	(void)state;
	SAME("a,b\n1,\"x, y\"\n2,\"say \"\"hi\"\"\"\n3,plain\n");
	SAME("a,b\n1,\"multi\nline\"\n2,z\n");
	SAME("a,b\n1,x\"y\n2,z\n");                          /* a stray quote */
	SAME("a,b\n1,\"x\"y\n2,z\n");                        /* text after a closing quote */
	SAME("a,b\n1,\"never closed\n2,z\n");
	SAME("a,b\n\"\",\"\"\n");
}

static void fast_path_equals_libcsv_with_line_ends(void **state)
{
	(void)state;
	SAME("a,b\r\n1,2\r\n\r\n3,4\r\n");                   /* CRLF */
	SAME("a,b\r\n1,2\r\n3,4");
	SAME("a,b\n1,2\r\r\n3,4\n");                         /* CR CR LF */
	SAME("a,b\n1,x\ry\n3,4\n");                          /* a bare CR inside */
	SAME("a,b\n1,2\r");                                  /* CR at the very end */
	SAME("a,b\r1,2\r3,4\n");                             /* old Mac line ends */
	SAME("\n\n\r\n");
}

static void fast_path_equals_libcsv_with_odd_bytes(void **state)
{
	static const char nul[] = "a,b\n1,x\0y\n2,\0\n";
	static const char high[] = "a,b\n1,Zo\xC3\xAB\n2,\xFF\xFE\n";
	char longrow[300];

	(void)state;
	fast_equals_libcsv(nul, sizeof nul - 1);
	fast_equals_libcsv(high, sizeof high - 1);
	/* rows around the limit of 40 bytes used above: 38, 39, 40, 41 and
	 * a long one, with and without CR */
	for (int len = 36; len <= 44; len++) {
		int at = snprintf(longrow, sizeof longrow, "a,b\n");
		for (int i = 0; i < len; i++)
			longrow[at++] = i == 5 ? ',' : 'x';
		at += snprintf(longrow + at, sizeof longrow - (size_t)at, "\nok,1\n");
		fast_equals_libcsv(longrow, (size_t)at);
		longrow[at - 6 - 0] = '\n';
		memmove(longrow + at - 6, "\r\nok,1\n", 7);
		fast_equals_libcsv(longrow, (size_t)at + 1);
	}
	memset(longrow, 'x', 200);
	memcpy(longrow + 200, "\nok,1\n", 6);
	fast_equals_libcsv(longrow, 206);
}

/* Random text over the bytes that matter (separators, quotes, CR, LF,
 * NUL, a UTF-8 pair, plain letters): thousands of cases, fixed seed. */
static void fast_path_equals_libcsv_on_random_text(void **state)
{
	static const char alphabet[] = "ab,,,\"\r\n\n\0\xC3\xA9 x";
	char text[160];
	uint32_t seed = 12345;

	(void)state;
	for (int round = 0; round < 3000; round++) {
		size_t n;
		seed = seed * 1103515245u + 12345u;
		n = (seed >> 16) % sizeof text;
		for (size_t i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			text[i] = alphabet[(seed >> 16) % (sizeof alphabet - 1)];
		}
		fast_equals_libcsv(text, n);
	}
}

/* Issue 21 #10: what the quarantine shows of a bad row (reason, raw row,
 * line) does not depend on where a chunk of inflated bytes ended. */
static void bad_rows_are_the_same_however_the_bytes_are_chunked(void **state)
{
	(void)state;
	/* malformed quoting, early and late in the row, and in a quoted row
	 * that spans lines */
	SAME("a,b\n1,x\"y,more text after the stray quote\n2,z\n");
	SAME("a,b\n1,\"x\"y,more text after the closing quote\n2,z\n");
	SAME("a,b\n1,\"two\nlines\"x,tail\n2,z\n");
	/* too long (over 40 in the second pass) with bad quoting before the
	 * limit: "row too long" (the whole line counts), never two rows */
	SAME("a,b\n1,x\"y,zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz\n2,z\n");
	SAME("a,b\n1,\"ok\",zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz\n2,z\n");
	SAME("a,b\n1,\"quoted\nzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz\"\n2,z\n");
	/* bare CRs: in a field, after a quote, before a CRLF, at the end */
	SAME("a,b\n1,x\ry\r\n2,z\n");
	SAME("a,b\n1,\"x\"\ry\n2,z\n");
	SAME("a,b\n1,\"x\r\ny\"\r\n2,z\r\n");
	SAME("a,b\n1,2\r\r\n3,4\r");
}

/* A CR that does not end a CRLF is a byte of its row: one physical line is
 * one row, whose raw row is the whole line (libcsv's default made it two
 * rows, each shown with the other's bytes, or cut by the chunk). */
static void a_bare_cr_is_data_and_one_line_is_one_row(void **state)
{
	struct seen s;

	(void)state;
	for (size_t chunk = 0; chunk < 8; chunk++) {
		parse(&s, "a,b\n1,x\ry\n2,z\r\n", chunk, 0);
		assert_int_equal(s.rows, 3);
		assert_int_equal(s.line[1], 2);
		assert_string_equal(s.field1[1], "x\ry");
		assert_string_equal(s.raw[1], "1,x\ry");
		assert_int_equal(s.line[2], 3);
		assert_string_equal(s.raw[2], "2,z");
	}
	parse(&s, "a,b\r1,2\r3,4\n", 0, 0);
	assert_int_equal(s.rows, 1);
	assert_int_equal(s.nfields[0], 4); /* a | b\r1 | 2\r3 | 4: "too many fields" for canon */
	/* a CRLF inside quotes stays data */
	parse(&s, "a,b\n1,\"x\r\ny\"\r\n", 1, 0);
	assert_int_equal(s.rows, 2);
	assert_string_equal(s.field1[1], "x\r\ny");
}

/* Rows that straddle the gzip reader's 256 KiB slots (ingest feeds each
 * slot as it comes): the bad row at every offset around the boundary gives
 * the reason and raw row it gives when the input comes in one piece. */
struct bad_seen {
	long rows;
	char text[4096];
	size_t len;
};

static int collect_bad(void *ctx, const struct csvin_row *row)
{
	struct bad_seen *b = ctx;

	b->rows++;
	if (row->raw_len == 3 && memcmp(row->raw, "p,1", 3) == 0)
		return 0; /* padding */
	b->len += (size_t)snprintf(b->text + b->len, sizeof b->text - b->len, "line %ld %s [%.*s]\n", row->line,
	                           row->error ? row->error : "ok", (int)(row->raw_len < 80 ? row->raw_len : 80),
	                           row->raw);
	return 0;
}

static void feed_slots(struct bad_seen *b, const char *text, size_t n, size_t slot, size_t max_row)
{
	struct csvin r;

	memset(b, 0, sizeof *b);
	assert_int_equal(csvin_init(&r, max_row, collect_bad, b), 0);
	for (size_t at = 0; at < n; at += slot)
		assert_int_equal(csvin_feed(&r, text + at, at + slot > n ? n - at : slot), 0);
	assert_int_equal(csvin_finish(&r), 0);
	csvin_free(&r);
}

static void rows_straddling_the_inflate_slot_keep_reason_and_raw(void **state)
{
	enum { SLOT = 256 * 1024 };
	static const char *const bad[] = {
		"1,x\"y,text after a stray quote",
		"1,\"x\"y,text after a closing quote",
		"1,\"two\nlines\"x,tail",
		"1,x\ry\r,a bare CR",
		"1,\"x\r\ny\",a CRLF in quotes",
		"1,x\"y,zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz", /* over 64 */
	};
	static char text[SLOT + 4096];
	static struct bad_seen whole, slots;

	(void)state;
	for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++)
		for (size_t before = 1; before < 40; before += 3) {
			size_t n = 0, start = SLOT - before; /* the bad row starts `before` bytes before the boundary */
			while (n + 4 <= start - 4)
				n += (size_t)sprintf(text + n, "p,1\n");
			while (n < start - 1)
				text[n++] = ',';
			text[n++] = '\n'; /* a line of commas pads to the exact offset */
			n += (size_t)sprintf(text + n, "%s\r\nok,1\n", bad[k]);
			feed_slots(&whole, text, n, n, 64);
			feed_slots(&slots, text, n, SLOT, 64);
			assert_int_equal(slots.rows, whole.rows);
			assert_string_equal(slots.text, whole.text);
			feed_slots(&slots, text, n, SLOT - 1, 64);
			assert_string_equal(slots.text, whole.text);
		}
}

/* main's fast path left the row's first line at the empty line, so a
 * quoted row right after an empty line was reported one line early */
static void a_quoted_row_after_an_empty_line_has_its_own_line_number(void **state)
{
	struct seen s;

	(void)state;
	parse(&s, "h1,h2\n\nx,\"y\"z\n\r\n\"q\",1\n", 0, 0);
	assert_int_equal(s.rows, 3);
	assert_int_equal(s.line[1], 3);
	assert_string_equal(s.error[1], CSVIN_ERR_QUOTING);
	assert_int_equal(s.line[2], 5);
	assert_string_equal(s.field1[2], "1");
}

static int collect_plain(void *ctx, const struct csvin_row *row)
{
	int *plain = ctx;

	plain[row->line] = row->plain + 1; /* 0: no row on that line */
	return 0;
}

/* plain lets canon skip its NUL and UTF-8 checks: it must be 0 for any row
 * with a NUL or a byte >= 0x80 anywhere, whichever 16-byte block it is in */
static void only_ascii_rows_without_nul_are_plain(void **state)
{
	static const char text[] =
		"h1,h2\n"
		"abcdefghijklmnopqrstuvwxyz,0123456789\n"     /* 2: plain */
		"abcdefghijklmnopqrstuvwxyz,01234\0""6789\n"  /* 3: NUL after 16 bytes */
		"x\xC3\xA9,y\n"                              /* 4: UTF-8 */
		"ok,1\r\n"                                    /* 5: plain, CRLF */
		"abcdefghijklmnop,q\x80\n"                    /* 6: high byte in the tail */
		"z,z\n";                                      /* 7: plain; the block before held line 6 */
	int plain[16] = { 0 };
	struct csvin r;

	(void)state;
	assert_int_equal(csvin_init(&r, 0, collect_plain, plain), 0);
	assert_int_equal(csvin_feed(&r, text, sizeof text - 1), 0);
	assert_int_equal(csvin_finish(&r), 0);
	csvin_free(&r);
	assert_int_equal(plain[2], 2);
	assert_int_equal(plain[3], 1);
	assert_int_equal(plain[4], 1);
	assert_int_equal(plain[5], 2);
	assert_int_equal(plain[6], 1);
	assert_int_equal(plain[7], 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(quoted_separators_quotes_and_newlines_stay_in_the_field),
		cmocka_unit_test(chunking_byte_by_byte_gives_the_same_rows),
		cmocka_unit_test(spaces_around_fields_are_kept_as_rfc_4180_says),
		cmocka_unit_test(empty_lines_are_not_rows_but_count_as_lines),
		cmocka_unit_test(a_last_row_without_line_end_is_read),
		cmocka_unit_test(a_stray_quote_rejects_only_its_row),
		cmocka_unit_test(an_unclosed_quote_at_the_end_is_one_rejected_row),
		cmocka_unit_test(a_row_over_the_limit_is_rejected_and_reading_goes_on),
		cmocka_unit_test(the_field_count_is_reported_beyond_the_kept_maximum),
		cmocka_unit_test(a_quoted_row_after_an_empty_line_has_its_own_line_number),
		cmocka_unit_test(only_ascii_rows_without_nul_are_plain),
		cmocka_unit_test(fast_path_equals_libcsv_on_plain_rows),
		cmocka_unit_test(fast_path_equals_libcsv_with_quotes),
		cmocka_unit_test(fast_path_equals_libcsv_with_line_ends),
		cmocka_unit_test(fast_path_equals_libcsv_with_odd_bytes),
		cmocka_unit_test(fast_path_equals_libcsv_on_random_text),
		cmocka_unit_test(bad_rows_are_the_same_however_the_bytes_are_chunked),
		cmocka_unit_test(a_bare_cr_is_data_and_one_line_is_one_row),
		cmocka_unit_test(rows_straddling_the_inflate_slot_keep_reason_and_raw),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
