/* nearest.c -- "did you mean" suggestions (nearest.h). */
#include <ctype.h>
#include <stdlib.h>
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

static const char *sort_word; /* qsort has no context argument */

static size_t folded_distance(const char *a, const char *b)
{
	char fa[65], fb[65];
	size_t i;

	for (i = 0; a[i] && i < 64; i++)
		fa[i] = (char)tolower((unsigned char)a[i]);
	fa[i] = '\0';
	for (i = 0; b[i] && i < 64; i++)
		fb[i] = (char)tolower((unsigned char)b[i]);
	fb[i] = '\0';
	return edit_distance(fa, fb);
}

static int nearest_cmp(const void *pa, const void *pb)
{
	const char *a = *(const char *const *)pa, *b = *(const char *const *)pb;
	size_t fa = folded_distance(sort_word, a), fb = folded_distance(sort_word, b);
	size_t da, db;

	if (fa != fb)
		return fa < fb ? -1 : 1;
	da = edit_distance(sort_word, a);
	db = edit_distance(sort_word, b);
	if (da != db)
		return da < db ? -1 : 1;
	return strcmp(a, b);
}

void nearest_sort(const char *word, const char **names, size_t n)
{
	sort_word = word;
	qsort(names, n, sizeof *names, nearest_cmp);
}
