/* test_pdf_subset.c -- the embedded TrueType subset: kept glyphs keep their
 * outlines byte for byte and their metrics, dropped glyphs have none, the
 * parts of composite glyphs are kept with them, table and file checksums
 * are right, and a damaged font file is refused (never read out of
 * bounds: the mutations below run under ASan in `make asan`). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reports/pdf/pdf_subset.h"

#define FONT "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

static unsigned char *font;
static size_t font_size;

static unsigned g16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static uint32_t g32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* A table of a font file: its bytes and length, or NULL. */
static const unsigned char *table(const unsigned char *f, const char *tag, size_t *len)
{
	unsigned n = g16(f + 4), i;

	for (i = 0; i < n; i++) {
		const unsigned char *rec = f + 12 + 16 * i;

		if (memcmp(rec, tag, 4) == 0) {
			*len = g32(rec + 12);
			return f + g32(rec + 8);
		}
	}
	return NULL;
}

/* Glyph gid's outline in font f: pointer and length. */
static const unsigned char *glyph(const unsigned char *f, unsigned gid, size_t *len)
{
	size_t l, gl;
	const unsigned char *head = table(f, "head", &l), *loca = table(f, "loca", &l),
	                    *glyf = table(f, "glyf", &gl);
	uint32_t a, b;

	if (g16(head + 50)) {
		a = g32(loca + 4 * gid);
		b = g32(loca + 4 * gid + 4);
	} else {
		a = 2 * g16(loca + 2 * gid);
		b = 2 * g16(loca + 2 * gid + 2);
	}
	*len = b - a;
	return glyf + a;
}

static uint32_t sum32(const unsigned char *p, size_t len)
{
	uint32_t s = 0;
	size_t i;

	for (i = 0; i < len; i += 4) {
		unsigned char w[4] = { 0, 0, 0, 0 };

		memcpy(w, p + i, len - i < 4 ? len - i : 4);
		s += g32(w);
	}
	return s;
}

/* The first composite glyph of the font (numberOfContours < 0), and its
 * first part. */
static unsigned first_composite(const unsigned char *f, unsigned *part)
{
	size_t l;
	unsigned n = g16(table(f, "maxp", &l) + 4), gid;

	for (gid = 1; gid < n; gid++) {
		const unsigned char *g = glyph(f, gid, &l);

		if (l >= 14 && (int16_t)g16(g) < 0) {
			*part = g16(g + 12);
			return gid;
		}
	}
	return 0;
}

static int setup(void **state)
{
	FILE *fp = fopen(FONT, "rb");
	long n;

	(void)state;
	if (!fp)
		return 0; /* each test skips */
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	font = malloc((size_t)n);
	if (!font || fread(font, 1, (size_t)n, fp) != (size_t)n)
		return -1;
	font_size = (size_t)n;
	fclose(fp);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(font);
	return 0;
}

static void kept_glyphs_keep_their_outlines_and_dropped_ones_have_none(void **state)
{
	struct pdf_glyph_set keep;
	unsigned char *out;
	size_t out_len, l, l2, hl;
	unsigned part = 0, comp, kept = 37, dropped = 38, n_glyphs, n_hm;
	const unsigned char *a, *b, *hmtx;

	(void)state;
	if (!font)
		skip();
	comp = first_composite(font, &part);
	assert_true(comp > 0 && part != comp);
	memset(&keep, 0, sizeof keep);
	pdf_glyph_set_add(&keep, kept);
	pdf_glyph_set_add(&keep, comp);
	assert_int_equal(pdf_subset_build(font, font_size, &keep, &out, &out_len), 0);

	/* the set gained .notdef and the composite's part */
	assert_true(pdf_glyph_set_has(&keep, 0) && pdf_glyph_set_has(&keep, part));
	assert_false(pdf_glyph_set_has(&keep, dropped));
	/* same glyph ids, kept outlines byte for byte, dropped ones empty */
	n_glyphs = g16(table(out, "maxp", &l) + 4);
	assert_int_equal(n_glyphs, g16(table(font, "maxp", &l) + 4));
	a = glyph(font, kept, &l);
	b = glyph(out, kept, &l2);
	assert_true(l > 0 && l == l2 && memcmp(a, b, l) == 0);
	a = glyph(font, part, &l);
	b = glyph(out, part, &l2);
	assert_true(l > 0 && l == l2 && memcmp(a, b, l) == 0);
	glyph(out, dropped, &l);
	assert_int_equal(l, 0);
	/* metrics: kept ones as in the font, dropped ones zero */
	n_hm = g16(table(out, "hhea", &l) + 34);
	assert_true(dropped + 1 < n_hm);
	hmtx = table(out, "hmtx", &hl);
	assert_memory_equal(hmtx + 4 * kept, table(font, "hmtx", &l) + 4 * kept, 4);
	assert_true(g32(hmtx + 4 * kept) != 0);
	assert_int_equal(g32(hmtx + 4 * dropped), 0);
	/* no name table of glyph names, no table the font did not have */
	assert_null(table(out, "GSUB", &l));
	assert_true(out_len < font_size / 4);
	free(out);
}

static void checksums_are_right(void **state)
{
	struct pdf_glyph_set keep;
	unsigned char *out;
	size_t out_len, l;
	unsigned n, i;

	(void)state;
	if (!font)
		skip();
	memset(&keep, 0, sizeof keep);
	for (i = 30; i < 90; i++)
		pdf_glyph_set_add(&keep, i);
	assert_int_equal(pdf_subset_build(font, font_size, &keep, &out, &out_len), 0);
	assert_int_equal(out_len % 4, 0);
	n = g16(out + 4);
	assert_int_equal(n, 13); /* DejaVu has all the tables libharu embedded */
	assert_int_equal(g16(out + 6), 16 * 8);
	assert_int_equal(g16(out + 8), 3);
	assert_int_equal(g16(out + 10), 16 * 13 - 16 * 8);
	for (i = 0; i < n; i++) {
		const unsigned char *rec = out + 12 + 16 * i;
		uint32_t want = g32(rec + 4), got = sum32(out + g32(rec + 8), g32(rec + 12));

		if (memcmp(rec, "head", 4) == 0)
			got -= g32(out + g32(rec + 8) + 8); /* computed with checkSumAdjustment 0 */
		assert_int_equal(got, want);
		if (i)
			assert_true(memcmp(rec - 16, rec, 4) < 0); /* sorted */
	}
	assert_int_equal(sum32(out, out_len), 0xB1B0AFBAu);
	assert_int_equal(g16(table(out, "head", &l) + 50), 1); /* long loca */
	free(out);
}

static void a_damaged_font_is_refused(void **state)
{
	struct pdf_glyph_set keep;
	unsigned char *out, *bad;
	size_t out_len, l;
	unsigned part, comp;
	const unsigned char *g;

	(void)state;
	if (!font)
		skip();
	memset(&keep, 0, sizeof keep);
	pdf_glyph_set_add(&keep, 40);
	/* truncated: the directory or a table beyond the end */
	assert_int_equal(pdf_subset_build(font, 11, &keep, &out, &out_len), -1);
	assert_null(out);
	assert_int_equal(pdf_subset_build(font, 200, &keep, &out, &out_len), -1);
	assert_int_equal(pdf_subset_build(font, font_size / 2, &keep, &out, &out_len), -1);

	/* a composite glyph naming a glyph the font does not have */
	assert_non_null(bad = malloc(font_size));
	memcpy(bad, font, font_size);
	comp = first_composite(bad, &part);
	g = glyph(bad, comp, &l);
	bad[g - bad + 12] = 0xff;
	bad[g - bad + 13] = 0xff;
	pdf_glyph_set_add(&keep, comp);
	assert_int_equal(pdf_subset_build(bad, font_size, &keep, &out, &out_len), -1);
	free(bad);
}

/* Bytes of the directory, head, maxp, hhea and loca changed at random: the
 * subset is built or refused, never read out of bounds (ASan). */
static void random_damage_is_never_read_out_of_bounds(void **state)
{
	struct pdf_glyph_set keep;
	unsigned char *out, *bad;
	size_t out_len, l, lens[5];
	const unsigned char *areas[5];
	const char *tags[4] = { "head", "maxp", "hhea", "loca" };
	unsigned seed = 12345, round, i, built = 0;

	(void)state;
	if (!font)
		skip();
	areas[0] = font;
	lens[0] = 12 + 16 * g16(font + 4);
	for (i = 0; i < 4; i++)
		areas[i + 1] = table(font, tags[i], &lens[i + 1]);
	(void)l;
	assert_non_null(bad = malloc(font_size));
	for (round = 0; round < 300; round++) {
		unsigned a;

		memcpy(bad, font, font_size);
		for (i = 0; i < 4; i++) {
			size_t at;

			seed = seed * 1103515245u + 12345u;
			a = (seed >> 16) % 5;
			seed = seed * 1103515245u + 12345u;
			at = (size_t)(areas[a] - font) + (seed >> 8) % (a == 4 ? 64 : lens[a]);
			bad[at] ^= (unsigned char)(1u << ((seed >> 4) % 8));
		}
		memset(&keep, 0, sizeof keep);
		for (i = 0; i < 64; i++)
			pdf_glyph_set_add(&keep, 20 + 7 * i);
		if (pdf_subset_build(bad, font_size, &keep, &out, &out_len) == 0) {
			built++;
			free(out);
		}
	}
	free(bad);
	assert_true(built > 0 && built < 300); /* both outcomes were reached */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(kept_glyphs_keep_their_outlines_and_dropped_ones_have_none),
		cmocka_unit_test(checksums_are_right),
		cmocka_unit_test(a_damaged_font_is_refused),
		cmocka_unit_test(random_damage_is_never_read_out_of_bounds),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
