/* credits.h -- service credits for one client and month (contracts.md,
 * "Credits"): the at-risk and linear models, the monthly cap, the repeat
 * multiplier, expected defaults over a rolling 12 months and earn-back.
 *
 * Pure functions over integers: the caller (evaluate.c) supplies each
 * critical SLA's status this month and what the ledger says about earlier
 * months; nothing here reads files or the clock. Amounts are minor units,
 * percentages and multipliers ratio_e6 (money.h). */
#ifndef CCSLA_CREDITS_H
#define CCSLA_CREDITS_H

#include <stddef.h>
#include <stdint.h>

#define CREDIT_ID_MAX 64
#define CREDIT_NOTE_MAX 160

enum credit_model { CREDIT_AT_RISK, CREDIT_LINEAR };

/* The contract's `credits:` block, parsed. */
struct credit_terms {
	enum credit_model model;
	int64_t monthly_charges_minor; /* contract.monthly_charges */
	int minor_units;               /* of the currency */
	int64_t at_risk_e6;            /* at-risk: at_risk_pct of the charges: base and cap */
	int64_t pool_e6;               /* at-risk: allocations may add up to this */
	int expected_defaults;         /* at-risk: the n-th target miss in 12 months is a default (>= 1) */
	int64_t repeat_multiplier_e6;  /* at-risk: RATIO_ONE_E6 when none */
	int earn_back_months;          /* at-risk: 0 = no earn-back */
	int64_t earn_back_share_e6;    /* at-risk: share of the credit that comes back */
	int64_t pct_per_point_e6;      /* linear: % of the charges per point below target */
	int64_t cap_e6;                /* linear: month's total capped at cap_pct of the charges */
};

/* How an SLA did this month, before any credit logic. */
enum sla_status {
	SLA_MET,             /* target met */
	SLA_MISSED,          /* target missed, minimum met (or no minimum) */
	SLA_BELOW_MINIMUM,   /* minimum missed (so the target too) */
	SLA_NOT_MEASURABLE,  /* below min_volume or no value: no credit */
};
const char *sla_status_name(enum sla_status s); /* "met", "missed", "below-minimum", "not-measurable" */

/* One critical SLA's month, with the history the ledger knows. */
struct credit_input {
	char sla_id[CREDIT_ID_MAX + 1];
	int64_t allocation_e6;       /* at-risk: allocation_pct */
	enum sla_status status;
	int64_t shortfall_e6;        /* linear: points below target × 10^6 (0 when met) */
	int prior_target_misses;     /* months among the previous 11 with the target missed */
	int default_last_month;      /* 1 when the SLA was in default the month before */
};

/* One line of the statement (one critical SLA). */
struct credit_line {
	char sla_id[CREDIT_ID_MAX + 1];
	enum sla_status status;
	int is_default;              /* at-risk: in default this month */
	int target_misses_12m;       /* at-risk: target misses in the 12 months ending now */
	int64_t allocation_e6;
	int64_t multiplier_e6;       /* RATIO_ONE_E6 unless the repeat multiplier applies */
	int64_t uncapped_minor;      /* the line's credit before the month's cap */
	int64_t final_minor;         /* after the cap (the lines add up to the capped total) */
	char note[CREDIT_NOTE_MAX];  /* why: "below minimum", "4th target miss in 12 months", ... */
};

/* An earlier default that may come back this month. The caller has checked
 * the months between in the ledger. */
struct earn_back_input {
	char sla_id[CREDIT_ID_MAX + 1];
	int orig_year, orig_month;   /* the month of the original credit */
	int64_t orig_final_minor;    /* that line's final (capped) credit */
	int met_every_month;         /* 1: target met in each of the earn_back_months months after */
};

struct earn_back_line {
	char sla_id[CREDIT_ID_MAX + 1];
	int orig_year, orig_month;
	int64_t orig_final_minor;
	int64_t amount_minor;        /* positive: returned to the CCC */
};

struct credit_statement {
	struct credit_line *lines;   /* one per input, same order; owned */
	size_t line_count;
	struct earn_back_line *earn_backs; /* owned */
	size_t earn_back_count;
	int64_t cap_minor;           /* at-risk amount, or linear cap_pct of the charges */
	int64_t uncapped_total_minor;
	int cap_applied;             /* 1 when the uncapped total exceeded the cap */
	int64_t capped_total_minor;  /* min(uncapped, cap): credits due to the client */
	int64_t earn_back_total_minor;
	int64_t net_total_minor;     /* capped total - earn-back (negative: owed to the CCC) */
};

/* Computes the month's statement. On success the caller frees with
 * credit_statement_release(). Returns -1 on an arithmetic range error
 * (amounts beyond MONEY_MAX_MINOR) or out of memory. */
int credits_compute(const struct credit_terms *terms,
                    const struct credit_input *in, size_t n,
                    const struct earn_back_input *eb, size_t neb,
                    struct credit_statement *out);
void credit_statement_release(struct credit_statement *st);

/* True when a month with this status and history is a default (at-risk). */
int credits_is_default(const struct credit_terms *terms, enum sla_status status,
                       int prior_target_misses);

#endif
