/* metrics_query.h -- the grouping layer behind `ccsla metrics --by ...`:
 * reads the store once and accumulates struct metric_counts per group
 * (client, local month/week/day/interval, channel, queue).
 *
 * Memory grows with the number of groups, with the answered contacts (one
 * int64 wait each, for the percentiles), and with repeat FCR's window of
 * customers; the contacts themselves are streamed. */
#ifndef CCSLA_METRICS_QUERY_H
#define CCSLA_METRICS_QUERY_H

#include "metrics.h"

enum group_dim {
	DIM_CLIENT, DIM_MONTH, DIM_WEEK, DIM_DAY, DIM_INTERVAL, DIM_CHANNEL, DIM_QUEUE,
	DIM_COUNT
};

struct metrics_query {
	const char *state_dir;
	const char *client;           /* NULL: every client in the store */
	int64_t from_ms, to_ms;       /* [from, to) of arrived_at */
	const struct tz *zone;        /* local days, weeks, months, intervals; not owned */
	int interval_min;             /* 15, 30 or 60 */
	enum group_dim by[DIM_COUNT]; /* grouping columns, in output order */
	int by_count;
	struct metric_params params;  /* watermark_ms is set per client from the store */
	struct metrics_filter filter;
};

struct metrics_group {
	/* The key: only the dimensions asked for are set, the rest are 0. */
	char client[CONTACT_CLIENT_MAX + 1];
	int64_t month;                /* year * 12 + month - 1 */
	int64_t week;                 /* local date of the week's Monday */
	int64_t day;                  /* local date, days since 1970-01-01 */
	int64_t interval_ms;          /* first instant of the local interval */
	int32_t interval_offset_s;    /* UTC offset in force at it */
	int channel;
	char queue[CONTACT_ID_MAX + 1];
	struct metric_counts counts;
};

struct metrics_result {
	struct metrics_group **groups; /* sorted by the grouping columns; owned */
	size_t count;
	int64_t contacts_read;        /* records read from the store */
};

/* Runs the query. On success the caller frees res with metrics_result_release. */
int metrics_query_run(const struct metrics_query *q, struct metrics_result *res,
                      struct ccsla_error *err);
void metrics_result_release(struct metrics_result *res);

const char *metrics_dim_name(enum group_dim d);   /* "client", "month", ... */
int metrics_dim_parse(const char *name);          /* -1 when unknown */
/* The printed value of one grouping column: "ACME", "2026-10", "2026-W40",
 * "2026-10-25", "2026-10-25T02:00+01:00", "voice", "default". */
void metrics_group_label(const struct metrics_group *g, enum group_dim d, const struct tz *zone,
                         char *buf, size_t size);

#endif
