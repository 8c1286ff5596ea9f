/* availability.h -- availability_pct from the stored outage log
 * (spec/operations-logs.md "outage"; clause 8.5):
 *
 *   availability_pct = 100 x (1 - outage_s / service_s)
 *
 * service_s: seconds of the period inside the contract's service hours
 * (its calendar: hours and holidays), once per channel measured;
 * outage_s: per channel, the seconds inside service hours during which
 * outages of a counted cause (default ccc and third-party) were going on,
 * each second weighted by the impact of the outages going on then, added
 * and capped at 100 % (two overlapping outages never count a second twice
 * at more than 100 %). An open outage (no ended_at) runs to the watermark.
 * Several channels: their outage and service seconds are added (the mean
 * of the channels' availabilities). Integers throughout: impact-weighted
 * milliseconds (ms x pct).
 *
 *   struct outage_log log;
 *   outage_log_load(&log, state_dir, "ACME", to_ms, &err);
 *   availability_measure(&log, cal, channels, causes, from, to, watermark, &a);
 *   availability_value(&a, &r);                // exact ratio, n/a when service_s is 0
 *   outage_log_release(&log);
 */
#ifndef CCSLA_AVAILABILITY_H
#define CCSLA_AVAILABILITY_H

#include <stddef.h>
#include <stdint.h>

#include "core/calendar.h"
#include "core/contact.h"
#include "core/error.h"
#include "metrics.h"

enum outage_cause { CAUSE_CCC, CAUSE_CLIENT, CAUSE_THIRD_PARTY, CAUSE_FORCE_MAJEURE, CAUSE_COUNT };
#define OUTAGE_CAUSES_DEFAULT (1u << CAUSE_CCC | 1u << CAUSE_THIRD_PARTY)
#define OUTAGE_ALL_CHANNELS ((1u << CH_COUNT) - 1)

const char *outage_cause_name(int cause);       /* "ccc", "third-party", ... */
int outage_cause_parse(const char *s);          /* -1 when unknown */

struct outage {                   /* one stored outage row */
	char incident_id[CONTACT_ID_MAX + 1];
	char client[CONTACT_CLIENT_MAX + 1]; /* "" for every client (stored under @shared) */
	unsigned channels;            /* bit (1u << enum channel); "all" is every bit */
	int64_t start_ms;
	int64_t end_ms;               /* TIME_NONE: still going on */
	int impact_pct;               /* 1-100 (empty in the log: 100) */
	int cause;                    /* enum outage_cause */
	char note[CONTACT_ID_MAX + 1];
	uint32_t src_file, src_line;  /* lineage */
};

struct outage_log {
	struct outage *items;         /* by start, then incident; owned */
	size_t count, cap;
	int64_t first_day;            /* earliest UTC day the log holds for the client or
	                                 every client; INT64_MAX: no outage log at all */
	int64_t latest_ms;            /* latest instant the log names (start or end) */
};

/* Loads the client's outages and those of every client (@shared) that
 * start before to_ms. -1 (err) on a read error or a damaged row. */
int outage_log_load(struct outage_log *log, const char *state_dir, const char *client, int64_t to_ms,
                    struct ccsla_error *err);
void outage_log_release(struct outage_log *log);
/* True when the log has data for a period ending at to_ms: it holds an
 * outage starting before then. Without it availability is not measurable
 * (a month before the log began is not 100 % available). */
int outage_log_covers(const struct outage_log *log, int64_t to_ms);

struct availability {
	int64_t service_ms;           /* service hours of the period x channels measured */
	int64_t outage_pct_ms;        /* impact-weighted outage: sum of ms x min(100, impacts) */
	int64_t outages;              /* outages counted that touch the period's service hours */
	int channels;                 /* channels measured */
};

/* Measures [from_ms, to_ms) for the channels (bits; 0: all) and causes
 * (bits of enum outage_cause; 0: OUTAGE_CAUSES_DEFAULT). An open outage
 * runs to watermark_ms (TIME_NONE: the latest instant of the log). -1 only
 * when out of memory. */
int availability_measure(const struct outage_log *log, const struct calendar *cal, unsigned channels,
                         unsigned causes, int64_t from_ms, int64_t to_ms, int64_t watermark_ms,
                         struct availability *out);
/* The exact value: num / den = 100 x (1 - outage / service); n/a (den 0)
 * when the period has no service hours. */
void availability_value(const struct availability *a, struct ratio *r);

#endif
