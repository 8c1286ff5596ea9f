/* pdfparse.h -- a small, careful PDF reader over a file held in memory.
 *
 * Enough of PDF 32000-1 to sign and verify our reports: startxref, classic
 * xref tables and xref streams (with /Prev chains and object streams), the
 * trailer, indirect objects, FlateDecode streams, the page tree and the
 * EmbeddedFiles name tree. Not a renderer; encrypted files are refused.
 *
 * Every read is bounded by the buffer, every chain (refs, /Prev, /Kids,
 * name-tree kids) has a depth or loop guard, so a damaged or hostile file
 * gives an error, never a crash. Objects are parsed on first use and live
 * until pdf_close() (an arena per document): callers never free them.
 * Memory grows with the number of objects touched plus the file (not copied:
 * the caller's buffer must outlive the document). */
#ifndef CCSLA_PDFPARSE_H
#define CCSLA_PDFPARSE_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

enum pdf_type {
	PDF_NULL, PDF_BOOL, PDF_INT, PDF_REAL, PDF_NAME, PDF_STRING,
	PDF_ARRAY, PDF_DICT, PDF_REF, PDF_STREAM,
};

struct pdf_obj {
	enum pdf_type type;
	size_t start, end;     /* byte range of its text in the file; 0,0 inside object streams */
	union {
		int boolean;
		int64_t integer;
		struct { char *s; size_t len; } str;   /* PDF_NAME (no slash, #xx decoded),
		                                          PDF_STRING (decoded bytes), PDF_REAL (its text) */
		struct { struct pdf_obj **items; size_t n; } array;
		struct { char **keys; struct pdf_obj **vals; size_t n; } dict;
		struct { uint32_t num; uint32_t gen; } ref;
		struct { struct pdf_obj *dict; const unsigned char *data; size_t len; } stream; /* raw (encoded) */
	} u;
};

struct pdf_xref_entry {
	uint8_t type;          /* 0 free or absent, 1 at a byte offset, 2 in an object stream */
	uint32_t gen;          /* type 1: generation; type 2: index in the stream */
	uint64_t where;        /* type 1: byte offset; type 2: number of the object stream */
};

struct pdf_arena;

struct pdf_doc {
	const unsigned char *buf;     /* the file, not owned */
	size_t len;
	char name[256];               /* for messages */
	struct pdf_xref_entry *xref;  /* by object number */
	uint32_t nxref;
	struct pdf_obj **cache;       /* parsed objects by number */
	uint8_t *loading;             /* loop guard while an object is parsed */
	struct pdf_obj *trailer;      /* the newest trailer (or xref stream dictionary) */
	size_t startxref;             /* offset of the newest xref section */
	int newest_is_stream;         /* the newest section is an xref stream */
	uint8_t *seen_free;           /* while opening: numbers a newer section marked free */
	struct pdf_arena *arena;
};

/* Reads the xref chain and trailer of buf[0..len). On error fills err
 * (file = name, message says the byte offset) and leaves nothing to close. */
int pdf_open(struct pdf_doc *d, const unsigned char *buf, size_t len, const char *name,
             struct ccsla_error *err);
void pdf_close(struct pdf_doc *d);

/* Object number num, parsed; NULL (and err set) when absent or damaged. */
struct pdf_obj *pdf_get(struct pdf_doc *d, uint32_t num, struct ccsla_error *err);
/* Follows references; returns o itself when it is not a reference. A NULL
 * result means a dangling or looping reference (err set). */
struct pdf_obj *pdf_resolve(struct pdf_doc *d, struct pdf_obj *o, struct ccsla_error *err);

/* Value under key in a dictionary (or a stream's dictionary), not resolved;
 * NULL when absent or when o is not a dictionary. */
struct pdf_obj *pdf_dict_get(const struct pdf_obj *o, const char *key);
/* The same, resolved; NULL when absent (err untouched) or dangling (err set). */
struct pdf_obj *pdf_dict_getr(struct pdf_doc *d, const struct pdf_obj *o, const char *key,
                              struct ccsla_error *err);
/* True when o is a name equal to s. */
int pdf_is_name(const struct pdf_obj *o, const char *s);

/* The catalog (trailer /Root): its object number and dictionary. */
int pdf_catalog(struct pdf_doc *d, uint32_t *num, struct pdf_obj **dict, struct ccsla_error *err);
/* The first page in page-tree order: its object number and dictionary. */
int pdf_first_page(struct pdf_doc *d, uint32_t *num, struct pdf_obj **dict, struct ccsla_error *err);

/* Walks the catalog's /AcroForm /Fields (and their /Kids) and returns how
 * many signature fields carry a value; the first max of those values (the
 * signature dictionaries) go to sigs, and *n_fields counts every field.
 * Loops and sharing cannot blow up: at most 10000 fields are visited. */
int pdf_signatures(struct pdf_doc *d, struct pdf_obj **sigs, int max, size_t *n_fields);

/* Decodes a stream (no filter, or FlateDecode with optional PNG predictor)
 * into a malloc'd buffer of at most max_len bytes; the caller frees *out. */
int pdf_stream_decode(struct pdf_doc *d, const struct pdf_obj *stream, size_t max_len,
                      unsigned char **out, size_t *out_len, struct ccsla_error *err);

/* Finds the attachment called name in the catalog's /Names /EmbeddedFiles
 * tree and decodes it (malloc'd, caller frees). Returns 0 found, 1 not
 * attached, -1 damaged (err set). */
int pdf_embedded_file(struct pdf_doc *d, const char *name, size_t max_len,
                      unsigned char **out, size_t *out_len, struct ccsla_error *err);
/* The names of all attachments, ", "-separated, in tree order, into list
 * (cut at list_size); "" when none. -1 when the tree is damaged. */
int pdf_embedded_names(struct pdf_doc *d, char *list, size_t list_size, struct ccsla_error *err);

#endif
