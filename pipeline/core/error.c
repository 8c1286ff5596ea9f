/* error.c -- filling and printing struct ccsla_error. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "error.h"

void ccsla_error_clear(struct ccsla_error *err)
{
	memset(err, 0, sizeof *err);
}

int ccsla_error_set(struct ccsla_error *err, const char *file, long line,
                    const char *field, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return -1;
	ccsla_error_clear(err);
	if (file)
		snprintf(err->file, sizeof err->file, "%s", file);
	err->line = line;
	if (field)
		snprintf(err->field, sizeof err->field, "%s", field);
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	return -1;
}

const char *ccsla_error_format(const struct ccsla_error *err, char *buf, size_t size)
{
	size_t n = 0;

	buf[0] = '\0';
	if (err->file[0])
		n += snprintf(buf + n, size - n, "%s:", err->file);
	if (n < size && err->line > 0)
		n += snprintf(buf + n, size - n, "%ld:", err->line);
	if (n < size && err->column > 0)
		n += snprintf(buf + n, size - n, "%ld:", err->column);
	if (n < size && n > 0)
		n += snprintf(buf + n, size - n, " ");
	if (n < size && err->field[0])
		n += snprintf(buf + n, size - n, "field '%s': ", err->field);
	if (n < size)
		snprintf(buf + n, size - n, "%s", err->msg);
	return buf;
}
