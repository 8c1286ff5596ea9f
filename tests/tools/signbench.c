/* signbench.c -- bench tool: sign one PDF many times in-process.
 *
 * usage: signbench IN.pdf N KEY.pem CERT.pem [CHAIN.pem]
 * Prints the key load time, the signing time per report (mean and worst of
 * N, the file read and written in memory: what render and nightly pay per
 * report), the verify time, and the bytes the signature adds. Keys are
 * read with the mode check off: these are the TEST ONLY keys. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "core/fsutil.h"
#include "reports/sign/sign.h"
#include "reports/sign/verify.h"

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
	struct signer_config cfg = {0};
	struct sign_options opt = { .reason = "Monthly service report", .signing_time_s = 1793491200 };
	struct verify_options vopt = { NULL, NULL, 1, NULL };
	struct ccsla_error err = {0};
	struct verify_result r;
	struct signer *s = NULL;
	char *in = NULL;
	unsigned char *out = NULL;
	size_t in_len = 0, out_len = 0;
	double t0, load_ms, total = 0, worst = 0, verify_ms;
	int n;

	if (argc < 5 || (n = atoi(argv[2])) < 1) {
		fprintf(stderr, "usage: signbench IN.pdf N KEY.pem CERT.pem [CHAIN.pem]\n");
		return 2;
	}
	cfg.key_path = argv[3];
	cfg.cert_path = argv[4];
	cfg.chain_path = argc > 5 ? argv[5] : NULL;
	cfg.allow_insecure_key = 1;
	if (read_file(argv[1], &in, &in_len, &err) != 0)
		goto fail;
	t0 = now_ms();
	if (signer_load(&s, &cfg, &err) != 0)
		goto fail;
	load_ms = now_ms() - t0;
	for (int i = 0; i < n; i++) {
		double t;
		free(out);
		t0 = now_ms();
		if (sign_pdf_buffer(s, &opt, (unsigned char *)in, in_len, argv[1], &out, &out_len, &err) != 0)
			goto fail;
		t = now_ms() - t0;
		total += t;
		if (t > worst)
			worst = t;
	}
	t0 = now_ms();
	verify_pdf_buffer(out, out_len, "signed.pdf", &vopt, &r);
	verify_ms = now_ms() - t0;
	printf("sign: key load %.2f ms (once per batch)\n", load_ms);
	printf("sign: %.2f ms per report in-process (mean of %d, worst %.2f ms; target < 10 ms), %zu-byte input\n",
	       total / n, n, worst, in_len);
	printf("sign: %zu bytes added (%zu -> %zu; 16386 of them the /Contents placeholder)\n",
	       out_len - in_len, in_len, out_len);
	printf("verify: %.2f ms per report (signature checks, %s)\n", verify_ms, r.n_signatures == 1 ? "one signature" : "?");
	free(in);
	free(out);
	signer_free(s);
	return 0;
fail:
	fprintf(stderr, "signbench: %s: %s\n", err.file, err.msg);
	free(in);
	free(out);
	signer_free(s);
	return 1;
}
