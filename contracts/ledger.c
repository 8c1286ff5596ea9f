/* ledger.c -- the per-client month files of STATE/ledger (ledger.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fsutil.h"
#include "core/timefmt.h"
#include "ledger.h"
#include "money.h"

static void month_path(char *buf, size_t size, const char *state, const char *client, int y, int m)
{
	snprintf(buf, size, "%s/ledger/%s/%04d-%02d.txt", state, client, y, m);
}

static int status_parse(const char *s)
{
	int i;

	for (i = SLA_MET; i <= SLA_NOT_MEASURABLE; i++)
		if (!strcmp(s, sla_status_name((enum sla_status)i)))
			return i;
	return -1;
}

void ledger_month_release(struct ledger_month *m)
{
	free(m->slas);
	free(m->earn_backs);
	m->slas = NULL;
	m->earn_backs = NULL;
	m->sla_count = m->earn_back_count = 0;
}

int ledger_read(const char *state_dir, const char *client, int year, int month,
                struct ledger_month *m, struct ccsla_error *err)
{
	char path[4096], line[1024], *f[6], *save;
	FILE *fp;
	long lineno = 0;
	int ret = -1, ended = 0, n;

	memset(m, 0, sizeof *m);
	m->year = year;
	m->month = month;
	month_path(path, sizeof path, state_dir, client, year, month);
	if (!(fp = fopen(path, "r"))) {
		if (errno == ENOENT)
			return 1;
		return ccsla_error_set(err, path, 0, NULL, "cannot open: %s", strerror(errno));
	}
	while (fgets(line, sizeof line, fp)) {
		lineno++;
		line[strcspn(line, "\n")] = '\0';
		for (n = 0, save = line; n < 6; n++) {
			f[n] = save;
			if (!save)
				break;
			save = strchr(save, '\t');
			if (save)
				*save++ = '\0';
		}
		if (lineno == 1) {
			if (strcmp(f[0], "ccsla-ledger") || !f[1] || strcmp(f[1], "1")) {
				ccsla_error_set(err, path, lineno, NULL, "not a version 1 ledger file");
				goto out;
			}
		} else if (!strcmp(f[0], "contract") && n >= 2) {
			snprintf(m->contract_id, sizeof m->contract_id, "%s", f[1]);
		} else if (!strcmp(f[0], "currency") && n >= 2) {
			snprintf(m->currency, sizeof m->currency, "%s", f[1]);
		} else if (!strcmp(f[0], "source") && n >= 2 && !strcmp(f[1], "imported")) {
			m->imported = 1;
		} else if (!strcmp(f[0], "issued") && n >= 2) {
			const char *why;

			if (rfc3339_parse(f[1], &m->issued_ms, &why) != 0) {
				ccsla_error_set(err, path, lineno, "issued", "'%s' is not an RFC 3339 instant", f[1]);
				goto out;
			}
			m->has_issued = 1;
		} else if (!strcmp(f[0], "sla") && n == 6 && status_parse(f[2]) >= 0) {
			struct ledger_sla *p = realloc(m->slas, (m->sla_count + 1) * sizeof *p), *s;
			if (!p)
				goto oom;
			m->slas = p;
			s = &m->slas[m->sla_count++];
			memset(s, 0, sizeof *s);
			snprintf(s->sla_id, sizeof s->sla_id, "%s", f[1]);
			s->status = (enum sla_status)status_parse(f[2]);
			s->is_default = !strcmp(f[3], "1");
			s->final_minor = strtoll(f[4], NULL, 10);
			snprintf(s->value, sizeof s->value, "%s", f[5]);
		} else if (!strcmp(f[0], "earnback") && n >= 4) {
			struct earn_back_line *p = realloc(m->earn_backs, (m->earn_back_count + 1) * sizeof *p), *e;
			if (!p)
				goto oom;
			m->earn_backs = p;
			e = &m->earn_backs[m->earn_back_count++];
			memset(e, 0, sizeof *e);
			snprintf(e->sla_id, sizeof e->sla_id, "%s", f[1]);
			if (sscanf(f[2], "%d-%d", &e->orig_year, &e->orig_month) != 2) {
				ccsla_error_set(err, path, lineno, "earnback", "month '%s' is not YYYY-MM", f[2]);
				goto out;
			}
			e->amount_minor = strtoll(f[3], NULL, 10);
		} else if (!strcmp(f[0], "end")) {
			ended = 1;
		} else {
			ccsla_error_set(err, path, lineno, NULL, "unexpected line '%s'", f[0]);
			goto out;
		}
	}
	if (!ended) {
		ccsla_error_set(err, path, lineno, NULL, "the file ends without its 'end' line (damaged)");
		goto out;
	}
	ret = 0;
	goto out;
oom:
	ccsla_error_set(err, path, lineno, NULL, "out of memory");
out:
	fclose(fp);
	if (ret < 0)
		ledger_month_release(m);
	return ret;
}

int ledger_write(const char *state_dir, const char *client, const struct ledger_month *m,
                 struct ccsla_error *err)
{
	struct atomic_file af;
	struct ledger_month old;
	char path[4096], when[40];
	int64_t issued_ms = m->issued_ms;
	int has_issued = m->has_issued;
	size_t i;

	if (!has_issued) {
		struct ccsla_error ignored;

		/* a damaged file is replaced as before: its instant is not known */
		if (ledger_read(state_dir, client, m->year, m->month, &old, &ignored) == 0) {
			has_issued = old.has_issued;
			issued_ms = old.issued_ms;
			ledger_month_release(&old);
		}
	}
	month_path(path, sizeof path, state_dir, client, m->year, m->month);
	if (atomic_open(&af, path, err) < 0)
		return -1;
	fprintf(af.fp, "ccsla-ledger\t1\ncontract\t%s\ncurrency\t%s\n", m->contract_id, m->currency);
	if (m->imported)
		fprintf(af.fp, "source\timported\n");
	if (has_issued) {
		rfc3339_format_utc(issued_ms, when, sizeof when);
		fprintf(af.fp, "issued\t%s\n", when);
	}
	for (i = 0; i < m->sla_count; i++) {
		const struct ledger_sla *s = &m->slas[i];
		fprintf(af.fp, "sla\t%s\t%s\t%d\t%lld\t%s\n", s->sla_id, sla_status_name(s->status),
		        s->is_default, (long long)s->final_minor, s->value);
	}
	for (i = 0; i < m->earn_back_count; i++) {
		const struct earn_back_line *e = &m->earn_backs[i];
		fprintf(af.fp, "earnback\t%s\t%04d-%02d\t%lld\n", e->sla_id, e->orig_year,
		        e->orig_month, (long long)e->amount_minor);
	}
	fprintf(af.fp, "end\n");
	return atomic_commit(&af, err);
}

const struct ledger_sla *ledger_find(const struct ledger_month *m, const char *sla_id)
{
	size_t i;

	for (i = 0; i < m->sla_count; i++)
		if (!strcmp(m->slas[i].sla_id, sla_id))
			return &m->slas[i];
	return NULL;
}

int ledger_history(const char *state_dir, const char *client, int year, int month,
                   struct ledger_month *hist, int *present, int n, struct ccsla_error *err)
{
	int k, y = year, m = month, rc;

	for (k = 0; k < n; k++) {
		if (--m == 0) {
			m = 12;
			y--;
		}
		rc = ledger_read(state_dir, client, y, m, &hist[k], err);
		if (rc < 0) {
			while (k-- > 0)
				if (present[k])
					ledger_month_release(&hist[k]);
			return -1;
		}
		present[k] = rc == 0;
	}
	return 0;
}

static int missed(const struct ledger_sla *s)
{
	return s && (s->status == SLA_MISSED || s->status == SLA_BELOW_MINIMUM);
}

int ledger_prior_misses(const struct ledger_month *hist, const int *present, const char *sla_id)
{
	int k, count = 0;

	/* the window is this month and the 11 before it */
	for (k = 0; k < 11; k++)
		if (present[k] && missed(ledger_find(&hist[k], sla_id)))
			count++;
	return count;
}

int ledger_default_last_month(const struct ledger_month *hist, const int *present, const char *sla_id)
{
	const struct ledger_sla *s = present[0] ? ledger_find(&hist[0], sla_id) : NULL;

	return s && s->is_default;
}

int ledger_earn_back(const struct ledger_month *hist, const int *present, int months,
                     const char *sla_id, int met_now, struct earn_back_input *eb)
{
	const struct ledger_sla *orig, *s;
	int k;

	if (months <= 0 || months > 12 || !present[months - 1])
		return 0;
	orig = ledger_find(&hist[months - 1], sla_id);
	if (!orig || !orig->is_default || orig->final_minor <= 0)
		return 0;
	memset(eb, 0, sizeof *eb);
	snprintf(eb->sla_id, sizeof eb->sla_id, "%s", sla_id);
	eb->orig_year = hist[months - 1].year;
	eb->orig_month = hist[months - 1].month;
	eb->orig_final_minor = orig->final_minor;
	eb->met_every_month = met_now;
	/* every month between must be in the ledger and on target; a missing
	 * month cannot prove it, so it cancels too */
	for (k = 0; k < months - 1; k++) {
		s = present[k] ? ledger_find(&hist[k], sla_id) : NULL;
		if (!s || s->status != SLA_MET)
			eb->met_every_month = 0;
	}
	return 1;
}
