/* pdf_testlib.h -- hand-made PDF files for the PDF reader tests (header
 * only, included by tests/test_pdfparse.c and tests/test_pdftext.c): a
 * growing byte buffer and a classic-xref file of numbered objects. */
#ifndef CCSLA_PDF_TESTLIB_H
#define CCSLA_PDF_TESTLIB_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct buf {
	unsigned char *p;        /* NUL-terminated past len; the caller frees */
	size_t len;
};

static inline void put(struct buf *b, const void *data, size_t n)
{
	b->p = realloc(b->p, b->len + n + 1);
	assert_non_null(b->p);
	memcpy(b->p + b->len, data, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static inline __attribute__((format(printf, 2, 3))) void putf(struct buf *b, const char *fmt, ...)
{
	char tmp[8192];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	assert_true(n >= 0 && (size_t)n < sizeof tmp);
	put(b, tmp, (size_t)n);
}

/* Objects 1..n (at most 32) from bodies, a classic xref and a trailer with
 * /Root 1 0 R plus `extra` ("" for none). */
static inline struct buf classic_pdf(const char *const *bodies, int n, const char *extra)
{
	struct buf b = {0};
	size_t off[32], xref;

	assert_true(n >= 0 && n <= 32);
	putf(&b, "%%PDF-1.4\n");
	for (int i = 0; i < n; i++) {
		off[i] = b.len;
		putf(&b, "%d 0 obj\n%s\nendobj\n", i + 1, bodies[i]);
	}
	xref = b.len;
	putf(&b, "xref\n0 %d\n0000000000 65535 f\r\n", n + 1);
	for (int i = 0; i < n; i++)
		putf(&b, "%010zu 00000 n\r\n", off[i]);
	putf(&b, "trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%zu\n%%%%EOF\n", n + 1, extra, xref);
	return b;
}

#endif
