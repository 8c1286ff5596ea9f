/* cmd_contract.c -- `ccsla contract check FILE|DIR...`: load and check
 * contracts, print every problem as file:line:column: message, and a
 * readable summary of each valid one. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "contracts/contract.h"
#include "core/error.h"
#include "cli.h"

static int run(int argc, char **argv)
{
	struct contract_set set = { NULL, 0 };
	struct contract_diags d = { NULL, 0, 0 };
	char buf[1024];
	int i, bad = 0;
	size_t k;

	if (argc < 2 || strcmp(argv[1], "check"))
		return cli_usage_error(argv[0], "expected the subcommand 'check'");
	if (argc < 3)
		return cli_usage_error(argv[0], "check needs at least one contract file or directory");
	for (i = 2; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			struct contract_set sub;
			if (contract_set_load_dir(&sub, argv[i], &d) < 0)
				bad = 1;
			for (k = 0; k < sub.count; k++)
				contract_set_add(&set, &sub.items[k]);
			contract_set_release(&sub);
		} else {
			struct contract c;
			if (contract_load(&c, argv[i], &d) < 0)
				bad = 1;
			else if (contract_set_add(&set, &c) < 0)
				contract_release(&c);
		}
	}
	/* overlaps across everything named (a directory checked its own) */
	{
		struct contract_diags all = { NULL, 0, 0 };
		if (contract_set_check(&set, &all) < 0) {
			bad = 1;
			for (k = 0; k < all.count; k++) {
				size_t j;
				int dup = 0;
				for (j = 0; j < d.count; j++)
					dup |= !strcmp(d.items[j].msg, all.items[k].msg) &&
					       !strcmp(d.items[j].file, all.items[k].file);
				if (!dup)
					contract_diag(&d, all.items[k].file, all.items[k].line,
					              all.items[k].column, "%s", all.items[k].msg);
			}
		}
		contract_diags_release(&all);
	}
	for (k = 0; k < set.count; k++)
		contract_print_summary(&set.items[k], stdout);
	for (k = 0; k < d.count; k++)
		fprintf(stderr, "%s\n", ccsla_error_format(&d.items[k], buf, sizeof buf));
	if (bad)
		fprintf(stderr, "ccsla contract: %zu problem%s found\n", d.count, d.count == 1 ? "" : "s");
	contract_diags_release(&d);
	contract_set_release(&set);
	return bad ? EXIT_DATA : EXIT_OK;
}

const struct command cmd_contract_def = {
	"contract", run, "ccsla contract check FILE|DIR...", "check contract files",
	"Loads each contract (a directory: its *.yaml files), reports every problem\n"
	"as file:line:column: message on stderr, and prints a summary of each valid\n"
	"contract (parties, validity, hours, SLAs with all parameters, credit model)\n"
	"on stdout. Versions of one client must not overlap.\n",
	"a contract has problems (each printed as file:line:column)",
	0,
};
