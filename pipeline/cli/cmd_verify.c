/* cmd_verify.c -- `ccsla verify`: check a signed report, say it in plain words. */
#include <stdio.h>
#include <string.h>

#include "core/error.h"
#include "reports/recompute/recompute.h"
#include "reports/sign/verify.h"
#include "cli.h"

static const char help[] =
	"Checks, and prints one line per check (ok / FAIL):\n"
	"  - the file carries exactly one signature (and maybe document\n"
	"    time-stamps), and it covers the whole file, or its whole revision\n"
	"    followed only by updates that add validation data (/DSS) and document\n"
	"    time-stamp fields and change nothing signed (B-LT, B-LTA);\n"
	"  - the SHA-256 of the signed bytes matches the signed digest;\n"
	"  - the CMS signature is valid for the signer's certificate;\n"
	"  - the signer's certificate is for signing documents (the rule of ccsla\n"
	"    help sign: key usage digitalSignature or nonRepudiation, extended key\n"
	"    usage, when present, for documents);\n"
	"  - the PAdES level (B-B; B-T with a signature time-stamp; B-LT with a\n"
	"    document security store; B-LTA with document time-stamps): a\n"
	"    time-stamp token must be valid over the signature value (or, for a\n"
	"    document time-stamp, over the file up to its revision; the newest\n"
	"    must cover the whole file), signed by a TSA certificate\n"
	"    (extendedKeyUsage critical timeStamping) that chains to --tsa-ca (or\n"
	"    --ca); the store's CRLs must not revoke the signer's certificate\n"
	"    before the time-stamp's time;\n"
	"  - the signer's certificate is valid at the time-stamp's time, or now\n"
	"    when there is no time-stamp: a certificate that has expired since\n"
	"    passes only with a time-stamp from a TSA so established, and one\n"
	"    expired without a time-stamp fails (the /M time is only a claim);\n"
	"  - the signer's certificate chains to the CA given with --ca (at that\n"
	"    same time), or has the fingerprint given with --fingerprint;\n"
	"  - the attached credits.csv adds up (SLA lines = uncapped total; capped\n"
	"    total = min(uncapped total, cap) = the lines' final amounts; net =\n"
	"    capped total - earn-back) and metrics.csv's counts are consistent\n"
	"    (offered = answered + abandoned + callback + overflow + open);\n"
	"  - the attached report.html, when the report carries one (the HTML\n"
	"    twin), shows metrics.csv's SLA values and verdicts, one for one.\n"
	"Then prints the signer's subject, issuer, SHA-256 fingerprint, the\n"
	"claimed signing time (/M), the time-stamp's time and TSA, and the level.\n"
	"With --recompute, then recomputes every figure from the report's own\n"
	"attachments (contacts.csv.gz, contract.yaml, ledger.csv; the period and\n"
	"data watermark of manifest.json) with the engine that made the report,\n"
	"and compares them with the attached metrics.csv, intervals.csv and\n"
	"credits.csv: one line per figure (each SLA's value and verdict, each\n"
	"overview and experience figure, each credit line and total; daily and\n"
	"half-hour rows one line per file unless some differ), \"match\" or\n"
	"\"MISMATCH attached -> recomputed\" naming each differing count. Then\n"
	"reads the page text (each page's content stream through its fonts'\n"
	"ToUnicode maps) and compares what the pages print with the recomputed\n"
	"report and the attached metrics.csv and credits.csv: each scorecard\n"
	"row's measured value and verdict, each credits statement line with its\n"
	"Total, Cap and Credit due, the month in brief's credits due; one line\n"
	"each, \"page N ...: page says -> recomputed\" (and the attached file's\n"
	"value when it differs from the page). A page whose text cannot be read\n"
	"is a mismatch naming the page and the object. Last, each input's digest\n"
	"of the client's rows in manifest.json is checked against contacts.csv.gz.\n"
	"A /ByteRange that leaves bytes unsigned is reported with those bytes;\n"
	"\"appended\" means bytes after the signed revision's %%EOF.\n"
	"\n"
	"Options:\n"
	"  --ca CA.pem            trust anchor(s) for the signer's certificate\n"
	"  --tsa-ca CA.pem        trust anchor(s) for time-stamp authorities\n"
	"                         (default: those of --ca)\n"
	"  --fingerprint SHA256   the certificate fingerprint the CCC published\n"
	"                         (hex; colons and case do not matter; the\n"
	"                         fingerprint.txt beside a signed report)\n"
	"  --recompute            recompute every figure from the attachments and\n"
	"                         compare it with them and with the page text\n"
	"Without --ca or --fingerprint the signer's identity is not established\n"
	"and the verification fails, whatever else holds.\n";

static void print_figure(void *ctx, int ok, const char *text)
{
	(void)ctx;
	printf("  %-8s  %s\n", ok ? "match" : "MISMATCH", text);
}

/* --recompute: every figure again from the attachments (recompute.h). */
static int recompute(const char *path)
{
	struct recompute_summary sum;
	struct ccsla_error err = {0};
	char msg[1024];
	int rc;

	printf("recomputed from contacts.csv.gz, contract.yaml and ledger.csv (complaints.csv, outages.csv, forecast.csv, quality.csv where attached):\n");
	rc = recompute_report(path, print_figure, NULL, &sum, &err);
	if (rc < 0) {
		fprintf(stderr, "ccsla verify: --recompute: %s\n", ccsla_error_format(&err, msg, sizeof msg));
		return -1;
	}
	if (rc == 0)
		printf("RECOMPUTED: all %ld figures match the attached files and the page text\n", sum.figures);
	else
		printf("NOT RECOMPUTED: %ld figure%s differ%s or could not be recomputed (MISMATCH lines above)\n",
		       sum.mismatches, sum.mismatches == 1 ? "" : "s", sum.mismatches == 1 ? "s" : "");
	return rc;
}

static int run(int argc, char **argv)
{
	struct verify_options opt = {0};
	int want_recompute = 0, rrc = 0;
	struct verify_result r;
	struct ccsla_error err = {0};
	const char *path = NULL;
	char msg[1024];
	int rc;

	for (int i = 1; i < argc; i++) {
		const char **slot = strcmp(argv[i], "--ca") == 0 ? &opt.ca_path
		                  : strcmp(argv[i], "--tsa-ca") == 0 ? &opt.tsa_ca_path
		                  : strcmp(argv[i], "--fingerprint") == 0 ? &opt.fingerprint : NULL;

		if (!strcmp(argv[i], "--recompute")) {
			want_recompute = 1;
		} else if (slot) {
			if (i + 1 >= argc)
				return cli_usage_error(argv[0], "option '%s' needs a value", argv[i]);
			*slot = argv[++i];
		} else if (argv[i][0] == '-' && argv[i][1] != '\0') {
			return cli_usage_error(argv[0], "unknown option '%s'", argv[i]);
		} else if (!path) {
			path = argv[i];
		} else {
			return cli_usage_error(argv[0], "give one REPORT.pdf");
		}
	}
	if (!path)
		return cli_usage_error(argv[0], "give REPORT.pdf");
	rc = verify_pdf_file(path, &opt, &r, &err);
	if (rc < 0) {
		fprintf(stderr, "ccsla verify: %s\n", ccsla_error_format(&err, msg, sizeof msg));
		return EXIT_IO;
	}
	printf("%s\n", path);
	for (int i = 0; i < r.n_lines; i++)
		printf("  %-4s  %s\n", r.lines[i].ok ? "ok" : "FAIL", r.lines[i].text);
	if (r.subject[0]) {
		printf("signer:       %s\n", r.subject);
		printf("issuer:       %s%s\n", r.issuer, r.self_signed ? " (self-signed)" : "");
		printf("fingerprint:  SHA-256 %s\n", r.fingerprint);
		printf("signed at:    %s%s\n", r.signing_time[0] ? r.signing_time : "(no signing time)",
		       r.timestamp_time[0] ? " (claimed)" : "");
		if (r.timestamp_time[0])
			printf("time-stamp:   %s by %s\n", r.timestamp_time, r.tsa);
		if (r.level[0])
			printf("level:        %s%s\n", strncmp(r.level, "B-", 2) == 0 ? "PAdES " : "", r.level);
	}
	printf("attached:     %s\n", r.attachments[0] ? r.attachments : "(nothing)");
	printf("%s\n", rc == 0 ? "VERIFIED: the report is intact, signed by the signer above, and its totals add up"
	                       : "NOT VERIFIED: see the FAIL lines above");
	if (want_recompute && (rrc = recompute(path)) < 0)
		return EXIT_IO;
	return rc == 0 && rrc == 0 ? EXIT_OK : EXIT_DATA;
}

const struct command cmd_verify_def = {
	"verify", run,
	"ccsla verify [--ca CA.pem] [--tsa-ca CA.pem] [--fingerprint SHA256] [--recompute] REPORT.pdf",
	"check a signed report's signature and totals",
	help,
	"the report did not verify (see the FAIL lines), or with --recompute a\n"
	"     figure did not recompute (see the MISMATCH lines)",
	0,
};
