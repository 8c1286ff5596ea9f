/* credits.c -- a month's service-credit statement from SLA statuses and
 * ledger history (credits.h; rules: spec/contracts.md "Credits").
 *
 * Rounding: each line is rounded once, half-up, from the exact product
 * (money_scale). When the month's cap bites, the capped total is shared out
 * over the lines in proportion to their uncapped amounts, by largest
 * remainder, so that the lines finance books add up to the capped total to
 * the minor unit and each line's earn-back refers to what was really paid. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "credits.h"
#include "money.h"

typedef __int128 i128;

const char *sla_status_name(enum sla_status s)
{
	switch (s) {
	case SLA_MET: return "met";
	case SLA_MISSED: return "missed";
	case SLA_BELOW_MINIMUM: return "below-minimum";
	case SLA_NOT_MEASURABLE: return "not-measurable";
	}
	return "?";
}

int credits_is_default(const struct credit_terms *terms, enum sla_status status,
                       int prior_target_misses)
{
	int expected = terms->expected_defaults > 0 ? terms->expected_defaults : 1;

	if (status == SLA_BELOW_MINIMUM)
		return 1;
	/* "misses its target for the expected_defaults-th time within the last
	 * 12 months": this month's miss plus the earlier ones in the window */
	return status == SLA_MISSED && prior_target_misses + 1 >= expected;
}

static const char *ordinal_suffix(int n)
{
	if (n % 100 >= 11 && n % 100 <= 13)
		return "th";
	switch (n % 10) {
	case 1: return "st";
	case 2: return "nd";
	case 3: return "rd";
	}
	return "th";
}

static int at_risk_line(const struct credit_terms *t, const struct credit_input *in,
                        struct credit_line *l)
{
	int64_t f[3];

	l->target_misses_12m = in->prior_target_misses +
		(in->status == SLA_MISSED || in->status == SLA_BELOW_MINIMUM);
	l->is_default = credits_is_default(t, in->status, in->prior_target_misses);
	if (in->status == SLA_NOT_MEASURABLE) {
		snprintf(l->note, sizeof l->note, "not measurable: no credit");
		return 0;
	}
	if (!l->is_default) {
		if (in->status == SLA_MISSED)
			snprintf(l->note, sizeof l->note, "%d%s target miss in 12 months, the %d%s is a default: no credit",
			         l->target_misses_12m, ordinal_suffix(l->target_misses_12m),
			         t->expected_defaults, ordinal_suffix(t->expected_defaults));
		return 0;
	}
	if (in->status == SLA_BELOW_MINIMUM)
		snprintf(l->note, sizeof l->note, "below minimum");
	else
		snprintf(l->note, sizeof l->note, "%d%s target miss in 12 months",
		         l->target_misses_12m, ordinal_suffix(l->target_misses_12m));
	if (in->default_last_month && t->repeat_multiplier_e6 != RATIO_ONE_E6) {
		l->multiplier_e6 = t->repeat_multiplier_e6;
		size_t len = strlen(l->note);
		snprintf(l->note + len, sizeof l->note - len, "; in default the month before too");
	}
	/* charges × at_risk_pct × allocation_pct × multiplier, rounded once */
	f[0] = t->at_risk_e6;
	f[1] = in->allocation_e6;
	f[2] = l->multiplier_e6;
	return money_scale(t->monthly_charges_minor, f, 3, &l->uncapped_minor);
}

static int linear_line(const struct credit_terms *t, const struct credit_input *in,
                       struct credit_line *l)
{
	int64_t f[2];

	l->target_misses_12m = 0;
	if (in->status == SLA_NOT_MEASURABLE) {
		snprintf(l->note, sizeof l->note, "not measurable: no credit");
		return 0;
	}
	if (in->status == SLA_MET || in->shortfall_e6 <= 0)
		return 0;
	snprintf(l->note, sizeof l->note, "below target");
	/* shortfall_e6 is points × 10^6; pct_per_point_e6 is a ratio × 10^6,
	 * so the two factors give charges × ratio × points */
	f[0] = t->pct_per_point_e6;
	f[1] = in->shortfall_e6;
	return money_scale(t->monthly_charges_minor, f, 2, &l->uncapped_minor);
}

/* Shares cap over the lines in proportion to their uncapped amounts:
 * floors first, then one minor unit each to the largest remainders
 * (earlier lines first on ties). */
static void apportion(struct credit_line *lines, size_t n, int64_t total, int64_t cap)
{
	int64_t given = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		lines[i].final_minor = (int64_t)((i128)lines[i].uncapped_minor * cap / total);
		given += lines[i].final_minor;
	}
	while (given < cap) {
		size_t best = n;
		i128 best_rem = -1;
		for (i = 0; i < n; i++) {
			i128 exact = (i128)lines[i].uncapped_minor * cap;
			i128 rem = exact - (i128)lines[i].final_minor * total;
			/* a line already topped up has rem < 0 now, never picked again */
			if (lines[i].uncapped_minor > 0 && rem > best_rem && rem > 0) {
				best = i;
				best_rem = rem;
			}
		}
		if (best == n)
			break;
		lines[best].final_minor++;
		given++;
	}
}

int credits_compute(const struct credit_terms *t,
                    const struct credit_input *in, size_t n,
                    const struct earn_back_input *eb, size_t neb,
                    struct credit_statement *out)
{
	size_t i;
	int64_t f[1];

	memset(out, 0, sizeof *out);
	if (n && !(out->lines = calloc(n, sizeof *out->lines)))
		goto fail;
	if (neb && !(out->earn_backs = calloc(neb, sizeof *out->earn_backs)))
		goto fail;
	out->line_count = n;
	f[0] = t->model == CREDIT_AT_RISK ? t->at_risk_e6 : t->cap_e6;
	if (money_scale(t->monthly_charges_minor, f, 1, &out->cap_minor) < 0)
		goto fail;

	for (i = 0; i < n; i++) {
		struct credit_line *l = &out->lines[i];
		int rc;

		snprintf(l->sla_id, sizeof l->sla_id, "%s", in[i].sla_id);
		l->status = in[i].status;
		l->allocation_e6 = in[i].allocation_e6;
		l->multiplier_e6 = RATIO_ONE_E6;
		rc = t->model == CREDIT_AT_RISK ? at_risk_line(t, &in[i], l)
		                                : linear_line(t, &in[i], l);
		if (rc < 0)
			goto fail;
		out->uncapped_total_minor += l->uncapped_minor;
		l->final_minor = l->uncapped_minor;
	}
	if (out->uncapped_total_minor > out->cap_minor) {
		out->cap_applied = 1;
		apportion(out->lines, n, out->uncapped_total_minor, out->cap_minor);
		out->capped_total_minor = out->cap_minor;
	} else {
		out->capped_total_minor = out->uncapped_total_minor;
	}

	for (i = 0; i < neb; i++) {
		struct earn_back_line *e;

		if (t->model != CREDIT_AT_RISK || t->earn_back_months <= 0 ||
		    !eb[i].met_every_month || eb[i].orig_final_minor <= 0)
			continue;
		e = &out->earn_backs[out->earn_back_count++];
		snprintf(e->sla_id, sizeof e->sla_id, "%s", eb[i].sla_id);
		e->orig_year = eb[i].orig_year;
		e->orig_month = eb[i].orig_month;
		e->orig_final_minor = eb[i].orig_final_minor;
		f[0] = t->earn_back_share_e6;
		if (money_scale(eb[i].orig_final_minor, f, 1, &e->amount_minor) < 0)
			goto fail;
		out->earn_back_total_minor += e->amount_minor;
	}
	out->net_total_minor = out->capped_total_minor - out->earn_back_total_minor;
	return 0;
fail:
	credit_statement_release(out);
	return -1;
}

void credit_statement_release(struct credit_statement *st)
{
	free(st->lines);
	free(st->earn_backs);
	st->lines = NULL;
	st->earn_backs = NULL;
	st->line_count = st->earn_back_count = 0;
}
