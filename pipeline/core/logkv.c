/* logkv.c -- key=value event lines and a terminal progress bar (logkv.h). */
#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#include "logkv.h"

void logkv_value(FILE *fp, const char *value)
{
	if (value[0] && !strpbrk(value, " \t\r\n\"=\\")) {
		fputs(value, fp);
		return;
	}
	fputc('"', fp);
	for (const char *p = value; *p; p++) {
		if (*p == '"' || *p == '\\')
			fputc('\\', fp);
		if (*p == '\n')
			fputs("\\n", fp);
		else if (*p == '\r')
			fputs("\\r", fp);
		else
			fputc(*p, fp);
	}
	fputc('"', fp);
}

void logkv(const char *event, ...)
{
	va_list ap;
	const char *key;

	progress_end();
	fputs("ccsla event=", stderr);
	logkv_value(stderr, event);
	va_start(ap, event);
	while ((key = va_arg(ap, const char *))) {
		const char *value = va_arg(ap, const char *);
		fprintf(stderr, " %s=", key);
		logkv_value(stderr, value ? value : "");
	}
	va_end(ap);
	fputc('\n', stderr);
}

static int progress_shown;

void progress_show(const char *label, long done, long total)
{
	int width = 30, filled;

	if (!isatty(STDERR_FILENO) || total <= 0)
		return;
	filled = (int)(done * width / total);
	fprintf(stderr, "\r%-24.24s [%.*s%*s] %ld/%ld", label, filled,
	        "##############################", width - filled, "", done, total);
	fflush(stderr);
	progress_shown = 1;
}

void progress_end(void)
{
	if (!progress_shown)
		return;
	fputs("\r\033[K", stderr);
	progress_shown = 0;
}
