/* opskind.c -- the operations-log kinds as tables, and the checks of one
 * row (opskind.h; spec/operations-logs.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/contact.h"
#include "core/store.h"
#include "core/timefmt.h"
#include "core/utf8.h"
#include "canon.h"
#include "opskind.h"

/* ---- forecast ---- */

enum { FC_CLIENT, FC_CHANNEL, FC_QUEUE, FC_START, FC_MIN, FC_OFFERED, FC_AHT, FC_PUBLISHED };

static const struct ops_column forecast_cols[] = {
	{ "client_id", 1, OT_CLIENT, NULL },
	{ "channel", 1, OT_CHANNEL, NULL },
	{ "queue", 0, OT_TEXT, NULL },
	{ "interval_start", 1, OT_INSTANT, NULL },
	{ "interval_min", 1, OT_MINUTES, NULL },
	{ "offered", 1, OT_DECIMAL2, NULL },
	{ "aht_s", 0, OT_DECIMAL, NULL },
	{ "published_at", 1, OT_INSTANT, NULL },
};
static const int forecast_key[] = { FC_CLIENT, FC_CHANNEL, FC_QUEUE, FC_START, FC_PUBLISHED };

/* "all", or channels separated by ';' (no spaces), written back in the
 * order of enum channel so that the same set is the same text (dedupe). */
static int channels_field(const char *s, char *out, size_t size, const char **reason)
{
	int seen[CH_COUNT] = { 0 };
	size_t o = 0;

	if (strcmp(s, "all") == 0) {
		snprintf(out, size, "all");
		return 0;
	}
	for (const char *p = s;;) {
		const char *end = strchr(p, ';');
		size_t l = end ? (size_t)(end - p) : strlen(p);
		char name[OPS_FIELD_MAX + 1];
		int ch;

		snprintf(name, sizeof name, "%.*s", (int)l, p);
		if (l == 0 || strcmp(name, "all") == 0) {
			*reason = OPS_R_CHANNELS;
			return -1;
		}
		if ((ch = channel_parse(name)) < 0) {
			*reason = CANON_R_UNKNOWN;
			return -1;
		}
		if (seen[ch]++) {
			*reason = OPS_R_CHANNEL2;
			return -1;
		}
		if (!end)
			break;
		p = end + 1;
	}
	out[0] = '\0';
	for (int ch = 0; ch < CH_COUNT; ch++)
		if (seen[ch])
			o += (size_t)snprintf(out + o, size - o, "%s%s", o ? ";" : "", channel_name(ch));
	return 0;
}

/* Minutes east of UTC written in an RFC 3339 instant ("Z", "+02:00"). */
static int written_offset_min(const char *s)
{
	size_t n = strlen(s);

	if (n >= 6 && (s[n - 6] == '+' || s[n - 6] == '-') && s[n - 3] == ':') {
		int v = atoi(s + n - 5) * 60 + atoi(s + n - 2);

		return s[n - 6] == '-' ? -v : v;
	}
	return 0;
}

/* The interval starts on a multiple of its length in the local time the
 * client wrote (the instant's own offset: the contract's zone is not known
 * at ingest, the sender's clock is). */
static int forecast_check(const struct ops_kind *k, const struct ops_row *r, struct ops_reject *why)
{
	int64_t len_ms = (int64_t)atoi(r->field[FC_MIN]) * 60000;
	int64_t local = r->ms[FC_START] + (int64_t)r->day_col_offset_min * 60000;

	(void)k;
	if (local - floor_div(local, len_ms) * len_ms != 0) {
		why->column = "interval_start";
		why->reason = OPS_R_MULTIPLE;
		return -1;
	}
	return 0;
}

const struct ops_kind ops_kind_forecast = {
	"forecast", forecast_cols, sizeof forecast_cols / sizeof *forecast_cols,
	forecast_key, sizeof forecast_key / sizeof *forecast_key,
	FC_CLIENT, FC_START, forecast_check, -1, -1, -1, 0,
};

/* ---- agent-state ---- */

enum { AS_AGENT, AS_CLIENT, AS_QUEUE, AS_STATE, AS_STARTED, AS_ENDED };

static const char *const agent_states[] = { "available", "handling", "wrap", "not_ready", "offline", NULL };

static const struct ops_column agent_state_cols[] = {
	{ "agent_id", 1, OT_TEXT, NULL },
	{ "client_id", 0, OT_CLIENT, NULL },
	{ "queue", 0, OT_TEXT, NULL },
	{ "state", 1, OT_ENUM, agent_states },
	{ "started_at", 1, OT_INSTANT, NULL },
	{ "ended_at", 1, OT_INSTANT, NULL },
};
static const int agent_state_key[] = { AS_AGENT, AS_STARTED };

static int agent_state_check(const struct ops_kind *k, const struct ops_row *r, struct ops_reject *why)
{
	(void)k;
	if (r->ms[AS_ENDED] <= r->ms[AS_STARTED]) {
		why->column = "ended_at";
		why->reason = OPS_R_END;
		return -1;
	}
	return 0;
}

const struct ops_kind ops_kind_agent_state = {
	"agent-state", agent_state_cols, sizeof agent_state_cols / sizeof *agent_state_cols,
	agent_state_key, sizeof agent_state_key / sizeof *agent_state_key,
	AS_CLIENT, AS_STARTED, agent_state_check, AS_AGENT, AS_STARTED, AS_ENDED, 0,
};

const struct ops_kind *const ops_kinds[] = { &ops_kind_forecast, &ops_kind_agent_state, &ops_kind_outage,
                                             &ops_kind_quality, &ops_kind_complaint, NULL };

const struct ops_kind *ops_kind_find(const char *name)
{
	for (size_t i = 0; ops_kinds[i]; i++)
		if (strcmp(ops_kinds[i]->name, name) == 0)
			return ops_kinds[i];
	return NULL;
}

int ops_kind_col(const struct ops_kind *k, const char *name)
{
	for (size_t i = 0; i < k->ncols; i++)
		if (strcmp(k->cols[i].name, name) == 0)
			return (int)i;
	return -1;
}

static int has_name(const char *const *field, const size_t *len, size_t n, const char *name)
{
	size_t l = strlen(name);

	for (size_t i = 0; i < n && i < CANON_MAX_FIELDS; i++)
		if (len[i] == l && memcmp(field[i], name, l) == 0)
			return 1;
	return 0;
}

const struct ops_kind *ops_kind_of_header(const char *const *field, const size_t *len, size_t n)
{
	for (size_t k = 0; ops_kinds[k]; k++) {
		int all = 1;

		for (size_t c = 0; c < ops_kinds[k]->ncols && all; c++)
			if (ops_kinds[k]->cols[c].required)
				all = has_name(field, len, n, ops_kinds[k]->cols[c].name);
		if (all)
			return ops_kinds[k];
	}
	return NULL;
}

int ops_header_map(const struct ops_kind *k, struct ops_header *h, const char *const *field,
                   const size_t *len, size_t n, char *why, size_t why_size)
{
	memset(h, 0, sizeof *h);
	for (size_t c = 0; c < OPS_MAX_COLS; c++)
		h->index[c] = -1;
	if (n > CANON_MAX_FIELDS) {
		snprintf(why, why_size, "header has more than %d columns", CANON_MAX_FIELDS);
		return -1;
	}
	h->nfields = n;
	for (size_t i = 0; i < n; i++) {
		int c = -1;

		for (size_t j = 0; j < k->ncols; j++)
			if (len[i] == strlen(k->cols[j].name) && memcmp(field[i], k->cols[j].name, len[i]) == 0)
				c = (int)j;
		if (c < 0) {
			if (h->nignored < 16)
				snprintf(h->ignored[h->nignored], sizeof h->ignored[0], "%.*s",
				         (int)(len[i] > 64 ? 64 : len[i]), field[i]);
			h->nignored++;
			continue;
		}
		if (h->index[c] >= 0) {
			snprintf(why, why_size, "header names column '%s' twice", k->cols[c].name);
			return -1;
		}
		h->index[c] = (int)i;
	}
	for (size_t j = 0; j < k->ncols; j++)
		if (k->cols[j].required && h->index[j] < 0) {
			snprintf(why, why_size, "header lacks required column '%s' of a %s log", k->cols[j].name,
			         k->name);
			return -1;
		}
	return 0;
}

static int reject(struct ops_reject *why, const char *column, const char *reason)
{
	why->column = column;
	why->reason = reason;
	return -1;
}

/* A decimal >= 0: digits, optionally '.' and digits. decimals2: at most two
 * after the point, written back with exactly two. */
static int decimal_field(const char *s, size_t n, int decimals2, char *out, size_t size,
                         const char **reason)
{
	size_t i = 0, int_digits = 0, frac_digits = 0;
	long long whole = 0;
	int cents = 0;

	if (s[0] == '-') {
		*reason = OPS_R_NEGATIVE;
		return -1;
	}
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, int_digits++)
		if (int_digits < 15)
			whole = whole * 10 + (s[i] - '0');
	if (i < n && s[i] == '.')
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++, frac_digits++)
			if (frac_digits < 2)
				cents = cents * 10 + (s[i] - '0');
	if (i != n || int_digits == 0 || int_digits > 15 || (s[int_digits] == '.' && frac_digits == 0)) {
		*reason = OPS_R_DECIMAL;
		return -1;
	}
	if (!decimals2) {
		snprintf(out, size, "%.*s", (int)n, s);
		return 0;
	}
	if (frac_digits > 2) {
		*reason = OPS_R_DECIMALS;
		return -1;
	}
	if (frac_digits == 1)
		cents *= 10;
	snprintf(out, size, "%lld.%02d", whole, cents);
	return 0;
}

int ops_row_parse(const struct ops_kind *k, const struct ops_header *h, const char *const *field,
                  const size_t *len, size_t n, struct ops_row *r, struct ops_reject *why)
{
	memset(why, 0, sizeof *why);
	if (n > h->nfields)
		return reject(why, "", CANON_R_TOO_MANY);
	if (n < h->nfields)
		return reject(why, "", CANON_R_TOO_FEW);
	for (size_t i = 0; i < n && i < CANON_MAX_FIELDS; i++) {
		if (memchr(field[i], '\0', len[i]))
			return reject(why, "", CANON_R_NUL);
		if (utf8_check((const unsigned char *)field[i], len[i]) != len[i])
			return reject(why, "", CANON_R_UTF8);
	}
	memset(r->field, 0, sizeof r->field);
	for (size_t c = 0; c < OPS_MAX_COLS; c++)
		r->ms[c] = TIME_NONE;
	for (size_t c = 0; c < k->ncols; c++) {
		const struct ops_column *col = &k->cols[c];
		const char *s = h->index[c] >= 0 ? field[h->index[c]] : NULL;
		size_t l = h->index[c] >= 0 ? len[h->index[c]] : 0;
		char *out = r->field[c];
		const char *detail = NULL;

		if (!s || l == 0) {
			if (col->required)
				return reject(why, col->name, CANON_R_MISSING);
			continue;
		}
		if (l > OPS_FIELD_MAX || (col->type == OT_CLIENT && l > CONTACT_CLIENT_MAX))
			return reject(why, col->name, CANON_R_TOO_LONG);
		for (size_t i = 0; i < l; i++)
			if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
				return reject(why, col->name, CANON_R_CHARS);
		memcpy(out, s, l);
		out[l] = '\0';
		switch (col->type) {
		case OT_CLIENT:
			if (!client_id_valid(out))
				return reject(why, col->name, CANON_R_CHARS);
			break;
		case OT_CHANNEL:
			if (channel_parse(out) < 0)
				return reject(why, col->name, CANON_R_UNKNOWN);
			break;
		case OT_TEXT:
			break;
		case OT_ENUM: {
			int found = 0;

			for (size_t v = 0; col->values[v] && !found; v++)
				found = strcmp(col->values[v], out) == 0;
			if (!found)
				return reject(why, col->name, CANON_R_UNKNOWN);
			break;
		}
		case OT_INSTANT:
			if (rfc3339_parse(out, &r->ms[c], &detail) != 0) {
				snprintf(why->buf, sizeof why->buf, "%s: %s", CANON_R_TIMESTAMP, detail);
				return reject(why, col->name, why->buf);
			}
			if ((int)c == k->day_col)  /* the offset as written (forecast_check) */
				r->day_col_offset_min = written_offset_min(out);
			rfc3339_format_utc(r->ms[c], out, sizeof r->field[c]);
			break;
		case OT_MINUTES:
			if (strcmp(out, "15") && strcmp(out, "30") && strcmp(out, "60"))
				return reject(why, col->name, OPS_R_MINUTES);
			break;
		case OT_CHANNELS: {
			char list[OPS_FIELD_MAX + 1];

			memcpy(list, out, l + 1);
			if (channels_field(list, out, sizeof r->field[c], &detail) != 0)
				return reject(why, col->name, detail);
			break;
		}
		case OT_FLAG:
			if (strcmp(out, "0") && strcmp(out, "1"))
				return reject(why, col->name, CANON_R_FLAG);
			break;
		case OT_PERCENT: {
			int v = 0;
			size_t i = 0;

			for (; i < l && out[i] >= '0' && out[i] <= '9' && v <= 100; i++)
				v = v * 10 + (out[i] - '0');
			if (i != l || v < 1 || v > 100 || out[0] == '0')
				return reject(why, col->name, OPS_R_PERCENT);
			break;
		}
		case OT_DECIMAL2:
		case OT_DECIMAL:
			if (decimal_field(s, l, col->type == OT_DECIMAL2, out, sizeof r->field[c], &detail) != 0)
				return reject(why, col->name, detail);
			break;
		}
	}
	if (k->row_check && k->row_check(k, r, why) != 0)
		return -1;
	snprintf(r->client, sizeof r->client, "%s",
	         k->client_col >= 0 && r->field[k->client_col][0] ? r->field[k->client_col] : OPS_SHARED_CLIENT);
	r->day_ms = floor_div(r->ms[k->day_col], MS_PER_DAY) * MS_PER_DAY;
	return 0;
}

enum ops_settle ops_settle(const struct ops_kind *k, const char *const *kept, const char *const *later,
                           const char **column, const char **reason)
{
	int fills = 0, lacks = -1;

	*column = "";
	*reason = NULL;
	for (size_t c = 0; c < k->ncols; c++) {
		int fillable = c < 32 && (k->fill_mask >> c & 1u);

		if (strcmp(kept[c], later[c]) == 0)
			continue;
		if (fillable && kept[c][0] && !later[c][0]) {  /* an earlier state */
			if (lacks < 0)
				lacks = (int)c;
			continue;
		}
		if (fillable && !kept[c][0]) {
			fills = 1;
			continue;
		}
		/* changes a filled field, or fills or empties one outside the rule
		 * (impact_pct empty means 100: either way the row means another
		 * thing) */
		*column = k->cols[c].name;
		*reason = OPS_R_CONFLICT;
		return OPS_CONFLICT;
	}
	if (fills && lacks >= 0) {
		/* neither a later state of the kept row nor a repeat of it: keeping
		 * either would lose a field the other has */
		*column = k->cols[lacks].name;
		*reason = OPS_R_UNFILLED;
		return OPS_CONFLICT;
	}
	return fills ? OPS_UPDATE : OPS_DUPLICATE;
}
