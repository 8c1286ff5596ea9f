/* outline.h -- text as glyph outlines read from a TrueType font's glyf
 * table, for text that must show on the page but is no text: the DRAFT/
 * REVISION watermark (pdftotext must not mix its letters into the tables)
 * and the signature box (its appearance stream then needs no font at all,
 * so no font is referenced without being embedded).
 *
 * No libharu: the caller receives the path as move/line/curve/close calls
 * (quadratic B-splines already turned into cubic curves, exact) in PDF
 * points and paints it with the nonzero rule (PDF "f"), the rule TrueType
 * outlines are drawn with. Text is UTF-8; code points outside the BMP or
 * without a glyph draw the font's .notdef glyph. No kerning, as in
 * libharu's text, so widths match what pdf.c measures (to the 1/1000 em
 * per character that libharu rounds its widths down to). */
#ifndef CCSLA_OUTLINE_H
#define CCSLA_OUTLINE_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

/* A parsed TrueType font; the bytes are owned by it. */
struct outline_font {
	unsigned char *bytes;
	size_t size;
	uint32_t glyf, glyf_len, loca, loca_len, hmtx, hmtx_len, cmap4;
	unsigned units_per_em, n_glyphs, n_hmetrics;
	int long_loca;
};

/* Where the path goes; user is passed back. Coordinates are points. */
struct outline_sink {
	void (*move)(void *user, float x, float y);
	void (*line)(void *user, float x, float y);
	void (*curve)(void *user, float x1, float y1, float x2, float y2, float x3, float y3);
	void (*close)(void *user);
	void *user;
};

/* The path of a font file in the font directory: $CCSLA_FONT_DIR, else
 * Debian's DejaVu directory (fonts-dejavu-core). */
void outline_font_path(char *path, size_t size, const char *file);

/* Reads and checks the font. Returns 0, or -1 with err naming the file. On
 * success release with outline_font_release(). */
int outline_font_load(struct outline_font *f, const char *path, struct ccsla_error *err);
void outline_font_release(struct outline_font *f);

/* The font loaded once per process by file name in the font directory
 * (outline_font_path), kept until the process ends; NULL with err set. */
const struct outline_font *outline_font_shared(const char *file, struct ccsla_error *err);

/* Advance width of text at size_pt, in points. */
float outline_text_width(const struct outline_font *f, float size_pt, const char *text);

/* The outlines of text with its baseline starting at (x, y). Returns the
 * advance width in points. */
float outline_text(const struct outline_font *f, float size_pt, float x, float y, const char *text,
                   const struct outline_sink *sink);

#endif
