/* ledger_import.c -- the account manager's CSV of earlier months into
 * STATE/ledger (ledger_import.h). Reads the whole file first (a year of
 * SLAs is a few dozen rows), checks every row, and writes only when none
 * has a problem. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/timefmt.h"
#include "ledger.h"
#include "ledger_import.h"
#include "money.h"

#define IMPORT_FIELDS 6
#define IMPORT_MAX_MONTHS 120 /* ten years: more is not an earlier-months file */

static const char *const HEADER[IMPORT_FIELDS] = { "period", "sla_id", "status", "default", "credit", "value" };

/* One problem at path:line in field (NULL: the row). */
static void problem(struct contract_diags *d, const char *path, long line, const char *field,
                    const char *fmt, const char *arg)
{
	if (contract_diag(d, path, line, 0, fmt, arg) < 0 && d->count && field)
		snprintf(d->items[d->count - 1].field, sizeof d->items[d->count - 1].field, "%s", field);
}

/* Splits line (without its end) at commas into f[]; a field may be in
 * double quotes (a spreadsheet's export), with "" for a quote. Returns the
 * number of fields, or -1 for an unclosed quote. */
static int split(char *line, char **f, int max)
{
	int n = 0;
	char *p = line, *o;

	while (n < max) {
		f[n++] = o = p;
		if (*p == '"') {
			p++;
			for (;;) {
				if (!*p)
					return -1;
				if (*p == '"' && p[1] == '"')
					*o++ = '"', p += 2;
				else if (*p == '"') {
					p++;
					break;
				} else
					*o++ = *p++;
			}
			if (*p && *p != ',')
				return -1;
		} else {
			while (*p && *p != ',')
				*o++ = *p++;
		}
		if (!*p) {
			*o = '\0';
			return n;
		}
		*o = '\0';
		p++;
	}
	return n + 1; /* too many: the caller says so */
}

static int plain_decimal(const char *s)
{
	int digits = 0;

	if (*s == '-')
		s++;
	while (isdigit((unsigned char)*s))
		s++, digits++;
	if (*s == '.' && s++)
		while (isdigit((unsigned char)*s))
			s++, digits++;
	return !*s && digits > 0;
}

static int status_from(const char *s)
{
	int i;

	for (i = SLA_MET; i <= SLA_NOT_MEASURABLE; i++)
		if (!strcmp(s, sla_status_name((enum sla_status)i)))
			return i;
	return -1;
}

/* The contract version whose SLAs a month's rows name: the one in force on
 * its first day, else (a month before the client's first version) the
 * client's earliest version. */
static const struct contract *contract_for(const struct contract_set *set, const char *client, int64_t day)
{
	const struct contract *c = contract_set_find(set, client, day), *first = NULL;
	size_t i;

	if (c)
		return c;
	for (i = 0; i < set->count; i++)
		if (!strcmp(set->items[i].client, client) &&
		    (!first || set->items[i].effective_day < first->effective_day))
			first = &set->items[i];
	return first && first->effective_day > day ? first : NULL;
}

static struct ledger_month *month_slot(struct ledger_month *months, size_t *n, int y, int m)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (months[i].year == y && months[i].month == m)
			return &months[i];
	if (*n >= IMPORT_MAX_MONTHS)
		return NULL;
	memset(&months[*n], 0, sizeof months[*n]);
	months[*n].year = y;
	months[*n].month = m;
	months[*n].imported = 1;
	return &months[(*n)++];
}

static int cmp_month(const void *a, const void *b)
{
	const struct ledger_month *x = a, *y = b;

	return (x->year * 12 + x->month) - (y->year * 12 + y->month);
}

int ledger_import_csv(const char *path, const struct contract_set *set, const char *client,
                      const char *state_dir, struct ledger_import_result *res,
                      struct contract_diags *d)
{
	struct ledger_month *months = NULL;
	size_t n_months = 0, i, problems = d->count;
	char line[1024], *f[IMPORT_FIELDS + 1];
	FILE *fp = NULL;
	long lineno = 0;
	int ret = -1, k;

	memset(res, 0, sizeof *res);
	if (!(months = calloc(IMPORT_MAX_MONTHS, sizeof *months))) {
		contract_diag(d, path, 0, 0, "out of memory");
		return -1;
	}
	if (!(fp = fopen(path, "r"))) {
		contract_diag(d, path, 0, 0, "cannot open: %s", strerror(errno));
		goto out;
	}
	while (fgets(line, sizeof line, fp)) {
		char *text = line;
		size_t len = strlen(line);
		int nf, y, m, st, is_default;
		const struct contract *c;
		struct ledger_month *lm;
		struct ledger_sla *ls, *grown;
		int64_t credit = 0;
		const char *why = NULL;

		lineno++;
		if (len == sizeof line - 1 && line[len - 1] != '\n') {
			problem(d, path, lineno, NULL, "line longer than %s bytes", "1022");
			goto out;
		}
		line[strcspn(line, "\r\n")] = '\0';
		if (lineno == 1 && !strncmp(text, "\xEF\xBB\xBF", 3))
			text += 3; /* a spreadsheet's byte-order mark */
		if (!*text && lineno > 1)
			continue;
		nf = split(text, f, IMPORT_FIELDS);
		if (lineno == 1) {
			for (k = 0; nf == IMPORT_FIELDS && k < IMPORT_FIELDS && !strcmp(f[k], HEADER[k]); k++)
				;
			if (k != IMPORT_FIELDS) {
				problem(d, path, 1, "header", "expected the header '%s'",
				        "period,sla_id,status,default,credit,value");
				goto out;
			}
			continue;
		}
		res->rows++;
		if (nf != IMPORT_FIELDS) {
			problem(d, path, lineno, NULL, "expected 6 fields (%s)", nf < 0 ? "a quote is not closed"
			        : "period,sla_id,status,default,credit,value");
			continue;
		}
		if (month_parse(f[0], &y, &m) < 0) {
			problem(d, path, lineno, "period", "'%s' is not a month, expected YYYY-MM", f[0]);
			continue;
		}
		if (!(c = contract_for(set, client, civil_to_days(y, m, 1)))) {
			problem(d, path, lineno, "period", "'%s' is after a version of the client's contract ended and "
			        "before the next one: no SLA ids to check against", f[0]);
			continue;
		}
		for (i = 0; i < c->sla_count && strcmp(c->slas[i].id, f[1]); i++)
			;
		if (i == c->sla_count) {
			problem(d, path, lineno, "sla_id", "'%s' is not an SLA of the client's contract", f[1]);
			continue;
		}
		if ((st = status_from(f[2])) < 0) {
			problem(d, path, lineno, "status", "'%s' is not met, missed, below-minimum or not-measurable", f[2]);
			continue;
		}
		if (strcmp(f[3], "0") && strcmp(f[3], "1")) {
			problem(d, path, lineno, "default", "'%s' is not 0 or 1", f[3]);
			continue;
		}
		is_default = f[3][0] == '1';
		if (is_default && st != SLA_MISSED && st != SLA_BELOW_MINIMUM) {
			problem(d, path, lineno, "default", "a default needs status missed or below-minimum, not '%s'", f[2]);
			continue;
		}
		if (money_parse(f[4], c->minor_units, &credit, &why) < 0) {
			char msg[256];

			snprintf(msg, sizeof msg, "'%s': %s", f[4], why);
			problem(d, path, lineno, "credit", "%s", msg);
			continue;
		}
		if (credit < 0 || (credit > 0 && !is_default)) {
			problem(d, path, lineno, "credit", "'%s': a credit is never negative and is paid only for a default",
			        f[4]);
			continue;
		}
		if (strcmp(f[5], "n/a") && !plain_decimal(f[5])) {
			problem(d, path, lineno, "value", "'%s' is not a number (digits, one '.') or n/a", f[5]);
			continue;
		}
		if (strlen(f[5]) >= sizeof ls->value) {
			problem(d, path, lineno, "value", "'%s' is too long", f[5]);
			continue;
		}
		if (!(lm = month_slot(months, &n_months, y, m))) {
			problem(d, path, lineno, "period", "more than %s months in one file", "120");
			goto out;
		}
		if (ledger_find(lm, f[1])) {
			problem(d, path, lineno, "sla_id", "'%s' appears twice for that month", f[1]);
			continue;
		}
		snprintf(lm->contract_id, sizeof lm->contract_id, "%s", c->id);
		snprintf(lm->currency, sizeof lm->currency, "%s", c->currency);
		if (!(grown = realloc(lm->slas, (lm->sla_count + 1) * sizeof *grown))) {
			contract_diag(d, path, lineno, 0, "out of memory");
			goto out;
		}
		lm->slas = grown;
		ls = &lm->slas[lm->sla_count++];
		memset(ls, 0, sizeof *ls);
		snprintf(ls->sla_id, sizeof ls->sla_id, "%s", f[1]);
		ls->status = (enum sla_status)st;
		ls->is_default = is_default;
		ls->final_minor = credit;
		snprintf(ls->value, sizeof ls->value, "%s", f[5]);
	}
	if (ferror(fp)) {
		contract_diag(d, path, lineno, 0, "read error: %s", strerror(errno));
		goto out;
	}
	if (lineno == 0) {
		problem(d, path, 0, "header", "the file is empty; expected the header '%s'",
		        "period,sla_id,status,default,credit,value");
		goto out;
	}
	/* a month ccsla computed stays as computed */
	for (i = 0; i < n_months; i++) {
		struct ledger_month old;
		struct ccsla_error err;
		int rc = ledger_read(state_dir, client, months[i].year, months[i].month, &old, &err);
		char when[8];

		snprintf(when, sizeof when, "%04d-%02d", months[i].year % 10000, months[i].month % 100);
		if (rc < 0) {
			contract_diag(d, err.file, err.line, 0, "%s", err.msg);
			continue;
		}
		if (rc == 0 && !old.imported)
			problem(d, path, 0, "period", "%s was evaluated by ccsla: its ledger month is not replaced by an "
			        "import", when);
		if (rc == 0)
			ledger_month_release(&old);
	}
	if (d->count > problems)
		goto out;
	if (!n_months) {
		problem(d, path, lineno, NULL, "no data rows after the header%s", "");
		goto out;
	}
	qsort(months, n_months, sizeof *months, cmp_month);
	for (i = 0; i < n_months; i++) {
		struct ccsla_error err;

		if (ledger_write(state_dir, client, &months[i], &err) < 0) {
			contract_diag(d, err.file, err.line, 0, "%s", err.msg);
			goto out;
		}
		res->months++;
	}
	snprintf(res->first, sizeof res->first, "%04d-%02d", months[0].year % 10000, months[0].month % 100);
	snprintf(res->last, sizeof res->last, "%04d-%02d", months[n_months - 1].year % 10000,
	         months[n_months - 1].month % 100);
	ret = 0;
out:
	if (fp)
		fclose(fp);
	for (i = 0; i < n_months; i++)
		ledger_month_release(&months[i]);
	free(months);
	return ret;
}
