/* metrics_mkstore.c -- test tool: writes a record store from a small plain
 * CSV fixture, so that metric tests can hand-compute their inputs without
 * depending on the ingest stage.
 *
 * Usage: metrics_mkstore STATE_DIR < fixture.csv
 * Columns, in this order, no quoting (fixtures only):
 *   client_id,contact_id,channel,direction,queue,customer_id,arrived_at,
 *   answered_at,ended_at,outcome,talk_s,hold_s,wrap_s,transferred,resolved,
 *   csat,complaint
 * Empty cells are absent values. Lines starting with '#' are comments. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/store.h"
#include "core/timefmt.h"

static int die(const char *what, long line)
{
	fprintf(stderr, "metrics_mkstore: line %ld: %s\n", line, what);
	exit(1);
}

static int64_t instant(const char *s, long line)
{
	int64_t ms;
	const char *why;

	if (!*s)
		return TIME_NONE;
	if (rfc3339_parse(s, &ms, &why) < 0)
		die(why, line);
	return ms;
}

static int cmp(const void *a, const void *b)
{
	const struct contact *x = a, *y = b;
	int c = strcmp(x->client_id, y->client_id);

	if (c)
		return c;
	if (x->arrived_at_ms != y->arrived_at_ms)
		return x->arrived_at_ms < y->arrived_at_ms ? -1 : 1;
	return strcmp(x->contact_id, y->contact_id);
}

int main(int argc, char **argv)
{
	char line[2048];
	struct contact *all = NULL;
	size_t n = 0, cap = 0;
	long lineno = 0;
	struct ccsla_error err;

	if (argc != 2) {
		fprintf(stderr, "usage: metrics_mkstore STATE_DIR < fixture.csv\n");
		return 2;
	}
	while (fgets(line, sizeof line, stdin)) {
		char *f[17], *p = line;
		struct contact c;
		int k = 0;

		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '#' || line[0] == '\0' || strncmp(line, "client_id,", 10) == 0)
			continue;
		for (k = 0; k < 17; k++) {
			f[k] = p;
			p += strcspn(p, ",");
			if (*p)
				*p++ = '\0';
			else if (k < 16)
				die("too few cells", lineno);
		}
		contact_init(&c);
		snprintf(c.client_id, sizeof c.client_id, "%s", f[0]);
		snprintf(c.contact_id, sizeof c.contact_id, "%s", f[1]);
		if (channel_parse(f[2]) < 0 || outcome_parse(f[9]) < 0)
			die("bad channel or outcome", lineno);
		c.channel = (uint8_t)channel_parse(f[2]);
		c.direction = (uint8_t)(*f[3] ? direction_parse(f[3]) : DIR_INBOUND);
		snprintf(c.queue, sizeof c.queue, "%s", *f[4] ? f[4] : "default");
		snprintf(c.customer_id, sizeof c.customer_id, "%s", f[5]);
		c.arrived_at_ms = instant(f[6], lineno);
		c.answered_at_ms = instant(f[7], lineno);
		c.ended_at_ms = instant(f[8], lineno);
		c.outcome = (uint8_t)outcome_parse(f[9]);
		c.talk_s = *f[10] ? atoi(f[10]) : -1;
		c.hold_s = *f[11] ? atoi(f[11]) : -1;
		c.wrap_s = *f[12] ? atoi(f[12]) : -1;
		c.transferred = (int8_t)atoi(f[13]);
		c.resolved = (int8_t)(*f[14] ? atoi(f[14]) : -1);
		c.csat = (int8_t)atoi(f[15]);
		c.complaint = (int8_t)atoi(f[16]);
		c.src_line = (uint32_t)lineno;
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			if (!(all = realloc(all, cap * sizeof *all)))
				die("out of memory", lineno);
		}
		all[n++] = c;
	}
	qsort(all, n, sizeof *all, cmp);
	for (size_t i = 0; i < n;) {
		struct store_writer w;
		char path[4096];
		int64_t day = all[i].arrived_at_ms - ((all[i].arrived_at_ms % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY;
		size_t j = i;

		store_partition_path(path, sizeof path, argv[1], all[i].client_id, day);
		if (store_writer_open(&w, path, &err) < 0)
			die(err.msg, 0);
		/* Records of one client and UTC day, already in order. */
		for (; j < n && strcmp(all[j].client_id, all[i].client_id) == 0 &&
		       all[j].arrived_at_ms >= day && all[j].arrived_at_ms < day + MS_PER_DAY; j++)
			if (store_writer_add(&w, &all[j], &err) < 0)
				die(err.msg, (long)all[j].src_line);
		if (store_writer_commit(&w, &err) < 0)
			die(err.msg, 0);
		i = j;
	}
	free(all);
	return 0;
}
