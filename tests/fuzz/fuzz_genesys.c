/* fuzz_genesys.c -- the Genesys Cloud conversation-detail importer on any
 * bytes (a details-query answer or one conversation per line): its output
 * re-parses as canonical rows, its reconciliation holds (fuzz_adapter.h),
 * and a JSON syntax error anywhere costs the records it cuts, never a
 * crash or a silent drop. */
#include "fuzz_adapter.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[PATH_MAX];
	char *files[1] = { path };
	struct adapter_opts opts = { .client_id = "ACME" };

	fuzz_temp_file(path, sizeof path, ".json", data, size);
	fuzz_adapter_run("genesys-cloud", &opts, files, 1);
	unlink(path);
	return 0;
}
