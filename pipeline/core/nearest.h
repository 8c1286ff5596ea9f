/* nearest.h -- "did you mean" suggestions for a misspelt key or name. */
#ifndef CCSLA_NEAREST_H
#define CCSLA_NEAREST_H

#include <stddef.h>

/* Levenshtein distance, for "did you mean" suggestions. */
size_t edit_distance(const char *a, const char *b);
/* The entry of `known` nearest to word, or NULL when none is close. */
const char *nearest_word(const char *word, const char *const *known);
/* Sorts names[0..n) nearest to word first: a name equal to it but for case
 * first, then by edit distance ignoring case, then by edit distance, then
 * by name ("zebra": ZEBRA, ZEBU, ACME). */
void nearest_sort(const char *word, const char **names, size_t n);

#endif
