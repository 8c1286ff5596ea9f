/* csvw.c -- CSV cells with quoting and formula neutralisation (csvw.h). */
#include <string.h>

#include "csvw.h"

void csvw_init(struct csvw *w, FILE *fp)
{
	w->fp = fp;
	w->cells = 0;
	w->len = 0;
}

static void flush(struct csvw *w)
{
	if (w->len)
		fwrite(w->buf, 1, w->len, w->fp);
	w->len = 0;
}

static void put(struct csvw *w, char c)
{
	if (w->len == sizeof w->buf)
		flush(w);
	w->buf[w->len++] = c;
}

static void put_bytes(struct csvw *w, const char *s, size_t n)
{
	if (w->len + n > sizeof w->buf) {
		flush(w);
		if (n > sizeof w->buf) {
			fwrite(s, 1, n, w->fp);
			return;
		}
	}
	memcpy(w->buf + w->len, s, n);
	w->len += n;
}

/* One cell, with prefix (a neutralising apostrophe, or 0 for none) before
 * s. A plain cell (no separator, quote, CR or LF: nearly every one) is
 * measured in one tight pass and copied with memcpy. */
static void put_cell(struct csvw *w, char prefix, const char *s)
{
	/* the bytes that end a plain run: NUL and the four that need quotes */
	static const unsigned char stop[256] = { [0] = 1, [','] = 1, ['"'] = 1, ['\r'] = 1, ['\n'] = 1 };
	size_t n = 0;
	const char *p;

	while (!stop[(unsigned char)s[n]])
		n++;
	if (!s[n]) {
		if (prefix)
			put(w, prefix);
		put_bytes(w, s, n);
		return;
	}
	put(w, '"');
	if (prefix)
		put(w, prefix);
	for (p = s; *p; p++) {
		if (*p == '"')
			put(w, '"');
		put(w, *p);
	}
	put(w, '"');
}

void csv_write_cell(FILE *fp, const char *s)
{
	struct csvw w;

	csvw_init(&w, fp);
	put_cell(&w, 0, s);
	flush(&w);
}

static void separator(struct csvw *w)
{
	if (w->cells++)
		put(w, ',');
}

void csvw_text(struct csvw *w, const char *s)
{
	separator(w);
	/* The apostrophe makes a spreadsheet show the text as text. */
	put_cell(w, s[0] && strchr("=+-@\t\r", s[0]) ? '\'' : 0, s);
}

void csvw_number(struct csvw *w, const char *s)
{
	separator(w);
	put_cell(w, 0, s);
}

void csvw_integers(struct csvw *w, const int64_t *v, size_t n, size_t present)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char *p;
		uint64_t u;
		int k;

		/* room for a separator, a sign and 20 digits, made once per cell */
		if (w->len + 22 > sizeof w->buf)
			flush(w);
		p = w->buf + w->len;
		if (w->cells++)
			*p++ = ',';
		if (i < present) {
			if (v[i] == 0) { /* most counts of a quiet interval */
				*p++ = '0';
			} else {
				char digits[20];

				/* magnitude as unsigned: -INT64_MIN does not fit an int64_t */
				u = v[i] < 0 ? 0 - (uint64_t)v[i] : (uint64_t)v[i];
				for (k = 0; u; u /= 10)
					digits[k++] = (char)('0' + u % 10);
				if (v[i] < 0)
					*p++ = '-';
				while (k)
					*p++ = digits[--k];
			}
		}
		w->len = (size_t)(p - w->buf);
	}
}

void csvw_end_line(struct csvw *w)
{
	put(w, '\n');
	flush(w);
	w->cells = 0;
}
