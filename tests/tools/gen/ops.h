/* ops.h -- the operations logs of gen_logs (--ops DIR): forecast,
 * agent-state, complaint, outage and quality logs consistent with the
 * interaction logs gen_logs writes (operations-logs.md).
 *
 * The module watches the contacts as gen_logs makes them and draws from a
 * random stream of its own, so that the interaction logs are the same bytes
 * with and without --ops. Files (gzip CSV, header by name), per kind and
 * local day like the interaction logs, so each lands the morning after:
 *   DIR/forecast-CLIENT-YYYY-MM.csv.gz      the month's forecast, published
 *                                            10 days before the month
 *   DIR/forecast-CLIENT-YYYY-MM-15.csv.gz   the re-forecast of the 16th on,
 *                                            published on the 15th
 *   DIR/agent-state-YYYY-MM-DD.csv.gz, complaint-..., outage-...,
 *   quality-YYYY-MM-DD.csv.gz               what the day brought */
#ifndef GEN_OPS_H
#define GEN_OPS_H

#include <stddef.h>
#include <stdint.h>

#include "core/contact.h"

/* What the generator tells about a client: its id, written channel and
 * share, and its zone (local wall-clock ms <-> UTC ms). */
struct ops_client {
	const char *id;
	int written_channel;
	double written_share;
	int64_t (*local_to_utc)(size_t k, int64_t local_ms);
	int (*offset_min)(size_t k, int64_t utc_ms);
};

struct ops;

/* NULL on out of memory. first_day: days since 1970 of the first local day. */
struct ops *ops_new(const char *dir, uint64_t seed, int level, int64_t first_day, long days,
                    const struct ops_client *clients, size_t nclients);
/* The day's plan of client k: n contacts drawn with the local quarter-hour
 * weights qw[96] (sum qsum). Called before the day's contacts. */
void ops_plan_day(struct ops *o, long dd, size_t k, int64_t n, const double qw[96], double qsum);
/* One contact as first written (not its duplicate or update). */
void ops_contact(struct ops *o, long dd, size_t k, const struct contact *c);
/* Writes the day's agent-state file (the other kinds wait for ops_finish). */
void ops_end_day(struct ops *o, long dd);
/* Chooses the outages, writes every remaining file and frees o; exits 3 on
 * a write error like the rest of gen_logs. */
void ops_finish(struct ops *o);

#endif
