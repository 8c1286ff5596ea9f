/* cmd_ledger.c -- `ccsla ledger import`: earlier months' verdicts, values
 * and credits of one client from the account manager's CSV into
 * STATE/ledger (contracts/ledger_import.h), for a client that starts using
 * ccsla mid-year. */
#include <stdio.h>
#include <string.h>

#include "contracts/contract.h"
#include "contracts/ledger_import.h"
#include "core/error.h"
#include "nightly/lock.h"
#include "cli.h"

static int run(int argc, char **argv)
{
	const char *state = NULL, *contracts = NULL, *client = NULL, *file = NULL;
	struct contract_set set = { NULL, 0 };
	struct contract_diags d = { NULL, 0, 0 };
	struct ledger_import_result res;
	struct ccsla_error err;
	char buf[1024];
	int i, rc = EXIT_OK, lock_fd = -1;
	size_t k;

	if (argc < 2 || strcmp(argv[1], "import"))
		return cli_usage_error(argv[0], argc < 2 ? "a subcommand is required: import"
		                                         : "unknown subcommand '%s' (only: import)", argv[1]);
	for (i = 2; i < argc; i++) {
		const char **slot = !strcmp(argv[i], "--state") ? &state :
		                    !strcmp(argv[i], "--contracts") ? &contracts :
		                    !strcmp(argv[i], "--client") ? &client : NULL;
		if (!slot) {
			if (argv[i][0] == '-' && argv[i][1])
				return cli_usage_error(argv[0], "unknown option '%s'", argv[i]);
			if (file)
				return cli_usage_error(argv[0], "one FILE.csv only ('%s' and '%s')", file, argv[i]);
			file = argv[i];
			continue;
		}
		if (i + 1 >= argc)
			return cli_usage_error(argv[0], "option '%s' needs a value", argv[i]);
		*slot = argv[++i];
	}
	if (!state || !contracts || !client || !file)
		return cli_usage_error(argv[0], "--state, --contracts, --client and FILE.csv are required");
	if (contract_set_load_dir(&set, contracts, &d) < 0) {
		for (k = 0; k < d.count; k++)
			fprintf(stderr, "%s\n", ccsla_error_format(&d.items[k], buf, sizeof buf));
		fprintf(stderr, "ccsla ledger: contracts have problems (see ccsla contract check); nothing imported\n");
		rc = EXIT_DATA;
		goto out;
	}
	for (k = 0; k < set.count && strcmp(set.items[k].client, client); k++)
		;
	if (k == set.count) {
		rc = cli_no_contract_in_force(argv[0], &set, contracts, client, "any date");
		goto out;
	}
	if ((lock_fd = state_lock(state, &err)) < 0) {
		fprintf(stderr, "ccsla ledger: %s\n", ccsla_error_format(&err, buf, sizeof buf));
		rc = lock_fd == -2 ? EXIT_LOCKED : EXIT_IO;
		lock_fd = -1;
		goto out;
	}
	if (ledger_import_csv(file, &set, client, state, &res, &d) < 0) {
		for (k = 0; k < d.count; k++)
			fprintf(stderr, "%s\n", ccsla_error_format(&d.items[k], buf, sizeof buf));
		fprintf(stderr, "ccsla ledger: %s: nothing imported\n", file);
		rc = EXIT_DATA;
		goto out;
	}
	printf("%s: imported %zu month%s (%s to %s, %zu rows) from %s into %s/ledger\n", client, res.months,
	       res.months == 1 ? "" : "s", res.first, res.last, res.rows, file, state);
out:
	if (lock_fd >= 0)
		state_unlock(lock_fd);
	contract_diags_release(&d);
	contract_set_release(&set);
	return rc;
}

const struct command cmd_ledger_def = {
	"ledger", run,
	"ccsla ledger import --state DIR --contracts DIR|FILE --client ID FILE.csv",
	"import earlier months' verdicts into the ledger",
	"Reads the account manager's CSV of months before the client used ccsla\n"
	"(header period,sla_id,status,default,credit,value; README section\n"
	"\"Ledger import\") and writes each month into STATE/ledger/<client>/,\n"
	"marked as imported, so that the repeat multiplier, the expected defaults,\n"
	"earn-back, the report's previous months and its trends count them.\n"
	"Every problem is printed as file:line: field 'x': ...; nothing is\n"
	"written unless the whole file is valid. A month ccsla evaluated is\n"
	"never replaced; importing a month again replaces the earlier import.\n",
	"the file or the contracts have problems (nothing was imported), or the\n"
	"     client has no contract",
	1,
};
