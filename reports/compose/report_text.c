/* report_text.c -- words shared by the PDF and the HTML report
 * (report_text.h). */
#include <stdio.h>
#include <string.h>

#include "numfmt.h"
#include "report_text.h"

static const char *s(const char *p)
{
	return p ? p : "";
}

const char *report_verdict_word(enum report_verdict v)
{
	switch (v) {
	case REPORT_MET: return "met";
	case REPORT_MISSED: return "missed";
	case REPORT_DEFAULT: return "default";
	case REPORT_NOT_MEASURABLE: break;
	}
	return "not measurable";
}

int report_unsigned_final(const struct report_model *m)
{
	return m->status != REPORT_DRAFT && !m->signer_fingerprint;
}

const char *report_status_text(const struct report_model *m, char *buf, size_t size)
{
	const char *note = report_unsigned_final(m) ? "; not signed when rendered: valid only with the contact "
	                                              "centre's signature (bottom right)" : "";

	if (m->status == REPORT_DRAFT)
		return "DRAFT (month to date, not for invoicing)";
	if (m->status == REPORT_REVISION) {
		snprintf(buf, size, "REVISION %d of the final report: %s%s", m->revision, s(m->revision_reason), note);
		return buf;
	}
	snprintf(buf, size, "FINAL%s", note);
	return buf;
}

void report_figure_text(char *buf, size_t size, const struct report_sla *sl, const char *value)
{
	numfmt_metric(value, sl->unit, sl->written, sl->business_clock, buf, size);
}

void report_bound_text(char *buf, size_t size, const struct report_sla *sl, const char *bound)
{
	size_t op = strspn(s(bound), "<>= ");
	char v[NUMFMT_MAX];

	if (!op && sl->each_summary) { /* each: "at most 14 missed" (allowed_misses) reads as written */
		snprintf(buf, size, "%s", s(bound));
		return;
	}
	report_figure_text(v, sizeof v, sl, s(bound) + op);
	snprintf(buf, size, "%.*s%s", (int)op, s(bound), v);
}

void report_target_text(char *buf, size_t size, const struct report_sla *sl)
{
	char t[NUMFMT_MAX + 8], mn[NUMFMT_MAX + 8];

	report_bound_text(t, sizeof t, sl, sl->target);
	if (sl->minimum && *sl->minimum) {
		report_bound_text(mn, sizeof mn, sl, sl->minimum);
		snprintf(buf, size, "%s (min %s)", t, mn);
	} else
		snprintf(buf, size, "%s", t);
}

void report_value_text(char *buf, size_t size, const struct report_sla *sl)
{
	report_figure_text(buf, size, sl, sl->value);
}

const char *report_note_words(const char *note, char *buf, size_t size)
{
	const char *p;

	if (!note)
		return NULL;
	if ((p = strstr(note, "min_volume"))) {
		snprintf(buf, size, "%.*sminimum volume%s", (int)(p - note), note, p + strlen("min_volume"));
		return buf;
	}
	return note;
}

int report_channel_written(const char *name)
{
	name = s(name);
	return !strncmp(name, "email", 5) || !strncmp(name, "messaging", 9) || !strncmp(name, "letter", 6) ||
	       !strncmp(name, "social", 6);
}

const char REPORT_METHOD_INTRO[] =
	"The service levels and how they are measured are those of the client agreement (ISO 18295-1 clause 9 "
	"and Annex B). Every figure is computed from the canonical records of the period (the contacts, and "
	"the outage and quality logs for the SLAs that read them) in the contract's time zone, inside the service hours where the SLA says so, minus the agreed exclusion "
	"windows. A value is rounded half-up to the printed decimals and that rounded value is compared with "
	"the target in integer arithmetic (an SLA whose comparison is exact compares the unrounded value). "
	"A metric whose denominator is 0 is n/a; an SLA below its minimum "
	"volume is not measurable and carries no credit. Continuity of the data (8.5) is shown in the lineage "
	"section: every input row is accepted, quarantined with its reason, or a duplicate.";

/* Plain-words definitions (spec/metrics.md) and the ISO 18295-1 clause each
 * relates to. `always`: the overview and experience sections use it, so it
 * is defined whether an SLA names it or not; STAFFING: the Forecast and
 * staffing section uses it, so it is defined when that section is shown. */
#define STAFFING 2
static const struct { const char *metric, *text; int always; } METHODS[] = {
	{ "service_level_pct", "Service level (ISO 18295-1 Annex A, accessibility): 100 x answered within the threshold T "
	  "/ (answered + open past T + overflow and callbacks where the SLA counts them against + abandoned - short "
	  "abandons), with abandons treated as the SLA says (against: in the denominator; ignore: left out; favour: "
	  "those within T also count as met); a short abandon ends within S seconds and counts nowhere. With the "
	  "service-hours clock a wait counts only the time inside the service hours.", 1 },
	{ "abandon_rate_pct", "Abandon rate (Annex A, accessibility): 100 x (abandoned - short abandons) / (answered + "
	  "open past T + overflow and callbacks where counted against + abandoned - short abandons), the service "
	  "level's denominator.", 0 },
	{ "asa_s", "Average speed of answer (Annex A, accessibility): total wait of answered contacts / answered.", 1 },
	{ "p90_wait_s", "90th percentile wait (Annex A): the wait at position ceil(0.9 x answered) of the ascending list.", 1 },
	{ "aht_s", "Average handling time (Annex A, efficiency): (talk + hold + wrap) / answered contacts with any of them.", 1 },
	{ "fcr_pct", "First contact resolution (4.3 customer experience): recorded (resolved flag) or repeat (no further "
	  "inbound contact of the same customer within D days; the centre's own outbound contacts are no repeats). With the repeat method an answered contact whose D-day window "
	  "reaches beyond the data counts as resolved until later data shows a repeat; the SLA's counts give their "
	  "number (provisional).", 1 },
	{ "csat", "Customer satisfaction (4.3): mean score 1-5, top-2 box = share of 4 and 5, over survey responses.", 1 },
	{ "complaints_per_1000", "Complaints per 1000 answered contacts (4.4 complaints).", 1 },
	{ "interval_compliance_pct", "Interval compliance (Annex A): 100 x intervals meeting the target / intervals "
	  "with at least the minimum volume.", 0 },
	/* the operations logs' metrics (spec/operations-logs.md) */
	{ "availability_pct", "Availability (8.5 continuity of service), per channel: 100 x (1 - outage seconds / "
	  "service seconds). Service seconds are the seconds of the period inside the contract's service hours "
	  "(holidays closed). Outage seconds are the seconds inside service hours during which an outage of the "
	  "channel was going on, of a cause the SLA counts (its parameters below name them; by default the contact "
	  "centre's own and third parties'), each weighted by the outage's impact (a partial outage of 40 % counts 0.4 of each "
	  "second); overlapping outages are merged, so that no second counts twice or at more than 100 %. An "
	  "outage without an end runs to the data's cut-off (the latest contact received). Over several "
	  "channels their outage and service seconds are added.", 0 },
	{ "quality_score_avg", "Average quality score (4.3 quality monitoring): the mean score (0 to 100 points) of "
	  "the period's quality evaluations. An evaluation belongs to the period in which its contact arrived "
	  "when the contact is known, else to the period in which it was made.", 0 },
	{ "quality_pass_pct", NULL, 0 }, /* the pass score: report_method_text() */
	{ "critical_error_pct", "Critical error share (4.3): 100 x evaluations with a critical error / evaluations "
	  "of the period.", 0 },
	{ "quality_sample_pct", "Quality sample share (4.3): 100 x quality evaluations of the period / answered "
	  "contacts of the period.", 0 },
	/* the workforce side (7.3; spec/operations-logs.md forecast, agent-state) */
	{ "forecast_accuracy_pct", "Forecast accuracy (7.3 workforce planning): 100 x (1 - sum of |actual - "
	  "forecast| / sum of forecast) over the intervals of the period that have a forecast, actual being the "
	  "offered contacts of the interval; the forecast of an interval is the latest version published at least "
	  "the contract's lock days before its local day. It is n/a without a forecast and can be negative.", STAFFING },
	{ "required_agents", "Required agents (7.3): per interval, the fewest agents with which the queueing model "
	  "(Erlang C, or Erlang A with the patience estimated from the abandons) reaches the criterion, from the "
	  "interval's traffic = offered contacts x handling time / interval length. Staffed agents: time available, "
	  "handling or in wrap-up / interval length, from the agent-state log; occupancy: 100 x handling and "
	  "wrap-up time / staffed time; shortfall: required - staffed, when positive.", STAFFING },
	/* the complaint log's (core/deadline.h); the deadlines' rules once, for either metric */
	{ "complaint_ack_within_pct", "Complaints acknowledged in time (4.4 complaints handling): 100 x cases "
	  "acknowledged by their deadline / cases received in the period that are judged. A case belongs to the "
	  "period it was received in; one not yet acknowledged is late once its deadline has passed at the data's "
	  "cut-off, else pending: it counts nowhere until a later report judges it. Only the SLA's causes (who "
	  "the complaint is about: the contact centre, the client, not known) and channels count.", 0 },
	{ "complaint_resolved_within_pct", "Complaints resolved in time (4.4): 100 x cases resolved by their "
	  "deadline / cases received in the period that are judged, late and pending as for the acknowledgement.", 0 },
	{ "complaint_deadlines", "Complaint deadlines, on the contract's calendar: the open days are the local days "
	  "with service hours that are not holidays (every day but holidays when the contract sets no service "
	  "hours). A case received during the service hours of an open day starts on that day, its day 0; one "
	  "received at any other time (after closing, at night, on a closed weekday or a holiday) starts on the "
	  "next open day. 'Within N working days' ends at local midnight at the end of the N-th open day after "
	  "day 0 (N = 0: the end of day 0), whatever the day's length on a daylight-saving change; holidays and "
	  "closed weekdays are skipped. 'Within H service hours' counts H hours of service time from receipt, on "
	  "the service-hours clock; when they run out at a closing the clock stands still, so the next opening is "
	  "still in time. An instant exactly at the deadline is in time.", 0 },
	{ "report_on_time_pct", "Report delivered on time (9 reporting): the previous month's final report counts as "
	  "on time when it was issued (the signing instant the ledger records) by the end (local midnight) of the "
	  "contract's n-th open day after that month (n = the report's due working days); 100 on time, 0 late.", 0 },
};

/* quality_pass_pct, with the contract's pass score */
static const char *pass_text(const struct report_model *m, char *buf, size_t size)
{
	if (m->quality_pass_score)
		snprintf(buf, size, "Quality pass share (4.3): 100 x evaluations passed / evaluations. An evaluation "
		         "passes as the quality scheme decided it; one the scheme left undecided passes with a score "
		         "of at least the contract's pass score, %s points.", m->quality_pass_score);
	else
		snprintf(buf, size, "Quality pass share (4.3): 100 x evaluations passed / evaluations decided, as the "
		         "quality scheme decided them. The contract sets no pass score, so an evaluation the scheme "
		         "left undecided counts in neither.");
	return buf;
}

const char *report_method_text(const struct report_model *m, size_t *cursor, char *buf, size_t size)
{
	size_t i;

	for (; *cursor < sizeof METHODS / sizeof METHODS[0]; ++*cursor) {
		int used = METHODS[*cursor].always == STAFFING ? m->fc_shown : METHODS[*cursor].always;

		for (i = 0; i < m->n_slas && !used; i++)
			if (m->slas[i].metric && (!strcmp(m->slas[i].metric, METHODS[*cursor].metric) ||
			                          (!strcmp(METHODS[*cursor].metric, "complaint_deadlines") &&
			                           !strncmp(m->slas[i].metric, "complaint_", 10))))
				used = 1;
		if (used) {
			const char *text = METHODS[*cursor].text;

			++*cursor;
			return text ? text : pass_text(m, buf, size);
		}
	}
	return NULL;
}

const char REPORT_EXCLUSIONS_NOTE[] =
	"A contact arriving inside an agreed window is removed from every population it would have been in "
	"and counts nowhere else; a deflected contact (never offered) or one outside a population (an "
	"outbound contact, another channel) is not removed from it. 'Removed' counts the offered inbound "
	"contacts of every channel (the accessibility overview and customer experience); the table below "
	"gives each SLA's, as its page counts them.";

const char REPORT_LINEAGE_NOTE[] =
	"The input files that hold this client's contacts of the period. An input file may serve "
	"several clients of the contact centre: 'Client' counts the records of this report taken "
	"from it; the other counts, and the reconciliation above, are for the whole file "
	"(every row of it is accepted, quarantined or a duplicate), whichever client a row is for.";

const char REPORT_LINEAGE_OPS_NOTE[] =
	"The operations logs that the availability, quality and complaint SLAs read are input files too, named with "
	"their log: for those 'Client' counts the rows attached from them in outages.csv (this client's and "
	"every client's outages of the month), quality.csv (this client's evaluations of the month) and "
	"complaints.csv (this client's cases received in the month or still open at its end), or the "
	"latest earlier row when the month has none.";

int report_input_is_ops(const struct report_input *in)
{
	return in->log && strcmp(in->log, "interactions") != 0;
}

const char *report_input_label(const struct report_input *in, char *buf, size_t size)
{
	if (!report_input_is_ops(in))
		return s(in->name);
	snprintf(buf, size, "%s\n(%s log)", s(in->name), in->log);
	return buf;
}

const char REPORT_EVIDENCE_NOTE_PSEUDONYMS[] =
	"This client's own rows of each input file, as attached in contacts.csv.gz (customer and agent "
	"ids pseudonymised): the SHA-256 of those lines, which ccsla verify --recompute checks.";
const char REPORT_EVIDENCE_NOTE_WITHHELD[] =
	"This client's own rows of each input file, as attached in contacts.csv.gz (customer and agent "
	"ids withheld): the SHA-256 of those lines, which ccsla verify --recompute checks.";

void report_contacts_text(const struct report_model *m, char *buf, size_t size)
{
	snprintf(buf, size, "%lld in contacts.csv.gz; customer and agent ids %s", (long long)m->evidence_contacts,
	         m->pseudonyms ? "as keyed pseudonyms (HMAC-SHA-256 under the contact centre's key)"
	                       : "withheld (no key: repeat-contact FCR cannot be recomputed)");
}
