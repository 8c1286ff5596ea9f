/* mkpdf.c -- test tool: write a small report-like PDF with libharu.
 *
 * usage: mkpdf OUT.pdf PAGES [ATTACHMENT...]
 * Compressed streams, pages of text (tests/sign_fixture.h), each
 * ATTACHMENT embedded with HPDF_AttachFile under the name it is given
 * (run it in the attachments' directory for bare names): the shape of a
 * ccsla report, made without waiting for the renderer. */
#include <stdio.h>
#include <stdlib.h>

#include "reports/sign/sign.h"
#include "tests/sign_fixture.h"

int main(int argc, char **argv)
{
	HPDF_Doc pdf;
	int pages;

	if (argc < 3 || (pages = atoi(argv[2])) < 1) {
		fprintf(stderr, "usage: mkpdf OUT.pdf PAGES [ATTACHMENT...]\n");
		return 2;
	}
	if (!(pdf = HPDF_New(fixture_hpdf_error, NULL)))
		return 3;
	fixture_draw_pages(pdf, pages, 40);
	for (int i = 3; i < argc; i++)
		HPDF_AttachFile(pdf, argv[i]);
	if (HPDF_SaveToFile(pdf, argv[1]) != HPDF_OK) {
		HPDF_Free(pdf);
		return 3;
	}
	HPDF_Free(pdf);
	return 0;
}
