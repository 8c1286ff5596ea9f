/* test_csvin.c -- rows come out whole, once each, with their first line
 * number and raw bytes, however the input is chunked. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "csvin.h"

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
	snprintf(s->raw[i], sizeof s->raw[i], "%s", row->raw);
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
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
