/* fuzz_pdftext.c -- the page-text reader (reports/sign/pdftext.c) on any
 * bytes, as `ccsla verify --recompute` runs it on a PDF from anywhere.
 *
 * Reading never crashes, leaks or reads out of bounds, and stays within
 * its limits; it either gives runs -- each on a page that was read, its
 * text non-empty, valid UTF-8 and free of control characters (it reaches
 * a terminal in MISMATCH lines) -- or an error that says where: a page and
 * its object, or an object, or the file. Seeds: a report's first page
 * (fonts stripped of their glyphs, object streams) and hand-made pages for
 * every show operator, literal strings, 1-byte codes, inline images and
 * /Contents arrays. */
#include "fuzz.h"

#include "core/utf8.h"
#include "reports/sign/pdftext.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pdf_doc d;
	struct pdftext t;
	struct ccsla_error err;
	size_t i;

	memset(&err, 0, sizeof err);
	if (pdf_open(&d, data, size, "input.pdf", &err) < 0)
		return 0;
	memset(&err, 0, sizeof err);
	if (pdftext_read(&d, &t, &err) == 0) {
		fuzz_require(t.n <= 200000, "%zu runs", t.n);
		fuzz_require(t.pages <= 10000, "%u pages", t.pages);
		for (i = 0; i < t.n; i++) {
			const unsigned char *s = (const unsigned char *)t.runs[i].text;
			size_t len = strlen(t.runs[i].text);

			fuzz_require(t.runs[i].page >= 1 && t.runs[i].page <= t.pages, "run on page %u of %u",
			             t.runs[i].page, t.pages);
			fuzz_require(len > 0, "an empty run");
			fuzz_require(utf8_check(s, len) == len, "run %zu is not valid UTF-8", i);
			for (size_t k = 0; k < len; k++)
				fuzz_require(s[k] >= 0x20 && s[k] != 0x7f, "control byte in run %zu", i);
			/* C1 controls are U+0080..U+009F: C2 80..C2 9F in UTF-8 */
			for (size_t k = 0; k + 1 < len; k++)
				fuzz_require(!(s[k] == 0xc2 && s[k + 1] < 0xa0), "C1 control in run %zu", i);
		}
		pdftext_free(&t);
	} else {
		fuzz_require(err.msg[0] != '\0', "an error without a message");
		fuzz_require(!strcmp(err.file, "input.pdf"), "an error that does not name the file: %s", err.file);
		fuzz_require(!strncmp(err.msg, "page ", 5) || strstr(err.msg, "object") || strstr(err.msg, "offset") ||
		                     strstr(err.msg, "byte") || strstr(err.msg, "more than") ||
		                     !strncmp(err.msg, "trailer", 7), /* one per file: a place */
		             "an error that says not where: %s", err.msg);
		fuzz_require(t.runs == NULL && t.pool == NULL, "runs left after an error");
	}
	pdf_close(&d);
	return 0;
}
