/* cmd_render.c -- `ccsla render`: the monthly report of every client (or
 * one) into OUT/<client>/<YYYY-MM>/: report.pdf with metrics.csv,
 * credits.csv, manifest.json, report.html and the evidence (contract.yaml,
 * ledger.csv, intervals.csv, contacts.csv.gz) beside it and attached to it.
 *
 * A DRAFT unless --final is asked; a final only for a month that has
 * closed in the contract's zone (its last day plus --close-after-days, as
 * ccsla nightly decides), or with --force. The PDF is unsigned: a final
 * says so on page 1 (reports/compose/render.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "contracts/contract.h"
#include "core/error.h"
#include "core/fsutil.h"
#include "core/timefmt.h"
#include "nightly/lock.h"
#include "reports/compose/report_build.h"
#include "reports/sign/sign.h"
#include "cli.h"

static int render_one(const struct contract *c, const char *state, const char *out, int y, int m,
                      int draft, int64_t created_s, const struct evidence_key *key)
{
	struct report_request rq;
	struct ccsla_error err;
	char dir[4096], id[96], buf[1024];

	memset(&rq, 0, sizeof rq);
	rq.contract = c;
	rq.state_dir = state;
	rq.year = y;
	rq.month = m;
	rq.status = draft ? REPORT_DRAFT : REPORT_FINAL;
	rq.created_epoch_s = created_s;
	rq.pseudonym_key = key;
	snprintf(dir, sizeof dir, "%s/%s/%04d-%02d", out, c->client, y, m);
	if (mkdir_p(dir, &err) < 0 || report_build_dir(&rq, dir, id, &err) < 0) {
		fprintf(stderr, "ccsla render: %s: %s\n", c->client, ccsla_error_format(&err, buf, sizeof buf));
		return EXIT_IO;
	}
	if (!key && !draft)
		fprintf(stderr, "ccsla render: %s: no --pseudonym-key: customer and agent ids are withheld from "
		        "contacts.csv.gz, so repeat-contact FCR cannot be recomputed from the report\n", c->client);
	printf("%s %04d-%02d: %s/report.pdf (report %s, %s)\n", c->client, y, m, dir, id,
	       draft ? "DRAFT" : "FINAL, not signed: see ccsla sign");
	return EXIT_OK;
}

/* 1 when the month has closed for c on the local date of now_s: its last
 * day lies close_after_days or more behind (ccsla nightly's rule). */
static int month_closed(const struct contract *c, int y, int m, int64_t now_s, int close_after_days,
                        char closes[11])
{
	int64_t last_day = civil_to_days(y, m, days_in_month(y, m));
	int cy, cm, cd;

	days_to_civil(last_day + close_after_days, &cy, &cm, &cd);
	snprintf(closes, 11, "%04d-%02d-%02d", cy % 10000, cm % 100, cd % 100);
	return tz_local_days(c->zone, now_s * 1000) - last_day >= close_after_days;
}

static int run(int argc, char **argv)
{
	const char *state = NULL, *contracts = NULL, *period = NULL, *client = NULL, *out = "out";
	const char *close_text = NULL, *key_path = NULL;
	struct evidence_key key;
	struct contract_set set = { NULL, 0 };
	struct contract_diags d = { NULL, 0, 0 };
	struct ccsla_error err;
	char buf[1024], closes[11];
	int i, y, m, rc = EXIT_OK, lock_fd = -1, rendered = 0, draft = 0, final = 0, force = 0;
	int close_after_days = 2;
	int64_t first_day, created_s;
	size_t k;
	const struct contract *c;

	for (i = 1; i < argc; i++) {
		const char **slot;

		if (!strcmp(argv[i], "--draft") || !strcmp(argv[i], "--final") || !strcmp(argv[i], "--force")) {
			*(argv[i][2] == 'd' ? &draft : argv[i][3] == 'i' ? &final : &force) = 1;
			continue;
		}
		slot = !strcmp(argv[i], "--state") ? &state :
		       !strcmp(argv[i], "--contracts") ? &contracts :
		       !strcmp(argv[i], "--period") ? &period :
		       !strcmp(argv[i], "--client") ? &client :
		       !strcmp(argv[i], "--close-after-days") ? &close_text :
		       !strcmp(argv[i], "--pseudonym-key") ? &key_path :
		       !strcmp(argv[i], "--out") ? &out : NULL;
		if (!slot)
			return cli_usage_error(argv[0], "unknown option '%s'", argv[i]);
		if (i + 1 >= argc)
			return cli_usage_error(argv[0], "option '%s' needs a value", argv[i]);
		*slot = argv[++i];
	}
	if (!state || !contracts || !period)
		return cli_usage_error(argv[0], "--state, --contracts and --period are required");
	if (month_parse(period, &y, &m) < 0)
		return cli_usage_error(argv[0], "--period '%s' is not a month, expected YYYY-MM", period);
	if (draft && final)
		return cli_usage_error(argv[0], "--draft and --final exclude each other");
	if (force && !final)
		return cli_usage_error(argv[0], "--force goes with --final (a draft needs no force)");
	if (close_text) {
		char *end;
		long v = strtol(close_text, &end, 10);

		if (!*close_text || *end || v < 0 || v > 60)
			return cli_usage_error(argv[0], "--close-after-days '%s' is not a whole number from 0 to 60",
			                       close_text);
		close_after_days = (int)v;
	}
	draft = !final;
	if (key_path && evidence_key_load(key_path, &key, &err) < 0) {
		fprintf(stderr, "ccsla render: %s\n", ccsla_error_format(&err, buf, sizeof buf));
		return EXIT_USAGE;
	}
	if (sign_time_from_env(&created_s, &err) < 0) {
		fprintf(stderr, "ccsla render: %s\n", ccsla_error_format(&err, buf, sizeof buf));
		return EXIT_USAGE;
	}
	first_day = civil_to_days(y, m, 1);
	if (contract_set_load_dir(&set, contracts, &d) < 0) {
		for (k = 0; k < d.count; k++)
			fprintf(stderr, "%s\n", ccsla_error_format(&d.items[k], buf, sizeof buf));
		fprintf(stderr, "ccsla render: contracts have problems (see ccsla contract check); nothing rendered\n");
		rc = EXIT_DATA;
		goto out;
	}
	if ((lock_fd = state_lock(state, &err)) < 0) {
		fprintf(stderr, "ccsla render: %s\n", ccsla_error_format(&err, buf, sizeof buf));
		rc = lock_fd == -2 ? EXIT_LOCKED : EXIT_IO;
		lock_fd = -1;
		goto out;
	}
	for (k = 0; (c = contract_set_next_client(&set, &k));) {
		const struct contract *in_force;

		if (client && strcmp(client, c->client))
			continue;
		if (!(in_force = contract_set_find(&set, c->client, first_day)))
			continue;
		rendered++;
		if (final && !month_closed(in_force, y, m, created_s, close_after_days, closes)) {
			if (!force) {
				fprintf(stderr, "ccsla render: %s: %s has not closed in %s (it closes on %s): no final "
				        "rendered; render a draft, or --final --force\n", in_force->client, period,
				        in_force->timezone, closes);
				if (rc == EXIT_OK)
					rc = EXIT_DATA;
				continue;
			}
			fprintf(stderr, "ccsla render: %s: --force: a final for %s before it closes on %s; data that "
			        "arrives later is not in it\n", in_force->client, period, closes);
		}
		if (render_one(in_force, state, out, y, m, draft, created_s, key_path ? &key : NULL) != EXIT_OK)
			rc = EXIT_IO;
	}
	if (!rendered) {
		snprintf(buf, sizeof buf, "%s-01", period);
		rc = cli_no_contract_in_force(argv[0], &set, contracts, client, buf);
	}
out:
	if (key_path)
		OPENSSL_cleanse(&key, sizeof key);
	if (lock_fd >= 0)
		state_unlock(lock_fd);
	contract_diags_release(&d);
	contract_set_release(&set);
	return rc;
}

const struct command cmd_render_def = {
	"render", run,
	"ccsla render --state DIR --contracts DIR|FILE --period YYYY-MM [--client ID] [--out DIR] [--final [--force]] [--pseudonym-key FILE]",
	"render the monthly service report PDF",
	"Evaluates the month for every client with a contract in force on the\n"
	"period's first day (or --client only) and writes to OUT/<client>/<YYYY-MM>/\n"
	"(OUT defaults to ./out):\n"
	"  report.pdf     the service report (README.md \"The monthly report PDF\"),\n"
	"                 unsigned: see ccsla sign\n"
	"  metrics.csv    every figure of the report with its population counts\n"
	"  credits.csv    the service credits statement\n"
	"  manifest.json  input files with SHA-256 and per-client row digests,\n"
	"                 reconciliation, contract hash\n"
	"  report.html    the same report for a browser or a phone: one\n"
	"                 self-contained file, accessible, the PDF's figures\n"
	"  contract.yaml  the contract version applied, byte for byte\n"
	"  ledger.csv     the earlier months the repeat multiplier, expected\n"
	"                 defaults and earn-back used, and when each month's\n"
	"                 final was issued (report_on_time)\n"
	"  intervals.csv  per SLA and local half-hour, its value and counts\n"
	"  contacts.csv.gz the client's contacts the report counts (canonical\n"
	"                 columns, plus excluded, source_file, source_line)\n"
	"All of them are also attached to the PDF; ccsla verify --recompute\n"
	"recomputes every figure from them.\n"
	"\n"
	"  --draft                a DRAFT, every page marked (the default)\n"
	"  --final                the FINAL report, only for a month that has closed\n"
	"                         in the contract's time zone; page 1 says it is not\n"
	"                         signed until ccsla sign signs it\n"
	"  --force                with --final: a final for a month still open\n"
	"  --close-after-days N   a month closes N local days after its last day\n"
	"                         (default 2, as ccsla nightly)\n"
	"  --pseudonym-key FILE   the CCC's secret key (at least 16 bytes; e.g.\n"
	"                         openssl rand -hex 32 >FILE): customer_id and\n"
	"                         agent_id in contacts.csv.gz become HMAC-SHA-256\n"
	"                         pseudonyms under it (repeat contacts still match).\n"
	"                         Without it the ids are left empty, and repeat-\n"
	"                         contact FCR cannot be recomputed from the report\n"
	"\n"
	"Today is the date of SOURCE_DATE_EPOCH when set, else of the clock; the\n"
	"creation date is the same, so the same state, contracts and\n"
	"SOURCE_DATE_EPOCH give the same bytes. Reads the ledger for the 12-month\n"
	"history but does not write it (ccsla evaluate and ccsla nightly do).\n",
	"a contract has problems, no contract is in force on the period's\n"
	"     first day (for the client named, or for any client), or --final\n"
	"     for a month that has not closed",
	1,
};
