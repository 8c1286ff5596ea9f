/* jsonrec.c -- JSON records one at a time from a stream (jsonrec.h).
 *
 * yajl calls back per token; we keep a node tree only for the record being
 * read. Where a record starts depends on the mode:
 *   TOP   every top-level value is a record (JSON lines, Firehose objects
 *         back to back: yajl_allow_multiple_values);
 *   WRAP  inside the wrapper array of a top-level object: each element;
 *   REST  after the wrapper array: the rest of that object is skipped.
 * A top-level object without the wrapper member is a record itself; one
 * that has it is not (its other members, totalHits and the like, are
 * dropped). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_parse.h>
#include <zlib.h>

#include "jsonrec.h"

#define CHUNK (128u << 10)
#define BLOCK (64u << 10)

struct block {
	struct block *next;
	size_t size, used;
	char mem[];
};

/* Bump allocation for one record's nodes and strings; reset, not freed,
 * between records, so a day of records reuses the same few blocks. */
struct arena {
	struct block *first, *cur;
	size_t total;          /* bytes handed out since the last reset */
	int too_big;           /* total passed JSONREC_MAX_RECORD */
};

enum mode { M_TOP, M_WRAP, M_REST };

struct reader {
	const struct jsonrec_handler *h;
	const char *path;
	const char *wrapper_key;
	yajl_handle yh;
	struct arena ar;
	enum mode mode;
	int depth;             /* containers open in the stream */
	int record_depth;      /* depth at which a value is a record: 0 (TOP) or 2 (WRAP) */
	struct jv *root;       /* the record being built, or NULL */
	struct jv *cur;        /* the open container of the record, or NULL */
	char *key;             /* the member name for the next value, or NULL */
	int wrapper_next;      /* the key just read is the wrapper member */
	long rec_line;         /* line where the record started */
	/* line numbers: buf[0..scan_off) is counted into scan_line */
	const unsigned char *buf;
	size_t parse_base;     /* offset in buf of what yajl_parse was given */
	size_t scan_off;
	long scan_line;
	int failed;            /* h->record failed: err holds why */
	struct ccsla_error *err;
};

static void *arena_alloc(struct arena *a, size_t n)
{
	struct block *b;

	n = (n + 15) & ~(size_t)15;
	a->total += n;
	if (a->total > JSONREC_MAX_RECORD) {
		a->too_big = 1;
		return NULL;
	}
	for (;;) {
		b = a->cur;
		if (b && b->size - b->used >= n) {
			void *p = b->mem + b->used;
			b->used += n;
			return p;
		}
		if (!b || !b->next)
			break;
		a->cur = b->next;  /* a block of an earlier record: reuse it */
		a->cur->used = 0;
	}
	if (!(b = malloc(sizeof *b + (n > BLOCK ? n : BLOCK))))
		return NULL;
	b->size = n > BLOCK ? n : BLOCK;
	b->used = n;
	b->next = NULL;
	if (a->cur)
		a->cur->next = b;
	else
		a->first = b;
	a->cur = b;
	return b->mem;
}

static void arena_reset(struct arena *a)
{
	if (a->first)
		a->first->used = 0;
	a->cur = a->first;
	a->total = 0;
	a->too_big = 0;
}

static void arena_free(struct arena *a)
{
	struct block *b = a->first, *next;

	for (; b; b = next) {
		next = b->next;
		free(b);
	}
	memset(a, 0, sizeof *a);
}

static char *arena_strdup(struct arena *a, const unsigned char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);

	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* The line of byte off of the current chunk (offsets only grow). */
static long line_at(struct reader *r, size_t off)
{
	const unsigned char *nl;

	while (r->scan_off < off &&
	       (nl = memchr(r->buf + r->scan_off, '\n', off - r->scan_off))) {
		r->scan_line++;
		r->scan_off = (size_t)(nl - r->buf) + 1;
	}
	if (r->scan_off < off)
		r->scan_off = off;
	return r->scan_line;
}

static void reset_record(struct reader *r)
{
	arena_reset(&r->ar);
	r->root = r->cur = NULL;
	r->key = NULL;
}

/* A value of type t begins; returns its node, NULL when it is not kept
 * (outside any record), or (struct jv *)-1 to cancel the parse. */
#define CANCEL ((struct jv *)-1)
static struct jv *begin_value(struct reader *r, enum jv_type t)
{
	struct jv *v;

	if (r->mode == M_REST)
		return NULL;
	if (!r->cur) {
		if (r->depth != r->record_depth)
			return NULL;
		/* a new record */
		reset_record(r);
		size_t off = r->parse_base + yajl_get_bytes_consumed(r->yh);
		r->rec_line = line_at(r, off ? off - 1 : 0);
	}
	if (!(v = arena_alloc(&r->ar, sizeof *v)))
		return CANCEL;
	memset(v, 0, sizeof *v);
	v->type = t;
	v->key = r->key;
	r->key = NULL;
	v->parent = r->cur;
	if (r->cur) {
		if (r->cur->last)
			r->cur->last->next = v;
		else
			r->cur->child = v;
		r->cur->last = v;
		r->cur->n++;
	} else {
		r->root = v;
	}
	return v;
}

/* The record is complete when its root closes. */
static int maybe_emit(struct reader *r, struct jv *v)
{
	if (v != r->root)
		return 1;
	if (r->h->record(r->h->ctx, r->root, r->rec_line, r->err) != 0) {
		r->failed = 1;
		return 0;
	}
	reset_record(r);
	return 1;
}

static int on_scalar(struct reader *r, enum jv_type t, const unsigned char *s, size_t n, int b)
{
	struct jv *v;

	r->wrapper_next = 0;
	if (!(v = begin_value(r, t)))
		return 1;
	if (v == CANCEL)
		return 0;
	v->boolean = b;
	if (s && !(v->str = arena_strdup(&r->ar, s, n)))
		return 0;
	return maybe_emit(r, v);
}

static int cb_null(void *ctx) { return on_scalar(ctx, JV_NULL, NULL, 0, 0); }
static int cb_bool(void *ctx, int b) { return on_scalar(ctx, JV_BOOL, NULL, 0, b); }
static int cb_number(void *ctx, const char *s, size_t n)
{
	return on_scalar(ctx, JV_NUMBER, (const unsigned char *)s, n, 0);
}
static int cb_string(void *ctx, const unsigned char *s, size_t n)
{
	return on_scalar(ctx, JV_STRING, s, n, 0);
}

static int on_open(struct reader *r, enum jv_type t)
{
	struct jv *v;

	if (t == JV_ARRAY && r->wrapper_next && r->mode == M_TOP && r->depth == 1) {
		/* {"conversations": [ -- its elements are the records */
		r->wrapper_next = 0;
		reset_record(r);
		r->mode = M_WRAP;
		r->record_depth = 2;
		r->depth++;
		return 1;
	}
	r->wrapper_next = 0;
	v = begin_value(r, t);
	r->depth++;
	if (v == CANCEL)
		return 0;
	if (v)
		r->cur = v;
	return 1;
}

static int on_close(struct reader *r)
{
	struct jv *v = r->cur;

	r->depth--;
	if (r->mode == M_WRAP && r->depth == 1 && !v) {
		/* the wrapper array ended */
		r->mode = M_REST;
		return 1;
	}
	if (r->mode == M_REST) {
		if (r->depth == 0) {
			r->mode = M_TOP;
			r->record_depth = 0;
			reset_record(r);
		}
		return 1;
	}
	if (!v)
		return 1;
	r->cur = v->parent;
	return maybe_emit(r, v);
}

static int cb_start_map(void *ctx) { return on_open(ctx, JV_OBJECT); }
static int cb_start_array(void *ctx) { return on_open(ctx, JV_ARRAY); }
static int cb_end(void *ctx) { return on_close(ctx); }

static int cb_key(void *ctx, const unsigned char *k, size_t n)
{
	struct reader *r = ctx;

	r->wrapper_next = r->mode == M_TOP && r->depth == 1 && r->wrapper_key &&
	                  strlen(r->wrapper_key) == n && memcmp(k, r->wrapper_key, n) == 0;
	if (r->mode == M_REST || !r->cur)
		return 1;
	if (!(r->key = arena_strdup(&r->ar, k, n)))
		return 0;
	return 1;
}

static const yajl_callbacks callbacks = {
	cb_null, cb_bool, NULL, NULL, cb_number, cb_string,
	cb_start_map, cb_key, cb_end, cb_start_array, cb_end,
};

static int parser_new(struct reader *r)
{
	if (r->yh)
		yajl_free(r->yh);
	if (!(r->yh = yajl_alloc(&callbacks, NULL, r)))
		return -1;
	yajl_config(r->yh, yajl_allow_multiple_values, 1);
	r->mode = M_TOP;
	r->depth = 0;
	r->record_depth = 0;
	r->wrapper_next = 0;
	reset_record(r);
	return 0;
}

/* yajl's message for the error at the current chunk, on one line. */
/* zlib's message without the path it starts with. */
static const char *zmessage(gzFile gz, const char *path)
{
	int zerr;
	const char *m = gzerror(gz, &zerr);
	size_t n = strlen(path);

	if (strncmp(m, path, n) == 0 && m[n] == ':' && m[n + 1] == ' ')
		m += n + 2;
	return m;
}

static void syntax_message(struct reader *r, const unsigned char *chunk, size_t len,
                           char *out, size_t size)
{
	unsigned char *msg = yajl_get_error(r->yh, 0, chunk, len);
	char *p;

	snprintf(out, size, "%s", msg ? (char *)msg : "syntax error");
	if (msg)
		yajl_free_error(r->yh, msg);
	while ((p = strchr(out, '\n')))
		*p = ' ';
	for (p = out + strlen(out); p > out && (p[-1] == ' ' || p[-1] == '.'); )
		*--p = '\0';
}

int jsonrec_read(const char *path, const char *wrapper_key, const struct jsonrec_handler *h,
                 struct ccsla_error *err)
{
	struct reader r = { .h = h, .path = path, .wrapper_key = wrapper_key, .err = err };
	unsigned char *chunk = NULL;
	gzFile gz = NULL;
	int ret = -1, skip_line = 0;
	size_t last_restart = (size_t)-1; /* where the last restart at a line start began, in this chunk */
	long line_base = 1;   /* line at the start of the next chunk */
	char msg[400];

	if (!(gz = gzopen(path, "rb"))) {
		ccsla_error_set(err, path, 0, NULL, "cannot open: %s", strerror(errno));
		goto out;
	}
	gzbuffer(gz, CHUNK);
	if (!(chunk = malloc(CHUNK)) || parser_new(&r) != 0) {
		ccsla_error_set(err, path, 0, NULL, "out of memory");
		goto out;
	}
	for (;;) {
		int n = gzread(gz, chunk, CHUNK);
		size_t start = 0;

		if (n < 0) {
			int zerr;
			const char *zmsg;
			gzerror(gz, &zerr);
			zmsg = zmessage(gz, path);
			if (zerr == Z_ERRNO) {
				ccsla_error_set(err, path, line_base, NULL, "read failed: %s", strerror(errno));
				goto out;
			}
			/* A cut or corrupt gzip stream: what was read stands. */
			snprintf(msg, sizeof msg, "the gzip stream is cut off or damaged (%s); the rest of the file is lost",
			         zmsg);
			h->error(h->ctx, JSONREC_R_TRUNCATED, r.root ? r.rec_line : line_base, msg);
			ret = 0;
			goto out;
		}
		if (n == 0) {
			int zerr;
			const char *zmsg;
			gzerror(gz, &zerr);
			zmsg = zmessage(gz, path);
			if (zerr != Z_OK) {
				/* gzread gives what it could and then 0 on a stream cut off */
				snprintf(msg, sizeof msg, "the gzip stream is cut off or damaged (%s); the rest of the file is lost",
				         zmsg);
				h->error(h->ctx, JSONREC_R_TRUNCATED, r.root ? r.rec_line : line_base, msg);
				ret = 0;
				goto out;
			}
			break;
		}
		r.buf = chunk;
		r.scan_off = 0;
		r.scan_line = line_base;
		last_restart = (size_t)-1;
		while (start < (size_t)n) {
			yajl_status st;
			size_t used;

			if (skip_line) {
				unsigned char *nl = memchr(chunk + start, '\n', (size_t)n - start);
				if (!nl) {
					start = (size_t)n;
					break;
				}
				start = (size_t)(nl - chunk) + 1;
				skip_line = 0;
				line_at(&r, start);
				continue;
			}
			r.parse_base = start;
			st = yajl_parse(r.yh, chunk + start, (size_t)n - start);
			if (st == yajl_status_ok) {
				start = (size_t)n;
				break;
			}
			if (r.failed)
				goto out;
			used = yajl_get_bytes_consumed(r.yh);
			if (r.ar.too_big) {
				snprintf(msg, sizeof msg, "a record takes more than %u MiB", JSONREC_MAX_RECORD >> 20);
				h->error(h->ctx, JSONREC_R_TOO_BIG, r.rec_line, msg);
			} else if (st == yajl_status_client_canceled) {
				ccsla_error_set(err, path, line_at(&r, start + used), NULL, "out of memory");
				goto out;
			} else {
				long at_line;
				syntax_message(&r, chunk + start, (size_t)n - start, msg, sizeof msg);
				at_line = line_at(&r, start + used);
				if (r.mode != M_TOP) {
					char m2[520];
					snprintf(m2, sizeof m2, "%s at line %ld; the rest of the file cannot be read", msg,
					         at_line);
					h->error(h->ctx, JSONREC_R_SYNTAX, at_line, m2);
					ret = 0;
					goto out;
				}
				h->error(h->ctx, JSONREC_R_SYNTAX, r.root ? r.rec_line : at_line, msg);
			}
			if (r.mode != M_TOP) {
				ret = 0;  /* too big inside a wrapper: no way to resync */
				goto out;
			}
			{
				/* Start again at the next line: at the start of the
				 * error's own line when a record begun on an earlier
				 * line broke there (a line cut short: the next one may
				 * be good), else after the line end that follows. */
				size_t pos = start + used, k = pos;
				int restart_here;

				while (k > start && chunk[k - 1] != '\n')
					k--;
				restart_here = k > start && r.root && line_at(&r, pos) > r.rec_line;
				/* the same line failing again after a restart there: skip
				 * it (restarting at it for ever was a hang the fuzzer found) */
				if (restart_here && k == last_restart)
					restart_here = 0;
				if (restart_here)
					last_restart = k;
				if (parser_new(&r) != 0) {
					ccsla_error_set(err, path, 0, NULL, "out of memory");
					goto out;
				}
				skip_line = !restart_here && !(pos > 0 && chunk[pos - 1] == '\n');
				/* no byte consumed (the error is a line's first byte):
				 * skip that line, or the same error comes back for ever */
				if (!restart_here && pos == start)
					skip_line = 1;
				start = restart_here ? k : pos;
			}
		}
		line_base = line_at(&r, (size_t)n);
	}
	if (!r.yh || yajl_complete_parse(r.yh) != yajl_status_ok) {
		if (r.failed)
			goto out;
		if (!skip_line) {
			snprintf(msg, sizeof msg, "the file ends inside a JSON value");
			h->error(h->ctx, JSONREC_R_TRUNCATED, r.root ? r.rec_line : line_base, msg);
		}
	}
	ret = 0;
out:
	if (r.yh)
		yajl_free(r.yh);
	arena_free(&r.ar);
	free(chunk);
	if (gz)
		gzclose(gz);
	return ret;
}

const struct jv *jv_get(const struct jv *obj, const char *key)
{
	if (!obj || obj->type != JV_OBJECT)
		return NULL;
	for (const struct jv *c = obj->child; c; c = c->next)
		if (strcmp(c->key, key) == 0)
			return c;
	return NULL;
}

const char *jv_str(const struct jv *obj, const char *key)
{
	const struct jv *v = jv_get(obj, key);

	return v && v->type == JV_STRING ? v->str : NULL;
}

const struct jv *jv_path(const struct jv *obj, const char *dotted)
{
	char part[128];

	while (obj && *dotted) {
		size_t n = strcspn(dotted, ".");
		if (n >= sizeof part)
			return NULL;
		memcpy(part, dotted, n);
		part[n] = '\0';
		obj = jv_get(obj, part);
		dotted += n;
		if (*dotted == '.')
			dotted++;
	}
	return obj;
}

int jv_int(const struct jv *v, int64_t *out)
{
	char *end;
	long long x;

	if (!v || v->type != JV_NUMBER)
		return -1;
	errno = 0;
	x = strtoll(v->str, &end, 10);
	if (errno || *end || end == v->str)
		return -1;
	*out = x;
	return 0;
}
