/* report_build.h -- one client's monthly report, from the data: evaluates
 * the month (contracts/evaluate.h), measures the accessibility overview and
 * customer experience, collects lineage from the ingest registry, and fills
 * a struct report_model that render_report() lays out.
 *
 * The files of a report directory, in the order they are written:
 *
 *   report_build_prepare(&rb, &request, &err);   // evaluate and measure
 *   report_build_exports(&rb, dir, &err);        // metrics.csv, credits.csv; sets the report id
 *   ... a revision sets rb.model.changes / adjustments here ...
 *   report_build_attach(&rb, dir, "adjustments.csv"); // a revision's; the caller writes it
 *   report_build_finish(&rb, dir, &err);         // manifest.json, report.html, report.pdf (attaching all)
 *   report_build_release(&rb);
 *
 * Every figure comes from the evaluation or the metric engine as a
 * formatted string, written once into the CSV files and the model, so the
 * pages and the attached files cannot disagree. Memory: the month's daily
 * figures (at most 62 days) for each SLA and channel; the store is streamed. */
#ifndef CCSLA_REPORT_BUILD_H
#define CCSLA_REPORT_BUILD_H

#include "contracts/contract.h"
#include "contracts/evaluate.h"
#include "core/strpool.h"
#include "ingest/registry.h"
#include "metrics/staffing.h"
#include "evidence.h"
#include "report_model.h"

/* The most files a report attaches to the PDF: metrics.csv, credits.csv,
 * manifest.json, report.html, the evidence (evidence.h: four files) and a
 * revision's adjustments.csv (report_build_attach). */
#define REPORT_ATTACH_MAX 14

struct report_request {
	const struct contract *contract;  /* the version in force on the month's first day */
	const char *state_dir;
	int year, month;
	enum report_status status;        /* draft, final or revision */
	int revision;                     /* n of REVISION n */
	const char *revision_reason;
	const char *supersedes;           /* report id a revision corrects */
	long long created_epoch_s;        /* SOURCE_DATE_EPOCH or now */
	const char *issue_date;           /* "2026-11-02"; NULL: created date in the contract's zone */
	const char *signer_fingerprint;   /* SHA-256 of the signing certificate, or NULL */
	const struct evidence_key *pseudonym_key; /* contacts.csv.gz's ids (evidence.h); NULL: withheld */
	const int64_t *watermark_ms;      /* the data watermark to evaluate at; NULL: the store's
	                                     (verify --recompute gives the report's) */
};

#define OVERVIEW_BUCKETS 5
/* the profiles' bucket edges, seconds, each the inclusive upper end */
#define OVERVIEW_ABANDON_EDGES_S { 5, 30, 60, 120 }
#define OVERVIEW_BACKLOG_EDGES_S { 4 * 3600, 8 * 3600, 24 * 3600, 72 * 3600 }

/* What the accessibility overview shows for one channel and day (or month). */
struct overview_figures {
	struct eval_counts counts;
	char service_level[32], asa_s[32], p90_wait_s[32], aht_s[32];
};

struct overview_channel {
	int channel;                      /* enum channel */
	char label[96];                   /* "voice (service level within 20 s)" */
	size_t day_count;
	struct overview_figures days[METRICS_MAX_DAYS];
	struct overview_figures month;
	/* the heatmap: service level per local day and half-hour, as a step
	 * (REPORT_HEAT_*), -1 where no contact was offered */
	signed char heat[METRICS_MAX_DAYS][REPORT_HEAT_SLOTS];
	int has_heat;                     /* 0: no SLA names the channel, no heatmap */
	int heat_folded;                  /* a cell held two offered half-hours (clocks back) */
	/* the month's handling split and profiles (report.md section 5) */
	char talk_s[32], hold_s[32], wrap_s[32], transfer_pct[32];
	int32_t threshold_s;              /* the channel's service-level threshold */
	int64_t waits[OVERVIEW_BUCKETS];  /* answered, by wait: T/2, T, 2T, 4T, more */
	int64_t abandons[OVERVIEW_BUCKETS]; /* abandoned, by time to abandon: 5 s, 30 s, 1, 2 min, more */
	int64_t backlog[OVERVIEW_BUCKETS]; /* open at the data cut-off, by age: 4, 8, 24, 72 h, more */
};

struct experience_figures {
	struct eval_counts counts;        /* inbound contacts of all channels */
	int64_t csat_responses, complaints;
	char csat_avg[32], csat_top2_pct[32], fcr_pct[32], complaints_per_1000[32];
	char fcr_method[64];
};

/* One interval of the staffing view (report_staffing.c): a row of `ccsla
 * staffing` for one channel and local day of the month. */
struct report_staff_rec {
	int channel;                      /* enum channel */
	int64_t day;                      /* index of the month's local day */
	struct staffing_row row;
};

struct report_build {
	struct report_model model;
	struct report_request rq;
	struct evaluation ev;
	int have_ev;
	struct registry reg;
	int64_t watermark_ms;
	int64_t first_day;                /* local date of the month's first day */
	size_t day_count;
	char dates[METRICS_MAX_DAYS][11]; /* "2026-10-01" */
	struct overview_channel *channels; /* owned */
	size_t channel_count;
	struct experience_figures cx;
	uint32_t *file_rows;              /* [reg.count + 1]: this client's records of the month per input file */
	int64_t *ops_rows;                /* [reg.count + 1]: its operations-log rows attached (outages.csv,
	                                     quality.csv) per input file (evidence_ops_lineage); owned */
	const char **ops_log;             /* [reg.count + 1]: that file's log kind ("outage"), else NULL; owned */
	struct strpool pool;              /* texts and arrays the model points into; owned */
	char period_label[160], version[64], report_id[96], issue_date[16], generated_at[40];
	char watermark[64], contract_file[256], contract_sha256[65], software[64];
	char attach_path[REPORT_ATTACH_MAX][4096];
	const char *attachments[REPORT_ATTACH_MAX];
	/* evidence (evidence.c), per input file index [reg.count + 1]: */
	int64_t *evidence_rows;           /* this client's rows in contacts.csv.gz; owned */
	char (*evidence_sha256)[65];      /* SHA-256 of those lines of contacts.csv.gz; owned */
	int64_t evidence_contacts;        /* rows of contacts.csv.gz */
	struct evidence_contacts_job *contacts_job; /* contacts.csv.gz being written on a thread
	                                     (evidence_contacts_start), or NULL; owned. Until it is
	                                     joined the thread owns the three fields above */
	/* section 6 (report_staffing.c): every interval of every staffed channel and day */
	struct report_staff_rec *staff;   /* owned */
	size_t n_staff;
	int staff_agents;                 /* an agent-state log covers the month */
};

/* Adds dir/name to the attachments (after report_build_exports); returns
 * its path, or NULL when the list is full. */
const char *report_build_attach(struct report_build *rb, const char *dir, const char *name);

/* Evaluates and measures. On failure rb is released. */
int report_build_prepare(struct report_build *rb, const struct report_request *rq,
                         struct ccsla_error *err);
/* The same, for a build whose report_build_exports will write into dir
 * (which must exist): contacts.csv.gz, which reads no figure, is written
 * there on a thread while the figures are measured, and committed by the
 * exports (evidence_contacts.c). dir NULL is report_build_prepare. */
int report_build_prepare_into(struct report_build *rb, const struct report_request *rq, const char *dir,
                              struct ccsla_error *err);
/* Writes dir/metrics.csv and dir/credits.csv (atomically; dir must exist)
 * and derives the report id from their bytes; then the evidence
 * (evidence.h): contract.yaml, ledger.csv, intervals.csv, contacts.csv.gz. */
int report_build_exports(struct report_build *rb, const char *dir, struct ccsla_error *err);
/* Writes dir/manifest.json, dir/report.html (the HTML twin, report_html.h)
 * and dir/report.pdf, which attaches the other files. */
int report_build_finish(struct report_build *rb, const char *dir, struct ccsla_error *err);
void report_build_release(struct report_build *rb);

/* The whole sequence for a draft or final report: prepare, exports, finish,
 * release. id (may be NULL) receives the report id. */
int report_build_dir(const struct report_request *rq, const char *dir, char id[96], struct ccsla_error *err);

/* metrics.csv (README "Report"): one row per figure with its population. */
void report_write_metrics_csv(const struct report_build *rb, FILE *fp);
/* intervals.csv: per SLA and local half-hour, its value and counts. */
void report_write_intervals_csv(const struct report_build *rb, FILE *fp);

/* A metric in the words a client reads: "service level", "average speed
 * of answer" (never its column name). */
const char *metric_words(enum metric_id m);

/* Page 1's executive summary and the scorecard's history note, from the
 * evaluation and the ledger (report_summary.c). */
int report_fill_summary(struct report_build *rb, struct ccsla_error *err);

/* The complaint log's cases of the month for customer experience, when
 * the client has such a log (report_complaints.c). */
int report_fill_complaints(struct report_build *rb, struct ccsla_error *err);
/* report_opsview.c: availability per channel with each outage, quality
 * figures with the sample, and the previous month's report delivery. */
int report_fill_opsview(struct report_build *rb, struct ccsla_error *err);

/* Section 6, forecast and staffing, when the client has a forecast or an
 * agent-state log for the month (report_staffing.c); fills rb->staff. */
int report_fill_staffing(struct report_build *rb, struct ccsla_error *err);
/* staffing.csv: rb->staff as canonical columns (report_staffing.c). */
void report_write_staffing_csv(const struct report_build *rb, FILE *fp);

/* Measures the overview, experience and lineage (report_overview.c). */
int report_measure_overview(struct report_build *rb, struct ccsla_error *err);

#endif
