/* sign_ledger.c -- the issue instant of a final signed by hand (sign_ledger.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contracts/ledger.h"
#include "core/fsutil.h"
#include "core/timefmt.h"
#include "reports/recompute/recompute.h"
#include "reports/sign/pdfparse.h"
#include "sign_ledger.h"

#define MANIFEST_MAX (16u << 20)

int sign_ledger_check(struct sign_ledger *sl, const char *pdf_path, const char *state, struct ccsla_error *err)
{
	struct pdf_doc d;
	struct ledger_month lm;
	unsigned char *data = NULL;
	char *buf = NULL, *json = NULL, status[16];
	size_t len, n = 0;
	int rc;

	memset(sl, 0, sizeof *sl);
	sl->state = state;
	if (read_file(pdf_path, &buf, &len, err) < 0)
		return -1;
	if (pdf_open(&d, (const unsigned char *)buf, len, pdf_path, err) < 0) {
		free(buf);
		return -1;
	}
	rc = pdf_embedded_file(&d, "manifest.json", MANIFEST_MAX, &data, &n, err);
	pdf_close(&d);
	free(buf);
	if (rc < 0)
		return -1;
	if (rc == 1)
		return ccsla_error_set(err, pdf_path, 0, NULL, "--state: no manifest.json attached, not a ccsla report: "
		                       "no issue instant to record");
	if (!(json = malloc(n + 1))) {
		free(data);
		return ccsla_error_set(err, NULL, 0, NULL, "out of memory");
	}
	memcpy(json, data, n);
	json[n] = '\0';
	free(data);
	rc = manifest_string(json, "client", sl->client, sizeof sl->client) < 0 ||
	     manifest_string(json, "period", sl->period, sizeof sl->period) < 0 ||
	     manifest_string(json, "status", status, sizeof status) < 0 ||
	     month_parse(sl->period, &sl->year, &sl->month) < 0;
	free(json);
	if (rc)
		return ccsla_error_set(err, pdf_path, 0, "manifest.json", "--state: the attached manifest lacks client, "
		                       "period or status");
	if (strcmp(status, "final") != 0)
		return ccsla_error_set(err, pdf_path, 0, NULL, "--state: %s %s is a %s, not a final: only a final's "
		                       "signing is the month's delivery (nothing signed)", sl->client, sl->period, status);
	if ((rc = ledger_read(state, sl->client, sl->year, sl->month, &lm, err)) < 0)
		return -1;
	if (rc == 1)
		return ccsla_error_set(err, state, 0, NULL, "--state: the ledger has no %s for %s (ccsla evaluate "
		                       "records it first; nothing signed)", sl->period, sl->client);
	sl->has_issued = lm.has_issued;
	sl->issued_ms = lm.issued_ms;
	ledger_month_release(&lm);
	return 0;
}

int sign_ledger_record(struct sign_ledger *sl, int64_t signing_time_s, struct ccsla_error *err)
{
	struct ledger_month lm;
	int rc;

	if ((rc = ledger_read(sl->state, sl->client, sl->year, sl->month, &lm, err)) != 0)
		return rc < 0 ? -1 : ccsla_error_set(err, sl->state, 0, NULL, "the ledger's %s of %s is gone",
		                                     sl->period, sl->client);
	if (lm.has_issued) { /* signed before: the first signing was the delivery */
		sl->has_issued = 1;
		sl->issued_ms = lm.issued_ms;
		ledger_month_release(&lm);
		return 1;
	}
	lm.has_issued = 1;
	lm.issued_ms = signing_time_s * 1000;
	rc = ledger_write(sl->state, sl->client, &lm, err);
	sl->issued_ms = lm.issued_ms;
	ledger_month_release(&lm);
	return rc < 0 ? -1 : 0;
}
