/* outline.c -- glyph outlines from a TrueType font (see outline.h).
 * Tables read: head (units per em, loca format), maxp (glyph count), hhea
 * and hmtx (advance widths), cmap format 4 (BMP code point to glyph), loca
 * and glyf (simple and composite glyphs). Every offset is checked against
 * the table it lies in; a broken glyph draws nothing. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outline.h"

#define FONT_DIR "/usr/share/fonts/truetype/dejavu"
#define MAX_COMPOSITE_DEPTH 8

static unsigned u16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static int s16(const unsigned char *p)
{
	return (int)(int16_t)u16(p);
}

static uint32_t u32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

void outline_font_path(char *path, size_t size, const char *file)
{
	const char *dir = getenv("CCSLA_FONT_DIR");

	snprintf(path, size, "%s/%s", dir && *dir ? dir : FONT_DIR, file);
}

/* Offset and length of a table, 0 when absent or out of the file. */
static uint32_t find_table(const struct outline_font *f, const char *tag, uint32_t *len)
{
	unsigned n = u16(f->bytes + 4), i;

	for (i = 0; i < n && 12 + 16 * (size_t)(i + 1) <= f->size; i++) {
		const unsigned char *rec = f->bytes + 12 + 16 * i;
		uint32_t off = u32(rec + 8), l = u32(rec + 12);

		if (memcmp(rec, tag, 4) == 0 && off <= f->size && l <= f->size - off) {
			*len = l;
			return off;
		}
	}
	*len = 0;
	return 0;
}

/* The format 4 subtable of the Unicode cmap (platform 3 encoding 1, or
 * platform 0), 0 if none. */
static uint32_t find_cmap4(const struct outline_font *f)
{
	uint32_t len, at = find_table(f, "cmap", &len), best = 0;
	unsigned n, i;

	if (!at || len < 4)
		return 0;
	n = u16(f->bytes + at + 2);
	for (i = 0; i < n && 4 + 8 * (size_t)(i + 1) <= len; i++) {
		const unsigned char *rec = f->bytes + at + 4 + 8 * i;
		unsigned platform = u16(rec), encoding = u16(rec + 2);
		uint32_t sub = u32(rec + 4);

		if (sub > len - 14 || u16(f->bytes + at + sub) != 4)
			continue;
		if (u16(f->bytes + at + sub + 2) > len - sub)
			continue;
		if ((platform == 3 && encoding == 1) || (platform == 0 && !best))
			best = at + sub;
	}
	return best;
}

static int parse(struct outline_font *f)
{
	uint32_t len, head, maxp, hhea;

	if (f->size < 12 || (u32(f->bytes) != 0x00010000u && memcmp(f->bytes, "true", 4) != 0))
		return -1;
	if (!(head = find_table(f, "head", &len)) || len < 54)
		return -1;
	f->units_per_em = u16(f->bytes + head + 18);
	f->long_loca = s16(f->bytes + head + 50) == 1;
	if (!(maxp = find_table(f, "maxp", &len)) || len < 6)
		return -1;
	f->n_glyphs = u16(f->bytes + maxp + 4);
	if (!(hhea = find_table(f, "hhea", &len)) || len < 36)
		return -1;
	f->n_hmetrics = u16(f->bytes + hhea + 34);
	f->hmtx = find_table(f, "hmtx", &f->hmtx_len);
	f->loca = find_table(f, "loca", &f->loca_len);
	f->glyf = find_table(f, "glyf", &f->glyf_len);
	f->cmap4 = find_cmap4(f);
	if (!f->units_per_em || !f->n_glyphs || !f->n_hmetrics || !f->hmtx || !f->loca || !f->glyf ||
	    !f->cmap4 || f->hmtx_len < 4u * f->n_hmetrics ||
	    f->loca_len < (f->long_loca ? 4u : 2u) * (f->n_glyphs + 1u))
		return -1;
	return 0;
}

int outline_font_load(struct outline_font *f, const char *path, struct ccsla_error *err)
{
	FILE *fp;
	long size;

	memset(f, 0, sizeof *f);
	if (!(fp = fopen(path, "rb")))
		return ccsla_error_set(err, path, 0, NULL, "cannot open the font: %s (install fonts-dejavu-core)",
		                       strerror(errno));
	if (fseek(fp, 0, SEEK_END) != 0 || (size = ftell(fp)) <= 0 || size > (64L << 20) ||
	    fseek(fp, 0, SEEK_SET) != 0) {
		fclose(fp);
		return ccsla_error_set(err, path, 0, NULL, "cannot read the font: not a regular file of up to 64 MiB");
	}
	if (!(f->bytes = malloc((size_t)size)) || fread(f->bytes, 1, (size_t)size, fp) != (size_t)size) {
		fclose(fp);
		outline_font_release(f);
		return ccsla_error_set(err, path, 0, NULL, "cannot read the font: %s",
		                       f->bytes ? "short read" : "out of memory");
	}
	fclose(fp);
	f->size = (size_t)size;
	if (parse(f) < 0) {
		outline_font_release(f);
		return ccsla_error_set(err, path, 0, NULL, "cannot load the font: not a TrueType font with glyph outlines");
	}
	return 0;
}

void outline_font_release(struct outline_font *f)
{
	free(f->bytes);
	memset(f, 0, sizeof *f);
}

/* Fonts shared by every document of the process (rendering and signing
 * are single-threaded); never freed. */
static struct {
	char file[64];
	struct outline_font font;
} shared[4];

const struct outline_font *outline_font_shared(const char *file, struct ccsla_error *err)
{
	char path[4096];
	size_t i;

	for (i = 0; i < sizeof shared / sizeof shared[0]; i++) {
		if (shared[i].font.bytes && strcmp(shared[i].file, file) == 0)
			return &shared[i].font;
		if (!shared[i].font.bytes)
			break;
	}
	outline_font_path(path, sizeof path, file);
	if (i == sizeof shared / sizeof shared[0] || strlen(file) >= sizeof shared[i].file) {
		ccsla_error_set(err, path, 0, NULL, "cannot load the font: too many fonts or too long a name");
		return NULL;
	}
	if (outline_font_load(&shared[i].font, path, err) < 0)
		return NULL;
	snprintf(shared[i].file, sizeof shared[i].file, "%s", file);
	return &shared[i].font;
}

/* ---- characters to glyphs ---- */

static unsigned glyph_of(const struct outline_font *f, unsigned cp)
{
	const unsigned char *t = f->bytes + f->cmap4;
	size_t limit = f->size - f->cmap4;
	unsigned segs = u16(t + 6) / 2, i;
	const unsigned char *ends = t + 14, *starts, *deltas, *ranges;

	if (cp > 0xffff || 16 + 8 * (size_t)segs > limit)
		return 0;
	starts = ends + 2 * segs + 2;
	deltas = starts + 2 * segs;
	ranges = deltas + 2 * segs;
	for (i = 0; i < segs; i++) {
		unsigned end = u16(ends + 2 * i), start = u16(starts + 2 * i), range, g;
		size_t at;

		if (cp > end)
			continue;
		if (cp < start)
			return 0;
		range = u16(ranges + 2 * i);
		if (!range)
			return (cp + u16(deltas + 2 * i)) & 0xffff;
		at = (size_t)(ranges + 2 * i - t) + range + 2 * (size_t)(cp - start);
		if (at + 2 > limit || !(g = u16(t + at)))
			return 0;
		return (g + u16(deltas + 2 * i)) & 0xffff;
	}
	return 0;
}

static unsigned advance_of(const struct outline_font *f, unsigned glyph)
{
	unsigned i = glyph < f->n_hmetrics ? glyph : f->n_hmetrics - 1;

	return u16(f->bytes + f->hmtx + 4 * i);
}

/* Next code point of UTF-8 text; advances *s. */
static unsigned next_code_point(const unsigned char **s)
{
	unsigned cp = *(*s)++;
	int more = cp >= 0xf0 ? 3 : cp >= 0xe0 ? 2 : cp >= 0xc0 ? 1 : 0;

	if (more)
		cp &= 0x3fu >> more;
	for (; more > 0 && (**s & 0xc0) == 0x80; more--)
		cp = cp << 6 | (*(*s)++ & 0x3fu);
	return cp;
}

float outline_text_width(const struct outline_font *f, float size_pt, const char *text)
{
	const unsigned char *s = (const unsigned char *)text;
	unsigned long units = 0;

	while (s && *s)
		units += advance_of(f, glyph_of(f, next_code_point(&s)));
	return (float)units * size_pt / (float)f->units_per_em;
}

/* ---- glyph outlines ---- */

/* Font units to points: x' = a x + b y + e, y' = c x + d y + f. */
struct xform {
	float a, b, c, d, e, f;
};

struct pen {
	const struct outline_sink *sink;
	struct xform m;
	float last_x, last_y; /* current point, font units */
};

static void put_point(const struct xform *m, float x, float y, float *px, float *py)
{
	*px = m->a * x + m->b * y + m->e;
	*py = m->c * x + m->d * y + m->f;
}

static void pen_move(struct pen *p, float x, float y)
{
	float px, py;

	put_point(&p->m, x, y, &px, &py);
	p->sink->move(p->sink->user, px, py);
	p->last_x = x;
	p->last_y = y;
}

static void pen_line(struct pen *p, float x, float y)
{
	float px, py;

	put_point(&p->m, x, y, &px, &py);
	p->sink->line(p->sink->user, px, py);
	p->last_x = x;
	p->last_y = y;
}

/* The quadratic from the current point over (qx, qy) to (x, y), as the
 * cubic with the same curve: control points at 2/3 towards (qx, qy). */
static void pen_quad(struct pen *p, float qx, float qy, float x, float y)
{
	float c1x = p->last_x + 2.0f / 3.0f * (qx - p->last_x), c1y = p->last_y + 2.0f / 3.0f * (qy - p->last_y);
	float c2x = x + 2.0f / 3.0f * (qx - x), c2y = y + 2.0f / 3.0f * (qy - y);
	float a, b, c, d, e, g;

	put_point(&p->m, c1x, c1y, &a, &b);
	put_point(&p->m, c2x, c2y, &c, &d);
	put_point(&p->m, x, y, &e, &g);
	p->sink->curve(p->sink->user, a, b, c, d, e, g);
	p->last_x = x;
	p->last_y = y;
}

/* The glyph's bytes in glyf, or NULL for an empty or broken glyph. */
static const unsigned char *glyph_data(const struct outline_font *f, unsigned glyph, size_t *len)
{
	const unsigned char *loca = f->bytes + f->loca;
	uint32_t from, to;

	if (glyph >= f->n_glyphs)
		return NULL;
	if (f->long_loca) {
		from = u32(loca + 4 * glyph);
		to = u32(loca + 4 * glyph + 4);
	} else {
		from = 2u * u16(loca + 2 * glyph);
		to = 2u * u16(loca + 2 * glyph + 2);
	}
	if (to <= from || to > f->glyf_len || to - from < 10)
		return NULL;
	*len = to - from;
	return f->bytes + f->glyf + from;
}

/* One contour of points (x, y, on-curve flag) as a closed path. Two
 * off-curve points in a row imply an on-curve point halfway between. */
static void draw_contour(struct pen *p, const int *xs, const int *ys, const unsigned char *on, size_t n)
{
	size_t i, from, to;
	float sx, sy, cx = 0, cy = 0;
	int pending = 0;

	if (n < 2)
		return;
	if (on[0]) { /* start at point 0, walk 1..n-1 */
		sx = (float)xs[0], sy = (float)ys[0], from = 1, to = n;
	} else if (on[n - 1]) { /* start at the last point, walk 0..n-2 */
		sx = (float)xs[n - 1], sy = (float)ys[n - 1], from = 0, to = n - 1;
	} else { /* start halfway between the last and the first */
		sx = (xs[n - 1] + xs[0]) / 2.0f, sy = (ys[n - 1] + ys[0]) / 2.0f, from = 0, to = n;
	}
	pen_move(p, sx, sy);
	for (i = from; i < to; i++) {
		float x = (float)xs[i], y = (float)ys[i];

		if (on[i]) {
			if (pending)
				pen_quad(p, cx, cy, x, y);
			else
				pen_line(p, x, y);
			pending = 0;
			continue;
		}
		if (pending)
			pen_quad(p, cx, cy, (cx + x) / 2.0f, (cy + y) / 2.0f);
		cx = x, cy = y, pending = 1;
	}
	if (pending)
		pen_quad(p, cx, cy, sx, sy);
	p->sink->close(p->sink->user);
}

static void draw_glyph(const struct outline_font *f, unsigned glyph, struct pen *p, int depth);

/* A simple glyph: contours of points stored as flags, then x and y deltas. */
static void draw_simple(const unsigned char *g, size_t len, int n_contours, struct pen *p)
{
	size_t at = 10 + 2 * (size_t)n_contours, n_points, i, c, start;
	unsigned char *on = NULL, *flags = NULL;
	int *xs = NULL, *ys = NULL, v = 0;

	if (at + 2 > len)
		return;
	n_points = (size_t)u16(g + at - 2) + 1;
	at += 2 + u16(g + at); /* instructions */
	if (at > len || n_points > 65535)
		return;
	flags = malloc(n_points);
	on = malloc(n_points);
	xs = malloc(n_points * sizeof *xs);
	ys = malloc(n_points * sizeof *ys);
	if (!flags || !on || !xs || !ys)
		goto out;
	for (i = 0; i < n_points;) {
		unsigned char fl;
		unsigned repeat = 0;

		if (at >= len)
			goto out;
		fl = g[at++];
		if (fl & 8) {
			if (at >= len)
				goto out;
			repeat = g[at++];
		}
		for (repeat++; repeat > 0 && i < n_points; repeat--)
			flags[i++] = fl;
	}
	for (i = 0; i < n_points; i++) { /* x: short (sign in bit 4), same, or word */
		unsigned char fl = flags[i];

		if (fl & 2) {
			if (at >= len)
				goto out;
			v += fl & 16 ? g[at] : -(int)g[at];
			at++;
		} else if (!(fl & 16)) {
			if (at + 2 > len)
				goto out;
			v += s16(g + at);
			at += 2;
		}
		xs[i] = v;
		on[i] = fl & 1;
	}
	for (v = 0, i = 0; i < n_points; i++) { /* y: the same with bits 2 and 5 */
		unsigned char fl = flags[i];

		if (fl & 4) {
			if (at >= len)
				goto out;
			v += fl & 32 ? g[at] : -(int)g[at];
			at++;
		} else if (!(fl & 32)) {
			if (at + 2 > len)
				goto out;
			v += s16(g + at);
			at += 2;
		}
		ys[i] = v;
	}
	for (start = 0, c = 0; c < (size_t)n_contours; c++) {
		size_t end = (size_t)u16(g + 10 + 2 * c) + 1;

		if (end < start || end > n_points)
			break;
		draw_contour(p, xs + start, ys + start, on + start, end - start);
		start = end;
	}
out:
	free(flags);
	free(on);
	free(xs);
	free(ys);
}

/* A composite glyph: other glyphs, each moved (and perhaps scaled). Point
 * matching (ARGS_ARE_XY_VALUES clear) is not used by DejaVu's accents; such
 * a part is drawn unmoved. */
static void draw_composite(const struct outline_font *f, const unsigned char *g, size_t len, struct pen *p,
                           int depth)
{
	size_t at = 10;
	unsigned flags;

	do {
		struct pen part = *p;
		float dx = 0, dy = 0, a = 1, b = 0, c = 0, d = 1;
		unsigned glyph;

		if (at + 4 > len)
			return;
		flags = u16(g + at);
		glyph = u16(g + at + 2);
		at += 4;
		if (flags & 1) { /* ARG_1_AND_2_ARE_WORDS */
			if (at + 4 > len)
				return;
			if (flags & 2) {
				dx = (float)s16(g + at);
				dy = (float)s16(g + at + 2);
			}
			at += 4;
		} else {
			if (at + 2 > len)
				return;
			if (flags & 2) {
				dx = (float)(signed char)g[at];
				dy = (float)(signed char)g[at + 1];
			}
			at += 2;
		}
		if (flags & 8) { /* WE_HAVE_A_SCALE, F2Dot14 */
			if (at + 2 > len)
				return;
			a = d = (float)s16(g + at) / 16384.0f;
			at += 2;
		} else if (flags & 0x40) { /* X_AND_Y_SCALE */
			if (at + 4 > len)
				return;
			a = (float)s16(g + at) / 16384.0f;
			d = (float)s16(g + at + 2) / 16384.0f;
			at += 4;
		} else if (flags & 0x80) { /* TWO_BY_TWO */
			if (at + 8 > len)
				return;
			a = (float)s16(g + at) / 16384.0f;
			c = (float)s16(g + at + 2) / 16384.0f;
			b = (float)s16(g + at + 4) / 16384.0f;
			d = (float)s16(g + at + 6) / 16384.0f;
			at += 8;
		}
		/* part = p.m * (scale, then move), in font units */
		part.m.a = p->m.a * a + p->m.b * c;
		part.m.b = p->m.a * b + p->m.b * d;
		part.m.c = p->m.c * a + p->m.d * c;
		part.m.d = p->m.c * b + p->m.d * d;
		part.m.e = p->m.a * dx + p->m.b * dy + p->m.e;
		part.m.f = p->m.c * dx + p->m.d * dy + p->m.f;
		draw_glyph(f, glyph, &part, depth + 1);
	} while (flags & 0x20); /* MORE_COMPONENTS */
}

static void draw_glyph(const struct outline_font *f, unsigned glyph, struct pen *p, int depth)
{
	size_t len;
	const unsigned char *g = glyph_data(f, glyph, &len);
	int n_contours;

	if (!g || depth > MAX_COMPOSITE_DEPTH)
		return;
	n_contours = s16(g);
	if (n_contours >= 0)
		draw_simple(g, len, n_contours, p);
	else
		draw_composite(f, g, len, p, depth);
}

float outline_text(const struct outline_font *f, float size_pt, float x, float y, const char *text,
                   const struct outline_sink *sink)
{
	const unsigned char *s = (const unsigned char *)text;
	float scale = size_pt / (float)f->units_per_em, pen_x = x;

	while (s && *s) {
		unsigned glyph = glyph_of(f, next_code_point(&s));
		struct pen p;

		memset(&p, 0, sizeof p);
		p.sink = sink;
		p.m.a = p.m.d = scale;
		p.m.e = pen_x;
		p.m.f = y;
		draw_glyph(f, glyph, &p, 0);
		pen_x += (float)advance_of(f, glyph) * scale;
	}
	return pen_x - x;
}
