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

/* One client's own zone and calendar (ccsla metrics --contracts: those of
 * its contract in force). */
struct metrics_client_setup {
	const char *client;           /* not owned */
	const struct tz *zone;        /* not owned */
	const struct calendar *cal;   /* service hours and holidays; not owned */
	int64_t from_ms, to_ms;       /* the query's local dates as instants of zone */
};

struct metrics_query {
	const char *state_dir;
	const char *client;           /* NULL: every client in the store */
	int64_t from_ms, to_ms;       /* [from, to) of arrived_at; INT64_MIN / INT64_MAX: open */
	const struct tz *zone;        /* local days, weeks, months, intervals; not owned */
	/* NULL: zone, filter.cal and params.cal hold for every client. Else one
	 * entry per client the query covers, sorted by client: each client's
	 * contacts are grouped in its own zone and calendar and within its own
	 * from_ms/to_ms; contacts of a client without an entry count nowhere. */
	const struct metrics_client_setup *setups;
	size_t setup_count;
	int interval_min;             /* 15, 30 or 60 */
	enum group_dim by[DIM_COUNT]; /* grouping columns, in output order */
	int by_count;
	struct metric_params params;  /* watermark_ms is set per client from the store */
	struct metrics_filter filter;
};

struct metrics_group {
	/* The key: only the dimensions asked for are set, the rest are 0
	 * (channel -1 and queue "" in the row of a client without contacts). */
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

/* Runs the query. On success the caller frees res with metrics_result_release.
 *
 * Nothing is left out silently (metrics.md): every local day, week, month
 * and interval of the period (the query's range, or the days from the first
 * to the last contact counted when it is open) is a group for each
 * combination of the other columns that has contacts, with offered 0 where
 * none arrived; and with a client column, every client the query covers
 * (the setups', --client, or the store's) has its rows even with no
 * contact at all. */
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
