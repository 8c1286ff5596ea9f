/* jsonw.h -- a small streaming JSON writer with correct string escaping.
 *
 * Output is deterministic (keys in the order written, fixed indentation), so
 * that files such as manifest.json are byte-identical between runs.
 *
 *   struct jsonw j; jsonw_init(&j, fp);
 *   jsonw_object_begin(&j);
 *   jsonw_key(&j, "rows"); jsonw_int(&j, 42);
 *   jsonw_object_end(&j);
 *   jsonw_finish(&j);   // newline; returns -1 if fp had a write error */
#ifndef CCSLA_JSONW_H
#define CCSLA_JSONW_H

#include <stdint.h>
#include <stdio.h>

#define JSONW_MAX_DEPTH 32

struct jsonw {
	FILE *fp;
	int depth;
	int count[JSONW_MAX_DEPTH]; /* values written at each depth */
	int after_key;              /* the next value follows "key": */
};

void jsonw_init(struct jsonw *j, FILE *fp);
void jsonw_object_begin(struct jsonw *j);
void jsonw_object_end(struct jsonw *j);
void jsonw_array_begin(struct jsonw *j);
void jsonw_array_end(struct jsonw *j);
void jsonw_key(struct jsonw *j, const char *key);
void jsonw_string(struct jsonw *j, const char *s);
void jsonw_int(struct jsonw *j, int64_t v);
void jsonw_bool(struct jsonw *j, int v);
void jsonw_null(struct jsonw *j);
/* Writes text as it is: for numbers already formatted ("12.50"). */
void jsonw_raw(struct jsonw *j, const char *text);
/* key + value in one call */
void jsonw_kv_string(struct jsonw *j, const char *key, const char *s);
void jsonw_kv_int(struct jsonw *j, const char *key, int64_t v);
int jsonw_finish(struct jsonw *j);

/* Writes s as a JSON string literal (with quotes) to fp. */
void json_write_escaped(FILE *fp, const char *s);

#endif
