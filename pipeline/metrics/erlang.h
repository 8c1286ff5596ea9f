/* erlang.h -- required agents: Erlang C (M/M/N) and Erlang A (M/M/N+M),
 * as spec/operations-logs.md "Required agents" defines them.
 *
 * Unlike the rest of the metric engine these are models, not counts: they
 * work in double precision. They are computed without factorials or
 * powers: the Erlang B value comes from its recurrence
 *   1/B(0) = 1,  1/B(k) = 1 + (k/A) / B(k-1)
 * kept as log(1/B), so nothing overflows or underflows up to thousands of
 * Erlangs (tested to A = 2,000 against 50-digit references,
 * tests/tools/erlang_ref.py).
 *
 * Erlang A (exponential patience, rate theta): with x = lambda/theta and
 * y = N*mu/theta, an arrival finds j >= 0 callers waiting with weight
 * w_j = x^j / ((y+1)...(y+j)) relative to pi_N, and waits in queue
 * (until served) a sum of exponentials of rates N*mu + (k+1)*theta,
 * k = 0..j, served with probability y/(y+j+1). Every figure is a series
 * over j (erlang.c), summed in log scale; the number of terms grows
 * with x - y + sqrt(x), bounded by ERLANG_A_MAX_TERMS.
 *
 * Time unit: seconds throughout (handle time h, threshold T, ASA). */
#ifndef CCSLA_ERLANG_H
#define CCSLA_ERLANG_H

#include <stdint.h>

#include "core/error.h"

enum erlang_model { ERLANG_C, ERLANG_A };
enum staffing_criterion { CRIT_SL, CRIT_ASA, CRIT_PWAIT };

#define ERLANG_MAX_AGENTS 1000000
#define ERLANG_A_MAX_TERMS 20000000

/* One interval's load: lambda contacts per second, mean handle time h
 * seconds, traffic A = lambda * h; theta (1/s, Erlang A only) the
 * abandonment rate of waiting callers (1 / mean patience). */
struct erlang_load {
	double lambda_per_s;
	double aht_s;
	double theta_per_s;
};

/* What a given N gives. sl: share answered within threshold_s (abandons
 * count against: answered within T / offered); asa_s: mean wait of the
 * answered callers (zero waits included); pwait: probability of waiting;
 * abandon (Erlang A): share of callers who abandon. */
struct erlang_result {
	double pwait;
	double sl;
	double asa_s;
	double abandon;
};

/* Erlang B and C for N agents and A Erlangs (A > 0). Erlang C is 1 for
 * N <= A (the queue is unstable: everyone waits). */
double erlang_b(int64_t n, double a);
double erlang_c(int64_t n, double a);

/* The model's figures for N >= 1 agents. Erlang C with N <= A: pwait 1,
 * sl 0, asa infinite. Erlang A with theta 0 is Erlang C. Returns -1 (err)
 * only when Erlang A would need more than ERLANG_A_MAX_TERMS terms. */
int erlang_eval(enum erlang_model model, const struct erlang_load *load, int64_t n,
                double threshold_s, struct erlang_result *res, struct ccsla_error *err);

/* The smallest N meeting the criterion: sl >= target (a share, 0.8 for
 * 80 %, with threshold_s), asa_s <= target seconds, or pwait <= target.
 * Erlang C also needs N > A. lambda 0 needs 0 agents. Returns -1 (err) for
 * an unreachable target (sl 1 with T 0, asa 0, pwait 0, or over
 * ERLANG_MAX_AGENTS). */
int erlang_required(enum erlang_model model, enum staffing_criterion crit, double target,
                    double threshold_s, const struct erlang_load *load, int64_t *agents,
                    struct ccsla_error *err);

const char *erlang_model_name(enum erlang_model m);      /* "erlang-c" | "erlang-a" */
int erlang_model_parse(const char *s);                   /* -1 when unknown */
const char *staffing_criterion_name(enum staffing_criterion c); /* "sl" | "asa" | "pwait" */
int staffing_criterion_parse(const char *s);

#endif
