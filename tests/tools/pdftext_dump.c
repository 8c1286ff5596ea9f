/* pdftext_dump.c -- the page text ccsla reads from a PDF (reports/sign/
 * pdftext.h), one run a line: "PAGE<TAB>X<TAB>Y<TAB>SIZE<TAB>TEXT".
 * tests/e2e/pagetext.sh compares its words with pdftotext's.
 *
 *   build/tools/pdftext_dump FILE.pdf
 *
 * Exits 0, or 3 with the reader's message when the file cannot be read. */
#include <stdio.h>
#include <stdlib.h>

#include "core/fsutil.h"
#include "reports/sign/pdftext.h"

int main(int argc, char **argv)
{
	struct ccsla_error err = {0};
	struct pdf_doc d;
	struct pdftext t;
	char *buf = NULL, msg[1024];
	size_t len, i;

	if (argc != 2) {
		fprintf(stderr, "usage: pdftext_dump FILE.pdf\n");
		return 2;
	}
	if (read_file(argv[1], &buf, &len, &err) < 0 ||
	    pdf_open(&d, (const unsigned char *)buf, len, argv[1], &err) < 0) {
		fprintf(stderr, "pdftext_dump: %s\n", ccsla_error_format(&err, msg, sizeof msg));
		free(buf);
		return 3;
	}
	if (pdftext_read(&d, &t, &err) < 0) {
		fprintf(stderr, "pdftext_dump: %s\n", ccsla_error_format(&err, msg, sizeof msg));
		pdf_close(&d);
		free(buf);
		return 3;
	}
	for (i = 0; i < t.n; i++)
		printf("%u\t%.2f\t%.2f\t%.2f\t%s\n", t.runs[i].page, t.runs[i].x, t.runs[i].y, t.runs[i].size,
		       t.runs[i].text);
	printf("# %u pages, %zu runs\n", t.pages, t.n);
	pdftext_free(&t);
	pdf_close(&d);
	free(buf);
	return 0;
}
