/* strpool.h -- many small strings that live and die together (the report
 * model's texts, a revision's figures): each is allocated once and all are
 * freed by one strpool_free. Plain malloc underneath; no reuse. */
#ifndef CCSLA_STRPOOL_H
#define CCSLA_STRPOOL_H

#include <stddef.h>

struct strpool {
	void **blocks;            /* every allocation; owned */
	size_t count, cap;
};

/* n zeroed bytes owned by the pool; NULL when out of memory. */
void *strpool_alloc(struct strpool *p, size_t n);
/* A formatted string owned by the pool; NULL when out of memory. */
const char *strpool_printf(struct strpool *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Frees everything; the pool is empty and usable again. */
void strpool_free(struct strpool *p);

#endif
