/* pdf_ops.c -- a page's content stream (see pdf_ops.h). */
#include <hpdf_objects.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pdf_flate.h"
#include "pdf_font.h"
#include "pdf_ops.h"

void pdf_ops_init(struct pdf_ops *o)
{
	memset(o, 0, sizeof *o);
}

void pdf_ops_free(struct pdf_ops *o)
{
	free(o->p);
	memset(o, 0, sizeof *o);
}

static int reserve(struct pdf_ops *o, size_t more)
{
	size_t cap;
	char *p;

	if (o->oom)
		return -1;
	if (o->len + more <= o->cap)
		return 0;
	cap = o->cap ? o->cap : 16384;
	while (cap < o->len + more)
		cap *= 2;
	if (!(p = realloc(o->p, cap))) {
		o->oom = 1;
		return -1;
	}
	o->p = p;
	o->cap = cap;
	return 0;
}

static void put(struct pdf_ops *o, const char *s, size_t n)
{
	if (reserve(o, n) == 0) {
		memcpy(o->p + o->len, s, n);
		o->len += n;
	}
}

static void put_str(struct pdf_ops *o, const char *s)
{
	put(o, s, strlen(s));
}

/* v / 10^decimals with trailing zeros dropped, then a space. */
static void put_fixed(struct pdf_ops *o, long v, int decimals)
{
	char buf[32], *e = buf + sizeof buf, *s = e;
	unsigned long u = v < 0 ? 0ul - (unsigned long)v : (unsigned long)v;
	int i, digits = 0;

	*--s = ' ';
	for (i = 0; i < decimals; i++) {
		unsigned d = (unsigned)(u % 10);

		u /= 10;
		if (d || digits) {
			*--s = (char)('0' + d);
			digits++;
		}
	}
	if (digits)
		*--s = '.';
	do {
		*--s = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--s = '-';
	put(o, s, (size_t)(e - s));
}

static long scaled(float x, float scale)
{
	return lroundf(x * scale);
}

/* A position or length in points, to 0.01 pt. */
static void put_pt(struct pdf_ops *o, float x)
{
	put_fixed(o, scaled(x, 100.0f), 2);
}

/* A colour component in 0..1, to 0.001. */
static int component(float c)
{
	return c <= 0 ? 0 : c >= 1 ? 1000 : (int)scaled(c, 1000.0f);
}

static void set_colour(struct pdf_ops *o, int *has, int rgb[3], float r, float g, float b, const char *op)
{
	int c[3] = { component(r), component(g), component(b) };
	int i;

	if (*has && c[0] == rgb[0] && c[1] == rgb[1] && c[2] == rgb[2])
		return;
	for (i = 0; i < 3; i++) {
		rgb[i] = c[i];
		put_fixed(o, c[i], 3);
	}
	put_str(o, op);
	*has = 1;
}

void pdf_ops_fill(struct pdf_ops *o, float r, float g, float b)
{
	set_colour(o, &o->has_fill, o->fill, r, g, b, "rg\n");
}

void pdf_ops_stroke(struct pdf_ops *o, float r, float g, float b)
{
	set_colour(o, &o->has_stroke, o->stroke, r, g, b, "RG\n");
}

void pdf_ops_line_width(struct pdf_ops *o, float w)
{
	int v = (int)scaled(w, 100.0f);

	if (o->has_width && v == o->width)
		return;
	o->width = v;
	o->has_width = 1;
	put_fixed(o, v, 2);
	put_str(o, "w\n");
}

void pdf_ops_dash(struct pdf_ops *o, int on, int off)
{
	if (on <= 0) {
		put_str(o, "[] 0 d\n");
	} else {
		put_str(o, "[");
		put_fixed(o, on, 0);
		put_fixed(o, off, 0);
		put_str(o, "] 0 d\n");
	}
}

static void point_op(struct pdf_ops *o, float x, float y, const char *op)
{
	put_pt(o, x);
	put_pt(o, y);
	put_str(o, op);
}

void pdf_ops_move(struct pdf_ops *o, float x, float y)
{
	point_op(o, x, y, "m\n");
}

void pdf_ops_line(struct pdf_ops *o, float x, float y)
{
	point_op(o, x, y, "l\n");
}

void pdf_ops_rect(struct pdf_ops *o, float x, float y, float w, float h)
{
	put_pt(o, x);
	put_pt(o, y);
	put_pt(o, w);
	put_pt(o, h);
	put_str(o, "re\n");
}

static void curve(struct pdf_ops *o, float x1, float y1, float x2, float y2, float x3, float y3)
{
	put_pt(o, x1);
	put_pt(o, y1);
	put_pt(o, x2);
	put_pt(o, y2);
	put_pt(o, x3);
	put_pt(o, y3);
	put_str(o, "c\n");
}

void pdf_ops_circle(struct pdf_ops *o, float x, float y, float r)
{
	const float k = 0.552f * r;

	pdf_ops_move(o, x - r, y);
	curve(o, x - r, y + k, x - k, y + r, x, y + r);
	curve(o, x + k, y + r, x + r, y + k, x + r, y);
	curve(o, x + r, y - k, x + k, y - r, x, y - r);
	curve(o, x - k, y - r, x - r, y - k, x - r, y);
}

void pdf_ops_paint(struct pdf_ops *o, const char *op)
{
	put_str(o, op);
	put_str(o, "\n");
}

void pdf_ops_save(struct pdf_ops *o)
{
	put_str(o, "q\n");
}

/* Q brings back the state at q, which this writer does not keep: nothing
 * is assumed to be in force afterwards. */
void pdf_ops_restore(struct pdf_ops *o)
{
	put_str(o, "Q\n");
	o->has_fill = o->has_stroke = o->has_width = o->has_font = 0;
}

void pdf_ops_concat(struct pdf_ops *o, float a, float b, float c, float d, float e, float f)
{
	put_fixed(o, scaled(a, 10000.0f), 4);
	put_fixed(o, scaled(b, 10000.0f), 4);
	put_fixed(o, scaled(c, 10000.0f), 4);
	put_fixed(o, scaled(d, 10000.0f), 4);
	put_pt(o, e);
	put_pt(o, f);
	put_str(o, "cm\n");
}

void pdf_ops_gstate(struct pdf_ops *o, const char *name)
{
	put_str(o, "/");
	put_str(o, name);
	put_str(o, " gs\n");
}

void pdf_ops_raw(struct pdf_ops *o, const char *bytes, size_t len)
{
	put(o, bytes, len);
}

void pdf_ops_text(struct pdf_ops *o, const char *font, float size, float x, float y, const char *utf8)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)utf8;
	int sz = (int)scaled(size, 100.0f);

	put_str(o, "BT\n");
	if (!o->has_font || o->font != font || o->font_size != sz) {
		put_str(o, "/");
		put_str(o, font);
		put_str(o, " ");
		put_fixed(o, sz, 2);
		put_str(o, "Tf\n");
		o->font = font;
		o->font_size = sz;
		o->has_font = 1;
	}
	point_op(o, x, y, "Td\n<");
	while (*s) {
		unsigned cp = pdf_font_next_code_point(&s);
		char q[4] = { hex[cp >> 12], hex[(cp >> 8) & 15], hex[(cp >> 4) & 15], hex[cp & 15] };

		put(o, q, 4);
	}
	put_str(o, "> Tj\nET\n");
}

unsigned long pdf_ops_deflate(struct pdf_ops *o, HPDF_Dict contents)
{
	if (o->oom)
		return HPDF_FAILD_TO_ALLOC_MEM;
	return pdf_flate_set(contents, o->p, o->len);
}
