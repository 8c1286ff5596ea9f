/* csvw.c -- CSV cells with quoting and formula neutralisation (csvw.h). */
#include <string.h>

#include "csvw.h"

void csvw_init(struct csvw *w, FILE *fp)
{
	w->fp = fp;
	w->cells = 0;
}

void csv_write_cell(FILE *fp, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, fp);
		return;
	}
	fputc('"', fp);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', fp);
		fputc(*s, fp);
	}
	fputc('"', fp);
}

static void separator(struct csvw *w)
{
	if (w->cells++)
		fputc(',', w->fp);
}

void csvw_text(struct csvw *w, const char *s)
{
	separator(w);
	if (strchr("=+-@\t\r", s[0]) && s[0]) {
		/* The apostrophe makes a spreadsheet show the text as text. */
		char buf[1024];
		snprintf(buf, sizeof buf, "'%s", s);
		csv_write_cell(w->fp, buf);
		return;
	}
	csv_write_cell(w->fp, s);
}

void csvw_number(struct csvw *w, const char *s)
{
	separator(w);
	csv_write_cell(w->fp, s);
}

void csvw_end_line(struct csvw *w)
{
	fputc('\n', w->fp);
	w->cells = 0;
}
