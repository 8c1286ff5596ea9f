/* pdftext.h -- the text drawn on a PDF's pages, in drawing order, as UTF-8.
 *
 * Enough of PDF 32000-1 (9.4, 9.10) to read back what our reports draw:
 * each page's /Contents (one stream or an array of them, FlateDecode) is
 * run through the text operators BT ET Tf Td TD Tm T* TL Tj TJ ' ", and
 * each string is decoded through its font's /ToUnicode CMap (bfchar,
 * bfrange; 1- or 2-byte codes as its codespacerange says). Our fonts draw
 * 2-byte codes that are BMP code points (reports/pdf/pdf_font.c).
 *
 * A run is the text shown between two text-positioning operators inside
 * one BT..ET (in our PDFs: one table cell line). Its position is the text
 * matrix's origin when it starts; the graphics state (cm) is not applied,
 * which our pages never use around text. TJ's kerning numbers are ignored.
 * This is no renderer: it keeps only what tells rows and columns apart.
 *
 * The file may come from anywhere: every count is bounded (pages, decoded
 * content, runs, text bytes, CMap entries, nesting) and any damage is an
 * error naming the page and the object, never a crash. Memory: one page's
 * decoded content at a time, the fonts' maps, and the runs kept. */
#ifndef CCSLA_PDFTEXT_H
#define CCSLA_PDFTEXT_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "pdfparse.h"

struct pdftext_run {
	uint32_t page;       /* 1-based, in page-tree order */
	float x, y;          /* text-space origin where the run starts (points) */
	float size;          /* font size (Tf) times the text matrix's vertical scale */
	char *text;          /* UTF-8, NUL-terminated, no control characters
	                        (U+FFFD for codes the CMap does not map); in the pool */
};

struct pdftext {
	struct pdftext_run *runs;
	size_t n, cap;
	uint32_t pages;      /* pages read */
	char *pool;          /* the runs' texts */
	size_t pool_len, pool_cap;
};

/* Reads the text of every page of d into t (cleared first). On error
 * fills err ("page 3 (object 26): ...") and leaves nothing to free. */
int pdftext_read(struct pdf_doc *d, struct pdftext *t, struct ccsla_error *err);
void pdftext_free(struct pdftext *t);

#endif
