/* pdf_flate.h -- a stream object's data, compressed by us.
 *
 * libharu deflates every stream at zlib's default level 6 while the file is
 * written. pdf_flate_set() compresses the data once with libdeflate, at PDF_FLATE_LEVEL,
 * into the stream of `dict` (which must be empty), and marks the stream so
 * that libharu writes the bytes as they are under /Filter /FlateDecode. */
#ifndef CCSLA_PDF_FLATE_H
#define CCSLA_PDF_FLATE_H

#include <hpdf.h>
#include <stddef.h>

/* libdeflate's level 1 of 12: whole-buffer compression (every stream here
 * is in memory), about twice zlib's speed for smaller output. The 50
 * reports of tests/bench/45-render-cli.sh, under callgrind: zlib level 3,
 * 4.52 G instructions and 5,820,560 bytes of PDF; libdeflate level 1,
 * 3.71 G and 5,666,261 bytes (level 4: 4.46 G, 5,314,928; level 6: 4.69 G,
 * 5,193,430). */
#define PDF_FLATE_LEVEL 1

/* Returns 0, or a libharu error code (HPDF_FAILD_TO_ALLOC_MEM when out of
 * memory, HPDF_FILE_IO_ERROR when the stream refuses the bytes). */
unsigned long pdf_flate_set(HPDF_Dict dict, const void *data, size_t len);

#endif
