/* csvw.c -- CSV cells with quoting and formula neutralisation (csvw.h). */
#include <string.h>

#include "csvw.h"

void csvw_init(struct csvw *w, FILE *fp)
{
	w->fp = fp;
	w->cells = 0;
}

/* One cell, with prefix (a neutralising apostrophe, or "") before s. */
static void write_cell(FILE *fp, const char *prefix, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(prefix, fp);
		fputs(s, fp);
		return;
	}
	fputc('"', fp);
	fputs(prefix, fp);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', fp);
		fputc(*s, fp);
	}
	fputc('"', fp);
}

void csv_write_cell(FILE *fp, const char *s)
{
	write_cell(fp, "", s);
}

static void separator(struct csvw *w)
{
	if (w->cells++)
		fputc(',', w->fp);
}

void csvw_text(struct csvw *w, const char *s)
{
	separator(w);
	/* The apostrophe makes a spreadsheet show the text as text. */
	write_cell(w->fp, s[0] && strchr("=+-@\t\r", s[0]) ? "'" : "", s);
}

void csvw_number(struct csvw *w, const char *s)
{
	separator(w);
	csv_write_cell(w->fp, s);
}

void csvw_integers(struct csvw *w, const int64_t *v, size_t n, size_t present)
{
	char buf[512];
	size_t len = 0, i;

	for (i = 0; i < n; i++) {
		char digits[24];
		int k = 0;
		uint64_t u;

		if (len + 22 > sizeof buf) {
			fwrite(buf, 1, len, w->fp);
			len = 0;
		}
		if (w->cells++)
			buf[len++] = ',';
		if (i >= present)
			continue;
		/* magnitude as unsigned: -INT64_MIN does not fit an int64_t */
		u = v[i] < 0 ? 0 - (uint64_t)v[i] : (uint64_t)v[i];
		do
			digits[k++] = (char)('0' + u % 10);
		while ((u /= 10) != 0);
		if (v[i] < 0)
			buf[len++] = '-';
		while (k)
			buf[len++] = digits[--k];
	}
	fwrite(buf, 1, len, w->fp);
}

void csvw_end_line(struct csvw *w)
{
	fputc('\n', w->fp);
	w->cells = 0;
}
