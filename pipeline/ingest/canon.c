/* canon.c -- header mapping and row validation of canonical logs (canon.h).
 * The rules are those of spec/interaction-log.md; where the spec leaves a
 * choice the reason is given beside the code. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/timefmt.h"
#include "core/utf8.h"
#include "canon.h"

const char *const canon_column_names[COL_COUNT] = {
	"contact_id", "client_id", "channel", "direction", "queue",
	"customer_id", "arrived_at", "answered_at", "ended_at",
	"outcome", "talk_s", "hold_s", "wrap_s", "agent_id",
	"transferred", "resolved", "csat", "complaint",
};

static const int required[] = { COL_CONTACT_ID, COL_CLIENT_ID, COL_CHANNEL, COL_ARRIVED_AT, COL_OUTCOME };

static int column_lookup(const char *name, size_t len)
{
	for (int i = 0; i < COL_COUNT; i++)
		if (strlen(canon_column_names[i]) == len && memcmp(canon_column_names[i], name, len) == 0)
			return i;
	return -1;
}

void canon_header_all(struct canon_header *h)
{
	memset(h, 0, sizeof *h);
	for (int i = 0; i < COL_COUNT; i++)
		h->index[i] = i;
	for (int i = 0; i < CANON_MAX_FIELDS; i++)
		h->col_at[i] = (signed char)(i < COL_COUNT ? i : -1);
	h->nfields = COL_COUNT;
}

int canon_header_map(struct canon_header *h, const char *const *field, const size_t *len,
                     size_t n, char *why, size_t why_size)
{
	memset(h, 0, sizeof *h);
	for (int i = 0; i < COL_COUNT; i++)
		h->index[i] = -1;
	for (int i = 0; i < CANON_MAX_FIELDS; i++)
		h->col_at[i] = -1;
	h->nfields = n;
	if (n > CANON_MAX_FIELDS) {
		snprintf(why, why_size, "header has %zu columns (at most %d)", n, CANON_MAX_FIELDS);
		return -1;
	}
	for (size_t f = 0; f < n; f++) {
		int col;

		if (memchr(field[f], '\0', len[f]) || utf8_check((const unsigned char *)field[f], len[f]) != len[f]) {
			snprintf(why, why_size, "header column %zu is not valid utf-8 text", f + 1);
			return -1;
		}
		if (len[f] == 0) {
			snprintf(why, why_size, "header column %zu has no name", f + 1);
			return -1;
		}
		col = column_lookup(field[f], len[f]);
		if (col < 0) {
			/* Unknown columns are ignored (spec), but a name given twice
			 * would make "ignored once" ambiguous: reject that too. */
			for (size_t g = 0; g < f; g++)
				if (len[g] == len[f] && memcmp(field[g], field[f], len[f]) == 0) {
					snprintf(why, why_size, "header names column '%.64s' twice", field[f]);
					return -1;
				}
			if (h->nignored < CANON_MAX_IGNORED)
				snprintf(h->ignored[h->nignored], sizeof h->ignored[0], "%.64s", field[f]);
			h->nignored++;
			continue;
		}
		if (h->index[col] >= 0) {
			snprintf(why, why_size, "header names column '%s' twice", canon_column_names[col]);
			return -1;
		}
		h->index[col] = (int)f;
		h->col_at[f] = (signed char)col;
	}
	for (size_t r = 0; r < sizeof required / sizeof required[0]; r++)
		if (h->index[required[r]] < 0) {
			snprintf(why, why_size, "header lacks the required column '%s'",
			         canon_column_names[required[r]]);
			return -1;
		}
	return 0;
}

static int reject(struct canon_reject *why, int col, const char *reason)
{
	why->column = col >= 0 ? canon_column_names[col] : "";
	why->reason = reason;
	return -1;
}

/* Text of column col, or NULL when the header lacks it. */
#define FIELD(col) (h->index[col] >= 0 ? field[h->index[col]] : NULL)
#define FLEN(col) (h->index[col] >= 0 ? len[h->index[col]] : 0)

/* Printable: no C0 control character and no DEL (UTF-8 checked before). */
static int printable(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f)
			return 0;
	}
	return 1;
}

/* Copies an optional text column (1..64 printable bytes) into dst; an
 * empty or absent field leaves dst as it is (its default). */
static int text_field(const struct canon_header *h, const char *const *field, const size_t *len,
                      int col, char *dst, size_t cap, int is_required, struct canon_reject *why)
{
	const char *s = FIELD(col);
	size_t n = FLEN(col);

	if (!s || n == 0)
		return is_required ? reject(why, col, CANON_R_MISSING) : 0;
	if (n > cap - 1)
		return reject(why, col, CANON_R_TOO_LONG);
	if (!printable(s, n))
		return reject(why, col, CANON_R_CHARS);
	memcpy(dst, s, n);
	dst[n] = '\0';
	return 0;
}

static int time_field(const struct canon_header *h, const char *const *field, const size_t *len,
                      int col, int64_t *out, struct canon_reject *why)
{
	const char *s = FIELD(col), *detail = NULL;

	*out = TIME_NONE;
	if (!s || FLEN(col) == 0)
		return 0;
	if (rfc3339_parse(s, out, &detail) != 0) {
		snprintf(why->buf, sizeof why->buf, "%s: %s", CANON_R_TIMESTAMP,
		         detail ? detail : "not an rfc 3339 instant");
		*out = TIME_NONE;
		return reject(why, col, why->buf);
	}
	return 0;
}

/* Decimal digits only, no sign or spaces: "-5" is a negative duration,
 * "1.5" and "+5" are not integers. Values above INT32_MAX are out of range. */
static int int_field(const struct canon_header *h, const char *const *field, const size_t *len,
                     int col, int32_t *out, struct canon_reject *why)
{
	const char *s = FIELD(col);
	size_t n = FLEN(col), i = 0;
	int64_t v = 0;
	int neg = 0;

	if (!s || n == 0)
		return 0; /* stays -1: absent */
	if (s[0] == '-' && n > 1) {
		neg = 1;
		i = 1;
	}
	for (; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return reject(why, col, CANON_R_NOT_INT);
		if (v <= INT32_MAX)
			v = v * 10 + (s[i] - '0');
	}
	if (neg)
		return reject(why, col, CANON_R_NEGATIVE);
	if (v > INT32_MAX)
		return reject(why, col, CANON_R_RANGE);
	*out = (int32_t)v;
	return 0;
}

/* A one-character choice among `allowed` ("01", "012345"...); empty gives
 * empty_value. */
static int choice_field(const struct canon_header *h, const char *const *field, const size_t *len,
                        int col, const char *allowed, int empty_value, int8_t *out,
                        const char *reason, struct canon_reject *why)
{
	const char *s = FIELD(col);
	size_t n = FLEN(col);

	if (!s || n == 0) {
		*out = (int8_t)empty_value;
		return 0;
	}
	if (n != 1 || !strchr(allowed, s[0]))
		return reject(why, col, reason);
	*out = (int8_t)(s[0] - '0');
	return 0;
}

static int enum_field(const struct canon_header *h, const char *const *field, const size_t *len,
                      int col, int (*parse)(const char *), int is_required, int fallback,
                      uint8_t *out, struct canon_reject *why)
{
	const char *s = FIELD(col);
	int v;

	if (!s || FLEN(col) == 0) {
		if (is_required)
			return reject(why, col, CANON_R_MISSING);
		*out = (uint8_t)fallback;
		return 0;
	}
	if ((v = parse(s)) < 0)
		return reject(why, col, CANON_R_UNKNOWN);
	*out = (uint8_t)v;
	return 0;
}

static int client_id_ok(const char *s)
{
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      *s == '_' || *s == '-'))
			return 0;
	return 1;
}

int canon_row_parse(const struct canon_header *h, const char *const *field, const size_t *len,
                    size_t n, int plain, struct contact *c, struct canon_reject *why)
{
	why->buf[0] = '\0';
	if (n > h->nfields)
		return reject(why, -1, CANON_R_TOO_MANY);
	if (n < h->nfields)
		return reject(why, -1, CANON_R_TOO_FEW);
	/* Encoding first, over every field (ignored columns too): a row with
	 * broken bytes is not trusted in any of its columns. */
	for (size_t f = 0; f < n && !plain; f++) {
		int col = f < CANON_MAX_FIELDS ? h->col_at[f] : -1;

		if (utf8_plain_ascii((const unsigned char *)field[f], len[f]))
			continue;
		if (memchr(field[f], '\0', len[f]))
			return reject(why, col, CANON_R_NUL);
		if (utf8_check((const unsigned char *)field[f], len[f]) != len[f])
			return reject(why, col, CANON_R_UTF8);
	}
	contact_init(c);
	if (text_field(h, field, len, COL_CONTACT_ID, c->contact_id, sizeof c->contact_id, 1, why) ||
	    text_field(h, field, len, COL_CLIENT_ID, c->client_id, sizeof c->client_id, 1, why))
		return -1;
	if (!client_id_ok(c->client_id))
		return reject(why, COL_CLIENT_ID, CANON_R_CHARS);
	if (enum_field(h, field, len, COL_CHANNEL, channel_parse, 1, 0, &c->channel, why) ||
	    enum_field(h, field, len, COL_DIRECTION, direction_parse, 0, DIR_INBOUND, &c->direction, why) ||
	    text_field(h, field, len, COL_QUEUE, c->queue, sizeof c->queue, 0, why) ||
	    text_field(h, field, len, COL_CUSTOMER_ID, c->customer_id, sizeof c->customer_id, 0, why))
		return -1;
	if (!FIELD(COL_ARRIVED_AT) || FLEN(COL_ARRIVED_AT) == 0)
		return reject(why, COL_ARRIVED_AT, CANON_R_MISSING);
	if (time_field(h, field, len, COL_ARRIVED_AT, &c->arrived_at_ms, why) ||
	    time_field(h, field, len, COL_ANSWERED_AT, &c->answered_at_ms, why) ||
	    time_field(h, field, len, COL_ENDED_AT, &c->ended_at_ms, why) ||
	    enum_field(h, field, len, COL_OUTCOME, outcome_parse, 1, 0, &c->outcome, why) ||
	    int_field(h, field, len, COL_TALK_S, &c->talk_s, why) ||
	    int_field(h, field, len, COL_HOLD_S, &c->hold_s, why) ||
	    int_field(h, field, len, COL_WRAP_S, &c->wrap_s, why) ||
	    text_field(h, field, len, COL_AGENT_ID, c->agent_id, sizeof c->agent_id, 0, why) ||
	    choice_field(h, field, len, COL_TRANSFERRED, "01", 0, &c->transferred, CANON_R_FLAG, why) ||
	    choice_field(h, field, len, COL_RESOLVED, "01", -1, &c->resolved, CANON_R_RESOLVED, why) ||
	    choice_field(h, field, len, COL_CSAT, "12345", 0, &c->csat, CANON_R_CSAT, why) ||
	    choice_field(h, field, len, COL_COMPLAINT, "01", 0, &c->complaint, CANON_R_FLAG, why))
		return -1;
	/* Order of instants. */
	if (c->answered_at_ms != TIME_NONE && c->answered_at_ms < c->arrived_at_ms)
		return reject(why, COL_ANSWERED_AT, CANON_R_ANSWER_BEFORE);
	if (c->ended_at_ms != TIME_NONE && c->ended_at_ms < c->arrived_at_ms)
		return reject(why, COL_ENDED_AT, CANON_R_END_BEFORE);
	if (c->ended_at_ms != TIME_NONE && c->answered_at_ms != TIME_NONE &&
	    c->ended_at_ms < c->answered_at_ms)
		return reject(why, COL_ENDED_AT, CANON_R_END_BEFORE_ANS);
	/* Outcome against the instants (spec, "answered_at: for answered",
	 * "ended_at: for abandoned", and what "open" means). */
	switch (c->outcome) {
	case OUT_ANSWERED:
		if (c->answered_at_ms == TIME_NONE)
			return reject(why, COL_ANSWERED_AT, CANON_R_NO_ANSWER);
		break;
	case OUT_ABANDONED:
		if (c->ended_at_ms == TIME_NONE)
			return reject(why, COL_ENDED_AT, CANON_R_NO_END);
		if (c->answered_at_ms != TIME_NONE)
			return reject(why, COL_ANSWERED_AT, CANON_R_ABANDON_ANS);
		break;
	case OUT_OPEN:
		if (!channel_is_written(c->channel))
			return reject(why, COL_OUTCOME, CANON_R_OPEN_LIVE);
		if (c->answered_at_ms != TIME_NONE)
			return reject(why, COL_ANSWERED_AT, CANON_R_OPEN_ANS);
		break;
	default:
		break;
	}
	return 0;
}

const char *canon_header_line(void)
{
	return "contact_id,client_id,channel,direction,queue,customer_id,arrived_at,"
	       "answered_at,ended_at,outcome,talk_s,hold_s,wrap_s,agent_id,"
	       "transferred,resolved,csat,complaint";
}

/* The bytes that end a run of text needing no quotes: the three that need
 * them and the terminator. A table walk, not strcspn: the fields are short,
 * and strcspn's set-up was 3 % of a large draft. */
static const unsigned char csv_stop[256] = { [0] = 1, [','] = 1, ['"'] = 1, ['\r'] = 1, ['\n'] = 1 };

/* Appends s to buf at *at, quoted per RFC 4180 when needed. */
static void put_text(char *buf, size_t size, size_t *at, const char *s)
{
	size_t plain = 0;

	while (!csv_stop[(unsigned char)s[plain]])
		plain++;

	if (!s[plain]) { /* nothing to quote: the common case, one copy */
		if (*at < size)
			memcpy(buf + *at, s, plain < size - *at ? plain : size - *at);
		*at += plain;
		return;
	}
	if (*at < size)
		buf[*at] = '"';
	(*at)++;
	for (; *s; s++) {
		if (*s == '"') {
			if (*at < size)
				buf[*at] = '"';
			(*at)++;
		}
		if (*at < size)
			buf[*at] = *s;
		(*at)++;
	}
	if (*at < size)
		buf[*at] = '"';
	(*at)++;
}

static void put_sep_text(char *buf, size_t size, size_t *at, const char *s)
{
	if (*at < size)
		buf[*at] = ',';
	(*at)++;
	put_text(buf, size, at, s);
}

/* The text of each column of c, as canon_format_row writes it (before
 * quoting); the strings live in f. */
struct row_text {
	char t[3][40], n[3][16], resolved[4], csat[4], flag[2][2];
	const char *field[COL_COUNT];
	size_t len[COL_COUNT];
};

/* v >= 0 in decimal, as "%d" writes it, into out (room for its digits
 * and a NUL): by hand, since a draft's evidence formats four a contact. */
static void decimal_text(int32_t v, char *out)
{
	char digits[12];
	int n = 0;

	do
		digits[n++] = (char)('0' + v % 10);
	while ((v /= 10) > 0);
	while (n > 0)
		*out++ = digits[--n];
	*out = '\0';
}

static void row_text_of(const struct contact *c, struct row_text *f)
{
	int64_t times[3] = { c->arrived_at_ms, c->answered_at_ms, c->ended_at_ms };
	int32_t secs[3] = { c->talk_s, c->hold_s, c->wrap_s };

	for (int i = 0; i < 3; i++) {
		if (times[i] == TIME_NONE)
			f->t[i][0] = '\0';
		else
			rfc3339_format_utc(times[i], f->t[i], sizeof f->t[i]);
		if (secs[i] < 0)
			f->n[i][0] = '\0';
		else
			decimal_text(secs[i], f->n[i]);
	}
	f->resolved[0] = c->resolved < 0 ? '\0' : c->resolved ? '1' : '0';
	f->resolved[1] = '\0';
	if (c->csat > 0) /* an int8_t: 3 digits at most */
		decimal_text(c->csat, f->csat);
	else
		f->csat[0] = '\0';
	f->flag[0][0] = (char)('0' + (c->transferred != 0));
	f->flag[1][0] = (char)('0' + (c->complaint != 0));
	f->flag[0][1] = f->flag[1][1] = '\0';
	f->field[COL_CONTACT_ID] = c->contact_id;
	f->field[COL_CLIENT_ID] = c->client_id;
	f->field[COL_CHANNEL] = channel_name(c->channel);
	f->field[COL_DIRECTION] = direction_name(c->direction);
	f->field[COL_QUEUE] = c->queue;
	f->field[COL_CUSTOMER_ID] = c->customer_id;
	f->field[COL_ARRIVED_AT] = f->t[0];
	f->field[COL_ANSWERED_AT] = f->t[1];
	f->field[COL_ENDED_AT] = f->t[2];
	f->field[COL_OUTCOME] = outcome_name(c->outcome);
	f->field[COL_TALK_S] = f->n[0];
	f->field[COL_HOLD_S] = f->n[1];
	f->field[COL_WRAP_S] = f->n[2];
	f->field[COL_AGENT_ID] = c->agent_id;
	f->field[COL_TRANSFERRED] = f->flag[0];
	f->field[COL_RESOLVED] = f->resolved;
	f->field[COL_CSAT] = f->csat;
	f->field[COL_COMPLAINT] = f->flag[1];
	for (int i = 0; i < COL_COUNT; i++) {
		if (!f->field[i])
			f->field[i] = ""; /* an enum out of its range: the check says so */
		f->len[i] = strlen(f->field[i]);
	}
}

size_t canon_format_row(char *buf, size_t size, const struct contact *c)
{
	struct row_text f;
	size_t at = 0;

	row_text_of(c, &f);
	put_text(buf, size, &at, f.field[0]);
	for (int i = 1; i < COL_COUNT; i++)
		put_sep_text(buf, size, &at, f.field[i]);
	if (size)
		buf[at < size ? at : size - 1] = '\0';
	return at;
}

int canon_contact_check(const struct contact *c, struct canon_reject *why)
{
	struct canon_header h;
	struct row_text f;
	struct contact back;

	canon_header_all(&h);
	row_text_of(c, &f);
	if (canon_row_parse(&h, f.field, f.len, COL_COUNT, 0, &back, why) != 0)
		return -1;
	if (!contact_same_content(c, &back)) {
		why->column = "";
		why->reason = CANON_R_ROUND_TRIP;
		return -1;
	}
	return 0;
}
