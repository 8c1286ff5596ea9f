/* fuzz_connect.c -- the Amazon Connect contact-record importer on any bytes
 * (JSON lines, objects back to back as Firehose writes them): its output
 * re-parses as canonical rows and its reconciliation holds
 * (fuzz_adapter.h), re-deliveries and contact chains included. */
#include "fuzz_adapter.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[PATH_MAX];
	char *files[1] = { path };
	struct adapter_opts opts = { .client_id = "ACME" };

	fuzz_temp_file(path, sizeof path, ".json", data, size);
	fuzz_adapter_run("amazon-connect", &opts, files, 1);
	unlink(path);
	return 0;
}
