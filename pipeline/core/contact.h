/* contact.h -- one canonical contact record (spec/interaction-log.md).
 *
 * Every source (canonical CSV, Asterisk queue_log, Technion call records) is
 * turned into these records; every later stage (store, metrics, reports)
 * reads only these. Times are UTC milliseconds since the epoch. Strings are
 * NUL-terminated UTF-8, already validated against their column's rule. */
#ifndef CCSLA_CONTACT_H
#define CCSLA_CONTACT_H

#include <stdint.h>
#include <stddef.h>

#define CONTACT_ID_MAX     64  /* contact_id, queue, customer_id, agent_id */
#define CONTACT_CLIENT_MAX 32  /* client_id */
#define TIME_NONE INT64_MIN    /* an absent instant */

enum channel {
	CH_VOICE, CH_CHAT, CH_EMAIL, CH_MESSAGING, CH_SOCIAL, CH_LETTER, CH_VIDEO,
	CH_COUNT
};
enum direction { DIR_INBOUND, DIR_OUTBOUND, DIR_COUNT };
enum outcome {
	OUT_ANSWERED, OUT_ABANDONED, OUT_CALLBACK, OUT_DEFLECTED, OUT_OVERFLOW,
	OUT_OPEN, OUT_COUNT
};

struct contact {
	char client_id[CONTACT_CLIENT_MAX + 1];
	char contact_id[CONTACT_ID_MAX + 1];
	char queue[CONTACT_ID_MAX + 1];        /* "default" when the log has none */
	char customer_id[CONTACT_ID_MAX + 1];  /* "" when absent */
	char agent_id[CONTACT_ID_MAX + 1];     /* "" when absent */
	uint8_t channel;                       /* enum channel */
	uint8_t direction;                     /* enum direction */
	uint8_t outcome;                       /* enum outcome */
	int8_t transferred;                    /* 0 or 1 */
	int8_t resolved;                       /* 0, 1, or -1 when empty */
	int8_t csat;                           /* 1..5, or 0 when empty */
	int8_t complaint;                      /* 0 or 1 */
	int64_t arrived_at_ms;                 /* always present */
	int64_t answered_at_ms;                /* TIME_NONE when absent */
	int64_t ended_at_ms;                   /* TIME_NONE when absent */
	int32_t talk_s, hold_s, wrap_s;        /* -1 when absent */
	/* Lineage: which input file (index into the ingest registry) and which
	 * line of it the record came from, so every figure traces to rows. */
	uint32_t src_file;
	uint32_t src_line;
};

/* Sets every field to its "absent" value. */
void contact_init(struct contact *c);

/* Name tables, as spelled in the spec. *_parse returns the enum value or -1. */
const char *channel_name(int ch);
const char *direction_name(int dir);
const char *outcome_name(int out);
int channel_parse(const char *s);
int direction_parse(const char *s);
int outcome_parse(const char *s);

/* True when the outcome counts as offered (metrics.md: all but deflected). */
int outcome_is_offered(int out);

/* Written channels reply rather than connect (email, letter, messaging, social). */
int channel_is_written(int ch);

/* True when s is a client id: [A-Za-z0-9_-]{1,CONTACT_CLIENT_MAX}
 * (interaction-log.md). Contracts obey the same rule, since the id names
 * folders (out/<client>/, STATE/ledger/<client>/). */
int client_id_valid(const char *s);

/* Compares everything but lineage: non-zero when two rows say the same
 * thing (a duplicate), 0 when they differ (a conflict). */
int contact_same_content(const struct contact *a, const struct contact *b);

#endif
