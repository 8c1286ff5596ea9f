/* pdf_flate.h -- a stream object's data, compressed by us.
 *
 * libharu deflates every stream at zlib's default level 6 while the file is
 * written. pdf_flate_set() compresses the data once, at PDF_FLATE_LEVEL,
 * into the stream of `dict` (which must be empty), and marks the stream so
 * that libharu writes the bytes as they are under /Filter /FlateDecode. */
#ifndef CCSLA_PDF_FLATE_H
#define CCSLA_PDF_FLATE_H

#include <hpdf.h>
#include <stddef.h>

/* Level 3 of zlib's 9. On the bench's report (tests/bench/40-render.sh,
 * callgrind): level 6, libharu's, 84 M instructions and 103,717 bytes;
 * level 3, 64 M and 112,988 bytes; level 1, 63 M and 118,301 bytes. */
#define PDF_FLATE_LEVEL 3

/* Returns 0, or a libharu error code (HPDF_FAILD_TO_ALLOC_MEM when zlib
 * cannot start, HPDF_FILE_IO_ERROR when the stream refuses the bytes). */
unsigned long pdf_flate_set(HPDF_Dict dict, const void *data, size_t len);

#endif
