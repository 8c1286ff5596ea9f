/* jsonrec.h -- JSON records one at a time from a (gzip) stream, with yajl.
 *
 * A platform export is a stream of JSON records: one object per line
 * (JSON lines), several objects back to back with no separator (what
 * Kinesis Firehose writes), or one wrapper object whose array member holds
 * them ({"conversations": [...]}, the Genesys details query). yajl parses
 * the stream in 128 KiB chunks; this file builds a small tree of one record
 * at a time (in an arena reset after each record) and hands it to a
 * callback, so memory grows with the largest record, never with the file.
 *
 * Errors in the input are not fatal. A JSON syntax error: the records
 * before it stand; in JSON lines the reader starts again after the next
 * line end (the broken line is one rejected record), inside a wrapper
 * array the rest of the file cannot be read (one rejected record says so).
 * A gzip stream cut off, or a file ending inside a value: one rejected
 * record "truncated input". */
#ifndef CCSLA_JSONREC_H
#define CCSLA_JSONREC_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

enum jv_type { JV_NULL, JV_BOOL, JV_NUMBER, JV_STRING, JV_ARRAY, JV_OBJECT };

/* One JSON value of a record. Strings are NUL-terminated copies (a JSON
 * string holding \u0000 is cut there). */
struct jv {
	enum jv_type type;
	const char *key;       /* member name when inside an object, else NULL */
	const char *str;       /* JV_STRING: the text; JV_NUMBER: its digits as written */
	int boolean;           /* JV_BOOL */
	struct jv *child;      /* JV_ARRAY, JV_OBJECT: first element or member */
	struct jv *last;       /* ... and the last (appending is O(1)) */
	struct jv *next;       /* the next sibling */
	struct jv *parent;
	size_t n;              /* number of children */
};

/* Why a record could not be read (the reasons of jsonrec_error). */
#define JSONREC_R_SYNTAX    "JSON syntax error"
#define JSONREC_R_TRUNCATED "truncated input"
#define JSONREC_R_TOO_BIG   "record too large"

#define JSONREC_MAX_RECORD (64u << 20)  /* bytes of tree for one record */

struct jsonrec_handler {
	/* A record (an object or other value) starting at line; returns 0 to
	 * go on, -1 to stop the file with err set (a failing sink). */
	int (*record)(void *ctx, const struct jv *rec, long line, struct ccsla_error *err);
	/* A record that could not be read: reason is a JSONREC_R_* string,
	 * msg says what and where. Counted by the caller as one record. */
	void (*error)(void *ctx, const char *reason, long line, const char *msg);
	void *ctx;
};

/* Reads path (plain or gzip). wrapper_key: the name of a top-level
 * object's array member whose elements are the records (NULL: every
 * top-level value is a record; a top-level object without that member is
 * one record either way). Returns 0 when the file was read to its end (bad
 * records reported through h->error), -1 with err set when it could not be
 * opened or read, or h->record failed. */
int jsonrec_read(const char *path, const char *wrapper_key, const struct jsonrec_handler *h,
                 struct ccsla_error *err);

/* Lookups on a record. NULL when absent (or of another type). */
const struct jv *jv_get(const struct jv *obj, const char *key);
const char *jv_str(const struct jv *obj, const char *key);
/* A dotted path of object members: jv_path(rec, "Agent.Username"). */
const struct jv *jv_path(const struct jv *obj, const char *dotted);
/* An integral number member into *out: 0, or -1 when absent, not a number
 * or not an integer that fits in int64. */
int jv_int(const struct jv *v, int64_t *out);

#endif
