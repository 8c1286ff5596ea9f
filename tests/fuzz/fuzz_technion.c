/* fuzz_technion.c -- the Technion call-record adapter on any bytes: its
 * output re-parses as canonical rows, its reconciliation holds
 * (fuzz_adapter.h). Times are local to Asia/Jerusalem, as by default. */
#include "fuzz_adapter.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[PATH_MAX];
	char *files[1] = { path };
	struct adapter_opts opts = { .client_id = NULL };

	fuzz_temp_file(path, sizeof path, ".txt", data, size);
	fuzz_adapter_run("technion", &opts, files, 1);
	unlink(path);
	return 0;
}
