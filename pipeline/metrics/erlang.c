/* erlang.c -- Erlang C and Erlang A figures and required agents (erlang.h).
 *
 * Erlang A, the series behind it. States of M/M/N+M relative to pi_N:
 * sum_{n<N} pi_n / pi_N = 1/B - 1 (=: P0), pi_{N+j} / pi_N = w_j with
 * w_j = prod_{k=1..j} lambda / (N mu + k theta) = x^j / ((y+1)...(y+j)).
 * An arrival that finds j waiting (PASTA) moves up at rate N mu + k theta
 * while k are ahead and abandons itself at rate theta, so it is served
 * with probability q_j = prod (N mu + k theta)/(N mu + (k+1) theta)
 * = y / (y+j+1), and given that, it waited H_j = a sum of exponentials of
 * rates theta (y+1+k), k = 0..j. exp(-theta H_j) is Beta(y+1, j+1), so
 * P(H_j <= T) = I_z(j+1, y+1) with z = 1 - exp(-theta T) (regularised
 * incomplete beta), stepped in j by I_z(a+1,b) = I_z(a,b) - z^a (1-z)^b /
 * (a B(a,b)); E[H_j] = sum_k 1 / (theta (y+1+k)). So, with D = P0 + sum w_j:
 *   pwait = sum w_j / D
 *   sl    = (P0 + sum w_j q_j I_j) / D          answered within T / offered
 *   asa   = sum w_j q_j E[H_j] / (P0 + sum w_j q_j)
 *   abandon = sum w_j (1 - q_j) / D
 * With theta -> 0 these become Erlang C's closed forms (the reference
 * script checks both against direct numerical integration). */
#include <math.h>
#include <string.h>

#include "erlang.h"

/* log(1/B(n, a)) by the recurrence 1/B(k) = 1 + (k/a) / B(k-1). */
static double log_inv_b(int64_t n, double a)
{
	double l = 0.0;

	for (int64_t k = 1; k <= n; k++) {
		double t = log((double)k / a) + l;

		l = t > 0 ? t + log1p(exp(-t)) : log1p(exp(t));
	}
	return l;
}

double erlang_b(int64_t n, double a)
{
	return exp(-log_inv_b(n, a));
}

/* C = N B / (N - A (1 - B)) = 1 / (invB (1 - rho) + rho), rho = A / N. */
static double erlang_c_from(double log_invb, int64_t n, double a)
{
	double rho = a / (double)n;

	if ((double)n <= a)
		return 1.0;
	return 1.0 / (exp(log_invb) * (1.0 - rho) + rho);
}

double erlang_c(int64_t n, double a)
{
	return erlang_c_from(log_inv_b(n, a), n, a);
}

static void eval_c(const struct erlang_load *ld, int64_t n, double log_invb, double t_s,
                   struct erlang_result *r)
{
	double a = ld->lambda_per_s * ld->aht_s;

	r->abandon = 0.0;
	if ((double)n <= a) {
		r->pwait = 1.0;
		r->sl = 0.0;
		r->asa_s = INFINITY;
		return;
	}
	r->pwait = erlang_c_from(log_invb, n, a);
	r->sl = 1.0 - r->pwait * exp(-((double)n - a) * t_s / ld->aht_s);
	r->asa_s = r->pwait * ld->aht_s / ((double)n - a);
}

/* Digamma psi(x), x > 0: recurrence up to 6, then the asymptotic series. */
static double digamma(double x)
{
	double r = 0.0, f;

	while (x < 6.0) {
		r -= 1.0 / x;
		x += 1.0;
	}
	f = 1.0 / (x * x);
	return r + log(x) - 0.5 / x - f * (1.0 / 12 - f * (1.0 / 120 - f * (1.0 / 252 - f * (1.0 / 240 - f / 132))));
}

/* Continued fraction of the incomplete beta function (modified Lentz). */
static double beta_cf(double a, double b, double z)
{
	const double tiny = 1e-300;
	double qab = a + b, qap = a + 1.0, qam = a - 1.0, c = 1.0, d = 1.0 - qab * z / qap, h;

	d = 1.0 / (fabs(d) < tiny ? tiny : d);
	h = d;
	for (int m = 1; m <= 100000; m++) {
		double m2 = 2.0 * m, aa = m * (b - m) * z / ((qam + m2) * (a + m2)), del;

		d = 1.0 + aa * d;
		d = 1.0 / (fabs(d) < tiny ? tiny : d);
		c = 1.0 + aa / c;
		c = fabs(c) < tiny ? tiny : c;
		h *= d * c;
		aa = -(a + m) * (qab + m) * z / ((a + m2) * (qap + m2));
		d = 1.0 + aa * d;
		d = 1.0 / (fabs(d) < tiny ? tiny : d);
		c = 1.0 + aa / c;
		c = fabs(c) < tiny ? tiny : c;
		del = d * c;
		h *= del;
		if (fabs(del - 1.0) < 1e-16)
			break;
	}
	return h;
}

/* The regularised incomplete beta function I_z(a, b), 0 <= z <= 1. */
static double inc_beta(double a, double b, double z)
{
	double front;

	if (z <= 0.0)
		return 0.0;
	if (z >= 1.0)
		return 1.0;
	front = exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(z) + b * log1p(-z));
	if (z < (a + 1.0) / (a + b + 2.0))
		return front * beta_cf(a, b, z) / a;
	return 1.0 - front * beta_cf(b, a, 1.0 - z) / b;
}

/* Sums kept as value * exp(scale), rescaled when a larger term comes. */
struct scaled_sums {
	double scale;
	double w, wq, wqi, wqh;
};

static int eval_a(const struct erlang_load *ld, int64_t n, double log_invb, double t_s,
                  struct erlang_result *r, struct ccsla_error *err)
{
	double theta = ld->theta_per_s, mu = 1.0 / ld->aht_s;
	double x = ld->lambda_per_s / theta, y = (double)n * mu / theta;
	double lx = log(x), z = -expm1(-theta * t_s);
	double lz = z > 0 ? log(z) : -INFINITY;
	double peak = x - y;                /* terms grow until j passes it */
	/* Terms more than 10 sqrt(x) below the peak weigh less than e^-50 of
	 * it (log w is concave with curvature about 1/x there): the sum starts
	 * at j0, its recurrences started in closed form (lgamma, the
	 * incomplete beta, digamma), so an overloaded interval costs
	 * O(sqrt(x)) terms, not O(x). */
	double back = 10.0 * sqrt(x) + 10.0;
	int64_t j0 = peak - back > 0 ? (int64_t)(peak - back) : 0;
	double a0 = (double)j0;
	/* log w_j0 */
	double lw = j0 ? a0 * lx - (lgamma(y + a0 + 1.0) - lgamma(y + 1.0)) : 0.0;
	/* I_j0 = I_z(j0 + 1, y + 1); I_0 = 1 - u^(y+1) */
	double ib = j0 ? inc_beta(a0 + 1.0, y + 1.0, z) : -expm1(-theta * (y + 1.0) * t_s);
	/* log t_j = log(z^(j+1) u^(y+1) G(j+y+2) / (G(j+2) G(y+1))), u = exp(-theta T) */
	double lt = z > 0 ? (a0 + 1.0) * lz - (y + 1.0) * theta * t_s + lgamma(a0 + y + 2.0) - lgamma(a0 + 2.0) -
	                    lgamma(y + 1.0)
	                  : -INFINITY;
	/* E[H_j] before term j0 is added: sum_{k<j0} 1 / (theta (y+1+k)) */
	double eh = j0 ? (digamma(y + 1.0 + a0) - digamma(y + 1.0)) / theta : 0.0;
	struct scaled_sums s = { lw, 0.0, 0.0, 0.0, 0.0 };
	double lp0, k, f0, fs, d;
	int64_t j;

	for (j = j0;; j++) {
		double q = y / (y + (double)j + 1.0), ratio, f;

		eh += 1.0 / (theta * (y + 1.0 + (double)j));
		if (lw > s.scale) {
			f = exp(s.scale - lw);
			s.w *= f, s.wq *= f, s.wqi *= f, s.wqh *= f;
			s.scale = lw;
		}
		f = exp(lw - s.scale);
		s.w += f;
		s.wq += f * q;
		s.wqi += f * q * (ib > 0 ? ib : 0.0);
		s.wqh += f * q * eh;
		/* the tail after term j is below w_j r / (1 - r), r the next ratio */
		ratio = x / (y + (double)j + 1.0);
		if ((double)j > peak && ratio < 1.0 && f * ratio / (1.0 - ratio) < 1e-17 * s.w)
			break;
		if (j - j0 >= ERLANG_A_MAX_TERMS) {
			ccsla_error_set(err, NULL, 0, "theta",
			                "Erlang A needs more than %d terms (patience %.0f s too long "
			                "for this load); use erlang-c", ERLANG_A_MAX_TERMS, 1.0 / theta);
			return -1;
		}
		lw += lx - log(y + (double)j + 1.0);
		ib -= exp(lt);
		lt += lz + log((double)j + y + 2.0) - log((double)j + 2.0);
	}
	/* P0 = 1/B - 1, in logs: log_invb + log(1 - exp(-log_invb)) */
	lp0 = log_invb > 0 ? log_invb + log(-expm1(-log_invb)) : -INFINITY;
	k = lp0 > s.scale ? lp0 : s.scale;
	f0 = exp(lp0 - k);
	fs = exp(s.scale - k);
	d = f0 + s.w * fs;
	r->pwait = s.w * fs / d;
	r->sl = (f0 + s.wqi * fs) / d;
	r->abandon = (s.w - s.wq) * fs / d;
	r->asa_s = s.wqh * fs / (f0 + s.wq * fs);
	return 0;
}

int erlang_eval(enum erlang_model model, const struct erlang_load *load, int64_t n,
                double threshold_s, struct erlang_result *res, struct ccsla_error *err)
{
	double a = load->lambda_per_s * load->aht_s;
	double lib = log_inv_b(n, a);

	if (model == ERLANG_A && load->theta_per_s > 0)
		return eval_a(load, n, lib, threshold_s, res, err);
	eval_c(load, n, lib, threshold_s, res);
	return 0;
}

static int meets(enum staffing_criterion crit, double target, const struct erlang_result *r)
{
	switch (crit) {
	case CRIT_SL: return r->sl >= target;
	case CRIT_ASA: return r->asa_s <= target;
	case CRIT_PWAIT: return r->pwait <= target;
	}
	return 0;
}

static int unreachable(enum staffing_criterion crit, double target, struct ccsla_error *err)
{
	if ((crit == CRIT_SL && (target > 1.0 || target < 0.0)) ||
	    (crit == CRIT_ASA && target < 0.0) || (crit == CRIT_PWAIT && (target > 1.0 || target < 0.0))) {
		ccsla_error_set(err, NULL, 0, "target", "target %g is out of range for criterion %s",
		                target, staffing_criterion_name(crit));
		return 1;
	}
	if ((crit == CRIT_SL && target >= 1.0) || (crit == CRIT_ASA && target <= 0.0) ||
	    (crit == CRIT_PWAIT && target <= 0.0)) {
		ccsla_error_set(err, NULL, 0, "target",
		                "target %g of criterion %s cannot be met by any number of agents",
		                target, staffing_criterion_name(crit));
		return 1;
	}
	return 0;
}

/* Erlang C: step up from the first N > A, 1/B carried along. */
static int required_c(enum staffing_criterion crit, double target, double t_s,
                      const struct erlang_load *ld, int64_t *agents, struct ccsla_error *err)
{
	double a = ld->lambda_per_s * ld->aht_s;
	int64_t n = (int64_t)floor(a) + 1;
	double lib = log_inv_b(n, a);
	struct erlang_result r;

	for (int first = 1; n <= ERLANG_MAX_AGENTS; n++, first = 0) {
		if (!first) { /* step the recurrence from n - 1 */
			double t = log((double)n / a) + lib;

			lib = t > 0 ? t + log1p(exp(-t)) : log1p(exp(t));
		}
		eval_c(ld, n, lib, t_s, &r);
		if (meets(crit, target, &r)) {
			*agents = n;
			return 0;
		}
	}
	ccsla_error_set(err, NULL, 0, "target", "more than %d agents would be needed",
	                ERLANG_MAX_AGENTS);
	return -1;
}

int erlang_required(enum erlang_model model, enum staffing_criterion crit, double target,
                    double threshold_s, const struct erlang_load *load, int64_t *agents,
                    struct ccsla_error *err)
{
	int64_t lo, hi;
	struct erlang_result r;

	if (load->lambda_per_s <= 0 || load->aht_s <= 0) {
		*agents = 0;
		return 0;
	}
	if (unreachable(crit, target, err))
		return -1;
	if (model == ERLANG_C || load->theta_per_s <= 0)
		return required_c(crit, target, threshold_s, load, agents, err);
	/* Erlang A: abandonment only shortens the queue, so Erlang C's N is an
	 * upper bound; every criterion is monotone in N: bisect [1, hi]. */
	if (required_c(crit, target, threshold_s, load, &hi, err) < 0)
		return -1;
	for (;;) { /* the bound is checked, not assumed */
		if (erlang_eval(ERLANG_A, load, hi, threshold_s, &r, err) < 0)
			return -1;
		if (meets(crit, target, &r))
			break;
		if (++hi > ERLANG_MAX_AGENTS) {
			ccsla_error_set(err, NULL, 0, "target", "more than %d agents would be needed",
			                ERLANG_MAX_AGENTS);
			return -1;
		}
	}
	/* answered within T / offered <= N mu / lambda = N / A: SL >= target
	 * needs N >= target A */
	lo = 1;
	if (crit == CRIT_SL && (int64_t)floor(target * load->lambda_per_s * load->aht_s) > lo)
		lo = (int64_t)floor(target * load->lambda_per_s * load->aht_s);
	if (lo > hi)
		lo = hi;
	while (lo < hi) {
		int64_t mid = lo + (hi - lo) / 2;

		if (erlang_eval(ERLANG_A, load, mid, threshold_s, &r, err) < 0)
			return -1;
		if (meets(crit, target, &r))
			hi = mid;
		else
			lo = mid + 1;
	}
	*agents = lo;
	return 0;
}

const char *erlang_model_name(enum erlang_model m)
{
	return m == ERLANG_A ? "erlang-a" : "erlang-c";
}

int erlang_model_parse(const char *s)
{
	if (strcmp(s, "erlang-c") == 0)
		return ERLANG_C;
	if (strcmp(s, "erlang-a") == 0)
		return ERLANG_A;
	return -1;
}

const char *staffing_criterion_name(enum staffing_criterion c)
{
	return c == CRIT_SL ? "sl" : c == CRIT_ASA ? "asa" : "pwait";
}

int staffing_criterion_parse(const char *s)
{
	if (strcmp(s, "sl") == 0)
		return CRIT_SL;
	if (strcmp(s, "asa") == 0)
		return CRIT_ASA;
	if (strcmp(s, "pwait") == 0)
		return CRIT_PWAIT;
	return -1;
}
