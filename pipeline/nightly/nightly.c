/* nightly.c -- the scheduled run (nightly.h).
 *
 * Order of work, each step durable before the next:
 *   1. lock the state directory;
 *   2. ingest every stable landing file not yet ingested, as one ingest run
 *      (its registry write is the commit point; ingest_open finishes a
 *      commit that a crash interrupted);
 *   3. per client, in contract file order: drafts, finals, revisions
 *      (nightly_month.c);
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
#include "core/timefmt.h"
#include "ingest/ingest.h"
#include "ingest/registry.h"
#include "landing.h"
#include "lock.h"
#include "publish.h"
#include "nightly_internal.h"

#ifndef CCSLA_VERSION
#define CCSLA_VERSION "unknown"
#endif

static void manifest_file(struct jsonw *j, const char *name, const char *status, const char *detail,
                          const struct registry_entry *e)
{
	jsonw_object_begin(j);
	jsonw_kv_string(j, "name", name);
	jsonw_kv_string(j, "status", status);
	if (detail && detail[0])
		jsonw_kv_string(j, "detail", detail);
	if (e) {
		jsonw_kv_string(j, "sha256", e->sha256);
		jsonw_kv_int(j, "rows_read", e->rows_read);
		jsonw_kv_int(j, "accepted", e->accepted);
		jsonw_kv_int(j, "quarantined", e->quarantined);
		jsonw_kv_int(j, "duplicates", e->duplicates);
	}
	jsonw_object_end(j);
}

/* Step 2: the manifest's "inputs" array, one object per landing file. */
static int nightly_ingest(struct nightly_ctx *x, struct ccsla_error *err)
{
	const struct nightly_options *opt = x->opt;
	struct landing_list list = { NULL, 0 };
	struct ingest_options iopts = { 0, 0, 0 };
	struct ingest_run *run = NULL;
	struct jsonw *j = x->manifest;
	char num[32], msg[1024];
	size_t i, added = 0;
	int ret = -1;

	if (landing_list(&list, opt->landing_dir, ".csv.gz", err) != 0)
		return -1;
	if (ingest_open(&run, opt->state_dir, &iopts, err) != 0)
		goto out;
	jsonw_key(j, "inputs");
	jsonw_array_begin(j);
	for (i = 0; i < list.count; i++) {
		const struct landing_file *lf = &list.files[i];
		const struct ingest_file *f;
		size_t file;
		int rc;

		progress_show("ingest", (long)i, (long)list.count);
		rc = landing_is_stable(lf, time(NULL), opt->settle_s);
		if (rc != 1) {
			const char *why = rc == 0 ? "still being written (size or time changed); next run" : "vanished";
			logkv("skip", "file", lf->name, "reason", why, NULL);
			manifest_file(j, lf->name, "skipped", why, NULL);
			continue;
		}
		rc = ingest_add_file(run, lf->path, &file, err);
		if (rc < 0) { /* unreadable: reported, left in place, the rest goes on */
			logkv("unreadable", "file", lf->name, "error", ccsla_error_format(err, msg, sizeof msg), NULL);
			manifest_file(j, lf->name, "unreadable", msg, NULL);
			x->problems = 1;
			continue;
		}
		if (rc == 1) {
			manifest_file(j, lf->name, "already ingested", NULL, NULL);
			continue;
		}
		if (ingest_read_canonical(run, file, err) != 0)
			goto out;
		f = ingest_file_at(run, file);
		added++;
		snprintf(num, sizeof num, "%" PRId64, f->reg.rows_read);
		logkv("ingest", "file", lf->name, "rows", num, "damaged", f->reg.damaged ? f->reg.damage : "no", NULL);
		if (f->reg.damaged || f->reg.quarantined)
			x->problems = 1;
		manifest_file(j, lf->name, f->reg.damaged ? "damaged" : "ingested", f->reg.damage, &f->reg);
	}
	progress_end();
	jsonw_array_end(j);
	if (added && ingest_commit(run, err) != 0)
		goto out;
	ret = 0;
out:
	ingest_close(run);
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

static int load_signer(struct nightly_ctx *x, struct ccsla_error *err)
{
	const struct nightly_options *o = x->opt;
	struct signer_config cfg;

	if (!o->key_path && !o->p12_path)
		return 0;
	memset(&cfg, 0, sizeof cfg);
	cfg.key_path = o->key_path;
	cfg.p12_path = o->p12_path;
	cfg.cert_path = o->cert_path;
	cfg.chain_path = o->chain_path;
	cfg.passphrase = o->passphrase;
	cfg.allow_insecure_key = o->allow_insecure_key;
	return signer_load(&x->signer, &cfg, err);
}

/* Step 3: each client once, in the order of the contract files. */
static int nightly_clients(struct nightly_ctx *x, struct ccsla_error *err)
{
	const struct contract *c;
	size_t k;

	jsonw_key(x->manifest, "reports");
	jsonw_array_begin(x->manifest);
	for (k = 0; (c = contract_set_next_client(x->contracts, &k));)
		if (nightly_client(x, c->client, err) < 0)
			return -1;
	jsonw_array_end(x->manifest);
	return 0;
}

int nightly_run(const struct nightly_options *opt)
{
	struct nightly_ctx x;
	struct contract_set set = { NULL, 0 };
	struct contract_diags diags = { NULL, 0, 0 };
	struct registry reg = { 0, NULL, 0, 0 };
	struct ccsla_error err;
	struct atomic_file manifest;
	struct jsonw j;
	char path[4400], stamp[32], msg[1024], now[40];
	int lock, rc = EXIT_IO, manifest_open = 0;
	time_t started = time(NULL);
	struct tm tm;
	size_t k;

	memset(&x, 0, sizeof x);
	x.opt = opt;
	x.contracts = &set;
	x.manifest = &j;
	ccsla_error_clear(&err);
	if ((lock = state_lock(opt->state_dir, &err)) < 0) {
		logkv("locked", "error", ccsla_error_format(&err, msg, sizeof msg), NULL);
		return lock == -2 ? EXIT_LOCKED : EXIT_IO;
	}
	if (contract_set_load_dir(&set, opt->contracts_dir, &diags) < 0 || contract_set_check(&set, &diags) < 0) {
		for (k = 0; k < diags.count; k++)
			logkv("contract", "error", ccsla_error_format(&diags.items[k], msg, sizeof msg), NULL);
		logkv("failed", "error", "contracts have problems (see ccsla contract check); nothing was done", NULL);
		rc = EXIT_DATA;
		goto out;
	}
	if (load_signer(&x, &err) < 0)
		goto fail;
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
	jsonw_kv_string(&j, "signing", x.signer ? signer_fingerprint(x.signer) : "no key configured");
	logkv("start", "now", now, "landing", opt->landing_dir, "state", opt->state_dir, "out", opt->out_dir, NULL);
	if (nightly_ingest(&x, &err) != 0)
		goto fail;
	if (registry_load(&reg, opt->state_dir, &err) < 0)
		goto fail;
	x.ingest_runs = reg.runs;
	registry_free(&reg);
	if (nightly_clients(&x, &err) != 0)
		goto fail;
	jsonw_kv_string(&j, "result", x.problems ? "done, with problems (see events)" : "done");
	jsonw_object_end(&j);
	jsonw_finish(&j);
	manifest_open = 0;
	if (atomic_commit(&manifest, &err) != 0)
		goto fail;
	logkv("done", "manifest", path, "problems", x.problems ? "yes" : "no", NULL);
	rc = x.problems ? EXIT_DATA : EXIT_OK;
	goto out;
fail:
	if (manifest_open)
		atomic_abort(&manifest);
	logkv("failed", "error", ccsla_error_format(&err, msg, sizeof msg), NULL);
	rc = EXIT_IO;
out:
	if (x.signer)
		signer_free(x.signer);
	contract_diags_release(&diags);
	contract_set_release(&set);
	state_unlock(lock);
	return rc;
}
