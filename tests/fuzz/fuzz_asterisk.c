/* fuzz_asterisk.c -- the Asterisk queue_log adapter on any bytes, either
 * dialect (raw lines, or a table export with its header): its output
 * re-parses as canonical rows, its reconciliation holds (fuzz_adapter.h).
 * An input with a form feed is cut there into two files, so that calls
 * split across files (joined by first timestamp) are reached too. */
#include "fuzz_adapter.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[2][PATH_MAX];
	char *files[2] = { path[0], path[1] };
	struct adapter_opts opts = { .client_id = "ACME" };
	const uint8_t *ff = memchr(data, '\f', size);
	int n = ff ? 2 : 1;

	if (ff) {
		fuzz_temp_file(path[0], sizeof path[0], ".log", data, (size_t)(ff - data));
		fuzz_temp_file(path[1], sizeof path[1], ".log", ff + 1, size - (size_t)(ff - data) - 1);
	} else {
		fuzz_temp_file(path[0], sizeof path[0], ".log", data, size);
	}
	fuzz_adapter_run("asterisk", &opts, files, n);
	for (int i = 0; i < n; i++)
		unlink(path[i]);
	return 0;
}
