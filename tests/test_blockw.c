/* test_blockw.c -- the block writer puts exactly the bytes it is given, in
 * order, with their CRC-32, whatever the sizes and whether or not the file
 * system takes direct writes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "core/blockw.h"

/* Writes n pattern bytes in pieces of `piece` through a writer in dir,
 * then reads the file back and compares bytes and CRC. */
static void round_trip(const char *dir, size_t n, size_t piece)
{
	char path[256];
	unsigned char *data = malloc(n ? n : 1), *back = malloc(n + 1);
	struct blockw w;
	int fd;
	FILE *fp;

	assert_non_null(data);
	assert_non_null(back);
	for (size_t i = 0; i < n; i++)
		data[i] = (unsigned char)(i * 7 + i / 251);
	snprintf(path, sizeof path, "%s/ccsla-test-blockw-XXXXXX", dir);
	assert_true((fd = mkstemp(path)) >= 0);
	assert_int_equal(blockw_init(&w, fd), 0);
	for (size_t at = 0; at < n; at += piece)
		assert_int_equal(blockw_put(&w, data + at, at + piece > n ? n - at : piece), 0);
	assert_int_equal(blockw_flush(&w), 0);
	assert_int_equal(w.crc, (uint32_t)crc32(crc32(0, NULL, 0), data, (uInt)n));
	blockw_free(&w);
	close(fd);
	assert_non_null(fp = fopen(path, "rb"));
	assert_int_equal(fread(back, 1, n + 1, fp), n);
	fclose(fp);
	unlink(path);
	assert_memory_equal(back, data, n ? n : 0);
	free(data);
	free(back);
}

static void every_size_comes_back_byte_for_byte(void **state)
{
	static const size_t sizes[] = { 0, 1, 4095, 4096, 4097, BLOCKW_SIZE - 1, BLOCKW_SIZE,
	                                BLOCKW_SIZE + 1, 3 * BLOCKW_SIZE + 12345 };
	static const size_t pieces[] = { 1, 97, 4096, BLOCKW_SIZE + 5 };

	(void)state;
	for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++)
		for (size_t p = 0; p < sizeof pieces / sizeof pieces[0]; p++) {
			if (pieces[p] == 1 && sizes[s] > BLOCKW_SIZE + 1)
				continue; /* slow, and nothing new */
			round_trip("/tmp", sizes[s], pieces[p]);
		}
}

/* /dev/shm is tmpfs on Linux, which refuses O_DIRECT: the ordinary path. */
static void a_file_system_without_direct_writes_gets_the_same_bytes(void **state)
{
	(void)state;
	if (access("/dev/shm", W_OK) != 0)
		skip();
	round_trip("/dev/shm", 2 * BLOCKW_SIZE + 777, 1000);
}

static void a_failed_write_is_reported(void **state)
{
	struct blockw w;
	unsigned char block[4096] = { 0 };
	int fd = open("/dev/null", O_RDONLY); /* writes fail with EBADF */

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(blockw_init(&w, fd), 0);
	for (size_t i = 0; i < BLOCKW_SIZE / sizeof block; i++)
		(void)blockw_put(&w, block, sizeof block);
	assert_int_equal(blockw_flush(&w), -1);
	assert_int_not_equal(w.error, 0);
	blockw_free(&w);
	close(fd);
}

/* store files put their trailer after a flush-sized CRC: bytes put after
 * a flush (whose direct tail was padded and cut back) follow on exactly */
static void bytes_put_after_a_flush_follow_on(void **state)
{
	char path[] = "/tmp/ccsla-test-blockw-XXXXXX";
	unsigned char a[5000], b[300], back[6000];
	struct blockw w;
	int fd;
	FILE *fp;

	(void)state;
	memset(a, 'a', sizeof a);
	memset(b, 'b', sizeof b);
	assert_true((fd = mkstemp(path)) >= 0);
	assert_int_equal(blockw_init(&w, fd), 0);
	assert_int_equal(blockw_put(&w, a, sizeof a), 0);
	assert_int_equal(blockw_crc(&w), (uint32_t)crc32(crc32(0, NULL, 0), a, sizeof a));
	assert_int_equal(blockw_flush(&w), 0);
	assert_int_equal(blockw_put(&w, b, sizeof b), 0);
	assert_int_equal(blockw_flush(&w), 0);
	blockw_free(&w);
	close(fd);
	assert_non_null(fp = fopen(path, "rb"));
	assert_int_equal(fread(back, 1, sizeof back, fp), sizeof a + sizeof b);
	fclose(fp);
	unlink(path);
	assert_memory_equal(back, a, sizeof a);
	assert_memory_equal(back + sizeof a, b, sizeof b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_size_comes_back_byte_for_byte),
		cmocka_unit_test(a_file_system_without_direct_writes_gets_the_same_bytes),
		cmocka_unit_test(a_failed_write_is_reported),
		cmocka_unit_test(bytes_put_after_a_flush_follow_on),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
