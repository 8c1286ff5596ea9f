/* csvw.h -- writing CSV cells (RFC 4180) for the exports.
 *
 * A cell is quoted when it holds a separator, quote, CR or LF. Text cells
 * that a spreadsheet could take for a formula (starting with =, +, -, @, tab
 * or CR) are neutralised with a leading apostrophe (OWASP "CSV injection");
 * numbers are written with csvw_number so that "-12.50" stays a number. */
#ifndef CCSLA_CSVW_H
#define CCSLA_CSVW_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* A line is built in buf and handed to stdio once, at its end (or when buf
 * fills): per-cell stdio calls were a fifth of a report's rendering. */
struct csvw {
	FILE *fp;
	int cells;  /* cells written on the current line */
	size_t len; /* bytes of the current line in buf */
	char buf[1024];
};

void csvw_init(struct csvw *w, FILE *fp);
/* A text cell: quoted as needed, formula-neutralised. */
void csvw_text(struct csvw *w, const char *s);
/* A cell written as it is (numbers we formatted ourselves), quoted as needed
 * but never neutralised. */
void csvw_number(struct csvw *w, const char *s);
/* n integer cells, the first `present` with their value and the others
 * empty, written at once (the evidence's interval rows have 19 each). */
void csvw_integers(struct csvw *w, const int64_t *v, size_t n, size_t present);
/* Ends the line with LF and writes it out. */
void csvw_end_line(struct csvw *w);

/* Writes s as one cell with RFC 4180 quoting only (no neutralising). */
void csv_write_cell(FILE *fp, const char *s);

#endif
