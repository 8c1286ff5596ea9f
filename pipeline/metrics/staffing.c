/* staffing.c -- offered, handle time, traffic and required agents per local
 * interval (staffing.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/store.h"
#include "core/timefmt.h"
#include "staffing.h"
#include "staffing_agents.h"
#include "staffing_forecast.h"

/* Local weekday and minute of day of an interval group, from its own offset. */
static void local_of(const struct metrics_group *g, int *weekday, int32_t *minute)
{
	int64_t local = g->interval_ms + (int64_t)g->interval_offset_s * 1000;
	int64_t day = floor_div(local, MS_PER_DAY);

	*weekday = days_weekday(day);
	*minute = (int32_t)((local - day * MS_PER_DAY) / 60000);
}

static int kept(const struct staffing_params *sp, int weekday)
{
	return !sp->weekdays || (sp->weekdays >> weekday & 1u);
}

static int64_t arrivals(const struct staffing_params *sp, const struct metric_counts *c)
{
	return c->offered + (sp->arrivals_all ? c->deflected : 0);
}

/* One row's model: lambda per second over an interval of interval_s. */
static int model_row(const struct staffing_params *sp, double interval_s, double period_aht_s,
                     double theta, int64_t handled, int64_t handle_sum_s, struct staffing_row *row,
                     struct ccsla_error *err)
{
	struct erlang_load ld;

	row->aht_from_period = 0;
	if (sp->aht_fixed_s > 0) {
		row->aht_s = sp->aht_fixed_s;
	} else if (handled > 0) {
		row->aht_s = (double)handle_sum_s / (double)handled;
	} else {
		row->aht_s = period_aht_s;
		row->aht_from_period = 1;
	}
	row->required = -1;
	row->traffic_erlangs = 0;
	memset(&row->at_required, 0, sizeof row->at_required);
	if (row->offered <= 0) {
		row->required = 0;
		return 0;
	}
	if (row->aht_s <= 0)
		return 0;
	ld.lambda_per_s = row->offered / interval_s;
	ld.aht_s = row->aht_s;
	ld.theta_per_s = theta;
	row->traffic_erlangs = ld.lambda_per_s * ld.aht_s;
	if (erlang_required(sp->model, sp->criterion, sp->target, sp->threshold_s, &ld, &row->required,
	                    err) < 0)
		return -1;
	return erlang_eval(sp->model, &ld, row->required, sp->threshold_s, &row->at_required, err);
}

int staffing_run(const struct metrics_query *q, const struct staffing_params *sp,
                 struct staffing_result *res, struct ccsla_error *err)
{
	struct metrics_result mr = { 0 };
	struct metric_counts total;
	/* profile: one slot per local minute of day a group starts at */
	struct slot { int used; int64_t offered, handled, handle_sum_s, staffed_ms, busy_ms; } *slots = NULL;
	double interval_s = q->interval_min * 60.0;
	int64_t *starts = NULL, *staffed = NULL, *busy = NULL;
	double *fc = NULL, *fc_aw = NULL, *fc_ao = NULL;
	int *fc_has = NULL;
	struct staffing_grid grid;
	int ret = -1;

	memset(res, 0, sizeof *res);
	metric_counts_init(&total);
	if (metrics_query_run(q, &mr, err) < 0)
		goto done;
	res->contacts_read = mr.contacts_read;
	/* staffed and busy time per interval from the agent-state log */
	starts = malloc((mr.count ? mr.count : 1) * sizeof *starts);
	staffed = calloc(mr.count ? mr.count : 1, sizeof *staffed);
	busy = calloc(mr.count ? mr.count : 1, sizeof *busy);
	if (!starts || !staffed || !busy) {
		ccsla_error_set(err, NULL, 0, NULL, "out of memory");
		goto done;
	}
	for (size_t i = 0; i < mr.count; i++)
		starts[i] = mr.groups[i]->interval_ms;
	grid.start_ms = starts;
	grid.n = mr.count;
	grid.len_ms = (int64_t)q->interval_min * 60000;
	grid.staffed_ms = staffed;
	grid.busy_ms = busy;
	if (staffing_agents_load(q->state_dir, q->client, &grid, &res->have_agents, err) < 0)
		goto done;
	res->forecast_accuracy_pct = NAN;
	if (sp->from_forecast) {
		struct forecast_query fq = { q->state_dir, q->client, q->zone, sp->lock_days, q->filter.channels };
		struct forecast_grid fg = { 0 };
		int found;
		double abs_err = 0, sum_fc = 0;
		size_t m = mr.count ? mr.count : 1;

		fc = calloc(m, sizeof *fc);
		fc_aw = calloc(m, sizeof *fc_aw);
		fc_ao = calloc(m, sizeof *fc_ao);
		fc_has = calloc(m, sizeof *fc_has);
		if (!fc || !fc_aw || !fc_ao || !fc_has) {
			ccsla_error_set(err, NULL, 0, NULL, "out of memory");
			goto done;
		}
		fg.start_ms = starts;
		fg.n = mr.count;
		fg.len_ms = grid.len_ms;
		fg.offered = fc;
		fg.aht_weighted = fc_aw;
		fg.aht_offered = fc_ao;
		fg.has = fc_has;
		if (staffing_forecast_load(&fq, &fg, &found, err) < 0)
			goto done;
		if (!found) {
			ccsla_error_set(err, NULL, 0, "forecast", "no forecast of %s counts for the period (ingest "
			                "a forecast log; lock days %d)", q->client, sp->lock_days);
			goto done;
		}
		for (size_t i = 0; i < mr.count; i++) {
			int wd;
			int32_t minute;

			local_of(mr.groups[i], &wd, &minute);
			if (!fc_has[i] || !kept(sp, wd))
				continue;
			abs_err += fabs((double)arrivals(sp, &mr.groups[i]->counts) - fc[i]);
			sum_fc += fc[i];
			res->forecast_intervals++;
		}
		if (sum_fc > 0)
			res->forecast_accuracy_pct = 100.0 * (1.0 - abs_err / sum_fc);
	}
	/* the period's days kept by the weekday filter */
	if (q->from_ms != INT64_MIN && q->to_ms != INT64_MAX)
		for (int64_t d = tz_local_days(q->zone, q->from_ms); d <= tz_local_days(q->zone, q->to_ms - 1); d++)
			res->days += kept(sp, days_weekday(d));
	for (size_t i = 0; i < mr.count; i++) {
		int wd;
		int32_t minute;

		local_of(mr.groups[i], &wd, &minute);
		if (kept(sp, wd) && metrics_merge(&total, &mr.groups[i]->counts) < 0) {
			ccsla_error_set(err, NULL, 0, NULL, "out of memory");
			goto done;
		}
	}
	res->period_aht_s = total.handled > 0 ? (double)total.handle_sum_s / (double)total.handled : -1;
	/* theta = abandons / total time in queue of the offered contacts
	 * (answered waits and times to abandon), operations-logs.md */
	res->theta_abandons = total.abandoned - total.short_abandoned;
	res->theta_queue_s = (double)(total.wait_sum_ms + total.abandon_sum_ms) / 1000.0;
	res->theta_per_s = res->theta_abandons > 0 && res->theta_queue_s > 0
	                   ? (double)res->theta_abandons / res->theta_queue_s : 0.0;
	if (sp->model == ERLANG_A && res->theta_per_s <= 0)
		res->theta_per_s = 0; /* no abandon seen: Erlang A is Erlang C */

	if (!(res->rows = calloc(mr.count ? mr.count : 1, sizeof *res->rows))) {
		ccsla_error_set(err, NULL, 0, NULL, "out of memory");
		goto done;
	}
	if (sp->profile) {
		if (!(slots = calloc(24 * 60, sizeof *slots))) {
			ccsla_error_set(err, NULL, 0, NULL, "out of memory");
			goto done;
		}
		for (size_t i = 0; i < mr.count; i++) {
			const struct metric_counts *c = &mr.groups[i]->counts;
			int wd;
			int32_t minute;

			local_of(mr.groups[i], &wd, &minute);
			if (!kept(sp, wd))
				continue;
			slots[minute].used = 1;
			slots[minute].offered += arrivals(sp, c);
			slots[minute].handled += c->handled;
			slots[minute].handle_sum_s += c->handle_sum_s;
			slots[minute].staffed_ms += staffed[i];
			slots[minute].busy_ms += busy[i];
		}
		for (int32_t m = 0; m < 24 * 60; m++) {
			struct staffing_row *row;

			if (!slots[m].used || res->count >= mr.count)
				continue;
			row = &res->rows[res->count++];
			row->minute_of_day = m;
			row->days = res->days;
			row->offered = res->days ? (double)slots[m].offered / (double)res->days : 0;
			row->staffed_agents = res->days ? (double)slots[m].staffed_ms / (double)grid.len_ms / (double)res->days : 0;
			row->busy_agents = res->days ? (double)slots[m].busy_ms / (double)grid.len_ms / (double)res->days : 0;
			if (model_row(sp, interval_s, res->period_aht_s, res->theta_per_s, slots[m].handled,
			              slots[m].handle_sum_s, row, err) < 0)
				goto done;
		}
	} else {
		for (size_t i = 0; i < mr.count; i++) {
			const struct metric_counts *c = &mr.groups[i]->counts;
			struct staffing_row *row;
			int wd;
			int32_t minute;

			local_of(mr.groups[i], &wd, &minute);
			if (!kept(sp, wd))
				continue;
			row = &res->rows[res->count++];
			row->interval_ms = mr.groups[i]->interval_ms;
			row->offset_s = mr.groups[i]->interval_offset_s;
			row->minute_of_day = minute;
			row->days = 1;
			row->offered = (double)arrivals(sp, c);
			row->actual_offered = row->offered;
			row->staffed_agents = (double)staffed[i] / (double)grid.len_ms;
			row->busy_agents = (double)busy[i] / (double)grid.len_ms;
			if (sp->from_forecast && !fc_has[i]) {
				row->no_forecast = 1;
				row->required = -1;
				row->aht_s = -1;
				continue;
			}
			if (sp->from_forecast && fc_ao[i] > 0) {
				/* the forecast's handle time, weighted by its offered */
				struct staffing_params fixed = *sp;

				fixed.aht_fixed_s = sp->aht_fixed_s > 0 ? sp->aht_fixed_s : fc_aw[i] / fc_ao[i];
				row->offered = fc[i];
				row->is_forecast = 1;
				if (model_row(&fixed, interval_s, res->period_aht_s, res->theta_per_s, 0, 0, row, err) < 0)
					goto done;
				continue;
			}
			if (sp->from_forecast) {
				row->offered = fc[i];
				row->is_forecast = 1;
			}
			if (model_row(sp, interval_s, res->period_aht_s, res->theta_per_s, c->handled,
			              c->handle_sum_s, row, err) < 0)
				goto done;
		}
	}
	ret = 0;
done:
	free(slots);
	free(starts);
	free(staffed);
	free(busy);
	free(fc);
	free(fc_aw);
	free(fc_ao);
	free(fc_has);
	metric_counts_release(&total);
	metrics_result_release(&mr);
	if (ret < 0)
		staffing_result_release(res);
	return ret;
}

void staffing_result_release(struct staffing_result *res)
{
	free(res->rows);
	res->rows = NULL;
	res->count = 0;
}

const char *const staffing_col_names[STAFF_COUNT] = {
	"offered", "aht_s", "traffic_erlangs", "required_agents", "expected_sl_pct", "expected_asa_s",
	"expected_pwait_pct", "expected_abandon_pct", "staffed_agents", "occupancy_pct", "shortfall",
};

double staffing_shortfall(const struct staffing_row *r)
{
	double staffed = floor(r->staffed_agents * 100.0 + 0.5) / 100.0; /* as printed */

	if (r->no_forecast || r->required < 0)
		return 0;
	return (double)r->required > staffed ? (double)r->required - staffed : 0.0;
}

int staffing_cell(const struct staffing_row *r, int col, int profile, int agents, char *buf, size_t size)
{
	int known = r->required > 0;
	double staffed = floor(r->staffed_agents * 100.0 + 0.5) / 100.0; /* as printed */

	if (r->no_forecast && col != STAFF_STAFFED && col != STAFF_OCCUPANCY)
		return 0;
	switch (col) {
	case STAFF_OFFERED:
		if (profile || r->is_forecast)
			snprintf(buf, size, "%.2f", r->offered);
		else
			snprintf(buf, size, "%.0f", r->offered);
		return 1;
	case STAFF_AHT:
		if (r->aht_s < 0)
			return 0;
		snprintf(buf, size, "%.3f", r->aht_s);
		return 1;
	case STAFF_TRAFFIC:
		snprintf(buf, size, "%.3f", r->traffic_erlangs);
		return r->required >= 0;
	case STAFF_REQUIRED:
		snprintf(buf, size, "%lld", (long long)r->required);
		return r->required >= 0;
	case STAFF_SL: snprintf(buf, size, "%.2f", 100.0 * r->at_required.sl); return known;
	case STAFF_ASA: snprintf(buf, size, "%.3f", r->at_required.asa_s); return known;
	case STAFF_PWAIT: snprintf(buf, size, "%.2f", 100.0 * r->at_required.pwait); return known;
	case STAFF_ABANDON: snprintf(buf, size, "%.2f", 100.0 * r->at_required.abandon); return known;
	case STAFF_STAFFED: snprintf(buf, size, "%.2f", staffed); return agents;
	case STAFF_OCCUPANCY:
		snprintf(buf, size, "%.2f", r->staffed_agents > 0 ? 100.0 * r->busy_agents / r->staffed_agents : 0);
		return agents && r->staffed_agents > 0;
	case STAFF_SHORTFALL:
		snprintf(buf, size, "%.2f", staffing_shortfall(r));
		return agents && r->required >= 0;
	}
	return 0;
}
