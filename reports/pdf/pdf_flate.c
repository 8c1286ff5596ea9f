/* pdf_flate.c -- a stream object's data, compressed by us (see pdf_flate.h). */
#include <hpdf_objects.h>
#include <libdeflate.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pdf_flate.h"

/* One compressor for the process: allocating one costs more than
 * compressing a page. Reports are made one at a time (pdf.c). */
static struct libdeflate_compressor *compressor;

static void compressor_free(void)
{
	libdeflate_free_compressor(compressor);
	compressor = NULL;
}

/* libharu drops a /Filter entry from a stream it does not filter itself,
 * so the name is written by the dictionary's own write hook, which runs
 * after its entries. */
static HPDF_STATUS write_flate_filter(HPDF_Dict dict, HPDF_Stream stream)
{
	(void)dict;
	return HPDF_Stream_WriteStr(stream, "/Filter /FlateDecode\012");
}

unsigned long pdf_flate_set(HPDF_Dict dict, const void *data, size_t len)
{
	unsigned char *out;
	size_t bound, n;

	if (!compressor) {
		if (!(compressor = libdeflate_alloc_compressor(PDF_FLATE_LEVEL)))
			return HPDF_FAILD_TO_ALLOC_MEM;
		atexit(compressor_free);
	}
	bound = libdeflate_zlib_compress_bound(compressor, len);
	if (bound > UINT32_MAX || !(out = malloc(bound)))
		return HPDF_FAILD_TO_ALLOC_MEM;
	n = libdeflate_zlib_compress(compressor, data, len, out, bound);
	if (n == 0 || HPDF_Stream_Write(dict->stream, out, (HPDF_UINT)n) != HPDF_OK) {
		free(out);
		return HPDF_FILE_IO_ERROR;
	}
	free(out);
	dict->filter = HPDF_STREAM_FILTER_NONE;
	dict->write_fn = write_flate_filter;
	return 0;
}
