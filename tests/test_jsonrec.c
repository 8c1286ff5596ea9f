/* test_jsonrec.c -- the JSON record reader (adapters/jsonrec.h): records
 * and their line numbers across the reader's 128 KiB chunks, records back
 * to back, the wrapper array, a record larger than a chunk, and where it
 * starts again after a syntax error. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "adapters/jsonrec.h"

struct seen {
	int n, n_err;
	long line[4096];
	int64_t id[4096];
	long err_line[16];
	const char *err_reason[16];
	size_t longest;
};

static int on_record(void *ctx, const struct jv *rec, long line, struct ccsla_error *err)
{
	struct seen *s = ctx;
	const struct jv *big = jv_get(rec, "big");
	int64_t id = -1;

	(void)err;
	jv_int(jv_get(rec, "id"), &id);
	if (big && big->type == JV_STRING && strlen(big->str) > s->longest)
		s->longest = strlen(big->str);
	if (s->n < 4096) {
		s->line[s->n] = line;
		s->id[s->n] = id;
	}
	s->n++;
	return 0;
}

static void on_error(void *ctx, const char *reason, long line, const char *msg)
{
	struct seen *s = ctx;

	(void)msg;
	if (s->n_err < 16) {
		s->err_line[s->n_err] = line;
		s->err_reason[s->n_err] = reason;
	}
	s->n_err++;
}

static char path[64];

static FILE *open_temp(void)
{
	int fd;

	snprintf(path, sizeof path, "/tmp/ccsla-jsonrec-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	return fdopen(fd, "w");
}

static void read_into(struct seen *s, const char *wrapper)
{
	struct jsonrec_handler h = { on_record, on_error, s };
	struct ccsla_error err;

	memset(s, 0, sizeof *s);
	assert_int_equal(jsonrec_read(path, wrapper, &h, &err), 0);
	unlink(path);
}

static void line_numbers_hold_across_chunks(void **state)
{
	static struct seen s;
	FILE *fp = open_temp();

	(void)state;
	/* 3000 lines of ~110 bytes: the file spans three chunks */
	for (int i = 1; i <= 3000; i++)
		fprintf(fp, "{\"id\": %d, \"pad\": \"%0100d\"}\n", i, 0);
	fclose(fp);
	read_into(&s, NULL);
	assert_int_equal(s.n, 3000);
	assert_int_equal(s.n_err, 0);
	for (int i = 0; i < 3000; i++) {
		assert_int_equal(s.id[i], i + 1);
		assert_int_equal(s.line[i], i + 1);
	}
}

static void a_record_larger_than_a_chunk_is_whole(void **state)
{
	static struct seen s;
	FILE *fp = open_temp();

	(void)state;
	fprintf(fp, "{\"id\": 1}\n{\"id\": 2, \"big\": \"");
	for (int i = 0; i < 300000; i++)
		fputc('x', fp);
	fprintf(fp, "\"}\n\n{\"id\": 3}\n");
	fclose(fp);
	read_into(&s, NULL);
	assert_int_equal(s.n, 3);
	assert_int_equal(s.longest, 300000);
	assert_int_equal(s.line[2], 4);
}

static void objects_back_to_back_and_across_lines(void **state)
{
	static struct seen s;
	FILE *fp = open_temp();

	(void)state;
	fprintf(fp, "{\"id\":1}{\"id\":2} {\"id\":3}\n{\n \"id\": 4\n}\n");
	fclose(fp);
	read_into(&s, NULL);
	assert_int_equal(s.n, 4);
	assert_int_equal(s.line[2], 1);
	assert_int_equal(s.line[3], 2); /* where its brace is */
}

static void the_wrapper_arrays_elements_are_the_records(void **state)
{
	static struct seen s;
	FILE *fp = open_temp();

	(void)state;
	fprintf(fp, "{\"totalHits\": 3, \"conversations\": [\n{\"id\": 1},\n{\"id\": 2},\n{\"id\": 3}\n], \"x\": {}}\n"
	            "{\"id\": 4}\n");
	fclose(fp);
	read_into(&s, "conversations");
	assert_int_equal(s.n, 4);
	assert_int_equal(s.id[0], 1);
	assert_int_equal(s.line[0], 2);
	assert_int_equal(s.id[3], 4); /* a plain object after the wrapper: a record */
	assert_int_equal(s.line[3], 6);
}

static void after_a_syntax_error_reading_starts_again_on_the_next_line(void **state)
{
	static struct seen s;
	FILE *fp = open_temp();

	(void)state;
	fprintf(fp, "{\"id\": 1}\n{\"id\": 2, oops}\n{\"id\": 3}\n{\"id\": 4, \"cut\": \"abc\n{\"id\": 5}\n");
	fclose(fp);
	read_into(&s, NULL);
	assert_int_equal(s.n, 3);
	assert_int_equal(s.id[0], 1);
	assert_int_equal(s.id[1], 3);
	assert_int_equal(s.id[2], 5);
	assert_int_equal(s.n_err, 2);
	assert_int_equal(s.err_line[0], 2);
	assert_string_equal(s.err_reason[0], JSONREC_R_SYNTAX);
	assert_int_equal(s.err_line[1], 4);
}

/* A line whose first byte is already an error (no byte consumed) is
 * skipped: restarting at it again and again was a hang fuzz_connect found
 * (tests/fuzz/known/fuzz_connect/). */
static void a_line_that_fails_at_its_first_byte_is_skipped_not_retried(void **state)
{
	static struct seen s;
	FILE *fp = open_temp();

	(void)state;
	fprintf(fp, "{\"id\": 1}\n/comment\n{\"id\": 2}\n{\"id\": 3, \"x\":\n/x\n{\"id\": 4}\n");
	fclose(fp);
	read_into(&s, NULL);
	assert_int_equal(s.n, 3);
	assert_int_equal(s.id[0], 1);
	assert_int_equal(s.id[1], 2);
	assert_int_equal(s.id[2], 4);
	assert_true(s.n_err >= 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(line_numbers_hold_across_chunks),
		cmocka_unit_test(a_record_larger_than_a_chunk_is_whole),
		cmocka_unit_test(objects_back_to_back_and_across_lines),
		cmocka_unit_test(the_wrapper_arrays_elements_are_the_records),
		cmocka_unit_test(after_a_syntax_error_reading_starts_again_on_the_next_line),
		cmocka_unit_test(a_line_that_fails_at_its_first_byte_is_skipped_not_retried),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
