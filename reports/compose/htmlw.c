/* htmlw.c -- the HTML writer of report.html (htmlw.h). */
#include <stdarg.h>
#include <string.h>

#include "htmlw.h"

void htmlw_init(struct htmlw *h, FILE *fp)
{
	h->fp = fp;
	h->next_id = 1;
}

void htmlw_raw(struct htmlw *h, const char *markup)
{
	fputs(markup, h->fp);
}

void htmlw_printf(struct htmlw *h, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(h->fp, fmt, ap);
	va_end(ap);
}

void htmlw_text(struct htmlw *h, const char *text)
{
	const char *p, *run;

	if (!text)
		return;
	for (p = run = text; *p; p++) {
		const char *rep;
		unsigned char c = (unsigned char)*p;

		switch (c) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default:
			/* C0 controls other than tab and newline are not allowed
			 * in HTML text: shown as U+FFFD rather than dropped */
			rep = c < 0x20 && c != '\t' && c != '\n' ? "\xef\xbf\xbd" : NULL;
		}
		if (!rep)
			continue;
		fwrite(run, 1, (size_t)(p - run), h->fp);
		fputs(rep, h->fp);
		run = p + 1;
	}
	fwrite(run, 1, (size_t)(p - run), h->fp);
}

void htmlw_elem(struct htmlw *h, const char *tag, const char *cls, const char *text)
{
	if (cls)
		fprintf(h->fp, "<%s class=\"%s\">", tag, cls);
	else
		fprintf(h->fp, "<%s>", tag);
	htmlw_text(h, text);
	fprintf(h->fp, "</%s>", tag);
}

void htmlw_int(struct htmlw *h, int64_t v)
{
	fprintf(h->fp, "%lld", (long long)v);
}

const char *htmlw_id(struct htmlw *h, const char *prefix, char *buf, size_t size)
{
	snprintf(buf, size, "%s-%u", prefix, h->next_id++);
	return buf;
}

int htmlw_finish(struct htmlw *h)
{
	return ferror(h->fp) ? -1 : 0;
}
