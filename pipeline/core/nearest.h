/* nearest.h -- "did you mean" suggestions for a misspelt key or name. */
#ifndef CCSLA_NEAREST_H
#define CCSLA_NEAREST_H

#include <stddef.h>

/* Levenshtein distance, for "did you mean" suggestions. */
size_t edit_distance(const char *a, const char *b);
/* The entry of `known` nearest to word, or NULL when none is close. */
const char *nearest_word(const char *word, const char *const *known);

#endif
