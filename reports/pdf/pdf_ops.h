/* pdf_ops.h -- a page's content stream, written by us instead of libharu's
 * page operators.
 *
 * libharu clears a 512-byte buffer byte by byte for every operator, formats
 * each number with five decimals, copies every byte of the stream twice in
 * byte loops and deflates it at the default level when the document is
 * written: for a ten-page report that was two thirds of the render time.
 * Here operators go into one growable buffer per page, numbers are written
 * with the decimals they need (positions 0.01 pt), a colour, line width or
 * font that is already in force is not set again, and pdf_ops_deflate()
 * compresses the buffer once into the page's contents stream (FlateDecode,
 * as before). The operators are the same ones libharu wrote (BT /F Tf Td
 * <hex> Tj ET, rg, RG, w, m, l, re, f, S, B, c, d, q, cm, gs, Q), so the
 * page reads and extracts as before.
 *
 * Ownership: the buffer is the struct's; pdf_ops_free() releases it. An
 * allocation failure is remembered (oom) and reported by pdf_ops_deflate(). */
#ifndef CCSLA_PDF_OPS_H
#define CCSLA_PDF_OPS_H

#include <hpdf.h>
#include <stddef.h>

struct pdf_ops {
	char *p;
	size_t len, cap;
	int oom;
	/* what is in force, so that it is not set again; forgotten at Q */
	int has_fill, has_stroke, has_width, has_font;
	int fill[3], stroke[3];  /* thousandths */
	int width;               /* hundredths of a point */
	const char *font;        /* resource name ("F1"), owned by libharu */
	int font_size;           /* hundredths of a point */
};

void pdf_ops_init(struct pdf_ops *o);
void pdf_ops_free(struct pdf_ops *o);

void pdf_ops_fill(struct pdf_ops *o, float r, float g, float b);
void pdf_ops_stroke(struct pdf_ops *o, float r, float g, float b);
void pdf_ops_line_width(struct pdf_ops *o, float w);
/* A dash of on/off points, or a solid line when on is 0. */
void pdf_ops_dash(struct pdf_ops *o, int on, int off);
void pdf_ops_move(struct pdf_ops *o, float x, float y);
void pdf_ops_line(struct pdf_ops *o, float x, float y);
void pdf_ops_rect(struct pdf_ops *o, float x, float y, float w, float h);
/* A circle as four Bézier curves, as libharu draws it. */
void pdf_ops_circle(struct pdf_ops *o, float x, float y, float r);
/* Ends the path: "f", "S" or "B". */
void pdf_ops_paint(struct pdf_ops *o, const char *op);
void pdf_ops_save(struct pdf_ops *o);
void pdf_ops_restore(struct pdf_ops *o);
void pdf_ops_concat(struct pdf_ops *o, float a, float b, float c, float d, float e, float f);
/* "/name gs" */
void pdf_ops_gstate(struct pdf_ops *o, const char *name);
/* Bytes as they are (a path built elsewhere). */
void pdf_ops_raw(struct pdf_ops *o, const char *bytes, size_t len);
/* One line of UTF-8 text at (x, y) in font resource `font` at `size`: each
 * code point as a two-byte CID (U+10000 and above as a space, as
 * pdf_font_note counts them). */
void pdf_ops_text(struct pdf_ops *o, const char *font, float size, float x, float y, const char *utf8);

/* Compresses the buffer into the contents stream `contents` of a page
 * (libharu's, created without a filter) and names the filter. Returns 0,
 * or a libharu error code (HPDF_FAILD_TO_ALLOC_MEM when out of memory). */
unsigned long pdf_ops_deflate(struct pdf_ops *o, HPDF_Dict contents);

#endif
