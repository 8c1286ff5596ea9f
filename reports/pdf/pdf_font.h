/* pdf_font.h -- the embedded fonts' CID tables, cut down to the characters a
 * document draws.
 *
 * libharu's UTF-8 fonts map every Basic Multilingual Plane code point: when
 * a font is created it looks up all 65,536 of them in the TrueType cmap
 * (linearly) and writes a width array (~25 KB per face, uncompressed) and a
 * CID-to-glyph map (128 KB per face before compression). That was most of a
 * report's render time and a third of its size. Instead pdf_font_get()
 * creates the font from a one-entry code map, pdf.c notes every code point
 * it draws, and pdf_font_finish() rebuilds both tables for those code
 * points only, just before the document is written. Text in the page
 * streams is unchanged (two-byte CIDs equal to the code point), so the
 * output reads and extracts as before. */
#ifndef CCSLA_PDF_FONT_H
#define CCSLA_PDF_FONT_H

#include <hpdf.h>
#include <stdint.h>

#include "core/error.h"

/* One bit per BMP code point. */
struct pdf_font_use {
	uint64_t bits[65536 / 64];
};

/* Loads a TrueType font for embedding, like HPDF_LoadTTFontFromFile, but
 * without the 'post' table's glyph names (see drop_glyph_names). Returns the
 * font's name for pdf_font_get(), or NULL with err set. */
const char *pdf_font_load(HPDF_Doc doc, const char *path, struct ccsla_error *err);

/* HPDF_GetFont(doc, name, "UTF-8") without the 65,536 lookups (after
 * HPDF_UseUTFEncodings). NULL on failure, with libharu's error set. */
HPDF_Font pdf_font_get(HPDF_Doc doc, const char *name);

/* The next code point of UTF-8 text at *ps (not at its end), advancing
 * *ps; U+10000 and above read as a space, as libharu draws them. */
unsigned pdf_font_next_code_point(const unsigned char **ps);

/* Notes the code points of UTF-8 text drawn in a font. Code points above
 * U+FFFF count as spaces, as libharu draws them. */
void pdf_font_note(struct pdf_font_use *use, const char *text);

/* Replaces the font's width array and CID-to-glyph map with entries for the
 * noted code points. Returns 0, or a libharu error code. */
unsigned long pdf_font_finish(HPDF_Font font, const struct pdf_font_use *use);

/* HPDF_Font_TextWidth(font, text, n).width, the same to the unit, with each
 * code point's width looked up once per process. */
unsigned long pdf_font_text_width(HPDF_Font font, const char *text, size_t n);

/* Drops the widths looked up (when the font definitions are freed). */
void pdf_font_forget_widths(void);

#endif
