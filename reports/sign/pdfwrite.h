/* pdfwrite.h -- writing PDF objects (7.3) and an incremental update's
 * xref section and trailer (7.5.6), for sign.c (the signature) and dss.c
 * (the document security store). Output goes to a growable buffer that
 * remembers running out of memory (b->oom) instead of failing each call. */
#ifndef CCSLA_PDFWRITE_H
#define CCSLA_PDFWRITE_H

#include <stddef.h>
#include <stdint.h>

#include "pdfparse.h"

struct sbuf {
	unsigned char *p;           /* malloc'd; the owner frees it */
	size_t len, cap;
	int oom;
};

void sb_put(struct sbuf *b, const void *data, size_t n);
void sb_printf(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#define SB_LIT(b, s) sb_put((b), (s), sizeof(s) - 1)

void put_name(struct sbuf *b, const char *s);
void put_literal(struct sbuf *b, const char *s, size_t n);
/* A text string (7.9.2.2): ASCII as is, else UTF-16BE with a BOM. */
void put_text(struct sbuf *b, const char *s);
/* A parsed direct object back as text; -1 when nested deeper than 64 or a
 * stream (never a direct value). */
int put_obj(struct sbuf *b, const struct pdf_obj *o, int depth);
/* A dictionary's entries except those named in skip (NULL-ended). */
int put_dict_entries_except(struct sbuf *b, const struct pdf_obj *dict, const char *const *skip);

/* An object of the update: its number, generation and offset in b. */
struct new_obj { uint32_t num, gen; size_t offset; };

/* The generation a rewritten object keeps (references to it must match). */
uint32_t gen_of(const struct pdf_doc *d, uint32_t num);
/* Records objs[(*nobj)++] at b's end and writes "num gen obj". */
void begin_obj(struct sbuf *b, struct pdf_doc *d, struct new_obj *objs, int *nobj, uint32_t num);
/* The xref section for objs (sorted here), trailer (/Prev = d's startxref,
 * /Info and /ID carried over), startxref and %%EOF; as an xref stream
 * (object xref_num) when as_stream, as the file's newest section is. */
void put_xref(struct sbuf *b, struct pdf_doc *d, struct new_obj *objs, int nobj,
              uint32_t size, uint32_t root, int as_stream, uint32_t xref_num);

#endif
