/* mkpdf.c -- test tool: write a small report-like PDF with libharu.
 *
 * usage: mkpdf OUT.pdf PAGES [ATTACHMENT...]
 * Compressed streams, a few pages of text, each ATTACHMENT embedded with
 * HPDF_AttachFile under its base name: the shape of a ccsla report, made
 * without waiting for the renderer. Deterministic: no dates, fixed ID. */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf.h>

static jmp_buf on_error;

static void error_handler(HPDF_STATUS code, HPDF_STATUS detail, void *data)
{
	(void)data;
	fprintf(stderr, "mkpdf: libharu error 0x%04lx (detail %lu)\n", (unsigned long)code, (unsigned long)detail);
	longjmp(on_error, 1);
}

int main(int argc, char **argv)
{
	HPDF_Doc pdf;
	HPDF_Font font;
	int pages;

	if (argc < 3 || (pages = atoi(argv[2])) < 1) {
		fprintf(stderr, "usage: mkpdf OUT.pdf PAGES [ATTACHMENT...]\n");
		return 2;
	}
	if (!(pdf = HPDF_New(error_handler, NULL)))
		return 3;
	if (setjmp(on_error)) {
		HPDF_Free(pdf);
		return 3;
	}
	HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
	font = HPDF_GetFont(pdf, "Helvetica", "WinAnsiEncoding");
	for (int i = 1; i <= pages; i++) {
		HPDF_Page page = HPDF_AddPage(pdf);
		char line[128];
		HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
		HPDF_Page_BeginText(page);
		HPDF_Page_SetFontAndSize(page, font, 12);
		snprintf(line, sizeof line, "ccsla test report, page %d of %d", i, pages);
		HPDF_Page_TextOut(page, 50, 780, line);
		for (int k = 0; k < 40; k++) {
			snprintf(line, sizeof line, "line %d: SL-VOICE 80.00 %% met, offered 1234, answered 1200", k);
			HPDF_Page_TextOut(page, 50, 750 - 16 * k, line);
		}
		HPDF_Page_EndText(page);
	}
	for (int i = 3; i < argc; i++)
		HPDF_AttachFile(pdf, argv[i]);
	if (HPDF_SaveToFile(pdf, argv[1]) != HPDF_OK) {
		HPDF_Free(pdf);
		return 3;
	}
	HPDF_Free(pdf);
	return 0;
}
