/* cmd_ingest.c -- `ccsla ingest`: read canonical logs into the record store
 * and print the reconciliation (the run itself is ingest.c). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "adapters/adapter_ingest.h"
#include "core/error.h"
#include "ingest/ingest.h"
#include "ingest/opskind.h"
#include "nightly/landing.h"
#include "nightly/lock.h"
#include "cli.h"

/* "4G", "512M", "64K" or bytes; 0 on error. */
static uint64_t parse_size(const char *s)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s || s[0] == '-')
		return 0;
	switch (*end) {
	case 'K': v <<= 10; end++; break;
	case 'M': v <<= 20; end++; break;
	case 'G': v <<= 30; end++; break;
	default: break;
	}
	return *end ? 0 : (uint64_t)v;
}

/* CCSLA_TIMING=1: where the time goes (wall and CPU), for the benchmark. */
static void print_timing(const char *phase)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	fprintf(stderr, "timing: %s done at %.3f s wall (monotonic), %.3f s cpu\n", phase,
	        (double)ts.tv_sec + ts.tv_nsec / 1e9, (double)clock() / CLOCKS_PER_SEC);
}

static void print_row(const char *name, const struct registry_entry *e, const char *status)
{
	printf("%-28s %10" PRId64 " %10" PRId64 " %11" PRId64 " %10" PRId64 " %8" PRId64 "  %s\n",
	       name, e->rows_read, e->accepted, e->quarantined, e->duplicates, e->updates, status);
}

static void print_report(struct ingest_run *run, const char *state_dir)
{
	struct registry_entry total;
	int holds = 1;

	memset(&total, 0, sizeof total);
	printf("%-28s %10s %10s %11s %10s %8s  %s\n", "file", "rows read", "accepted", "quarantined",
	       "duplicates", "updates", "status");
	for (size_t i = 0; i < ingest_file_count(run); i++) {
		const struct ingest_file *f = ingest_file_at(run, i);
		const struct registry_entry *e = &f->reg;

		if (f->skipped) {
			printf("%-28s %10s %10s %11s %10s %8s  already ingested (file %" PRIu32 ")\n",
			       e->name, "-", "-", "-", "-", "-", f->skipped_as);
			continue;
		}
		print_row(e->name, e, e->damaged ? "DAMAGED" : "ok");
		holds &= e->rows_read == e->accepted + e->quarantined + e->duplicates;
		total.rows_read += e->rows_read;
		total.accepted += e->accepted;
		total.quarantined += e->quarantined;
		total.duplicates += e->duplicates;
		total.updates += e->updates;
	}
	print_row("total", &total, "");
	holds &= total.rows_read == total.accepted + total.quarantined + total.duplicates;
	printf("reconciliation: rows read = accepted + quarantined + duplicates: %s\n",
	       holds ? "holds" : "DOES NOT HOLD");
	if (ingest_summary_path(run)[0])
		printf("summary: %s/%s\n", state_dir, ingest_summary_path(run));
	else
		printf("summary: none (every file was already ingested; %s is unchanged)\n", state_dir);
	if (ingest_quarantine_path(run)[0])
		printf("quarantine: %s/%s\n", state_dir, ingest_quarantine_path(run));
}

/* Adds the inputs named by one argument: a file, or a directory's
 * *.csv.gz files in name order. */
static int collect(const char *arg, char ***paths, size_t *n, size_t *cap, struct ccsla_error *err)
{
	struct stat st;
	struct landing_list list;
	size_t add = 1;

	if (stat(arg, &st) != 0)
		return ccsla_error_set(err, arg, 0, NULL, "cannot read: %s", strerror(errno));
	if (S_ISDIR(st.st_mode)) {
		if (landing_list(&list, arg, ".csv.gz", err) != 0)
			return -1;
		add = list.count;
	}
	if (*n + add > *cap) {
		size_t ncap = (*n + add) * 2;
		char **np = realloc(*paths, ncap * sizeof *np);
		if (!np) {
			if (S_ISDIR(st.st_mode))
				landing_free(&list);
			return ccsla_error_set(err, arg, 0, NULL, "out of memory");
		}
		*paths = np;
		*cap = ncap;
	}
	if (!S_ISDIR(st.st_mode)) {
		(*paths)[(*n)++] = strdup(arg);
		return (*paths)[*n - 1] ? 0 : ccsla_error_set(err, arg, 0, NULL, "out of memory");
	}
	for (size_t i = 0; i < list.count; i++)
		if (!((*paths)[(*n)++] = strdup(list.files[i].path))) {
			landing_free(&list);
			return ccsla_error_set(err, arg, 0, NULL, "out of memory");
		}
	landing_free(&list);
	return 0;
}

static int run(int argc, char **argv)
{
	const char *state_dir = NULL, *format = "canonical";
	const struct adapter *adapter = NULL;    /* --format NAME other than canonical */
	struct adapter_opts aopts = { 0 };
	char **adapter_paths = NULL;
	size_t *adapter_files = NULL;
	int n_adapter = 0;
	struct ingest_options opts = { 0, 0, 1, NULL };
	struct ingest_run *ir = NULL;
	struct ccsla_error err;
	char **paths = NULL, msg[1024];
	size_t npaths = 0, cap = 0;
	int i, lock = -1, rc = EXIT_IO, problems = 0;

	ccsla_error_clear(&err);
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--") == 0) {
			i++;
			break;
		}
		if (a[0] != '-' || a[1] == '\0')
			break;
		if (i + 1 >= argc)
			return cli_usage_error(argv[0], "option '%s' needs a value", a);
		if (strcmp(a, "--state") == 0) {
			state_dir = argv[++i];
		} else if (strcmp(a, "--max-expand") == 0) {
			if (!(opts.max_expand = parse_size(argv[++i])))
				return cli_usage_error(argv[0], "--max-expand wants a size such as 4G or 512M, not '%s'", argv[i]);
		} else if (strcmp(a, "--max-row") == 0) {
			uint64_t v = parse_size(argv[++i]);
			if (v < 256 || v > (64u << 20))
				return cli_usage_error(argv[0], "--max-row wants 256 to 64M bytes, not '%s'", argv[i]);
			opts.max_row = (size_t)v;
		} else if (strcmp(a, "--format") == 0) {
			format = argv[++i];
		} else if (strcmp(a, "--kind") == 0) {
			opts.kind = argv[++i];
			if (strcmp(opts.kind, "interaction") != 0 && !ops_kind_find(opts.kind))
				return cli_usage_error(argv[0], "unknown --kind '%s' (interaction, forecast, agent-state, outage, quality, complaint)",
				                       opts.kind);
		} else if (strcmp(a, "--client") == 0) {
			aopts.client_id = argv[++i];
		} else if (strcmp(a, "--tz") == 0) {
			aopts.tz_name = argv[++i];
		} else if (strcmp(a, "--queue-map") == 0) {
			aopts.queue_map = argv[++i];
		} else if (strcmp(a, "--profile") == 0) {
			aopts.profile = argv[++i];
		} else {
			return cli_usage_error(argv[0], "unknown option '%s'", a);
		}
	}
	if (!state_dir)
		return cli_usage_error(argv[0], "--state DIR is required");
	if (aopts.profile && strcmp(format, "canonical") != 0 && strcmp(format, "profile") != 0)
		return cli_usage_error(argv[0], "--profile reads a flat export; it does not go with --format %s", format);
	if (aopts.profile)
		format = "profile";
	if (opts.kind && strcmp(format, "canonical") != 0)
		return cli_usage_error(argv[0], "--kind is for canonical logs, not with --format %s", format);
	if (strcmp(format, "canonical") != 0 && !(adapter = adapter_find(format)))
		return cli_usage_error(argv[0], "unknown --format '%s' (known: canonical, asterisk, technion, genesys-cloud, amazon-connect; --profile FILE for a flat export)", format);
	if (adapter && adapter_check_opts(adapter, &aopts, &err) != 0)
		return cli_usage_error(argv[0], "%s", err.msg);
	if (i >= argc)
		return cli_usage_error(argv[0], "name at least one FILE or DIR to ingest");
	for (; i < argc; i++)
		if (collect(argv[i], &paths, &npaths, &cap, &err) != 0)
			goto fail;
	if ((lock = state_lock(state_dir, &err)) < 0) {
		rc = lock == -2 ? EXIT_LOCKED : EXIT_IO;
		goto fail;
	}
	if (getenv("CCSLA_TIMING"))
		print_timing("start");
	if (ingest_open(&ir, state_dir, &opts, &err) != 0)
		goto fail;
	if (adapter && (!(adapter_paths = calloc(npaths, sizeof *adapter_paths)) ||
	                !(adapter_files = calloc(npaths, sizeof *adapter_files)))) {
		ccsla_error_set(&err, NULL, 0, NULL, "out of memory");
		goto fail;
	}
	for (size_t k = 0; k < npaths; k++) {
		size_t file;
		int added = adapter ? ingest_add_plain_file(ir, paths[k], &file, &err)
		                    : ingest_add_file(ir, paths[k], &file, &err);
		const struct ingest_file *f;

		if (added < 0)
			goto fail;
		f = ingest_file_at(ir, file);
		if (added == 1) {
			fprintf(stderr, "ccsla ingest: %s: already ingested as file %" PRIu32 " (sha256 %.16s...), nothing to do\n",
			        paths[k], f->skipped_as, f->reg.sha256);
			continue;
		}
		if (adapter) {
			/* read below, all files as one input (calls split across files) */
			adapter_paths[n_adapter] = paths[k];
			adapter_files[n_adapter++] = file;
			continue;
		}
		if (ingest_read_canonical(ir, file, &err) != 0)
			goto fail;
		f = ingest_file_at(ir, file);
		for (size_t c = 0; c < f->nignored; c++)
			fprintf(stderr, "ccsla ingest: %s: column '%s' is not in the canonical log; ignored\n",
			        paths[k], f->ignored[c]);
		if (f->reg.damaged)
			fprintf(stderr, "ccsla ingest: %s: damaged: %s; the %" PRId64 " rows before it are kept\n",
			        paths[k], f->reg.damage, f->reg.rows_read);
	}
	if (adapter && adapter_ingest(ir, adapter, &aopts, adapter_paths, adapter_files, n_adapter,
	                              stdout, &err) != 0)
		goto fail;
	for (int k = 0; adapter && k < n_adapter; k++) {
		const struct ingest_file *f = ingest_file_at(ir, adapter_files[k]);
		if (f->reg.damaged)
			fprintf(stderr, "ccsla ingest: %s: damaged: %s; the file is not read, the other files are\n",
			        adapter_paths[k], f->reg.damage);
	}
	if (getenv("CCSLA_TIMING"))
		print_timing("read");
	if (ingest_commit(ir, &err) != 0)
		goto fail;
	if (getenv("CCSLA_TIMING"))
		print_timing("commit");
	print_report(ir, state_dir);
	for (size_t k = 0; k < ingest_file_count(ir); k++) {
		const struct ingest_file *f = ingest_file_at(ir, k);
		problems |= !f->skipped && (f->reg.damaged || f->reg.quarantined > 0);
	}
	rc = problems ? EXIT_DATA : EXIT_OK;
	goto out;
fail:
	fprintf(stderr, "ccsla ingest: %s\n", ccsla_error_format(&err, msg, sizeof msg));
	if (rc == EXIT_OK || rc == EXIT_DATA)
		rc = EXIT_IO;
out:
	ingest_close(ir);
	state_unlock(lock);
	for (size_t k = 0; k < npaths; k++)
		free(paths[k]);
	free(paths);
	free(adapter_paths);
	free(adapter_files);
	return rc;
}

const struct command cmd_ingest_def = {
	"ingest", run,
	"ccsla ingest --state DIR [--max-expand SIZE] [--max-row BYTES] [--format NAME | --profile FILE] [--kind KIND] FILE_OR_DIR...",
	"read canonical interaction and operations logs (*.csv.gz) into the record store",
	"Reads each FILE, or each DIR/*.csv.gz in name order, as a canonical\n"
	"interaction log (pipeline/ingest/FORMAT.md in the sources): gzip members back to\n"
	"back, RFC 4180 CSV, header by name, every field checked. Accepted rows go\n"
	"to the record store DIR/store/<client>/<YYYY-MM-DD>.ccs (UTC day of\n"
	"arrived_at); rejected rows to DIR/quarantine/run-NNNNNN.csv (source_file,\n"
	"line, column, reason, raw_row). A file whose SHA-256 was ingested before is\n"
	"skipped; when every file was, nothing in DIR changes (no run, no summary).\n"
	"A file that does not start with the gzip magic is refused before it is read\n"
	"or hashed. Prints per file and in total: rows read = accepted + quarantined +\n"
	"duplicates, and writes it to DIR/ingest/summary-NNNNNN.json; the files are\n"
	"listed in DIR/ingest/registry.tsv.\n"
	"\n"
	"Operations logs (forecast, agent-state, outage, quality, complaint: README\n"
	"\"Operations logs\") are read the same way; the header's columns say the\n"
	"kind. Their rows go to DIR/ops/<kind>/<client>/<YYYY-MM-DD>.tsv (UTC day of\n"
	"interval_start, started_at, evaluated_at or received_at; rows without a\n"
	"client_id under @shared), deduplicated on the kind's key. An outage row\n"
	"that fills ended_at (or note) of a stored one of the same incident, or a\n"
	"complaint row that fills acknowledged_at or resolved_at of a stored case,\n"
	"replaces it (an update); one that changes a filled field is quarantined\n"
	"as a conflict.\n"
	"\n"
	"Options:\n"
	"  --state DIR         the state directory (created when missing)\n"
	"  --max-expand SIZE   stop a file that decompresses to more than SIZE\n"
	"                      bytes (K, M, G suffixes; default 4G): gzip bombs\n"
	"  --max-row BYTES     longest accepted CSV row (default 64K)\n"
	"  --format NAME       canonical (default), or an adapter of `ccsla convert`\n"
	"                      (asterisk, technion, genesys-cloud, amazon-connect):\n"
	"                      the files are read as one input\n"
	"                      and each rejected record is quarantined with its line\n"
	"  --profile FILE      a flat CSV export mapped by the import profile FILE\n"
	"                      (README \"Import profiles\"; fixtures/profiles/); an\n"
	"                      export lacking a column the profile needs is damaged\n"
	"                      and not read, the other files are (exit 1)\n"
	"  --kind KIND         every file is this kind: interaction, forecast,\n"
	"                      agent-state, outage, quality or complaint\n"
	"                      (default: each file's header says)\n"
	"  --client ID, --tz ZONE, --queue-map FILE\n"
	"                      the adapter's options (ccsla help convert)\n",
	"rows were quarantined or an input file is damaged (the rows\n"
	"     before the damage are kept; see the summary)",
	1,
};
