/* test_opskind.c -- the operations-log kinds (ingest/opskind.h): the kind
 * from the header, each column's type check with its exact reason, the
 * canonical fields, the partition, and each kind's row check. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "ingest/opskind.h"

/* Splits a CSV line without quotes into fields (tests only). */
struct split { char buf[1024]; const char *f[32]; size_t len[32]; size_t n; };

static void split(struct split *s, const char *line)
{
	char *p;

	snprintf(s->buf, sizeof s->buf, "%s", line);
	s->n = 0;
	for (p = s->buf;; p++) {
		char *c = strchr(p, ',');

		s->f[s->n] = p;
		s->len[s->n] = c ? (size_t)(c - p) : strlen(p);
		s->n++;
		if (!c)
			break;
		*c = '\0';
		p = c;
	}
}

static const char *fc_header = "client_id,channel,queue,interval_start,interval_min,offered,aht_s,published_at";
static const char *as_header = "agent_id,client_id,queue,state,started_at,ended_at";

/* Parses one row of kind k under header; returns the reason ("" accepted). */
static const char *parse(const struct ops_kind *k, const char *header, const char *line, struct ops_row *r,
                         const char **column)
{
	static struct ops_reject why;
	struct split h, row;
	struct ops_header oh;
	char msg[200];

	split(&h, header);
	assert_int_equal(ops_header_map(k, &oh, h.f, h.len, h.n, msg, sizeof msg), 0);
	split(&row, line);
	if (ops_row_parse(k, &oh, row.f, row.len, row.n, r, &why) == 0) {
		*column = "";
		return "";
	}
	*column = why.column;
	return why.reason;
}

static void test_kind_of_header(void **state)
{
	struct split h;
	struct ops_header oh;
	char msg[200];

	(void)state;
	split(&h, fc_header);
	assert_ptr_equal(ops_kind_of_header(h.f, h.len, h.n), &ops_kind_forecast);
	split(&h, "published_at,offered,interval_min,interval_start,channel,client_id"); /* any order, optional absent */
	assert_ptr_equal(ops_kind_of_header(h.f, h.len, h.n), &ops_kind_forecast);
	split(&h, as_header);
	assert_ptr_equal(ops_kind_of_header(h.f, h.len, h.n), &ops_kind_agent_state);
	split(&h, "contact_id,client_id,channel,arrived_at,outcome");
	assert_null(ops_kind_of_header(h.f, h.len, h.n));
	split(&h, "agent_id,state,started_at,ended_at,started_at");
	assert_int_equal(ops_header_map(&ops_kind_agent_state, &oh, h.f, h.len, h.n, msg, sizeof msg), -1);
	assert_string_equal(msg, "header names column 'started_at' twice");
	split(&h, "agent_id,state,started_at");
	assert_int_equal(ops_header_map(&ops_kind_agent_state, &oh, h.f, h.len, h.n, msg, sizeof msg), -1);
	assert_string_equal(msg, "header lacks required column 'ended_at' of a agent-state log");
	assert_ptr_equal(ops_kind_find("agent-state"), &ops_kind_agent_state);
	assert_null(ops_kind_find("complaints"));
}

static void test_forecast_rows(void **state)
{
	static const struct { const char *line, *reason, *column; } cases[] = {
		{ "ACME,voice,billing,2026-10-05T08:00:00+02:00,30,42.5,180,2026-10-01T12:00:00Z", "", "" },
		{ "ACME,voice,,2026-10-05T08:00:00+02:00,15,0,,2026-10-01T12:00:00Z", "", "" },
		{ "ACME,voice,billing,2026-10-05T08:15:00+02:00,30,1,180,2026-10-01T12:00:00Z",
		  "interval_start not on a local multiple of interval_min", "interval_start" },
		{ "ACME,voice,billing,2026-10-05T08:00:00+02:00,45,1,180,2026-10-01T12:00:00Z",
		  "expected 15, 30 or 60", "interval_min" },
		{ "ACME,voice,billing,2026-10-05T08:00:00+02:00,30,1.005,180,2026-10-01T12:00:00Z",
		  "more than 2 decimals", "offered" },
		{ "ACME,voice,billing,2026-10-05T08:00:00+02:00,30,-3,180,2026-10-01T12:00:00Z", "negative value", "offered" },
		{ "ACME,voice,billing,2026-10-05T08:00:00+02:00,30,1e3,180,2026-10-01T12:00:00Z", "not a decimal", "offered" },
		{ "ACME,voice,billing,2026-10-05T08:00:00+02:00,30,1.,180,2026-10-01T12:00:00Z", "not a decimal", "offered" },
		{ "ACME,voice,billing,2026-10-05T08:00:00+02:00,30,1,x,2026-10-01T12:00:00Z", "not a decimal", "aht_s" },
		{ "ACME,fax,billing,2026-10-05T08:00:00+02:00,30,1,180,2026-10-01T12:00:00Z", "unknown value", "channel" },
		{ "ACME,voice,billing,2026-10-05T08:00:00+02:00,30,1,180,", "missing required field", "published_at" },
		{ "A.B,voice,billing,2026-10-05T08:00:00+02:00,30,1,180,2026-10-01T12:00:00Z", "invalid characters",
		  "client_id" },
		{ "ACME,voice,billing,2026-02-30T08:00:00+02:00,30,1,180,2026-10-01T12:00:00Z",
		  "invalid timestamp: day out of range for month", "interval_start" },
		{ "ACME,voice,billing,2026-10-05T08:00:00+02:00,30,1,180", "too few fields", "" },
		/* a zone of +05:30: 10:00 local starts an hour, 10:30 only a half-hour */
		{ "ACME,voice,b,2026-10-05T10:00:00+05:30,60,1,180,2026-10-01T12:00:00Z", "", "" },
		{ "ACME,voice,b,2026-10-05T10:30:00+05:30,60,1,180,2026-10-01T12:00:00Z",
		  "interval_start not on a local multiple of interval_min", "interval_start" },
		{ "ACME,voice,b,2026-10-05T10:30:00+05:30,30,1,180,2026-10-01T12:00:00Z", "", "" },
	};
	struct ops_row r;
	const char *column;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		const char *why = parse(&ops_kind_forecast, fc_header, cases[i].line, &r, &column);

		if (strcmp(why, cases[i].reason) || strcmp(column, cases[i].column)) {
			print_error("%s: got '%s' (%s), want '%s' (%s)\n", cases[i].line, why, column, cases[i].reason,
			            cases[i].column);
			fail();
		}
	}
	/* canonical fields and partition */
	assert_string_equal(parse(&ops_kind_forecast, fc_header, cases[0].line, &r, &column), "");
	assert_string_equal(r.field[3], "2026-10-05T06:00:00.000Z");
	assert_string_equal(r.field[5], "42.50");
	assert_string_equal(r.client, "ACME");
	assert_true(r.day_ms == INT64_C(1791158400000)); /* 2026-10-05T00:00Z */
}

static void test_agent_state_rows(void **state)
{
	static const struct { const char *line, *reason, *column; } cases[] = {
		{ "a1,ACME,billing,available,2026-10-05T06:00:00Z,2026-10-05T06:10:00Z", "", "" },
		{ "a1,,billing,wrap,2026-10-05T06:00:00Z,2026-10-05T06:10:00Z", "", "" },
		{ "a1,ACME,billing,lunch,2026-10-05T06:00:00Z,2026-10-05T06:10:00Z", "unknown value", "state" },
		{ "a1,ACME,billing,Available,2026-10-05T06:00:00Z,2026-10-05T06:10:00Z", "unknown value", "state" },
		{ "a1,ACME,billing,wrap,2026-10-05T06:10:00Z,2026-10-05T06:10:00Z", "ended_at not after started_at",
		  "ended_at" },
		{ "a1,ACME,billing,wrap,2026-10-05T06:10:00Z,2026-10-05T06:00:00Z", "ended_at not after started_at",
		  "ended_at" },
		{ ",ACME,billing,wrap,2026-10-05T06:00:00Z,2026-10-05T06:10:00Z", "missing required field", "agent_id" },
		{ "a1,ACME,billing,wrap,2026-10-05T06:00:00Z,", "missing required field", "ended_at" },
		{ "a1,ACME,billing,wrap,2026-10-05T06:00:00Z,2026-10-05T06:10:00Z,x", "too many fields", "" },
		{ "a1,ACME,0123456789012345678901234567890123456789012345678901234567890123456789,wrap,"
		  "2026-10-05T06:00:00Z,2026-10-05T06:10:00Z", "field too long", "queue" },
	};
	struct ops_row r;
	const char *column;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		const char *why = parse(&ops_kind_agent_state, as_header, cases[i].line, &r, &column);

		if (strcmp(why, cases[i].reason) || strcmp(column, cases[i].column)) {
			print_error("%s: got '%s' (%s), want '%s' (%s)\n", cases[i].line, why, column, cases[i].reason,
			            cases[i].column);
			fail();
		}
	}
	assert_string_equal(parse(&ops_kind_agent_state, as_header, cases[1].line, &r, &column), "");
	assert_string_equal(r.client, OPS_SHARED_CLIENT); /* no client_id: shared */
}

static const char *ou_header = "incident_id,client_id,channels,started_at,ended_at,impact_pct,cause,note";
static const char *qu_header = "evaluation_id,client_id,contact_id,agent_id,channel,evaluated_at,score,passed,"
                               "critical_error";

/* Runs a table of rows of kind k: each accepted ("") or refused with its
 * exact reason and column. */
struct row_case { const char *line, *reason, *column; };

static void check_cases(const struct ops_kind *k, const char *header, const struct row_case *cases, size_t n)
{
	struct ops_row r;
	const char *column;

	for (size_t i = 0; i < n; i++) {
		const char *why = parse(k, header, cases[i].line, &r, &column);

		if (strcmp(why, cases[i].reason) || strcmp(column, cases[i].column)) {
			print_error("%s: got '%s' (%s), want '%s' (%s)\n", cases[i].line, why, column, cases[i].reason,
			            cases[i].column);
			fail();
		}
	}
}

static void test_outage_rows(void **state)
{
	static const struct row_case cases[] = {
		{ "INC-1,ACME,voice;chat,2026-10-05T08:00:00+02:00,2026-10-05T09:00:00+02:00,50,ccc,PBX down", "", "" },
		{ "INC-2,,all,2026-10-05T08:00:00Z,,,third-party,", "", "" },   /* every client, still open */
		{ "INC-3,ACME,voice;fax,2026-10-05T08:00:00Z,,,ccc,", "unknown value", "channels" },
		{ "INC-3,ACME,voice;;chat,2026-10-05T08:00:00Z,,,ccc,", "expected channels separated by ';' or all",
		  "channels" },
		{ "INC-3,ACME,all;voice,2026-10-05T08:00:00Z,,,ccc,", "expected channels separated by ';' or all",
		  "channels" },
		{ "INC-3,ACME,voice;,2026-10-05T08:00:00Z,,,ccc,", "expected channels separated by ';' or all",
		  "channels" },
		{ "INC-3,ACME,voice;voice,2026-10-05T08:00:00Z,,,ccc,", "channel named twice", "channels" },
		{ "INC-3,ACME,voice,2026-10-05T08:00:00Z,,0,ccc,", "expected an integer 1 to 100", "impact_pct" },
		{ "INC-3,ACME,voice,2026-10-05T08:00:00Z,,101,ccc,", "expected an integer 1 to 100", "impact_pct" },
		{ "INC-3,ACME,voice,2026-10-05T08:00:00Z,,50.5,ccc,", "expected an integer 1 to 100", "impact_pct" },
		{ "INC-3,ACME,voice,2026-10-05T08:00:00Z,,050,ccc,", "expected an integer 1 to 100", "impact_pct" },
		{ "INC-3,ACME,voice,2026-10-05T08:00:00Z,,100,ccc,", "", "" },
		{ "INC-3,ACME,voice,2026-10-05T08:00:00Z,,,weather,", "unknown value", "cause" },
		{ "INC-3,ACME,voice,2026-10-05T08:00:00Z,,,,", "missing required field", "cause" },
		{ "INC-3,ACME,voice,2026-10-05T08:00:00Z,2026-10-05T08:00:00Z,,ccc,", "ended_at not after started_at",
		  "ended_at" },
		{ "INC-3,ACME,voice,2026-10-05T08:00:00Z,2026-10-05T07:00:00Z,,ccc,", "ended_at not after started_at",
		  "ended_at" },
		{ "INC-3,ACME,voice,2026-10-05T08:00,,,ccc,", "invalid timestamp: not an RFC 3339 time (want HH:MM:SS)",
		  "started_at" },
		{ ",ACME,voice,2026-10-05T08:00:00Z,,,ccc,", "missing required field", "incident_id" },
		{ "INC-3,ACME,,2026-10-05T08:00:00Z,,,ccc,", "missing required field", "channels" },
	};
	struct ops_row r;
	const char *column;

	(void)state;
	check_cases(&ops_kind_outage, ou_header, cases, sizeof cases / sizeof *cases);
	/* canonical: channels in the order of enum channel, instants in UTC */
	assert_string_equal(parse(&ops_kind_outage, ou_header,
	                          "INC-1,ACME,email;voice,2026-10-05T08:00:00+02:00,,,ccc,", &r, &column), "");
	assert_string_equal(r.field[2], "voice;email");
	assert_string_equal(r.field[3], "2026-10-05T06:00:00.000Z");
	assert_string_equal(r.client, "ACME");
	assert_string_equal(parse(&ops_kind_outage, ou_header, cases[1].line, &r, &column), "");
	assert_string_equal(r.client, "@shared");
	assert_string_equal(r.field[2], "all");
	/* the update rule: ended_at and note may be filled later, impact_pct not */
	assert_true(ops_kind_outage.fill_mask == (1u << 4 | 1u << 7));
	assert_ptr_equal(ops_kind_find("outage"), &ops_kind_outage);
}

static void test_quality_rows(void **state)
{
	static const struct row_case cases[] = {
		{ "EV-1,ACME,C-1,a1,voice,2026-10-05T10:00:00Z,87.5,1,0", "", "" },
		{ "EV-2,ACME,,,,2026-10-05T10:00:00Z,100,,", "", "" },
		{ "EV-2,ACME,,,,2026-10-05T10:00:00Z,0,,", "", "" },
		{ "EV-3,ACME,,,,2026-10-05T10:00:00Z,100.01,,", "score above 100", "score" },
		{ "EV-3,ACME,,,,2026-10-05T10:00:00Z,101,,", "score above 100", "score" },
		{ "EV-3,ACME,,,,2026-10-05T10:00:00Z,1000,,", "score above 100", "score" },
		{ "EV-3,ACME,,,,2026-10-05T10:00:00Z,-1,,", "negative value", "score" },
		{ "EV-3,ACME,,,,2026-10-05T10:00:00Z,85.125,,", "more than 2 decimals", "score" },
		{ "EV-3,ACME,,,,2026-10-05T10:00:00Z,85%,,", "not a decimal", "score" },
		{ "EV-3,ACME,,,,2026-10-05T10:00:00Z,,,", "missing required field", "score" },
		{ "EV-3,ACME,,,,2026-10-05T10:00:00Z,80,yes,", "expected 0 or 1", "passed" },
		{ "EV-3,ACME,,,,2026-10-05T10:00:00Z,80,,2", "expected 0 or 1", "critical_error" },
		{ "EV-3,ACME,,,fax,2026-10-05T10:00:00Z,80,,", "unknown value", "channel" },
		{ "EV-3,,,,,2026-10-05T10:00:00Z,80,,", "missing required field", "client_id" },
		{ "EV-3,ACME,,,,2026-13-05T10:00:00Z,80,,", "invalid timestamp: month out of range", "evaluated_at" },
	};
	struct ops_row r;
	const char *column;

	(void)state;
	check_cases(&ops_kind_quality, qu_header, cases, sizeof cases / sizeof *cases);
	assert_string_equal(parse(&ops_kind_quality, qu_header, cases[0].line, &r, &column), "");
	assert_string_equal(r.field[6], "87.50");
	assert_string_equal(parse(&ops_kind_quality, qu_header, cases[1].line, &r, &column), "");
	assert_string_equal(r.field[6], "100.00");
	assert_true(ops_kind_quality.fill_mask == 0);
}

static void test_new_kinds_of_header(void **state)
{
	struct split h;

	(void)state;
	split(&h, ou_header);
	assert_ptr_equal(ops_kind_of_header(h.f, h.len, h.n), &ops_kind_outage);
	split(&h, "cause,started_at,channels,incident_id");
	assert_ptr_equal(ops_kind_of_header(h.f, h.len, h.n), &ops_kind_outage);
	split(&h, qu_header);
	assert_ptr_equal(ops_kind_of_header(h.f, h.len, h.n), &ops_kind_quality);
	split(&h, "evaluation_id,client_id,evaluated_at");   /* no score */
	assert_null(ops_kind_of_header(h.f, h.len, h.n));
}

/* The update rule of ops_settle on a kind of four columns: key, a field
 * that may be filled later (ended_at), another (resolved_at), and one that
 * may not (impact: empty means a default, so filling it changes the row). */
static const struct ops_column upd_cols[] = {
	{ "id", 1, OT_TEXT, NULL },
	{ "ended_at", 0, OT_INSTANT, NULL },
	{ "resolved_at", 0, OT_INSTANT, NULL },
	{ "impact", 0, OT_TEXT, NULL },
};
static const int upd_key[] = { 0 };
static const struct ops_kind upd_kind = {
	"upd", upd_cols, 4, upd_key, 1, -1, 1, NULL, -1, -1, -1, 1u << 1 | 1u << 2,
};

static enum ops_settle settle(const struct ops_kind *k, const char *a, const char *b, const char **column,
                              const char **reason)
{
	static struct split x, y;

	split(&x, a);
	split(&y, b);
	assert_int_equal(x.n, k->ncols);
	assert_int_equal(y.n, k->ncols);
	return ops_settle(k, x.f, y.f, column, reason);
}

static void test_update_fills_empty_field(void **state)
{
	const char *col, *why;

	(void)state;
	assert_int_equal(settle(&upd_kind, "I1,,,", "I1,E,,", &col, &why), OPS_UPDATE);
	assert_null(why);
	/* then the second one, keeping the first */
	assert_int_equal(settle(&upd_kind, "I1,E,,", "I1,E,R,", &col, &why), OPS_UPDATE);
	/* both at once */
	assert_int_equal(settle(&upd_kind, "I1,,,50", "I1,E,R,50", &col, &why), OPS_UPDATE);
}

static void test_update_same_or_lacking_is_duplicate(void **state)
{
	const char *col, *why;

	(void)state;
	assert_int_equal(settle(&upd_kind, "I1,E,,50", "I1,E,,50", &col, &why), OPS_DUPLICATE);
	assert_null(why);
	/* the earlier, open state sent again after the update */
	assert_int_equal(settle(&upd_kind, "I1,E,R,50", "I1,,,50", &col, &why), OPS_DUPLICATE);
	assert_int_equal(settle(&upd_kind, "I1,E,R,50", "I1,E,,50", &col, &why), OPS_DUPLICATE);
	assert_null(why);
}

static void test_update_changing_a_filled_field_is_conflict(void **state)
{
	const char *col, *why;

	(void)state;
	assert_int_equal(settle(&upd_kind, "I1,E,,", "I1,F,,", &col, &why), OPS_CONFLICT);
	assert_string_equal(col, "ended_at");
	assert_string_equal(why, "conflicting duplicate");
	/* filling one while changing another: still a conflict, on the change */
	assert_int_equal(settle(&upd_kind, "I1,E,,50", "I1,E,R,60", &col, &why), OPS_CONFLICT);
	assert_string_equal(col, "impact");
	assert_string_equal(why, "conflicting duplicate");
	/* a field outside the update rule may not be filled later */
	assert_int_equal(settle(&upd_kind, "I1,E,,", "I1,E,,50", &col, &why), OPS_CONFLICT);
	assert_string_equal(col, "impact");
	/* leaving a field outside the rule empty is no earlier state: a change */
	assert_int_equal(settle(&upd_kind, "I1,E,,50", "I1,E,,", &col, &why), OPS_CONFLICT);
	assert_string_equal(col, "impact");
	assert_string_equal(why, "conflicting duplicate");
	/* fills one, leaves a filled one empty: neither state keeps both */
	assert_int_equal(settle(&upd_kind, "I1,E,,", "I1,,R,", &col, &why), OPS_CONFLICT);
	assert_string_equal(col, "ended_at");
	assert_string_equal(why, "update leaves a filled field empty");
}

static void test_kind_without_update_rule(void **state)
{
	struct ops_kind plain = upd_kind;
	const char *col, *why;

	(void)state;
	plain.fill_mask = 0;
	assert_int_equal(settle(&plain, "I1,E,,", "I1,E,,", &col, &why), OPS_DUPLICATE);
	/* filling or emptying a field: a conflict on the first column that differs */
	assert_int_equal(settle(&plain, "I1,,,", "I1,E,,", &col, &why), OPS_CONFLICT);
	assert_string_equal(col, "ended_at");
	assert_int_equal(settle(&plain, "I1,E,R,", "I1,E,,", &col, &why), OPS_CONFLICT);
	assert_string_equal(col, "resolved_at");
	assert_string_equal(why, "conflicting duplicate");
}

static const char *co_header = "case_id,client_id,channel,contact_id,received_at,acknowledged_at,resolved_at,"
                               "caused_by,escalated,category";

static void test_complaint_rows(void **state)
{
	static const struct row_case cases[] = {
		{ "K-1,ACME,voice,C-1,2026-10-23T17:59:00+02:00,2026-10-26T09:00:00+01:00,,ccc,0,billing", "", "" },
		{ "K-2,ACME,,,2026-10-23T16:01:00Z,,,,,", "", "" },   /* just received */
		/* acknowledged at the instant it came in: allowed (>=) */
		{ "K-2,ACME,,,2026-10-23T16:01:00Z,2026-10-23T16:01:00Z,2026-10-23T16:01:00Z,,,", "", "" },
		{ ",ACME,,,2026-10-23T16:01:00Z,,,,,", "missing required field", "case_id" },
		{ "K-3,,,,2026-10-23T16:01:00Z,,,,,", "missing required field", "client_id" },
		{ "K-3,ACME,,,,,,,,", "missing required field", "received_at" },
		{ "K-3,AC ME,,,2026-10-23T16:01:00Z,,,,,", "invalid characters", "client_id" },
		{ "K-3,ACME,,,2026-10-23 16:01,,,,,", "invalid timestamp: no 'T' between date and time",
		  "received_at" },
		{ "K-3,ACME,,,2026-10-23T16:01:00Z,2026-10-23T16:00:59.999Z,,,,", "acknowledged_at before received_at",
		  "acknowledged_at" },
		{ "K-3,ACME,,,2026-10-23T18:01:00+02:00,2026-10-23T16:00:00Z,,,,", "acknowledged_at before received_at",
		  "acknowledged_at" },
		{ "K-3,ACME,,,2026-10-23T16:01:00Z,,2026-10-22T16:01:00Z,,,", "resolved_at before received_at",
		  "resolved_at" },
		{ "K-3,ACME,,,2026-10-23T16:01:00Z,,,customer,,", "unknown value", "caused_by" },
		{ "K-3,ACME,,,2026-10-23T16:01:00Z,,,,yes,", "expected 0 or 1", "escalated" },
		{ "K-3,ACME,fax,,2026-10-23T16:01:00Z,,,,,", "unknown value", "channel" },
		{ "K-3,ACME,,,2026-10-23T16:01:00Z,,,,,"
		  "01234567890123456789012345678901234567890123456789012345678901234", "field too long", "category" },
	};
	struct ops_row r;
	const char *column;

	(void)state;
	check_cases(&ops_kind_complaint, co_header, cases, sizeof cases / sizeof *cases);
	assert_string_equal(parse(&ops_kind_complaint, co_header, cases[0].line, &r, &column), "");
	assert_string_equal(r.field[4], "2026-10-23T15:59:00.000Z");
	assert_string_equal(r.field[5], "2026-10-26T08:00:00.000Z");
	assert_string_equal(r.client, "ACME");
	assert_string_equal(parse(&ops_kind_complaint, co_header, cases[1].line, &r, &column), "");
	assert_string_equal(r.field[7], "");    /* caused_by empty: unknown */
	/* the update rule: acknowledged_at and resolved_at only */
	assert_true(ops_kind_complaint.fill_mask == (1u << 5 | 1u << 6));
	assert_ptr_equal(ops_kind_find("complaint"), &ops_kind_complaint);
}

static void test_complaint_header_and_update(void **state)
{
	struct split h;
	const char *col, *why;

	(void)state;
	split(&h, co_header);
	assert_ptr_equal(ops_kind_of_header(h.f, h.len, h.n), &ops_kind_complaint);
	split(&h, "received_at,client_id,case_id");
	assert_ptr_equal(ops_kind_of_header(h.f, h.len, h.n), &ops_kind_complaint);
	split(&h, "case_id,client_id");   /* no received_at */
	assert_null(ops_kind_of_header(h.f, h.len, h.n));
	/* acknowledged, then resolved: updates */
	assert_int_equal(settle(&ops_kind_complaint, "K,ACME,,,T0,,,,,", "K,ACME,,,T0,T1,,,,", &col, &why), OPS_UPDATE);
	assert_int_equal(settle(&ops_kind_complaint, "K,ACME,,,T0,T1,,,,", "K,ACME,,,T0,T1,T2,,,", &col, &why),
	                 OPS_UPDATE);
	/* the received row sent again after: a duplicate (an earlier state) */
	assert_int_equal(settle(&ops_kind_complaint, "K,ACME,,,T0,T1,T2,,,", "K,ACME,,,T0,,,,,", &col, &why),
	                 OPS_DUPLICATE);
	/* another acknowledgement instant: a conflict */
	assert_int_equal(settle(&ops_kind_complaint, "K,ACME,,,T0,T1,,,,", "K,ACME,,,T0,T9,,,,", &col, &why),
	                 OPS_CONFLICT);
	assert_string_equal(col, "acknowledged_at");
	assert_string_equal(why, "conflicting duplicate");
	/* resolved but the acknowledgement left out: neither state holds both */
	assert_int_equal(settle(&ops_kind_complaint, "K,ACME,,,T0,T1,,,,", "K,ACME,,,T0,,T2,,,", &col, &why),
	                 OPS_CONFLICT);
	assert_string_equal(why, "update leaves a filled field empty");
	/* caused_by found out later: not fillable (empty means unknown) */
	assert_int_equal(settle(&ops_kind_complaint, "K,ACME,,,T0,,,,,", "K,ACME,,,T0,,,ccc,,", &col, &why),
	                 OPS_CONFLICT);
	assert_string_equal(col, "caused_by");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kind_of_header),
		cmocka_unit_test(test_forecast_rows),
		cmocka_unit_test(test_agent_state_rows),
		cmocka_unit_test(test_outage_rows),
		cmocka_unit_test(test_quality_rows),
		cmocka_unit_test(test_new_kinds_of_header),
		cmocka_unit_test(test_update_fills_empty_field),
		cmocka_unit_test(test_update_same_or_lacking_is_duplicate),
		cmocka_unit_test(test_update_changing_a_filled_field_is_conflict),
		cmocka_unit_test(test_kind_without_update_rule),
		cmocka_unit_test(test_complaint_rows),
		cmocka_unit_test(test_complaint_header_and_update),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
