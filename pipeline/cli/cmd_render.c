/* cmd_render.c -- `ccsla render`: the monthly report of every client (or
 * one) into OUT/<client>/<YYYY-MM>/: report.pdf with metrics.csv,
 * credits.csv and manifest.json beside it and attached to it. */
#include <stdio.h>
#include <string.h>

#include "contracts/contract.h"
#include "core/error.h"
#include "core/fsutil.h"
#include "core/timefmt.h"
#include "nightly/lock.h"
#include "reports/compose/report_build.h"
#include "reports/sign/sign.h"
#include "cli.h"

static int render_one(const struct contract *c, const char *state, const char *out, int y, int m,
                      int draft, int64_t created_s)
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
	snprintf(dir, sizeof dir, "%s/%s/%04d-%02d", out, c->client, y, m);
	if (mkdir_p(dir, &err) < 0 || report_build_dir(&rq, dir, id, &err) < 0) {
		fprintf(stderr, "ccsla render: %s: %s\n", c->client, ccsla_error_format(&err, buf, sizeof buf));
		return EXIT_IO;
	}
	printf("%s %04d-%02d: %s/report.pdf (report %s%s)\n", c->client, y, m, dir, id, draft ? ", DRAFT" : "");
	return EXIT_OK;
}

static int run(int argc, char **argv)
{
	const char *state = NULL, *contracts = NULL, *period = NULL, *client = NULL, *out = "out";
	struct contract_set set = { NULL, 0 };
	struct contract_diags d = { NULL, 0, 0 };
	struct ccsla_error err;
	char buf[1024];
	int i, y, m, rc = EXIT_OK, lock_fd = -1, rendered = 0, draft = 0;
	int64_t first_day, created_s;
	size_t k;
	const struct contract *c;

	for (i = 1; i < argc; i++) {
		const char **slot;

		if (!strcmp(argv[i], "--draft")) {
			draft = 1;
			continue;
		}
		slot = !strcmp(argv[i], "--state") ? &state :
		       !strcmp(argv[i], "--contracts") ? &contracts :
		       !strcmp(argv[i], "--period") ? &period :
		       !strcmp(argv[i], "--client") ? &client :
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
		if (render_one(in_force, state, out, y, m, draft, created_s) != EXIT_OK)
			rc = EXIT_IO;
	}
	if (client && !rendered && rc == EXIT_OK) {
		fprintf(stderr, "ccsla render: no contract of '%s' in %s is in force on %s-01\n", client, contracts, period);
		rc = EXIT_DATA;
	}
out:
	if (lock_fd >= 0)
		state_unlock(lock_fd);
	contract_diags_release(&d);
	contract_set_release(&set);
	return rc;
}

const struct command cmd_render_def = {
	"render", run,
	"ccsla render --state DIR --contracts DIR|FILE --period YYYY-MM [--client ID] [--out DIR] [--draft]",
	"render the monthly service report PDF",
	"Evaluates the month for every client with a contract in force on the\n"
	"period's first day (or --client only) and writes to OUT/<client>/<YYYY-MM>/\n"
	"(OUT defaults to ./out):\n"
	"  report.pdf     the service report (spec/report.md), unsigned: see ccsla sign\n"
	"  metrics.csv    every figure of the report with its population counts\n"
	"  credits.csv    the service credits statement\n"
	"  manifest.json  input files with SHA-256, reconciliation, contract hash\n"
	"The three files are also attached to the PDF. --draft marks every page\n"
	"DRAFT (month to date). The creation date is SOURCE_DATE_EPOCH when set,\n"
	"so the same state, contracts and SOURCE_DATE_EPOCH give the same bytes.\n"
	"Reads the ledger for the 12-month history but does not write it (ccsla\n"
	"evaluate and ccsla nightly do).\n",
	"a contract has problems, or the client named has no contract\n"
	"     in force in the period",
	1,
};
