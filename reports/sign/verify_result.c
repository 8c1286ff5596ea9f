/* verify_result.c -- the lines of a verification (verify_result.h). */
#include <stdarg.h>
#include <stdio.h>

#include "verify_result.h"

/* Names and cells come from the file: no terminal control bytes reach
 * the screen (an escape sequence could repaint FAIL as ok). */
void verify_no_controls(char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 32 || *s == 127)
			*s = '?';
}

void verify_note(struct verify_result *r, int ok, const char *fmt, ...)
{
	struct verify_line *l;
	va_list ap;

	if (!ok)
		r->all_ok = 0;
	if (r->n_lines == VERIFY_MAX_LINES) {
		/* Keep the last slot saying that more was wrong. */
		if (!ok)
			snprintf(r->lines[VERIFY_MAX_LINES - 1].text, sizeof r->lines[0].text,
			         "more problems were found than can be listed");
		r->lines[VERIFY_MAX_LINES - 1].ok &= ok;
		return;
	}
	l = &r->lines[r->n_lines++];
	l->ok = ok;
	va_start(ap, fmt);
	vsnprintf(l->text, sizeof l->text, fmt, ap);
	va_end(ap);
	verify_no_controls(l->text);
}
