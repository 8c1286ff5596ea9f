/* crc32fast.h -- CRC-32 of zlib (same polynomial, same values as
 * crc32(crc, buf, len)), several times faster: libdeflate's, which uses
 * PCLMULQDQ where the CPU has it. The store's partitions are checked with
 * it on every read. */
#ifndef CCSLA_CRC32FAST_H
#define CCSLA_CRC32FAST_H

#include <stddef.h>
#include <stdint.h>

/* crc continues a CRC-32 (0 to start, as with zlib); returns the CRC of
 * everything so far plus buf[0..len). */
uint32_t crc32_fast(uint32_t crc, const unsigned char *buf, size_t len);

#endif
