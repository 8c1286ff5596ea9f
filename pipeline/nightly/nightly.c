/* nightly.c -- the scheduled run (nightly.h).
 *
 * Order of work, each step durable before the next:
 *   1. lock the state directory; load the contracts (a client whose
 *      contract has a problem is held, the others go on); check the
 *      signing key and certificate (finals wait when they cannot sign at
 *      the signing time; a warning when the certificate expires within
 *      30 days);
 *   2. ingest every stable landing file not yet ingested, as one ingest
 *      run (its registry write is the commit point; ingest_open finishes a
 *      commit that a crash interrupted); then, from the committed counts,
 *      one event and one manifest object per file, and with --archive the
 *      move of what was ingested;
 *   3. per client, in contract file order: drafts, finals, revisions
 *      (nightly_month.c); a month that fails is an event, the rest goes on;
 *   4. the run manifest out/runs/<UTC time>-<pid>.json.
 * A crash leaves only hidden temporary files and stale markers, which the
 * next run cleans up or redoes, so it completes the work with the same bytes. */
#include <dirent.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/fsutil.h"
#include "core/logkv.h"
#include "core/store.h"
#include "core/timefmt.h"
#include "ingest/ingest.h"
#include "ingest/registry.h"
#include "metrics/metrics_daycache.h"
#include "reports/compose/evidence_cache.h"
#include "landing.h"
#include "lock.h"
#include "publish.h"
#include "nightly_internal.h"

#ifndef CCSLA_VERSION
#define CCSLA_VERSION "unknown"
#endif

/* One landing file as this run saw it; its counts are read after the
 * ingest commit, when dedupe has settled them. */
struct input {
	const struct landing_file *lf;
	const char *status;          /* skipped, unreadable, already ingested, ingested, damaged */
	char detail[1024];
	size_t file;                 /* the ingest run's file number, when ingested or already ingested */
	int in_run;
	char archived[4400];         /* where --archive moved it, "" when not moved */
};

/* The three most frequent quarantine reasons, "reason: n; ...". */
static const char *top_reasons(const struct registry_entry *e, char *buf, size_t size)
{
	size_t used[3] = { SIZE_MAX, SIZE_MAX, SIZE_MAX }, len = 0, k, i;

	buf[0] = '\0';
	for (k = 0; k < 3; k++) {
		size_t best = SIZE_MAX;
		for (i = 0; i < e->nreasons; i++)
			if (i != used[0] && i != used[1] && e->reasons[i].count > 0 &&
			    (best == SIZE_MAX || e->reasons[i].count > e->reasons[best].count))
				best = i;
		if (best == SIZE_MAX)
			break;
		used[k] = best;
		if (len < size)
			len += (size_t)snprintf(buf + len, size - len, "%s%s: %" PRId64, k ? "; " : "",
			                        e->reasons[best].reason, e->reasons[best].count);
	}
	if (e->nreasons > k && len < size)
		snprintf(buf + len, size - len, "; and %zu more", e->nreasons - k);
	return buf;
}

static void manifest_file(struct jsonw *j, const struct input *in, const struct registry_entry *e,
                          const char *reasons)
{
	jsonw_object_begin(j);
	jsonw_kv_string(j, "name", in->lf->name);
	jsonw_kv_string(j, "status", in->status);
	if (in->detail[0])
		jsonw_kv_string(j, "detail", in->detail);
	if (e) {
		jsonw_kv_string(j, "sha256", e->sha256);
		jsonw_kv_int(j, "rows_read", e->rows_read);
		jsonw_kv_int(j, "accepted", e->accepted);
		jsonw_kv_int(j, "quarantined", e->quarantined);
		jsonw_kv_int(j, "duplicates", e->duplicates);
		if (reasons && reasons[0])
			jsonw_kv_string(j, "top_reasons", reasons);
	}
	if (in->archived[0])
		jsonw_kv_string(j, "archived", in->archived);
	jsonw_object_end(j);
}

/* What happened to one file, after the commit: an event and its manifest
 * object. A file read in this run has its committed counts (a re-sent row
 * is a duplicate only once dedupe has seen the store); a file already
 * ingested names the earlier file with the same content. */
static void report_input(struct nightly_ctx *x, struct ingest_run *run, struct input *in)
{
	char rows[24], acc[24], quar[24], dup[24], reasons[600] = "";
	const struct registry_entry *e = NULL;

	if (in->in_run && !strcmp(in->status, "already ingested")) {
		const struct ingest_file *f = ingest_file_at(run, in->file);
		const struct registry_entry *prev = registry_get(&x->reg, f->skipped_as);
		if (prev)
			snprintf(in->detail, sizeof in->detail, "same content (SHA-256) as %s, ingest run %" PRIu32 "%s",
			         prev->name, prev->run, prev->damaged ? ", which was damaged" : "");
		logkv("skip", "file", in->lf->name, "reason", "already ingested", "detail", in->detail, NULL);
	} else if (in->in_run) {
		const struct ingest_file *f = ingest_file_at(run, in->file);
		e = &f->reg;
		snprintf(rows, sizeof rows, "%" PRId64, e->rows_read);
		snprintf(acc, sizeof acc, "%" PRId64, e->accepted);
		snprintf(quar, sizeof quar, "%" PRId64, e->quarantined);
		snprintf(dup, sizeof dup, "%" PRId64, e->duplicates);
		top_reasons(e, reasons, sizeof reasons);
		if (e->quarantined)
			logkv("ingest", "file", in->lf->name, "rows", rows, "accepted", acc, "quarantined", quar,
			      "duplicates", dup, "reasons", reasons, "damaged", e->damaged ? e->damage : "no", NULL);
		else
			logkv("ingest", "file", in->lf->name, "rows", rows, "accepted", acc, "quarantined", quar,
			      "duplicates", dup, "damaged", e->damaged ? e->damage : "no", NULL);
		if (e->damaged || e->quarantined)
			x->problems = 1;
	}
	if (in->archived[0])
		logkv("archive", "file", in->lf->name, "to", in->archived, NULL);
	manifest_file(x->manifest, in, e, reasons);
}

/* --archive: a file whose content is in the registry, not damaged, moves
 * to DIR/<run date>/; a damaged or unreadable file stays to be seen. */
static void archive_input(struct nightly_ctx *x, struct ingest_run *run, struct input *in, const char *day)
{
	const struct ingest_file *f;
	const struct registry_entry *e;
	struct ccsla_error err;
	char msg[1024];

	if (!x->opt->archive_dir || !in->in_run)
		return;
	f = ingest_file_at(run, in->file);
	if (!strcmp(in->status, "ingested"))
		e = &f->reg;
	else if (!strcmp(in->status, "already ingested"))
		e = registry_get(&x->reg, f->skipped_as);
	else
		return;
	if (!e || e->damaged)
		return;
	if (landing_archive(in->lf, x->opt->archive_dir, day, in->archived, sizeof in->archived, &err) < 0) {
		in->archived[0] = '\0';
		logkv("archive-failed", "file", in->lf->name, "error", ccsla_error_format(&err, msg, sizeof msg), NULL);
		x->problems = 1;
	}
}

/* Step 2: the manifest's "inputs" array, one object per landing file this
 * run looked at, written after the commit. */
static int nightly_ingest(struct nightly_ctx *x, struct ccsla_error *err)
{
	const struct nightly_options *opt = x->opt;
	struct landing_list list = { NULL, 0 };
	struct ingest_options iopts = { 0, 0, 0, NULL };
	struct ingest_run *run = NULL;
	struct input *in = NULL;
	struct jsonw *j = x->manifest;
	char msg[1024], day[16];
	size_t i, added = 0;
	int ret = -1;

	if (landing_list(&list, opt->landing_dir, ".csv.gz", err) != 0)
		return -1;
	if (list.count && !(in = calloc(list.count, sizeof *in))) {
		ccsla_error_set(err, opt->landing_dir, 0, NULL, "out of memory");
		goto out;
	}
	if (ingest_open(&run, opt->state_dir, &iopts, err) != 0)
		goto out;
	for (i = 0; i < list.count; i++) {
		const struct landing_file *lf = &list.files[i];
		size_t file;
		int rc;

		in[i].lf = lf;
		progress_show("ingest", (long)i, (long)list.count);
		rc = landing_is_stable(lf, time(NULL), opt->settle_s);
		if (rc != 1) {
			const char *why = rc == 0 ? "still being written (size or time changed); next run" : "vanished";
			logkv("skip", "file", lf->name, "reason", why, NULL);
			in[i].status = "skipped";
			snprintf(in[i].detail, sizeof in[i].detail, "%s", why);
			continue;
		}
		rc = ingest_add_file(run, lf->path, &file, err);
		if (rc < 0) { /* unreadable: reported, left in place, the rest goes on */
			logkv("unreadable", "file", lf->name, "error", ccsla_error_format(err, msg, sizeof msg), NULL);
			in[i].status = "unreadable";
			snprintf(in[i].detail, sizeof in[i].detail, "%s", msg);
			x->problems = 1;
			continue;
		}
		in[i].file = file;
		in[i].in_run = 1;
		if (rc == 1) {
			in[i].status = "already ingested";
			continue;
		}
		if (ingest_read_canonical(run, file, err) != 0)
			goto out;
		added++;
		in[i].status = ingest_file_at(run, file)->reg.damaged ? "damaged" : "ingested";
	}
	progress_end();
	if (added && ingest_commit(run, err) != 0)
		goto out;
	if (registry_load(&x->reg, opt->state_dir, err) < 0)
		goto out;
	x->ingest_runs = x->reg.runs;
	{ /* the run's UTC date names the archive folder */
		int y, mo, d;
		days_to_civil(opt->now_ms >= 0 ? opt->now_ms / 86400000 : -((-opt->now_ms + 86399999) / 86400000), &y, &mo, &d);
		snprintf(day, sizeof day, "%04d-%02d-%02d", y % 10000, mo % 100, d % 100);
	}
	jsonw_key(j, "inputs");
	jsonw_array_begin(j);
	for (i = 0; i < list.count; i++) {
		if (in[i].in_run && !strcmp(in[i].status, "damaged"))
			snprintf(in[i].detail, sizeof in[i].detail, "%s", ingest_file_at(run, in[i].file)->reg.damage);
		archive_input(x, run, &in[i], day);
		report_input(x, run, &in[i]);
	}
	jsonw_array_end(j);
	ret = 0;
out:
	ingest_close(run);
	free(in);
	landing_free(&list);
	return ret;
}

/* A run manifest a crashed run left half-written (hidden temporary file). */
static void clean_runs_dir(const char *runs)
{
	DIR *d = opendir(runs);
	struct dirent *de;
	char path[4400];

	if (!d)
		return;
	while ((de = readdir(d)))
		if (de->d_name[0] == '.' && strstr(de->d_name, ".tmp.")) {
			snprintf(path, sizeof path, "%s/%s", runs, de->d_name);
			unlink(path);
		}
	closedir(d);
}

/* The signing key and certificate, checked at the start of every run. A
 * key that cannot be loaded, or a certificate not valid at the signing
 * time, makes the finals and revisions due wait (x->sign_hold says why);
 * everything else is done. A certificate that expires within 30 days of
 * the run is a warning every night until it is renewed. */
static void check_signer(struct nightly_ctx *x)
{
	const struct nightly_options *o = x->opt;
	struct signer_config cfg;
	struct ccsla_error err;
	int64_t from_s, until_s, now_s = o->now_ms / 1000;
	char a[40], b[40], t[40], msg[1024];

	if (!o->key_path && !o->p12_path)
		return;
	memset(&cfg, 0, sizeof cfg);
	cfg.key_path = o->key_path;
	cfg.p12_path = o->p12_path;
	cfg.cert_path = o->cert_path;
	cfg.chain_path = o->chain_path;
	cfg.passphrase = o->passphrase;
	cfg.allow_insecure_key = o->allow_insecure_key;
	cfg.pkcs11_module = o->pkcs11_module;
	if (signer_load(&x->signer, &cfg, &err) < 0) {
		x->signer = NULL;
		snprintf(x->sign_hold, sizeof x->sign_hold, "the signing key cannot be used: %s",
		         ccsla_error_format(&err, msg, sizeof msg));
		logkv("signing", "status", "unusable", "error", x->sign_hold, NULL);
		return;
	}
	if (signer_validity(x->signer, &from_s, &until_s) < 0) {
		snprintf(x->sign_hold, sizeof x->sign_hold, "the signing certificate's validity cannot be read");
		logkv("signing", "status", "unusable", "error", x->sign_hold, NULL);
		return;
	}
	rfc3339_format_utc(from_s * 1000, a, sizeof a);
	rfc3339_format_utc(until_s * 1000, b, sizeof b);
	rfc3339_format_utc(o->created_s * 1000, t, sizeof t);
	if (o->created_s < from_s)
		snprintf(x->sign_hold, sizeof x->sign_hold,
		         "the signing certificate is valid from %s to %s, not yet at the signing time %s; "
		         "to replay a past date set SOURCE_DATE_EPOCH to a time inside the certificate's validity "
		         "or sign with a certificate valid then (a backdated test certificate, README "
		         "'The nightly run'); otherwise check the clock",
		         a, b, t);
	else if (o->created_s > until_s)
		snprintf(x->sign_hold, sizeof x->sign_hold,
		         "the signing certificate expired at %s, before the signing time %s: renew it", b, t);
	if (x->sign_hold[0]) {
		logkv("signing", "status", "not valid at the signing time", "error", x->sign_hold, NULL);
		return;
	}
	if (until_s <= now_s) { /* valid at a SOURCE_DATE_EPOCH before it expired */
		snprintf(x->warning, sizeof x->warning,
		         "the signing certificate expired at %s, before this run; reports are signed at %s: renew it", b, t);
		logkv("warning", "what", "certificate expired", "not_after", b, "fingerprint", signer_fingerprint(x->signer),
		      NULL);
	} else if (until_s - now_s < 30 * 86400) {
		char days[24];
		snprintf(days, sizeof days, "%" PRId64, (until_s - now_s) / 86400);
		snprintf(x->warning, sizeof x->warning,
		         "the signing certificate expires at %s, in %s days: renew it before then, or finals wait", b, days);
		logkv("warning", "what", "certificate expires", "not_after", b, "days_left", days, "fingerprint",
		      signer_fingerprint(x->signer), NULL);
	}
}

/* The client named on a contract file's "client:" line; "" when none.
 * Used only for a file that does not load, to hold that client's reports. */
static void contract_file_client(const char *path, char *out, size_t size)
{
	FILE *fp = fopen(path, "r");
	char line[512];

	out[0] = '\0';
	if (!fp)
		return;
	while (fgets(line, sizeof line, fp)) {
		char *p = line + strspn(line, " \t"), *e;
		if (strncmp(p, "client:", 7) != 0)
			continue;
		p += 7;
		p += strspn(p, " \t\"'");
		e = p + strcspn(p, " \t\"'#\r\n");
		if (e > p && (size_t)(e - p) < size) {
			memcpy(out, p, (size_t)(e - p));
			out[e - p] = '\0';
		}
		break;
	}
	fclose(fp);
}

/* -1 when out of memory: the caller then does nothing at all, since a
 * client that should be held would be reported from the wrong terms. */
static int hold_client(struct nightly_ctx *x, const char *client, const char *why)
{
	struct nightly_held *h;
	size_t i;

	for (i = 0; i < x->nheld; i++)
		if (!strcmp(x->held[i].client, client))
			return 0;
	if (!(h = realloc(x->held, (x->nheld + 1) * sizeof *h)))
		return -1;
	x->held = h;
	snprintf(h[x->nheld].client, sizeof h[0].client, "%s", client);
	snprintf(h[x->nheld].why, sizeof h[0].why, "%s", why);
	x->nheld++;
	return 0;
}

/* Contract problems: each is an event; the client of a file that does not
 * load (named on its "client:" line), and a client with overlapping
 * versions, is held (no report of it is made: which version applies is not
 * known); the others go on. -1 when out of memory. */
static int contract_problems(struct nightly_ctx *x, const struct contract_set *set,
                             const struct contract_diags *diags)
{
	char msg[1024], client[128];
	size_t k, i, j;
	int rc = 0;

	for (k = 0; k < diags->count; k++) {
		const struct ccsla_error *d = &diags->items[k];
		int loaded = 0;
		ccsla_error_format(d, msg, sizeof msg);
		client[0] = '\0';
		for (i = 0; i < set->count && !loaded; i++)
			if ((loaded = !strcmp(set->items[i].path, d->file)))
				snprintf(client, sizeof client, "%s", set->items[i].client);
		if (!loaded && d->file[0])
			contract_file_client(d->file, client, sizeof client);
		logkv("contract", "client", client[0] ? client : "unknown (no client line)", "error", msg, NULL);
		if (client[0] && hold_client(x, client, msg) < 0)
			rc = -1;
		x->problems = 1;
	}
	for (i = 0; i < set->count; i++)
		for (j = 0; j < i; j++)
			if (!strcmp(set->items[i].client, set->items[j].client) &&
			    set->items[i].effective_day <= set->items[j].until_day &&
			    set->items[j].effective_day <= set->items[i].until_day &&
			    hold_client(x, set->items[i].client, "overlapping contract versions (see ccsla contract check)") < 0)
				rc = -1;
	return rc;
}

/* Step 3: each client once, in the order of the contract files. A client's
 * failure is its event and manifest object; the others are done. */
static void nightly_clients(struct nightly_ctx *x)
{
	const struct contract *c;
	struct ccsla_error err;
	size_t k, i;

	jsonw_key(x->manifest, "reports");
	jsonw_array_begin(x->manifest);
	for (k = 0; (c = contract_set_next_client(x->contracts, &k));) {
		const char *held = NULL;
		for (i = 0; i < x->nheld; i++)
			if (!strcmp(x->held[i].client, c->client))
				held = x->held[i].why;
		if (held) {
			logkv("report", "client", c->client, "kind", "held", "detail", held, NULL);
			jsonw_object_begin(x->manifest);
			jsonw_kv_string(x->manifest, "client", c->client);
			jsonw_kv_string(x->manifest, "kind", "held");
			jsonw_kv_string(x->manifest, "detail", held);
			jsonw_object_end(x->manifest);
			continue;
		}
		ccsla_error_clear(&err);
		nightly_client(x, c->client, &err);
	}
	/* a held client without any contract that loaded */
	for (i = 0; i < x->nheld; i++) {
		int known = 0;
		for (k = 0; k < x->contracts->count && !known; k++)
			known = !strcmp(x->contracts->items[k].client, x->held[i].client);
		if (known)
			continue;
		logkv("report", "client", x->held[i].client, "kind", "held", "detail", x->held[i].why, NULL);
		jsonw_object_begin(x->manifest);
		jsonw_kv_string(x->manifest, "client", x->held[i].client);
		jsonw_kv_string(x->manifest, "kind", "held");
		jsonw_kv_string(x->manifest, "detail", x->held[i].why);
		jsonw_object_end(x->manifest);
	}
	jsonw_array_end(x->manifest);
	/* every month looked at: rebuilt and why, or skipped and why */
	jsonw_key(x->manifest, "months");
	jsonw_array_begin(x->manifest);
	for (i = 0; i < x->nnotes; i++) {
		const struct nightly_month_note *n = &x->notes[i];
		jsonw_object_begin(x->manifest);
		jsonw_kv_string(x->manifest, "client", n->client);
		jsonw_kv_string(x->manifest, "period", n->period);
		jsonw_kv_string(x->manifest, "action", n->action);
		jsonw_kv_string(x->manifest, "why", n->why);
		jsonw_object_end(x->manifest);
	}
	jsonw_array_end(x->manifest);
}

/* The caches (the evidence's and the figures') keep the days of this
 * month and the one before (whose final the first nights build); older
 * days would be used only by a revision, which measures and writes them
 * again. */
static void prune_caches(struct nightly_ctx *x)
{
	int y, m, d;
	long removed, figures;
	char n[24];

	days_to_civil(x->opt->now_ms / MS_PER_DAY, &y, &m, &d);
	if (--m < 1)
		m = 12, y--;
	removed = evidence_cache_prune(x->opt->state_dir, civil_to_days(y, m, 1));
	figures = metrics_daycache_prune(x->opt->state_dir, civil_to_days(y, m, 1));
	removed = (removed > 0 ? removed : 0) + (figures > 0 ? figures : 0);
	if (removed > 0) {
		snprintf(n, sizeof n, "%ld", removed);
		logkv("cache", "removed", n, "kept", "this month and the one before", NULL);
	}
}

int nightly_run(const struct nightly_options *opt)
{
	struct nightly_ctx x;
	struct contract_set set = { NULL, 0 };
	struct contract_diags diags = { NULL, 0, 0 };
	struct ccsla_error err;
	struct atomic_file manifest;
	struct jsonw j;
	char path[4400], stamp[32], msg[1024], now[40];
	int lock, rc = EXIT_IO, manifest_open = 0;
	time_t started = time(NULL);
	struct tm tm;

	memset(&x, 0, sizeof x);
	x.opt = opt;
	x.contracts = &set;
	x.manifest = &j;
	ccsla_error_clear(&err);
	if ((lock = state_lock(opt->state_dir, &err)) < 0) {
		logkv("locked", "error", ccsla_error_format(&err, msg, sizeof msg), NULL);
		return lock == -2 ? EXIT_LOCKED : EXIT_IO;
	}
	if (contract_set_load_dir(&set, opt->contracts_dir, &diags) < 0 || diags.count) {
		if (contract_problems(&x, &set, &diags) < 0) {
			logkv("failed", "error", "out of memory while reading the contract problems; nothing was done", NULL);
			rc = EXIT_IO;
			goto out;
		}
		if (!set.count) {
			logkv("failed", "error", "no contract could be loaded (see ccsla contract check); nothing was done", NULL);
			rc = EXIT_DATA;
			goto out;
		}
	}
	check_signer(&x);
	snprintf(path, sizeof path, "%s/runs", opt->out_dir);
	if (publish_mkdirs(opt->out_dir, path, &err) != 0)   /* not a planted link */
		goto fail;
	clean_runs_dir(path);
	gmtime_r(&started, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
	snprintf(path, sizeof path, "%s/runs/%s-%ld.json", opt->out_dir, stamp, (long)getpid());
	if (atomic_open(&manifest, path, &err) != 0)
		goto fail;
	manifest_open = 1;
	jsonw_init(&j, manifest.fp);
	jsonw_object_begin(&j);
	jsonw_kv_string(&j, "format", "ccsla-run-1");
	jsonw_kv_string(&j, "software", "ccsla " CCSLA_VERSION);
	rfc3339_format_utc(opt->now_ms, now, sizeof now);
	jsonw_kv_string(&j, "run_at", now);
	jsonw_kv_int(&j, "close_after_days", opt->close_after_days);
	jsonw_kv_string(&j, "signing", x.signer ? signer_fingerprint(x.signer) : x.sign_hold[0] ? "unusable" : "no key configured");
	/* the same line as each signed report's fingerprint.txt */
	jsonw_kv_string(&j, "signer_fingerprint", x.signer ? signer_fingerprint(x.signer) : "");
	if (x.sign_hold[0])
		jsonw_kv_string(&j, "signing_problem", x.sign_hold);
	if (x.warning[0])
		jsonw_kv_string(&j, "warning", x.warning);
	logkv("start", "now", now, "landing", opt->landing_dir, "state", opt->state_dir, "out", opt->out_dir, NULL);
	if (nightly_ingest(&x, &err) != 0)
		goto fail;
	nightly_clients(&x);
	prune_caches(&x);
	jsonw_kv_string(&j, "result", x.failed ? "not all done: a client's work failed (see events)"
	                              : x.problems ? "done, with problems (see events)" : "done");
	jsonw_object_end(&j);
	jsonw_finish(&j);
	manifest_open = 0;
	if (atomic_commit(&manifest, &err) != 0)
		goto fail;
	logkv("done", "manifest", path, "problems", x.failed ? "failed" : x.problems ? "yes" : "no", NULL);
	rc = x.failed ? EXIT_IO : x.problems ? EXIT_DATA : EXIT_OK;
	goto out;
fail:
	if (manifest_open)
		atomic_abort(&manifest);
	logkv("failed", "error", ccsla_error_format(&err, msg, sizeof msg), NULL);
	rc = EXIT_IO;
out:
	if (x.signer)
		signer_free(x.signer);
	registry_free(&x.reg);
	free(x.held);
	free(x.notes);
	contract_diags_release(&diags);
	contract_set_release(&set);
	state_unlock(lock);
	return rc;
}
