/* fuzz_contract.c -- the contract loader (YAML, contracts/contract.c) on
 * any bytes: no crash, no leak, bounded time (the limits of contract.h);
 * a file is either loaded with no diagnostic or rejected with at least
 * one and at most CONTRACT_DIAGS_MAX + 1 (the last says how many more),
 * each naming the file; a loaded contract keeps its own limits and loads
 * the same way twice. */
#include <limits.h>

#include "fuzz.h"

#include "contracts/contract.h"

static FILE *devnull;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	devnull = fopen("/dev/null", "w");
	return devnull ? 0 : -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[PATH_MAX];
	struct contract c, again;
	struct contract_diags d = { 0 }, d2 = { 0 };
	int rc, rc2;

	fuzz_temp_file(path, sizeof path, ".yaml", data, size);
	rc = contract_load(&c, path, &d);
	if (rc == 0) {
		fuzz_require(d.count == 0, "loaded with %zu diagnostics", d.count);
		fuzz_require(c.sla_count >= 1 && c.sla_count <= CONTRACT_SLAS_MAX, "%zu SLAs", c.sla_count);
		fuzz_require(client_id_valid(c.client), "client '%s' loaded", c.client);
		contract_print_summary(&c, devnull);
		rc2 = contract_load(&again, path, &d2);
		fuzz_require(rc2 == 0 && again.sla_count == c.sla_count && strcmp(again.id, c.id) == 0,
		             "a second load differs");
		contract_release(&again);
		contract_release(&c);
	} else {
		fuzz_require(d.count >= 1 && d.count <= CONTRACT_DIAGS_MAX + 1, "%zu diagnostics", d.count);
		for (size_t i = 0; i < d.count; i++)
			fuzz_require(strcmp(d.items[i].file, path) == 0 && d.items[i].msg[0],
			             "diagnostic %zu names '%s', not the file", i, d.items[i].file);
	}
	contract_diags_release(&d);
	contract_diags_release(&d2);
	unlink(path);
	return 0;
}
