/* canon.h -- the canonical log's columns and the rules of one row
 * (spec/interaction-log.md, "Columns" and "Rows that are wrong").
 *
 * canon_header_map finds the columns of a header row by name;
 * canon_row_parse type-checks one row and fills a struct contact, or says
 * which column is wrong and why. Both are pure functions over fields, so
 * tests and adapters that produce canonical fields can reuse them. The
 * reasons are fixed short strings (README lists them; tests compare them). */
#ifndef CCSLA_CANON_H
#define CCSLA_CANON_H

#include <stddef.h>

#include "core/contact.h"

enum canon_col {
	COL_CONTACT_ID, COL_CLIENT_ID, COL_CHANNEL, COL_DIRECTION, COL_QUEUE,
	COL_CUSTOMER_ID, COL_ARRIVED_AT, COL_ANSWERED_AT, COL_ENDED_AT,
	COL_OUTCOME, COL_TALK_S, COL_HOLD_S, COL_WRAP_S, COL_AGENT_ID,
	COL_TRANSFERRED, COL_RESOLVED, COL_CSAT, COL_COMPLAINT,
	COL_COUNT
};

/* Column names as the header spells them, in enum order. */
extern const char *const canon_column_names[COL_COUNT];

#define CANON_MAX_IGNORED 16
#define CANON_MAX_FIELDS 128

struct canon_header {
	int index[COL_COUNT];      /* position of each column in a row, -1 when absent */
	size_t nfields;            /* fields every data row must have */
	signed char col_at[CANON_MAX_FIELDS]; /* column of each position, -1 ignored */
	size_t nignored;           /* unknown columns (ignored, named in the run's log) */
	char ignored[CANON_MAX_IGNORED][65]; /* the first of them, cut to 64 bytes */
};

/* Maps a header row. -1 when the header cannot be used (a required column
 * missing, a column named twice, more than CANON_MAX_FIELDS columns, invalid UTF-8 or a NUL byte, an empty
 * name); why (lowercase, no full stop) says which. */
int canon_header_map(struct canon_header *h, const char *const *field, const size_t *len,
                     size_t n, char *why, size_t why_size);

/* A header with every column, in enum order (tests, adapters). */
void canon_header_all(struct canon_header *h);

struct canon_reject {
	const char *column;   /* column name, or "" for the row as a whole */
	const char *reason;   /* a fixed string (CANON_R_* or "invalid timestamp: ...") */
	char buf[96];         /* storage for composed reasons */
};

/* Checks one data row; 0 and *c filled (lineage left 0), or -1 and *why. */
/* plain: 1 when the caller knows every byte of the row is ASCII and none
 * is NUL (the CSV fast path checks that while splitting), so the per-field
 * NUL and UTF-8 checks can be skipped; 0 to check here. */
int canon_row_parse(const struct canon_header *h, const char *const *field, const size_t *len,
                    size_t n, int plain, struct contact *c, struct canon_reject *why);

/* Quarantine reasons of canon_row_parse. */
#define CANON_R_TOO_MANY       "too many fields"
#define CANON_R_TOO_FEW        "too few fields"
#define CANON_R_NUL            "nul byte"
#define CANON_R_UTF8           "invalid utf-8"
#define CANON_R_MISSING        "missing required field"
#define CANON_R_TOO_LONG       "field too long"
#define CANON_R_CHARS          "invalid characters"
#define CANON_R_UNKNOWN        "unknown value"
#define CANON_R_TIMESTAMP      "invalid timestamp" /* followed by ": <detail>" */
#define CANON_R_NOT_INT        "not an integer"
#define CANON_R_NEGATIVE       "negative duration"
#define CANON_R_RANGE          "value out of range"
#define CANON_R_FLAG           "expected 0 or 1"
#define CANON_R_RESOLVED       "expected 0, 1 or empty"
#define CANON_R_CSAT           "expected 1 to 5 or empty"
#define CANON_R_ANSWER_BEFORE  "answered_at before arrived_at"
#define CANON_R_END_BEFORE     "ended_at before arrived_at"
#define CANON_R_END_BEFORE_ANS "ended_at before answered_at"
#define CANON_R_NO_ANSWER      "answered contact without answered_at"
#define CANON_R_NO_END         "abandoned contact without ended_at"
#define CANON_R_ABANDON_ANS    "abandoned contact with answered_at"
#define CANON_R_OPEN_LIVE      "open outcome on a live channel"
#define CANON_R_OPEN_ANS       "open contact with answered_at"
#define CANON_R_ROUND_TRIP     "record does not survive being written and read back"



/* Writes c as one canonical CSV row (columns in canon_column_names order,
 * instants as RFC 3339 UTC with milliseconds, no line end) into buf;
 * returns the length, or the length needed when size is too small. Used
 * for quarantined conflicts and by the log generator. */
size_t canon_format_row(char *buf, size_t size, const struct contact *c);
/* Checks that c, written as canon_format_row writes it, is a row that
 * canon_row_parse accepts and that reads back as c (lineage aside): what
 * ingest would quarantine. Adapters run every contact they emit through
 * it. 0, or -1 and *why (column "" for the round trip). */
int canon_contact_check(const struct contact *c, struct canon_reject *why);

/* The header row for canon_format_row, without a line end. */
const char *canon_header_line(void);
#endif
