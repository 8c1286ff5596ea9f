/* jsonw.c -- streaming JSON writer (see jsonw.h). Two-space indentation,
 * one member per line: diffs of outputs stay readable. */
#include <inttypes.h>

#include "jsonw.h"

void jsonw_init(struct jsonw *j, FILE *fp)
{
	j->fp = fp;
	j->depth = 0;
	j->count[0] = 0;
	j->after_key = 0;
}

static void indent(struct jsonw *j)
{
	fputc('\n', j->fp);
	for (int i = 0; i < j->depth; i++)
		fputs("  ", j->fp);
}

/* Comma and newline before a value, unless it follows its key. */
static void before_value(struct jsonw *j)
{
	if (j->after_key) {
		j->after_key = 0;
		return;
	}
	if (j->depth > 0) {
		if (j->count[j->depth]++)
			fputc(',', j->fp);
		indent(j);
	}
}

static void open_container(struct jsonw *j, int ch)
{
	before_value(j);
	fputc(ch, j->fp);
	if (j->depth + 1 < JSONW_MAX_DEPTH)
		j->depth++;
	j->count[j->depth] = 0;
}

static void close_container(struct jsonw *j, int ch)
{
	int had = j->count[j->depth];

	if (j->depth > 0)
		j->depth--;
	if (had)
		indent(j);
	fputc(ch, j->fp);
}

void jsonw_object_begin(struct jsonw *j) { open_container(j, '{'); }
void jsonw_object_end(struct jsonw *j) { close_container(j, '}'); }
void jsonw_array_begin(struct jsonw *j) { open_container(j, '['); }
void jsonw_array_end(struct jsonw *j) { close_container(j, ']'); }

void json_write_escaped(FILE *fp, const char *s)
{
	fputc('"', fp);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': fputs("\\\"", fp); break;
		case '\\': fputs("\\\\", fp); break;
		case '\n': fputs("\\n", fp); break;
		case '\r': fputs("\\r", fp); break;
		case '\t': fputs("\\t", fp); break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				fprintf(fp, "\\u%04x", *p);
			else
				fputc(*p, fp);
		}
	}
	fputc('"', fp);
}

void jsonw_key(struct jsonw *j, const char *key)
{
	before_value(j);
	json_write_escaped(j->fp, key);
	fputs(": ", j->fp);
	j->after_key = 1;
}

void jsonw_string(struct jsonw *j, const char *s)
{
	before_value(j);
	json_write_escaped(j->fp, s);
}

void jsonw_int(struct jsonw *j, int64_t v)
{
	before_value(j);
	fprintf(j->fp, "%" PRId64, v);
}

void jsonw_bool(struct jsonw *j, int v)
{
	before_value(j);
	fputs(v ? "true" : "false", j->fp);
}

void jsonw_null(struct jsonw *j)
{
	before_value(j);
	fputs("null", j->fp);
}

void jsonw_raw(struct jsonw *j, const char *text)
{
	before_value(j);
	fputs(text, j->fp);
}

void jsonw_kv_string(struct jsonw *j, const char *key, const char *s)
{
	jsonw_key(j, key);
	jsonw_string(j, s);
}

void jsonw_kv_int(struct jsonw *j, const char *key, int64_t v)
{
	jsonw_key(j, key);
	jsonw_int(j, v);
}

int jsonw_finish(struct jsonw *j)
{
	fputc('\n', j->fp);
	return ferror(j->fp) ? -1 : 0;
}
