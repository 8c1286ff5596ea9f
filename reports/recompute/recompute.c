/* recompute.c -- a report's figures recomputed from its attachments
 * (recompute.h): extract, rebuild a scratch state, build the report again,
 * compare. The comparison is in recompute_compare.c, the page text's in
 * recompute_pages.c. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contracts/contract.h"
#include "contracts/evaluate.h"
#include "contracts/ledger.h"
#include "core/fsutil.h"
#include "core/timefmt.h"
#include "reports/compose/csvtable.h"
#include "reports/compose/report_build.h"
#include "reports/sign/pdfparse.h"
#include "recompute.h"
#include "recompute_compare.h"

/* What --recompute needs of the PDF; a largest attachment it accepts. */
static const char *const NEEDED[] = { "contract.yaml", "contacts.csv.gz", "ledger.csv", "manifest.json",
	                              "metrics.csv", "intervals.csv", "credits.csv" };
#define N_NEEDED (sizeof NEEDED / sizeof NEEDED[0])
/* attached when the client has an outage, quality, forecast or complaint log (evidence_ops.c) */
static const char *const OPTIONAL[] = { "outages.csv", "quality.csv", "forecast.csv", "complaints.csv" };
#define N_OPTIONAL (sizeof OPTIONAL / sizeof OPTIONAL[0])
#define MAX_EVIDENCE (1u << 30)

#define say recompute_say

/* Writes every NEEDED attachment of the PDF into dir. 1 when one is
 * missing (said), -1 on error. */
static int extract(const char *pdf_path, const char *dir, recompute_emit emit, void *ctx,
                   struct recompute_summary *sum, struct ccsla_error *err)
{
	struct pdf_doc d;
	char *buf = NULL, path[4200];
	size_t len, i;
	int ret = 0;

	if (read_file(pdf_path, &buf, &len, err) < 0)
		return -1;
	if (pdf_open(&d, (const unsigned char *)buf, len, pdf_path, err) < 0) {
		free(buf);
		return -1;
	}
	for (i = 0; i < N_NEEDED + N_OPTIONAL && ret >= 0; i++) {
		const char *name = i < N_NEEDED ? NEEDED[i] : OPTIONAL[i - N_NEEDED];
		unsigned char *data = NULL;
		size_t n = 0;
		int rc = pdf_embedded_file(&d, name, MAX_EVIDENCE, &data, &n, err);

		if (rc == 1 && i >= N_NEEDED) {
			/* no such log: nothing to rebuild */
		} else if (rc == 1) {
			say(emit, ctx, sum, 0, "%s is not attached: the report cannot be recomputed (made before ccsla "
			    "attached its evidence?)", name);
			ret = 1;
		} else if (rc < 0) {
			ret = -1;
		} else {
			snprintf(path, sizeof path, "%s/%s", dir, name);
			if (atomic_write(path, data, n, err) < 0)
				ret = -1;
		}
		free(data);
	}
	pdf_close(&d);
	free(buf);
	return ret;
}

int manifest_string(const char *json, const char *key, char *out, size_t size)
{
	char pat[80];
	const char *p, *e;

	snprintf(pat, sizeof pat, "\n  \"%s\": \"", key);
	if (!(p = strstr(json, pat)))
		return -1;
	p += strlen(pat);
	if (!(e = strchr(p, '"')) || (size_t)(e - p) >= size)
		return -1;
	memcpy(out, p, (size_t)(e - p));
	out[e - p] = '\0';
	return 0;
}

static int status_parse(const char *s, enum sla_status *out)
{
	int k;

	for (k = SLA_MET; k <= SLA_NOT_MEASURABLE; k++)
		if (!strcmp(s, sla_status_name((enum sla_status)k))) {
			*out = (enum sla_status)k;
			return 0;
		}
	return -1;
}

static int int_parse(const char *s, int64_t *out)
{
	char *end;
	long long v;

	if (!*s)
		return -1;
	v = strtoll(s, &end, 10);
	if (*end)
		return -1;
	*out = v;
	return 0;
}

/* ledger.csv (evidence.c) back into the scratch state's ledger files, one
 * per period. A malformed row is an error naming its line. issued_at (the
 * final's issue instant, report_on_time) came after the first reports: a
 * ledger.csv without the column has no instants; with it, the rows of one
 * month agree. */
static int rebuild_ledger(const char *csv_path, const char *state, const char *client, struct ccsla_error *err)
{
	struct csv_table t;
	size_t r = 1, k;
	int col[11], issued_col, ret = -1;
	static const char *const names[11] = { "period", "contract_id", "currency", "line", "sla_id", "status",
	                                      "default", "final_minor", "value", "refers_to", "amount_minor" };

	if (csv_table_load(&t, csv_path, err) < 0)
		return -1;
	for (k = 0; k < 11; k++)
		if ((col[k] = csv_table_column(&t, names[k])) < 0) {
			ccsla_error_set(err, "ledger.csv", 1, names[k], "column missing");
			goto out;
		}
	issued_col = csv_table_column(&t, "issued_at");
	while (r < t.nrows) {
		struct ledger_month m;
		const char *period = csv_table_cell(&t, r, col[0]);
		size_t first = r, n;

		memset(&m, 0, sizeof m);
		if (month_parse(period, &m.year, &m.month) < 0) {
			ccsla_error_set(err, "ledger.csv", (long)r + 1, "period", "'%s' is not a month", period);
			goto out;
		}
		for (n = 0; r < t.nrows && !strcmp(csv_table_cell(&t, r, col[0]), period); r++)
			n++;
		if (!(m.slas = calloc(n, sizeof *m.slas)) || !(m.earn_backs = calloc(n, sizeof *m.earn_backs))) {
			ledger_month_release(&m);
			ccsla_error_set(err, NULL, 0, NULL, "out of memory");
			goto out;
		}
		snprintf(m.contract_id, sizeof m.contract_id, "%s", csv_table_cell(&t, first, col[1]));
		snprintf(m.currency, sizeof m.currency, "%s", csv_table_cell(&t, first, col[2]));
		for (k = first; k < r; k++) {
			const char *line = csv_table_cell(&t, k, col[3]);
			const char *issued = issued_col >= 0 ? csv_table_cell(&t, k, issued_col) : "";
			const char *bad = NULL, *why;

			if (k == first && issued[0]) {
				if (rfc3339_parse(issued, &m.issued_ms, &why) < 0) {
					ledger_month_release(&m);
					ccsla_error_set(err, "ledger.csv", (long)k + 1, "issued_at", "'%s' is not an instant: %s",
					                issued, why);
					goto out;
				}
				m.has_issued = 1;
			}
			if (issued_col >= 0 && strcmp(issued, csv_table_cell(&t, first, issued_col)) != 0) {
				ledger_month_release(&m);
				ccsla_error_set(err, "ledger.csv", (long)k + 1, "issued_at",
				                "'%s' differs from the month's first row ('%s')", issued,
				                csv_table_cell(&t, first, issued_col));
				goto out;
			}
			if (!strcmp(line, "sla")) {
				struct ledger_sla *l = &m.slas[m.sla_count];
				int64_t def = 0;

				snprintf(l->sla_id, sizeof l->sla_id, "%s", csv_table_cell(&t, k, col[4]));
				snprintf(l->value, sizeof l->value, "%s", csv_table_cell(&t, k, col[8]));
				if (status_parse(csv_table_cell(&t, k, col[5]), &l->status) < 0)
					bad = "status";
				else if (int_parse(csv_table_cell(&t, k, col[6]), &def) < 0 || (def != 0 && def != 1))
					bad = "default";
				else if (int_parse(csv_table_cell(&t, k, col[7]), &l->final_minor) < 0)
					bad = "final_minor";
				l->is_default = (int)def;
				m.sla_count++;
			} else if (!strcmp(line, "earn_back")) {
				struct earn_back_line *e = &m.earn_backs[m.earn_back_count];

				snprintf(e->sla_id, sizeof e->sla_id, "%s", csv_table_cell(&t, k, col[4]));
				if (month_parse(csv_table_cell(&t, k, col[9]), &e->orig_year, &e->orig_month) < 0)
					bad = "refers_to";
				else if (int_parse(csv_table_cell(&t, k, col[10]), &e->amount_minor) < 0)
					bad = "amount_minor";
				m.earn_back_count++;
			} else {
				bad = "line";
			}
			if (bad) {
				ledger_month_release(&m);
				ccsla_error_set(err, "ledger.csv", (long)k + 1, bad, "not a value ledger.csv holds");
				goto out;
			}
		}
		n = ledger_write(state, client, &m, err) < 0;
		ledger_month_release(&m);
		if (n)
			goto out;
	}
	ret = 0;
out:
	csv_table_free(&t);
	return ret;
}

static int write_recomputed(struct report_build *rb, const char *dir, struct ccsla_error *err)
{
	static const char *const names[3] = { "metrics.csv", "intervals.csv", "credits.csv" };
	char path[4200];
	int i;

	for (i = 0; i < 3; i++) {
		struct atomic_file af;

		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		if (atomic_open(&af, path, err) < 0)
			return -1;
		if (i == 0)
			report_write_metrics_csv(rb, af.fp);
		else if (i == 1)
			report_write_intervals_csv(rb, af.fp);
		else
			evaluate_write_credits_csv(&rb->ev, af.fp);
		if (atomic_commit(&af, err) < 0)
			return -1;
	}
	return 0;
}

/* Everything after extraction, inside the scratch folder tmp. */
static int recompute_in(const char *pdf_path, const char *tmp, recompute_emit emit, void *ctx,
                        struct recompute_summary *sum, struct ccsla_error *err)
{
	struct contract c;
	struct contract_diags diags = { NULL, 0, 0 };
	struct report_request rq;
	struct report_build rb;
	char path[4200], state[4200], re[4200], client[64], period[16], status[16], wm_text[64];
	char *json = NULL;
	size_t size;
	int64_t wm = TIME_NONE;
	const char *why;
	int y, m, rc, loaded = 0, built = 0, ret = -1;

	snprintf(path, sizeof path, "%s/manifest.json", tmp);
	if (read_file(path, &json, &size, err) < 0)
		return -1;
	if (manifest_string(json, "client", client, sizeof client) < 0 ||
	    manifest_string(json, "period", period, sizeof period) < 0 || month_parse(period, &y, &m) < 0 ||
	    manifest_string(json, "status", status, sizeof status) < 0 ||
	    manifest_string(json, "data_watermark", wm_text, sizeof wm_text) < 0) {
		free(json);
		say(emit, ctx, sum, 0, "manifest.json lacks client, period, status or data_watermark: cannot recompute");
		return 1;
	}
	free(json);
	/* a client without data has no watermark ("no data for this client") */
	if (wm_text[0] >= '0' && wm_text[0] <= '9' && rfc3339_parse(wm_text, &wm, &why) < 0) {
		say(emit, ctx, sum, 0, "manifest.json: data_watermark '%s' is not an instant: %s", wm_text, why);
		return 1;
	}
	snprintf(path, sizeof path, "%s/contract.yaml", tmp);
	if (contract_load(&c, path, &diags) < 0) {
		char msg[1024];

		say(emit, ctx, sum, 0, "contract.yaml does not load: %s",
		    diags.count ? ccsla_error_format(&diags.items[0], msg, sizeof msg) : "unreadable");
		contract_diags_release(&diags);
		return 1;
	}
	loaded = 1;
	if (strcmp(c.client, client)) {
		say(emit, ctx, sum, 0, "contract.yaml is for client %s, the report for %s", c.client, client);
		ret = 1;
		goto out;
	}
	snprintf(state, sizeof state, "%s/state", tmp);
	snprintf(re, sizeof re, "%s/recomputed", tmp);
	if (mkdir_p(state, err) < 0 || mkdir_p(re, err) < 0)
		goto out;
	snprintf(path, sizeof path, "%s/ledger.csv", tmp);
	if (rebuild_ledger(path, state, client, err) < 0)
		goto out;
	snprintf(path, sizeof path, "%s/contacts.csv.gz", tmp);
	/* contacts.csv.gz through the ingest path into the scratch store */
	if ((rc = recompute_ingest_attachment(path, "contacts.csv.gz", NULL, 0, state, emit, ctx, sum, err)) != 0 ||
	    (rc = recompute_rebuild_ops(tmp, state, emit, ctx, sum, err)) != 0) {
		ret = rc;
		goto out;
	}
	memset(&rq, 0, sizeof rq);
	rq.contract = &c;
	rq.state_dir = state;
	rq.year = y;
	rq.month = m;
	rq.status = !strcmp(status, "draft") ? REPORT_DRAFT : !strcmp(status, "revision") ? REPORT_REVISION : REPORT_FINAL;
	rq.created_epoch_s = -1;
	rq.watermark_ms = &wm;
	if (report_build_prepare(&rb, &rq, err) < 0)
		goto out;
	built = 1;
	if (write_recomputed(&rb, re, err) < 0)
		goto out;
	if ((ret = recompute_compare_dirs(tmp, re, emit, ctx, sum, err)) >= 0) {
		int pages = recompute_check_pages(pdf_path, tmp, &rb.model, emit, ctx, sum, err);
		int lineage = pages < 0 ? -1 : recompute_check_lineage(tmp, emit, ctx, sum, err);

		ret = pages < 0 || lineage < 0 ? -1 : ret || pages || lineage;
	}
out:
	if (built)
		report_build_release(&rb);
	if (loaded)
		contract_release(&c);
	contract_diags_release(&diags);
	return ret;
}

int recompute_report(const char *pdf_path, recompute_emit emit, void *ctx, struct recompute_summary *sum,
                     struct ccsla_error *err)
{
	const char *base = getenv("TMPDIR");
	char tmp[4096];
	int rc;

	memset(sum, 0, sizeof *sum);
	snprintf(tmp, sizeof tmp, "%s/ccsla-recompute-XXXXXX", base && *base ? base : "/tmp");
	if (!mkdtemp(tmp))
		return ccsla_error_set(err, tmp, 0, NULL, "cannot make a scratch folder");
	rc = extract(pdf_path, tmp, emit, ctx, sum, err);
	if (rc == 0)
		rc = recompute_in(pdf_path, tmp, emit, ctx, sum, err);
	remove_tree(tmp);
	if (rc == 0 && sum->mismatches)
		rc = 1;
	return rc;
}
