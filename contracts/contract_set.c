/* contract_set.c -- the contracts of a directory, overlapping versions, the
 * version in force on a day, and the readable summary of `ccsla contract
 * check` (contract.h). */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "core/timefmt.h"
#include "metrics/availability.h"
#include "contract.h"
#include "contract_forecast.h"
#include "money.h"

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int is_yaml(const char *name)
{
	size_t n = strlen(name);

	return name[0] != '.' && ((n > 5 && !strcmp(name + n - 5, ".yaml")) ||
	                          (n > 4 && !strcmp(name + n - 4, ".yml")));
}

int contract_set_add(struct contract_set *s, struct contract *c)
{
	struct contract *p = realloc(s->items, (s->count + 1) * sizeof *p);

	if (!p)
		return -1;
	s->items = p;
	s->items[s->count++] = *c;
	memset(c, 0, sizeof *c);
	return 0;
}

int contract_set_load_dir(struct contract_set *s, const char *dir, struct contract_diags *d)
{
	DIR *dp;
	struct dirent *de;
	char **names = NULL, path[4096];
	size_t n = 0, i;
	int ret = 0;

	memset(s, 0, sizeof *s);
	{
		struct stat st;
		struct contract c;
		/* a file: that one contract, as `contract check FILE` takes it */
		if (stat(dir, &st) == 0 && !S_ISDIR(st.st_mode)) {
			if (contract_load(&c, dir, d) < 0)
				ret = -1;
			else if (contract_set_add(s, &c) < 0) {
				contract_release(&c);
				ret = -1;
			}
			if (contract_set_check(s, d) < 0)
				ret = -1;
			return ret;
		}
	}
	if (!(dp = opendir(dir))) {
		contract_diag(d, dir, 0, 0, "cannot read the contracts directory or file: %s", strerror(errno));
		return -1;
	}
	while ((de = readdir(dp))) {
		char **p;
		if (!is_yaml(de->d_name))
			continue;
		if (!(p = realloc(names, (n + 1) * sizeof *p)) || !(p[n] = strdup(de->d_name))) {
			names = p ? p : names;
			ret = -1;
			break;
		}
		names = p;
		n++;
	}
	closedir(dp);
	qsort(names, n, sizeof *names, cmp_name);
	for (i = 0; i < n; i++) {
		struct contract c;
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		if (contract_load(&c, path, d) < 0) {
			ret = -1;
			continue;
		}
		if (contract_set_add(s, &c) < 0) {
			contract_release(&c);
			ret = -1;
		}
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (contract_set_check(s, d) < 0)
		ret = -1;
	return ret;
}

static void format_day(int64_t day, char *buf, size_t size)
{
	int y, m, dd;

	if (day == CONTRACT_OPEN_END) {
		snprintf(buf, size, "open-ended");
		return;
	}
	days_to_civil(day, &y, &m, &dd);
	snprintf(buf, size, "%04d-%02d-%02d", y, m, dd);
}

/* qsort has no context argument: the set being sorted */
static const struct contract *sort_items;

/* client (letter case folded), then effective, then file */
static int cmp_client(const void *a, const void *b)
{
	const struct contract *x = &sort_items[*(const size_t *)a], *y = &sort_items[*(const size_t *)b];
	int r = strcasecmp(x->client, y->client);

	if (r)
		return r;
	if (x->effective_day != y->effective_day)
		return x->effective_day < y->effective_day ? -1 : 1;
	return strcmp(x->path, y->path);
}

static int cmp_id(const void *a, const void *b)
{
	const struct contract *x = &sort_items[*(const size_t *)a], *y = &sort_items[*(const size_t *)b];
	int r = strcmp(x->id, y->id);

	return r ? r : strcmp(x->path, y->path);
}

int contract_set_check(struct contract_set *s, struct contract_diags *d)
{
	size_t *ix, i, j, last, first;
	int ret = 0;

	if (s->count < 1)
		return 0;
	if (!(ix = malloc(s->count * sizeof *ix)))
		return contract_diag(d, s->items[0].path, 0, 0, "out of memory");
	for (i = 0; i < s->count; i++)
		ix[i] = i;
	sort_items = s->items;
	qsort(ix, s->count, sizeof *ix, cmp_client);
	/* An open-ended version ends the day before the client's next one
	 * starts (contracts.md v2). Recomputed each time, so checking twice
	 * gives the same set. */
	for (i = 0; i < s->count; i++) {
		struct contract *a = &s->items[ix[i]];
		if (a->has_until)
			continue;
		a->until_day = CONTRACT_OPEN_END;
		for (j = i + 1; j < s->count && !strcasecmp(s->items[ix[j]].client, a->client); j++)
			if (s->items[ix[j]].effective_day > a->effective_day) {
				a->until_day = s->items[ix[j]].effective_day - 1;
				break;
			}
	}
	/* Per client, in order of effective: a version overlaps when it starts
	 * on or before the latest end so far (`last`; an open-ended version
	 * ends where the next later start is, so one starting the same day
	 * overlaps it). */
	for (i = 0, last = first = 0; i < s->count; i++) {
		const struct contract *b = &s->items[ix[i]], *a = &s->items[ix[first]];
		char from[16], to[16];
		if (!i || strcasecmp(s->items[ix[i - 1]].client, b->client)) {
			last = first = i;
			continue;
		}
		if (strcmp(a->client, b->client)) {
			ret = contract_diag(d, b->path, b->effective_line, b->effective_column,
			                    "client '%s' differs from client '%s' of %s (%s) only in letter case: their out/ and STATE/ folders collide on a case-insensitive file system; write one spelling",
			                    b->client, a->client, a->id, a->path);
			continue;
		}
		a = &s->items[ix[last]];
		if (b->effective_day <= a->until_day) {
			format_day(a->effective_day, from, sizeof from);
			format_day(a->until_day, to, sizeof to);
			ret = contract_diag(d, b->path, b->effective_line, b->effective_column,
			                    "overlapping versions for client '%s': %s (%s) is in effect %s..%s too; make 'effective'..'until' disjoint",
			                    b->client, a->id, a->path, from, to);
		}
		if (b->until_day > a->until_day)
			last = i;
	}
	/* one contract id, one contract: reports and ledgers name it */
	qsort(ix, s->count, sizeof *ix, cmp_id);
	for (i = 1; i < s->count; i++) {
		const struct contract *a = &s->items[ix[i - 1]], *b = &s->items[ix[i]];
		if (!strcmp(a->id, b->id))
			ret = contract_diag(d, b->path, b->id_line, b->id_column,
			                    "contract id '%s' is used by %s too: give each version its own id",
			                    b->id, a->path);
	}
	free(ix);
	return ret;
}

const struct contract *contract_set_find(const struct contract_set *s, const char *client,
                                         int64_t day)
{
	size_t i;

	for (i = 0; i < s->count; i++)
		if (!strcmp(s->items[i].client, client) && s->items[i].effective_day <= day &&
		    day <= s->items[i].until_day)
			return &s->items[i];
	return NULL;
}

void contract_set_release(struct contract_set *s)
{
	size_t i;

	for (i = 0; i < s->count; i++)
		contract_release(&s->items[i]);
	free(s->items);
	s->items = NULL;
	s->count = 0;
}

/* ---- summary ---- */

static void print_date(FILE *fp, int64_t day)
{
	int y, m, d;

	days_to_civil(day, &y, &m, &d);
	fprintf(fp, "%04d-%02d-%02d", y, m, d);
}

static void print_pct(FILE *fp, int64_t e6)
{
	char buf[32];
	size_t n;

	/* up to 4 decimals, trailing zeros dropped: 12 %, 12.5 % */
	decimal_format(e6, 4, 4, buf, sizeof buf);
	n = strlen(buf);
	while (n && buf[n - 1] == '0')
		buf[--n] = '\0';
	if (n && buf[n - 1] == '.')
		buf[--n] = '\0';
	fprintf(fp, "%s %%", buf);
}

static void print_hours(FILE *fp, const struct calendar *cal)
{
	static const char *const wd[7] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };
	int d, r;

	if (!cal->has_hours) {
		fprintf(fp, "  service hours: around the clock\n");
		return;
	}
	fprintf(fp, "  service hours:");
	for (d = 0; d < 7; d++) {
		fprintf(fp, " %s ", wd[d]);
		if (!cal->range_count[d])
			fprintf(fp, "closed");
		for (r = 0; r < cal->range_count[d]; r++)
			fprintf(fp, "%s%02d:%02d-%02d:%02d", r ? "," : "",
			        cal->hours[d][r].from_min / 60, cal->hours[d][r].from_min % 60,
			        cal->hours[d][r].to_min / 60, cal->hours[d][r].to_min % 60);
		fprintf(fp, d < 6 ? ";" : "\n");
	}
}

void contract_print_summary(const struct contract *c, FILE *fp)
{
	const struct credit_terms *t = &c->credits;
	char buf[64], when[32];
	size_t i;

	fprintf(fp, "%s: contract %s, valid\n", c->path, c->id);
	fprintf(fp, "  client: %s (%s); contact centre: %s\n", c->client, c->client_name, c->ccc_name);
	fprintf(fp, "  in effect: ");
	print_date(fp, c->effective_day);
	fprintf(fp, " .. ");
	if (c->until_day == CONTRACT_OPEN_END)
		fprintf(fp, "open-ended");
	else
		print_date(fp, c->until_day);
	if (!c->has_until && c->until_day != CONTRACT_OPEN_END)
		fprintf(fp, " (no 'until': ends when the next version starts)");
	fprintf(fp, "; time zone %s; currency %s (%d decimals)\n", c->timezone, c->currency, c->minor_units);
	print_hours(fp, &c->cal);
	fprintf(fp, "  holidays: %zu", c->cal.holiday_count);
	for (i = 0; i < c->cal.holiday_count; i++) {
		fputc(i ? ',' : ' ', fp);
		print_date(fp, c->cal.holidays[i]);
	}
	fputc('\n', fp);
	for (i = 0; i < c->cal.exclusion_count; i++) {
		const struct exclusion *e = &c->cal.exclusions[i];
		rfc3339_format_utc(e->from_ms, buf, sizeof buf);
		rfc3339_format_utc(e->to_ms, when, sizeof when);
		fprintf(fp, "  exclusion: %s .. %s, %s, \"%s\", approved by %s\n", buf, when, e->reason,
		        e->note, e->approved_by);
	}
	contract_forecast_print(c, fp);
	contract_staffing_print(c, fp);
	money_format(t->monthly_charges_minor, c->minor_units, buf, sizeof buf);
	fprintf(fp, "  monthly charges: %s %s\n", buf, c->currency);
	if (t->model == CREDIT_AT_RISK) {
		int64_t at_risk = 0;
		money_scale(t->monthly_charges_minor, &t->at_risk_e6, 1, &at_risk);
		money_format(at_risk, c->minor_units, buf, sizeof buf);
		fprintf(fp, "  credits: at-risk, ");
		print_pct(fp, t->at_risk_e6);
		fprintf(fp, " of charges = %s %s (monthly cap); pool ", buf, c->currency);
		print_pct(fp, t->pool_e6);
		fprintf(fp, "; default at target miss number %d in 12 months; repeat multiplier ", t->expected_defaults);
		decimal_format(t->repeat_multiplier_e6, 6, 2, buf, sizeof buf);
		fprintf(fp, "%s", buf);
		if (t->earn_back_months) {
			fprintf(fp, "; earn-back ");
			print_pct(fp, t->earn_back_share_e6);
			fprintf(fp, " after %d months on target", t->earn_back_months);
		}
		fputc('\n', fp);
	} else {
		fprintf(fp, "  credits: linear, ");
		print_pct(fp, t->pct_per_point_e6);
		fprintf(fp, " of charges per point below target, capped at ");
		print_pct(fp, t->cap_e6);
		fputc('\n', fp);
	}
	for (i = 0; i < c->sla_count; i++) {
		const struct sla *s = &c->slas[i];
		int ch, first = 1;
		fprintf(fp, "  sla %s (%s)%s%s: %s %s", s->id,
		        s->owed_by_client ? "owed by client" : s->critical ? "critical" : "key",
		        s->title[0] ? " " : "", s->title, metric_name(s->metric),
		        target_format(&s->target, buf, sizeof buf));
		if (s->has_minimum)
			fprintf(fp, ", minimum %s", target_format(&s->minimum, buf, sizeof buf));
		if (s->critical && t->model == CREDIT_AT_RISK) {
			fprintf(fp, ", allocation ");
			print_pct(fp, s->allocation_e6);
		}
		fprintf(fp, "\n    channels ");
		for (ch = 0; ch < CH_COUNT; ch++)
			if (!s->filter.channels || (s->filter.channels & (1u << ch))) {
				fprintf(fp, "%s%s", first ? "" : ",", channel_name(ch));
				first = 0;
			}
		fprintf(fp, "; queues ");
		if (!s->queue_count)
			fprintf(fp, "all");
		for (size_t q = 0; q < s->queue_count; q++)
			fprintf(fp, "%s%s", q ? "," : "", s->queues[q]);
		fprintf(fp, "; %s", s->filter.direction < 0 ? "both directions" : direction_name(s->filter.direction));
		fprintf(fp, "; period month%s; min_volume %lld; comparison %s\n",
		        s->filter.service_hours_only ? " (service hours only)" : "",
		        (long long)s->min_volume, s->exact ? "exact" : "rounded");
		evaluate_each_print_summary(s, fp);
		contract_forecast_print_sla(c, s, fp);
		if (s->metric == METRIC_FORECAST_ACCURACY)
			continue;
		if (metric_is_opslog(s->metric)) {
			if (s->metric == METRIC_AVAILABILITY) {
				fprintf(fp, "    outage causes counted:");
				for (int k = 0; k < CAUSE_COUNT; k++)
					if (s->causes & 1u << k)
						fprintf(fp, " %s", outage_cause_name(k));
			} else if (s->metric == METRIC_REPORT_ON_TIME) {
				fprintf(fp, "    the previous month's final issued by the end of open day %d after it "
				        "(report.due_working_days)", c->due_working_days);
			} else if (metric_is_complaint(s->metric)) {
				char within[48];

				fprintf(fp, "    within %s; caused_by",
				        complaint_deadline_text(&s->within, within, sizeof within));
				for (int k = 0; k < CAUSED_COUNT; k++)
					if (s->caused_by & 1u << k)
						fprintf(fp, " %s", complaint_cause_name(k));
			} else if (c->quality_pass_score_cents >= 0) {
				fprintf(fp, "    pass_score %lld.%02lld (contract quality.pass_score)",
				        (long long)(c->quality_pass_score_cents / 100),
				        (long long)(c->quality_pass_score_cents % 100));
			} else {
				fprintf(fp, "    no quality.pass_score: an evaluation without 'passed' is undecided");
			}
			fputc('\n', fp);
			continue;
		}
		fprintf(fp, "    T %lds, short abandon %lds, abandons %s, callbacks %s, overflow %s, clock %s",
		        (long)s->params.threshold_s, (long)s->params.short_abandon_s,
		        abandons_rule_name(s->params.abandons), count_rule_name(s->params.callbacks),
		        count_rule_name(s->params.overflow),
		        s->params.clock == CLOCK_SERVICE_HOURS ? "service_hours" : "elapsed");
		if (s->metric == METRIC_FCR)
			fprintf(fp, ", fcr method %s", s->params.fcr == FCR_REPEAT ? "repeat" : "recorded");
		if (s->params.fcr == FCR_REPEAT)
			fprintf(fp, " (window %ld days)", (long)s->params.fcr_window_days);
		fputc('\n', fp);
	}
}

const struct contract *contract_set_next_client(const struct contract_set *s, size_t *k)
{
	while (*k < s->count) {
		const struct contract *c = &s->items[(*k)++];
		size_t j;

		for (j = 0; j + 1 < *k && strcmp(s->items[j].client, c->client); j++)
			;
		if (j + 1 == *k)
			return c; /* no earlier file of this client */
	}
	return NULL;
}
