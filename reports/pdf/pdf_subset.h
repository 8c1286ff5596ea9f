/* pdf_subset.h -- a TrueType font file cut down to the glyphs a document
 * draws, for embedding as FontFile2.
 *
 * libharu writes its subset while the file is saved, reading the font
 * through its memory stream a byte at a time (a fifth of a report's render
 * time) and deflating it at the default level. This builds the same tables
 * straight from the font file in memory: glyph outlines only for the kept
 * glyphs (and the glyphs their composite outlines use), an empty outline
 * and zero metrics for the others, glyph ids unchanged (the CIDToGIDMap
 * still applies), the other tables copied. Glyph ids index the outlines, so
 * a PDF reader needs nothing else from the file (PDF 32000-1, 9.9). */
#ifndef CCSLA_PDF_SUBSET_H
#define CCSLA_PDF_SUBSET_H

#include <stddef.h>
#include <stdint.h>

/* One bit per glyph id (65,536 of them). */
struct pdf_glyph_set {
	uint64_t bits[65536 / 64];
};

void pdf_glyph_set_add(struct pdf_glyph_set *set, unsigned gid);
int pdf_glyph_set_has(const struct pdf_glyph_set *set, unsigned gid);

/* Writes into *out (malloc'd; the caller frees it) the subset of the font
 * file font[0..size) with the glyphs of `keep`, glyph 0 (.notdef) and the
 * parts of composite glyphs; `keep` gains those. Returns 0, or -1 when the
 * file is not a TrueType font this can read (a table out of bounds, no
 * glyf/loca, a malformed composite glyph) or memory runs out. */
int pdf_subset_build(const unsigned char *font, size_t size, struct pdf_glyph_set *keep, unsigned char **out,
                     size_t *out_len);

#endif
