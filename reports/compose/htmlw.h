/* htmlw.h -- a small HTML writer for report.html: markup goes out as it is,
 * every string from data or contracts through htmlw_text(), which escapes
 * & < > " and ' (safe in element content and in quoted attributes alike).
 *
 *   struct htmlw h; htmlw_init(&h, fp);
 *   htmlw_raw(&h, "<td>"); htmlw_text(&h, client_name); htmlw_raw(&h, "</td>");
 *   htmlw_finish(&h);   // -1 if fp had a write error
 *
 * Output depends only on what is written: no clock, no locale. */
#ifndef CCSLA_HTMLW_H
#define CCSLA_HTMLW_H

#include <stdint.h>
#include <stdio.h>

struct htmlw {
	FILE *fp;
	unsigned next_id;        /* for htmlw_id(): ids unique within the file */
};

void htmlw_init(struct htmlw *h, FILE *fp);
/* Markup written as it is: only literals of the writer, never data. */
void htmlw_raw(struct htmlw *h, const char *markup);
/* Markup from a format; %s arguments must be markup or pre-escaped too. */
void htmlw_printf(struct htmlw *h, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A string from data or a contract, escaped; NULL writes nothing. */
void htmlw_text(struct htmlw *h, const char *text);
/* <tag class="cls">escaped text</tag>; cls may be NULL. */
void htmlw_elem(struct htmlw *h, const char *tag, const char *cls, const char *text);
void htmlw_int(struct htmlw *h, int64_t v);
/* A fresh id "<prefix>-<n>" into buf (size >= 32). */
const char *htmlw_id(struct htmlw *h, const char *prefix, char *buf, size_t size);
/* 0, or -1 when a write failed. */
int htmlw_finish(struct htmlw *h);

#endif
