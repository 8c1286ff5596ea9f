/* crc32fast.c -- the store's CRC-32 (crc32fast.h) by libdeflate, whose
 * crc32 folds with PCLMULQDQ where the CPU has it (chosen at run time) and
 * is about 3x zlib's on this machine; the values are zlib's, so stores
 * written before read the same (test_crc32fast checks against zlib). */
#include <libdeflate.h>

#include "crc32fast.h"

uint32_t crc32_fast(uint32_t crc, const unsigned char *buf, size_t len)
{
	return len ? libdeflate_crc32(crc, buf, len) : crc;
}
