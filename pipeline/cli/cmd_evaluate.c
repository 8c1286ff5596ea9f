/* cmd_evaluate.c -- `ccsla evaluate`: every SLA of every client (or one)
 * for a month, written to OUT/<client>/<YYYY-MM>/ and recorded in the
 * state directory's ledger. */
#include <stdio.h>
#include <string.h>

#include "contracts/contract.h"
#include "contracts/evaluate.h"
#include "contracts/money.h"
#include "core/error.h"
#include "core/store.h"
#include "core/timefmt.h"
#include "nightly/lock.h"
#include "cli.h"

static int evaluate_one(const struct contract *c, const char *state, const char *out, int y, int m)
{
	struct evaluation ev;
	struct ccsla_error err;
	char buf[1024];

	if (evaluate_client_month(&ev, c, state, y, m, &err) < 0 ||
	    evaluate_write_outputs(&ev, out, &err) < 0 ||
	    evaluate_record_ledger(&ev, state, &err) < 0) {
		fprintf(stderr, "ccsla evaluate: %s: %s\n", c->client, ccsla_error_format(&err, buf, sizeof buf));
		if (ev.results)
			evaluation_release(&ev);
		return EXIT_IO;
	}
	{
		/* [1]: the client's obligations (owed_by: client), said apart */
		size_t i, met[2] = { 0 }, missed[2] = { 0 }, def[2] = { 0 }, nm[2] = { 0 };
		for (i = 0; i < ev.result_count; i++) {
			int o = ev.results[i].sla->owed_by_client;

			switch (ev.results[i].verdict) {
			case VERDICT_MET: met[o]++; break;
			case VERDICT_MISSED: missed[o]++; break;
			case VERDICT_DEFAULT: def[o]++; break;
			case VERDICT_NOT_MEASURABLE: nm[o]++; break;
			}
		}
		money_format(ev.credits.net_total_minor, c->minor_units, buf, sizeof buf);
		printf("%s %s (%s): %zu met, %zu missed, %zu default, %zu not measurable; net credits %s %s",
		       c->client, ev.period, c->id, met[0], missed[0], def[0], nm[0], buf, c->currency);
		if (met[1] + missed[1] + def[1] + nm[1])
			printf("; the client's obligations: %zu met, %zu missed, %zu not measurable", met[1],
			       missed[1] + def[1], nm[1]);
		putchar('\n');
	}
	evaluation_release(&ev);
	return EXIT_OK;
}

static int run(int argc, char **argv)
{
	const char *state = NULL, *contracts = NULL, *period = NULL, *client = NULL, *out = "out";
	struct contract_set set = { NULL, 0 };
	struct contract_diags d = { NULL, 0, 0 };
	struct ccsla_error err;
	char buf[1024];
	int i, y, m, rc = EXIT_OK, lock_fd = -1, evaluated = 0;
	size_t k;
	const struct contract *c;
	int64_t first_day;

	for (i = 1; i < argc; i++) {
		const char **slot = !strcmp(argv[i], "--state") ? &state :
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
	first_day = civil_to_days(y, m, 1);
	if (contract_set_load_dir(&set, contracts, &d) < 0) {
		for (k = 0; k < d.count; k++)
			fprintf(stderr, "%s\n", ccsla_error_format(&d.items[k], buf, sizeof buf));
		fprintf(stderr, "ccsla evaluate: contracts have problems (see ccsla contract check); nothing evaluated\n");
		rc = EXIT_DATA;
		goto out;
	}
	if ((lock_fd = state_lock(state, &err)) < 0) {
		fprintf(stderr, "ccsla evaluate: %s\n", ccsla_error_format(&err, buf, sizeof buf));
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
		evaluated++;
		if (evaluate_one(in_force, state, out, y, m) != EXIT_OK)
			rc = EXIT_IO;
	}
	if (!evaluated) {
		snprintf(buf, sizeof buf, "%s-01", period);
		rc = cli_no_contract_in_force(argv[0], &set, contracts, client, buf);
	}
out:
	if (lock_fd >= 0)
		state_unlock(lock_fd);
	contract_diags_release(&d);
	contract_set_release(&set);
	return rc;
}

const struct command cmd_evaluate_def = {
	"evaluate", run,
	"ccsla evaluate --state DIR --contracts DIR|FILE --period YYYY-MM [--client ID] [--out DIR]",
	"evaluate SLAs and credits for a month",
	"Evaluates every SLA of every client with a contract in force on the\n"
	"period's first day (or of --client only): population counts, value,\n"
	"verdict (met, missed, default, not measurable) and service credits.\n"
	"An SLA with each: interval|day|week is measured in every local interval,\n"
	"day or week of the month; its value is the compliance, and results.json\n"
	"lists every missed sub-period.\n"
	"Writes OUT/<client>/<YYYY-MM>/results.json, results.csv and credits.csv\n"
	"(OUT defaults to ./out) and records the month in STATE/ledger/, which\n"
	"later months read (repeat defaults, expected defaults, earn-back).\n"
	"SLAs with owed_by: client are the client's obligations: listed apart\n"
	"(results.json client_obligations, said apart here), never a credit. An\n"
	"SLA with relief: [forecast] leaves out the intervals over the forecast by\n"
	"more than forecast.tolerance_pct; results.json lists each one.\n",
	"a contract has problems, or no contract is in force on the period's\n"
	"     first day (for the client named, or for any client)",
	1,
};
