/* nearest.c -- "did you mean" suggestions (nearest.h). */
#include <string.h>

#include "nearest.h"

size_t edit_distance(const char *a, const char *b)
{
	size_t n = strlen(a), m = strlen(b), prev[65], cur[65];

	if (m > 64 || n > 64)
		return (size_t)-1;
	for (size_t j = 0; j <= m; j++)
		prev[j] = j;
	for (size_t i = 1; i <= n; i++) {
		cur[0] = i;
		for (size_t j = 1; j <= m; j++) {
			size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
			size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
			cur[j] = del < ins ? del : ins;
			if (sub < cur[j])
				cur[j] = sub;
		}
		memcpy(prev, cur, (m + 1) * sizeof *prev);
	}
	return prev[m];
}

const char *nearest_word(const char *word, const char *const *known)
{
	const char *best = NULL;
	size_t best_d = (size_t)-1;

	for (const char *const *k = known; *k; k++) {
		size_t d = edit_distance(word, *k);
		if (d < best_d) {
			best_d = d;
			best = *k;
		}
	}
	/* A suggestion only when it is plausibly a typo. */
	return best_d <= 3 && best_d < strlen(word) ? best : NULL;
}
