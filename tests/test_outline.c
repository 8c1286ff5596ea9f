/* test_outline.c -- glyph outlines from DejaVu Sans: advance widths equal
 * libharu's (so the watermark and the signature box measure as the page
 * text does), contours are closed and lie in the glyph's box, composite
 * glyphs (u with diaeresis) draw their parts, and a missing or broken font
 * file is refused with its path. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "reports/pdf/outline.h"
#include "reports/pdf/pdf.h"

/* What a sink saw: contours, segments and the bounding box of every point. */
struct tally {
	int moves, lines, curves, closes, open;
	float x0, y0, x1, y1;
};

static void see(struct tally *t, float x, float y)
{
	if (x < t->x0) t->x0 = x;
	if (y < t->y0) t->y0 = y;
	if (x > t->x1) t->x1 = x;
	if (y > t->y1) t->y1 = y;
}

static void t_move(void *u, float x, float y)
{
	struct tally *t = u;

	assert_int_equal(t->open, 0); /* the previous contour was closed */
	t->moves++;
	t->open = 1;
	see(t, x, y);
}

static void t_line(void *u, float x, float y)
{
	struct tally *t = u;

	assert_int_equal(t->open, 1);
	t->lines++;
	see(t, x, y);
}

static void t_curve(void *u, float x1, float y1, float x2, float y2, float x3, float y3)
{
	struct tally *t = u;

	assert_int_equal(t->open, 1);
	t->curves++;
	see(t, x1, y1);
	see(t, x2, y2);
	see(t, x3, y3);
}

static void t_close(void *u)
{
	struct tally *t = u;

	assert_int_equal(t->open, 1);
	t->closes++;
	t->open = 0;
}

static struct tally draw(const struct outline_font *f, float size, float x, float y, const char *text)
{
	struct tally t = { 0, 0, 0, 0, 0, 1e9f, 1e9f, -1e9f, -1e9f };
	struct outline_sink sink = { t_move, t_line, t_curve, t_close, &t };

	outline_text(f, size, x, y, text, &sink);
	return t;
}

static void widths_equal_libharus(void **state)
{
	static const struct pdfw_setup setup = { "T", "", "", "", "", "", "", NULL, -1, 0 };
	const char *texts[] = { "DRAFT", "REVISION 2", "Northwind Contact Services TEST ONLY",
	                        "Date: 2026-11-01 00:00:00 UTC", "Zürich Łódź ✓" };
	struct ccsla_error err;
	struct pdfw_doc d;
	const struct outline_font *bold, *regular;
	size_t i;

	(void)state;
	assert_non_null(bold = outline_font_shared("DejaVuSans-Bold.ttf", &err));
	assert_non_null(regular = outline_font_shared("DejaVuSans.ttf", &err));
	assert_ptr_equal(bold, outline_font_shared("DejaVuSans-Bold.ttf", &err)); /* loaded once */
	assert_int_equal(pdfw_open(&d, &setup, &err), 0);
	/* libharu rounds each advance down to 1/1000 em: at most 1/1000 em per
	 * character apart, never narrower */
	for (i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		float n = (float)strlen(texts[i]), wb = outline_text_width(bold, 96, texts[i]),
		      wr = outline_text_width(regular, 8, texts[i]);

		assert_true(wb > 0 && wr > 0);
		assert_true(wb >= pdfw_text_width(&d, d.bold, 96, texts[i]) &&
		            wb - pdfw_text_width(&d, d.bold, 96, texts[i]) <= n * 96 / 1000);
		assert_true(wr >= pdfw_text_width(&d, d.regular, 8, texts[i]) &&
		            wr - pdfw_text_width(&d, d.regular, 8, texts[i]) <= n * 8 / 1000);
	}
	pdfw_close(&d);
}

static void contours_are_closed_and_inside_the_glyph_box(void **state)
{
	struct ccsla_error err;
	const struct outline_font *f;
	struct tally t;

	(void)state;
	assert_non_null(f = outline_font_shared("DejaVuSans.ttf", &err));
	/* "o": an outer and an inner contour, all curves, drawn at (100, 200)
	 * at 10 pt: within 100..106.2 across (advance 6.12 pt) and from the
	 * baseline to the x-height (about 5.5 pt) */
	t = draw(f, 10, 100, 200, "o");
	assert_int_equal(t.moves, 2);
	assert_int_equal(t.closes, 2);
	assert_true(t.curves >= 8);
	assert_true(t.x0 > 100 && t.x1 < 106.2f && t.y0 > 199.7f && t.y1 < 205.8f && t.y1 > 205);
	/* "l": one rectangle of straight lines, up to the ascender (7.6 pt) */
	t = draw(f, 10, 0, 0, "l");
	assert_int_equal(t.moves, 1);
	assert_int_equal(t.curves, 0);
	assert_true(t.lines >= 3);
	assert_true(t.y0 >= 0 && t.y1 > 7.5f && t.y1 < 7.7f);
	/* the second letter starts one advance further on */
	t = draw(f, 10, 0, 0, "ll");
	assert_int_equal(t.moves, 2);
	assert_true(t.x1 > outline_text_width(f, 10, "l"));
	/* a space draws nothing but moves the pen */
	t = draw(f, 10, 0, 0, " ");
	assert_int_equal(t.moves, 0);
	assert_true(outline_text_width(f, 10, " ") > 3);
}

static void a_composite_glyph_draws_its_parts(void **state)
{
	struct ccsla_error err;
	const struct outline_font *f;
	struct tally u, uml;

	(void)state;
	assert_non_null(f = outline_font_shared("DejaVuSans.ttf", &err));
	u = draw(f, 10, 0, 0, "u");
	uml = draw(f, 10, 0, 0, "\xc3\xbc"); /* u with diaeresis: u and two dots */
	assert_int_equal(uml.moves, u.moves + 2);
	assert_true(uml.y1 > u.y1 + 1.5f); /* the dots sit above the u */
	assert_true(fabsf(uml.x0 - u.x0) < 0.01f); /* the u part is not moved */
}

static void a_missing_or_broken_font_is_refused_with_its_path(void **state)
{
	char path[] = "/tmp/ccsla-test-outline-XXXXXX";
	struct outline_font f;
	struct ccsla_error err;
	FILE *fp;
	int fd;

	(void)state;
	assert_int_equal(outline_font_load(&f, "/nonexistent/DejaVuSans.ttf", &err), -1);
	assert_string_equal(err.file, "/nonexistent/DejaVuSans.ttf");
	assert_non_null(strstr(err.msg, "cannot open the font"));
	assert_true((fd = mkstemp(path)) >= 0);
	assert_non_null(fp = fdopen(fd, "w"));
	{
		static const char fake[] = "\x00\x01\x00\x00 a TrueType version, then no tables";

		assert_int_equal(fwrite(fake, 1, sizeof fake - 1, fp), sizeof fake - 1);
	}
	fclose(fp);
	assert_int_equal(outline_font_load(&f, path, &err), -1);
	assert_non_null(strstr(err.msg, "not a TrueType font"));
	assert_null(f.bytes);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(widths_equal_libharus),
		cmocka_unit_test(contours_are_closed_and_inside_the_glyph_box),
		cmocka_unit_test(a_composite_glyph_draws_its_parts),
		cmocka_unit_test(a_missing_or_broken_font_is_refused_with_its_path),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
