/* test_gzin.c -- every gzip member counts; damage stops the stream with
 * its byte offset after delivering what came before; the limit holds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "ingest/gzin.h"

static char path[] = "/tmp/ccsla-test-gzin-XXXXXX";

/* Gzip member of text into out; returns its size. */
static size_t member(const char *text, size_t n, unsigned char *out, size_t cap)
{
	z_stream z;

	memset(&z, 0, sizeof z);
	assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
	z.next_in = (unsigned char *)text;
	z.avail_in = (uInt)n;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
	deflateEnd(&z);
	return cap - z.avail_out;
}

static void write_file(const void *data, size_t n)
{
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, n, fp), n);
	fclose(fp);
}

/* Reads the whole file into out; returns the gzin_read result that ended it. */
static int read_all(uint64_t limit, char *out, size_t cap, size_t *got, struct ccsla_error *err)
{
	struct gzin g;
	ssize_t n;

	*got = 0;
	assert_int_equal(gzin_open(&g, path, limit, err), 0);
	while ((n = gzin_read(&g, (unsigned char *)out + *got, cap - *got, err)) > 0)
		*got += (size_t)n;
	gzin_close(&g);
	return (int)n;
}

static void members_back_to_back_are_all_read(void **state)
{
	unsigned char buf[1024];
	char out[256];
	size_t n, got;
	struct ccsla_error err;

	(void)state;
	n = member("first\n", 6, buf, sizeof buf);
	n += member("second\n", 7, buf + n, sizeof buf - n);
	write_file(buf, n);
	assert_int_equal(read_all(GZIN_DEFAULT_LIMIT, out, sizeof out, &got, &err), 0);
	assert_int_equal(got, 13);
	assert_memory_equal(out, "first\nsecond\n", 13);
}

static void a_plain_file_is_not_gzip_at_byte_0(void **state)
{
	char out[64];
	size_t got;
	struct ccsla_error err;

	(void)state;
	write_file("a,b\n", 4);
	assert_int_equal(read_all(GZIN_DEFAULT_LIMIT, out, sizeof out, &got, &err), -1);
	assert_string_equal(err.msg, "not a gzip file at byte 0");
}

/* gzin_sniff looks at three bytes and says what the reader would say. */
static void the_sniff_refuses_what_the_reader_would_at_byte_0(void **state)
{
	unsigned char buf[256];
	struct ccsla_error err;
	size_t n;

	(void)state;
	write_file("", 0);
	assert_int_equal(gzin_sniff(path, &err), 1);
	assert_string_equal(err.msg, "empty file at byte 0");
	write_file("a,b\n", 4);
	assert_int_equal(gzin_sniff(path, &err), 1);
	assert_string_equal(err.msg, "not a gzip file at byte 0");
	write_file("\x1f\x8b\x07rest", 7); /* a method other than deflate */
	assert_int_equal(gzin_sniff(path, &err), 1);
	assert_string_equal(err.msg, "not a gzip file at byte 0");
	write_file("\x1f\x8b", 2); /* a cut member: left to the reader */
	assert_int_equal(gzin_sniff(path, &err), 0);
	n = member("x\n", 2, buf, sizeof buf);
	write_file(buf, n);
	assert_int_equal(gzin_sniff(path, &err), 0);
	unlink(path);
	assert_int_equal(gzin_sniff(path, &err), -1);
	write_file("", 0); /* the fixture removes it */
}

static void an_empty_file_is_named_so(void **state)
{
	char out[64];
	size_t got;
	struct ccsla_error err;

	(void)state;
	write_file("", 0);
	assert_int_equal(read_all(GZIN_DEFAULT_LIMIT, out, sizeof out, &got, &err), -1);
	assert_string_equal(err.msg, "empty file at byte 0");
}

static void a_truncated_second_member_keeps_the_first(void **state)
{
	unsigned char buf[1024];
	char out[256];
	size_t n1, n, got;
	struct ccsla_error err;

	(void)state;
	n1 = member("first\n", 6, buf, sizeof buf);
	n = n1 + member("second line that is cut\n", 24, buf + n1, sizeof buf - n1);
	write_file(buf, n - 6);
	assert_int_equal(read_all(GZIN_DEFAULT_LIMIT, out, sizeof out, &got, &err), -1);
	assert_true(got >= 6);
	assert_memory_equal(out, "first\n", 6);
	assert_non_null(strstr(err.msg, "truncated gzip member (the file ends) at byte"));
}

static void bytes_after_the_last_member_are_damage_at_their_offset(void **state)
{
	unsigned char buf[1024];
	char out[256], want[128];
	size_t n, got;
	struct ccsla_error err;

	(void)state;
	n = member("row\n", 4, buf, sizeof buf);
	memcpy(buf + n, "junk", 4);
	write_file(buf, n + 4);
	assert_int_equal(read_all(GZIN_DEFAULT_LIMIT, out, sizeof out, &got, &err), -1);
	assert_int_equal(got, 4);
	snprintf(want, sizeof want, "bytes after the last gzip member are not gzip at byte %zu", n);
	assert_string_equal(err.msg, want);
}

static void expansion_beyond_the_limit_stops_the_file(void **state)
{
	static char zeros[1 << 20], out[1 << 21];
	static unsigned char buf[1 << 16];
	size_t n, got;
	struct ccsla_error err;

	(void)state;
	n = member(zeros, sizeof zeros, buf, sizeof buf);
	write_file(buf, n);
	assert_int_equal(read_all(1000, out, sizeof out, &got, &err), -1);
	assert_non_null(strstr(err.msg, "expands beyond the limit of 1000 bytes"));
	assert_int_equal(read_all(1 << 20, out, sizeof out, &got, &err), 0);
	assert_int_equal(got, 1 << 20);
}

static int setup(void **state)
{
	int fd = mkstemp(path);

	(void)state;
	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unlink(path);
	return 0;
}

/* Reads the whole file through gzin_next (the slots lent in place). */
static int next_all(char *out, size_t cap, size_t *got, struct ccsla_error *err)
{
	struct gzin g;
	const unsigned char *data;
	ssize_t n;

	*got = 0;
	assert_int_equal(gzin_open(&g, path, GZIN_DEFAULT_LIMIT, err), 0);
	while ((n = gzin_next(&g, &data, err)) > 0) {
		assert_true(*got + (size_t)n <= cap);
		memcpy(out + *got, data, (size_t)n);
		*got += (size_t)n;
	}
	gzin_close(&g);
	return (int)n;
}

/* Several slots' worth (3 MB), then a member cut short: gzin_next lends
 * the same bytes as gzin_read copies, and ends with the same damage. */
static void lent_slots_hold_the_same_bytes_and_damage_as_copies(void **state)
{
	size_t text_len = 3 << 20, cap = text_len + 4096, n1, n, got1, got2;
	char *text = malloc(text_len), *out1 = malloc(cap), *out2 = malloc(cap);
	unsigned char *buf = malloc(cap);
	struct ccsla_error err1, err2;

	(void)state;
	assert_non_null(text);
	assert_non_null(out1);
	assert_non_null(out2);
	assert_non_null(buf);
	for (size_t i = 0; i < text_len; i++)
		text[i] = (char)('a' + (i * 7 + i / 1000) % 26);
	n1 = member(text, text_len, buf, cap);
	n = n1 + member("cut\n", 4, buf + n1, cap - n1);
	write_file(buf, n - 6);
	assert_int_equal(read_all(GZIN_DEFAULT_LIMIT, out1, cap, &got1, &err1), -1);
	assert_int_equal(next_all(out2, cap, &got2, &err2), -1);
	assert_int_equal(got1, got2);
	assert_true(got1 >= text_len);
	assert_memory_equal(out1, text, text_len);
	assert_memory_equal(out2, text, text_len);
	assert_string_equal(err1.msg, err2.msg);
	free(text);
	free(out1);
	free(out2);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(members_back_to_back_are_all_read),
		cmocka_unit_test(a_plain_file_is_not_gzip_at_byte_0),
		cmocka_unit_test(an_empty_file_is_named_so),
		cmocka_unit_test(the_sniff_refuses_what_the_reader_would_at_byte_0),
		cmocka_unit_test(a_truncated_second_member_keeps_the_first),
		cmocka_unit_test(bytes_after_the_last_member_are_damage_at_their_offset),
		cmocka_unit_test(expansion_beyond_the_limit_stops_the_file),
		cmocka_unit_test(lent_slots_hold_the_same_bytes_and_damage_as_copies),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
