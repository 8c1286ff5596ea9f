/* cmd_sign.c -- `ccsla sign`: sign a rendered report (reports/sign/sign.h).
 * Passphrases come from the environment or a file, never from argv, and are
 * wiped after use; they never reach a message. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "core/error.h"
#include "core/timefmt.h"
#include "reports/sign/fingerprint.h"
#include "reports/sign/sign.h"
#include "cli.h"
#include "sign_ledger.h"

static const char help[] =
	"Appends an embedded PAdES signature (ETSI.CAdES.detached: a detached CMS,\n"
	"SHA-256, with the ESS signing-certificate-v2 attribute and the time in\n"
	"/M; level B-B, or B-T with --tsa) to IN.pdf as an incremental update and\n"
	"writes OUT.pdf (atomically; OUT may be IN). A visible box on page 1 shows the signer, the time (UTC) and the\n"
	"reason. With an RSA key and SOURCE_DATE_EPOCH set, the output is the same\n"
	"byte for byte on every run (not with --tsa: the token holds the TSA's time).\n"
	"Beside OUT.pdf, fingerprint.txt gets the signer certificate's SHA-256\n"
	"fingerprint (AA:BB:...:FF, one line), the value to publish and the one\n"
	"ccsla verify --fingerprint takes.\n"
	"\n"
	"Options:\n"
	"  --key KEY.pem         PEM private key (with --cert)\n"
	"  --key 'pkcs11:token=NAME;object=LABEL'\n"
	"                        a key held in a PKCS#11 token (RFC 7512 URI), used\n"
	"                        through OpenSSL's pkcs11 engine (libp11); it never\n"
	"                        leaves the token; the PIN comes from --pass-env or\n"
	"                        --pass-file; the certificate from --cert\n"
	"  --pkcs11-module SO    the PKCS#11 module to load (default: the engine's,\n"
	"                        p11-kit's proxy), e.g. /usr/lib/softhsm/libsofthsm2.so\n"
	"  --p12 FILE.p12        PKCS#12 with key and certificate (and chain)\n"
	"  --cert CERT.pem       signer certificate (overrides the PKCS#12's)\n"
	"  --chain CHAIN.pem     intermediate and CA certificates to embed\n"
	"  --pass-env VAR        passphrase of the key or PKCS#12 (or the token's PIN)\n"
	"                        from $VAR\n"
	"  --pass-file FILE      passphrase from the first line of FILE (mode 0600)\n"
	"  --reason TEXT         reason shown in the box and in /Reason\n"
	"  --location TEXT       /Location\n"
	"  --tsa URL             PAdES B-T: ask this RFC 3161 time-stamp authority\n"
	"                        (HTTP POST application/timestamp-query) for a token\n"
	"                        over the signature value and embed it\n"
	"  --tsa-timeout SECONDS give up on the TSA after this long (default 30)\n"
	"  --level LEVEL         B-B (default), B-T (default with --tsa), or B-LT:\n"
	"                        B-T and then an update adding the document security\n"
	"                        store (/DSS: the certificates of the signature, its\n"
	"                        chain and the TSA's, and the CRLs of --crl) so the\n"
	"                        report validates offline; or B-LTA: B-LT and then a\n"
	"                        document time-stamp (ETSI.RFC3161) over all of it\n"
	"  --crl FILE            CRLs (PEM, or one DER) for the /DSS (B-LT, B-LTA)\n"
	"  --allow-insecure-key  accept a key file readable by group or others\n"
	"                        (test keys only)\n"
	"  --state DIR           record the signing time as the issue instant of\n"
	"                        the report's month in DIR's ledger (report_on_time:\n"
	"                        the next month's report shows the delivery). Only a\n"
	"                        final is recorded, its month must be in the ledger,\n"
	"                        and an instant the month already has is kept (the\n"
	"                        first signing is the delivery); ccsla nightly records\n"
	"                        it by itself for the finals it signs\n"
	"\n"
	"The signing time is SOURCE_DATE_EPOCH when set, else now. A file that\n"
	"is already signed is refused: a report carries exactly one signature.\n"
	"With --tsa, a TSA that cannot be reached, does not answer in time, answers\n"
	"an HTTP error or refuses: the message says which, nothing is written and\n"
	"the exit status is 3 (try again later).\n"
	"\n"
	"The certificate must belong to the key, be valid at the signing time and\n"
	"be for signing documents (ccsla verify applies the same rule): its key\n"
	"usage, when present, has digitalSignature or nonRepudiation; its extended\n"
	"key usage, when present, has emailProtection, documentSigning (RFC 9336),\n"
	"anyExtendedKeyUsage, Adobe's 1.2.840.113583.1.1.5 or Microsoft's\n"
	"1.3.6.1.4.1.311.10.3.12 (serverAuth, clientAuth or codeSigning alone do\n"
	"not). Otherwise nothing is written and the exit status is 1.\n";

static int run(int argc, char **argv)
{
	struct signer_config cfg = {0};
	struct sign_options opt = {0};
	struct ccsla_error err = {0};
	struct signer *s = NULL;
	const char *pass_env = NULL, *pass_file = NULL, *in = NULL, *out = NULL, *tsa_timeout = NULL,
	           *level = NULL, *state = NULL;
	struct sign_ledger ledger;
	char pass[1024], msg[1024];
	int rc = EXIT_IO, have_pass = 0;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char **slot = NULL;

		if (strcmp(a, "--allow-insecure-key") == 0) {
			cfg.allow_insecure_key = 1;
			continue;
		}
		if (strcmp(a, "--key") == 0) slot = &cfg.key_path;
		else if (strcmp(a, "--p12") == 0) slot = &cfg.p12_path;
		else if (strcmp(a, "--cert") == 0) slot = &cfg.cert_path;
		else if (strcmp(a, "--chain") == 0) slot = &cfg.chain_path;
		else if (strcmp(a, "--pass-env") == 0) slot = &pass_env;
		else if (strcmp(a, "--pass-file") == 0) slot = &pass_file;
		else if (strcmp(a, "--state") == 0) slot = &state;
		else if (strcmp(a, "--reason") == 0) slot = &opt.reason;
		else if (strcmp(a, "--location") == 0) slot = &opt.location;
		else if (strcmp(a, "--tsa") == 0) slot = &opt.tsa_url;
		else if (strcmp(a, "--pkcs11-module") == 0) slot = &cfg.pkcs11_module;
		else if (strcmp(a, "--tsa-timeout") == 0) slot = &tsa_timeout;
		else if (strcmp(a, "--level") == 0) slot = &level;
		else if (strcmp(a, "--crl") == 0) slot = &opt.crl_path;
		else if (strcmp(a, "--pass") == 0 || strncmp(a, "--pass=", 7) == 0)
			return cli_usage_error(argv[0], "a passphrase is never taken from the command line: "
			                                "use --pass-env VAR or --pass-file FILE");
		else if (a[0] == '-' && a[1] != '\0')
			return cli_usage_error(argv[0], "unknown option '%s'", a);
		if (slot) {
			if (i + 1 >= argc)
				return cli_usage_error(argv[0], "option '%s' needs a value", a);
			*slot = argv[++i];
			continue;
		}
		if (!in)
			in = a;
		else if (!out)
			out = a;
		else
			return cli_usage_error(argv[0], "too many arguments");
	}
	if (!in || !out)
		return cli_usage_error(argv[0], "give IN.pdf and OUT.pdf");
	if (!!cfg.key_path == !!cfg.p12_path)
		return cli_usage_error(argv[0], "give exactly one of --key and --p12");
	if (cfg.key_path && !cfg.cert_path)
		return cli_usage_error(argv[0], "--key needs --cert");
	if (pass_env && pass_file)
		return cli_usage_error(argv[0], "give at most one of --pass-env and --pass-file");
	if (level) {
		if (strcmp(level, "B-LT") == 0 || strcmp(level, "B-LTA") == 0)
			opt.add_dss = 1;
		else if (strcmp(level, "B-B") != 0 && strcmp(level, "B-T") != 0)
			return cli_usage_error(argv[0], "--level '%s' is not B-B, B-T, B-LT or B-LTA", level);
		opt.add_doc_ts = strcmp(level, "B-LTA") == 0;
		if (strcmp(level, "B-B") == 0 && opt.tsa_url)
			return cli_usage_error(argv[0], "--level B-B has no time-stamp: leave out --tsa");
		if (strcmp(level, "B-B") != 0 && !opt.tsa_url)
			return cli_usage_error(argv[0], "--level %s needs a time-stamp authority (--tsa URL)", level);
	}
	if (opt.crl_path && !opt.add_dss)
		return cli_usage_error(argv[0], "--crl goes with --level B-LT or B-LTA");
	if (cfg.pkcs11_module && (!cfg.key_path || strncmp(cfg.key_path, "pkcs11:", 7) != 0))
		return cli_usage_error(argv[0], "--pkcs11-module goes with --key pkcs11:URI");
	if (tsa_timeout) {
		char *end;
		long v = strtol(tsa_timeout, &end, 10);
		if (!*tsa_timeout || *end || v < 1 || v > 3600)
			return cli_usage_error(argv[0], "--tsa-timeout '%s' is not a number of seconds from 1 to 3600",
			                       tsa_timeout);
		if (!opt.tsa_url)
			return cli_usage_error(argv[0], "--tsa-timeout needs --tsa");
		opt.tsa_timeout_s = v;
	}

	if (sign_time_from_env(&opt.signing_time_s, &err) != 0) {
		rc = EXIT_USAGE;
		goto report;
	}
	if (state && sign_ledger_check(&ledger, in, state, &err) < 0) {
		rc = EXIT_DATA;   /* not a final of a month the ledger holds: nothing signed */
		goto report;
	}
	if (pass_env || pass_file) {
		if (sign_read_passphrase(pass_env, pass_file, cfg.allow_insecure_key, pass, sizeof pass, &err) != 0)
			goto report;
		have_pass = 1;
		cfg.passphrase = pass;
	}
	switch (signer_load(&s, &cfg, &err)) {
	case 0:
		break;
	case -2:
		rc = EXIT_DATA;   /* the certificate is the problem, like an expired one */
		goto report;
	default:
		goto report;
	}
	switch (sign_pdf_file(in, out, s, &opt, &err)) {
	case 0:
		break;
	case -2:
		rc = EXIT_DATA;   /* the input is the problem */
		goto report;
	case -3:
		rc = EXIT_IO;     /* the TSA failed: nothing written, try again later */
		goto report;
	default:
		goto report;
	}
	if (signer_write_fingerprint_beside(s, out, &err) < 0)
		goto report;
	printf("signed %s -> %s by \"%s\"\n", in, out, signer_name(s));
	if (state) {
		int recorded = sign_ledger_record(&ledger, opt.signing_time_s, &err);
		char when[32];

		if (recorded < 0)
			goto report;
		rfc3339_format_utc(ledger.issued_ms, when, sizeof when);
		if (recorded == 0)
			printf("ledger: %s %s issued %s (the signing time)\n", ledger.client, ledger.period, when);
		else
			printf("ledger: %s %s keeps its issue instant %s (the first signing is the delivery)\n",
			       ledger.client, ledger.period, when);
	}
	rc = EXIT_OK;
	goto done;
report:
	fprintf(stderr, "ccsla sign: %s\n", ccsla_error_format(&err, msg, sizeof msg));
done:
	if (have_pass)
		OPENSSL_cleanse(pass, sizeof pass);
	signer_free(s);
	return rc;
}

const struct command cmd_sign_def = {
	"sign", run,
	"ccsla sign (--key KEY.pem|pkcs11:URI --cert CERT.pem [--pkcs11-module SO] | --p12 FILE.p12)\n"
	"           [--chain CHAIN.pem]\n"
	"           [--pass-env VAR | --pass-file FILE] [--reason TEXT] [--location TEXT]\n"
	"           [--tsa URL [--tsa-timeout SECONDS]] [--level B-B|B-T|B-LT|B-LTA [--crl FILE]]\n"
	"           [--allow-insecure-key] [--state DIR] IN.pdf OUT.pdf",
	"sign a report PDF (embedded CMS signature)",
	help,
	"the input cannot be signed (not a PDF, damaged, encrypted or\n"
	"     already signed) or the certificate cannot sign it (not valid at the\n"
	"     signing time, not the key's, or its key usage or extended key usage\n"
	"     does not allow signing documents)",
	0,
};
