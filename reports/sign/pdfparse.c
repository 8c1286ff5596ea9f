/* pdfparse.c -- read the object structure of a PDF held in memory.
 *
 * Design: a lexer over buf[pos..len), a recursive-descent object parser with
 * a nesting limit, and an xref reader that walks the /Prev chain newest
 * first (the first entry seen for a number wins, as in an incremental
 * update). Objects are parsed lazily by number and cached; all allocations
 * come from one arena freed by pdf_close(). PDF 32000-1 section numbers are
 * given where a rule comes from. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "pdfchar.h"
#include "pdfparse.h"

#define MAX_NESTING 64        /* arrays/dicts inside each other */
#define MAX_RESOLVE 32        /* references to references */
#define MAX_XREF_SECTIONS 4096
#define MAX_TREE_DEPTH 64     /* page tree and name tree */
#define MAX_OBJECTS (1u << 23)
#define MAX_OBJSTM_LEN (64u << 20)

/* ---- arena ---- */

struct pdf_arena {
	struct pdf_arena *next;
	size_t used, cap;
	unsigned char mem[];
};

static void *arena_alloc(struct pdf_doc *d, size_t n)
{
	struct pdf_arena *a = d->arena;

	n = (n + 15) & ~(size_t)15;
	if (!a || a->cap - a->used < n) {
		size_t cap = n > 65536 ? n : 65536;
		struct pdf_arena *b = malloc(sizeof *b + cap);
		if (!b)
			return NULL;
		b->next = a;
		b->used = 0;
		b->cap = cap;
		d->arena = a = b;
	}
	a->used += n;
	return memset(a->mem + a->used - n, 0, n);
}

/* ---- errors ---- */

static int fail(struct pdf_doc *d, struct ccsla_error *err, size_t at, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int fail(struct pdf_doc *d, struct ccsla_error *err, size_t at, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (at == (size_t)-1)
		return ccsla_error_set(err, d->name, 0, NULL, "%s", msg);
	return ccsla_error_set(err, d->name, 0, NULL, "at byte %zu: %s", at, msg);
}

/* ---- lexer (7.2) ---- */

struct lex {
	struct pdf_doc *d;
	const unsigned char *p;   /* buffer being read: the file or a decoded object stream */
	size_t len, pos;
	int in_file;              /* offsets are file offsets */
};

static int is_regular(int c)
{
	return !pdfchar_is_space(c) && !pdfchar_is_delim(c);
}

static void skip_space(struct lex *l)
{
	while (l->pos < l->len) {
		int c = l->p[l->pos];
		if (pdfchar_is_space(c)) {
			l->pos++;
		} else if (c == '%') {
			while (l->pos < l->len && l->p[l->pos] != '\n' && l->p[l->pos] != '\r')
				l->pos++;
		} else {
			break;
		}
	}
}

/* True when the next token is the keyword kw (followed by a non-regular char). */
static int at_keyword(struct lex *l, const char *kw)
{
	size_t n = strlen(kw);

	skip_space(l);
	if (l->len - l->pos < n || memcmp(l->p + l->pos, kw, n) != 0)
		return 0;
	return l->pos + n == l->len || !is_regular(l->p[l->pos + n]);
}

/* Reads an unsigned integer token; -1 when the next token is not one. */
static int read_uint(struct lex *l, uint64_t *v)
{
	size_t i;
	uint64_t x = 0;

	skip_space(l);
	i = l->pos;
	if (i >= l->len || l->p[i] < '0' || l->p[i] > '9')
		return -1;
	while (i < l->len && l->p[i] >= '0' && l->p[i] <= '9') {
		if (x > (UINT64_MAX - 9) / 10)
			return -1;
		x = x * 10 + (uint64_t)(l->p[i] - '0');
		i++;
	}
	if (i < l->len && is_regular(l->p[i]))
		return -1;
	l->pos = i;
	*v = x;
	return 0;
}

static size_t off(const struct lex *l)
{
	return l->in_file ? l->pos : (size_t)-1;
}

static struct pdf_obj *new_obj(struct lex *l, enum pdf_type t, size_t start)
{
	struct pdf_obj *o = arena_alloc(l->d, sizeof *o);

	if (o) {
		o->type = t;
		if (l->in_file)
			o->start = start;
	}
	return o;
}

static int parse_value(struct lex *l, struct pdf_obj **out, int depth, struct ccsla_error *err);

static int parse_literal_string(struct lex *l, struct pdf_obj *o, struct ccsla_error *err)
{
	size_t start = l->pos++, n = 0, depth = 1, end = l->pos;
	char *s;

	/* Find the closing parenthesis first: the decoded string is never
	 * longer than its text, and the text is all we may allocate. */
	for (size_t d = 1; end < l->len && d > 0; end++) {
		if (l->p[end] == '\\')
			end++;
		else if (l->p[end] == '(')
			d++;
		else if (l->p[end] == ')')
			d--;
	}
	if (!(s = arena_alloc(l->d, end - start + 1)))
		return fail(l->d, err, off(l), "out of memory");
	while (l->pos < l->len) {
		int c = l->p[l->pos++];
		if (c == '(') {
			depth++;
		} else if (c == ')') {
			if (--depth == 0)
				break;
		} else if (c == '\\') {
			if (l->pos >= l->len)
				break;
			c = l->p[l->pos++];
			switch (c) {
			case 'n': c = '\n'; break;
			case 'r': c = '\r'; break;
			case 't': c = '\t'; break;
			case 'b': c = '\b'; break;
			case 'f': c = '\f'; break;
			case '\r':
				if (l->pos < l->len && l->p[l->pos] == '\n')
					l->pos++;
				continue;
			case '\n':
				continue;
			default:
				if (c >= '0' && c <= '7') {
					int v = c - '0';
					for (int k = 0; k < 2 && l->pos < l->len && l->p[l->pos] >= '0' && l->p[l->pos] <= '7'; k++)
						v = v * 8 + (l->p[l->pos++] - '0');
					c = v & 255;
				}
				break;
			}
		} else if (c == '\r') {
			/* An unescaped end of line reads as a single \n (7.3.4.2). */
			if (l->pos < l->len && l->p[l->pos] == '\n')
				l->pos++;
			c = '\n';
		}
		s[n++] = (char)c;
	}
	if (depth != 0)
		return fail(l->d, err, l->in_file ? start : (size_t)-1, "string not closed");
	s[n] = '\0';
	o->u.str.s = s;
	o->u.str.len = n;
	return 0;
}

static int parse_hex_string(struct lex *l, struct pdf_obj *o, struct ccsla_error *err)
{
	size_t start = l->pos++, n = 0;
	const unsigned char *close = memchr(l->p + l->pos, '>', l->len - l->pos);
	int hi = -1;
	char *s;

	if (!close)
		return fail(l->d, err, l->in_file ? start : (size_t)-1, "hex string not closed");
	if (!(s = arena_alloc(l->d, (size_t)(close - (l->p + start)) / 2 + 2)))
		return fail(l->d, err, off(l), "out of memory");
	for (;;) {
		int c, v;
		if (l->pos >= l->len)
			return fail(l->d, err, l->in_file ? start : (size_t)-1, "hex string not closed");
		c = l->p[l->pos++];
		if (c == '>')
			break;
		if (pdfchar_is_space(c))
			continue;
		if ((v = pdfchar_hexval(c)) < 0)
			return fail(l->d, err, off(l) == (size_t)-1 ? off(l) : l->pos - 1,
			            "bad character in hex string");
		if (hi < 0) {
			hi = v;
		} else {
			s[n++] = (char)(hi << 4 | v);
			hi = -1;
		}
	}
	if (hi >= 0)
		s[n++] = (char)(hi << 4);   /* an odd last digit is followed by 0 (7.3.4.3) */
	s[n] = '\0';
	o->u.str.s = s;
	o->u.str.len = n;
	return 0;
}

static int parse_name(struct lex *l, struct pdf_obj *o, struct ccsla_error *err)
{
	size_t start = ++l->pos, n = 0;
	char *s;

	while (l->pos < l->len && is_regular(l->p[l->pos]))
		l->pos++;
	if (!(s = arena_alloc(l->d, l->pos - start + 1)))
		return fail(l->d, err, off(l), "out of memory");
	for (size_t i = start; i < l->pos; i++) {
		int c = l->p[i];
		if (c == '#' && i + 2 < l->pos && pdfchar_hexval(l->p[i + 1]) >= 0 && pdfchar_hexval(l->p[i + 2]) >= 0) {
			c = pdfchar_hexval(l->p[i + 1]) << 4 | pdfchar_hexval(l->p[i + 2]);
			i += 2;
		}
		s[n++] = (char)c;
	}
	s[n] = '\0';
	o->u.str.s = s;
	o->u.str.len = n;
	return 0;
}

static int parse_number(struct lex *l, struct pdf_obj *o, struct ccsla_error *err)
{
	size_t start = l->pos, i = l->pos;
	int digits = 0, dot = 0;
	int64_t v = 0;
	int neg = 0;

	if (l->p[i] == '+' || l->p[i] == '-')
		neg = l->p[i++] == '-';
	for (; i < l->len && (is_regular(l->p[i])); i++) {
		int c = l->p[i];
		if (c == '.' && !dot) {
			dot = 1;
		} else if (c >= '0' && c <= '9') {
			digits++;
			if (!dot) {
				if (v > (INT64_MAX - 9) / 10)
					return fail(l->d, err, l->in_file ? start : (size_t)-1, "number too large");
				v = v * 10 + (c - '0');
			}
		} else {
			return fail(l->d, err, l->in_file ? start : (size_t)-1, "bad number");
		}
	}
	if (!digits)
		return fail(l->d, err, l->in_file ? start : (size_t)-1, "bad number");
	l->pos = i;
	if (dot) {
		char *s = arena_alloc(l->d, i - start + 1);
		if (!s)
			return fail(l->d, err, off(l), "out of memory");
		memcpy(s, l->p + start, i - start);
		o->type = PDF_REAL;
		o->u.str.s = s;
		o->u.str.len = i - start;
	} else {
		o->type = PDF_INT;
		o->u.integer = neg ? -v : v;
	}
	return 0;
}

/* After an integer: "G R" makes it a reference. */
static void maybe_ref(struct lex *l, struct pdf_obj *o)
{
	size_t save = l->pos;
	uint64_t gen;

	if (o->type != PDF_INT || o->u.integer < 0 || o->u.integer > UINT32_MAX)
		return;
	if (read_uint(l, &gen) == 0 && gen <= UINT32_MAX && at_keyword(l, "R")) {
		l->pos++;
		o->u.ref.num = (uint32_t)o->u.integer;
		o->u.ref.gen = (uint32_t)gen;
		o->type = PDF_REF;
		return;
	}
	l->pos = save;
}

static int push(struct lex *l, void ***items, size_t *n, size_t *cap, void *item, struct ccsla_error *err)
{
	if (*n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 8;
		void **ni = arena_alloc(l->d, ncap * sizeof *ni);
		if (!ni)
			return fail(l->d, err, off(l), "out of memory");
		if (*n)
			memcpy(ni, *items, *n * sizeof *ni);
		*items = ni;
		*cap = ncap;
	}
	(*items)[(*n)++] = item;
	return 0;
}

static int parse_array(struct lex *l, struct pdf_obj *o, int depth, struct ccsla_error *err)
{
	size_t cap = 0;

	l->pos++;
	for (;;) {
		struct pdf_obj *item;
		skip_space(l);
		if (l->pos >= l->len)
			return fail(l->d, err, off(l), "array not closed before end of data");
		if (l->p[l->pos] == ']') {
			l->pos++;
			return 0;
		}
		if (parse_value(l, &item, depth + 1, err) != 0)
			return -1;
		if (push(l, (void ***)&o->u.array.items, &o->u.array.n, &cap, item, err) != 0)
			return -1;
	}
}

static int parse_dict(struct lex *l, struct pdf_obj *o, int depth, struct ccsla_error *err)
{
	size_t kcap = 0, vcap = 0, nv = 0;

	l->pos += 2;
	for (;;) {
		struct pdf_obj key, *val;
		skip_space(l);
		if (l->pos >= l->len)
			return fail(l->d, err, off(l), "dictionary not closed before end of data");
		if (l->p[l->pos] == '>') {
			if (l->pos + 1 >= l->len || l->p[l->pos + 1] != '>')
				return fail(l->d, err, off(l), "expected '>>'");
			l->pos += 2;
			return 0;
		}
		if (l->p[l->pos] != '/')
			return fail(l->d, err, off(l), "dictionary key is not a name");
		if (parse_name(l, &key, err) != 0)
			return -1;
		if (parse_value(l, &val, depth + 1, err) != 0)
			return -1;
		/* A repeated key: the last one wins, as in most readers. */
		for (size_t i = 0; i < o->u.dict.n; i++) {
			if (strcmp(o->u.dict.keys[i], key.u.str.s) == 0) {
				o->u.dict.vals[i] = val;
				goto next;
			}
		}
		if (push(l, (void ***)&o->u.dict.keys, &o->u.dict.n, &kcap, key.u.str.s, err) != 0)
			return -1;
		if (push(l, (void ***)&o->u.dict.vals, &nv, &vcap, val, err) != 0)
			return -1;
next:;
	}
}

static int parse_value(struct lex *l, struct pdf_obj **out, int depth, struct ccsla_error *err)
{
	struct pdf_obj *o;
	size_t start;
	int c, rc = 0;

	skip_space(l);
	if (depth > MAX_NESTING)
		return fail(l->d, err, off(l), "objects nested too deeply");
	if (l->pos >= l->len)
		return fail(l->d, err, off(l), "unexpected end of data");
	start = l->pos;
	c = l->p[l->pos];
	if (!(o = new_obj(l, PDF_NULL, start)))
		return fail(l->d, err, off(l), "out of memory");
	if (c == '(') {
		o->type = PDF_STRING;
		rc = parse_literal_string(l, o, err);
	} else if (c == '<' && l->pos + 1 < l->len && l->p[l->pos + 1] == '<') {
		o->type = PDF_DICT;
		rc = parse_dict(l, o, depth, err);
	} else if (c == '<') {
		o->type = PDF_STRING;
		rc = parse_hex_string(l, o, err);
	} else if (c == '[') {
		o->type = PDF_ARRAY;
		rc = parse_array(l, o, depth, err);
	} else if (c == '/') {
		o->type = PDF_NAME;
		rc = parse_name(l, o, err);
	} else if (c == '+' || c == '-' || c == '.' || (c >= '0' && c <= '9')) {
		if ((rc = parse_number(l, o, err)) == 0)
			maybe_ref(l, o);
	} else if (at_keyword(l, "true") || at_keyword(l, "false")) {
		o->type = PDF_BOOL;
		o->u.boolean = c == 't';
		l->pos += c == 't' ? 4 : 5;
	} else if (at_keyword(l, "null")) {
		l->pos += 4;
	} else {
		return fail(l->d, err, off(l), "unexpected '%c'", c >= 32 && c < 127 ? c : '?');
	}
	if (rc != 0)
		return -1;
	if (l->in_file)
		o->end = l->pos;
	*out = o;
	return 0;
}

/* ---- indirect objects (7.3.10) ---- */

/* Parses "num gen obj VALUE [stream ... endstream] endobj" at offset. */
static int parse_indirect_at(struct pdf_doc *d, size_t offset, uint32_t want_num,
                             struct pdf_obj **out, struct ccsla_error *err)
{
	struct lex l = { d, d->buf, d->len, offset, 1 };
	uint64_t num, gen;
	struct pdf_obj *o;

	if (offset >= d->len || read_uint(&l, &num) != 0 || read_uint(&l, &gen) != 0 || !at_keyword(&l, "obj"))
		return fail(d, err, offset, "expected 'N G obj' for object %u", want_num);
	if (num != want_num)
		return fail(d, err, offset, "found object %llu where the xref says %u",
		            (unsigned long long)num, want_num);
	l.pos += 3;
	if (parse_value(&l, &o, 0, err) != 0)
		return -1;
	if (o->type == PDF_DICT && at_keyword(&l, "stream")) {
		struct pdf_obj *s, *lenobj;
		size_t data, n = 0;
		int have_len = 0;

		l.pos += 6;
		/* "stream" is followed by CRLF or LF, not by CR alone (7.3.8.1). */
		if (l.pos < l.len && l.p[l.pos] == '\r')
			l.pos++;
		if (l.pos < l.len && l.p[l.pos] == '\n')
			l.pos++;
		data = l.pos;
		lenobj = pdf_dict_get(o, "Length");
		if (lenobj && lenobj->type == PDF_REF && lenobj->u.ref.num != want_num)
			lenobj = pdf_resolve(d, lenobj, NULL);
		if (lenobj && lenobj->type == PDF_INT && lenobj->u.integer >= 0 &&
		    (uint64_t)lenobj->u.integer <= d->len - data) {
			struct lex e = l;
			e.pos = data + (size_t)lenobj->u.integer;
			if (at_keyword(&e, "endstream")) {
				n = (size_t)lenobj->u.integer;
				have_len = 1;
				l.pos = e.pos + 9;
			}
		}
		if (!have_len) {
			/* A wrong /Length: fall back to the keyword, as readers do. */
			const unsigned char *e = NULL;
			for (size_t i = data; i + 9 <= d->len; i++) {
				if (d->buf[i] == 'e' && memcmp(d->buf + i, "endstream", 9) == 0) {
					e = d->buf + i;
					break;
				}
			}
			if (!e)
				return fail(d, err, data, "stream of object %u has no 'endstream'", want_num);
			n = (size_t)(e - (d->buf + data));
			if (n && d->buf[data + n - 1] == '\n')
				n--;
			if (n && d->buf[data + n - 1] == '\r')
				n--;
			l.pos = (size_t)(e - d->buf) + 9;
		}
		if (!(s = new_obj(&l, PDF_STREAM, o->start)))
			return fail(d, err, offset, "out of memory");
		s->u.stream.dict = o;
		s->u.stream.data = d->buf + data;
		s->u.stream.len = n;
		s->end = l.pos;
		o = s;
	}
	*out = o;
	return 0;
}

static int load_from_objstm(struct pdf_doc *d, uint32_t num, struct pdf_obj **out, struct ccsla_error *err)
{
	struct pdf_xref_entry *e = &d->xref[num];
	struct pdf_obj *stm, *first_o, *n_o;
	unsigned char *data = NULL, *copy;
	size_t len = 0;
	struct lex l;
	int64_t first, count;

	if (e->where >= d->nxref || d->xref[e->where].type != 1)
		return fail(d, err, (size_t)-1, "object %u: its object stream %llu is not in the file",
		            num, (unsigned long long)e->where);
	if (!(stm = pdf_get(d, (uint32_t)e->where, err)))
		return -1;
	if (stm->type != PDF_STREAM)
		return fail(d, err, stm->start, "object %llu is not an object stream", (unsigned long long)e->where);
	first_o = pdf_dict_getr(d, stm, "First", err);
	n_o = pdf_dict_getr(d, stm, "N", err);
	if (!first_o || !n_o || first_o->type != PDF_INT || n_o->type != PDF_INT ||
	    first_o->u.integer < 0 || n_o->u.integer < 0)
		return fail(d, err, stm->start, "object stream %llu lacks /First or /N", (unsigned long long)e->where);
	first = first_o->u.integer;
	count = n_o->u.integer;
	if (e->gen >= count)
		return fail(d, err, stm->start, "object %u: index %u beyond the %lld objects of its stream",
		            num, e->gen, (long long)count);
	if (pdf_stream_decode(d, stm, MAX_OBJSTM_LEN, &data, &len, err) != 0)
		return -1;
	/* Keep the decoded bytes as long as the objects that point into them. */
	if (!(copy = arena_alloc(d, len + 1))) {
		free(data);
		return fail(d, err, (size_t)-1, "out of memory");
	}
	memcpy(copy, data, len);
	free(data);
	l = (struct lex){ d, copy, len, 0, 0 };
	for (int64_t i = 0; i <= (int64_t)e->gen; i++) {
		uint64_t onum, ooff;
		if (read_uint(&l, &onum) != 0 || read_uint(&l, &ooff) != 0)
			return fail(d, err, stm->start, "object stream %llu: bad header", (unsigned long long)e->where);
		if (i == (int64_t)e->gen) {
			if (onum != num)
				return fail(d, err, stm->start, "object stream %llu holds %llu where the xref says %u",
				            (unsigned long long)e->where, (unsigned long long)onum, num);
			if ((uint64_t)first + ooff >= len)
				return fail(d, err, stm->start, "object stream %llu: offset beyond its data",
				            (unsigned long long)e->where);
			l.pos = (size_t)(first + (int64_t)ooff);
		}
	}
	if (parse_value(&l, out, 0, err) != 0) {
		/* offsets inside decoded bytes are no file offsets: say whose bytes */
		char why[sizeof err->msg];

		snprintf(why, sizeof why, "%s", err->msg);
		return fail(d, err, (size_t)-1, "object %u in object stream %llu: %.300s", num,
		            (unsigned long long)e->where, why);
	}
	if ((*out)->type == PDF_STREAM)
		return fail(d, err, stm->start, "a stream inside an object stream");
	return 0;
}

struct pdf_obj *pdf_get(struct pdf_doc *d, uint32_t num, struct ccsla_error *err)
{
	struct pdf_obj *o = NULL;
	int rc;

	if (num >= d->nxref || d->xref[num].type == 0) {
		fail(d, err, (size_t)-1, "object %u is not in the file", num);
		return NULL;
	}
	if (d->cache[num])
		return d->cache[num];
	if (d->loading[num]) {
		fail(d, err, (size_t)-1, "object %u refers to itself while being read", num);
		return NULL;
	}
	d->loading[num] = 1;
	if (d->xref[num].type == 1)
		rc = parse_indirect_at(d, (size_t)d->xref[num].where, num, &o, err);
	else
		rc = load_from_objstm(d, num, &o, err);
	d->loading[num] = 0;
	if (rc != 0)
		return NULL;
	d->cache[num] = o;
	return o;
}

struct pdf_obj *pdf_resolve(struct pdf_doc *d, struct pdf_obj *o, struct ccsla_error *err)
{
	for (int i = 0; o && o->type == PDF_REF; i++) {
		if (i == MAX_RESOLVE) {
			fail(d, err, (size_t)-1, "references chained more than %d deep", MAX_RESOLVE);
			return NULL;
		}
		o = pdf_get(d, o->u.ref.num, err);
	}
	return o;
}

struct pdf_obj *pdf_dict_get(const struct pdf_obj *o, const char *key)
{
	if (o && o->type == PDF_STREAM)
		o = o->u.stream.dict;
	if (!o || o->type != PDF_DICT)
		return NULL;
	for (size_t i = 0; i < o->u.dict.n; i++)
		if (strcmp(o->u.dict.keys[i], key) == 0)
			return o->u.dict.vals[i];
	return NULL;
}

struct pdf_obj *pdf_dict_getr(struct pdf_doc *d, const struct pdf_obj *o, const char *key,
                              struct ccsla_error *err)
{
	struct pdf_obj *v = pdf_dict_get(o, key);

	return v ? pdf_resolve(d, v, err) : NULL;
}

int pdf_is_name(const struct pdf_obj *o, const char *s)
{
	return o && o->type == PDF_NAME && strcmp(o->u.str.s, s) == 0;
}

/* ---- streams (7.4) ---- */

/* Undoes the PNG predictors (7.4.4.4) in place; returns the new length. */
static int png_unpredict(unsigned char *p, size_t len, size_t columns, size_t colors, size_t bpc,
                         size_t *out_len)
{
	size_t bpp = (colors * bpc + 7) / 8, row = (columns * colors * bpc + 7) / 8;
	size_t rows, o = 0;
	unsigned char *prev = NULL;

	if (bpp == 0 || row == 0 || len % (row + 1) != 0)
		return -1;
	rows = len / (row + 1);
	for (size_t r = 0; r < rows; r++) {
		unsigned char type = p[r * (row + 1)];
		unsigned char *cur = p + r * (row + 1) + 1;
		for (size_t i = 0; i < row; i++) {
			unsigned a = i >= bpp ? cur[i - bpp] : 0, b = prev ? prev[i] : 0;
			unsigned c = prev && i >= bpp ? prev[i - bpp] : 0;
			switch (type) {
			case 0: break;
			case 1: cur[i] = (unsigned char)(cur[i] + a); break;
			case 2: cur[i] = (unsigned char)(cur[i] + b); break;
			case 3: cur[i] = (unsigned char)(cur[i] + (a + b) / 2); break;
			case 4: {
				int pa = abs((int)b - (int)c), pb = abs((int)a - (int)c);
				int pc = abs((int)a + (int)b - 2 * (int)c);
				cur[i] = (unsigned char)(cur[i] + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c));
				break;
			}
			default: return -1;
			}
		}
		prev = cur;
	}
	/* Squeeze out the type bytes; rows stay readable while we move them
	 * because each moves down by exactly r+1 bytes. */
	for (size_t r = 0; r < rows; r++) {
		memmove(p + o, p + r * (row + 1) + 1, row);
		o += row;
	}
	*out_len = o;
	return 0;
}

static int64_t parm_int(struct pdf_doc *d, const struct pdf_obj *parms, const char *key, int64_t dflt)
{
	struct pdf_obj *v = pdf_dict_getr(d, parms, key, NULL);

	return v && v->type == PDF_INT ? v->u.integer : dflt;
}

int pdf_stream_decode(struct pdf_doc *d, const struct pdf_obj *stream, size_t max_len,
                      unsigned char **out, size_t *out_len, struct ccsla_error *err)
{
	struct pdf_obj *filter, *parms;
	unsigned char *buf = NULL;
	size_t cap = 0, n = 0;
	z_stream z;
	int zr;

	*out = NULL;
	*out_len = 0;
	if (!stream || stream->type != PDF_STREAM)
		return fail(d, err, (size_t)-1, "not a stream");
	filter = pdf_dict_getr(d, stream, "Filter", NULL);
	parms = pdf_dict_getr(d, stream, "DecodeParms", NULL);
	if (filter && filter->type == PDF_ARRAY) {
		if (filter->u.array.n > 1)
			return fail(d, err, stream->start, "stream has a chain of filters, only FlateDecode is read");
		filter = filter->u.array.n ? pdf_resolve(d, filter->u.array.items[0], NULL) : NULL;
		if (parms && parms->type == PDF_ARRAY)
			parms = parms->u.array.n ? pdf_resolve(d, parms->u.array.items[0], NULL) : NULL;
	}
	if (!filter) {
		if (stream->u.stream.len > max_len)
			return fail(d, err, stream->start, "stream larger than %zu bytes", max_len);
		if (!(buf = malloc(stream->u.stream.len + 1)))
			return fail(d, err, stream->start, "out of memory");
		memcpy(buf, stream->u.stream.data, stream->u.stream.len);
		*out = buf;
		*out_len = stream->u.stream.len;
		return 0;
	}
	if (!pdf_is_name(filter, "FlateDecode"))
		return fail(d, err, stream->start, "stream filter '%s' is not supported (only FlateDecode)",
		            filter->type == PDF_NAME ? filter->u.str.s : "?");
	memset(&z, 0, sizeof z);
	if (inflateInit(&z) != Z_OK)
		return fail(d, err, stream->start, "cannot start zlib");
	z.next_in = (unsigned char *)stream->u.stream.data;
	z.avail_in = (uInt)(stream->u.stream.len > UINT32_MAX ? UINT32_MAX : stream->u.stream.len);
	do {
		if (cap - n < 65536) {
			size_t ncap = cap ? cap * 2 : 65536;
			unsigned char *nb;
			if (cap > max_len + 1) {
				inflateEnd(&z);
				free(buf);
				return fail(d, err, stream->start, "stream inflates beyond %zu bytes", max_len);
			}
			if (!(nb = realloc(buf, ncap + 1))) {
				inflateEnd(&z);
				free(buf);
				return fail(d, err, stream->start, "out of memory");
			}
			buf = nb;
			cap = ncap;
		}
		z.next_out = buf + n;
		z.avail_out = (uInt)(cap - n);
		zr = inflate(&z, Z_NO_FLUSH);
		n = cap - z.avail_out;
	} while (zr == Z_OK && (z.avail_in > 0 || z.avail_out == 0));
	inflateEnd(&z);
	if (zr != Z_STREAM_END && zr != Z_OK) {
		free(buf);
		return fail(d, err, stream->start, "damaged compressed stream (zlib: %s)", z.msg ? z.msg : "error");
	}
	if (n > max_len) {
		free(buf);
		return fail(d, err, stream->start, "stream inflates beyond %zu bytes", max_len);
	}
	if (parms && parm_int(d, parms, "Predictor", 1) >= 10) {
		int64_t cols = parm_int(d, parms, "Columns", 1), colors = parm_int(d, parms, "Colors", 1);
		int64_t bpc = parm_int(d, parms, "BitsPerComponent", 8);
		if (cols < 1 || cols > 1 << 20 || colors < 1 || colors > 32 || bpc < 1 || bpc > 16 ||
		    png_unpredict(buf, n, (size_t)cols, (size_t)colors, (size_t)bpc, &n) != 0) {
			free(buf);
			return fail(d, err, stream->start, "bad PNG predictor data");
		}
	} else if (parms && parm_int(d, parms, "Predictor", 1) != 1) {
		free(buf);
		return fail(d, err, stream->start, "TIFF predictor is not supported");
	}
	buf[n] = '\0';
	*out = buf;
	*out_len = n;
	return 0;
}

/* ---- xref (7.5.4, 7.5.8) ---- */

static int grow_xref(struct pdf_doc *d, uint64_t size, struct ccsla_error *err)
{
	struct pdf_xref_entry *nx;
	struct pdf_obj **nc;
	uint8_t *nl, *ns;

	if (size <= d->nxref)
		return 0;
	if (size > MAX_OBJECTS || size > (uint64_t)d->len)
		return fail(d, err, (size_t)-1, "xref declares %llu objects, more than the file can hold",
		            (unsigned long long)size);
	if (!(nx = realloc(d->xref, size * sizeof *nx)))
		return fail(d, err, (size_t)-1, "out of memory");
	d->xref = nx;
	if (!(nc = realloc(d->cache, size * sizeof *nc)))
		return fail(d, err, (size_t)-1, "out of memory");
	d->cache = nc;
	if (!(nl = realloc(d->loading, size)))
		return fail(d, err, (size_t)-1, "out of memory");
	d->loading = nl;
	if (!(ns = realloc(d->seen_free, size)))
		return fail(d, err, (size_t)-1, "out of memory");
	d->seen_free = ns;
	memset(d->seen_free + d->nxref, 0, size - d->nxref);
	memset(d->xref + d->nxref, 0, (size - d->nxref) * sizeof *nx);
	memset(d->cache + d->nxref, 0, (size - d->nxref) * sizeof *nc);
	memset(d->loading + d->nxref, 0, size - d->nxref);
	d->nxref = (uint32_t)size;
	return 0;
}

/* Newer sections come first, so an entry already set is kept. "seen" marks
 * numbers that any section mentioned, including as free. */
static int set_entry(struct pdf_doc *d, uint64_t num, uint8_t type, uint64_t where,
                     uint64_t gen, struct ccsla_error *err)
{
	if (grow_xref(d, num + 1, err) != 0)
		return -1;
	if (d->xref[num].type != 0 || d->seen_free[num])
		return 0;
	if (type == 1 && where >= d->len)
		return fail(d, err, (size_t)-1, "xref puts object %llu at byte %llu, beyond the end of the file",
		            (unsigned long long)num, (unsigned long long)where);
	if (type == 0) {
		d->seen_free[num] = 1;
		return 0;
	}
	d->xref[num].type = type;
	d->xref[num].where = where;
	d->xref[num].gen = (uint32_t)gen;
	return 0;
}

static int read_xref_table(struct pdf_doc *d, size_t at, struct pdf_obj **trailer,
                           struct ccsla_error *err)
{
	struct lex l = { d, d->buf, d->len, at, 1 };

	l.pos += 4;   /* "xref" */
	for (;;) {
		uint64_t first, count;
		if (at_keyword(&l, "trailer"))
			break;
		if (read_uint(&l, &first) != 0 || read_uint(&l, &count) != 0)
			return fail(d, err, l.pos, "bad xref subsection header");
		if (first + count > MAX_OBJECTS || count > d->len / 18)
			return fail(d, err, l.pos, "xref subsection too large");
		if (grow_xref(d, first + count, err) != 0)
			return -1;
		for (uint64_t i = 0; i < count; i++) {
			uint64_t where, gen;
			char kind;
			if (read_uint(&l, &where) != 0 || read_uint(&l, &gen) != 0)
				return fail(d, err, l.pos, "bad xref entry");
			skip_space(&l);
			if (l.pos >= l.len || (l.p[l.pos] != 'n' && l.p[l.pos] != 'f'))
				return fail(d, err, l.pos, "xref entry is neither 'n' nor 'f'");
			kind = (char)l.p[l.pos++];
			if (set_entry(d, first + i, kind == 'n' ? 1 : 0, where, gen, err) != 0)
				return -1;
		}
	}
	l.pos += 7;
	if (parse_value(&l, trailer, 0, err) != 0)
		return -1;
	if ((*trailer)->type != PDF_DICT)
		return fail(d, err, l.pos, "trailer is not a dictionary");
	return 0;
}

static uint64_t be_field(const unsigned char *p, int64_t w)
{
	uint64_t v = 0;

	for (int64_t i = 0; i < w; i++)
		v = v << 8 | p[i];
	return v;
}

static int read_xref_stream(struct pdf_doc *d, size_t at, struct pdf_obj **trailer,
                            struct ccsla_error *err)
{
	struct lex l = { d, d->buf, d->len, at, 1 };
	uint64_t num, gen;
	struct pdf_obj *s, *w, *index, *size;
	unsigned char *data = NULL;
	size_t len = 0, pos = 0;
	int64_t wv[3], rowlen;
	int ret = -1;

	if (read_uint(&l, &num) != 0 || read_uint(&l, &gen) != 0 || !at_keyword(&l, "obj") || num >= MAX_OBJECTS)
		return fail(d, err, at, "startxref points at neither 'xref' nor an object");
	if (parse_indirect_at(d, at, (uint32_t)num, &s, err) != 0)
		return -1;
	if (s->type != PDF_STREAM || !pdf_is_name(pdf_dict_get(s, "Type"), "XRef"))
		return fail(d, err, at, "object at startxref is not an xref stream");
	w = pdf_dict_get(s, "W");
	size = pdf_dict_get(s, "Size");
	index = pdf_dict_get(s, "Index");
	if (!w || w->type != PDF_ARRAY || w->u.array.n != 3 || !size || size->type != PDF_INT || size->u.integer < 0)
		return fail(d, err, at, "xref stream lacks a valid /W or /Size");
	for (int i = 0; i < 3; i++) {
		struct pdf_obj *x = w->u.array.items[i];
		if (x->type != PDF_INT || x->u.integer < 0 || x->u.integer > 8)
			return fail(d, err, at, "xref stream /W entry out of range");
		wv[i] = x->u.integer;
	}
	rowlen = wv[0] + wv[1] + wv[2];
	if (rowlen == 0)
		return fail(d, err, at, "xref stream /W is all zero");
	if (pdf_stream_decode(d, s, (size_t)64 << 20, &data, &len, err) != 0)
		return -1;
	if (grow_xref(d, (uint64_t)size->u.integer, err) != 0)
		goto out;
	for (size_t k = 0;; k += 2) {
		int64_t first, count;
		if (index) {
			if (index->type != PDF_ARRAY || index->u.array.n % 2) {
				fail(d, err, at, "xref stream /Index is not pairs of numbers");
				goto out;
			}
			if (k >= index->u.array.n)
				break;
			if (index->u.array.items[k]->type != PDF_INT || index->u.array.items[k + 1]->type != PDF_INT) {
				fail(d, err, at, "xref stream /Index is not pairs of numbers");
				goto out;
			}
			first = index->u.array.items[k]->u.integer;
			count = index->u.array.items[k + 1]->u.integer;
		} else {
			if (k > 0)
				break;
			first = 0;
			count = size->u.integer;
		}
		if (first < 0 || count < 0 || first + count > MAX_OBJECTS) {
			fail(d, err, at, "xref stream /Index out of range");
			goto out;
		}
		if (grow_xref(d, (uint64_t)(first + count), err) != 0)
			goto out;
		for (int64_t i = 0; i < count; i++) {
			uint64_t type, f2, f3;
			if (len - pos < (size_t)rowlen) {
				fail(d, err, at, "xref stream data shorter than its /Index says");
				goto out;
			}
			type = wv[0] ? be_field(data + pos, wv[0]) : 1;
			f2 = be_field(data + pos + wv[0], wv[1]);
			f3 = be_field(data + pos + wv[0] + wv[1], wv[2]);
			pos += (size_t)rowlen;
			if (type > 2)
				continue;   /* reserved types read as null (7.5.8.3) */
			if (set_entry(d, (uint64_t)(first + i), (uint8_t)type, f2, f3, err) != 0)
				goto out;
		}
	}
	*trailer = s->u.stream.dict;
	ret = 0;
out:
	free(data);
	return ret;
}

static int find_startxref(struct pdf_doc *d, size_t *at, struct ccsla_error *err)
{
	size_t from = d->len > 2048 ? d->len - 2048 : 0;
	size_t hit = (size_t)-1;
	struct lex l;
	uint64_t v;

	for (size_t i = from; i + 9 <= d->len; i++)
		if (d->buf[i] == 's' && memcmp(d->buf + i, "startxref", 9) == 0)
			hit = i;
	if (hit == (size_t)-1)
		return fail(d, err, (size_t)-1, "no 'startxref' near the end: not a PDF, or truncated");
	l = (struct lex){ d, d->buf, d->len, hit + 9, 1 };
	if (read_uint(&l, &v) != 0 || v >= d->len)
		return fail(d, err, hit, "'startxref' is not followed by an offset inside the file");
	*at = (size_t)v;
	return 0;
}

int pdf_open(struct pdf_doc *d, const unsigned char *buf, size_t len, const char *name,
             struct ccsla_error *err)
{
	size_t at = 0, visited[MAX_XREF_SECTIONS];
	int nvisited = 0;

	memset(d, 0, sizeof *d);
	d->buf = buf;
	d->len = len;
	snprintf(d->name, sizeof d->name, "%s", name ? name : "");
	if (len < 8 || memcmp(buf, "%PDF-", 5) != 0) {
		fail(d, err, 0, "not a PDF file (no '%%PDF-' header)");
		goto fail;
	}
	if (find_startxref(d, &at, err) != 0)
		goto fail;
	d->startxref = at;
	for (;;) {
		struct pdf_obj *trailer = NULL, *prev, *xrefstm;
		struct lex l = { d, d->buf, d->len, at, 1 };

		for (int i = 0; i < nvisited; i++) {
			if (visited[i] == at) {
				fail(d, err, at, "xref /Prev chain loops");
				goto fail;
			}
		}
		if (nvisited == MAX_XREF_SECTIONS) {
			fail(d, err, at, "more than %d xref sections", MAX_XREF_SECTIONS);
			goto fail;
		}
		visited[nvisited++] = at;
		if (at_keyword(&l, "xref")) {
			if (read_xref_table(d, l.pos, &trailer, err) != 0)
				goto fail;
			/* A hybrid file's table points to a stream with more entries (7.5.8.4). */
			xrefstm = pdf_dict_get(trailer, "XRefStm");
			if (xrefstm && xrefstm->type == PDF_INT && xrefstm->u.integer > 0 &&
			    (uint64_t)xrefstm->u.integer < len) {
				struct pdf_obj *ignored;
				if (read_xref_stream(d, (size_t)xrefstm->u.integer, &ignored, err) != 0)
					goto fail;
			}
		} else {
			if (read_xref_stream(d, at, &trailer, err) != 0)
				goto fail;
			if (nvisited == 1)
				d->newest_is_stream = 1;
		}
		if (!d->trailer)
			d->trailer = trailer;
		prev = pdf_dict_get(trailer, "Prev");
		if (!prev)
			break;
		if (prev->type != PDF_INT || prev->u.integer < 0 || (uint64_t)prev->u.integer >= len) {
			fail(d, err, at, "trailer /Prev is not an offset inside the file");
			goto fail;
		}
		at = (size_t)prev->u.integer;
	}
	free(d->seen_free);
	d->seen_free = NULL;
	if (pdf_dict_get(d->trailer, "Encrypt")) {
		fail(d, err, (size_t)-1, "the file is encrypted, which ccsla does not read");
		goto fail;
	}
	if (!pdf_dict_get(d->trailer, "Root")) {
		fail(d, err, (size_t)-1, "trailer has no /Root");
		goto fail;
	}
	return 0;
fail:
	pdf_close(d);
	return -1;
}

void pdf_close(struct pdf_doc *d)
{
	struct pdf_arena *a = d->arena, *next;

	for (; a; a = next) {
		next = a->next;
		free(a);
	}
	free(d->xref);
	free(d->cache);
	free(d->loading);
	free(d->seen_free);
	d->seen_free = NULL;
	d->arena = NULL;
	d->xref = NULL;
	d->cache = NULL;
	d->loading = NULL;
	d->nxref = 0;
}

/* ---- document structure ---- */

int pdf_catalog(struct pdf_doc *d, uint32_t *num, struct pdf_obj **dict, struct ccsla_error *err)
{
	struct pdf_obj *root = pdf_dict_get(d->trailer, "Root"), *cat;

	if (!root || root->type != PDF_REF)
		return fail(d, err, (size_t)-1, "trailer /Root is not a reference");
	if (!(cat = pdf_get(d, root->u.ref.num, err)))
		return -1;
	if (cat->type != PDF_DICT || !pdf_is_name(pdf_dict_get(cat, "Type"), "Catalog"))
		return fail(d, err, cat->start, "/Root object %u is not a /Catalog dictionary", root->u.ref.num);
	*num = root->u.ref.num;
	*dict = cat;
	return 0;
}

/* Depth-first down the first /Kids until a /Page (7.7.3.2). */
int pdf_first_page(struct pdf_doc *d, uint32_t *num, struct pdf_obj **dict, struct ccsla_error *err)
{
	uint32_t cat_num;
	struct pdf_obj *cat, *node_ref;

	if (pdf_catalog(d, &cat_num, &cat, err) != 0)
		return -1;
	node_ref = pdf_dict_get(cat, "Pages");
	for (int depth = 0;; depth++) {
		struct pdf_obj *node, *kids, *type;
		if (depth > MAX_TREE_DEPTH)
			return fail(d, err, (size_t)-1, "page tree deeper than %d (a loop?)", MAX_TREE_DEPTH);
		if (!node_ref || node_ref->type != PDF_REF)
			return fail(d, err, (size_t)-1, "page tree node is not a reference");
		if (!(node = pdf_get(d, node_ref->u.ref.num, err)))
			return -1;
		type = pdf_dict_get(node, "Type");
		if (node->type == PDF_DICT && pdf_is_name(type, "Page")) {
			*num = node_ref->u.ref.num;
			*dict = node;
			return 0;
		}
		if (node->type != PDF_DICT || !pdf_is_name(type, "Pages"))
			return fail(d, err, node->start, "page tree object %u is neither /Pages nor /Page",
			            node_ref->u.ref.num);
		kids = pdf_dict_getr(d, node, "Kids", err);
		if (!kids || kids->type != PDF_ARRAY || kids->u.array.n == 0)
			return fail(d, err, node->start, "page tree object %u has no /Kids: the document has no page",
			            node_ref->u.ref.num);
		node_ref = kids->u.array.items[0];
	}
}

static void walk_fields(struct pdf_doc *d, struct pdf_obj *fields, int depth, int *budget,
                        struct pdf_obj **sigs, int max, int *n, size_t *n_fields)
{
	if (!fields || fields->type != PDF_ARRAY || depth > MAX_TREE_DEPTH)
		return;
	for (size_t i = 0; i < fields->u.array.n && *budget > 0; i++) {
		struct pdf_obj *f = pdf_resolve(d, fields->u.array.items[i], NULL), *v;
		(*budget)--;
		if (!f || f->type != PDF_DICT)
			continue;
		(*n_fields)++;
		if (pdf_is_name(pdf_dict_getr(d, f, "FT", NULL), "Sig") && (v = pdf_dict_getr(d, f, "V", NULL))) {
			if (*n < max)
				sigs[*n] = v;
			(*n)++;
		}
		walk_fields(d, pdf_dict_getr(d, f, "Kids", NULL), depth + 1, budget, sigs, max, n, n_fields);
	}
}

int pdf_signatures(struct pdf_doc *d, struct pdf_obj **sigs, int max, size_t *n_fields)
{
	uint32_t num;
	struct pdf_obj *cat, *acro;
	int n = 0, budget = 10000;

	*n_fields = 0;
	if (pdf_catalog(d, &num, &cat, NULL) != 0 || !(acro = pdf_dict_getr(d, cat, "AcroForm", NULL)))
		return 0;
	walk_fields(d, pdf_dict_getr(d, acro, "Fields", NULL), 0, &budget, sigs, max, &n, n_fields);
	return n;
}

/* Searches one name-tree node (7.9.6) for key; with key NULL, appends
 * every key to list (", "-separated, cut at list_size) instead. */
static struct pdf_obj *name_tree_find(struct pdf_doc *d, struct pdf_obj *node, const char *key,
                                      int depth, int *budget, struct ccsla_error *err, int *damaged,
                                      char *list, size_t list_size)
{
	struct pdf_obj *names, *kids;

	/* The budget stops a tree whose kids repeat themselves from taking
	 * exponential time; the depth limit alone would not. */
	if (depth > MAX_TREE_DEPTH || --*budget < 0) {
		fail(d, err, (size_t)-1, "name tree deeper than %d or larger than 10000 nodes (a loop?)", MAX_TREE_DEPTH);
		*damaged = 1;
		return NULL;
	}
	names = pdf_dict_getr(d, node, "Names", err);
	if (names && names->type == PDF_ARRAY) {
		for (size_t i = 0; i + 1 < names->u.array.n; i += 2) {
			struct pdf_obj *k = pdf_resolve(d, names->u.array.items[i], err);
			if (!key && k && k->type == PDF_STRING) {
				size_t n = strlen(list);
				snprintf(list + n, list_size - n, "%s%.*s", n ? ", " : "", (int)k->u.str.len, k->u.str.s);
				continue;
			}
			if (key && k && k->type == PDF_STRING && k->u.str.len == strlen(key) &&
			    memcmp(k->u.str.s, key, k->u.str.len) == 0)
				return pdf_resolve(d, names->u.array.items[i + 1], err);
		}
	}
	kids = pdf_dict_getr(d, node, "Kids", err);
	if (kids && kids->type == PDF_ARRAY) {
		for (size_t i = 0; i < kids->u.array.n; i++) {
			struct pdf_obj *kid = pdf_resolve(d, kids->u.array.items[i], err), *hit;
			if (!kid) {
				*damaged = 1;
				return NULL;
			}
			if ((hit = name_tree_find(d, kid, key, depth + 1, budget, err, damaged, list, list_size)) ||
			    *damaged)
				return hit;
		}
	}
	return NULL;
}

int pdf_embedded_file(struct pdf_doc *d, const char *name, size_t max_len,
                      unsigned char **out, size_t *out_len, struct ccsla_error *err)
{
	uint32_t cat_num;
	struct pdf_obj *cat, *names, *tree, *spec, *ef, *file;
	int damaged = 0, budget = 10000;

	*out = NULL;
	*out_len = 0;
	if (pdf_catalog(d, &cat_num, &cat, err) != 0)
		return -1;
	names = pdf_dict_getr(d, cat, "Names", err);
	tree = names ? pdf_dict_getr(d, names, "EmbeddedFiles", err) : NULL;
	if (!tree)
		return 1;
	spec = name_tree_find(d, tree, name, 0, &budget, err, &damaged, NULL, 0);
	if (damaged)
		return -1;
	if (!spec)
		return 1;
	ef = pdf_dict_getr(d, spec, "EF", err);
	file = ef ? pdf_dict_getr(d, ef, "F", err) : NULL;
	if (!file || file->type != PDF_STREAM)
		return fail(d, err, spec->start, "attachment '%s' has no embedded file stream", name);
	return pdf_stream_decode(d, file, max_len, out, out_len, err);
}

int pdf_embedded_names(struct pdf_doc *d, char *list, size_t list_size, struct ccsla_error *err)
{
	uint32_t cat_num;
	struct pdf_obj *cat, *names, *tree;
	int damaged = 0, budget = 10000;

	list[0] = '\0';
	if (pdf_catalog(d, &cat_num, &cat, err) != 0)
		return -1;
	names = pdf_dict_getr(d, cat, "Names", err);
	tree = names ? pdf_dict_getr(d, names, "EmbeddedFiles", err) : NULL;
	if (tree)
		name_tree_find(d, tree, NULL, 0, &budget, err, &damaged, list, list_size);
	return damaged ? -1 : 0;
}
