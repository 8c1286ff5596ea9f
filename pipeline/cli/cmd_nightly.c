/* cmd_nightly.c -- `ccsla nightly`: options (flags, then a --config file,
 * flags winning) for the scheduled run in nightly.c. */
#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/error.h"
#include "core/timefmt.h"
#include "nightly/nightly.h"
#include "reports/compose/evidence.h"
#include "reports/sign/sign.h"
#include "cli.h"
#include "config.h"

/* The value options; the config file takes the same names without "--". */
static const char *const KEYS[] = {
	"landing", "contracts", "state", "out", "date", "now", "key", "p12", "cert", "chain",
	"pass-env", "pass-file", "close-after-days", "settle-seconds", "archive", "pseudonym-key", "tsa",
	"pkcs11-module", "level", "crl", NULL,
};
enum { K_LANDING, K_CONTRACTS, K_STATE, K_OUT, K_DATE, K_NOW, K_KEY, K_P12, K_CERT, K_CHAIN,
       K_PASS_ENV, K_PASS_FILE, K_CLOSE, K_SETTLE, K_ARCHIVE, K_PSEUDONYM_KEY, K_TSA, K_P11_MODULE,
       K_LEVEL, K_CRL, K_COUNT };

static int parse_count(const char *name, const char *text, int max, int *out)
{
	char *end;
	long v = strtol(text, &end, 10);

	if (!*text || *end || v < 0 || v > max)
		return cli_usage_error("nightly", "--%s '%s' is not a whole number from 0 to %d", name, text, max);
	*out = (int)v;
	return 0;
}

static int run(int argc, char **argv)
{
	const char *val[K_COUNT] = { NULL };
	const char *config_path = NULL;
	struct config cfg;
	struct nightly_options o;
	struct evidence_key pkey;
	struct ccsla_error err;
	char pass[1024], msg[1024];
	int i, k, rc, have_cfg = 0, insecure = 0;
	int64_t now_s;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--allow-insecure-key")) {
			insecure = 1;
			continue;
		}
		if (!strcmp(argv[i], "--pass") || !strncmp(argv[i], "--pass=", 7))
			return cli_usage_error(argv[0], "a passphrase is never taken from the command line: "
			                                "use --pass-env VAR or --pass-file FILE");
		if (i + 1 >= argc)
			return cli_usage_error(argv[0], "unknown option '%s'", argv[i]);
		if (!strcmp(argv[i], "--config")) {
			config_path = argv[++i];
			continue;
		}
		for (k = 0; KEYS[k]; k++)
			if (!strncmp(argv[i], "--", 2) && !strcmp(argv[i] + 2, KEYS[k]))
				break;
		if (!KEYS[k])
			return cli_usage_error(argv[0], "unknown option '%s'", argv[i]);
		val[k] = argv[++i];
	}
	if (config_path) {
		if (config_load(&cfg, config_path, KEYS, &err) < 0) {
			fprintf(stderr, "ccsla nightly: %s\n", ccsla_error_format(&err, msg, sizeof msg));
			return EXIT_USAGE;
		}
		have_cfg = 1;
		for (k = 0; KEYS[k]; k++)
			if (!val[k])
				val[k] = config_get(&cfg, KEYS[k]);
	}
	memset(&o, 0, sizeof o);
	rc = EXIT_USAGE;
	if (!val[K_LANDING] || !val[K_CONTRACTS] || !val[K_STATE] || !val[K_OUT]) {
		cli_usage_error(argv[0], "--landing, --contracts, --state and --out are required (flags or --config)");
		goto out;
	}
	o.landing_dir = val[K_LANDING];
	o.contracts_dir = val[K_CONTRACTS];
	o.state_dir = val[K_STATE];
	o.out_dir = val[K_OUT];
	o.key_path = val[K_KEY];
	o.p12_path = val[K_P12];
	o.cert_path = val[K_CERT];
	o.chain_path = val[K_CHAIN];
	o.allow_insecure_key = insecure;
	o.archive_dir = val[K_ARCHIVE];
	o.tsa_url = val[K_TSA];
	o.pkcs11_module = val[K_P11_MODULE];
	o.crl_path = val[K_CRL];
	if (val[K_LEVEL]) {
		const char *l = val[K_LEVEL];
		if (strcmp(l, "B-B") != 0 && strcmp(l, "B-T") != 0 && strcmp(l, "B-LT") != 0 && strcmp(l, "B-LTA") != 0) {
			cli_usage_error(argv[0], "--level '%s' is not B-B, B-T, B-LT or B-LTA", l);
			goto out;
		}
		if ((strcmp(l, "B-B") == 0) != !o.tsa_url) {
			cli_usage_error(argv[0], "--level %s %s", l, o.tsa_url ? "has no time-stamp: leave out --tsa"
			                                                        : "needs a time-stamp authority (--tsa URL)");
			goto out;
		}
		o.add_dss = strcmp(l, "B-LT") == 0 || strcmp(l, "B-LTA") == 0;
		o.add_doc_ts = strcmp(l, "B-LTA") == 0;
	}
	if (o.crl_path && !o.add_dss) {
		cli_usage_error(argv[0], "--crl goes with --level B-LT or B-LTA");
		goto out;
	}
	o.close_after_days = 2;
	if (val[K_PSEUDONYM_KEY]) {
		if (evidence_key_load(val[K_PSEUDONYM_KEY], &pkey, &err) < 0) {
			fprintf(stderr, "ccsla nightly: %s\n", ccsla_error_format(&err, msg, sizeof msg));
			goto out;
		}
		o.pseudonym_key = &pkey;
	}
	if (val[K_CLOSE] && parse_count("close-after-days", val[K_CLOSE], 60, &o.close_after_days) != 0)
		goto out;
	if (val[K_SETTLE] && parse_count("settle-seconds", val[K_SETTLE], 86400, &o.settle_s) != 0)
		goto out;
	if (o.key_path && o.p12_path) {
		cli_usage_error(argv[0], "give one of --key and --p12");
		goto out;
	}
	if (o.key_path && !o.cert_path) {
		cli_usage_error(argv[0], "--key needs --cert");
		goto out;
	}
	if (val[K_DATE] && val[K_NOW]) {
		cli_usage_error(argv[0], "give at most one of --date and --now");
		goto out;
	}
	if (val[K_DATE]) {
		int y, m, d;
		if (date_parse(val[K_DATE], &y, &m, &d) < 0) {
			cli_usage_error(argv[0], "--date '%s' is not a date, expected YYYY-MM-DD", val[K_DATE]);
			goto out;
		}
		o.now_ms = civil_to_days(y, m, d) * INT64_C(86400000) + INT64_C(43200000); /* 12:00 UTC */
	} else if (val[K_NOW]) {
		const char *why;
		if (rfc3339_parse(val[K_NOW], &o.now_ms, &why) < 0) {
			cli_usage_error(argv[0], "--now '%s' is not an RFC 3339 time: %s", val[K_NOW], why);
			goto out;
		}
	} else {
		o.now_ms = (int64_t)time(NULL) * 1000;
	}
	/* reports are dated by SOURCE_DATE_EPOCH when set, else by the run's instant */
	if (getenv("SOURCE_DATE_EPOCH") && *getenv("SOURCE_DATE_EPOCH")) {
		if (sign_time_from_env(&now_s, &err) < 0) {
			fprintf(stderr, "ccsla nightly: %s\n", ccsla_error_format(&err, msg, sizeof msg));
			goto out;
		}
		o.created_s = now_s;
	} else {
		o.created_s = o.now_ms / 1000;
	}
	if (val[K_PASS_ENV] || val[K_PASS_FILE]) {
		if (val[K_PASS_ENV] && val[K_PASS_FILE]) {
			cli_usage_error(argv[0], "give at most one of --pass-env and --pass-file");
			goto out;
		}
		if (sign_read_passphrase(val[K_PASS_ENV], val[K_PASS_FILE], insecure, pass, sizeof pass, &err) != 0) {
			fprintf(stderr, "ccsla nightly: %s\n", ccsla_error_format(&err, msg, sizeof msg));
			rc = EXIT_IO;
			goto out;
		}
		o.passphrase = pass;
	}
	rc = nightly_run(&o);
	if (o.passphrase)
		OPENSSL_cleanse(pass, sizeof pass);
out:
	if (o.pseudonym_key)
		OPENSSL_cleanse(&pkey, sizeof pkey);
	if (have_cfg)
		config_release(&cfg);
	return rc;
}

const struct command cmd_nightly_def = {
	"nightly", run,
	"ccsla nightly --landing DIR --contracts DIR|FILE --state DIR --out DIR [--date YYYY-MM-DD | --now TIME]\n"
	"              [--key KEY.pem|pkcs11:URI --cert CERT.pem | --p12 FILE.p12] [--chain CHAIN.pem]\n"
	"              [--pkcs11-module MODULE.so]\n"
	"              [--pass-env VAR | --pass-file FILE] [--allow-insecure-key]\n"
	"              [--close-after-days N] [--settle-seconds N] [--archive DIR]\n"
	"              [--pseudonym-key FILE]\n"
	"              [--tsa URL [--level B-T|B-LT|B-LTA [--crl FILE]]]\n"
	"              [--config FILE]",
	"the scheduled run: ingest, drafts, signed finals, revisions",
	"1. Checks the signing key and certificate: one that expires within 30\n"
	"   days is a warning every night; a key that cannot be used, or a\n"
	"   certificate not valid at the signing time, makes the finals and\n"
	"   revisions due wait (event, exit 1) while everything else is done.\n"
	"2. Ingests every *.csv.gz in --landing not ingested yet (by SHA-256). A\n"
	"   file that cannot be read is reported and left in place; a file that\n"
	"   changes while the run looks at it (or is younger than --settle-seconds,\n"
	"   default 0; the deployment example uses 60) waits for the next run.\n"
	"   One event per file: rows read, accepted, quarantined (top reasons),\n"
	"   duplicates, as committed; a file already ingested is named as such.\n"
	"   --archive DIR moves each file whose content is ingested (not damaged)\n"
	"   to DIR/<run's UTC date>/<file>.\n"
	"   Every report carries its evidence (ccsla help render); with\n"
	"   --pseudonym-key FILE the customer and agent ids of contacts.csv.gz are\n"
	"   HMAC-SHA-256 pseudonyms under that key, without it they are withheld.\n"
	"   A signed report gets fingerprint.txt beside it (ccsla help sign).\n"
	"3. For every client with a contract in force, in the contract's time zone:\n"
	"   the month-to-date DRAFT in OUT/<client>/<YYYY-MM>/draft/ (rebuilt when\n"
	"   data arrived); when a month has closed (the run's local date is at\n"
	"   least N days after its last day, N = --close-after-days, default 2)\n"
	"   the signed FINAL in .../final/, recorded in STATE/ledger once\n"
	"   published; when files ingested later hold records of that month and\n"
	"   change a figure, .../revision-<n>/ with every changed figure (old ->\n"
	"   new) and credit adjustments (adjustments.csv). A final or revision is\n"
	"   never rewritten. One client's failure is an event; the others are\n"
	"   done, and the exit status is 3 (some work was not done).\n"
	"   --key may be a PKCS#11 URI (pkcs11:token=...;object=...; see ccsla help\n"
	"   sign), with --pkcs11-module and the PIN from --pass-env/--pass-file.\n"
	"   --tsa URL time-stamps every signature there (PAdES B-T, see ccsla help\n"
	"   sign; --level B-LT or B-LTA and --crl as there); when the TSA fails,\n"
	"   that final or revision is not published (an event, exit 3) and the next\n"
	"   run makes it.\n"
	"4. Writes the run manifest OUT/runs/<UTC time>-<pid>.json: the files this\n"
	"   run looked at with their counts, skipped and why, reports produced,\n"
	"   and signer_fingerprint (as in fingerprint.txt).\n"
	"--date runs as of that day at 12:00 UTC, --now as of an RFC 3339 instant;\n"
	"default: now. Reports are dated by SOURCE_DATE_EPOCH when set, else by\n"
	"the run's instant (to replay a past --date with a newer certificate, set\n"
	"SOURCE_DATE_EPOCH inside its validity). Events go to stderr, one\n"
	"key=value line each, and a progress bar when stderr is a terminal.\n"
	"--config FILE reads `key = value` lines with the option names above\n"
	"(flags win); see pipeline/deploy/nightly.conf.example.\n",
	"done, with data problems: a landing file damaged, unreadable or\n"
	"     with quarantined rows, contracts with problems, or a final or\n"
	"     revision due that waits for a usable signing key",
	1,
};
