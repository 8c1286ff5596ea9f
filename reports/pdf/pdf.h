/* pdf.h -- a small layout layer over libharu: A4 pages with a header and a
 * "page n of N" footer, a text cursor that breaks pages, wrapped paragraphs,
 * tables (header row repeated after a page break, zebra rows, right-aligned
 * numbers, wrapped cells, verdict tones) and a DRAFT/REVISION watermark.
 *
 * Text is UTF-8 in DejaVu Sans (regular and bold, both embedded, with only
 * the characters drawn: pdf_font.h), so any client name renders and
 * extracts with pdftotext. Coordinates are PDF
 * points from the lower-left corner. Drawing errors are collected: the first
 * libharu error is kept and pdfw_save() fails with it. */
#ifndef CCSLA_PDF_H
#define CCSLA_PDF_H

#include <hpdf.h>
#include <stddef.h>

#include "core/error.h"
#include "outline.h"
#include "pdf_font.h"
#include "pdf_ops.h"

#define PDF_PAGE_W 595.276f
#define PDF_PAGE_H 841.89f
#define PDF_MARGIN 42.0f
#define PDF_CONTENT_W (PDF_PAGE_W - 2 * PDF_MARGIN)

enum pdfw_align { PDF_LEFT, PDF_RIGHT, PDF_CENTER };

/* How a table cell is shown. Tones other than PLAIN also change the text
 * weight or colour, so that they read in black and white as well. */
enum pdfw_tone {
	PDF_TONE_PLAIN,
	PDF_TONE_BOLD,   /* totals */
	PDF_TONE_GOOD,   /* verdict met: light green */
	PDF_TONE_WARN,   /* verdict missed: light amber */
	PDF_TONE_BAD,    /* default: light red, bold */
	PDF_TONE_MUTED,  /* not measurable, n/a: grey text */
};

struct pdfw_setup {
	const char *title, *author, *subject, *keywords; /* document info, UTF-8 */
	const char *header_left, *header_right;          /* every page, top */
	const char *footer_left;                         /* every page, bottom (report id) */
	const char *watermark;                           /* "DRAFT", "REVISION 2" or NULL */
	long long created_epoch_s;                       /* creation date; -1: none */
	float first_page_bottom;                         /* lowest y for flowing content on page 1 */
};

#define PDFW_MAX_STREAMED 4

struct pdfw_doc {
	HPDF_Doc hpdf;
	HPDF_Font regular, bold;
	HPDF_Page page;          /* current page */
	HPDF_Page *pages;        /* every page, for the footers drawn at save */
	struct pdf_ops *ops;     /* each page's content stream, written at save */
	struct pdf_ops *op;      /* the current page's */
	size_t n_pages, cap_pages;
	float y;                 /* cursor: top of the next block */
	float bottom;            /* lowest y for content on the current page */
	struct pdfw_setup setup;  /* strings are copied below */
	char header_left[256], header_right[256], footer_left[256], watermark[64];
	unsigned long hpdf_error, hpdf_detail; /* first libharu error, 0 if none */
	struct pdf_font_use used_regular, used_bold; /* code points drawn, per face */
	/* attachments whose bytes pdfw_save streams after libharu's output */
	struct { char path[4096]; unsigned long obj_id; } streamed[PDFW_MAX_STREAMED];
	size_t n_streamed;
	const struct outline_font *mark_font; /* the watermark's outlines (shared, not owned) */
};

/* Creates the document and loads the fonts. On failure everything is freed.
 * On success the caller frees with pdfw_close(). Font directory: the
 * environment variable CCSLA_FONT_DIR, else Debian's DejaVu directory. */
int pdfw_open(struct pdfw_doc *d, const struct pdfw_setup *s, struct ccsla_error *err);
void pdfw_close(struct pdfw_doc *d);

/* Attaches the file at path under its bare file name (no directory goes
 * into the PDF, so output stays reproducible wherever it was written).
 * Files are attached in ascending order of their bare names (strcmp): a
 * name tree is sorted and the pairs are appended as given, so another
 * order is refused (an error), never written unsorted. */
int pdfw_attach(struct pdfw_doc *d, const char *path, struct ccsla_error *err);
/* The same for a large file, stored as it is (no filter: a .gz is already
 * compressed): libharu would hold its bytes in memory twice, so the name
 * tree gets an empty stream object now, and pdfw_save appends one
 * incremental update that redefines that object with the file's bytes,
 * copied in 64 KiB pieces (memory independent of the file's size). */
int pdfw_attach_streamed(struct pdfw_doc *d, const char *path, struct ccsla_error *err);

/* Draws the footers ("page n of N") and writes the PDF atomically. */
int pdfw_save(struct pdfw_doc *d, const char *path, struct ccsla_error *err);

void pdfw_new_page(struct pdfw_doc *d);
/* Draws on page i (0-based) from now on, to fill in what was known only
 * later (a page number further on); the cursor stays. Back to the last
 * page with pdfw_select_page(d, d->n_pages - 1) before flowing on. */
void pdfw_select_page(struct pdfw_doc *d, size_t i);
/* Starts a new page unless h points fit above the bottom of this one. */
void pdfw_need(struct pdfw_doc *d, float h);
/* Moves the cursor down. */
void pdfw_skip(struct pdfw_doc *d, float h);

float pdfw_text_width(struct pdfw_doc *d, HPDF_Font f, float size, const char *text);
/* One line of text with its baseline at y; x is the left, right or centre
 * edge. A line that would cross a page margin is set smaller to fit. */
void pdfw_text(struct pdfw_doc *d, HPDF_Font f, float size, float x, float y,
              enum pdfw_align a, const char *text);
/* Section heading (level 1 or 2) at the cursor, wrapped over the content
 * width, kept with at least keep_pt of what follows. */
void pdfw_heading(struct pdfw_doc *d, int level, const char *text, float keep_pt);
/* Wrapped paragraph at the cursor over the content width, breaking pages. */
void pdfw_paragraph(struct pdfw_doc *d, HPDF_Font f, float size, const char *text);
/* Number of lines text takes when wrapped to width (at least 1). Writes the
 * byte offset where each line starts into starts (up to max_lines). A line
 * breaks at its last space; one with no space that fits breaks after its
 * last '-' ("AVAIL-" "VOICE"), and only a word without either inside it. */
size_t pdfw_wrap(struct pdfw_doc *d, HPDF_Font f, float size, const char *text,
                float width, size_t *starts, size_t *lens, size_t max_lines);

void pdfw_set_fill(struct pdfw_doc *d, float r, float g, float b);
void pdfw_set_stroke(struct pdfw_doc *d, float r, float g, float b);
void pdfw_rect(struct pdfw_doc *d, float x, float y, float w, float h, int fill, int stroke);
void pdfw_line(struct pdfw_doc *d, float x1, float y1, float x2, float y2, float width);
/* Path pieces for charts: line width, dash (on/off points; on 0: solid),
 * a polyline (move, line..., stroke) and a filled dot of radius r. */
void pdfw_set_line_width(struct pdfw_doc *d, float width);
void pdfw_set_dash(struct pdfw_doc *d, int on, int off);
void pdfw_move_to(struct pdfw_doc *d, float x, float y);
void pdfw_line_to(struct pdfw_doc *d, float x, float y);
void pdfw_stroke(struct pdfw_doc *d);
void pdfw_dot(struct pdfw_doc *d, float x, float y, float r);

struct pdfw_column {
	const char *title;
	float width;          /* points */
	enum pdfw_align align; /* PDF_RIGHT for numbers */
};

struct pdfw_table {
	const struct pdfw_column *cols;
	size_t n_cols;
	float size;           /* font size */
	size_t rows;          /* rows drawn so far, for the zebra */
};

/* Draws the header row at the cursor (after a page break if needed). */
void pdfw_table_begin(struct pdfw_doc *d, struct pdfw_table *t, const struct pdfw_column *cols,
                     size_t n_cols, float size);
/* One row; tones may be NULL. Cells wrap within their column; a row that
 * does not fit goes to a new page under a repeated header. */
void pdfw_table_row(struct pdfw_doc *d, struct pdfw_table *t, const char *const *cells,
                   const enum pdfw_tone *tones);
void pdfw_table_end(struct pdfw_doc *d, struct pdfw_table *t);

#endif
