/* cmd_contract.c -- placeholder until the 'contract' stage lands; it says so and fails. */
#include <stdio.h>

#include "cli.h"
#include "error.h"

static int run(int argc, char **argv)
{
	(void)argc;
	fprintf(stderr, "ccsla %s: not built yet\n", argv[0]);
	return EXIT_IO;
}

const struct command cmd_contract_def = {
	"contract", run, "ccsla contract", "(not built yet)", "",
};
