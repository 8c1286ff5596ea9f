/* opskind.h -- the kinds of operations log (spec/operations-logs.md) as
 * tables: a kind is its columns (name, required, type), its key, the
 * columns that place a row in a store partition (client, UTC day of an
 * instant), and one row check. Adding a kind (complaint, outage, quality)
 * is one table in opskind.c and, when it has one, its row check.
 *
 * A row that passes is kept as its canonical fields: text as written,
 * instants as RFC 3339 UTC with milliseconds, decimals with 2 places
 * normalised ("1.5" -> "1.50"), empty optional fields empty. Canonical
 * fields never hold a tab or a line end (control characters are refused),
 * so the store writes them as TSV (opslog.h). */
#ifndef CCSLA_OPSKIND_H
#define CCSLA_OPSKIND_H

#include <stddef.h>
#include <stdint.h>

#define OPS_MAX_COLS 16
#define OPS_FIELD_MAX 64          /* bytes of a text field */
#define OPS_SHARED_CLIENT "@shared" /* partition of rows without a client_id
                                     * (not a valid client_id: no clash) */

enum ops_type {
	OT_CLIENT,     /* interaction-log client_id: [A-Za-z0-9_-]{1,32} */
	OT_CHANNEL,    /* interaction-log channel */
	OT_TEXT,       /* 1-64 printable bytes */
	OT_INSTANT,    /* RFC 3339 */
	OT_MINUTES,    /* 15, 30 or 60 */
	OT_DECIMAL2,   /* >= 0, at most 2 decimals */
	OT_DECIMAL,    /* >= 0 */
	OT_ENUM,       /* one of values */
	OT_CHANNELS,   /* "all", or channels separated by ';': written back in
	                * the order of enum channel, each once */
	OT_PERCENT,    /* integer 1-100 */
	OT_FLAG,       /* 0 or 1 */
};

struct ops_column {
	const char *name;
	int required;
	enum ops_type type;
	const char *const *values;   /* OT_ENUM: NULL-terminated */
};

struct ops_kind;

/* A checked row: canonical fields, and where it is stored. */
struct ops_row {
	char field[OPS_MAX_COLS][OPS_FIELD_MAX + 32];  /* canonical text, "" when empty */
	int64_t ms[OPS_MAX_COLS];                      /* OT_INSTANT values */
	int32_t day_col_offset_min;                    /* UTC offset written in the day column */
	char client[40];                               /* partition client */
	int64_t day_ms;                                /* partition: UTC day start */
};

struct ops_reject {
	const char *column;          /* "" for the row as a whole */
	const char *reason;          /* fixed string, or buf */
	char buf[96];
};

struct ops_kind {
	const char *name;            /* "forecast", "agent-state" */
	const struct ops_column *cols;
	size_t ncols;
	const int *key;              /* column indexes of the key */
	size_t nkey;
	int client_col;              /* -1: no client column */
	int day_col;                 /* an OT_INSTANT column: the partition's UTC day */
	/* checks across columns; NULL when none; 0 ok, -1 with *why */
	int (*row_check)(const struct ops_kind *k, const struct ops_row *r, struct ops_reject *why);
	/* agent-state: rows of one value of this column must not overlap in
	 * [start_col, end_col); -1 when no such rule */
	int overlap_of, start_col, end_col;
	/* The update rule (ops_settle): bit c set when column c may be filled
	 * by a later row of the same key (outage: ended_at; complaint:
	 * acknowledged_at, resolved_at). 0: no update rule, a later row of the
	 * same key is a duplicate or a conflict. */
	uint32_t fill_mask;
};

extern const struct ops_kind ops_kind_forecast;
extern const struct ops_kind ops_kind_agent_state;
extern const struct ops_kind ops_kind_outage;    /* opskind_outage.c */
extern const struct ops_kind ops_kind_quality;   /* opskind_quality.c */
extern const struct ops_kind ops_kind_complaint; /* opskind_complaint.c */
/* NULL-terminated, in the order the header is tried. */
extern const struct ops_kind *const ops_kinds[];

const struct ops_kind *ops_kind_find(const char *name);
int ops_kind_col(const struct ops_kind *k, const char *name);   /* -1 when absent */

/* The kind whose required columns are all in the header (names of n
 * fields), or NULL. An interaction log (contact_id, arrived_at) is none. */
const struct ops_kind *ops_kind_of_header(const char *const *field, const size_t *len, size_t n);

struct ops_header {
	int index[OPS_MAX_COLS];     /* position of each column, -1 absent */
	size_t nfields;
	size_t nignored;
	char ignored[16][65];
};

/* Maps a header row to k's columns; -1 (why) when a required column is
 * missing or one is named twice. */
int ops_header_map(const struct ops_kind *k, struct ops_header *h, const char *const *field,
                   const size_t *len, size_t n, char *why, size_t why_size);

/* Checks one data row. 0 with *r filled, -1 with *why. */
int ops_row_parse(const struct ops_kind *k, const struct ops_header *h, const char *const *field,
                  const size_t *len, size_t n, struct ops_row *r, struct ops_reject *why);

/* How a later row of the same key settles against the row kept so far
 * (opslog.c merges in this order: the stored row, then this run's rows in
 * the order read). Fields are canonical ("" when empty), k->ncols each.
 *   OPS_DUPLICATE  the same content, or it only lacks fields of fill_mask
 *                  that the kept row has (an earlier state): a duplicate;
 *   OPS_UPDATE     it fills fields of fill_mask that were empty and changes
 *                  nothing else: it replaces the kept row (an update);
 *   OPS_CONFLICT   it changes a filled field, fills or empties a field
 *                  outside fill_mask, or fills some fields of fill_mask while
 *                  leaving others empty that the kept row has: quarantined
 *                  with *column and *reason, the kept row stays.
 * Without fill_mask every difference is a conflict on the first column
 * that differs. */
enum ops_settle { OPS_DUPLICATE, OPS_UPDATE, OPS_CONFLICT };
enum ops_settle ops_settle(const struct ops_kind *k, const char *const *kept, const char *const *later,
                           const char **column, const char **reason);

/* Quarantine reasons of the operations logs (besides canon.h's). */
#define OPS_R_MINUTES   "expected 15, 30 or 60"
#define OPS_R_DECIMAL   "not a decimal"
#define OPS_R_DECIMALS  "more than 2 decimals"
#define OPS_R_NEGATIVE  "negative value"
#define OPS_R_MULTIPLE  "interval_start not on a local multiple of interval_min"
#define OPS_R_END       "ended_at not after started_at"
#define OPS_R_OVERLAP   "overlapping state"
#define OPS_R_CHANNELS  "expected channels separated by ';' or all"
#define OPS_R_CHANNEL2  "channel named twice"
#define OPS_R_PERCENT   "expected an integer 1 to 100"
#define OPS_R_SCORE     "score above 100"
#define OPS_R_ACK_BEFORE      "acknowledged_at before received_at"
#define OPS_R_RESOLVED_BEFORE "resolved_at before received_at"
#define OPS_R_CONFLICT  "conflicting duplicate"   /* = INGEST_R_CONFLICT */
#define OPS_R_UNFILLED  "update leaves a filled field empty"

#endif
