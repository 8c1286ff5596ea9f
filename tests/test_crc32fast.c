/* test_crc32fast.c -- crc32_fast gives zlib's crc32 for every length,
 * alignment and starting CRC, in one call or in pieces (the store reader
 * continues the CRC refill after refill). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "core/crc32fast.h"

#define SPAN 4096

static unsigned char *random_bytes(size_t n, uint32_t seed)
{
	unsigned char *b = malloc(n);

	assert_non_null(b);
	for (size_t i = 0; i < n; i++) {
		seed = seed * 1103515245u + 12345u;
		b[i] = (unsigned char)(seed >> 16);
	}
	return b;
}

static void known_values(void **state)
{
	unsigned char zeros[256] = { 0 };
	const char *nine = "123456789";

	(void)state;
	assert_int_equal(crc32_fast(0, (const unsigned char *)nine, 9), 0xcbf43926u);
	assert_int_equal(crc32_fast(0, NULL, 0), 0);
	assert_int_equal(crc32_fast(0, zeros, sizeof zeros), (uint32_t)crc32(0, zeros, sizeof zeros));
	assert_int_equal(crc32_fast(0, zeros, 64), 0x758d6336u);
}

/* Every length 0..SPAN at every alignment 0..15, from two starting CRCs. */
static void every_length_and_alignment_equals_zlib(void **state)
{
	unsigned char *b = random_bytes(SPAN + 16, 7);

	(void)state;
	for (size_t off = 0; off < 16; off++)
		for (size_t n = 0; n <= SPAN; n += (n < 300 ? 1 : 37)) {
			uint32_t start = off & 1 ? 0xdeadbeefu : 0;

			assert_int_equal(crc32_fast(start, b + off, n), (uint32_t)crc32(start, b + off, (uInt)n));
		}
	free(b);
}

/* A long buffer (256 KiB and a tail, the reader's refill) in random
 * pieces gives the CRC of the whole. */
static void pieces_continue_the_crc(void **state)
{
	size_t n = 256 * 1024 + 95;
	unsigned char *b = random_bytes(n, 99);
	uint32_t whole = (uint32_t)crc32(0, b, (uInt)n), crc = 0, seed = 5;
	size_t at = 0;

	(void)state;
	assert_int_equal(crc32_fast(0, b, n), whole);
	while (at < n) {
		size_t piece;

		seed = seed * 1103515245u + 12345u;
		piece = (seed >> 8) % 3000;
		if (piece > n - at)
			piece = n - at;
		crc = crc32_fast(crc, b + at, piece);
		at += piece;
	}
	assert_int_equal(crc, whole);
	b[12345] ^= 0x10; /* one flipped bit shows */
	assert_int_not_equal(crc32_fast(0, b, n), whole);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(known_values),
		cmocka_unit_test(every_length_and_alignment_equals_zlib),
		cmocka_unit_test(pieces_continue_the_crc),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
