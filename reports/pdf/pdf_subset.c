/* pdf_subset.c -- a TrueType font file cut down to the glyphs a document
 * draws (see pdf_subset.h). Tables as in the OpenType specification
 * ("The OpenType Font File", table directory; 'head', 'hhea', 'hmtx',
 * 'maxp', 'loca', 'glyf'). Every offset read from the file is checked
 * against the file's size before it is used. */
#include <stdlib.h>
#include <string.h>

#include "pdf_subset.h"

void pdf_glyph_set_add(struct pdf_glyph_set *set, unsigned gid)
{
	set->bits[(gid & 0xffff) / 64] |= (uint64_t)1 << (gid % 64);
}

int pdf_glyph_set_has(const struct pdf_glyph_set *set, unsigned gid)
{
	return (set->bits[(gid & 0xffff) / 64] >> (gid % 64)) & 1;
}

static unsigned get16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)(v >> 8);
	p[1] = (unsigned char)v;
}

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* The tables libharu embeds, in tag order (the directory is sorted). The
 * outlines need only head, hhea, hmtx, loca, maxp, glyf and the hinting
 * programs; the others are copied as libharu did, so that readers that
 * look at them (name, OS/2) find what they found before. */
static const char *const kept_tags[] = { "OS/2", "cmap", "cvt ", "fpgm", "glyf", "head", "hhea",
	                                 "hmtx", "loca", "maxp", "name", "post", "prep" };
#define N_KEPT (sizeof kept_tags / sizeof kept_tags[0])
enum { T_GLYF = 4, T_HEAD = 5, T_HHEA = 6, T_HMTX = 7, T_LOCA = 8, T_MAXP = 9 };

struct table {
	const unsigned char *p; /* NULL when the font has none */
	size_t len;
};

static int find_tables(const unsigned char *font, size_t size, struct table *t)
{
	unsigned n, i, k;

	memset(t, 0, N_KEPT * sizeof *t);
	if (size < 12)
		return -1;
	n = get16(font + 4);
	if (12 + (size_t)n * 16 > size)
		return -1;
	for (i = 0; i < n; i++) {
		const unsigned char *rec = font + 12 + 16 * (size_t)i;
		size_t off = get32(rec + 8), len = get32(rec + 12);

		for (k = 0; k < N_KEPT; k++)
			if (memcmp(rec, kept_tags[k], 4) == 0)
				break;
		if (k == N_KEPT)
			continue;
		if (off > size || len > size - off)
			return -1;
		t[k].p = font + off;
		t[k].len = len;
	}
	if (!t[T_GLYF].p || !t[T_HEAD].p || !t[T_HHEA].p || !t[T_HMTX].p || !t[T_LOCA].p || !t[T_MAXP].p ||
	    t[T_HEAD].len < 54 || t[T_HHEA].len < 36 || t[T_MAXP].len < 6)
		return -1;
	return 0;
}

/* Glyph gid's outline: [*start, *end) in glyf. */
static int glyph_span(const struct table *t, unsigned gid, int long_loca, size_t *start, size_t *end)
{
	const unsigned char *loca = t[T_LOCA].p;

	if (long_loca) {
		*start = get32(loca + 4 * (size_t)gid);
		*end = get32(loca + 4 * (size_t)gid + 4);
	} else {
		*start = 2 * (size_t)get16(loca + 2 * (size_t)gid);
		*end = 2 * (size_t)get16(loca + 2 * (size_t)gid + 2);
	}
	return *start <= *end && *end <= t[T_GLYF].len ? 0 : -1;
}

/* Adds to keep the glyphs that kept composite glyphs are made of, and
 * theirs, through a work list of newly kept glyphs. */
static int close_composites(const struct table *t, unsigned n_glyphs, int long_loca, struct pdf_glyph_set *keep)
{
	uint16_t *work = malloc(n_glyphs * sizeof *work);
	size_t n_work = 0;
	unsigned gid;

	if (!work)
		return -1;
	for (gid = 0; gid < n_glyphs; gid++)
		if (pdf_glyph_set_has(keep, gid))
			work[n_work++] = (uint16_t)gid;
	while (n_work) {
		size_t start, end, at;
		unsigned flags;

		gid = work[--n_work];
		if (glyph_span(t, gid, long_loca, &start, &end) < 0)
			goto bad;
		if (end - start < 10 || (int16_t)get16(t[T_GLYF].p + start) >= 0)
			continue; /* empty or simple */
		at = start + 10;
		do {
			unsigned part;

			if (end - at < 4)
				goto bad;
			flags = get16(t[T_GLYF].p + at);
			part = get16(t[T_GLYF].p + at + 2);
			at += 4 + (flags & 0x0001 ? 4 : 2) +
			      (flags & 0x0008 ? 2 : flags & 0x0040 ? 4 : flags & 0x0080 ? 8 : 0);
			if (part >= n_glyphs || at > end)
				goto bad;
			if (!pdf_glyph_set_has(keep, part)) {
				pdf_glyph_set_add(keep, part);
				work[n_work++] = (uint16_t)part; /* each glyph once: n_work < n_glyphs */
			}
		} while (flags & 0x0020);
	}
	free(work);
	return 0;
bad:
	free(work);
	return -1;
}

static uint32_t checksum(const unsigned char *p, size_t len)
{
	uint32_t sum = 0;
	size_t i;

	for (i = 0; i + 4 <= len; i += 4)
		sum += get32(p + i);
	if (i < len) {
		unsigned char last[4] = { 0, 0, 0, 0 };

		memcpy(last, p + i, len - i);
		sum += get32(last);
	}
	return sum;
}

#define ALIGN4(n) (((n) + 3) & ~(size_t)3)

int pdf_subset_build(const unsigned char *font, size_t size, struct pdf_glyph_set *keep, unsigned char **out,
                     size_t *out_len)
{
	struct table t[N_KEPT];
	unsigned n_glyphs, n_hmetrics, n_tables = 0, gid, k, e;
	int long_loca;
	size_t glyf_len = 0, total, at, dir, start, end;
	unsigned char *o, *glyf, *loca, *hmtx, *head = NULL;
	uint32_t sum;

	*out = NULL;
	*out_len = 0;
	if (find_tables(font, size, t) < 0)
		return -1;
	n_glyphs = get16(t[T_MAXP].p + 4);
	n_hmetrics = get16(t[T_HHEA].p + 34);
	long_loca = get16(t[T_HEAD].p + 50) == 1;
	if (n_glyphs == 0 || n_hmetrics == 0 || n_hmetrics > n_glyphs ||
	    t[T_LOCA].len < (size_t)(n_glyphs + 1) * (long_loca ? 4 : 2) ||
	    t[T_HMTX].len < 4 * (size_t)n_hmetrics + 2 * (size_t)(n_glyphs - n_hmetrics))
		return -1;
	pdf_glyph_set_add(keep, 0);
	if (close_composites(t, n_glyphs, long_loca, keep) < 0)
		return -1;
	for (gid = 0; gid < n_glyphs; gid++)
		if (pdf_glyph_set_has(keep, gid)) {
			if (glyph_span(t, gid, long_loca, &start, &end) < 0)
				return -1;
			glyf_len += ALIGN4(end - start);
		}

	/* sizes: the new glyf and a long-format loca; the rest as they are */
	for (k = 0; k < N_KEPT; k++)
		n_tables += t[k].p != NULL;
	total = 12 + 16 * (size_t)n_tables;
	for (k = 0; k < N_KEPT; k++)
		if (t[k].p)
			total += ALIGN4(k == T_GLYF ? glyf_len : k == T_LOCA ? 4 * (size_t)(n_glyphs + 1) : t[k].len);
	if (!(o = calloc(1, total)))
		return -1;

	put32(o, get32(font));
	put16(o + 4, n_tables);
	for (e = 0; (2u << e) <= n_tables; e++)
		;
	put16(o + 6, 16u << e);              /* searchRange: 16 * largest power of 2 <= n */
	put16(o + 8, e);                     /* entrySelector */
	put16(o + 10, n_tables * 16 - (16u << e)); /* rangeShift */
	dir = 12;
	at = 12 + 16 * (size_t)n_tables;
	for (k = 0; k < N_KEPT; k++) {
		size_t len;

		if (!t[k].p)
			continue;
		if (k == T_GLYF) {
			glyf = o + at;
			len = 0;
			for (gid = 0; gid < n_glyphs; gid++)
				if (pdf_glyph_set_has(keep, gid)) {
					glyph_span(t, gid, long_loca, &start, &end);
					memcpy(glyf + len, t[T_GLYF].p + start, end - start);
					len += ALIGN4(end - start);
				}
		} else if (k == T_LOCA) {
			size_t pos = 0;

			loca = o + at;
			len = 4 * (size_t)(n_glyphs + 1);
			for (gid = 0; gid < n_glyphs; gid++) {
				put32(loca + 4 * (size_t)gid, (uint32_t)pos);
				if (pdf_glyph_set_has(keep, gid)) {
					glyph_span(t, gid, long_loca, &start, &end);
					pos += ALIGN4(end - start);
				}
			}
			put32(loca + 4 * (size_t)n_glyphs, (uint32_t)pos);
		} else {
			len = t[k].len;
			memcpy(o + at, t[k].p, len);
			if (k == T_HEAD) {
				head = o + at;
				put32(head + 8, 0);  /* checkSumAdjustment, set below */
				put16(head + 50, 1); /* indexToLocFormat: long */
			} else if (k == T_HMTX) {
				/* the metrics of dropped glyphs are zero (they compress
				 * away); the last full metric stays, as glyphs after it
				 * take its advance width */
				hmtx = o + at;
				for (gid = 0; gid < n_glyphs; gid++) {
					if (pdf_glyph_set_has(keep, gid) || gid + 1 == n_hmetrics)
						continue;
					if (gid < n_hmetrics)
						memset(hmtx + 4 * (size_t)gid, 0, 4);
					else
						memset(hmtx + 4 * (size_t)n_hmetrics + 2 * (size_t)(gid - n_hmetrics), 0, 2);
				}
			}
		}
		memcpy(o + dir, kept_tags[k], 4);
		put32(o + dir + 4, checksum(o + at, len));
		put32(o + dir + 8, (uint32_t)at);
		put32(o + dir + 12, (uint32_t)len);
		dir += 16;
		at += ALIGN4(len);
	}
	sum = checksum(o, total);
	put32(head + 8, 0xB1B0AFBAu - sum);
	*out = o;
	*out_len = total;
	return 0;
}
