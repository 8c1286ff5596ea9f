/* cmd_resign.c -- `ccsla resign-archive`: renew a report's long-term
 * evidence (PAdES B-LTA) without touching its earlier bytes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/pem.h>

#include "core/error.h"
#include "core/fsutil.h"
#include "reports/sign/dss.h"
#include "reports/sign/sign.h"
#include "cli.h"

static const char help[] =
	"Appends to a signed REPORT.pdf, as incremental updates (the file's bytes\n"
	"so far stay a prefix of the result):\n"
	"  1. a document security store (/DSS) with the certificates of every\n"
	"     signature and time-stamp in the file, --chain's and --crl's CRLs (an\n"
	"     existing store's items are kept);\n"
	"  2. a fresh document time-stamp (/Type /DocTimeStamp, /SubFilter\n"
	"     /ETSI.RFC3161) from --tsa over all of it.\n"
	"Run it before the newest time-stamp's TSA certificate expires, or when\n"
	"its algorithms weaken: each run extends the proof by one TSA certificate's\n"
	"lifetime. Writes OUT.pdf (default: REPORT.pdf itself), atomically.\n"
	"\n"
	"Options:\n"
	"  --tsa URL              the RFC 3161 time-stamp authority (required)\n"
	"  --tsa-timeout SECONDS  give up on the TSA after this long (default 30)\n"
	"  --chain CHAIN.pem      more certificates for the store (e.g. the TSA's CA)\n"
	"  --crl FILE             CRLs (PEM, or one DER) for the store\n"
	"  --out OUT.pdf          where to write (default: over REPORT.pdf)\n"
	"\n"
	"A TSA that cannot be reached, does not answer in time, answers an HTTP\n"
	"error or refuses: nothing is written and the exit status is 3.\n";

static int read_chain(const char *path, STACK_OF(X509) **out, struct ccsla_error *err)
{
	BIO *bio = BIO_new_file(path, "rb");
	X509 *x;

	*out = sk_X509_new_null();
	if (!bio || !*out) {
		BIO_free(bio);
		return ccsla_error_set(err, path, 0, NULL, "cannot open");
	}
	while ((x = PEM_read_bio_X509(bio, NULL, NULL, NULL)))
		if (!sk_X509_push(*out, x))
			X509_free(x);
	ERR_clear_error();
	BIO_free(bio);
	if (sk_X509_num(*out) == 0)
		return ccsla_error_set(err, path, 0, NULL, "no PEM certificate found");
	return 0;
}

static int run(int argc, char **argv)
{
	struct sign_options opt = {0};
	struct ccsla_error err = {0};
	const char *in = NULL, *out = NULL, *chain = NULL, *crl = NULL, *timeout = NULL;
	STACK_OF(X509) *certs = NULL;
	STACK_OF(X509_CRL) *crls = NULL;
	char *data = NULL, msg[1024];
	unsigned char *lt = NULL, *lta = NULL;
	size_t len = 0, lt_len = 0, lta_len = 0;
	int rc = EXIT_IO, r;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], **slot = NULL;
		if (strcmp(a, "--tsa") == 0) slot = &opt.tsa_url;
		else if (strcmp(a, "--tsa-timeout") == 0) slot = &timeout;
		else if (strcmp(a, "--chain") == 0) slot = &chain;
		else if (strcmp(a, "--crl") == 0) slot = &crl;
		else if (strcmp(a, "--out") == 0) slot = &out;
		else if (a[0] == '-' && a[1] != '\0')
			return cli_usage_error(argv[0], "unknown option '%s'", a);
		if (slot) {
			if (i + 1 >= argc)
				return cli_usage_error(argv[0], "option '%s' needs a value", a);
			*slot = argv[++i];
		} else if (!in) {
			in = a;
		} else {
			return cli_usage_error(argv[0], "give one REPORT.pdf");
		}
	}
	if (!in)
		return cli_usage_error(argv[0], "give REPORT.pdf");
	if (!opt.tsa_url)
		return cli_usage_error(argv[0], "--tsa URL is required: a document time-stamp comes from a TSA");
	if (timeout) {
		char *end;
		long v = strtol(timeout, &end, 10);
		if (!*timeout || *end || v < 1 || v > 3600)
			return cli_usage_error(argv[0], "--tsa-timeout '%s' is not a number of seconds from 1 to 3600", timeout);
		opt.tsa_timeout_s = v;
	}
	if (!out)
		out = in;
	if (read_file(in, &data, &len, &err) != 0 || (chain && read_chain(chain, &certs, &err) != 0) ||
	    (crl && dss_read_crls(crl, &crls, &err) != 0))
		goto report;
	if (dss_append((unsigned char *)data, len, in, certs, crls, &lt, &lt_len, &err) != 0) {
		rc = EXIT_DATA;   /* not a signed PDF, or a damaged one */
		goto report;
	}
	if ((r = sign_add_doc_timestamp(&opt, lt, lt_len, in, &lta, &lta_len, &err)) != 0) {
		rc = r == -3 ? EXIT_IO : EXIT_DATA;
		goto report;
	}
	if (atomic_write(out, lta, lta_len, &err) != 0)
		goto report;
	printf("archived %s -> %s: %zu bytes added (document security store and a document time-stamp)\n", in, out,
	       lta_len - len);
	rc = EXIT_OK;
	goto done;
report:
	fprintf(stderr, "ccsla resign-archive: %s\n", ccsla_error_format(&err, msg, sizeof msg));
done:
	free(data);
	free(lt);
	free(lta);
	sk_X509_pop_free(certs, X509_free);
	sk_X509_CRL_pop_free(crls, X509_CRL_free);
	return rc;
}

const struct command cmd_resign_def = {
	"resign-archive", run,
	"ccsla resign-archive --tsa URL [--tsa-timeout SECONDS] [--chain CHAIN.pem] [--crl FILE]\n"
	"           [--out OUT.pdf] REPORT.pdf",
	"add a fresh document time-stamp to a signed report (PAdES B-LTA)",
	help,
	"the file is not a signed PDF, or is damaged",
	0,
};
