/* strpool.c -- strings freed together (strpool.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "strpool.h"

void *strpool_alloc(struct strpool *p, size_t n)
{
	void *b;

	if (p->count == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 64;
		void **grown = realloc(p->blocks, cap * sizeof *grown);
		if (!grown)
			return NULL;
		p->blocks = grown;
		p->cap = cap;
	}
	if (!(b = calloc(1, n ? n : 1)))
		return NULL;
	p->blocks[p->count++] = b;
	return b;
}

const char *strpool_printf(struct strpool *p, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || !(s = strpool_alloc(p, (size_t)n + 1)))
		return NULL;
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

void strpool_free(struct strpool *p)
{
	size_t i;

	for (i = 0; i < p->count; i++)
		free(p->blocks[i]);
	free(p->blocks);
	p->blocks = NULL;
	p->count = p->cap = 0;
}
