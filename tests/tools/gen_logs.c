/* gen_logs.c -- realistic canonical interaction logs, deterministic from a
 * seed, for tests, the demo and the benchmark.
 *
 * Four clients (common conventions): ACME (Europe/Berlin, voice + email),
 * BLUEJAY (America/New_York, voice + chat), KOALA (Australia/Sydney, voice +
 * messaging), SUNRISE (Asia/Kolkata, voice + email), with skewed volumes.
 * --clients N (N > 4) adds generated clients C005..CNNN for the benchmark
 * at a centre's scale (issue 22): ACME then takes 27 % of each day, the
 * others share the rest by rank (see --help and --list-clients).
 * Arrivals follow a daily curve (morning and early-afternoon peaks) and a
 * weekly one (quiet weekends) in each client's local time, with the zone's
 * daylight-saving rules, so a day around a DST change has 23 or 25 hours of
 * traffic. Waits have long tails; live contacts abandon when the wait beats
 * the caller's patience; a few are callbacks, overflows or deflected;
 * written contacts may still be open, and some open rows are followed by an
 * update; customer ids repeat (repeat-contact measures); a small share of
 * rows is written twice (exact duplicates). Duplicates and updates follow
 * at the end of each day's block (its file with --per-day). Run with --help for options. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <zlib.h>

#include "core/contact.h"
#include "core/timefmt.h"
#include "ingest/canon.h"
#include "tests/tools/gen/ops.h"

static const char usage[] =
	"usage: gen_logs [--seed N] [--from YYYY-MM-DD] [--days N] [--rows N]\n"
	"                [--level 0-9] [--clients N] (--per-day DIR | -o FILE.csv.gz)\n"
	"       gen_logs [--clients N] --list-clients\n"
	"\n"
	"Writes canonical interaction logs (gzip CSV) for the clients ACME,\n"
	"BLUEJAY, KOALA and SUNRISE. The same options and seed give the same bytes.\n"
	"  --clients N      number of clients, 4-999 (default 4: ACME 45 %, BLUEJAY\n"
	"                   30 %, KOALA 17 %, SUNRISE 8 % of the contacts). With N > 4\n"
	"                   clients C005..CNNN are added; ACME takes 27 % of each\n"
	"                   day and the client of rank r = 2..N a share of the other\n"
	"                   73 % proportional to 1/r (N = 40: BLUEJAY 11.1 %, C005\n"
	"                   4.4 %, C040 0.56 %). Client i >= 5 has the channels and\n"
	"                   queues of client (i-1) mod 4 + 1 and a zone from Europe/\n"
	"                   Berlin, America/New_York, Australia/Sydney, Asia/Kolkata,\n"
	"                   Europe/London, America/Chicago (i-1 mod 6)\n"
	"  --list-clients   print \"ID MODEL ZONE SHARE\" per client (MODEL: the one\n"
	"                   of the four whose channels it has; SHARE in percent) and exit\n"
	"  --seed N         random seed (default 1)\n"
	"  --from DATE      first local day (default 2026-10-01)\n"
	"  --days N         number of days (default 31)\n"
	"  --rows N         contacts in total, before duplicates and open-row\n"
	"                   updates are added (default 10000)\n"
	"  --level N        gzip level (default 6)\n"
	"  --per-day DIR    one file per local day: DIR/YYYY-MM-DD.csv.gz\n"
	"  -o FILE          everything in one file\n"
	"  --dup-rate PPM   exact duplicate rows per million (default 2000)\n"
	"  --update-rate P  percent of open rows later updated (default 40)\n"
	"  --ops DIR        also the operations logs, consistent with the contacts:\n"
	"                   DIR/forecast-CLIENT-YYYY-MM.csv.gz (published 10 days\n"
	"                   before the month), DIR/forecast-CLIENT-YYYY-MM-15.csv.gz\n"
	"                   (re-forecast of the 16th on, published on the 15th) and\n"
	"                   DIR/KIND-YYYY-MM-DD.csv.gz per local day for agent-state,\n"
	"                   complaint, outage and quality (tests/tools/gen/ops.c says\n"
	"                   how each follows the contacts); the interaction logs are\n"
	"                   the same bytes with or without it\n";

/* --- random numbers (splitmix64: small, fast, reproducible) --- */

static uint64_t rng_state;

static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9E3779B97F4A7C15u);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
	return z ^ (z >> 31);
}

static double unif(void) { return (double)(rnd() >> 11) / 9007199254740992.0; }
static int chance(double p) { return unif() < p; }

static double normal(void)
{
	double u = unif(), v = unif();
	return sqrt(-2.0 * log(u > 0 ? u : 1e-300)) * cos(6.283185307179586 * v);
}

/* Long tail: lognormal with the given median. */
static double lognormal(double median, double sigma) { return median * exp(sigma * normal()); }

/* --- clients and their zones --- */

enum zone_rule { Z_EU, Z_US, Z_AU, Z_NONE };

struct client {
	const char *id;
	const char *zone;      /* the IANA name the rule and offset stand for */
	double share;          /* of all contacts */
	int std_offset_min;    /* standard time offset */
	enum zone_rule rule;
	int written_channel;   /* the second channel */
	double written_share;
	const char *queues[3];
};

static const struct client base_clients[4] = {
	{ "ACME", "Europe/Berlin", 0.45, 60, Z_EU, CH_EMAIL, 0.25, { "billing", "support", "sales" } },
	{ "BLUEJAY", "America/New_York", 0.30, -300, Z_US, CH_CHAT, 0.35, { "care", "tech", "retention" } },
	{ "KOALA", "Australia/Sydney", 0.17, 600, Z_AU, CH_MESSAGING, 0.30, { "general", "claims", "default" } },
	{ "SUNRISE", "Asia/Kolkata", 0.08, 330, Z_NONE, CH_EMAIL, 0.20, { "support", "billing", "priority" } },
};

/* Zones of the generated clients C005..: each with a rule offset_at knows. */
static const struct { const char *name; int std_offset_min; enum zone_rule rule; } extra_zones[6] = {
	{ "Europe/Berlin", 60, Z_EU }, { "America/New_York", -300, Z_US },
	{ "Australia/Sydney", 600, Z_AU }, { "Asia/Kolkata", 330, Z_NONE },
	{ "Europe/London", 0, Z_EU }, { "America/Chicago", -360, Z_US },
};

#define MAX_CLIENTS 999
static struct client clients[MAX_CLIENTS];
static char extra_ids[MAX_CLIENTS][24];
static size_t nclients;

/* Fills clients[0..n). n == 4 keeps the four clients exactly as they were
 * (the same bytes for existing seeds); n > 4 gives ACME 27 % and the
 * client of rank r (2..n) 73 % * (1/r) / sum(1/2..1/n). */
static void clients_setup(size_t n)
{
	double h = 0;

	nclients = n;
	for (size_t k = 0; k < n; k++) {
		clients[k] = base_clients[k % 4];
		if (k >= 4) {
			snprintf(extra_ids[k], sizeof extra_ids[k], "C%03zu", k + 1);
			clients[k].id = extra_ids[k];
			clients[k].zone = extra_zones[k % 6].name;
			clients[k].std_offset_min = extra_zones[k % 6].std_offset_min;
			clients[k].rule = extra_zones[k % 6].rule;
		}
	}
	if (n == 4)
		return;
	for (size_t r = 2; r <= n; r++)
		h += 1.0 / (double)r;
	clients[0].share = 0.27;
	for (size_t k = 1; k < n; k++)
		clients[k].share = 0.73 / (double)(k + 1) / h;
}

/* Day number of the n-th (1-based; 0 = last) Sunday of a month. */
static int64_t nth_sunday(int y, int m, int n)
{
	int64_t first = civil_to_days(y, m, 1), last = first + days_in_month(y, m) - 1;

	if (n == 0)
		return last - (days_weekday(last) + 1) % 7;
	return first + (6 - days_weekday(first) + 7) % 7 + 7 * (n - 1);
}

/* UTC offset in minutes at instant utc_ms. */
static int offset_at(const struct client *c, int64_t utc_ms)
{
	int y, mo, d;
	int64_t start, end, day = utc_ms / 86400000;
	int64_t t = utc_ms / 60000; /* minutes */

	days_to_civil(day, &y, &mo, &d);
	switch (c->rule) {
	case Z_EU: /* last Sunday of March 01:00 UTC to last Sunday of October 01:00 UTC */
		start = nth_sunday(y, 3, 0) * 1440 + 60;
		end = nth_sunday(y, 10, 0) * 1440 + 60;
		return c->std_offset_min + (t >= start && t < end ? 60 : 0);
	case Z_US: /* second Sunday of March 02:00 local to first Sunday of November 02:00 local */
		start = nth_sunday(y, 3, 2) * 1440 + 120 - c->std_offset_min;
		end = nth_sunday(y, 11, 1) * 1440 + 120 - (c->std_offset_min + 60);
		return c->std_offset_min + (t >= start && t < end ? 60 : 0);
	case Z_AU: /* first Sunday of October 02:00 local to first Sunday of April 03:00 local */
		start = nth_sunday(y, 10, 1) * 1440 + 120 - c->std_offset_min;
		end = nth_sunday(y, 4, 1) * 1440 + 180 - (c->std_offset_min + 60);
		return c->std_offset_min + (t >= start || t < end ? 60 : 0);
	default:
		return c->std_offset_min;
	}
}

/* Local wall-clock ms of a day -> UTC ms (skipped local times shift forward). */
static int64_t local_to_utc(const struct client *c, int64_t local_ms)
{
	int64_t guess = local_ms - (int64_t)c->std_offset_min * 60000;
	return local_ms - (int64_t)offset_at(c, guess) * 60000;
}

/* The zone as the operations logs see it (gen/ops.h). */
static int64_t zone_local_to_utc(size_t k, int64_t local_ms) { return local_to_utc(&clients[k], local_ms); }
static int zone_offset(size_t k, int64_t utc_ms) { return offset_at(&clients[k], utc_ms); }

/* --- curves --- */

/* Relative traffic of each quarter hour of a local day: two peaks. */
static double day_curve(int quarter)
{
	double h = quarter / 4.0;
	if (h < 7 || h >= 22)
		return 0.03;
	return 0.2 + exp(-pow((h - 10.5) / 1.6, 2)) + 0.8 * exp(-pow((h - 14.5) / 1.8, 2));
}

static const double week_curve[7] = { 1.25, 1.1, 1.0, 1.0, 0.95, 0.5, 0.3 }; /* Mon..Sun */

/* --- output --- */

struct out {
	gzFile gz;
	char *tail;            /* rows appended at the end of the file */
	size_t tail_len, tail_cap;
};

static void tail_add(struct out *o, const char *row, size_t n)
{
	if (o->tail_len + n + 1 > o->tail_cap) {
		o->tail_cap = (o->tail_len + n + 1) * 2;
		if (!(o->tail = realloc(o->tail, o->tail_cap))) {
			fprintf(stderr, "gen_logs: out of memory\n");
			exit(3);
		}
	}
	memcpy(o->tail + o->tail_len, row, n);
	o->tail_len += n;
	o->tail[o->tail_len++] = '\n';
}

static void out_open(struct out *o, const char *path, int level)
{
	char mode[8];

	snprintf(mode, sizeof mode, "wb%d", level);
	memset(o, 0, sizeof *o);
	if (!(o->gz = gzopen(path, mode))) {
		fprintf(stderr, "gen_logs: cannot write %s\n", path);
		exit(3);
	}
	gzbuffer(o->gz, 1 << 17);
	gzprintf(o->gz, "%s\n", canon_header_line());
}

/* Writes the rows kept for the end of the day's block. */
static void out_flush_tail(struct out *o)
{
	if (o->tail_len)
		gzwrite(o->gz, o->tail, (unsigned)o->tail_len);
	o->tail_len = 0;
}

static void out_close(struct out *o)
{
	out_flush_tail(o);
	if (gzclose(o->gz) != Z_OK) {
		fprintf(stderr, "gen_logs: write failed\n");
		exit(3);
	}
	free(o->tail);
	o->tail = NULL;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* Fills c with one contact of client k arriving at arrived_ms. */
static void make_contact(struct contact *c, size_t k, int64_t arrived_ms, int64_t day, long seq,
                         long customers)
{
	const struct client *cl = &clients[k];
	int y, m, d;
	double wait_s;

	contact_init(c);
	days_to_civil(day, &y, &m, &d);
	snprintf(c->client_id, sizeof c->client_id, "%s", cl->id);
	if (k < 4)
		snprintf(c->contact_id, sizeof c->contact_id, "%c%04d%02d%02d-%06ld", cl->id[0], y, m, d, seq);
	else /* C005..: the initial alone would collide */
		snprintf(c->contact_id, sizeof c->contact_id, "%s-%04d%02d%02d-%06ld", cl->id, y, m, d, seq);
	c->channel = (uint8_t)(chance(cl->written_share) ? cl->written_channel : CH_VOICE);
	c->direction = (uint8_t)(chance(0.04) ? DIR_OUTBOUND : DIR_INBOUND);
	snprintf(c->queue, sizeof c->queue, "%s", cl->queues[chance(0.6) ? 0 : chance(0.6) ? 1 : 2]);
	/* Customers: a skewed pool, so that some call again within days. */
	snprintf(c->customer_id, sizeof c->customer_id, "%s-C%ld", cl->id,
	         (long)(customers * pow(unif(), 1.6)));
	c->arrived_at_ms = arrived_ms;
	if (channel_is_written(c->channel)) {
		wait_s = lognormal(3 * 3600.0, 1.0);
		if (chance(0.06)) {
			c->outcome = OUT_OPEN;
			return;
		}
		c->outcome = OUT_ANSWERED;
		c->answered_at_ms = arrived_ms + (int64_t)(wait_s * 1000);
		c->talk_s = (int32_t)lognormal(300, 0.6);
		c->wrap_s = (int32_t)lognormal(60, 0.5);
	} else {
		double patience = -log(1 - unif()) * (c->channel == CH_CHAT ? 240.0 : 150.0);
		double r = unif();
		wait_s = lognormal(c->channel == CH_CHAT ? 25.0 : 14.0, 1.1);
		if (r < 0.03) {
			c->outcome = OUT_DEFLECTED;
			c->ended_at_ms = arrived_ms + (int64_t)(lognormal(60, 0.5) * 1000);
			return;
		}
		if (r < 0.045) {
			c->outcome = OUT_OVERFLOW;
			c->ended_at_ms = arrived_ms + (int64_t)(wait_s * 1000);
			return;
		}
		if (r < 0.065) {
			c->outcome = OUT_CALLBACK;
			c->ended_at_ms = arrived_ms + (int64_t)(wait_s * 1000);
			return;
		}
		if (wait_s > patience && c->direction == DIR_INBOUND) {
			c->outcome = OUT_ABANDONED;
			c->ended_at_ms = arrived_ms + (int64_t)(patience * 1000) + (int64_t)(rnd() % 1000);
			return;
		}
		c->outcome = OUT_ANSWERED;
		c->answered_at_ms = arrived_ms + (int64_t)(wait_s * 1000);
		c->talk_s = (int32_t)lognormal(c->channel == CH_CHAT ? 420 : 240, 0.7);
		c->hold_s = chance(0.3) ? (int32_t)lognormal(40, 0.8) : 0;
		c->wrap_s = (int32_t)lognormal(45, 0.5);
		c->ended_at_ms = c->answered_at_ms + (int64_t)(c->talk_s + c->hold_s) * 1000;
	}
	snprintf(c->agent_id, sizeof c->agent_id, "%s-A%03d", cl->id, (int)(rnd() % 120));
	c->transferred = (int8_t)chance(0.08);
	c->resolved = (int8_t)(chance(0.1) ? -1 : chance(0.8) ? 1 : 0);
	c->csat = (int8_t)(chance(0.2) ? (chance(0.6) ? 4 + (int)(rnd() % 2) : 1 + (int)(rnd() % 3)) : 0);
	c->complaint = (int8_t)chance(0.02);
}

int main(int argc, char **argv)
{
	const char *per_day = NULL, *one_file = NULL, *from = "2026-10-01", *ops_dir = NULL;
	struct ops *ops = NULL;
	long days = 31, dup_ppm = 2000, update_pct = 40, nclients_opt = 4;
	int list = 0;
	int64_t rows = 10000;
	int level = 6, y, m, d;
	uint64_t seed = 1;
	double *weight, total_w = 0, cum = 0;
	int64_t first_day, done = 0;
	struct out o;
	char row[2048];

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			fputs(usage, stdout);
			return 0;
		}
		if (strcmp(a, "--list-clients") == 0) {
			list = 1;
			continue;
		}
		if (!v) {
			fprintf(stderr, "gen_logs: option %s needs a value\n%s", a, usage);
			return 2;
		}
		i++;
		if (strcmp(a, "--seed") == 0) seed = strtoull(v, NULL, 10);
		else if (strcmp(a, "--from") == 0) from = v;
		else if (strcmp(a, "--days") == 0) days = strtol(v, NULL, 10);
		else if (strcmp(a, "--rows") == 0) rows = strtoll(v, NULL, 10);
		else if (strcmp(a, "--level") == 0) level = atoi(v);
		else if (strcmp(a, "--per-day") == 0) per_day = v;
		else if (strcmp(a, "-o") == 0) one_file = v;
		else if (strcmp(a, "--dup-rate") == 0) dup_ppm = strtol(v, NULL, 10);
		else if (strcmp(a, "--update-rate") == 0) update_pct = strtol(v, NULL, 10);
		else if (strcmp(a, "--ops") == 0) ops_dir = v;
		else if (strcmp(a, "--clients") == 0) nclients_opt = strtol(v, NULL, 10);
		else {
			fprintf(stderr, "gen_logs: unknown option %s\n%s", a, usage);
			return 2;
		}
	}
	if (nclients_opt < 4 || nclients_opt > MAX_CLIENTS) {
		fprintf(stderr, "gen_logs: --clients must be 4-%d\n%s", MAX_CLIENTS, usage);
		return 2;
	}
	clients_setup((size_t)nclients_opt);
	if (list) {
		for (size_t k = 0; k < nclients; k++)
			printf("%s %s %s %.2f\n", clients[k].id, base_clients[k % 4].id, clients[k].zone,
			       100 * clients[k].share);
		return 0;
	}
	if ((!per_day) == (!one_file) || days < 1 || rows < 0 || level < 0 || level > 9 ||
	    date_parse(from, &y, &m, &d) != 0) {
		fprintf(stderr, "gen_logs: give exactly one of --per-day DIR and -o FILE, and valid values\n%s", usage);
		return 2;
	}
	rng_state = seed;
	first_day = civil_to_days(y, m, d);
	/* Contacts per (day, client): weights from the weekly curve and the
	 * shares, rounded cumulatively so that they add up to --rows exactly. */
	weight = calloc((size_t)days * nclients, sizeof *weight);
	if (!weight)
		return 3;
	for (long dd = 0; dd < days; dd++)
		for (size_t k = 0; k < nclients; k++)
			total_w += weight[dd * nclients + k] =
				clients[k].share * week_curve[days_weekday(first_day + dd)] * (0.9 + 0.2 * unif());
	if (ops_dir) {
		static struct ops_client oc[MAX_CLIENTS]; /* ops keeps a pointer to it */
		for (size_t k = 0; k < nclients; k++)
			oc[k] = (struct ops_client){ clients[k].id, clients[k].written_channel,
			                             clients[k].written_share, zone_local_to_utc, zone_offset };
		mkdir(ops_dir, 0777);
		if (!(ops = ops_new(ops_dir, seed, level, first_day, days, oc, nclients)))
			return 3;
	}
	if (per_day)
		mkdir(per_day, 0777);
	else
		out_open(&o, one_file, level);
	for (long dd = 0; dd < days; dd++) {
		int64_t day = first_day + dd;

		if (per_day) {
			char path[4096];
			int yy, mm, dday;
			days_to_civil(day, &yy, &mm, &dday);
			snprintf(path, sizeof path, "%s/%04d-%02d-%02d.csv.gz", per_day, yy, mm, dday);
			out_open(&o, path, level);
		}
		for (size_t k = 0; k < nclients; k++) {
			const struct client *cl = &clients[k];
			int64_t n, *arr;
			double qw[96], qsum = 0;

			cum += weight[dd * nclients + k];
			n = (int64_t)llround(cum / total_w * (double)rows) - done;
			done += n;
			if (n <= 0)
				continue;
			if (!(arr = malloc((size_t)n * sizeof *arr)))
				return 3;
			for (int q = 0; q < 96; q++)
				qsum += qw[q] = day_curve(q);
			for (int64_t i = 0; i < n; i++) {
				double r = unif() * qsum;
				int q = 0;
				while (q < 95 && r >= qw[q])
					r -= qw[q++];
				int64_t local = day * 86400000 + (int64_t)q * 900000 + (int64_t)(unif() * 900000);
				arr[i] = local_to_utc(cl, local);
			}
			qsort(arr, (size_t)n, sizeof *arr, cmp_i64);
			if (ops)
				ops_plan_day(ops, dd, k, n, qw, qsum);
			for (int64_t i = 0; i < n; i++) {
				struct contact c;
				size_t len;

				make_contact(&c, k, arr[i], day, (long)i, (long)(rows * cl->share / 3) + 10);
				if (ops)
					ops_contact(ops, dd, k, &c);
				len = canon_format_row(row, sizeof row, &c);
				row[len] = '\n';
				gzwrite(o.gz, row, (unsigned)len + 1);
				if (dup_ppm && rnd() % 1000000 < (uint64_t)dup_ppm)
					tail_add(&o, row, len); /* an exact duplicate, later in the file */
				if (c.outcome == OUT_OPEN && (long)(rnd() % 100) < update_pct) {
					/* the reply arrived: the same contact, answered */
					c.outcome = OUT_ANSWERED;
					c.answered_at_ms = c.arrived_at_ms + (int64_t)(lognormal(20 * 3600.0, 0.5) * 1000);
					c.talk_s = (int32_t)lognormal(300, 0.6);
					snprintf(c.agent_id, sizeof c.agent_id, "%s-A%03d", cl->id, (int)(rnd() % 120));
					len = canon_format_row(row, sizeof row, &c);
					tail_add(&o, row, len);
				}
			}
			free(arr);
		}
		if (ops)
			ops_end_day(ops, dd);
		/* duplicates and updates close each day's block, as in a
		 * concatenation of daily exports */
		if (per_day)
			out_close(&o);
		else
			out_flush_tail(&o);
	}
	if (!per_day)
		out_close(&o);
	if (ops)
		ops_finish(ops);
	free(weight);
	return 0;
}
