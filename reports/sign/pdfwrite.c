/* pdfwrite.c -- writing PDF objects and incremental updates (pdfwrite.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdfwrite.h"

/* ---- a growable output buffer ---- */


void sb_put(struct sbuf *b, const void *data, size_t n)
{
	if (b->oom)
		return;
	if (b->cap - b->len < n + 1) {
		size_t ncap = b->cap ? b->cap : 4096;
		unsigned char *np;
		while (ncap - b->len < n + 1)
			ncap *= 2;
		if (!(np = realloc(b->p, ncap))) {
			b->oom = 1;
			return;
		}
		b->p = np;
		b->cap = ncap;
	}
	memcpy(b->p + b->len, data, n);
	b->len += n;
}



void sb_printf(struct sbuf *b, const char *fmt, ...)
{
	char tmp[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof tmp) {
		b->oom = 1;   /* never happens with our formats; fail rather than truncate */
		return;
	}
	sb_put(b, tmp, (size_t)n);
}

/* ---- writing PDF objects back (7.3) ---- */

void put_name(struct sbuf *b, const char *s)
{
	SB_LIT(b, "/");
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x21 || c > 0x7e || c == '#' || c == '(' || c == ')' || c == '<' || c == '>' ||
		    c == '[' || c == ']' || c == '{' || c == '}' || c == '/' || c == '%')
			sb_printf(b, "#%02X", c);
		else
			sb_put(b, &c, 1);
	}
}

void put_literal(struct sbuf *b, const char *s, size_t n)
{
	SB_LIT(b, "(");
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '(' || c == ')' || c == '\\')
			sb_printf(b, "\\%c", c);
		else if (c < 32 || c > 126)
			sb_printf(b, "\\%03o", c);
		else
			sb_put(b, &c, 1);
	}
	SB_LIT(b, ")");
}

/* A text string (7.9.2.2): ASCII as is, anything else as UTF-16BE with a BOM. */
void put_text(struct sbuf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	int ascii = 1;

	for (const unsigned char *q = p; *q; q++)
		ascii &= *q < 128;
	if (ascii) {
		put_literal(b, s, strlen(s));
		return;
	}
	SB_LIT(b, "<FEFF");
	while (*p) {
		uint32_t cp;
		int n;
		if (*p < 0x80) { cp = *p; n = 1; }
		else if ((*p & 0xE0) == 0xC0 && (p[1] & 0xC0) == 0x80) { cp = (uint32_t)(*p & 0x1F) << 6 | (p[1] & 0x3F); n = 2; }
		else if ((*p & 0xF0) == 0xE0 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
			cp = (uint32_t)(*p & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F); n = 3;
		} else if ((*p & 0xF8) == 0xF0 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80 && (p[3] & 0xC0) == 0x80) {
			cp = (uint32_t)(*p & 0x07) << 18 | (uint32_t)(p[1] & 0x3F) << 12 | (uint32_t)(p[2] & 0x3F) << 6 | (p[3] & 0x3F);
			n = 4;
		} else { cp = 0xFFFD; n = 1; }   /* not UTF-8: the replacement character */
		if (cp >= 0x10000) {
			cp -= 0x10000;
			sb_printf(b, "%04X%04X", 0xD800 + (unsigned)(cp >> 10), 0xDC00 + (unsigned)(cp & 0x3FF));
		} else {
			sb_printf(b, "%04X", (unsigned)cp);
		}
		p += n;
	}
	SB_LIT(b, ">");
}

int put_obj(struct sbuf *b, const struct pdf_obj *o, int depth)
{
	if (depth > 64)
		return -1;
	switch (o->type) {
	case PDF_NULL: SB_LIT(b, "null"); break;
	case PDF_BOOL: sb_printf(b, "%s", o->u.boolean ? "true" : "false"); break;
	case PDF_INT: sb_printf(b, "%lld", (long long)o->u.integer); break;
	case PDF_REAL: sb_put(b, o->u.str.s, o->u.str.len); break;
	case PDF_NAME: put_name(b, o->u.str.s); break;
	case PDF_STRING: put_literal(b, o->u.str.s, o->u.str.len); break;
	case PDF_REF: sb_printf(b, "%u %u R", o->u.ref.num, o->u.ref.gen); break;
	case PDF_ARRAY:
		SB_LIT(b, "[");
		for (size_t i = 0; i < o->u.array.n; i++) {
			if (i)
				SB_LIT(b, " ");
			if (put_obj(b, o->u.array.items[i], depth + 1) != 0)
				return -1;
		}
		SB_LIT(b, "]");
		break;
	case PDF_DICT:
		SB_LIT(b, "<<");
		for (size_t i = 0; i < o->u.dict.n; i++) {
			SB_LIT(b, " ");
			put_name(b, o->u.dict.keys[i]);
			SB_LIT(b, " ");
			if (put_obj(b, o->u.dict.vals[i], depth + 1) != 0)
				return -1;
		}
		SB_LIT(b, " >>");
		break;
	case PDF_STREAM:
		return -1;   /* a stream is never a direct value */
	}
	return 0;
}

/* Writes a dictionary's entries except those named in skip (NULL-ended). */
int put_dict_entries_except(struct sbuf *b, const struct pdf_obj *dict, const char *const *skip)
{
	for (size_t i = 0; dict && i < dict->u.dict.n; i++) {
		int skipped = 0;
		for (const char *const *k = skip; *k; k++)
			skipped |= strcmp(dict->u.dict.keys[i], *k) == 0;
		if (skipped)
			continue;
		SB_LIT(b, " ");
		put_name(b, dict->u.dict.keys[i]);
		SB_LIT(b, " ");
		if (put_obj(b, dict->u.dict.vals[i], 0) != 0)
			return -1;
	}
	return 0;
}

/* ---- the incremental update ---- */


/* A rewritten object keeps its generation, or references to it would miss. */
uint32_t gen_of(const struct pdf_doc *d, uint32_t num)
{
	return num < d->nxref && d->xref[num].type == 1 ? d->xref[num].gen : 0;
}

void begin_obj(struct sbuf *b, struct pdf_doc *d, struct new_obj *objs, int *nobj, uint32_t num)
{
	uint32_t gen = gen_of(d, num);

	objs[*nobj].num = num;
	objs[*nobj].gen = gen;
	objs[*nobj].offset = b->len;
	(*nobj)++;
	sb_printf(b, "%u %u obj\n", num, gen);
}

static int cmp_new_obj(const void *a, const void *b)
{
	const struct new_obj *x = a, *y = b;

	return x->num < y->num ? -1 : x->num > y->num;
}

/* Trailer keys carried over from the previous trailer (7.5.6). */
static void put_trailer_common(struct sbuf *b, struct pdf_doc *d, uint32_t size, uint32_t root)
{
	struct pdf_obj *info = pdf_dict_get(d->trailer, "Info"), *id = pdf_dict_get(d->trailer, "ID");

	sb_printf(b, "/Size %u /Root %u %u R /Prev %zu", size, root, gen_of(d, root), d->startxref);
	if (info && info->type == PDF_REF)
		sb_printf(b, " /Info %u %u R", info->u.ref.num, info->u.ref.gen);
	if (id && id->type == PDF_ARRAY) {
		SB_LIT(b, " /ID ");
		put_obj(b, id, 0);
	}
}

static void put_be(struct sbuf *b, uint64_t v, int width)
{
	for (int i = width - 1; i >= 0; i--) {
		unsigned char c = (unsigned char)(v >> (8 * i));
		sb_put(b, &c, 1);
	}
}

/* Writes the xref section for objs (sorted), then trailer, startxref, EOF. */
void put_xref(struct sbuf *b, struct pdf_doc *d, struct new_obj *objs, int nobj,
                     uint32_t size, uint32_t root, int as_stream, uint32_t xref_num)
{
	size_t xref_at = b->len;

	qsort(objs, (size_t)nobj, sizeof *objs, cmp_new_obj);
	if (!as_stream) {
		SB_LIT(b, "xref\n");
		for (int i = 0; i < nobj;) {
			int j = i;
			while (j + 1 < nobj && objs[j + 1].num == objs[j].num + 1)
				j++;
			sb_printf(b, "%u %d\n", objs[i].num, j - i + 1);
			for (; i <= j; i++)
				sb_printf(b, "%010zu %05u n\r\n", objs[i].offset, objs[i].gen);
		}
		SB_LIT(b, "trailer\n<< ");
		put_trailer_common(b, d, size, root);
		sb_printf(b, " >>\nstartxref\n%zu\n%%%%EOF\n", xref_at);
		return;
	}
	/* The file uses xref streams, so the update does too (7.5.8): one
	 * uncompressed stream, W [1 4 2], its own entry included. */
	{
		struct sbuf idx = {0}, data = {0};
		for (int i = 0; i < nobj; i++)
			if (objs[i].num == xref_num)
				objs[i].offset = xref_at;
		for (int i = 0; i < nobj;) {
			int j = i;
			while (j + 1 < nobj && objs[j + 1].num == objs[j].num + 1)
				j++;
			sb_printf(&idx, "%s%u %d", idx.len ? " " : "", objs[i].num, j - i + 1);
			for (; i <= j; i++) {
				put_be(&data, 1, 1);
				put_be(&data, objs[i].offset, 4);
				put_be(&data, objs[i].gen, 2);
			}
		}
		sb_printf(b, "%u 0 obj\n<< /Type /XRef /W [1 4 2] /Index [", xref_num);
		sb_put(b, idx.p, idx.len);
		SB_LIT(b, "] ");
		put_trailer_common(b, d, size, root);
		sb_printf(b, " /Length %zu >>\nstream\n", data.len);
		sb_put(b, data.p, data.len);
		sb_printf(b, "\nendstream\nendobj\nstartxref\n%zu\n%%%%EOF\n", xref_at);
		if (idx.oom || data.oom)
			b->oom = 1;
		free(idx.p);
		free(data.p);
	}
}

