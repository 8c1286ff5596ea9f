/* pdf_flate.c -- a stream object's data, compressed by us (see pdf_flate.h). */
#include <hpdf_objects.h>
#include <string.h>
#include <zlib.h>

#include "pdf_flate.h"

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
	unsigned char out[16384];
	z_stream z;
	int st;

	memset(&z, 0, sizeof z);
	if (deflateInit(&z, PDF_FLATE_LEVEL) != Z_OK)
		return HPDF_FAILD_TO_ALLOC_MEM;
	z.next_in = (unsigned char *)data;
	z.avail_in = (uInt)len; /* streams here are far below 4 GB */
	do {
		z.next_out = out;
		z.avail_out = sizeof out;
		st = deflate(&z, Z_FINISH);
		if (st == Z_STREAM_ERROR ||
		    HPDF_Stream_Write(dict->stream, out, (HPDF_UINT)(sizeof out - z.avail_out)) != HPDF_OK) {
			deflateEnd(&z);
			return HPDF_FILE_IO_ERROR;
		}
	} while (st != Z_STREAM_END);
	deflateEnd(&z);
	dict->filter = HPDF_STREAM_FILTER_NONE;
	dict->write_fn = write_flate_filter;
	return 0;
}
