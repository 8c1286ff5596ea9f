/* error.h -- where a problem was found and what it is.
 *
 * Library code fills a struct ccsla_error and returns -1; the caller decides
 * where the message goes (stderr, quarantine file, report). The printed form
 * is "file:line: field 'name': message" with the parts that are known. */
#ifndef CCSLA_ERROR_H
#define CCSLA_ERROR_H

struct ccsla_error {
	char file[256];   /* input file, or "" */
	long line;        /* 1-based line, 0 when not known */
	long column;      /* 1-based column (contract files), 0 when not known */
	char field[64];   /* column or key name, or "" */
	char msg[512];    /* lowercase, no full stop */
};

/* Exit codes shared by every command (README, ccsla --help). */
enum ccsla_exit {
	EXIT_OK = 0,        /* done, no problem found */
	EXIT_DATA = 1,      /* done, but data problems were found (quarantine, damaged file, SLA check failed) */
	EXIT_USAGE = 2,     /* bad command line */
	EXIT_IO = 3,        /* I/O or internal error: the work was not done */
	EXIT_LOCKED = 4,    /* another run holds the state directory's lock */
};

void ccsla_error_clear(struct ccsla_error *err);
/* Sets every part; file or field may be NULL. Returns -1 so callers can
 * write "return ccsla_error_set(...)". */
int ccsla_error_set(struct ccsla_error *err, const char *file, long line,
                    const char *field, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* Formats "file:line:column: field 'x': msg" into buf. */
const char *ccsla_error_format(const struct ccsla_error *err, char *buf, size_t size);

#endif
