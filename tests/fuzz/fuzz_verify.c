/* fuzz_verify.c -- the PDF reader and verifier (reports/sign) on any bytes.
 *
 * Verifying the input never crashes, leaks or reads out of bounds; its
 * answer is consistent (0 exactly when every check holds, then with one
 * signature) and its lines hold no control bytes (they reach a terminal).
 * And what `sign` produces, `verify` accepts: when the input is a PDF
 * that sign_pdf_buffer takes, its output verifies against the test CA
 * (signature checks; the attachments are the report's business, not the
 * PDF layer's). Run from the repository root (fixtures/keys/). */
#include "fuzz.h"

#include "reports/sign/sign.h"
#include "reports/sign/verify.h"

#define KEYS "fixtures/keys/"

static struct signer *signer;
static const struct verify_options with_ca = { .ca_path = KEYS "test-ca.pem", .skip_attachments = 1 };
static const struct sign_options opts = {
	.reason = "fuzz", .signing_time_s = 1793491200 /* 2026-11-01, inside the test certificates */,
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const struct signer_config cfg = {
		.key_path = KEYS "test-leaf.key", .cert_path = KEYS "test-leaf.pem",
		.chain_path = KEYS "test-leaf-chain.pem", .allow_insecure_key = 1,
	};
	struct ccsla_error err;

	(void)argc;
	(void)argv;
	if (signer_load(&signer, &cfg, &err) != 0) {
		fprintf(stderr, "fuzz_verify: %s (run from the repository root)\n", err.msg);
		abort();
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct verify_result r;
	struct ccsla_error err;
	unsigned char *out = NULL;
	size_t out_len = 0;
	int rc;

	memset(&r, 0, sizeof r);
	rc = verify_pdf_buffer(data, size, "input.pdf", &with_ca, &r);
	fuzz_require(rc == 0 || rc == 1, "verify returned %d", rc);
	fuzz_require((rc == 0) == (r.all_ok != 0), "verify returned %d with all_ok %d", rc, r.all_ok);
	if (rc == 0)
		fuzz_require(r.n_signatures == 1, "accepted with %d signatures", r.n_signatures);
	for (int i = 0; i < r.n_lines; i++)
		for (const char *p = r.lines[i].text; *p; p++)
			fuzz_require((unsigned char)*p >= 0x20 && *p != 0x7f, "control byte in a verify line");

	if (sign_pdf_buffer(signer, &opts, data, size, "input.pdf", &out, &out_len, &err) == 0) {
		memset(&r, 0, sizeof r);
		rc = verify_pdf_buffer(out, out_len, "signed.pdf", &with_ca, &r);
		if (rc != 0)
			for (int i = 0; i < r.n_lines; i++)
				if (!r.lines[i].ok)
					fprintf(stderr, "verify: %s\n", r.lines[i].text);
		fuzz_require(rc == 0, "sign made a file verify rejects");
		free(out);
	}
	return 0;
}
