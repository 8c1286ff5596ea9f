/* pdf.c -- the layout layer over libharu (see pdf.h). Pages are kept open
 * until pdfw_save() so that every footer can say "page n of N". */
#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_namedict.h>
#include <hpdf_pages.h>
#include <hpdf_catalog.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/fsutil.h"
#include "outline.h"
#include "pdf.h"
#include "pdf_flate.h"

#define FONT_DIR "/usr/share/fonts/truetype/dejavu"
#define HEADER_Y (PDF_PAGE_H - 28.0f)
#define CONTENT_TOP (PDF_PAGE_H - 52.0f)
#define FOOTER_Y 22.0f
#define CONTENT_BOTTOM 44.0f
#define CELL_PAD 3.0f

/* One libharu document serves every report of the process, one after the
 * other: HPDF_NewDoc keeps the parsed font definitions (cleaned of the
 * previous report's glyphs), so the two TrueType fonts are parsed once per
 * process instead of once per report (a tenth of `ccsla render`'s time).
 * Reports are made one at a time (pdfw_open fails while one is open). */
static struct {
	HPDF_Doc hpdf;
	const char *regular, *bold; /* font names registered in it */
	char font_dir[4096];        /* where they were read from */
	struct pdfw_doc *open;      /* the report being made, if any */
} shared;

static void on_error(HPDF_STATUS code, HPDF_STATUS detail, void *user)
{
	struct pdfw_doc *d = shared.open;

	(void)user;
	if (d && !d->hpdf_error) {
		d->hpdf_error = code;
		d->hpdf_detail = detail;
	}
}

static void shared_free(void)
{
	if (shared.hpdf)
		HPDF_Free(shared.hpdf);
	shared.hpdf = NULL;
	shared.regular = shared.bold = NULL;
	pdf_font_forget_widths();
}

static void copy(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src ? src : "");
}

static const char *font_dir(void)
{
	const char *dir = getenv("CCSLA_FONT_DIR");

	return dir && *dir ? dir : FONT_DIR;
}

static const char *load_font(struct pdfw_doc *d, const char *file, struct ccsla_error *err)
{
	char path[4096];

	snprintf(path, sizeof path, "%s/%s", font_dir(), file);
	return pdf_font_load(d->hpdf, path, err);
}

int pdfw_open(struct pdfw_doc *d, const struct pdfw_setup *s, struct ccsla_error *err)
{
	static int registered; /* shared_free with atexit */
	const char *r, *b;

	memset(d, 0, sizeof *d);
	d->setup = *s;
	copy(d->header_left, sizeof d->header_left, s->header_left);
	copy(d->header_right, sizeof d->header_right, s->header_right);
	copy(d->footer_left, sizeof d->footer_left, s->footer_left);
	copy(d->watermark, sizeof d->watermark, s->watermark);
	if (shared.open)
		return ccsla_error_set(err, NULL, 0, NULL, "cannot create a pdf document: another one is open");
	shared.open = d;
	if (shared.hpdf && strcmp(shared.font_dir, font_dir()) != 0)
		shared_free(); /* CCSLA_FONT_DIR changed: read the fonts there */
	if (!shared.hpdf) {
		if (!(shared.hpdf = HPDF_New(on_error, NULL))) {
			shared.open = NULL;
			return ccsla_error_set(err, NULL, 0, NULL, "cannot create a pdf document: out of memory");
		}
		d->hpdf = shared.hpdf;
		HPDF_UseUTFEncodings(d->hpdf);
		if (!(r = load_font(d, "DejaVuSans.ttf", err)) || !(b = load_font(d, "DejaVuSans-Bold.ttf", err))) {
			pdfw_close(d);
			shared_free();
			return -1;
		}
		shared.regular = r;
		shared.bold = b;
		snprintf(shared.font_dir, sizeof shared.font_dir, "%s", font_dir());
		if (!registered) {
			atexit(shared_free);
			registered = 1;
		}
	} else if (HPDF_NewDoc(shared.hpdf) != HPDF_OK) {
		shared.open = NULL;
		shared_free();
		return ccsla_error_set(err, NULL, 0, NULL, "cannot create a pdf document: out of memory");
	}
	d->hpdf = shared.hpdf;
	HPDF_SetCompressionMode(d->hpdf, HPDF_COMP_ALL);
	HPDF_SetCurrentEncoder(d->hpdf, "UTF-8");
	if (d->watermark[0] && !(d->mark_font = outline_font_shared("DejaVuSans-Bold.ttf", err))) {
		pdfw_close(d);
		return -1;
	}
	d->regular = pdf_font_get(d->hpdf, shared.regular);
	d->bold = pdf_font_get(d->hpdf, shared.bold);
	if (!d->regular || !d->bold || d->hpdf_error) {
		ccsla_error_set(err, FONT_DIR "/DejaVuSans.ttf", 0, NULL,
		                "cannot set up the DejaVu Sans fonts (libharu error 0x%04lx)", d->hpdf_error);
		pdfw_close(d);
		return -1;
	}
	if (s->title)
		HPDF_SetInfoAttr(d->hpdf, HPDF_INFO_TITLE, s->title);
	if (s->author)
		HPDF_SetInfoAttr(d->hpdf, HPDF_INFO_AUTHOR, s->author);
	if (s->subject)
		HPDF_SetInfoAttr(d->hpdf, HPDF_INFO_SUBJECT, s->subject);
	if (s->keywords)
		HPDF_SetInfoAttr(d->hpdf, HPDF_INFO_KEYWORDS, s->keywords);
	HPDF_SetInfoAttr(d->hpdf, HPDF_INFO_CREATOR, "ccsla");
	if (s->created_epoch_s >= 0) {
		time_t t = (time_t)s->created_epoch_s;
		struct tm tm;
		HPDF_Date date;

		gmtime_r(&t, &tm);
		memset(&date, 0, sizeof date);
		date.year = tm.tm_year + 1900;
		date.month = tm.tm_mon + 1;
		date.day = tm.tm_mday;
		date.hour = tm.tm_hour;
		date.minutes = tm.tm_min;
		date.seconds = tm.tm_sec;
		date.ind = 'Z';
		HPDF_SetInfoDateAttr(d->hpdf, HPDF_INFO_CREATION_DATE, date);
		HPDF_SetInfoDateAttr(d->hpdf, HPDF_INFO_MOD_DATE, date);
	}
	pdfw_new_page(d);
	return 0;
}

void pdfw_close(struct pdfw_doc *d)
{
	size_t i;

	/* The document's objects go; the shared font definitions stay. */
	if (d->hpdf)
		HPDF_FreeDoc(d->hpdf);
	if (shared.open == d)
		shared.open = NULL;
	for (i = 0; d->ops && i < d->n_pages; i++)
		pdf_ops_free(&d->ops[i]);
	free(d->pages);
	free(d->ops);
	d->hpdf = NULL;
	d->pages = NULL;
	d->ops = NULL;
	d->op = NULL;
}

/* The EmbeddedFiles name tree of the document, made on first use. */
static HPDF_NameTree files_tree(HPDF_Doc p)
{
	HPDF_NameDict names;
	HPDF_NameTree tree;

	if (!(names = HPDF_Catalog_GetNames(p->catalog))) {
		names = HPDF_NameDict_New(p->mmgr, p->xref);
		if (!names || HPDF_Catalog_SetNames(p->catalog, names) != HPDF_OK)
			return NULL;
	}
	if (!(tree = HPDF_NameDict_GetNameTree(names, HPDF_NAME_EMBEDDED_FILES))) {
		tree = HPDF_NameTree_New(p->mmgr, p->xref);
		if (!tree || HPDF_NameDict_SetNameTree(names, HPDF_NAME_EMBEDDED_FILES, tree) != HPDF_OK)
			return NULL;
	}
	return tree;
}

/* Appends (name, file specification) to the tree's /Names array directly:
 * libharu 2.3's HPDF_NameTree_Add scrambles the pairs from the fourth name
 * on (keys without values), so callers attach in name order instead; a
 * name not after the last one is refused (-1), as a name tree's keys must
 * be sorted (ISO 32000-1, 7.9.6). */
static int tree_append(HPDF_Doc p, HPDF_NameTree tree, const char *name, HPDF_Dict filespec)
{
	HPDF_Array arr = HPDF_Dict_GetItem(tree, "Names", HPDF_OCLASS_ARRAY);
	HPDF_UINT n;

	if (!arr)
		return -1;
	n = HPDF_Array_Items(arr);
	if (n >= 2) {
		HPDF_String last = HPDF_Array_GetItem(arr, n - 2, HPDF_OCLASS_STRING);

		if (!last || strcmp((const char *)last->value, name) >= 0)
			return -1;
	}
	return HPDF_Array_Add(arr, HPDF_String_New(p->mmgr, name, NULL)) == HPDF_OK &&
	       HPDF_Array_Add(arr, filespec) == HPDF_OK ? 0 : -1;
}

int pdfw_attach(struct pdfw_doc *d, const char *path, struct ccsla_error *err)
{
	HPDF_Doc p = d->hpdf;
	HPDF_NameTree tree;
	HPDF_Dict spec, ef_dict, stream, params;
	const char *base = strrchr(path, '/');
	char *data;
	size_t len;
	unsigned long st = 0;

	base = base ? base + 1 : path;
	/* the attached files are the report's own small exports; the large
	 * ones are streamed by pdfw_attach_streamed() */
	if (read_file(path, &data, &len, err) < 0)
		return -1;
	/* The file specification and embedded file stream (PDF 32000-1,
	 * 7.11.3-4) built here: libharu's own names the file by the whole path,
	 * types the specification /F instead of /Filespec and deflates at the
	 * default level. */
	if (!(tree = files_tree(p)) || !(spec = HPDF_Dict_New(p->mmgr)) || HPDF_Xref_Add(p->xref, spec) != HPDF_OK ||
	    !(stream = HPDF_DictStream_New(p->mmgr, p->xref)) || !(ef_dict = HPDF_Dict_New(p->mmgr)) ||
	    !(params = HPDF_Dict_New(p->mmgr)) || HPDF_Dict_AddName(spec, "Type", "Filespec") != HPDF_OK ||
	    HPDF_Dict_Add(spec, "F", HPDF_String_New(p->mmgr, base, NULL)) != HPDF_OK ||
	    HPDF_Dict_Add(spec, "EF", ef_dict) != HPDF_OK || HPDF_Dict_Add(ef_dict, "F", stream) != HPDF_OK ||
	    HPDF_Dict_AddName(stream, "Type", "EmbeddedFile") != HPDF_OK ||
	    HPDF_Dict_AddNumber(params, "Size", (HPDF_INT32)len) != HPDF_OK ||
	    HPDF_Dict_Add(stream, "Params", params) != HPDF_OK || (st = pdf_flate_set(stream, data, len)) != 0 ||
	    tree_append(p, tree, base, spec) < 0) {
		free(data);
		return ccsla_error_set(err, path, 0, NULL, "cannot attach the file (libharu error 0x%04lx, or not in name order)",
		                       d->hpdf_error ? d->hpdf_error : st);
	}
	free(data);
	return 0;
}

int pdfw_attach_streamed(struct pdfw_doc *d, const char *path, struct ccsla_error *err)
{
	HPDF_Doc p = d->hpdf;
	HPDF_NameTree tree;
	HPDF_Dict spec, ef_dict;
	HPDF_Dict stream;
	const char *base = strrchr(path, '/');
	FILE *fp;

	base = base ? base + 1 : path;
	if (d->n_streamed >= PDFW_MAX_STREAMED)
		return ccsla_error_set(err, path, 0, NULL, "too many streamed attachments");
	if (!(fp = fopen(path, "rb")))
		return ccsla_error_set(err, path, 0, NULL, "cannot open the file to attach");
	fclose(fp);
	/* the file specification as HPDF_EmbeddedFile_New makes it, with an
	 * empty stream that the incremental update replaces */
	if (!(tree = files_tree(p)) || !(spec = HPDF_Dict_New(p->mmgr)) || HPDF_Xref_Add(p->xref, spec) != HPDF_OK ||
	    !(stream = HPDF_DictStream_New(p->mmgr, p->xref)) || !(ef_dict = HPDF_Dict_New(p->mmgr)) ||
	    HPDF_Dict_AddName(spec, "Type", "Filespec") != HPDF_OK ||
	    HPDF_Dict_Add(spec, "F", HPDF_String_New(p->mmgr, base, NULL)) != HPDF_OK ||
	    HPDF_Dict_Add(spec, "EF", ef_dict) != HPDF_OK || HPDF_Dict_Add(ef_dict, "F", stream) != HPDF_OK ||
	    tree_append(p, tree, base, spec) < 0)
		return ccsla_error_set(err, path, 0, NULL, "cannot attach the file (libharu error 0x%04lx, or not in name order)",
		                       d->hpdf_error);
	snprintf(d->streamed[d->n_streamed].path, sizeof d->streamed[0].path, "%s", path);
	d->streamed[d->n_streamed].obj_id = stream->header.obj_id & 0x00FFFFFF;
	d->n_streamed++;
	return 0;
}

/* The watermark's outlines as PDF path operators, built once per document
 * (the same on every page) and copied into each page's content stream. */
struct mark_path {
	char *p;
	size_t len, cap;
	int oom;
};

static void mark_put(struct mark_path *m, const char *fmt, const float *v, int n)
{
	char t[160];
	int len;

	switch (n) {
	case 0: len = snprintf(t, sizeof t, "%s", fmt); break;
	case 2: len = snprintf(t, sizeof t, fmt, (double)v[0], (double)v[1]); break;
	default:
		len = snprintf(t, sizeof t, fmt, (double)v[0], (double)v[1], (double)v[2], (double)v[3], (double)v[4],
		               (double)v[5]);
		break;
	}
	if (m->oom || len < 0 || (size_t)len >= sizeof t) {
		m->oom = 1;
		return;
	}
	if (m->cap - m->len < (size_t)len) {
		size_t cap = m->cap ? 2 * m->cap : 8192;
		char *np;

		while (cap - m->len < (size_t)len)
			cap *= 2;
		if (!(np = realloc(m->p, cap))) {
			m->oom = 1;
			return;
		}
		m->p = np;
		m->cap = cap;
	}
	memcpy(m->p + m->len, t, (size_t)len);
	m->len += (size_t)len;
}

static void mark_move(void *m, float x, float y)
{
	float v[2] = { x, y };

	mark_put(m, "%.2f %.2f m\n", v, 2);
}

static void mark_line(void *m, float x, float y)
{
	float v[2] = { x, y };

	mark_put(m, "%.2f %.2f l\n", v, 2);
}

static void mark_curve(void *m, float x1, float y1, float x2, float y2, float x3, float y3)
{
	float v[6] = { x1, y1, x2, y2, x3, y3 };

	mark_put(m, "%.2f %.2f %.2f %.2f %.2f %.2f c\n", v, 6);
}

static void mark_close(void *m)
{
	mark_put(m, "h\n", NULL, 0);
}

/* The watermark text's outlines at size_pt from the origin, ending with the
 * fill. Returns 0, or -1 when out of memory (m->p is freed by the caller). */
static int mark_path_build(struct mark_path *m, const struct outline_font *f, float size_pt, const char *text)
{
	struct outline_sink sink = { mark_move, mark_line, mark_curve, mark_close, m };

	outline_text(f, size_pt, 0, 0, text, &sink);
	mark_put(m, "f\n", NULL, 0);
	return m->oom ? -1 : 0;
}

/* The watermark goes over the content, half transparent, so that no table
 * background can hide it. It is drawn as glyph outlines, not text, so that
 * text extraction (pdftotext, copy and paste, screen readers) never mixes
 * its letters into the page's words. The path is written into the page's
 * content stream as it is: it begins and ends outside any path or text
 * object, where libharu's graphics mode expects the page to be. */
static void draw_watermark(struct pdfw_doc *d, HPDF_ExtGState gs, const struct mark_path *path, float size,
                           float w)
{
	pdf_ops_save(d->op);
	if (gs) {
		const char *name = HPDF_Page_GetExtGStateName(d->page, gs);

		if (name)
			pdf_ops_gstate(d->op, name);
		else if (!d->hpdf_error)
			d->hpdf_error = HPDF_GetError(d->hpdf) ? HPDF_GetError(d->hpdf) : HPDF_FAILD_TO_ALLOC_MEM;
	}
	pdf_ops_fill(d->op, 0.55f, 0.55f, 0.55f);
	/* 45 degrees about the page centre */
	pdf_ops_concat(d->op, 0.7071f, 0.7071f, -0.7071f, 0.7071f,
	               PDF_PAGE_W / 2 - 0.7071f * w / 2 + 0.7071f * size / 3,
	               PDF_PAGE_H / 2 - 0.7071f * w / 2 - 0.7071f * size / 3);
	pdf_ops_raw(d->op, path->p, path->len);
	pdf_ops_restore(d->op);
}

static void draw_page_frame(struct pdfw_doc *d)
{
	pdfw_set_fill(d, 0.25f, 0.25f, 0.25f);
	pdfw_text(d, d->bold, 8.5f, PDF_MARGIN, HEADER_Y, PDF_LEFT, d->header_left);
	pdfw_text(d, d->regular, 8.5f, PDF_PAGE_W - PDF_MARGIN, HEADER_Y, PDF_RIGHT, d->header_right);
	pdfw_set_stroke(d, 0.55f, 0.55f, 0.55f);
	pdfw_line(d, PDF_MARGIN, HEADER_Y - 6, PDF_PAGE_W - PDF_MARGIN, HEADER_Y - 6, 0.5f);
	pdfw_set_fill(d, 0, 0, 0);
	pdfw_set_stroke(d, 0, 0, 0);
}

void pdfw_new_page(struct pdfw_doc *d)
{
	if (d->n_pages == d->cap_pages) {
		size_t cap = d->cap_pages ? 2 * d->cap_pages : 16;
		HPDF_Page *p = realloc(d->pages, cap * sizeof *p);
		struct pdf_ops *o;

		if (p)
			d->pages = p;
		if (!p || !(o = realloc(d->ops, cap * sizeof *o))) {
			d->hpdf_error = HPDF_FAILD_TO_ALLOC_MEM;
			return;
		}
		d->ops = o;
		d->cap_pages = cap;
	}
	d->page = HPDF_AddPage(d->hpdf);
	HPDF_Page_SetSize(d->page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
	/* pdf_ops writes and compresses the page's content itself */
	((HPDF_PageAttr)d->page->attr)->contents->filter = HPDF_STREAM_FILTER_NONE;
	d->op = &d->ops[d->n_pages];
	pdf_ops_init(d->op);
	d->pages[d->n_pages++] = d->page;
	d->y = CONTENT_TOP;
	d->bottom = d->n_pages == 1 && d->setup.first_page_bottom > CONTENT_BOTTOM
	          ? d->setup.first_page_bottom : CONTENT_BOTTOM;
	draw_page_frame(d);
}

void pdfw_select_page(struct pdfw_doc *d, size_t i)
{
	if (i >= d->n_pages)
		return;
	d->page = d->pages[i];
	d->op = &d->ops[i];
}

void pdfw_need(struct pdfw_doc *d, float h)
{
	if (d->y - h < d->bottom)
		pdfw_new_page(d);
}

void pdfw_skip(struct pdfw_doc *d, float h)
{
	d->y -= h;
}

float pdfw_text_width(struct pdfw_doc *d, HPDF_Font f, float size, const char *text)
{
	(void)d;
	if (!text || !*text)
		return 0;
	return (float)pdf_font_text_width(f, text, strlen(text)) * size / 1000.0f;
}

static float width_n(HPDF_Font f, float size, const char *text, size_t n)
{
	if (!n)
		return 0;
	return (float)pdf_font_text_width(f, text, n) * size / 1000.0f;
}

void pdfw_text(struct pdfw_doc *d, HPDF_Font f, float size, float x, float y,
              enum pdfw_align a, const char *text)
{
	const char *name;
	float w, room;

	if (!text || !*text)
		return;
	/* Nothing is drawn past the margins: a line wider than the room
	 * between its anchor and the margin(s) is set smaller to fit. Text
	 * that can be long is wrapped by its caller (pdfw_paragraph,
	 * pdfw_heading, table cells); this keeps the rest on the page. */
	room = a == PDF_LEFT ? PDF_PAGE_W - PDF_MARGIN - x
	     : a == PDF_RIGHT ? x - PDF_MARGIN
	     : 2 * (x - PDF_MARGIN < PDF_PAGE_W - PDF_MARGIN - x ? x - PDF_MARGIN : PDF_PAGE_W - PDF_MARGIN - x);
	/* Left-aligned text need not be measured when even at one em per
	 * byte (no DejaVu Sans glyph is wider per byte of its UTF-8) it fits:
	 * most cells and labels. */
	w = a == PDF_LEFT && (float)strlen(text) * size <= room ? 0 : pdfw_text_width(d, f, size, text);
	if (w > room && room > 0) {
		size *= room / w;
		w = room;
	}
	if (a == PDF_RIGHT)
		x -= w;
	else if (a == PDF_CENTER)
		x -= w / 2;
	if (!d->op)
		return;
	if (!(name = HPDF_Page_GetLocalFontName(d->page, f))) {
		if (!d->hpdf_error)
			d->hpdf_error = HPDF_GetError(d->hpdf) ? HPDF_GetError(d->hpdf) : HPDF_FAILD_TO_ALLOC_MEM;
		return;
	}
	pdf_font_note(f == d->bold ? &d->used_bold : &d->used_regular, text);
	pdf_ops_text(d->op, name, size, x, y, text);
}

/* Length of the UTF-8 sequence that starts with byte c. */
static size_t utf8_len(unsigned char c)
{
	return c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
}

size_t pdfw_wrap(struct pdfw_doc *d, HPDF_Font f, float size, const char *text,
                float width, size_t *starts, size_t *lens, size_t max_lines)
{
	size_t n = 0, pos = 0, len = text ? strlen(text) : 0;

	(void)d;
	while (n < max_lines) {
		size_t end = pos, fit = 0, brk = 0, hyphen = 0, next;
		float used = 0;

		while (pos < len && text[pos] == ' ')
			pos++;
		/* take characters while they fit; remember the last space. Widths
		 * add up character by character (libharu applies no kerning), so
		 * a line costs one measurement per character. */
		end = pos;
		while (end < len && text[end] != '\n') {
			size_t step = utf8_len((unsigned char)text[end]);
			float w;

			if (end + step > len)
				step = len - end;
			w = width_n(f, size, text + end, step);
			if (used + w > width)
				break;
			used += w;
			end += step;
			if (text[end] == ' ' || end == len)
				brk = end;
			else if (text[end - 1] == '-' && end - 1 > pos)
				hyphen = end;
			fit = end;
		}
		if (end < len && text[end] != '\n' && brk > pos)
			fit = brk; /* break at the last space */
		else if (end < len && text[end] != '\n' && hyphen > pos)
			fit = hyphen; /* no space: after the last '-' ("AVAIL-" "VOICE"), not inside a word */
		if (fit == pos && pos < len && text[pos] != '\n')
			fit = pos + utf8_len((unsigned char)text[pos]); /* one wide character */
		starts[n] = pos;
		lens[n] = fit - pos;
		n++;
		next = fit;
		if (next < len && text[next] == '\n')
			next++;
		if (next >= len)
			break;
		pos = next;
	}
	return n ? n : 1;
}

/* A heading wraps over the content width like a paragraph (a long SLA
 * title or client name must not run off the page), its lines kept
 * together with keep_pt of what follows. */
void pdfw_heading(struct pdfw_doc *d, int level, const char *text, float keep_pt)
{
	float size = level == 1 ? 14.0f : 11.0f;
	float before = level == 1 ? 14.0f : 9.0f, lead = size * 1.25f;
	size_t starts[8], lens[8], n, i;
	char line[512];

	if (!text)
		text = "";
	n = pdfw_wrap(d, d->bold, size, text, PDF_CONTENT_W, starts, lens, 8);
	if (d->y < CONTENT_TOP - 1)
		d->y -= before;
	pdfw_need(d, size + (float)(n - 1) * lead + 8 + keep_pt);
	pdfw_set_fill(d, 0.10f, 0.22f, 0.40f);
	for (i = 0; i < n; i++) {
		size_t l = lens[i] < sizeof line - 1 ? lens[i] : sizeof line - 1;

		d->y -= i ? lead : size;
		memcpy(line, text + starts[i], l);
		line[l] = '\0';
		pdfw_text(d, d->bold, size, PDF_MARGIN, d->y, PDF_LEFT, line);
	}
	pdfw_set_fill(d, 0, 0, 0);
	if (level == 1) {
		pdfw_set_stroke(d, 0.10f, 0.22f, 0.40f);
		pdfw_line(d, PDF_MARGIN, d->y - 4, PDF_PAGE_W - PDF_MARGIN, d->y - 4, 0.8f);
		pdfw_set_stroke(d, 0, 0, 0);
		d->y -= 6;
	}
	d->y -= 6;
}

void pdfw_paragraph(struct pdfw_doc *d, HPDF_Font f, float size, const char *text)
{
	size_t starts[256], lens[256], n, i;
	float lead = size * 1.35f;
	char line[1024];

	n = pdfw_wrap(d, f, size, text, PDF_CONTENT_W, starts, lens, 256);
	for (i = 0; i < n; i++) {
		size_t l = lens[i] < sizeof line - 1 ? lens[i] : sizeof line - 1;

		pdfw_need(d, lead);
		d->y -= lead;
		memcpy(line, text + starts[i], l);
		line[l] = '\0';
		pdfw_text(d, f, size, PDF_MARGIN, d->y + lead - size, PDF_LEFT, line);
	}
	d->y -= size * 0.5f;
}

void pdfw_set_fill(struct pdfw_doc *d, float r, float g, float b)
{
	if (d->op)
		pdf_ops_fill(d->op, r, g, b);
}

void pdfw_set_stroke(struct pdfw_doc *d, float r, float g, float b)
{
	if (d->op)
		pdf_ops_stroke(d->op, r, g, b);
}

void pdfw_rect(struct pdfw_doc *d, float x, float y, float w, float h, int fill, int stroke)
{
	if (!d->op)
		return;
	pdf_ops_rect(d->op, x, y, w, h);
	pdf_ops_paint(d->op, fill && stroke ? "B" : fill ? "f" : "S");
}

void pdfw_line(struct pdfw_doc *d, float x1, float y1, float x2, float y2, float width)
{
	if (!d->op)
		return;
	pdf_ops_line_width(d->op, width);
	pdf_ops_move(d->op, x1, y1);
	pdf_ops_line(d->op, x2, y2);
	pdf_ops_paint(d->op, "S");
}

void pdfw_set_line_width(struct pdfw_doc *d, float width)
{
	if (d->op)
		pdf_ops_line_width(d->op, width);
}

void pdfw_set_dash(struct pdfw_doc *d, int on, int off)
{
	if (d->op)
		pdf_ops_dash(d->op, on, off);
}

void pdfw_move_to(struct pdfw_doc *d, float x, float y)
{
	if (d->op)
		pdf_ops_move(d->op, x, y);
}

void pdfw_line_to(struct pdfw_doc *d, float x, float y)
{
	if (d->op)
		pdf_ops_line(d->op, x, y);
}

void pdfw_stroke(struct pdfw_doc *d)
{
	if (d->op)
		pdf_ops_paint(d->op, "S");
}

void pdfw_dot(struct pdfw_doc *d, float x, float y, float r)
{
	if (!d->op)
		return;
	pdf_ops_circle(d->op, x, y, r);
	pdf_ops_paint(d->op, "f");
}

/* ---- tables ---- */

#define MAX_CELL_LINES 8

static float table_width(const struct pdfw_table *t)
{
	float w = 0;
	size_t i;

	for (i = 0; i < t->n_cols; i++)
		w += t->cols[i].width;
	return w;
}

static float line_height(const struct pdfw_table *t)
{
	return t->size * 1.3f;
}

/* Draws one row of cells at the cursor; fills from bg when not NULL. */
static void draw_cells(struct pdfw_doc *d, const struct pdfw_table *t, const char *const *cells,
                       const enum pdfw_tone *tones, int header, float row_h)
{
	float x = PDF_MARGIN, top = d->y;
	size_t c;

	for (c = 0; c < t->n_cols; c++) {
		const struct pdfw_column *col = &t->cols[c];
		enum pdfw_tone tone = tones ? tones[c] : PDF_TONE_PLAIN;
		HPDF_Font f = header || tone == PDF_TONE_BOLD || tone == PDF_TONE_BAD ? d->bold : d->regular;
		const char *text = cells[c] ? cells[c] : "";
		size_t starts[MAX_CELL_LINES], lens[MAX_CELL_LINES], n, i;
		float inner = col->width - 2 * CELL_PAD;

		if (tone == PDF_TONE_GOOD || tone == PDF_TONE_WARN || tone == PDF_TONE_BAD) {
			if (tone == PDF_TONE_GOOD)
				pdfw_set_fill(d, 0.85f, 0.94f, 0.86f);
			else if (tone == PDF_TONE_WARN)
				pdfw_set_fill(d, 0.99f, 0.92f, 0.78f);
			else
				pdfw_set_fill(d, 0.97f, 0.82f, 0.82f);
			pdfw_rect(d, x, top - row_h, col->width, row_h, 1, 0);
		}
		if (header)
			pdfw_set_fill(d, 1, 1, 1);
		else if (tone == PDF_TONE_MUTED)
			pdfw_set_fill(d, 0.42f, 0.42f, 0.42f);
		else
			pdfw_set_fill(d, 0, 0, 0);
		n = pdfw_wrap(d, f, t->size, text, inner, starts, lens, MAX_CELL_LINES);
		for (i = 0; i < n; i++) {
			char line[512];
			size_t l = lens[i] < sizeof line - 1 ? lens[i] : sizeof line - 1;
			float bx = col->align == PDF_RIGHT ? x + col->width - CELL_PAD
			         : col->align == PDF_CENTER ? x + col->width / 2 : x + CELL_PAD;

			memcpy(line, text + starts[i], l);
			line[l] = '\0';
			pdfw_text(d, f, t->size, bx, top - CELL_PAD - t->size * 0.95f - i * line_height(t),
			         col->align, line);
		}
		x += col->width;
	}
	pdfw_set_fill(d, 0, 0, 0);
}

static float row_height(struct pdfw_doc *d, const struct pdfw_table *t, const char *const *cells,
                        const enum pdfw_tone *tones, int header)
{
	size_t c, lines = 1;

	for (c = 0; c < t->n_cols; c++) {
		size_t starts[MAX_CELL_LINES], lens[MAX_CELL_LINES], n;
		int bold = header || (tones && (tones[c] == PDF_TONE_BOLD || tones[c] == PDF_TONE_BAD));

		n = pdfw_wrap(d, bold ? d->bold : d->regular, t->size, cells[c] ? cells[c] : "",
		             t->cols[c].width - 2 * CELL_PAD, starts, lens, MAX_CELL_LINES);
		if (n > lines)
			lines = n;
	}
	return (float)lines * line_height(t) + 2 * CELL_PAD - (line_height(t) - t->size) + 2.0f;
}

static void draw_header(struct pdfw_doc *d, struct pdfw_table *t)
{
	const char *titles[32];
	size_t c;
	float h;

	for (c = 0; c < t->n_cols && c < 32; c++)
		titles[c] = t->cols[c].title;
	h = row_height(d, t, titles, NULL, 1);
	pdfw_set_fill(d, 0.20f, 0.30f, 0.45f);
	pdfw_rect(d, PDF_MARGIN, d->y - h, table_width(t), h, 1, 0);
	draw_cells(d, t, titles, NULL, 1, h);
	d->y -= h;
	t->rows = 0;
}

void pdfw_table_begin(struct pdfw_doc *d, struct pdfw_table *t, const struct pdfw_column *cols,
                     size_t n_cols, float size)
{
	const char *titles[32];
	size_t c;

	t->cols = cols;
	t->n_cols = n_cols < 32 ? n_cols : 32;
	t->size = size;
	t->rows = 0;
	for (c = 0; c < t->n_cols; c++)
		titles[c] = cols[c].title;
	/* keep the header with at least one row */
	pdfw_need(d, 2 * row_height(d, t, titles, NULL, 1) + 2);
	draw_header(d, t);
}

void pdfw_table_row(struct pdfw_doc *d, struct pdfw_table *t, const char *const *cells,
                   const enum pdfw_tone *tones)
{
	float h = row_height(d, t, cells, tones, 0);

	if (d->y - h < d->bottom) {
		pdfw_new_page(d);
		draw_header(d, t);
	}
	if (t->rows % 2 == 1) {
		pdfw_set_fill(d, 0.945f, 0.95f, 0.96f);
		pdfw_rect(d, PDF_MARGIN, d->y - h, table_width(t), h, 1, 0);
	}
	draw_cells(d, t, cells, tones, 0, h);
	d->y -= h;
	t->rows++;
}

void pdfw_table_end(struct pdfw_doc *d, struct pdfw_table *t)
{
	pdfw_set_stroke(d, 0.20f, 0.30f, 0.45f);
	pdfw_line(d, PDF_MARGIN, d->y, PDF_MARGIN + table_width(t), d->y, 0.6f);
	pdfw_set_stroke(d, 0, 0, 0);
	d->y -= 8;
}

/* ---- saving ---- */

/* The last bytes libharu wrote: its trailer, xref offset and %%EOF. */
#define PDF_TAIL 2048

static void keep_tail(char *tail, size_t *len, const unsigned char *data, size_t n)
{
	if (n >= PDF_TAIL) {
		memcpy(tail, data + n - PDF_TAIL, PDF_TAIL);
		*len = PDF_TAIL;
		return;
	}
	if (*len + n > PDF_TAIL) {
		size_t drop = *len + n - PDF_TAIL;

		memmove(tail, tail + drop, *len - drop);
		*len -= drop;
	}
	memcpy(tail + *len, data, n);
	*len += n;
}

/* The last occurrence of word in tail[0..len), or NULL. */
static const char *last_of(const char *tail, size_t len, const char *word)
{
	size_t w = strlen(word), i;

	for (i = len >= w ? len - w + 1 : 0; i-- > 0;)
		if (!memcmp(tail + i, word, w))
			return tail + i;
	return NULL;
}

/* One incremental update after libharu's file (PDF 32000-1 7.5.6): each
 * streamed attachment's object again, now with the file's bytes, copied
 * in pieces; an xref section for those objects; the trailer libharu wrote
 * with /Prev pointing at its xref. */
static int append_streamed(struct pdfw_doc *d, FILE *out, const char *tail, size_t tail_len, const char *path,
                           struct ccsla_error *err)
{
	const char *sx = last_of(tail, tail_len, "startxref"), *tr = last_of(tail, tail_len, "trailer");
	const char *open_dict, *close_dict;
	long offsets[PDFW_MAX_STREAMED], xref_at;
	unsigned long long prev;
	unsigned char buf[65536];
	size_t i, n;

	if (!sx || !tr || tr > sx || sscanf(sx + 9, "%llu", &prev) != 1 ||
	    !(open_dict = strstr(tr, "<<")) || open_dict > sx || !(close_dict = last_of(tr, (size_t)(sx - tr), ">>")))
		return ccsla_error_set(err, path, 0, NULL, "cannot find libharu's trailer to append the attachments");
	for (i = 0; i < d->n_streamed; i++) {
		FILE *in = fopen(d->streamed[i].path, "rb");
		long size;

		if (!in)
			return ccsla_error_set(err, d->streamed[i].path, 0, NULL, "cannot open the file to attach");
		if (fseek(in, 0, SEEK_END) != 0 || (size = ftell(in)) < 0 || fseek(in, 0, SEEK_SET) != 0) {
			fclose(in);
			return ccsla_error_set(err, d->streamed[i].path, 0, NULL, "cannot size the file to attach");
		}
		offsets[i] = ftell(out);
		fprintf(out, "%lu 0 obj\n<<\n/Type /EmbeddedFile\n/Length %ld\n/Params << /Size %ld >>\n>>\nstream\n",
		        d->streamed[i].obj_id, size, size);
		while ((n = fread(buf, 1, sizeof buf, in)) > 0 && size >= 0) {
			if (fwrite(buf, 1, n, out) != n)
				break;
			size -= (long)n;
		}
		if (ferror(in) || size != 0) {
			fclose(in);
			return ccsla_error_set(err, d->streamed[i].path, 0, NULL,
			                       "cannot copy the file into the pdf (changed or unreadable while read)");
		}
		fclose(in);
		fputs("\nendstream\nendobj\n", out);
	}
	xref_at = ftell(out);
	fputs("xref\n0 1\n0000000000 65535 f\r\n", out);
	for (i = 0; i < d->n_streamed; i++)
		fprintf(out, "%lu 1\n%010ld 00000 n\r\n", d->streamed[i].obj_id, offsets[i]);
	fprintf(out, "trailer\n<<\n/Prev %llu%.*s>>\nstartxref\n%ld\n%%%%EOF\n", prev, (int)(close_dict - open_dict - 2),
	        open_dict + 2, xref_at);
	if (ferror(out))
		return ccsla_error_set(err, path, 0, NULL, "cannot write: i/o error");
	return 0;
}

/* Where libharu's writer puts the file: the open temporary file, and the
 * last PDF_TAIL bytes for the streamed attachments' incremental update.
 * libharu's writes are often a few bytes each: they are gathered in buf. */
struct save_sink {
	FILE *fp;
	char *tail;
	size_t *tail_len;
	int short_write;
	size_t used;
	unsigned char buf[65536];
};

static int save_flush(struct save_sink *sink)
{
	if (sink->used && fwrite(sink->buf, 1, sink->used, sink->fp) != sink->used)
		sink->short_write = 1;
	keep_tail(sink->tail, sink->tail_len, sink->buf, sink->used);
	sink->used = 0;
	return sink->short_write ? -1 : 0;
}

static HPDF_STATUS save_write(HPDF_Stream stream, const HPDF_BYTE *ptr, HPDF_UINT siz)
{
	struct save_sink *sink = stream->attr;

	while (siz) {
		size_t n = sizeof sink->buf - sink->used;

		if (n > siz)
			n = siz;
		memcpy(sink->buf + sink->used, ptr, n);
		sink->used += n;
		ptr += n;
		siz -= (HPDF_UINT)n;
		if (sink->used == sizeof sink->buf && save_flush(sink) < 0)
			return HPDF_FILE_IO_ERROR;
	}
	return HPDF_OK;
}

/* The writer points at the sink: both go once the file is written. */
static void forget_sink(HPDF_Doc pdf, struct save_sink *sink)
{
	if (pdf->stream)
		HPDF_Stream_Free(pdf->stream);
	pdf->stream = NULL;
	free(sink);
}

int pdfw_save(struct pdfw_doc *d, const char *path, struct ccsla_error *err)
{
	struct atomic_file af;
	struct save_sink *sink;
	size_t i;
	char tail[PDF_TAIL];
	size_t tail_len = 0;
	HPDF_ExtGState gs = NULL;
	unsigned long font_error = 0;

	struct mark_path mark = { NULL, 0, 0, 0 };
	float mark_size = 96.0f, mark_w = 0;

	if (d->watermark[0]) {
		if ((gs = HPDF_CreateExtGState(d->hpdf)))
			HPDF_ExtGState_SetAlphaFill(gs, 0.22f);
		/* at most 620 pt long, corner to corner over the page */
		mark_w = outline_text_width(d->mark_font, mark_size, d->watermark);
		if (mark_w > 620.0f) {
			mark_size = mark_size * 620.0f / mark_w;
			mark_w = 620.0f;
		}
		if (mark_path_build(&mark, d->mark_font, mark_size, d->watermark) < 0 && !d->hpdf_error)
			d->hpdf_error = HPDF_FAILD_TO_ALLOC_MEM;
	}

	for (i = 0; i < d->n_pages; i++) {
		char text[64];

		d->page = d->pages[i];
		d->op = &d->ops[i];
		if (d->watermark[0] && mark.p)
			draw_watermark(d, gs, &mark, mark_size, mark_w);
		pdfw_set_stroke(d, 0.55f, 0.55f, 0.55f);
		pdfw_line(d, PDF_MARGIN, FOOTER_Y + 11, PDF_PAGE_W - PDF_MARGIN, FOOTER_Y + 11, 0.5f);
		pdfw_set_fill(d, 0.25f, 0.25f, 0.25f);
		pdfw_text(d, d->regular, 8, PDF_MARGIN, FOOTER_Y, PDF_LEFT, d->footer_left);
		snprintf(text, sizeof text, "page %zu of %zu", i + 1, d->n_pages);
		pdfw_text(d, d->regular, 8, PDF_PAGE_W - PDF_MARGIN, FOOTER_Y, PDF_RIGHT, text);
	}
	free(mark.p);
	for (i = 0; i < d->n_pages && !d->hpdf_error; i++)
		d->hpdf_error = pdf_ops_deflate(&d->ops[i], ((HPDF_PageAttr)d->pages[i]->attr)->contents);
	if (!d->hpdf_error && (font_error = pdf_font_finish(d->regular, &d->used_regular)) == 0)
		font_error = pdf_font_finish(d->bold, &d->used_bold);
	if (font_error && !d->hpdf_error)
		d->hpdf_error = font_error;
	if (d->hpdf_error)
		return ccsla_error_set(err, path, 0, NULL, "cannot lay out the pdf (libharu error 0x%04lx, detail %lu)",
		                       d->hpdf_error, d->hpdf_detail);
	if (atomic_open(&af, path, err) < 0)
		return -1;
	/* libharu writes the file straight through save_write (by default it
	 * builds the whole file in a memory stream that is then copied out) */
	if (!(sink = calloc(1, sizeof *sink))) {
		atomic_abort(&af);
		return ccsla_error_set(err, path, 0, NULL, "cannot write the pdf: out of memory");
	}
	sink->fp = af.fp;
	sink->tail = tail;
	sink->tail_len = &tail_len;
	if (!(d->hpdf->stream = HPDF_CallbackWriter_New(d->hpdf->mmgr, save_write, sink)) ||
	    HPDF_SaveToStream(d->hpdf) != HPDF_OK || save_flush(sink) < 0) {
		int short_write = sink->short_write;

		forget_sink(d->hpdf, sink);
		atomic_abort(&af);
		if (short_write)
			return ccsla_error_set(err, path, 0, NULL, "cannot write: short write");
		return ccsla_error_set(err, path, 0, NULL, "cannot write the pdf (libharu error 0x%04lx)",
		                       d->hpdf_error);
	}
	forget_sink(d->hpdf, sink);
	if (d->n_streamed && append_streamed(d, af.fp, tail, tail_len, path, err) < 0) {
		atomic_abort(&af);
		return -1;
	}
	return atomic_commit(&af, err);
}
