/* test_pdf_font.c -- the embedded fonts' tables cover exactly the code
 * points drawn; the ToUnicode CMaps map them with bfrange (not libharu's
 * cidrange); code points are noted as libharu draws them; a missing or
 * broken font file is refused with its path. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/fsutil.h"
#include "reports/pdf/pdf.h"
#include "reports/pdf/pdf_font.h"
#include "reports/sign/pdfparse.h"

static const struct pdfw_setup SETUP = {
	"Test", "Northwind", "subject", "k", "", "", "", NULL, 1790000000, 0,
};

static int noted(const struct pdf_font_use *u, unsigned cp)
{
	return (u->bits[cp / 64] >> (cp % 64)) & 1;
}

static size_t count_noted(const struct pdf_font_use *u)
{
	size_t i, n = 0;

	for (i = 0; i < 65536; i++)
		n += (size_t)noted(u, (unsigned)i);
	return n;
}

static void code_points_are_noted_as_drawn(void **state)
{
	struct pdf_font_use u;

	(void)state;
	memset(&u, 0, sizeof u);
	/* A, u-umlaut (2 bytes), check mark (3 bytes), an emoji (4 bytes:
	 * libharu draws a space) */
	pdf_font_note(&u, "A\xc3\xbc\xe2\x9c\x93\xf0\x9f\x98\x80" "A");
	assert_true(noted(&u, 'A') && noted(&u, 0xfc) && noted(&u, 0x2713) && noted(&u, ' '));
	assert_int_equal(count_noted(&u), 4);
	pdf_font_note(&u, "");
	assert_int_equal(count_noted(&u), 4);
}

static const char *find(const char *hay, size_t n, const char *needle)
{
	size_t k = strlen(needle), i;

	for (i = 0; i + k <= n; i++)
		if (memcmp(hay + i, needle, k) == 0)
			return hay + i;
	return NULL;
}

/* The CIDs of the first /W array in the file: each run is "first [w ...]". */
static size_t width_cids(const char *pdf, size_t n, unsigned *cids, size_t max)
{
	const char *p = find(pdf, n, "/W ["), *end;
	size_t count = 0;

	if (!p)
		return 0;
	end = pdf + n;
	p += 4;
	while (p < end && *p != ']') {
		char *q;
		unsigned long first = strtoul(p, &q, 10), k = 0;

		if (q == p) {
			p++;
			continue;
		}
		p = q;
		while (p < end && *p != '[')
			p++;
		for (p++; p < end && *p != ']'; k++) {
			strtol(p, &q, 10);
			if (q == p)
				break;
			p = q;
			while (p < end && *p == ' ')
				p++;
			if (count < max)
				cids[count++] = (unsigned)(first + k);
		}
		p++;
	}
	return count;
}

static void the_width_array_lists_only_the_drawn_characters(void **state)
{
	char path[] = "/tmp/ccsla-test-font-XXXXXX";
	struct pdfw_doc d;
	struct ccsla_error err;
	char *pdf = NULL;
	size_t n, i, k;
	unsigned cids[256];

	(void)state;
	close(mkstemp(path));
	assert_int_equal(pdfw_open(&d, &SETUP, &err), 0);
	pdfw_text(&d, d.regular, 10, 100, 700, PDF_LEFT, "Zürich Łódź Ελλάδα ✓");
	assert_int_equal(pdfw_save(&d, path, &err), 0);
	pdfw_close(&d);
	assert_int_equal(read_file(path, &pdf, &n, &err), 0);
	k = width_cids(pdf, n, cids, 256);
	/* every listed CID was drawn (by the page text or the footer) */
	assert_true(k > 10 && k < 60);
	for (i = 0; i < k; i++)
		assert_true(noted(&d.used_regular, cids[i]) || noted(&d.used_bold, cids[i]));
	for (i = 0; i < k && cids[i] != 0x141; i++) /* L with stroke */
		;
	assert_true(i < k);
	/* two faces, no 65,536-entry tables, no glyph names */
	assert_true(n < 140000);
	free(pdf);
	unlink(path);
}

/* Every Type0 font's decoded ToUnicode CMap, appended to cmaps. */
static size_t to_unicode_cmaps(const char *pdf, size_t n, char *cmaps, size_t size)
{
	struct pdf_doc d;
	struct ccsla_error err;
	size_t used = 0, fonts = 0;
	uint32_t num;

	assert_int_equal(pdf_open(&d, (const unsigned char *)pdf, n, "t.pdf", &err), 0);
	for (num = 1; num < d.nxref; num++) {
		struct pdf_obj *o = pdf_get(&d, num, NULL), *cmap;
		unsigned char *text;
		size_t len;

		if (!o || !pdf_is_name(pdf_dict_get(o, "Subtype"), "Type0"))
			continue;
		assert_non_null(cmap = pdf_dict_getr(&d, o, "ToUnicode", &err));
		assert_int_equal(pdf_stream_decode(&d, cmap, 1 << 20, &text, &len, &err), 0);
		assert_true(used + len < size);
		memcpy(cmaps + used, text, len);
		used += len;
		cmaps[used] = '\0';
		free(text);
		fonts++;
	}
	pdf_close(&d);
	return fonts;
}

static void the_to_unicode_cmaps_map_the_drawn_characters_with_bfrange(void **state)
{
	char path[] = "/tmp/ccsla-test-cmap-XXXXXX", *cmaps = malloc(1 << 20);
	struct pdfw_doc d;
	struct ccsla_error err;
	char *pdf = NULL;
	size_t n;

	(void)state;
	close(mkstemp(path));
	assert_int_equal(pdfw_open(&d, &SETUP, &err), 0);
	pdfw_text(&d, d.regular, 10, 100, 700, PDF_LEFT, "Zürich ✓ abc");
	pdfw_text(&d, d.bold, 10, 100, 680, PDF_LEFT, "Łódź");
	assert_int_equal(pdfw_save(&d, path, &err), 0);
	pdfw_close(&d);
	assert_int_equal(read_file(path, &pdf, &n, &err), 0);
	assert_int_equal(to_unicode_cmaps(pdf, n, cmaps, 1 << 20), 2);
	/* a ToUnicode CMap (9.10.3): code to Unicode, never a CID range */
	assert_null(strstr(cmaps, "cidrange"));
	assert_non_null(strstr(cmaps, "/CMapType 2 def"));
	assert_non_null(strstr(cmaps, "/Ordering (UCS)"));
	/* runs of drawn code points, each mapping to itself */
	assert_non_null(strstr(cmaps, "<0061> <0063> <0061>"));     /* abc, regular */
	assert_non_null(strstr(cmaps, "<00FC> <00FC> <00FC>"));     /* u-umlaut */
	assert_non_null(strstr(cmaps, "<2713> <2713> <2713>"));     /* check mark */
	assert_non_null(strstr(cmaps, "<0141> <0141> <0141>"));     /* L with stroke, bold */
	/* not drawn: no range covers 'q' */
	assert_null(strstr(cmaps, "<0071>"));
	free(cmaps);
	free(pdf);
	unlink(path);
}

static void a_missing_or_broken_font_is_refused_with_its_path(void **state)
{
	char dir[] = "/tmp/ccsla-test-fontdir-XXXXXX", file[256];
	struct pdfw_doc d;
	struct ccsla_error err;
	FILE *fp;

	(void)state;
	assert_non_null(mkdtemp(dir));
	setenv("CCSLA_FONT_DIR", dir, 1);
	assert_int_equal(pdfw_open(&d, &SETUP, &err), -1);
	assert_non_null(strstr(err.file, dir));
	assert_non_null(strstr(err.msg, "cannot open the font"));
	snprintf(file, sizeof file, "%s/DejaVuSans.ttf", dir);
	fp = fopen(file, "w");
	fputs("not a font", fp);
	fclose(fp);
	assert_int_equal(pdfw_open(&d, &SETUP, &err), -1);
	assert_non_null(strstr(err.msg, "not a TrueType font"));
	unsetenv("CCSLA_FONT_DIR");
	unlink(file);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(code_points_are_noted_as_drawn),
		cmocka_unit_test(the_width_array_lists_only_the_drawn_characters),
		cmocka_unit_test(the_to_unicode_cmaps_map_the_drawn_characters_with_bfrange),
		cmocka_unit_test(a_missing_or_broken_font_is_refused_with_its_path),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
