/* ops.c -- the operations logs of gen_logs (ops.h).
 *
 * How each log follows the interaction logs:
 * - forecast: each client's expected voice offered per local half-hour (the
 *   generator's own curve times the day's contacts), with a day bias and
 *   per-interval noise; a re-forecast with less noise for the 16th on.
 * - agent-state: the plan staffs each half-hour with the Erlang C agents
 *   for 80/20 of the forecast (AHT 374 s, the generator's mean voice handle
 *   time), now and then one more or one less; on one Tuesday-Thursday per
 *   client and month only 55 % of the plan came in (the short-staffed day;
 *   a planned single agent is there on 55 % of the half-hours).
 * - complaint: one case per answered contact flagged complaint, received
 *   at the contact's arrival, acknowledged (median 10 h, 1 in 15 after 2.5
 *   days) and resolved (median 4 days, 1 in 17 after 2 weeks) later; a
 *   row on the day it came in and an updated row on each later day that
 *   filled a field, so cases still open at the end of the generated days
 *   stay open.
 * - outage: one full voice outage per client and month (45 minutes to 2
 *   hours on a weekday between 08:00 and 20:00 local), placed where the
 *   client's voice arrivals are fewest, so the interaction logs show the dip
 *   without changing; and one partial (50 %) outage of the written channel.
 * - quality: 4 % of the answered contacts evaluated about a day later. */
#include "ops.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "core/timefmt.h"

#define DAY_MS INT64_C(86400000)
#define Q_MS INT64_C(900000)
#define IVL_MS (2 * Q_MS)
#define VOICE_AHT_S 374.0
#define SHORT_STAFFED 0.55

/* --- a growable text buffer; out of memory ends the tool like gen_logs --- */

struct buf {
	char *p;
	size_t len, cap;
};

static void oom(void)
{
	fprintf(stderr, "gen_logs: out of memory\n");
	exit(3);
}

static void bprintf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(b->p ? b->p + b->len : NULL, b->p ? b->cap - b->len : 0, fmt, ap);
		va_end(ap);
		if (n < 0)
			oom();
		if (b->p && b->len + (size_t)n < b->cap) {
			b->len += (size_t)n;
			return;
		}
		b->cap = (b->cap + (size_t)n + 1) * 2;
		if (!(b->p = realloc(b->p, b->cap)))
			oom();
	}
}

static const char *const header[] = {
	"client_id,channel,queue,interval_start,interval_min,offered,aht_s,published_at",
	"agent_id,client_id,queue,state,started_at,ended_at",
	"case_id,client_id,channel,contact_id,received_at,acknowledged_at,resolved_at,caused_by,escalated,category",
	"incident_id,client_id,channels,started_at,ended_at,impact_pct,cause,note",
	"evaluation_id,client_id,contact_id,agent_id,channel,evaluated_at,score,passed,critical_error",
};
enum kind { K_FORECAST, K_AGENT, K_COMPLAINT, K_OUTAGE, K_QUALITY };

/* --- the module's own random stream (splitmix64, like gen_logs) --- */

struct ops {
	const char *dir;
	int level;
	uint64_t rng;
	int64_t first_day;
	long days;
	const struct ops_client *cl;
	size_t ncl;
	int first_month, nmonths;      /* months as y * 12 + m - 1 */
	int32_t *voice_q;              /* [client][day][96]: inbound voice arrivals per local quarter */
	float *expect_q;               /* [client][day][96]: the curve's expectation of them */
	unsigned char *short_day;      /* [client][day] */
	struct buf *fc;                /* [client][month][2]: forecast, re-forecast */
	struct buf agent;              /* the current day's agent-state rows */
	struct buf *daily;             /* [day][3]: complaint, outage, quality rows */
};

static uint64_t rnd(struct ops *o)
{
	uint64_t z = (o->rng += 0x9E3779B97F4A7C15u);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
	return z ^ (z >> 31);
}

static double unif(struct ops *o) { return (double)(rnd(o) >> 11) / 9007199254740992.0; }
static int chance(struct ops *o, double p) { return unif(o) < p; }

static double normal(struct ops *o)
{
	double u = unif(o), v = unif(o);
	return sqrt(-2.0 * log(u > 0 ? u : 1e-300)) * cos(6.283185307179586 * v);
}

static double lognormal(struct ops *o, double median, double sigma) { return median * exp(sigma * normal(o)); }

/* --- time --- */

static int month_of_day(int64_t day)
{
	int y, m, d;

	days_to_civil(day, &y, &m, &d);
	return y * 12 + m - 1;
}

/* "2026-10-05T08:00:00Z", to the second (later rows repeat it exactly) */
static void fmt_utc(int64_t ms, char *out, size_t size)
{
	int64_t s = floor_div(ms, 1000), day = floor_div(s, 86400), sod = s - day * 86400;
	int y, m, d;

	days_to_civil(day, &y, &m, &d);
	snprintf(out, size, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d, (int)(sod / 3600),
	         (int)(sod / 60 % 60), (int)(sod % 60));
}

/* the same instant as local time with its offset: "2026-10-05T08:00:00+02:00" */
static void fmt_local(int64_t ms, int off_min, char *out, size_t size)
{
	int64_t s = floor_div(ms + (int64_t)off_min * 60000, 1000), day = floor_div(s, 86400);
	int64_t sod = s - day * 86400;
	int y, m, d, a = off_min < 0 ? -off_min : off_min;

	days_to_civil(day, &y, &m, &d);
	snprintf(out, size, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", y, m, d, (int)(sod / 3600),
	         (int)(sod / 60 % 60), (int)(sod % 60), off_min < 0 ? '-' : '+', a / 60, a % 60);
}

/* Index of the local day of instant ms for client k (may be outside 0..days-1). */
static long day_index(const struct ops *o, size_t k, int64_t ms)
{
	int64_t local = ms + (int64_t)o->cl[k].offset_min(k, ms) * 60000;
	return (long)(floor_div(local, DAY_MS) - o->first_day);
}

/* --- Erlang C: agents for 80 % answered within 20 s --- */

static int erlang_c_agents(double lambda, double aht_s, double ivl_s)
{
	double a = lambda * aht_s / ivl_s, b = 1.0; /* Erlang B by its recurrence */

	if (lambda <= 0)
		return 0;
	for (int n = 1;; n++) {
		b = a * b / (n + a * b);
		if (n <= a)
			continue;
		double c = n * b / (n - a * (1 - b));
		if (1 - c * exp(-(n - a) * 20.0 / aht_s) >= 0.8)
			return n;
	}
}

/* --- setup --- */

struct ops *ops_new(const char *dir, uint64_t seed, int level, int64_t first_day, long days,
                    const struct ops_client *clients, size_t nclients)
{
	struct ops *o = calloc(1, sizeof *o);

	if (!o)
		return NULL;
	o->dir = dir;
	o->level = level;
	o->rng = seed ^ 0x6F70732D6C6F6773u; /* "ops-logs": another stream than the contacts' */
	o->first_day = first_day;
	o->days = days;
	o->cl = clients;
	o->ncl = nclients;
	o->first_month = month_of_day(first_day);
	o->nmonths = month_of_day(first_day + days - 1) - o->first_month + 1;
	o->voice_q = calloc(nclients * (size_t)days * 96, sizeof *o->voice_q);
	o->expect_q = calloc(nclients * (size_t)days * 96, sizeof *o->expect_q);
	o->short_day = calloc(nclients * (size_t)days, 1);
	o->fc = calloc(nclients * (size_t)o->nmonths * 2, sizeof *o->fc);
	o->daily = calloc((size_t)days * 3, sizeof *o->daily);
	if (!o->voice_q || !o->expect_q || !o->short_day || !o->fc || !o->daily)
		oom();
	/* one short-staffed Tuesday, Wednesday or Thursday per client and month */
	for (size_t k = 0; k < nclients; k++)
		for (int mi = 0; mi < o->nmonths; mi++) {
			long cand[8], nc = 0;
			for (long dd = 0; dd < days; dd++) {
				int wd = days_weekday(first_day + dd);
				if (month_of_day(first_day + dd) == o->first_month + mi && wd >= 1 && wd <= 3 &&
				    nc < 8)
					cand[nc++] = dd;
			}
			if (nc)
				o->short_day[k * (size_t)days + (size_t)cand[rnd(o) % (uint64_t)nc]] = 1;
		}
	return o;
}

/* --- forecast and agent states, planned per day --- */

static void agent_rows(struct ops *o, size_t k, int64_t t, int agents, double traffic)
{
	const char *id = o->cl[k].id;
	double occ = agents ? fmin(0.9, traffic / agents) : 0;

	for (int j = 0; j < agents; j++) {
		static const char *const st[] = { "handling", "wrap", "not_ready", "available" };
		int64_t len[4], s = t;
		char a[40], b[40];

		len[0] = (int64_t)llround(occ * 0.86 * 1800 * (0.85 + 0.3 * unif(o)));
		len[1] = (int64_t)llround(occ * 0.14 * 1800);
		len[2] = chance(o, 0.1) ? 300 : 0; /* a short break */
		if (len[0] + len[1] + len[2] > 1800)
			len[0] = 1800 - len[1] - len[2];
		len[3] = 1800 - len[0] - len[1] - len[2];
		for (int i = 0; i < 4; i++) {
			if (len[i] <= 0)
				continue;
			fmt_utc(s, a, sizeof a);
			fmt_utc(s + len[i] * 1000, b, sizeof b);
			bprintf(&o->agent, "%s-A%03d,%s,,%s,%s,%s\n", id, j, id, st[i], a, b);
			s += len[i] * 1000;
		}
	}
}

void ops_plan_day(struct ops *o, long dd, size_t k, int64_t n, const double qw[96], double qsum)
{
	const struct ops_client *c = &o->cl[k];
	int64_t day = o->first_day + dd, t = c->local_to_utc(k, day * DAY_MS);
	int64_t end = c->local_to_utc(k, (day + 1) * DAY_MS);
	int y, m, d, mi = month_of_day(day) - o->first_month;
	/* offered inbound voice contacts: the voice share, 96 % inbound, less
	 * the 3 % deflected (make_contact) */
	double voice = (double)n * (1 - c->written_share) * 0.96 * 0.97;
	double bias = exp(0.08 * normal(o)), rebias = exp(0.03 * normal(o));
	struct buf *base = &o->fc[(k * (size_t)o->nmonths + (size_t)mi) * 2];
	char pub[40], pub2[40], start[40];

	for (int q = 0; q < 96; q++)
		o->expect_q[((size_t)k * (size_t)o->days + (size_t)dd) * 96 + (size_t)q] = (float)(voice * qw[q] / qsum);
	days_to_civil(day, &y, &m, &d);
	/* published 10 days before the month, and on the 15th (12:00 UTC) */
	fmt_utc((civil_to_days(y, m, 1) - 10) * DAY_MS + 12 * 3600000, pub, sizeof pub);
	fmt_utc((civil_to_days(y, m, 15)) * DAY_MS + 12 * 3600000, pub2, sizeof pub2);
	for (; t < end; t += IVL_MS) {
		int off = c->offset_min(k, t);
		int64_t q = floor_div(t + (int64_t)off * 60000 - day * DAY_MS, Q_MS);
		double lambda, f;
		int agents;

		if (q < 0)
			q = 0;
		if (q > 94)
			q = 94;
		lambda = voice * (qw[q] + qw[q + 1]) / qsum;
		f = lambda * bias * exp(0.12 * normal(o));
		fmt_local(t, off, start, sizeof start);
		bprintf(base, "%s,voice,,%s,30,%.2f,%d,%s\n", c->id, start, f, (int)VOICE_AHT_S, pub);
		if (d >= 16)
			bprintf(base + 1, "%s,voice,,%s,30,%.2f,%d,%s\n", c->id, start,
			        lambda * rebias * exp(0.05 * normal(o)), (int)VOICE_AHT_S, pub2);
		/* the plan staffs the forecast; the day brings what it brings */
		agents = erlang_c_agents(f, VOICE_AHT_S, 1800);
		if (agents > 1 && chance(o, 0.1))
			agents += chance(o, 0.5) ? 1 : -1;
		if (o->short_day[k * (size_t)o->days + (size_t)dd]) /* rounded at random: 55 % on average */
			agents = (int)floor(agents * SHORT_STAFFED + unif(o));
		agent_rows(o, k, t, agents, f * VOICE_AHT_S / 1800);
	}
}

/* --- complaints and quality, from the contacts --- */

static void complaint(struct ops *o, long dd, size_t k, const struct contact *c)
{
	int64_t rec = c->arrived_at_ms;
	int64_t ack = rec + (int64_t)(lognormal(o, 10 * 3600.0, 1.2) * 1000);
	int64_t res = rec + (int64_t)(lognormal(o, 96 * 3600.0, 0.8) * 1000);
	double r = unif(o);
	const char *by = r < 0.5 ? "ccc" : r < 0.85 ? "client" : "unknown";
	int esc = chance(o, 0.08);
	long da, dr;
	char t0[40], ta[40], tr[40];

	if (res < ack)
		res = ack + (int64_t)(lognormal(o, 3600.0, 1.0) * 1000);
	da = day_index(o, k, ack);
	dr = day_index(o, k, res);
	fmt_utc(rec, t0, sizeof t0);
	fmt_utc(ack, ta, sizeof ta);
	fmt_utc(res, tr, sizeof tr);
	/* the row as each day's export saw the case */
	for (long day = dd; day < o->days; day++) {
		if (day != dd && day != da && day != dr)
			continue;
		bprintf(&o->daily[day * 3], "K-%s,%s,%s,%s,%s,%s,%s,%s,%d,%s\n", c->contact_id, c->client_id,
		        channel_name(c->channel), c->contact_id, t0, da <= day ? ta : "",
		        dr <= day ? tr : "", by, esc, c->queue);
		if (day >= dr)
			break;
	}
}

static void quality(struct ops *o, size_t k, const struct contact *c)
{
	int64_t done = c->ended_at_ms > 0 ? c->ended_at_ms : c->answered_at_ms + (int64_t)c->talk_s * 1000;
	int64_t at = done + (int64_t)(lognormal(o, 30 * 3600.0, 0.7) * 1000);
	long day = day_index(o, k, at);
	int crit = chance(o, 0.01);
	double score = fmin(100, fmax(30, 88 + 6 * normal(o) - (crit ? 25 : 0)));
	char t[40];

	score = round(score * 4) / 4; /* the forms score in quarter points */
	if (day < 0 || day >= o->days)
		return; /* evaluated after the generated days */
	fmt_utc(at, t, sizeof t);
	bprintf(&o->daily[day * 3 + 2], "Q-%s,%s,%s,%s,%s,%s,%.2f,%d,%d\n", c->contact_id, c->client_id,
	        c->contact_id, c->agent_id, channel_name(c->channel), t, score, score >= 80 && !crit, crit);
}

void ops_contact(struct ops *o, long dd, size_t k, const struct contact *c)
{
	if (c->channel == CH_VOICE && c->direction == DIR_INBOUND) {
		int64_t local = c->arrived_at_ms + (int64_t)o->cl[k].offset_min(k, c->arrived_at_ms) * 60000;
		int64_t q = floor_div(local - (o->first_day + dd) * DAY_MS, Q_MS);
		if (q >= 0 && q < 96)
			o->voice_q[((size_t)k * (size_t)o->days + (size_t)dd) * 96 + (size_t)q]++;
	}
	if (c->outcome != OUT_ANSWERED)
		return;
	if (c->complaint)
		complaint(o, dd, k, c);
	if (chance(o, 0.04))
		quality(o, k, c);
}

/* --- files --- */

static void write_file(const struct ops *o, const char *name, enum kind kind, const struct buf *b)
{
	char path[4096], mode[8];
	gzFile gz;

	if (!b->len)
		return; /* nothing happened: no file */
	snprintf(path, sizeof path, "%s/%s", o->dir, name);
	snprintf(mode, sizeof mode, "wb%d", o->level);
	if (!(gz = gzopen(path, mode)) || gzprintf(gz, "%s\n", header[kind]) <= 0 ||
	    gzwrite(gz, b->p, (unsigned)b->len) != (int)b->len || gzclose(gz) != Z_OK) {
		fprintf(stderr, "gen_logs: cannot write %s\n", path);
		exit(3);
	}
}

static void day_name(const struct ops *o, long dd, const char *kind, char *out, size_t size)
{
	int y, m, d;

	days_to_civil(o->first_day + dd, &y, &m, &d);
	snprintf(out, size, "%s-%04d-%02d-%02d.csv.gz", kind, y, m, d);
}

void ops_end_day(struct ops *o, long dd)
{
	char name[64];

	day_name(o, dd, "agent-state", name, sizeof name);
	write_file(o, name, K_AGENT, &o->agent);
	o->agent.len = 0;
}

/* The client's full voice outage of month mi: the weekday window of 45 to
 * 120 minutes between 08:00 and 20:00 local whose voice arrivals are lowest
 * against what the curve expects there ((arrivals + 1) / expected; ties
 * drawn at random), so the dip shows; and a partial one of the written
 * channel on another weekday. */
static void outages(struct ops *o, size_t k, int mi, int64_t *voice_out, char *span, size_t span_size)
{
	const struct ops_client *c = &o->cl[k];
	int len = 3 + (int)(rnd(o) % 6), best_q = -1, ties = 0;
	long best_d = -1, pd = -1, np = 0;
	double best = INFINITY;
	int64_t s, e;
	char a[40], b[40];
	int y, m, d;

	for (long dd = 0; dd < o->days; dd++) {
		int64_t day = o->first_day + dd;
		size_t at = ((size_t)k * (size_t)o->days + (size_t)dd) * 96;
		if (month_of_day(day) != o->first_month + mi || days_weekday(day) > 4)
			continue;
		for (int q = 32; q + len <= 80; q++) {
			double n = 0, x = 0, r;
			for (int i = 0; i < len; i++)
				n += o->voice_q[at + (size_t)(q + i)], x += o->expect_q[at + (size_t)(q + i)];
			r = (n + 1) / (x > 0 ? x : 1e-9);
			if (r < best)
				best = r, best_d = dd, best_q = q, ties = 1;
			else if (r == best && rnd(o) % (uint64_t)++ties == 0)
				best_d = dd, best_q = q;
		}
		if (dd != best_d && rnd(o) % (uint64_t)++np == 0)
			pd = dd; /* the partial outage's day, another weekday */
	}
	if (best_d < 0)
		return;
	*voice_out = 0;
	for (int i = 0; i < len; i++)
		*voice_out += o->voice_q[((size_t)k * (size_t)o->days + (size_t)best_d) * 96 + (size_t)(best_q + i)];
	s = c->local_to_utc(k, (o->first_day + best_d) * DAY_MS + best_q * Q_MS);
	e = c->local_to_utc(k, (o->first_day + best_d) * DAY_MS + (best_q + len) * Q_MS);
	fmt_utc(s, a, sizeof a);
	fmt_utc(e, b, sizeof b);
	snprintf(span, span_size, "%s/%s", a, b);
	days_to_civil(o->first_day + best_d, &y, &m, &d);
	if (chance(o, 0.5))
		bprintf(&o->daily[best_d * 3 + 1], "INC-%s-%04d%02d-1,%s,voice,%s,%s,,ccc,Telephony platform down\n",
		        c->id, y, m, c->id, a, b);
	else
		bprintf(&o->daily[best_d * 3 + 1],
		        "INC-%s-%04d%02d-1,%s,voice,%s,%s,,third-party,Carrier outage: no inbound calls\n",
		        c->id, y, m, c->id, a, b);
	if (pd < 0 || pd == best_d)
		return;
	s = c->local_to_utc(k, (o->first_day + pd) * DAY_MS + (36 + (int64_t)(rnd(o) % 24)) * Q_MS);
	e = s + (int64_t)(4 + rnd(o) % 9) * Q_MS;
	fmt_utc(s, a, sizeof a);
	fmt_utc(e, b, sizeof b);
	bprintf(&o->daily[pd * 3 + 1], "INC-%s-%04d%02d-2,%s,%s,%s,%s,50,third-party,\"%s gateway degraded, half the capacity\"\n",
	        c->id, y, m, c->id, channel_name(c->written_channel), a, b,
	        channel_name(c->written_channel));
}

void ops_finish(struct ops *o)
{
	static const char *const daily_kind[] = { "complaint", "outage", "quality" };
	static const enum kind daily_k[] = { K_COMPLAINT, K_OUTAGE, K_QUALITY };
	char name[96];

	for (size_t k = 0; k < o->ncl; k++)
		for (int mi = 0; mi < o->nmonths; mi++) {
			int ym = o->first_month + mi, y, m, d;
			int64_t arrivals = -1;
			char span[96] = "none", shortd[16] = "none";
			outages(o, k, mi, &arrivals, span, sizeof span);
			for (long dd = 0; dd < o->days; dd++)
				if (o->short_day[k * (size_t)o->days + (size_t)dd] &&
				    month_of_day(o->first_day + dd) == ym) {
					days_to_civil(o->first_day + dd, &y, &m, &d);
					snprintf(shortd, sizeof shortd, "%04d-%02d-%02d", y, m, d);
				}
			/* what a test needs to know to check the logs against it */
			fprintf(stderr, "gen_logs: ops %s %04d-%02d: short-staffed %s; voice outage %s (%lld inbound voice arrivals)\n",
			        o->cl[k].id, ym / 12, ym % 12 + 1, shortd, span, (long long)arrivals);
			snprintf(name, sizeof name, "forecast-%s-%04d-%02d.csv.gz", o->cl[k].id, ym / 12, ym % 12 + 1);
			write_file(o, name, K_FORECAST, &o->fc[(k * (size_t)o->nmonths + (size_t)mi) * 2]);
			snprintf(name, sizeof name, "forecast-%s-%04d-%02d-15.csv.gz", o->cl[k].id, ym / 12, ym % 12 + 1);
			write_file(o, name, K_FORECAST, &o->fc[(k * (size_t)o->nmonths + (size_t)mi) * 2 + 1]);
		}
	for (long dd = 0; dd < o->days; dd++)
		for (int i = 0; i < 3; i++) {
			day_name(o, dd, daily_kind[i], name, sizeof name);
			write_file(o, name, daily_k[i], &o->daily[dd * 3 + i]);
		}
	for (size_t i = 0; i < o->ncl * (size_t)o->nmonths * 2; i++)
		free(o->fc[i].p);
	for (long i = 0; i < o->days * 3; i++)
		free(o->daily[i].p);
	free(o->fc);
	free(o->daily);
	free(o->agent.p);
	free(o->voice_q);
	free(o->expect_q);
	free(o->short_day);
	free(o);
}
