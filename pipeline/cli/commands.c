/* commands.c -- the command table, in the order `ccsla --help` lists it.
 * A command's row lives in its own pipeline/cli/cmd_NAME.c. */
#include <stddef.h>

#include "cli.h"

const struct command *const ccsla_commands[] = {
	&cmd_ingest_def,
	&cmd_convert_def,
	&cmd_metrics_def,
	&cmd_staffing_def,
	&cmd_contract_def,
	&cmd_evaluate_def,
	&cmd_ledger_def,
	&cmd_render_def,
	&cmd_sign_def,
	&cmd_verify_def,
	&cmd_resign_def,
	&cmd_nightly_def,
	NULL,
};
