/* pdftext.c -- page text of a PDF, in drawing order (pdftext.h).
 *
 * Three parts: a lexer of content streams and CMaps (the same PostScript-
 * like tokens), a ToUnicode CMap reader (code -> UTF-16 units), and the
 * text-operator interpreter that makes runs. Every loop is bounded by the
 * buffer or by a limit below; a limit reached is an error, so a hostile
 * file costs at most that much memory and time. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdfchar.h"
#include "pdftext.h"

#define MAX_PAGES 10000
#define MAX_TREE_DEPTH 32
#define MAX_TREE_NODES 100000         /* page-tree nodes visited (shared kids) */
#define MAX_PAGE_CONTENT (16u << 20)  /* decoded /Contents of one page */
#define MAX_DOC_CONTENT (64u << 20)   /* decoded /Contents of all pages */
#define MAX_CONTENT_PARTS 1000        /* streams in a /Contents array */
#define MAX_CMAP_BYTES (4u << 20)     /* one decoded ToUnicode stream */
#define MAX_CMAP_ENTRIES 200000       /* bfchar + bfrange entries, all fonts */
#define MAX_FONTS 64                  /* distinct font objects */
#define MAX_RUNS 200000
#define MAX_TEXT_BYTES (16u << 20)    /* UTF-8 of all runs */
#define MAX_STRING (1u << 20)         /* one string token */
#define MAX_OPERANDS 16               /* the last ones before an operator are kept */
#define MAX_NEST 32                   /* arrays and dictionaries in a content stream */
#define MAX_DST 8                     /* UTF-16 units one code maps to */

/* ---- lexer ---- */

enum tok { T_EOF, T_ERR, T_NUM, T_STR, T_NAME, T_KEY, T_AOPEN, T_ACLOSE, T_DOPEN, T_DCLOSE };

struct lexer {
	const unsigned char *p, *end;
	unsigned char *s;        /* the token's bytes (string, name or keyword) */
	size_t len, cap;
	double num;
	const char *why;         /* T_ERR: what is wrong */
};

static int put(struct lexer *lx, unsigned char c)
{
	if (lx->len == lx->cap) {
		size_t cap = lx->cap ? lx->cap * 2 : 256;
		unsigned char *s;

		if (lx->len >= MAX_STRING || !(s = realloc(lx->s, cap))) {
			lx->why = lx->len >= MAX_STRING ? "a string longer than 1 MiB" : "out of memory";
			return -1;
		}
		lx->s = s;
		lx->cap = cap;
	}
	lx->s[lx->len++] = c;
	return 0;
}

static enum tok lex_error(struct lexer *lx, const char *why)
{
	lx->why = why;
	return T_ERR;
}

/* (literal string): nested parentheses, escapes, \ddd (7.3.4.2) */
static enum tok lex_literal(struct lexer *lx)
{
	int depth = 1;

	while (lx->p < lx->end) {
		int c = *lx->p++;

		if (c == '\\') {
			if (lx->p >= lx->end)
				break;
			c = *lx->p++;
			switch (c) {
			case 'n': c = '\n'; break;
			case 'r': c = '\r'; break;
			case 't': c = '\t'; break;
			case 'b': c = '\b'; break;
			case 'f': c = '\f'; break;
			case '\r':
				if (lx->p < lx->end && *lx->p == '\n')
					lx->p++;
				continue;
			case '\n':
				continue;
			default:
				if (c >= '0' && c <= '7') {
					int v = c - '0', k;

					for (k = 1; k < 3 && lx->p < lx->end && *lx->p >= '0' && *lx->p <= '7'; k++)
						v = v * 8 + (*lx->p++ - '0');
					c = v & 0xff;
				}
			}
		} else if (c == '(') {
			depth++;
		} else if (c == ')' && --depth == 0) {
			return T_STR;
		} else if (c == '\r') {
			if (lx->p < lx->end && *lx->p == '\n')
				lx->p++;
			c = '\n';
		}
		if (put(lx, (unsigned char)c) < 0)
			return T_ERR;
	}
	return lex_error(lx, "a string without its closing parenthesis");
}

static enum tok lex_hex(struct lexer *lx)
{
	int hi = -1;

	while (lx->p < lx->end) {
		int c = *lx->p++, v;

		if (c == '>') {
			if (hi >= 0 && put(lx, (unsigned char)(hi << 4)) < 0)
				return T_ERR;
			return T_STR;
		}
		if (pdfchar_is_space(c))
			continue;
		if ((v = pdfchar_hexval(c)) < 0)
			return lex_error(lx, "a hex string with a byte that is not a hex digit");
		if (hi < 0) {
			hi = v;
		} else {
			if (put(lx, (unsigned char)(hi << 4 | v)) < 0)
				return T_ERR;
			hi = -1;
		}
	}
	return lex_error(lx, "a hex string without its closing '>'");
}

/* A number: [+-] digits [. digits], or [+-] . digits; 0 when it is one. */
static int parse_number(const unsigned char *s, size_t n, double *out)
{
	double v = 0, scale = 1;
	size_t i = 0;
	int neg = 0, digits = 0, dot = 0;

	if (i < n && (s[i] == '+' || s[i] == '-'))
		neg = s[i++] == '-';
	for (; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9') {
			digits++;
			if (dot)
				v += (s[i] - '0') * (scale /= 10);
			else if (v < 1e15)
				v = v * 10 + (s[i] - '0');
		} else if (s[i] == '.' && !dot) {
			dot = 1;
		} else {
			return -1;
		}
	}
	if (!digits)
		return -1;
	*out = neg ? -v : v;
	return 0;
}

static enum tok lex_next(struct lexer *lx)
{
	int c;

	lx->len = 0;
	for (;;) {
		while (lx->p < lx->end && pdfchar_is_space(*lx->p))
			lx->p++;
		if (lx->p >= lx->end)
			return T_EOF;
		if (*lx->p != '%')
			break;
		while (lx->p < lx->end && *lx->p != '\n' && *lx->p != '\r')
			lx->p++;
	}
	c = *lx->p++;
	switch (c) {
	case '(':
		return lex_literal(lx);
	case '<':
		if (lx->p < lx->end && *lx->p == '<') {
			lx->p++;
			return T_DOPEN;
		}
		return lex_hex(lx);
	case '>':
		if (lx->p < lx->end && *lx->p == '>') {
			lx->p++;
			return T_DCLOSE;
		}
		return lex_error(lx, "a '>' outside a hex string");
	case '[': case '{':
		return T_AOPEN;
	case ']': case '}':
		return T_ACLOSE;
	case ')':
		return lex_error(lx, "a ')' outside a string");
	case '/':
		while (lx->p < lx->end && !pdfchar_is_space(*lx->p) && !pdfchar_is_delim(*lx->p)) {
			int h, l;

			c = *lx->p++;
			if (c == '#' && lx->end - lx->p >= 2 && (h = pdfchar_hexval(lx->p[0])) >= 0 &&
			    (l = pdfchar_hexval(lx->p[1])) >= 0) {
				c = h << 4 | l;
				lx->p += 2;
			}
			if (lx->len < 127 && put(lx, (unsigned char)c) < 0)
				return T_ERR;
		}
		return T_NAME;
	default:
		lx->p--;
		while (lx->p < lx->end && !pdfchar_is_space(*lx->p) && !pdfchar_is_delim(*lx->p)) {
			if (lx->len < 63 && put(lx, *lx->p) < 0)
				return T_ERR;
			lx->p++;
		}
		if (parse_number(lx->s, lx->len, &lx->num) == 0)
			return T_NUM;
		return T_KEY;
	}
}

static int key_is(const struct lexer *lx, const char *k)
{
	return lx->len == strlen(k) && !memcmp(lx->s, k, lx->len);
}

/* ---- ToUnicode CMaps ---- */

struct cmap_entry {
	uint32_t lo, hi;         /* codes */
	uint16_t dst[MAX_DST];   /* UTF-16 of lo; for a range the last unit grows with the code */
	uint8_t ndst;
};

struct font_map {
	uint32_t obj;            /* the font dictionary's object number (0: direct) */
	int code_bytes;          /* 1 or 2 */
	struct cmap_entry *e;    /* sorted by lo */
	size_t n;
};

static uint32_t code_of(const unsigned char *s, size_t n)
{
	uint32_t v = 0;

	for (size_t i = 0; i < n && i < 4; i++)
		v = v << 8 | s[i];
	return v;
}

static int entry_cmp(const void *a, const void *b)
{
	const struct cmap_entry *x = a, *y = b;

	return x->lo < y->lo ? -1 : x->lo > y->lo;
}

static int cmap_add(struct font_map *f, size_t *cap, size_t *budget, uint32_t lo, uint32_t hi,
                    const unsigned char *dst, size_t dlen)
{
	struct cmap_entry *e;
	size_t k;

	if (*budget == 0)
		return -1;
	if (f->n == *cap) {
		size_t nc = *cap ? *cap * 2 : 64;
		struct cmap_entry *ne = realloc(f->e, nc * sizeof *ne);

		if (!ne)
			return -1;
		f->e = ne;
		*cap = nc;
	}
	(*budget)--;
	e = &f->e[f->n++];
	e->lo = lo;
	e->hi = hi;
	e->ndst = 0;
	for (k = 0; k + 1 < dlen && e->ndst < MAX_DST; k += 2)
		e->dst[e->ndst++] = (uint16_t)(dst[k] << 8 | dst[k + 1]);
	return 0;
}

/* Parses a ToUnicode CMap: codespacerange (its first range's length is the
 * code length), bfchar pairs and bfrange triples (the destination a string
 * or an array of strings). Returns -1 with why set. */
static int cmap_parse(struct font_map *f, const unsigned char *buf, size_t len, size_t *budget, const char **why)
{
	struct lexer lx = { buf, buf + len, NULL, 0, 0, 0, NULL };
	enum { NONE, SPACE, BFCHAR, BFRANGE } mode = NONE;
	unsigned char a[4], b[4];
	size_t alen = 0, blen = 0, cap = 0, have = 0;
	int in_array = 0, ret = -1;
	uint32_t arr_code = 0, arr_hi = 0;
	enum tok t;

	f->code_bytes = 0;
	while ((t = lex_next(&lx)) != T_EOF) {
		if (t == T_ERR) {
			*why = lx.why;
			goto out;
		}
		if (t == T_KEY) {
			if (key_is(&lx, "begincodespacerange"))
				mode = SPACE;
			else if (key_is(&lx, "beginbfchar"))
				mode = BFCHAR;
			else if (key_is(&lx, "beginbfrange"))
				mode = BFRANGE;
			else if (key_is(&lx, "endcodespacerange") || key_is(&lx, "endbfchar") || key_is(&lx, "endbfrange"))
				mode = NONE;
			have = 0;
			in_array = 0;
			continue;
		}
		if (mode == NONE)
			continue;
		if (mode == BFRANGE && have == 2 && t == T_AOPEN) {
			in_array = 1;
			arr_code = code_of(a, alen);
			arr_hi = code_of(b, blen);
			continue;
		}
		if (in_array) {
			if (t == T_ACLOSE) {
				in_array = 0;
				have = 0;
			} else if (t == T_STR && arr_code <= arr_hi) {
				if (cmap_add(f, &cap, budget, arr_code, arr_code, lx.s, lx.len) < 0)
					goto full;
				arr_code++;
			}
			continue;
		}
		if (t != T_STR) {
			*why = "a CMap entry that is not a hex string";
			goto out;
		}
		if (have == 0) {
			alen = lx.len < 4 ? lx.len : 4;
			if (alen) /* the source may be NULL when empty */
				memcpy(a, lx.s, alen);
			have = 1;
			if (alen == 0 || lx.len > 4) {
				*why = "a CMap code of 0 or more than 4 bytes";
				goto out;
			}
			continue;
		}
		if (mode == SPACE) {
			if (!f->code_bytes)
				f->code_bytes = (int)alen;
			have = 0;
			continue;
		}
		if (mode == BFCHAR) {
			if (cmap_add(f, &cap, budget, code_of(a, alen), code_of(a, alen), lx.s, lx.len) < 0)
				goto full;
			have = 0;
			continue;
		}
		if (have == 1) {
			blen = lx.len < 4 ? lx.len : 4;
			if (blen) /* the source may be NULL when empty */
				memcpy(b, lx.s, blen);
			have = 2;
			continue;
		}
		if (code_of(b, blen) >= code_of(a, alen) &&
		    cmap_add(f, &cap, budget, code_of(a, alen), code_of(b, blen), lx.s, lx.len) < 0)
			goto full;
		have = 0;
	}
	if (!f->code_bytes)
		f->code_bytes = 2; /* no codespacerange: the 2-byte codes of Identity-H */
	if (f->code_bytes > 2) {
		*why = "a CMap with codes of more than 2 bytes";
		goto out;
	}
	if (f->n) /* f->e is NULL for a CMap without entries */
		qsort(f->e, f->n, sizeof *f->e, entry_cmp);
	ret = 0;
	goto out;
full:
	*why = *budget ? "out of memory" : "more than 200000 CMap entries";
out:
	free(lx.s);
	return ret;
}

/* The UTF-16 units of code c, or 0 units when the map has none. */
static size_t cmap_lookup(const struct font_map *f, uint32_t c, uint16_t *out)
{
	size_t lo = 0, hi = f->n, i, k;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (f->e[mid].lo <= c)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* the entries starting at or before c, nearest first (ranges may nest) */
	for (i = lo; i > 0 && lo - i < 8; i--) {
		const struct cmap_entry *e = &f->e[i - 1];

		if (c <= e->hi && e->ndst) {
			for (k = 0; k < e->ndst; k++)
				out[k] = e->dst[k];
			out[e->ndst - 1] = (uint16_t)(out[e->ndst - 1] + (c - e->lo));
			return e->ndst;
		}
	}
	return 0;
}

/* ---- runs ---- */

struct reader {
	struct pdf_doc *d;
	struct pdftext *t;
	size_t *offs;                /* text offsets of t->runs (the pool moves while reading) */
	struct font_map fonts[MAX_FONTS];
	size_t n_fonts;
	size_t cmap_budget;
	size_t doc_content;
	uint32_t page, page_obj;
	/* the run being made */
	unsigned char *run;
	size_t run_len, run_cap;
	int run_open;
	float run_x, run_y, run_size;
	struct ccsla_error *err;
};

/* "page 3 (object 26): ..." */
static int fail_page(struct reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail_page(struct reader *r, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return ccsla_error_set(r->err, r->d->name, 0, NULL, "page %u (object %u): %s", r->page, r->page_obj, msg);
}

static int run_put(struct reader *r, const char *s, size_t n)
{
	if (r->run_len + n + 1 > r->run_cap) {
		size_t cap = r->run_cap ? r->run_cap : 256;
		unsigned char *p;

		while (cap < r->run_len + n + 1)
			cap *= 2;
		if (r->run_len + n > MAX_TEXT_BYTES || !(p = realloc(r->run, cap)))
			return fail_page(r, "%s", r->run_len + n > MAX_TEXT_BYTES ? "more than 16 MiB of text" : "out of memory");
		r->run = p;
		r->run_cap = cap;
	}
	if (n) /* the source may be NULL when empty */
		memcpy(r->run + r->run_len, s, n);
	r->run_len += n;
	return 0;
}

static int put_code_point(struct reader *r, uint32_t cp)
{
	char u[4];
	size_t n;

	if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		cp = 0xfffd; /* no control byte reaches a terminal; lone surrogates are no character */
	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | cp >> 12);
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		u[0] = (char)(0xf0 | cp >> 18);
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	return run_put(r, u, n);
}

/* Ends the run being made: kept when it holds text. */
static int run_end(struct reader *r)
{
	struct pdftext *t = r->t;

	if (!r->run_open)
		return 0;
	r->run_open = 0;
	if (!r->run_len)
		return 0;
	if (t->n == MAX_RUNS || t->pool_len + r->run_len + 1 > MAX_TEXT_BYTES)
		return fail_page(r, "%s", t->n == MAX_RUNS ? "more than 200000 runs of text" : "more than 16 MiB of text");
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 256;
		struct pdftext_run *runs = realloc(t->runs, cap * sizeof *runs);
		size_t *offs;

		if (!runs)
			return fail_page(r, "%s", "out of memory");
		t->runs = runs;
		if (!(offs = realloc(r->offs, cap * sizeof *offs)))
			return fail_page(r, "%s", "out of memory");
		r->offs = offs;
		t->cap = cap;
	}
	if (t->pool_len + r->run_len + 1 > t->pool_cap) {
		size_t cap = t->pool_cap ? t->pool_cap : 4096;
		char *pool;

		while (cap < t->pool_len + r->run_len + 1)
			cap *= 2;
		if (!(pool = realloc(t->pool, cap)))
			return fail_page(r, "%s", "out of memory");
		t->pool = pool;
		t->pool_cap = cap;
	}
	r->offs[t->n] = t->pool_len;
	if (r->run_len) /* the source may be NULL when empty */
		memcpy(t->pool + t->pool_len, r->run, r->run_len);
	t->pool_len += r->run_len;
	t->pool[t->pool_len++] = '\0';
	t->runs[t->n].page = r->page;
	t->runs[t->n].x = r->run_x;
	t->runs[t->n].y = r->run_y;
	t->runs[t->n].size = r->run_size;
	t->runs[t->n].text = NULL;
	t->n++;
	r->run_len = 0;
	return 0;
}

/* The font behind resource name of the page's /Resources /Font, its map
 * read on first use. */
static int font_get(struct reader *r, struct pdf_obj *fonts, const char *name, struct font_map **out)
{
	struct pdf_obj *ref = pdf_dict_get(fonts, name), *font, *tu;
	uint32_t obj = ref && ref->type == PDF_REF ? ref->u.ref.num : 0;
	unsigned char *data = NULL;
	size_t len = 0, i;
	const char *why = NULL;
	struct font_map *f;
	int rc;

	if (!ref)
		return fail_page(r, "font /%s is not in the page's resources", name);
	for (i = 0; i < r->n_fonts; i++)
		if (obj && r->fonts[i].obj == obj) {
			*out = &r->fonts[i];
			return 0;
		}
	if (r->n_fonts == MAX_FONTS)
		return fail_page(r, "more than %d fonts", MAX_FONTS);
	if (!(font = pdf_resolve(r->d, ref, r->err)))
		return -1;
	if (font->type != PDF_DICT)
		return fail_page(r, "font /%s (object %u) is not a dictionary", name, obj);
	tu = pdf_dict_getr(r->d, font, "ToUnicode", r->err);
	if (!tu || tu->type != PDF_STREAM)
		return fail_page(r, "font /%s (object %u) has no /ToUnicode CMap: its text cannot be read", name, obj);
	if (pdf_stream_decode(r->d, tu, MAX_CMAP_BYTES, &data, &len, r->err) < 0)
		return -1;
	f = &r->fonts[r->n_fonts];
	memset(f, 0, sizeof *f);
	f->obj = obj;
	rc = cmap_parse(f, data, len, &r->cmap_budget, &why);
	free(data);
	if (rc < 0) {
		char msg[200];

		free(f->e);
		snprintf(msg, sizeof msg, "font /%s (object %u): ToUnicode CMap: %s", name, obj, why);
		return fail_page(r, "%s", msg);
	}
	r->n_fonts++;
	*out = f;
	return 0;
}

/* Shows the string s through font f at the text state's current point. */
static int show(struct reader *r, const struct font_map *f, const double tm[6], float size,
                const unsigned char *s, size_t n)
{
	size_t i, k;

	if (!f)
		return fail_page(r, "%s", "text shown before any font was set (Tf)");
	if (!r->run_open) {
		r->run_open = 1;
		r->run_len = 0;
		r->run_x = (float)tm[4];
		r->run_y = (float)tm[5];
		r->run_size = (float)(size * (tm[3] < 0 ? -tm[3] : tm[3]));
	}
	for (i = 0; i + (size_t)f->code_bytes <= n; i += (size_t)f->code_bytes) {
		uint16_t u[MAX_DST];
		size_t nu = cmap_lookup(f, code_of(s + i, (size_t)f->code_bytes), u);

		if (!nu && put_code_point(r, 0xfffd) < 0)
			return -1;
		for (k = 0; k < nu; k++) {
			uint32_t cp = u[k];

			if (cp >= 0xd800 && cp < 0xdc00 && k + 1 < nu && u[k + 1] >= 0xdc00 && u[k + 1] < 0xe000) {
				cp = 0x10000 + ((cp - 0xd800) << 10) + (u[k + 1] - 0xdc00);
				k++;
			}
			if (put_code_point(r, cp) < 0)
				return -1;
		}
	}
	if (i < n && put_code_point(r, 0xfffd) < 0) /* a code cut short */
		return -1;
	return 0;
}

struct operand {
	enum tok type;           /* T_NUM, T_STR (an array: its strings joined), T_NAME, T_DOPEN (a dictionary) */
	double num;
	size_t off, len;         /* bytes in the operand buffer */
};

/* Appends the n bytes at s (NULL when n is 0), and a NUL after them when
 * nul, to the operand buffer *ob of *len bytes in *cap, grown by doubling
 * from 256. -1 when the operands since the last operator would pass
 * MAX_STRING, or out of memory. */
static int operand_append(unsigned char **ob, size_t *len, size_t *cap, const unsigned char *s, size_t n, int nul)
{
	size_t need = *len + n + (nul ? 1 : 0);

	if (need > *cap) {
		size_t c = *cap ? *cap : 256;
		unsigned char *p;

		while (c < need)
			c *= 2;
		if (*len + n > MAX_STRING || !(p = realloc(*ob, c)))
			return -1;
		*ob = p;
		*cap = c;
	}
	if (n) /* the source may be NULL when empty */
		memcpy(*ob + *len, s, n);
	*len += n;
	if (nul)
		(*ob)[(*len)++] = '\0';
	return 0;
}

/* Runs one page's content through the text operators. */
static int interpret(struct reader *r, const unsigned char *buf, size_t len, struct pdf_obj *fonts)
{
	struct lexer lx = { buf, buf + len, NULL, 0, 0, 0, NULL };
	struct operand ops[MAX_OPERANDS];
	unsigned char *ob = NULL;        /* operand bytes since the last operator */
	size_t nops = 0, ob_len = 0, ob_cap = 0;
	int nest = 0, ret = -1, in_text = 0;
	double tm[6] = { 1, 0, 0, 1, 0, 0 }, tlm[6] = { 1, 0, 0, 1, 0, 0 }, leading = 0;
	float size = 0;
	struct font_map *font = NULL;
	enum tok t;

	while ((t = lex_next(&lx)) != T_EOF) {
		struct operand *o;

		if (t == T_ERR) {
			fail_page(r, "content stream: %s", lx.why);
			goto out;
		}
		if (nest > 0) { /* inside an array or dictionary operand */
			if (t == T_AOPEN || t == T_DOPEN) {
				if (++nest > MAX_NEST) {
					fail_page(r, "content stream: %s", "arrays or dictionaries nested deeper than 32");
					goto out;
				}
			} else if (t == T_ACLOSE || t == T_DCLOSE) {
				nest--;
			} else if (t == T_STR && ops[nops - 1].type == T_STR) {
				if (operand_append(&ob, &ob_len, &ob_cap, lx.s, lx.len, 0) < 0) {
					fail_page(r, "content stream: %s", "an operand longer than 1 MiB");
					goto out;
				}
				ops[nops - 1].len += lx.len;
			}
			continue;
		}
		if (t == T_ACLOSE || t == T_DCLOSE)
			continue; /* unbalanced: nothing to close */
		if (t != T_KEY) {
			if (nops == MAX_OPERANDS) { /* keep the last ones: operators take theirs from the top */
				memmove(ops, ops + 1, (MAX_OPERANDS - 1) * sizeof *ops);
				nops--;
			}
			o = &ops[nops++];
			o->type = t == T_AOPEN ? T_STR : t;
			o->num = lx.num;
			o->off = ob_len;
			o->len = 0;
			if (t == T_AOPEN || t == T_DOPEN) {
				nest = 1;
				continue;
			}
			if (t == T_STR || t == T_NAME) {
				/* names are looked up as C strings: a NUL after each */
				if (operand_append(&ob, &ob_len, &ob_cap, lx.s, lx.len, 1) < 0) {
					fail_page(r, "content stream: %s", "an operand longer than 1 MiB");
					goto out;
				}
				o->len = lx.len;
			}
			continue;
		}
		/* an operator: its operands are the last ones on the stack */
#define NUM(k) (nops >= (size_t)(k) && ops[nops - (size_t)(k)].type == T_NUM ? ops[nops - (size_t)(k)].num : 0)
		if (key_is(&lx, "BT")) {
			if (run_end(r) < 0)
				goto out;
			in_text = 1;
			memcpy(tm, (double[6]){ 1, 0, 0, 1, 0, 0 }, sizeof tm);
			memcpy(tlm, tm, sizeof tm);
		} else if (key_is(&lx, "ET")) {
			if (run_end(r) < 0)
				goto out;
			in_text = 0;
		} else if (key_is(&lx, "Tf")) {
			if (nops >= 2 && ops[nops - 2].type == T_NAME) {
				if (font_get(r, fonts, (const char *)ob + ops[nops - 2].off, &font) < 0)
					goto out;
				size = (float)NUM(1);
			}
		} else if (key_is(&lx, "TL")) {
			leading = NUM(1);
		} else if (key_is(&lx, "Td") || key_is(&lx, "TD") || key_is(&lx, "T*") || key_is(&lx, "Tm") ||
		           key_is(&lx, "'") || key_is(&lx, "\"")) {
			double tx = NUM(2), ty = NUM(1);

			if (run_end(r) < 0)
				goto out;
			if (key_is(&lx, "Tm")) {
				for (int k = 0; k < 6; k++)
					tlm[k] = NUM(6 - k);
			} else {
				if (key_is(&lx, "TD"))
					leading = -ty;
				if (!key_is(&lx, "Td") && !key_is(&lx, "TD")) {
					tx = 0;
					ty = -leading;
				}
				tlm[4] += tx * tlm[0] + ty * tlm[2];
				tlm[5] += tx * tlm[1] + ty * tlm[3];
			}
			memcpy(tm, tlm, sizeof tm);
			if ((key_is(&lx, "'") || key_is(&lx, "\"")) && nops && ops[nops - 1].type == T_STR && in_text &&
			    show(r, font, tm, size, ob + ops[nops - 1].off, ops[nops - 1].len) < 0)
				goto out;
		} else if (key_is(&lx, "Tj") || key_is(&lx, "TJ")) {
			if (nops && ops[nops - 1].type == T_STR && in_text &&
			    show(r, font, tm, size, ob + ops[nops - 1].off, ops[nops - 1].len) < 0)
				goto out;
		} else if (key_is(&lx, "BI")) {
			/* an inline image: its dictionary up to ID, then binary data up to EI */
			while ((t = lex_next(&lx)) != T_EOF && t != T_ERR && !(t == T_KEY && key_is(&lx, "ID")))
				;
			if (lx.p < lx.end)
				lx.p++;
			while (lx.p + 2 <= lx.end &&
			       !(lx.p[0] == 'E' && lx.p[1] == 'I' && pdfchar_is_space(lx.p[-1]) &&
			         (lx.p + 2 == lx.end || pdfchar_is_space(lx.p[2]))))
				lx.p++;
			lx.p = lx.p + 2 <= lx.end ? lx.p + 2 : lx.end;
		}
#undef NUM
		nops = 0;
		ob_len = 0;
	}
	ret = run_end(r);
out:
	free(ob);
	free(lx.s);
	return ret;
}

/* The page's /Resources, inherited through /Parent (7.7.3.4). */
static struct pdf_obj *page_resources(struct reader *r, struct pdf_obj *page)
{
	for (int depth = 0; page && page->type == PDF_DICT && depth <= MAX_TREE_DEPTH; depth++) {
		struct pdf_obj *res = pdf_dict_getr(r->d, page, "Resources", NULL);

		if (res && res->type == PDF_DICT)
			return res;
		page = pdf_dict_getr(r->d, page, "Parent", NULL);
	}
	return NULL;
}

/* Decodes one content stream and appends it (and a separating space) to
 * the page's buffer. */
static int append_stream(struct reader *r, struct pdf_obj *ref, unsigned char **page, size_t *page_len)
{
	uint32_t obj = ref && ref->type == PDF_REF ? ref->u.ref.num : 0;
	struct pdf_obj *s = pdf_resolve(r->d, ref, r->err);
	unsigned char *data = NULL, *p;
	size_t len = 0;

	if (!s)
		return -1;
	if (s->type != PDF_STREAM)
		return fail_page(r, "/Contents part (object %u) is not a stream", obj);
	if (pdf_stream_decode(r->d, s, MAX_PAGE_CONTENT, &data, &len, r->err) < 0)
		return -1;
	if (*page_len + len + 1 > MAX_PAGE_CONTENT || r->doc_content + len > MAX_DOC_CONTENT) {
		free(data);
		return fail_page(r, "/Contents (object %u): more page content than ccsla reads (16 MiB a page, "
		                 "64 MiB a document)", obj);
	}
	if (!(p = realloc(*page, *page_len + len + 1))) {
		free(data);
		return fail_page(r, "%s", "out of memory");
	}
	*page = p;
	if (len)
		memcpy(p + *page_len, data, len);
	p[*page_len + len] = ' ';
	*page_len += len + 1;
	r->doc_content += len;
	free(data);
	return 0;
}

static int read_page(struct reader *r, struct pdf_obj *page)
{
	struct pdf_obj *contents = pdf_dict_get(page, "Contents"), *res, *fonts, *c;
	unsigned char *buf = NULL;
	size_t len = 0, i;
	int ret = -1;

	res = page_resources(r, page);
	fonts = res ? pdf_dict_getr(r->d, res, "Font", NULL) : NULL;
	if (!contents)
		return 0; /* a blank page */
	if (!(c = pdf_resolve(r->d, contents, r->err)))
		return -1;
	if (c->type == PDF_ARRAY) {
		if (c->u.array.n > MAX_CONTENT_PARTS)
			return fail_page(r, "/Contents has more than %d streams", MAX_CONTENT_PARTS);
		for (i = 0; i < c->u.array.n; i++)
			if (append_stream(r, c->u.array.items[i], &buf, &len) < 0)
				goto out;
	} else if (append_stream(r, contents, &buf, &len) < 0) {
		goto out;
	}
	ret = interpret(r, buf, len, fonts);
out:
	free(buf);
	return ret;
}

/* Page-tree order, depth first; a node visited beyond the budget or too
 * deep is an error (loops and sharing). */
static int walk(struct reader *r, struct pdf_obj *ref, int depth, size_t *budget)
{
	uint32_t num = ref && ref->type == PDF_REF ? ref->u.ref.num : 0;
	struct pdf_obj *node, *type, *kids;

	if (depth > MAX_TREE_DEPTH || *budget == 0)
		return ccsla_error_set(r->err, r->d->name, 0, NULL, "object %u: page tree deeper than %d or with more than "
		                       "%d nodes (a loop?)", num, MAX_TREE_DEPTH, MAX_TREE_NODES);
	(*budget)--;
	if (!ref)
		return ccsla_error_set(r->err, r->d->name, 0, NULL, "object %u: a page-tree node that is missing", num);
	if (!(node = pdf_resolve(r->d, ref, r->err)))
		return -1;
	type = pdf_dict_get(node, "Type");
	if (node->type == PDF_DICT && pdf_is_name(type, "Page")) {
		if (r->page == MAX_PAGES)
			return ccsla_error_set(r->err, r->d->name, 0, NULL, "more than %d pages", MAX_PAGES);
		r->page++;
		r->page_obj = num;
		r->t->pages = r->page;
		return read_page(r, node);
	}
	if (node->type != PDF_DICT || !pdf_is_name(type, "Pages"))
		return ccsla_error_set(r->err, r->d->name, 0, NULL, "object %u: a page-tree node neither /Pages nor /Page",
		                       num);
	kids = pdf_dict_getr(r->d, node, "Kids", r->err);
	if (!kids || kids->type != PDF_ARRAY)
		return ccsla_error_set(r->err, r->d->name, 0, NULL, "object %u: /Pages without /Kids", num);
	for (size_t i = 0; i < kids->u.array.n; i++)
		if (walk(r, kids->u.array.items[i], depth + 1, budget) < 0)
			return -1;
	return 0;
}

int pdftext_read(struct pdf_doc *d, struct pdftext *t, struct ccsla_error *err)
{
	struct reader r;
	struct pdf_obj *cat;
	uint32_t cat_num;
	size_t budget = MAX_TREE_NODES, i;
	int ret = -1;

	memset(t, 0, sizeof *t);
	memset(&r, 0, sizeof r);
	r.d = d;
	r.t = t;
	r.err = err;
	r.cmap_budget = MAX_CMAP_ENTRIES;
	if (pdf_catalog(d, &cat_num, &cat, err) < 0)
		;
	else if (!pdf_dict_get(cat, "Pages"))
		ccsla_error_set(err, d->name, 0, NULL, "object %u: the catalog has no /Pages: no page to read", cat_num);
	else if (walk(&r, pdf_dict_get(cat, "Pages"), 0, &budget) == 0)
		ret = 0;
	for (i = 0; i < r.n_fonts; i++)
		free(r.fonts[i].e);
	free(r.run);
	if (ret == 0)
		for (i = 0; i < t->n; i++)
			t->runs[i].text = t->pool + r.offs[i];
	free(r.offs);
	if (ret < 0)
		pdftext_free(t);
	return ret;
}

void pdftext_free(struct pdftext *t)
{
	free(t->runs);
	free(t->pool);
	memset(t, 0, sizeof *t);
}
