/* in_force.c -- why no contract is in force, said aloud for ccsla evaluate,
 * render and metrics --contracts: a client named that has no contract in
 * force on the period's first day, or a period with none for any client,
 * is a message and exit 1, never a run that does nothing and exits 0. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contracts/contract.h"
#include "core/error.h"
#include "core/nearest.h"
#include "core/timefmt.h"
#include "cli.h"

/* "2026-01-01 to 2026-12-31" of c, appended to buf at *len. */
static void append_range(char *buf, size_t size, size_t *len, const char *sep, const struct contract *c)
{
	int y1, m1, d1, y2, m2, d2;

	if (*len >= size)
		return;
	days_to_civil(c->effective_day, &y1, &m1, &d1);
	if (c->until_day == CONTRACT_OPEN_END) { /* no 'until', no later version */
		*len += (size_t)snprintf(buf + *len, size - *len, "%s%s %04d-%02d-%02d, open-ended", sep, c->id,
		                         y1, m1, d1);
		return;
	}
	days_to_civil(c->until_day, &y2, &m2, &d2);
	*len += (size_t)snprintf(buf + *len, size - *len, "%s%s %04d-%02d-%02d to %04d-%02d-%02d", sep, c->id,
	                         y1, m1, d1, y2, m2, d2);
}

int cli_no_contract_in_force(const char *name, const struct contract_set *set, const char *dir,
                             const char *client, const char *date)
{
	char msg[2048];
	size_t len = 0, i, n = 0, k;
	const struct contract *c;
	const char **names = NULL;

	msg[0] = '\0';
	if (!set->count) {
		fprintf(stderr, "ccsla %s: %s holds no contract (*.yaml): nothing to %s\n", name, dir, name);
		return EXIT_DATA;
	}
	if (!client) {
		/* every client's versions, so that the gap is plain */
		for (i = 0; i < set->count; i++)
			append_range(msg, sizeof msg, &len, i ? "; " : "", &set->items[i]);
		fprintf(stderr, "ccsla %s: no contract in %s is in force on %s (%s): nothing to %s\n", name, dir,
		        date, msg, name);
		return EXIT_DATA;
	}
	for (i = 0; i < set->count; i++)
		if (!strcmp(set->items[i].client, client))
			append_range(msg, sizeof msg, &len, len ? "; " : "", &set->items[i]);
	if (len) {
		fprintf(stderr, "ccsla %s: no contract of '%s' in %s is in force on %s (%s)\n", name, client, dir,
		        date, msg);
		return EXIT_DATA;
	}
	/* a client without any contract: the clients there are, nearest first */
	if (!(names = malloc(set->count * sizeof *names))) {
		fprintf(stderr, "ccsla %s: out of memory\n", name);
		return EXIT_IO;
	}
	for (k = 0; (c = contract_set_next_client(set, &k));)
		names[n++] = c->client;
	nearest_sort(client, names, n);
	for (i = 0; i < n && i < 10 && len < sizeof msg; i++)
		len += (size_t)snprintf(msg + len, sizeof msg - len, "%s%s", i ? ", " : "", names[i]);
	if (n > 10 && len < sizeof msg)
		snprintf(msg + len, sizeof msg - len, " and %zu more", n - 10);
	free(names);
	fprintf(stderr, "ccsla %s: %s holds no contract for client '%s'; it has contracts for %s\n", name, dir,
	        client, msg);
	return EXIT_DATA;
}
