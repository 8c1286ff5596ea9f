/* nightly_month.c -- one client's months in the nightly run.
 *
 * Months looked at: the month of the run's local date, the month before
 * (while it has data or a draft), and every month with a final report.
 * For each, in the contract's time zone:
 *   - open (run date < last day + close_after_days): the DRAFT, rebuilt
 *     when its inputs (month_inputs) changed since it was built, published
 *     by a link swap;
 *   - closed without a final: the signed FINAL, published once (never
 *     replaced), then recorded in the ledger; the draft goes. When it
 *     cannot be signed (no key, a key that cannot be used, a certificate
 *     not valid at the signing time) the final waits and the draft is kept
 *     up to date;
 *   - closed with a final, and files ingested since that hold records of
 *     this client's month: a candidate is built and compared with the
 *     latest issued report; when a figure differs it is published as
 *     revision-<n>/ with the changes and credit adjustments, then recorded
 *     in the ledger; when none differs the ledger is recorded again (same
 *     bytes; it completes a run stopped between publishing and recording).
 * The marker STATE/nightly/<client>/<YYYY-MM> holds the ingest run count
 * the month's outputs reflect and the SHA-256 of their inputs, written
 * after them; "files ingested since" is that run count and the records'
 * source file numbers (registry.h).
 *
 * The ledger never holds a month that was not published: a report is
 * recorded after its directory is published, and a final whose ledger
 * month is missing (a run stopped in between) is checked again, which
 * records it. A month that fails is an event; the others go on. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "contracts/evaluate.h"
#include "contracts/ledger.h"
#include "core/fsutil.h"
#include "core/logkv.h"
#include "core/store.h"
#include "core/timefmt.h"
#include "reports/compose/report_build.h"
#include "reports/compose/revision.h"
#include "reports/sign/fingerprint.h"
#include "nightly_internal.h"
#include "publish.h"

#ifndef CCSLA_VERSION
#define CCSLA_VERSION "unknown"
#endif

#define MAX_MONTHS 32

struct month_job {
	const struct contract *c;    /* in force on the month's first day */
	const char *client;
	int year, month;
	char period[8];
	char parent[4096];           /* OUT/<client>/<YYYY-MM> */
	char inputs[65];             /* SHA-256 of what its report is made of (month_inputs) */
	char *inputs_text;           /* the text hashed (one line per input); owned */
	const char *action;          /* what the run did with the month (struct nightly_month_note) */
	char why[1000];
};

static int marker_path(const struct nightly_ctx *x, const struct month_job *m, char *buf, size_t size)
{
	return snprintf(buf, size, "%s/nightly/%s/%s", x->opt->state_dir, m->client, m->period) >= (int)size ? -1 : 0;
}

/* The ingest run count the month's outputs reflect, -1 when never built;
 * inputs gets the month_inputs the outputs were built from ("" for a
 * marker of version 1, which did not record them), and *text (owned by the
 * caller) the input lines a marker of version 3 keeps after its first line,
 * so that a rebuild can say which input changed (NULL for older markers). */
static long marker_read(const struct nightly_ctx *x, const struct month_job *m, char inputs[65], char **text)
{
	char path[4400], *data = NULL, hex[65];
	size_t size;
	struct ccsla_error err;
	long v = -1;
	int version = 0;

	inputs[0] = '\0';
	*text = NULL;
	if (marker_path(x, m, path, sizeof path) < 0 || !path_exists(path) || read_file(path, &data, &size, &err) < 0)
		return -1;
	if (sscanf(data, "ccsla-nightly %d runs %ld inputs %64[0-9a-f]", &version, &v, hex) == 3 &&
	    (version == 2 || version == 3) && strlen(hex) == 64) {
		char *nl = strchr(data, '\n');
		memcpy(inputs, hex, 65);
		if (version == 3 && nl && (*text = strdup(nl + 1)) == NULL)
			inputs[0] = '\0'; /* out of memory: rebuilt, as after a changed input */
	} else if (sscanf(data, "ccsla-nightly 1 runs %ld", &v) != 1) {
		v = -1;
	}
	free(data);
	return v;
}

static int marker_write(const struct nightly_ctx *x, const struct month_job *m, struct ccsla_error *err)
{
	char path[4400], head[160], *text;
	size_t body = m->inputs_text ? strlen(m->inputs_text) : 0;
	int n, rc;

	if (marker_path(x, m, path, sizeof path) < 0)
		return ccsla_error_set(err, x->opt->state_dir, 0, NULL, "path too long");
	/* version 3: the inputs' lines follow, to name what changed next time */
	n = snprintf(head, sizeof head, "ccsla-nightly 3 runs %lu inputs %s\n", (unsigned long)x->ingest_runs,
	             m->inputs);
	{
		char dir[4400];
		snprintf(dir, sizeof dir, "%s/nightly/%s", x->opt->state_dir, m->client);
		if (mkdir_p(dir, err) < 0)
			return -1;
	}
	if (!(text = malloc((size_t)n + body + 1)))
		return ccsla_error_set(err, path, 0, NULL, "out of memory");
	memcpy(text, head, (size_t)n);
	if (body)
		memcpy(text + n, m->inputs_text, body);
	rc = atomic_write(path, text, (size_t)n + body, err);
	free(text);
	return rc;
}

static int name_cmp(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int ledger_entry(const struct dirent *de)
{
	return de->d_name[0] != '.';
}

static void month_range(const struct month_job *m, int64_t *from_ms, int64_t *to_ms);

/* What the month's report is made of, as one SHA-256 (hex): the software
 * version, the contract file's bytes, the signer's fingerprint (which the
 * report prints), the pseudonym key (a check value), the stamp of every store partition
 * of the UTC days the local month touches (store_partition_stamp: size,
 * record count and CRC from the trailer, so no record is read) and the
 * bytes of the client's ledger (the report's history and credit
 * multipliers). Equal inputs give the same report, so a night whose files
 * did not touch this client's month does not rebuild it: the night costs
 * what its data costs (issue 22). */
static int month_inputs(const struct nightly_ctx *x, struct month_job *m, struct ccsla_error *err)
{
	char *text = NULL, path[8400], stamp[96], hex[65];
	size_t text_size = 0;
	FILE *f = open_memstream(&text, &text_size);
	struct dirent **names = NULL;
	int64_t from, to, day, last;
	int n;

	if (!f)
		return ccsla_error_set(err, NULL, 0, NULL, "out of memory");
	fprintf(f, "ccsla %s\n", CCSLA_VERSION);
	if (sha256_file_hex(m->c->path, hex, err) < 0) {
		fclose(f);
		free(text);
		return -1;
	}
	fprintf(f, "contract %s\n", hex);
	/* the report names the signer (its fingerprint) even as a draft */
	fprintf(f, "signer %s\n", x->signer ? signer_fingerprint(x->signer) : "-");
	/* the pseudonyms in contacts.csv.gz depend on the key: a check value
	 * (a pseudonym of a fixed label, not the key) tells when it changed */
	if (x->opt->pseudonym_key) {
		char check[65];
		evidence_pseudonym(x->opt->pseudonym_key, "key-check", m->client, "ccsla-nightly-inputs", check);
		fprintf(f, "pseudonym-key %s\n", check);
	} else {
		fprintf(f, "pseudonym-key -\n");
	}
	month_range(m, &from, &to);
	last = floor_div(to - 1, MS_PER_DAY);
	for (day = floor_div(from, MS_PER_DAY); day <= last; day++) {
		store_partition_path(path, sizeof path, x->opt->state_dir, m->client, day * MS_PER_DAY);
		store_partition_stamp(path, stamp, sizeof stamp);
		fprintf(f, "day %lld %s\n", (long long)day, stamp);
	}
	snprintf(path, sizeof path, "%s/ledger/%s", x->opt->state_dir, m->client);
	n = scandir(path, &names, ledger_entry, name_cmp);
	for (int i = 0; i < n; i++) {
		char file[8700];
		snprintf(file, sizeof file, "%s/%s", path, names[i]->d_name);
		if (sha256_file_hex(file, hex, err) < 0)
			snprintf(hex, sizeof hex, "unreadable");
		fprintf(f, "ledger %s %s\n", names[i]->d_name, hex);
		free(names[i]);
	}
	free(names);
	if (fclose(f) != 0) {
		free(text);
		return ccsla_error_set(err, NULL, 0, NULL, "out of memory");
	}
	sha256_hex(text, text_size, m->inputs);
	free(m->inputs_text);
	m->inputs_text = text; /* kept in the marker */
	ccsla_error_clear(err);
	return 0;
}

/* 1 when the line [line, line + len) is one of the lines of text. */
static int has_line(const char *text, const char *line, size_t len)
{
	const char *p = text;

	while (p && *p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		if (n == len && !memcmp(p, line, len))
			return 1;
		p = nl ? nl + 1 : NULL;
	}
	return 0;
}

/* Why the month's inputs differ from those its outputs were built from
 * (old: the marker's input lines; NULL when the marker does not keep them):
 * the store partitions (UTC days) that are new or changed, the contract
 * file, the signer, the pseudonym key, the ccsla version, the ledger. */
static void inputs_why(const char *old, long marker, const struct month_job *m, char *buf, size_t size)
{
	const char *p = m->inputs_text;
	size_t len = 0, days = 0, other = 0;

	if (marker < 0) {
		snprintf(buf, size, "first build of the month");
		return;
	}
	if (!old) {
		snprintf(buf, size, "its inputs changed (the marker an older ccsla wrote does not say which)");
		return;
	}
	buf[0] = '\0';
#define WHY(...) (len < size ? (len += (size_t)snprintf(buf + len, size - len, __VA_ARGS__)) : len)
	while (p && *p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		long long day;
		char what[64];

		if (!has_line(old, p, n)) {
			if (sscanf(p, "day %lld", &day) == 1) {
				int y, mo, d;
				char prefix[40];
				days_to_civil(day, &y, &mo, &d);
				/* the day's partition was absent when last built: new */
				snprintf(prefix, sizeof prefix, "day %lld absent\n", day);
				if (days < 12)
					WHY("%s%04d-%02d-%02d (%s)", days ? ", " : len ? "; store partitions " : "store partitions ",
					    y, mo, d, strstr(old, prefix) ? "new" : "changed");
				else if (days == 12)
					WHY(" and more");
				days++;
			} else if (sscanf(p, "ledger %63s", what) == 1) {
				WHY("%sthe ledger's %s changed", len ? "; " : "", what);
				other++;
			} else if (sscanf(p, "%63s", what) == 1) {
				const char *name = !strcmp(what, "contract")        ? "the contract file changed"
				                   : !strcmp(what, "signer")        ? "the signer changed"
				                   : !strcmp(what, "pseudonym-key") ? "the pseudonym key changed"
				                   : !strcmp(what, "ccsla")         ? "the ccsla version changed"
				                   : !strcmp(what, "ledger")        ? "the ledger changed"
				                                                    : "an input changed";
				if (!strstr(buf, name))
					WHY("%s%s", len ? "; " : "", name);
				other++;
			}
		}
		p = nl ? nl + 1 : NULL;
	}
	/* a ledger month gone, or a line only the old inputs had */
	if (!days && !other)
		WHY("%s", strcmp(old, m->inputs_text ? m->inputs_text : "") ? "the ledger changed" : "its inputs changed");
#undef WHY
}

static void report_event(struct nightly_ctx *x, const struct month_job *m, const char *kind, const char *dir,
                         const char *id, const char *detail)
{
	struct jsonw *j = x->manifest;

	logkv("report", "client", m->client, "period", m->period, "kind", kind, "id", id ? id : "",
	      "detail", detail ? detail : "", NULL);
	jsonw_object_begin(j);
	jsonw_kv_string(j, "client", m->client);
	jsonw_kv_string(j, "period", m->period);
	jsonw_kv_string(j, "kind", kind);
	if (dir)
		jsonw_kv_string(j, "dir", dir);
	if (id)
		jsonw_kv_string(j, "report_id", id);
	if (detail)
		jsonw_kv_string(j, "detail", detail);
	jsonw_object_end(j);
}

static void request_init(struct report_request *rq, const struct nightly_ctx *x, const struct month_job *m,
                         enum report_status status)
{
	memset(rq, 0, sizeof *rq);
	rq->contract = m->c;
	rq->state_dir = x->opt->state_dir;
	rq->year = m->year;
	rq->month = m->month;
	rq->status = status;
	rq->created_epoch_s = x->opt->created_s;
	rq->signer_fingerprint = x->signer ? signer_fingerprint(x->signer) : NULL;
	rq->pseudonym_key = x->opt->pseudonym_key;
}

static int sign_report(const struct nightly_ctx *x, const struct month_job *m, const char *dir, const char *what,
                       struct ccsla_error *err)
{
	struct sign_options so;
	char pdf[4400], reason[256];

	memset(&so, 0, sizeof so);
	snprintf(reason, sizeof reason, "%s service report %s %s", what, m->client, m->period);
	so.reason = reason;
	so.location = m->c->ccc_name;
	so.signing_time_s = x->opt->created_s;
	so.tsa_url = x->opt->tsa_url;   /* unreachable: this month fails, the next run signs it */
	so.add_dss = x->opt->add_dss;
	so.add_doc_ts = x->opt->add_doc_ts;
	so.crl_path = x->opt->crl_path;
	snprintf(pdf, sizeof pdf, "%s/report.pdf", dir);
	if (sign_pdf_file(pdf, pdf, x->signer, &so, err) < 0)
		return -1;
	return signer_write_fingerprint_beside(x->signer, pdf, err);
}

static int do_draft(struct nightly_ctx *x, const struct month_job *m, struct ccsla_error *err)
{
	struct report_request rq;
	char tmp[4400], id[96], link[4400];

	request_init(&rq, x, m, REPORT_DRAFT);
	if (publish_begin(m->parent, "draft", tmp, sizeof tmp, err) < 0 ||
	    report_build_dir(&rq, tmp, id, err) < 0 || publish_replace(tmp, m->parent, "draft", err) < 0)
		return -1;
	snprintf(link, sizeof link, "%s/draft", m->parent);
	report_event(x, m, "draft", link, id, m->why[0] ? m->why : NULL);
	return marker_write(x, m, err);
}

/* A final or revision due that cannot be signed waits: why, or NULL. */
static const char *sign_unavailable(const struct nightly_ctx *x)
{
	if (x->sign_hold[0])
		return x->sign_hold;
	if (!x->signer)
		return "no signing key is configured (--key/--cert or --p12)";
	return NULL;
}

static int do_final(struct nightly_ctx *x, struct month_job *m, long marker, int same_inputs,
                    struct ccsla_error *err)
{
	struct report_request rq;
	struct report_build rb;
	char tmp[4400], path[4400], detail[1600];
	const char *why = sign_unavailable(x);
	int rc;

	if (why) {
		x->problems = 1;
		snprintf(detail, sizeof detail, "the month has closed but the final waits: %s", why);
		report_event(x, m, "final-due", NULL, NULL, detail);
		snprintf(path, sizeof path, "%s/draft", m->parent);
		/* meanwhile the draft shows all the data */
		(void)marker;
		m->action = "final-due";
		if (same_inputs && path_exists(path)) {
			snprintf(m->why, sizeof m->why, "the final waits (%s); the draft is kept: no data touched it", why);
			return 0;
		}
		{
			char was[sizeof m->why];
			snprintf(was, sizeof was, "%s", m->why);
			snprintf(m->why, sizeof m->why, "the final waits (%s); the draft is rebuilt: %s", why, was);
		}
		return do_draft(x, m, err);
	}
	m->action = "final";
	snprintf(m->why, sizeof m->why, "the month closed (%d days after its last day)", x->opt->close_after_days);
	request_init(&rq, x, m, REPORT_FINAL);
	if (publish_begin(m->parent, "final", tmp, sizeof tmp, err) < 0)
		return -1;
	if (report_build_prepare_into(&rb, &rq, tmp, err) < 0) {
		remove_tree(tmp);
		return -1;
	}
	rc = report_build_exports(&rb, tmp, err);
	if (rc == 0)
		rc = report_build_finish(&rb, tmp, err);
	if (rc == 0)
		rc = sign_report(x, m, tmp, "Final", err);
	if (rc == 0)
		rc = publish_once(tmp, m->parent, "final", err);
	/* recorded only once published: the ledger never holds a final no one
	 * has; with its issue instant, the signing time (report_on_time) */
	if (rc == 0) {
		rb.ev.has_issued = 1;
		rb.ev.issued_ms = x->opt->created_s * 1000;
		rc = evaluate_record_ledger(&rb.ev, x->opt->state_dir, err);
	}
	if (rc == 0) {
		snprintf(path, sizeof path, "%s/final", m->parent);
		report_event(x, m, "final", path, rb.report_id, NULL);
		/* the month-to-date draft is superseded */
		snprintf(path, sizeof path, "%s/draft", m->parent);
		if (unlink(path) < 0 && errno != ENOENT)
			rc = ccsla_error_set(err, path, 0, NULL, "cannot remove the superseded draft: %s", strerror(errno));
		else
			rc = publish_cleanup(m->parent, err);
	} else {
		remove_tree(tmp); /* nothing half-made stays behind */
	}
	report_build_release(&rb);
	/* the inputs as the ledger now holds the final: the next night sees no change */
	if (rc == 0)
		rc = month_inputs(x, m, err);
	return rc < 0 ? -1 : marker_write(x, m, err);
}

static int ledger_has_month(const struct nightly_ctx *x, const struct month_job *m);

/* The latest issued report directory (final or the highest revision) and
 * the next revision number. */
static int latest_issued(const struct month_job *m, char *dir, size_t size)
{
	int n = 1;

	for (;;) {
		char p[4400];
		snprintf(p, sizeof p, "%s/revision-%d", m->parent, n);
		if (!path_exists(p))
			break;
		n++;
	}
	if (n == 1)
		snprintf(dir, size, "%s/final", m->parent);
	else
		snprintf(dir, size, "%s/revision-%d", m->parent, n - 1);
	return n;
}

/* The late input files behind a revision: ingested after the last check
 * (marker) and holding records of this client's month. */
static const char *late_reason(struct report_build *rb, long since_runs, char *buf, size_t size)
{
	size_t i, len, n = 0;

	len = (size_t)snprintf(buf, size, "late data");
	for (i = 0; i < rb->reg.count && len < size; i++) {
		const struct registry_entry *e = &rb->reg.entries[i];

		if ((long)e->run <= since_runs || e->index > rb->reg.count || !rb->file_rows[e->index])
			continue;
		len += (size_t)snprintf(buf + len, size - len, "%s%s (%u records)", n ? ", " : ": ", e->name,
		                        rb->file_rows[e->index]);
		n++;
	}
	return buf;
}

static int do_revision_check(struct nightly_ctx *x, struct month_job *m, long since_runs,
                             struct ccsla_error *err)
{
	struct report_request rq;
	struct report_build rb;
	struct revision_diff diff;
	char tmp[4400], prev[4400], final_dir[4400], name[32], reason[1024], path[4400];
	char sup_id[128] = ""; /* the model points here until the report is written */
	const char *adjustments;
	int n, rc;

	n = latest_issued(m, prev, sizeof prev);
	snprintf(name, sizeof name, "revision-%d", n);
	snprintf(final_dir, sizeof final_dir, "%s/final", m->parent);
	request_init(&rq, x, m, REPORT_REVISION);
	rq.revision = n;
	if (publish_begin(m->parent, name, tmp, sizeof tmp, err) < 0)
		return -1;
	if (report_build_prepare_into(&rb, &rq, tmp, err) < 0) {
		remove_tree(tmp);
		return -1;
	}
	if (report_build_exports(&rb, tmp, err) < 0 ||
	    revision_compare(&diff, final_dir, prev, tmp, m->c->minor_units, err) < 0) {
		report_build_release(&rb);
		remove_tree(tmp);
		return -1;
	}
	late_reason(&rb, since_runs, reason, sizeof reason);
	if (!diff.differs) {
		char detail[1200];
		/* the latest issued report's figures: recording them again
		 * completes a run stopped between publishing and recording
		 * (then the final's issue instant is this run's signing time) */
		if (!ledger_has_month(x, m)) {
			rb.ev.has_issued = 1;
			rb.ev.issued_ms = x->opt->created_s * 1000;
		}
		rc = evaluate_record_ledger(&rb.ev, x->opt->state_dir, err);
		report_build_release(&rb);
		revision_diff_free(&diff);
		remove_tree(tmp);
		if (rc < 0)
			return -1;
		m->action = "unchanged";
		if (strcmp(reason, "late data") != 0) {
			snprintf(detail, sizeof detail, "data arrived for %s, a month with a final report; no figure changed; %s",
			         m->period, reason);
			report_event(x, m, "unchanged", NULL, NULL, detail);
		}
		return marker_write(x, m, err);
	}
	if (sign_unavailable(x)) {
		char detail[1800];
		report_build_release(&rb);
		revision_diff_free(&diff);
		remove_tree(tmp);
		x->problems = 1;
		snprintf(detail, sizeof detail, "%s changed figures of a final report but the revision waits: %s", reason,
		         sign_unavailable(x));
		report_event(x, m, "revision-due", NULL, NULL, detail);
		m->action = "revision-due";
		return 0;
	}
	{
		const char *sup = strrchr(prev, '/');
		/* the id of the report this corrects, from its manifest */
		char mpath[4400], *data = NULL, *p;
		size_t size;
		snprintf(mpath, sizeof mpath, "%s/manifest.json", prev);
		if (read_file(mpath, &data, &size, err) == 0) {
			if ((p = strstr(data, "\"report_id\": \"")) != NULL)
				sscanf(p + 14, "%127[^\"]", sup_id);
			free(data);
		}
		if (!(adjustments = report_build_attach(&rb, tmp, "adjustments.csv"))) {
			report_build_release(&rb);
			revision_diff_free(&diff);
			remove_tree(tmp);
			return ccsla_error_set(err, tmp, 0, NULL, "too many attachments");
		}
		rb.model.changes = diff.changes;
		rb.model.n_changes = diff.n_changes;
		rb.model.adjustments = diff.adjustments;
		rb.model.n_adjustments = diff.n_adjustments;
		rb.model.revision_reason = reason;
		rb.model.supersedes = sup_id[0] ? sup_id : (sup ? sup + 1 : prev);
	}
	rc = revision_write_adjustments(&diff, adjustments, m->period, n, m->c->currency, err);
	if (rc == 0)
		rc = report_build_finish(&rb, tmp, err);
	if (rc == 0)
		rc = sign_report(x, m, tmp, "Revised", err);
	if (rc == 0)
		rc = publish_once(tmp, m->parent, name, err);
	if (rc == 0) { /* after publishing, as for a final (the final's issue instant kept) */
		if (!ledger_has_month(x, m)) {
			rb.ev.has_issued = 1;
			rb.ev.issued_ms = x->opt->created_s * 1000;
		}
		rc = evaluate_record_ledger(&rb.ev, x->opt->state_dir, err);
	}
	else
		remove_tree(tmp);
	if (rc == 0) {
		char detail[1200];
		snprintf(path, sizeof path, "%s/%s", m->parent, name);
		snprintf(detail, sizeof detail, "%zu figures changed; %s", diff.n_changes, reason);
		report_event(x, m, name, path, rb.report_id, detail);
		m->action = "revised";
	}
	report_build_release(&rb);
	revision_diff_free(&diff);
	return rc < 0 ? -1 : marker_write(x, m, err);
}

/* The month's instants in the contract's zone: [from, to). */
static void month_range(const struct month_job *m, int64_t *from_ms, int64_t *to_ms)
{
	int ny = m->year, nm = m->month + 1;

	if (nm > 12)
		nm = 1, ny++;
	*from_ms = tz_local_day_start(m->c->zone, civil_to_days(m->year, m->month, 1));
	*to_ms = tz_local_day_start(m->c->zone, civil_to_days(ny, nm, 1));
}

static int month_has_data(const struct nightly_ctx *x, const struct month_job *m)
{
	struct store_scan sc;
	struct contact ct;
	struct ccsla_error err;
	int64_t from, to;
	int rc;

	month_range(m, &from, &to);
	if (store_scan_open(&sc, x->opt->state_dir, m->client, from, to, &err) < 0)
		return 0;
	rc = store_scan_next(&sc, &ct, &err);
	store_scan_close(&sc);
	return rc == 1;
}

/* 1 when a file of an ingest run after since_runs holds records of the
 * client's month (a re-sent file whose rows were all duplicates holds
 * none), 0 when none does, -1 on a store error. */
static int month_touched_since(const struct nightly_ctx *x, const struct month_job *m, long since_runs,
                               struct ccsla_error *err)
{
	struct store_scan sc;
	struct contact ct;
	int64_t from, to;
	int rc;

	month_range(m, &from, &to);
	if (store_scan_open(&sc, x->opt->state_dir, m->client, from, to, err) < 0)
		return -1;
	while ((rc = store_scan_next(&sc, &ct, err)) == 1) {
		const struct registry_entry *e = registry_get(&x->reg, ct.src_file);
		if (!e || (long)e->run > since_runs)
			break;
	}
	store_scan_close(&sc);
	return rc;
}

/* "STATE/ledger/<client>/<YYYY-MM>" holds the month (ledger.h). */
static int ledger_has_month(const struct nightly_ctx *x, const struct month_job *m)
{
	struct ledger_month lm;
	struct ccsla_error err;
	int rc = ledger_read(x->opt->state_dir, m->client, m->year, m->month, &lm, &err);

	if (rc == 0)
		ledger_month_release(&lm);
	return rc == 0;
}

static int month_cmp(const void *a, const void *b)
{
	return memcmp(a, b, 2 * sizeof(int));
}

/* Months with a final/ under OUT/<client>/, plus the current and previous. */
static size_t months_to_visit(const struct nightly_ctx *x, const char *client, int y, int mo, int (*out)[2])
{
	char dir[4400], p[4400];
	DIR *d;
	struct dirent *de;
	size_t n = 0, i, k;

	out[n][0] = mo == 1 ? y - 1 : y;
	out[n][1] = mo == 1 ? 12 : mo - 1;
	n++;
	out[n][0] = y;
	out[n][1] = mo;
	n++;
	snprintf(dir, sizeof dir, "%s/%s", x->opt->out_dir, client);
	if ((d = opendir(dir))) {
		while ((de = readdir(d)) && n < MAX_MONTHS) {
			int yy, mm;
			if (strlen(de->d_name) != 7 || month_parse(de->d_name, &yy, &mm) < 0)
				continue;
			snprintf(p, sizeof p, "%s/%s/final", dir, de->d_name);
			if (path_exists(p)) {
				out[n][0] = yy;
				out[n][1] = mm;
				n++;
			}
		}
		closedir(d);
	}
	qsort(out, n, sizeof out[0], month_cmp);
	for (i = 0, k = 0; i < n; i++)
		if (!k || out[i][0] != out[k - 1][0] || out[i][1] != out[k - 1][1]) {
			out[k][0] = out[i][0];
			out[k][1] = out[i][1];
			k++;
		}
	return k;
}

static void month_failed(struct nightly_ctx *x, const struct month_job *m, const struct ccsla_error *err)
{
	char msg[1024];

	ccsla_error_format(err, msg, sizeof msg);
	x->failed = 1;
	report_event(x, m, "failed", NULL, NULL, msg);
}

/* One month of the client: its draft, final or revision check. A draft is
 * rebuilt only when its inputs changed (month_inputs); a month with a final
 * is checked for late data only when files were ingested since and its
 * inputs changed, and then record by record (month_touched_since). */
static int do_month(struct nightly_ctx *x, struct month_job *m, int closed, long marker,
                    const char *marker_inputs, const char *marker_text, struct ccsla_error *err)
{
	char draft[4400], final_dir[4400], changed[sizeof m->why];
	int touched, same_inputs;

	snprintf(draft, sizeof draft, "%s/draft", m->parent);
	snprintf(final_dir, sizeof final_dir, "%s/final", m->parent);
	if (publish_mkdirs(x->opt->out_dir, m->parent, err) < 0 || publish_cleanup(m->parent, err) < 0)
		return -1;
	if (month_inputs(x, m, err) < 0)
		return -1;
	same_inputs = marker >= 0 && strcmp(marker_inputs, m->inputs) == 0;
	if (same_inputs)
		snprintf(changed, sizeof changed, "its inputs are those of its last build");
	else
		inputs_why(marker_text, marker, m, changed, sizeof changed);
	if (!closed) {
		if (same_inputs && path_exists(draft)) {
			m->action = "skipped";
			snprintf(m->why, sizeof m->why, "no data touched it: the draft's inputs are unchanged since ingest run %ld",
			         marker);
			return 0;
		}
		m->action = "rebuilt";
		snprintf(m->why, sizeof m->why, "%s", same_inputs ? "the published draft was missing" : changed);
		return do_draft(x, m, err);
	}
	if (!path_exists(final_dir)) {
		snprintf(m->why, sizeof m->why, "%s", same_inputs ? "the published draft was missing" : changed);
		return do_final(x, m, marker, same_inputs, err);
	}
	/* a crash between publishing the final and removing the draft */
	if (path_exists(draft) && (unlink(draft) < 0 || publish_cleanup(m->parent, err) < 0))
		return ccsla_error_set(err, draft, 0, NULL, "cannot remove the superseded draft: %s", strerror(errno));
	if (!ledger_has_month(x, m)) { /* a crash between publishing and recording */
		m->action = "checked";
		snprintf(m->why, sizeof m->why, "the final is not in the ledger yet (a run stopped between publishing and recording)");
		return do_revision_check(x, m, marker, err);
	}
	m->action = "skipped";
	if (marker == (long)x->ingest_runs) {
		snprintf(m->why, sizeof m->why, "final issued; no file was ingested since it was last checked");
		return 0;
	}
	if (same_inputs) { /* files arrived, none changed this month's data */
		snprintf(m->why, sizeof m->why, "final issued; no data touched it: its store partitions are unchanged");
		return marker_write(x, m, err);
	}
	if ((touched = month_touched_since(x, m, marker, err)) < 0)
		return -1;
	if (!touched) { /* files arrived, none for this month: nothing to check */
		snprintf(m->why, sizeof m->why, "final issued; no record of the month came from a file ingested since (%s)",
		         changed);
		return marker_write(x, m, err);
	}
	m->action = "checked";
	snprintf(m->why, sizeof m->why, "late data for a month with a final: %s", changed);
	return do_revision_check(x, m, marker, err);
}

/* The month's decision: a "month" event and an object of the manifest's
 * "months" array. */
static void month_note(struct nightly_ctx *x, const struct month_job *m)
{
	struct nightly_month_note *n;

	logkv("month", "client", m->client, "period", m->period, "action", m->action ? m->action : "skipped", "why",
	      m->why, NULL);
	if (x->nnotes == x->notes_cap) {
		size_t cap = x->notes_cap ? 2 * x->notes_cap : 64;
		void *p = realloc(x->notes, cap * sizeof *x->notes);
		if (!p) { /* the event above is the record */
			x->problems = 1;
			return;
		}
		x->notes = p;
		x->notes_cap = cap;
	}
	n = &x->notes[x->nnotes++];
	snprintf(n->client, sizeof n->client, "%s", m->client);
	snprintf(n->period, sizeof n->period, "%s", m->period);
	snprintf(n->action, sizeof n->action, "%s", m->action ? m->action : "skipped");
	snprintf(n->why, sizeof n->why, "%s", m->why);
}

int nightly_client(struct nightly_ctx *x, const char *client, struct ccsla_error *err)
{
	const struct contract *any = NULL;
	int months[MAX_MONTHS][2], y, mo, d, failures = 0;
	size_t n, i, k;
	int64_t today;

	for (k = 0; k < x->contracts->count && !any; k++)
		if (!strcmp(x->contracts->items[k].client, client))
			any = &x->contracts->items[k];
	today = tz_local_days(any->zone, x->opt->now_ms);
	days_to_civil(today, &y, &mo, &d);
	n = months_to_visit(x, client, y, mo, months);
	for (i = 0; i < n; i++) {
		struct month_job m;
		int64_t last_day;
		long marker;
		char final_dir[4400], marker_inputs[65], *marker_text;
		int closed, cy, cm, cd;

		memset(&m, 0, sizeof m);
		m.client = client;
		m.year = months[i][0];
		m.month = months[i][1];
		snprintf(m.period, sizeof m.period, "%04d-%02d", m.year % 10000, m.month % 100);
		if (!(m.c = contract_set_find(x->contracts, client, civil_to_days(m.year, m.month, 1)))) {
			m.action = "skipped";
			snprintf(m.why, sizeof m.why, "no contract version is in force on the month's first day");
			month_note(x, &m);
			continue;
		}
		/* the month's days and "today" are those of the contract's zone */
		today = tz_local_days(m.c->zone, x->opt->now_ms);
		last_day = civil_to_days(m.year, m.month, days_in_month(m.year, m.month));
		if (today < civil_to_days(m.year, m.month, 1))
			continue;
		days_to_civil(today, &cy, &cm, &cd);
		closed = today - last_day >= x->opt->close_after_days;
		snprintf(m.parent, sizeof m.parent, "%s/%s/%s", x->opt->out_dir, client, m.period);
		snprintf(final_dir, sizeof final_dir, "%s/final", m.parent);
		marker = marker_read(x, &m, marker_inputs, &marker_text);
		/* the month before is reported only when there is something to report */
		if ((m.year != cy || m.month != cm) && !path_exists(final_dir) && marker < 0 && !month_has_data(x, &m)) {
			m.action = "skipped";
			snprintf(m.why, sizeof m.why, "the month before has no data and no report");
			month_note(x, &m);
			free(marker_text);
			continue;
		}
		ccsla_error_clear(err);
		if (do_month(x, &m, closed, marker, marker_inputs, marker_text, err) < 0) {
			month_failed(x, &m, err);
			m.action = "failed";
			ccsla_error_format(err, m.why, sizeof m.why);
			failures++;
		}
		month_note(x, &m);
		free(marker_text);
		free(m.inputs_text);
	}
	return failures;
}
