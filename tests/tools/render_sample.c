/* render_sample.c -- renders a hand-filled report model, for the end-to-end
 * tests and the benchmark until evaluation fills models from real data.
 *
 *   render_sample KIND OUTDIR [COUNT]
 *
 * KIND: acme (a full month, FINAL), draft (the same, DRAFT), revision,
 * empty (a client with no contacts, named Łódź), many (24 SLAs, Ελλάδα, to
 * force page breaks). Writes OUTDIR/metrics.csv, credits.csv, manifest.json
 * and report.html (attached) and OUTDIR/report.pdf; COUNT > 1 renders that many times (benchmark). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fsutil.h"
#include "reports/compose/export.h"
#include "reports/compose/render.h"
#include "reports/compose/report_html.h"

#define DAYS 31
#define MAX_SLAS 24

static char pool[1 << 20];
static size_t pool_used;

/* A formatted string that lives until exit. */
static const char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));
static const char *fmt(const char *f, ...)
{
	va_list ap;
	char *p = pool + pool_used;
	int n;

	va_start(ap, f);
	n = vsnprintf(p, sizeof pool - pool_used, f, ap);
	va_end(ap);
	pool_used += (size_t)n + 1;
	return p;
}

static unsigned long long seed = 42;
static int rnd(int lo, int hi)
{
	seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
	return lo + (int)((seed >> 33) % (unsigned long long)(hi - lo + 1));
}

static struct report_day days[MAX_SLAS][DAYS];
static struct report_month hist[MAX_SLAS][12];
static struct report_kv params[MAX_SLAS][6], counts[MAX_SLAS][5];
static struct report_worst worst[MAX_SLAS][3];
static struct report_sla slas[MAX_SLAS];
static struct report_channel_day chdays[2][DAYS];
static struct report_channel channels[2];

static void fill_sla(struct report_sla *sl, int i, int empty)
{
	int d, k;
	static const char *ids[] = { "SL-VOICE", "EMAIL-8BH", "ABANDON", "ASA-VOICE" };

	sl->id = i < 4 ? ids[i] : fmt("SLA-%02d", i + 1);
	sl->title = i == 0 ? "Voice service level 80/20" : i == 1 ? "E-mail answered within 8 business hours"
	          : fmt("Service level number %d for a queue with a long descriptive name", i + 1);
	sl->metric = "service_level";
	sl->channels = i == 1 ? "email" : "voice";
	sl->kind = i < 2 ? "critical" : "key";
	sl->unit = "%";
	sl->target = i == 1 ? ">= 90" : ">= 80";
	sl->minimum = i == 0 ? ">= 75" : NULL;
	for (d = 0; d < DAYS; d++) {
		days[i][d].date = fmt("2026-10-%02d", d + 1);
		days[i][d].value = empty ? "n/a" : fmt("%d.%02d", rnd(70, 95), rnd(0, 99));
		days[i][d].offered = empty ? 0 : rnd(200, 400);
	}
	sl->days = days[i];
	sl->n_days = DAYS;
	for (k = 0; k < 12; k++) {
		hist[i][k].period = fmt("%04d-%02d", k < 3 ? 2025 : 2026, k < 3 ? k + 10 : k - 2);
		hist[i][k].value = k == 4 ? "n/a" : fmt("%d.%02d", rnd(74, 92), rnd(0, 99));
	}
	sl->history = hist[i];
	sl->n_history = empty ? 0 : (i == 2 ? 5 : 12);
	params[i][0] = (struct report_kv){ "threshold_s", i == 1 ? "28800" : "20" };
	params[i][1] = (struct report_kv){ "short_abandon_s", "5" };
	params[i][2] = (struct report_kv){ "abandons", "against" };
	params[i][3] = (struct report_kv){ "clock", i == 1 ? "service_hours" : "elapsed" };
	params[i][4] = (struct report_kv){ "service_hours_only", "true" };
	params[i][5] = (struct report_kv){ "min_volume", "100" };
	sl->params = params[i];
	sl->n_params = 6;
	counts[i][0] = (struct report_kv){ "offered", empty ? "0" : "9120" };
	counts[i][1] = (struct report_kv){ "answered", empty ? "0" : "8790" };
	counts[i][2] = (struct report_kv){ "abandoned", empty ? "0" : "330" };
	counts[i][3] = (struct report_kv){ "short abandons", empty ? "0" : "41" };
	counts[i][4] = (struct report_kv){ "excluded", empty ? "0" : "57" };
	sl->counts = counts[i];
	sl->n_counts = 5;
	if (empty) {
		sl->value = "n/a";
		sl->verdict = REPORT_NOT_MEASURABLE;
		sl->verdict_note = "no contacts in the period (0 < minimum volume 100)";
		return;
	}
	{
		/* the verdict follows the value (in hundredths), as evaluation's would */
		int hundredths = rnd(7000, 9599);

		sl->value = i == 0 ? "81.25" : i == 1 ? "88.40" : fmt("%d.%02d", hundredths / 100, hundredths % 100);
		sl->verdict = i == 0 ? REPORT_MET : i == 1 ? REPORT_DEFAULT
		            : hundredths >= 8000 ? REPORT_MET : REPORT_MISSED;
	}
	if (i == 5)
		sl->verdict = REPORT_NOT_MEASURABLE, sl->value = "n/a";
	for (k = 0; k < 3; k++) {
		worst[i][k].when = fmt("2026-10-%02d %02d:00-%02d:30", 14 + k, 10 + k, 10 + k);
		worst[i][k].value = fmt("%d.%02d", 50 + 5 * k, rnd(0, 99));
		worst[i][k].offered = rnd(20, 60);
		worst[i][k].basis = fmt("%d of %d counted", (int)worst[i][k].offered / 2, (int)worst[i][k].offered);
	}
	sl->worst = worst[i];
	sl->n_worst = 3;
	sl->n_worst_intervals = 3;
	sl->worst_min_volume = 10;
}

static void fill_channel(int c, const char *name, int empty)
{
	int d;

	for (d = 0; d < DAYS; d++) {
		struct report_channel_day *cd = &chdays[c][d];
		int off = empty ? 0 : rnd(150, 420) * (d % 7 >= 5 ? 1 : 2) / 2;

		cd->date = fmt("2026-10-%02d", d + 1);
		cd->offered = off;
		cd->answered = off - off / 12;
		cd->abandoned = off / 14;
		cd->service_level = empty ? "n/a" : fmt("%d.%02d", rnd(72, 95), rnd(0, 99));
		cd->asa_s = empty ? "n/a" : fmt("%d.%03d", rnd(8, 30), rnd(0, 999));
		cd->p90_wait_s = empty ? "n/a" : fmt("%d.%03d", rnd(30, 90), rnd(0, 999));
		cd->aht_s = empty ? "n/a" : fmt("%d.%03d", rnd(180, 400), rnd(0, 999));
		channels[c].total.offered += cd->offered;
		channels[c].total.answered += cd->answered;
		channels[c].total.abandoned += cd->abandoned;
	}
	channels[c].name = name;
	channels[c].days = chdays[c];
	channels[c].n_days = DAYS;
	channels[c].total.date = "month";
	channels[c].total.service_level = empty ? "n/a" : "81.25";
	channels[c].total.asa_s = empty ? "n/a" : "17.204";
	channels[c].total.p90_wait_s = empty ? "n/a" : "61.000";
	channels[c].total.aht_s = empty ? "n/a" : "287.913";
}

int main(int argc, char **argv)
{
	static const struct report_exclusion excl[] = {
		{ "2026-10-14T10:00:00+02:00", "2026-10-14T14:00:00+02:00", "client-caused",
		  "Client CRM outage, INC-4711", "J. Doe (client)", 57, NULL },
	};
	static const struct report_credit_line cl[] = {
		{ "SL-VOICE", "81.25", "met", "60", "1", ">= 80 (min >= 75)", "0.00", "0.00", "" },
		{ "EMAIL-8BH", "88.40", "default", "40", "1", ">= 90", "19200.00", "19200.00", "4th target miss in 12 months" },
	};
	static const struct report_earn_back eb[] = { { "EMAIL-8BH", "2026-06", "4800.00" } };
	static const struct report_input in[] = {
		{ "landing/2026-10-01/acme-voice.csv.gz", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", 10412, 10380, 12, 20, 4100, 4100, "", NULL },
		{ "landing/2026-10-02/acme-voice.csv.gz", "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752", 9877, 9877, 0, 0, 3950, 3950, "", NULL },
	};
	static const struct report_reason rs[] = {
		{ "field 'answered_at': before arrived_at", 9 }, { "field 'channel': unknown value", 3 },
	};
	struct report_model m;
	struct ccsla_error err;
	char pdf[4096], metrics[4096], credits[4096], manifest[4096], html[4096], ebuf[1024];
	const char *att[4];
	const char *kind = argc > 1 ? argv[1] : "";
	int count = argc > 3 ? atoi(argv[3]) : 1, empty = !strcmp(kind, "empty"), i, n_slas;

	if (argc < 3 || (!empty && strcmp(kind, "acme") && strcmp(kind, "draft") && strcmp(kind, "many") &&
	                 strcmp(kind, "revision"))) {
		fprintf(stderr, "usage: render_sample acme|draft|revision|empty|many OUTDIR [COUNT]\n");
		return 2;
	}
	snprintf(pdf, sizeof pdf, "%s/report.pdf", argv[2]);
	snprintf(metrics, sizeof metrics, "%s/metrics.csv", argv[2]);
	snprintf(credits, sizeof credits, "%s/credits.csv", argv[2]);
	snprintf(manifest, sizeof manifest, "%s/manifest.json", argv[2]);
	snprintf(html, sizeof html, "%s/report.html", argv[2]);
	if (atomic_write(metrics, "sla_id,value,offered\nSL-VOICE,81.25,9120\n", 40, &err) < 0 ||
	    atomic_write(credits, "sla_id,final_amount,currency\nEMAIL-8BH,19200.00,EUR\n", 53, &err) < 0) {
		fprintf(stderr, "%s\n", ccsla_error_format(&err, ebuf, sizeof ebuf));
		return 3;
	}
	att[0] = metrics;
	att[1] = credits;
	att[2] = manifest;
	att[3] = html;
	n_slas = !strcmp(kind, "many") ? MAX_SLAS : empty ? 2 : 4;
	for (i = 0; i < n_slas; i++)
		fill_sla(&slas[i], i, empty);
	fill_channel(0, "voice", empty);
	fill_channel(1, "email", empty);
	memset(&m, 0, sizeof m);
	m.client_id = empty ? "LODZ" : "ACME";
	m.client_name = empty ? "Łódź Usługi Sp. z o.o." : !strcmp(kind, "many") ? "Ελλάδα Ασφαλιστική" : "Zürich Versicherung AG";
	m.ccc_name = "Northwind Contact Services";
	m.contract_id = "ACME-2026";
	m.contract_version = "3";
	m.period = "2026-10";
	m.period_label = "October 2026";
	m.timezone = "Europe/Berlin";
	m.status = !strcmp(kind, "draft") ? REPORT_DRAFT : !strcmp(kind, "revision") ? REPORT_REVISION : REPORT_FINAL;
	m.revision = 2;
	m.revision_reason = "late files for 2026-10-30 ingested";
	m.report_id = "ACME-2026-10-F1";
	m.issue_date = "2026-11-03";
	m.created_epoch_s = 1793750400; /* 2026-11-03T00:00:00Z */
	m.slas = slas;
	m.n_slas = (size_t)n_slas;
	m.channels = channels;
	m.n_channels = empty ? 0 : 2;
	m.csat_responses = empty ? 0 : 1204;
	m.csat_avg = empty ? "n/a" : "4.21";
	m.csat_top2_pct = empty ? "n/a" : "83.47";
	m.fcr_pct = empty ? "n/a" : "74.10";
	m.fcr_method = "repeat, 7 days";
	m.complaints = empty ? 0 : 14;
	m.complaints_per_1000 = empty ? "n/a" : "1.59";
	m.exclusions = excl;
	m.n_exclusions = empty ? 0 : 1;
	m.currency = "EUR";
	m.credits = cl;
	m.n_credits = empty ? 0 : 2;
	m.earn_backs = eb;
	m.n_earn_backs = empty ? 0 : 1;
	m.credits_uncapped = "14400.00";
	m.credits_cap = "48000.00";
	m.credits_final = "14400.00";
	m.inputs = in;
	m.n_inputs = empty ? 0 : 2;
	m.rows_read = empty ? 0 : 20289;
	m.rows_accepted = empty ? 0 : 20257;
	m.rows_quarantined = empty ? 0 : 12;
	m.rows_duplicates = empty ? 0 : 20;
	m.reasons = rs;
	m.n_reasons = empty ? 0 : 2;
	m.watermark = "2026-10-31T23:59:41Z";
	m.contract_file = "contracts/acme-2026.yaml";
	m.contract_sha256 = "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae";
	m.software_version = "ccsla 0.1.0";
	m.generated_at = "2026-11-03T00:00:00Z";
	m.attachments = att;
	m.n_attachments = 4;
	if (export_manifest_json(&m, manifest, &err) < 0) {
		fprintf(stderr, "render_sample: %s\n", ccsla_error_format(&err, ebuf, sizeof ebuf));
		return 3;
	}
	for (i = 0; i < count; i++) {
		/* as report_build_finish: the HTML twin, then the PDF that attaches it */
		if (render_report_html(&m, html, &err) < 0 || render_report(&m, pdf, &err) < 0) {
			fprintf(stderr, "render_sample: %s\n", ccsla_error_format(&err, ebuf, sizeof ebuf));
			return 3;
		}
	}
	return 0;
}
