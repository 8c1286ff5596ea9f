/* staffing_agents.c -- staffed and busy time per interval from the
 * agent-state log's partitions (README "Operations logs"):
 * STATE/ops/agent-state/<client>/<YYYY-MM-DD>.tsv and the shared agents'
 * @shared/, one file per UTC day of started_at, header by name.
 *
 * staffed = available + handling + wrap, busy = handling + wrap
 * (operations-logs.md "agent-state"). Memory: one line at a time. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fsutil.h"
#include "core/store.h"
#include "core/timefmt.h"
#include "staffing_agents.h"

/* Column positions by name in the partition's header line. */
struct cols { int client, state, started, ended, n; };

static int find_cols(char *header, struct cols *c)
{
	int i = 0;

	c->client = c->state = c->started = c->ended = -1;
	for (char *save = NULL, *tok = strtok_r(header, "\t\n", &save); tok; tok = strtok_r(NULL, "\t\n", &save), i++) {
		if (!strcmp(tok, "client_id"))
			c->client = i;
		else if (!strcmp(tok, "state"))
			c->state = i;
		else if (!strcmp(tok, "started_at"))
			c->started = i;
		else if (!strcmp(tok, "ended_at"))
			c->ended = i;
	}
	c->n = i;
	return c->state >= 0 && c->started >= 0 && c->ended >= 0 ? 0 : -1;
}

/* Adds [s, e) of one state to the intervals it overlaps. */
static void spread(const struct staffing_grid *g, int64_t s, int64_t e, int busy)
{
	size_t lo = 0, hi = g->n;

	while (lo < hi) { /* first interval that ends after s */
		size_t mid = lo + (hi - lo) / 2;

		if (g->start_ms[mid] + g->len_ms <= s)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i < g->n && g->start_ms[i] < e; i++) {
		int64_t a = s > g->start_ms[i] ? s : g->start_ms[i];
		int64_t b = e < g->start_ms[i] + g->len_ms ? e : g->start_ms[i] + g->len_ms;

		if (b <= a)
			continue;
		g->staffed_ms[i] += b - a;
		if (busy)
			g->busy_ms[i] += b - a;
	}
}

static int read_partition(const char *path, const char *client, const struct staffing_grid *g,
                          struct ccsla_error *err)
{
	FILE *fp = fopen(path, "r");
	char *line = NULL, *field[32];
	size_t cap = 0;
	ssize_t got;
	long no = 0;
	struct cols c = { -1, -1, -1, -1, 0 };
	int ret = -1;

	if (!fp)
		return errno == ENOENT ? 0 : ccsla_error_set(err, path, 0, NULL, "cannot open: %s", strerror(errno));
	while ((got = getline(&line, &cap, fp)) > 0) {
		int nf = 0;
		int64_t s, e;
		const char *why;
		const char *st;

		no++;
		if (no == 1) {
			if (find_cols(line, &c) != 0) {
				ccsla_error_set(err, path, 1, NULL, "not an agent-state partition (no state, started_at, "
				                "ended_at columns)");
				goto out;
			}
			continue;
		}
		if (line[got - 1] == '\n')
			line[got - 1] = '\0';
		for (char *p = line; nf < 32; nf++) {
			char *tab = strchr(p, '\t');

			field[nf] = p;
			if (!tab) {
				nf++;
				break;
			}
			*tab = '\0';
			p = tab + 1;
		}
		if (nf != c.n || rfc3339_parse(field[c.started], &s, &why) || rfc3339_parse(field[c.ended], &e, &why)) {
			ccsla_error_set(err, path, no, NULL, "damaged agent-state partition row");
			goto out;
		}
		/* the client's own agents and the shared ones (no client_id) */
		if (client && c.client >= 0 && field[c.client][0] && strcmp(field[c.client], client) != 0)
			continue;
		st = field[c.state];
		if (!strcmp(st, "available"))
			spread(g, s, e, 0);
		else if (!strcmp(st, "handling") || !strcmp(st, "wrap"))
			spread(g, s, e, 1);
	}
	if (ferror(fp)) {
		ccsla_error_set(err, path, 0, NULL, "read failed: %s", strerror(errno));
		goto out;
	}
	ret = 0;
out:
	free(line);
	fclose(fp);
	return ret;
}

int staffing_agents_load(const char *state_dir, const char *client, const struct staffing_grid *g,
                         int *found, struct ccsla_error *err)
{
	static const char *const owners[2] = { NULL, "@shared" };
	char dir[4300];

	*found = 0;
	if (!g->n)
		return 0;
	for (int o = 0; o < 2; o++) {
		const char *folder = owners[o] ? owners[o] : client;
		/* a state starting the UTC day before may reach into the period */
		int64_t d0 = floor_div(g->start_ms[0], MS_PER_DAY) - 1;
		int64_t d1 = floor_div(g->start_ms[g->n - 1] + g->len_ms - 1, MS_PER_DAY);

		snprintf(dir, sizeof dir, "%s/ops/agent-state/%s", state_dir, folder);
		if (!path_exists(dir))
			continue;
		*found = 1;
		for (int64_t d = d0; d <= d1; d++) {
			char path[4400];
			int y, m, dd;

			days_to_civil(d, &y, &m, &dd);
			snprintf(path, sizeof path, "%s/%04d-%02d-%02d.tsv", dir, y, m, dd);
			if (read_partition(path, client, g, err) != 0)
				return -1;
		}
	}
	return 0;
}
