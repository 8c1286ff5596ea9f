/* report_model.h -- everything the monthly report (spec/report.md, 10
 * sections) shows, as plain strings and small arrays.
 *
 * Figures arrive already formatted ("81.25", "n/a", "12345.67") by whoever
 * computed them (evaluation, credits, ledger), so the report prints exactly
 * what results.csv and credits.csv hold; the renderer never recomputes or
 * rounds a figure. It only parses values back into doubles to draw charts.
 *
 * The model owns nothing: the code that fills it keeps every string and
 * array alive until render_report() returns. NULL strings print as empty. */
#ifndef CCSLA_REPORT_MODEL_H
#define CCSLA_REPORT_MODEL_H

#include <stddef.h>
#include <stdint.h>

/* The area on page 1 kept empty for the visible signature that `ccsla sign`
 * adds as an incremental update: lower-left corner and size in PDF points
 * (A4 portrait, origin at the lower-left corner of the page). The same
 * rectangle as SIGN_BOX_* in sign.h (x 355..555, y 40..110). */
#define REPORT_SIGNATURE_X_PT 355.0f
#define REPORT_SIGNATURE_Y_PT 40.0f
#define REPORT_SIGNATURE_W_PT 200.0f
#define REPORT_SIGNATURE_H_PT 70.0f

enum report_status { REPORT_FINAL, REPORT_DRAFT, REPORT_REVISION };

enum report_verdict {
	REPORT_MET,
	REPORT_MISSED,          /* target missed, not (yet) a default */
	REPORT_DEFAULT,         /* minimum missed, or repeated misses: credits */
	REPORT_NOT_MEASURABLE,  /* below minimum volume, or no data */
};

struct report_kv { const char *name, *value; };

struct report_day {            /* one local day of the period, for one SLA */
	const char *date;          /* "2026-10-01" */
	const char *value;         /* formatted value that day, or "n/a" */
	int64_t offered;           /* the day's population */
};

struct report_month {          /* one earlier month from the ledger */
	const char *period;        /* "2026-09" */
	const char *value;         /* formatted, or "n/a" */
};

struct report_worst {          /* a worst interval or day */
	const char *when;          /* "2026-10-14 10:00-10:30" or a date */
	const char *value;
	const char *basis;         /* the SLA's numerator and denominator: "4 of 11 counted" */
	int64_t offered;
};

struct report_missed {         /* one missed sub-period of an each: SLA, for the full list */
	const char *start;         /* local: "2026-10-06 10:00+02:00", a day "2026-10-06" */
	const char *end;           /* local end: "10:30" (with its offset when that differs from
	                              the start's: "02:00+10:00"), a week's last day, NULL for a day */
	const char *value;         /* the SLA's own metric, machine value: "45.45" */
	const char *basis;         /* its counts: "5 of 11 counted" */
};

struct report_sla {
	const char *id, *title;
	const char *metric;        /* a name from metrics.md: "service_level" */
	const char *channels;      /* "voice" or "voice, chat" */
	const char *kind;          /* "critical", "key" or "client-owed" */
	int owed_by_client;        /* the client's obligation: the scorecard lists it apart */
	const char *unit;          /* "%" or "s": printed after values */
	const char *target;        /* ">= 80" */
	const char *minimum;       /* ">= 75", or NULL */
	const char *value;         /* "81.25" or "n/a" */
	enum report_verdict verdict;
	const char *verdict_note;  /* "below minimum volume (42 < 100)", or NULL */
	const struct report_kv *params; size_t n_params;   /* threshold_s: 20, ... */
	const struct report_kv *counts; size_t n_counts;   /* offered: 9120, ... (none for an
	                                                      operations-log SLA: it counts no contacts) */
	int from_opslog;           /* measured from an operations log: no contact population, no worst
	                              half-hours ranked by offered contacts (the basis says what counts) */
	const struct report_day *days; size_t n_days;
	const struct report_month *history; size_t n_history; /* oldest first, up to 12 */
	const struct report_worst *worst; size_t n_worst;
	size_t n_worst_intervals;  /* the first n of worst are half-hours, the rest days */
	int64_t worst_min_volume;  /* only sub-periods with at least this many offered are ranked */
	/* words for people (spec/report.md "Words and numbers") */
	const char *metric_label;  /* the metric in words: "service level" */
	const char *basis;         /* the value's numerator and denominator in words:
	                              "577 answered within 20 seconds of 986 counted" */
	int written;               /* only written channels (e-mail, messaging, letter, social):
	                              durations read in hours and minutes */
	int business_clock;        /* durations run on the service-hours clock: business hours */
	/* each: SLAs (contracts.md v2): the value is the compliance over the
	 * sub-periods; these say it in words and list the worst missed ones */
	const char *each_summary;  /* "80/20 met in 1,402 of 1,488 half-hours; 86 missed, 148 allowed";
	                              NULL for a month SLA */
	const char *each_target;   /* the target of each sub-period: ">= 80" */
	const char *each_unit;     /* the unit of a sub-period's value: "%", "s" */
	const char *each_units;    /* "half-hours", "days", "weeks" */
	const char *each_unit_one; /* "half-hour", "day", "week": "the 1 missed day" */
	const struct report_worst *missed; size_t n_missed; /* worst first, at most REPORT_MISSED_MAX */
	int64_t missed_total;      /* every missed sub-period (results.json lists them all) */
	const struct report_missed *missed_all; /* [missed_total] in time order: the list after the
	                              SLA pages ("Every missed sub-period") and in the HTML */
	int64_t allowed_misses;    /* allowed_misses: N of the contract; -1: the verdict is on compliance */
};

#define REPORT_MISSED_MAX 6

struct report_channel_day {    /* accessibility overview, one day of one channel */
	const char *date;
	int64_t offered, answered, abandoned;
	const char *service_level, *asa_s, *p90_wait_s, *aht_s;
};

/* The service-level heatmap (report.md section 4): 48 half-hours of a
 * local day; a cell holds the half-hour's service level as one of five
 * steps, or -1 where no contact was offered. On the day clocks go back the
 * repeated hour shows its busier half-hours. */
#define REPORT_HEAT_SLOTS 48
#define REPORT_HEAT_STEPS 5
/* step k holds service levels (rounded to 2 decimals) from this floor up:
 * 0, 60, 70, 80, 90 % */
#define REPORT_HEAT_FLOOR_PCT(k) ((k) == 0 ? 0 : 50 + 10 * (k))

/* Said under the heatmap when a channel's heat_folded is set. */
#define REPORT_HEAT_FOLDED_TEXT "Where the clocks go back, an hour comes twice in one day: its cells show the " \
	"busier of its two half-hours (the earlier when equally busy); Every missed sub-period and intervals.csv " \
	"list both."

struct report_channel {
	const char *name;          /* "voice" */
	const struct report_channel_day *days; size_t n_days;
	struct report_channel_day total; /* date = "month" */
	const signed char (*heat)[REPORT_HEAT_SLOTS]; /* [n_days]; NULL: no heatmap */
	int heat_folded;           /* a day had a half-hour twice: its cell shows the busier */
	/* the month's handling and profiles (machine values; counts) */
	const char *talk_s, *hold_s, *wrap_s, *transfer_pct; /* "123.456" or "n/a" */
	int written;               /* e-mail, messaging, letter, social: times in hours */
	const struct report_kv *waits; size_t n_waits;       /* answered by wait: "within 0:10" -> "412" */
	const struct report_kv *abandons; size_t n_abandons; /* abandoned by time to abandon */
	const struct report_kv *backlog; size_t n_backlog;   /* open at the data cut-off, by age */
};

struct report_exclusion {
	const char *from, *to;     /* RFC 3339 local */
	const char *reason, *note, *approved_by;
	int64_t removed;           /* offered inbound contacts of every channel it removed
	                              (the overview's and customer experience's population) */
	const int64_t *removed_per_sla; /* [n_slas of the model]: from each SLA's population,
	                              as its page counts them */
};

struct report_relief {         /* an interval an SLA left out: volume over forecast */
	const char *sla_id;
	const char *start;         /* "2026-10-14T10:00+02:00" */
	int64_t actual;            /* offered contacts that arrived */
	const char *forecast, *excess; /* "40.00", "7.00" */
	int64_t removed;           /* from the SLA's population */
};

/* 6. Forecast and staffing (report_staffing.c): strings formatted for the
 * page (counts with separators, durations m:ss, "n/a"). */
struct report_fc_day {         /* one local day of one channel */
	const char *date;          /* "2026-10-05", or "Month" */
	const char *forecast, *actual, *accuracy; /* "1,234.50", "1,301", "94.57" ("n/a") */
	const char *shortfall;     /* agent-intervals short that day, "n/a" without agent-state */
	const char *occupancy;     /* "87.50", "n/a" */
};

struct report_staff_row {      /* one interval of a worst day */
	const char *when;          /* "10:00" (local start) */
	const char *offered, *aht, *required, *staffed, *shortfall;
};

struct report_staff_day {      /* a day with a large shortfall */
	const char *date;
	const char *summary;       /* "12 agent-intervals short; the most at 10:00: 37.5 agents staffed, 42 required" */
	const struct report_staff_row *rows; size_t n_rows;
};

struct report_fc_channel {
	const char *name;          /* "voice" */
	const char *accuracy;      /* the month's forecast accuracy, as its SLA prints it */
	const char *words;         /* "forecast accuracy 91.20 % over 372 hours with a forecast ..." */
	const struct report_fc_day *days; size_t n_days; /* and a last "Month" row */
	const struct report_staff_day *worst; size_t n_worst; /* at most 3 */
};

struct report_credit_line {
	const char *sla_id;
	const char *measured;      /* as in credits.csv */
	const char *status;        /* "default", "met", "not measurable" */
	const char *allocation_pct, *multiplier;
	const char *target;        /* ">= 80 (min >= 75)" */
	const char *uncapped;      /* the line's credit before the cap, "18000.00" */
	const char *amount;        /* minor units formatted "12345.67" */
	const char *note;          /* why: "below minimum", "4th target miss in 12 months", or "" */
};

struct report_earn_back {
	const char *sla_id, *refers_to; /* the original credit's period */
	const char *amount;
};

struct report_input {          /* lineage: one ingested file */
	const char *name, *sha256;
	int64_t rows, accepted, quarantined, duplicates; /* the whole file: every client in it */
	int64_t client_rows;       /* this client's records of the period from it */
	int64_t evidence_rows;     /* its rows in contacts.csv.gz */
	const char *evidence_sha256; /* SHA-256 of those lines of contacts.csv.gz ("" when none) */
	const char *log;           /* its kind: "interactions" (NULL reads so), or the operations
	                              log's, "outage" or "quality" (its rows: outages.csv, quality.csv) */
};

struct report_outage {         /* one outage of the month, listed under one channel */
	const char *channel, *id;
	const char *start, *end;   /* local "2026-10-06 09:00"; end "open" */
	const char *duration;      /* service hours inside the month, "2:00" */
	const char *impact;        /* "50 %" */
	const char *cause;         /* "ccc", "client (not counted)" */
	const char *note;
};

struct report_reason { const char *reason; int64_t count; };

struct report_change {         /* revision: one figure that differs from the final */
	const char *figure;        /* "sla SL-VOICE 2026-10 value" */
	const char *old_value, *new_value;
};

struct report_adjustment {     /* revision: one credit line's delta from the final */
	const char *line;          /* "SL-VOICE", "total", "net" */
	const char *final_amount, *revised_amount, *delta; /* formatted minor units */
};

/* Page 1's "month in five lines" (report_summary.c), all in words. */
struct report_summary {
	const char *credits_due;   /* "EUR 28,800.00 due to the client (before earn-back ...)" */
	size_t n_met, n_missed, n_default, n_not_measurable;
	const char *change;        /* against the previous month, per SLA, or why there is none */
	const char *completeness;  /* days with data, data received up to, quarantined rows */
	const char *const *risks; size_t n_risks; /* an SLA one miss from a default, open earn-back */
};

struct report_model {
	/* 1. cover */
	const char *client_id, *client_name, *ccc_name;
	const char *contract_id, *contract_version;
	const char *period;        /* "2026-10" */
	const char *period_label;  /* "October 2026 (1 Oct 00:00 - 31 Oct 24:00)" */
	const char *timezone;      /* "Europe/Berlin" */
	const char *service_hours; /* "Mon-Fri 08:00-18:00; ...; holidays (closed): 2026-10-03 (Europe/Berlin)" */
	const char *quality_pass_score; /* the contract's quality.pass_score ("85", "72.5"), or NULL */
	enum report_status status;
	int revision;              /* n of REVISION n */
	const char *revision_reason;
	const char *report_id, *issue_date;
	const char *supersedes;    /* revision: the report id it corrects, or NULL */
	const struct report_change *changes; size_t n_changes;             /* revision only */
	const struct report_adjustment *adjustments; size_t n_adjustments; /* revision only */
	long long created_epoch_s; /* SOURCE_DATE_EPOCH or now; -1 for none */
	/* 2-3. SLAs */
	const struct report_sla *slas; size_t n_slas;
	/* 4. accessibility */
	const struct report_channel *channels; size_t n_channels;
	/* 5. customer experience */
	int64_t csat_responses;
	const char *csat_avg, *csat_top2_pct;
	const char *fcr_pct, *fcr_method;
	int64_t complaints;
	const char *complaints_per_1000;
	const struct report_kv *complaint_rows; size_t n_complaint_rows; /* the complaint log's cases
	                              (report_complaints.c); none without a log for the month */
	const char *complaint_note;
	const char *complaint_log_rate; /* the complaint log's cases per 1000 answered, split by caused_by;
	                              NULL without a log for the month */
	const char *complaint_rate_note; /* why it differs from the interaction log's figure */
	/* availability and quality from the operations logs (report_opsview.c) */
	const struct report_kv *availability_rows; size_t n_availability_rows; /* per channel */
	const struct report_outage *outages; size_t n_outages; /* per channel, by start */
	const char *availability_note;
	const struct report_kv *quality_rows; size_t n_quality_rows;
	const char *quality_note;
	const char *delivery;      /* the previous month's report delivery in one sentence, or NULL */
	/* 6. forecast and staffing: shown when fc_shown */
	int fc_shown;
	const char *fc_logs;       /* which of the two logs the month has, and which is missing */
	const char *fc_version;    /* the lock rule in words */
	const char *fc_over;       /* the over-forecast intervals and the SLAs they relieved */
	const char *fc_staffing;   /* how required agents are computed, in words */
	const char *fc_occupancy;  /* the month's occupancy in words */
	const struct report_fc_channel *fc_channels; size_t n_fc_channels;
	/* 8. exclusions */
	const struct report_exclusion *exclusions; size_t n_exclusions;
	const struct report_relief *reliefs; size_t n_reliefs; /* relief: [forecast], SLA then time order */
	const char *relief_note;   /* the SLAs with relief and the days without a forecast, or NULL */
	/* 7. credits */
	const char *currency;
	const struct report_credit_line *credits; size_t n_credits;
	const struct report_earn_back *earn_backs; size_t n_earn_backs;
	const char *credits_uncapped, *credits_cap, *credits_final;
	const char *credits_basis; /* the model in words with its figures: how a line is computed */
	/* 8. lineage */
	const struct report_input *inputs; size_t n_inputs;
	int64_t rows_read, rows_accepted, rows_quarantined, rows_duplicates;
	const struct report_reason *reasons; size_t n_reasons;
	const char *watermark;     /* latest arrived_at ingested */
	const char *contract_file, *contract_sha256;
	const char *software_version, *generated_at;
	/* 10. verification */
	const char *signer_fingerprint; /* SHA-256 of the signer certificate, or NULL */
	int64_t evidence_contacts;  /* rows of contacts.csv.gz */
	int pseudonyms;             /* 1: its customer and agent ids are keyed pseudonyms;
	                               0: withheld (no --pseudonym-key) */
	const char *const *attachments; size_t n_attachments; /* paths of files to attach */
	/* added with report.md v2 */
	struct report_summary summary; /* 1. executive summary */
	const char *history_note;  /* 2. where the ledger's history starts, which months were imported */
	const char *overview_note; /* 5. why the overview's service level differs from an SLA's, or NULL */
};

#endif
