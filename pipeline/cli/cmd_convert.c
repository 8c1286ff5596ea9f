/* cmd_convert.c -- `ccsla convert`: a real source format to a canonical
 * .csv.gz through one adapter, with the adapter's reconciliation printed
 * and written to a summary JSON beside the output. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adapters/adapter.h"
#include "core/error.h"
#include "core/fsutil.h"
#include "core/jsonw.h"
#include "ingest/canon_write.h"
#include "cli.h"

/* Rejected records kept for the summary JSON; all of them are printed to
 * stderr as they come, so the cap only bounds memory. */
#define REJECTS_KEPT 1000

struct reject_item {
	const char *reason;
	struct ccsla_error where;
};

struct convert_ctx {
	struct canon_writer w;
	struct reject_item *rejects;
	size_t n_rejects;
};

static int emit_row(void *ctx, const struct contact *c, struct ccsla_error *err)
{
	struct convert_ctx *x = ctx;

	return canon_write_contact(&x->w, c, err);
}

static void report_reject(void *ctx, const char *reason, const struct ccsla_error *where)
{
	struct convert_ctx *x = ctx;
	char buf[1024];

	fprintf(stderr, "ccsla convert: rejected: %s\n", ccsla_error_format(where, buf, sizeof buf));
	if (x->n_rejects < REJECTS_KEPT && x->rejects) {
		x->rejects[x->n_rejects].reason = reason;
		x->rejects[x->n_rejects].where = *where;
		x->n_rejects++;
	}
}

static void json_reasons(struct jsonw *j, const char *key, const struct adapter_reason *r, int n)
{
	jsonw_key(j, key);
	jsonw_object_begin(j);
	for (int i = 0; i < n; i++)
		jsonw_kv_int(j, r[i].name, r[i].count);
	jsonw_object_end(j);
}

static void json_string_or_null(struct jsonw *j, const char *key, const char *s)
{
	jsonw_key(j, key);
	if (s)
		jsonw_string(j, s);
	else
		jsonw_null(j);
}

static int write_summary(const char *path, const char *adapter, const struct adapter_opts *o,
                         char *const *files, int n_files, const char *out,
                         const struct convert_ctx *x, const struct adapter_stats *s,
                         struct ccsla_error *err)
{
	struct atomic_file af;
	struct jsonw j;

	if (atomic_open(&af, path, err) != 0)
		return -1;
	jsonw_init(&j, af.fp);
	jsonw_object_begin(&j);
	jsonw_kv_string(&j, "adapter", adapter);
	json_string_or_null(&j, "client", o->client_id);
	json_string_or_null(&j, "tz", o->tz_name);
	json_string_or_null(&j, "queue_map", o->queue_map);
	json_string_or_null(&j, "profile", o->profile);
	jsonw_key(&j, "inputs");
	jsonw_array_begin(&j);
	for (int i = 0; i < n_files; i++)
		jsonw_string(&j, files[i]);
	jsonw_array_end(&j);
	jsonw_kv_string(&j, "output", out);
	jsonw_kv_string(&j, "unit", s->unit);
	jsonw_kv_int(&j, "read", s->read);
	jsonw_kv_int(&j, "used", s->used);
	jsonw_kv_int(&j, "contacts", s->produced);
	jsonw_kv_int(&j, "skipped", s->skipped);
	jsonw_kv_int(&j, "rejected", s->rejected);
	jsonw_key(&j, "reconciled");
	jsonw_bool(&j, adapter_reconciles(s));
	json_reasons(&j, "skipped_by_reason", s->skip, s->n_skip);
	json_reasons(&j, "rejected_by_reason", s->reject, s->n_reject);
	jsonw_key(&j, "contacts_by_outcome");
	jsonw_object_begin(&j);
	for (int o2 = 0; o2 < OUT_COUNT; o2++)
		jsonw_kv_int(&j, outcome_name(o2), s->outcomes[o2]);
	jsonw_object_end(&j);
	jsonw_kv_int(&j, "incomplete_calls", s->incomplete);
	jsonw_kv_int(&j, "answered_without_end", s->unfinished);
	jsonw_key(&j, "rejects");
	jsonw_array_begin(&j);
	for (size_t i = 0; i < x->n_rejects; i++) {
		const struct ccsla_error *w = &x->rejects[i].where;
		jsonw_object_begin(&j);
		jsonw_kv_string(&j, "file", w->file);
		jsonw_kv_int(&j, "line", w->line);
		jsonw_kv_string(&j, "field", w->field);
		jsonw_kv_string(&j, "reason", x->rejects[i].reason);
		jsonw_kv_string(&j, "message", w->msg);
		jsonw_object_end(&j);
	}
	jsonw_array_end(&j);
	jsonw_kv_int(&j, "rejects_listed", (int64_t)x->n_rejects);
	jsonw_object_end(&j);
	if (jsonw_finish(&j) != 0) {
		atomic_abort(&af);
		return ccsla_error_set(err, path, 0, NULL, "write failed");
	}
	return atomic_commit(&af, err);
}

/* out.csv.gz -> out.summary.json (else out + ".summary.json"). */
static void summary_path(const char *out, char *buf, size_t size)
{
	size_t n = strlen(out);
	const char *ext = ".csv.gz";

	if (n > strlen(ext) && strcmp(out + n - strlen(ext), ext) == 0)
		snprintf(buf, size, "%.*s.summary.json", (int)(n - strlen(ext)), out);
	else
		snprintf(buf, size, "%s.summary.json", out);
}

static int run(int argc, char **argv)
{
	const char *name = argv[0], *from = NULL, *out = NULL, *summary = NULL;
	struct adapter_run ar;
	const struct adapter *a;
	struct convert_ctx x;
	struct ccsla_error err;
	char **files = NULL, sum_buf[4096], buf[1024];
	int n_files = 0, ret = EXIT_IO, have_writer = 0;

	memset(&ar, 0, sizeof ar);
	memset(&x, 0, sizeof x);
	ccsla_error_clear(&err);
	if (!(files = calloc(argc, sizeof *files)))
		goto fail;
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		const char **opt = NULL;
		if (strcmp(arg, "--from") == 0)
			opt = &from;
		else if (strcmp(arg, "--client") == 0)
			opt = &ar.opts.client_id;
		else if (strcmp(arg, "--tz") == 0)
			opt = &ar.opts.tz_name;
		else if (strcmp(arg, "--queue-map") == 0)
			opt = &ar.opts.queue_map;
		else if (strcmp(arg, "--profile") == 0)
			opt = &ar.opts.profile;
		else if (strcmp(arg, "--out") == 0)
			opt = &out;
		else if (strcmp(arg, "--summary") == 0)
			opt = &summary;
		else if (strcmp(arg, "--") == 0) {
			while (++i < argc)
				files[n_files++] = argv[i];
			break;
		} else if (arg[0] == '-' && arg[1]) {
			ret = cli_usage_error(name, "unknown option '%s'", arg);
			goto fail;
		} else {
			files[n_files++] = argv[i];
			continue;
		}
		if (i + 1 >= argc) {
			ret = cli_usage_error(name, "option '%s' needs a value", arg);
			goto fail;
		}
		*opt = argv[++i];
	}
	if (ar.opts.profile && from && strcmp(from, "profile") != 0) {
		ret = cli_usage_error(name, "--profile reads a flat export; it does not go with --from %s", from);
		goto fail;
	}
	if (ar.opts.profile)
		from = "profile";
	if (!from) {
		ret = cli_usage_error(name, "--from NAME or --profile FILE is required (adapters: asterisk, technion, genesys-cloud, amazon-connect)");
		goto fail;
	}
	if (!(a = adapter_find(from))) {
		ret = cli_usage_error(name, "no adapter '%s' (adapters: asterisk, technion, genesys-cloud, amazon-connect)", from);
		goto fail;
	}
	if (!out) {
		ret = cli_usage_error(name, "--out FILE.csv.gz is required");
		goto fail;
	}
	if (n_files == 0) {
		ret = cli_usage_error(name, "no input files");
		goto fail;
	}
	if (adapter_check_opts(a, &ar.opts, &err) != 0) {
		ret = cli_usage_error(name, "%s", err.msg);
		goto fail;
	}
	if (!summary) {
		summary_path(out, sum_buf, sizeof sum_buf);
		summary = sum_buf;
	}
	/* The summary shows what was used, defaults included. */
	if (!ar.opts.client_id)
		ar.opts.client_id = a->default_client;
	if (!ar.opts.tz_name)
		ar.opts.tz_name = a->default_tz;
	x.rejects = calloc(REJECTS_KEPT, sizeof *x.rejects);
	if (!x.rejects)
		goto fail;
	ar.sink.emit = emit_row;
	ar.sink.reject = report_reject;
	ar.sink.ctx = &x;
	adapter_run_init(&ar, "records");
	if (canon_write_open(&x.w, out, &err) != 0)
		goto report;
	have_writer = 1;
	if (a->convert(&ar, files, n_files, &err) != 0)
		goto report;
	have_writer = 0;
	if (canon_write_commit(&x.w, &err) != 0)
		goto report;
	if (write_summary(summary, a->name, &ar.opts, files, n_files, out, &x, &ar.stats, &err) != 0)
		goto report;
	adapter_print_stats(stdout, a->name, &ar.stats);
	printf("wrote %s (%lld contacts) and %s\n", out, (long long)ar.stats.produced, summary);
	/* The sums are kept by construction; saying so loudly if they ever
	 * do not is cheaper than a wrong month. */
	if (!adapter_reconciles(&ar.stats))
		ret = EXIT_IO;
	else
		ret = ar.stats.rejected ? EXIT_DATA : EXIT_OK;
	goto fail;
report:
	fprintf(stderr, "ccsla %s: %s\n", name, ccsla_error_format(&err, buf, sizeof buf));
	ret = EXIT_IO;
fail:
	if (have_writer)
		canon_write_abort(&x.w);
	free(x.rejects);
	free(files);
	return ret;
}

const struct command cmd_convert_def = {
	"convert", run,
	"ccsla convert (--from NAME | --profile FILE) [--client ID] [--tz ZONE] [--queue-map FILE] FILE... --out FILE.csv.gz",
	"turn a real source format into a canonical interaction log",
	"Reads FILE... (plain or gzip) with the adapter NAME and writes their\n"
	"contacts as a canonical interaction log (defined in the sources'\n"
	"pipeline/ingest/FORMAT.md; man ccsla), which `ccsla ingest` reads. All\n"
	"files are converted as one input, so a call whose events are split\n"
	"across files is joined.\n"
	"\n"
	"Adapters:\n"
	"  asterisk   Asterisk app_queue queue_log: the raw pipe file, or a database\n"
	"             table export (header uid,date_time,callid,queue_name,...)\n"
	"  technion   the Technion \"Anonymous Bank\" call records (1999), one\n"
	"             contact per row; queue TYPE-PRIORITY (PS-2); AGENT with\n"
	"             server NO_SERVER is not answered (abandoned, or deflected\n"
	"             when it never queued)\n"
	"  genesys-cloud   Genesys Cloud analytics conversation details (JSON:\n"
	"             {\"conversations\": [...]} or one conversation a line), one\n"
	"             contact per ACD queue session\n"
	"  amazon-connect  Amazon Connect contact records (JSON lines, gzip, as\n"
	"             Kinesis Firehose delivers them; a later LastUpdateTimestamp\n"
	"             replaces an earlier delivery)\n"
	"\n"
	"Options:\n"
	"  --from NAME        the adapter (required, or --profile)\n"
	"  --profile FILE     a flat CSV export (NICE CXone, Cisco UCCX, ...) mapped by\n"
	"                     the import profile FILE (README \"Import profiles\"); the\n"
	"                     profile's client_id and timezone, unless --client, --tz\n"
	"  --client ID        client_id of the contacts (technion: default ANONBANK)\n"
	"  --tz ZONE          zone of local times in the source (technion: default\n"
	"                     Asia/Jerusalem)\n"
	"  --queue-map FILE   lines 'QUEUE CLIENT [NAME]': the client of each queue\n"
	"                     (--client, if given, is used for queues not listed);\n"
	"                     NAME, the rest of the line, names a queue the source\n"
	"                     gives only as an id (Genesys queueId)\n"
	"  --out FILE.csv.gz  the canonical output (required; written atomically)\n"
	"  --summary FILE     the summary JSON (default: FILE.summary.json beside --out)\n"
	"\n"
	"Prints the reconciliation: records read = used in contacts + skipped (by\n"
	"reason) + rejected (by reason). Each rejected record is printed to stderr\n"
	"with its file, line and field.\n",
	"records the adapter could not use were rejected (each printed\n"
	"     with its file, line and field)",
	0,
};
