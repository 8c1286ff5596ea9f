/* utf8.c -- strict UTF-8 validation (utf8.h). */
#include <stdint.h>
#include <string.h>

#include "utf8.h"

#define ONES UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)

static uint64_t load8(const unsigned char *s)
{
	uint64_t v;

	memcpy(&v, s, 8); /* any alignment; the compiler makes it one load */
	return v;
}

/* Nearly every field is ASCII: 8 bytes at a time while no byte has its
 * high bit set. The result is the one of the byte-wise loop below. */
int utf8_plain_ascii(const unsigned char *s, size_t len)
{
	size_t i = 0;

	for (; i + 8 <= len; i += 8) {
		uint64_t v = load8(s + i);
		/* a byte >= 0x80, or a zero byte (the classic has-zero test) */
		if ((v & HIGHS) || ((v - ONES) & ~v & HIGHS))
			return 0;
	}
	for (; i < len; i++)
		if (s[i] == 0 || s[i] >= 0x80)
			return 0;
	return 1;
}

size_t utf8_check(const unsigned char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		unsigned c = s[i];
		size_t need;
		unsigned lo = 0x80, hi = 0xBF; /* range of the second byte */

		if (len - i >= 8 && !(load8(s + i) & HIGHS)) {
			i += 8; /* ASCII fast path: 8 bytes below 0x80 */
			continue;
		}
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) {
			need = 1;
		} else if (c >= 0xE0 && c <= 0xEF) {
			need = 2;
			if (c == 0xE0)
				lo = 0xA0;      /* overlong */
			else if (c == 0xED)
				hi = 0x9F;      /* surrogates */
		} else if (c >= 0xF0 && c <= 0xF4) {
			need = 3;
			if (c == 0xF0)
				lo = 0x90;      /* overlong */
			else if (c == 0xF4)
				hi = 0x8F;      /* above U+10FFFF */
		} else {
			return i;       /* continuation byte, C0, C1, F5..FF */
		}
		if (len - i <= need)
			return i;
		if (s[i + 1] < lo || s[i + 1] > hi)
			return i;
		for (size_t k = 2; k <= need; k++)
			if ((s[i + k] & 0xC0) != 0x80)
				return i;
		i += need + 1;
	}
	return len;
}
