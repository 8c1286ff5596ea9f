/* adapter_figures.c -- monthly figures of an adapter's contacts, straight
 * from the records it converts (a cross-check of `ccsla metrics`, and the
 * figures issue 8 asks for when metrics is not available).
 *
 *   build/tools/adapter_figures ADAPTER ZONE FILE...
 *
 * Months are local months of arrived_at in ZONE. Formulas are those of
 * spec/metrics.md with abandons: against, no short abandons (S = 0),
 * callbacks ignored, overflow against:
 *   offered = answered + abandoned + overflow + callback + open
 *   abandon_rate_pct = 100 Ab / (A + F + Ab)
 *   service_level_pct(T) = 100 Aw(T) / (A + F + Ab)
 *   asa_s = sum of waits / A; aht_s = sum of talk / answered with talk
 *   short_talk_pct = 100 answered with talk_s < 10 / answered with talk
 * In integers, rounded half up: 2 decimals for %, 3 for seconds. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adapter.h"
#include "tz.h"

#define MAX_MONTHS 240

struct fig {
	int year, month;
	int64_t offered, answered, abandoned, overflow;
	int64_t within20, within60;
	int64_t wait_ms_sum;
	int64_t talk_n, talk_s_sum, talk_under10;
};

struct figs {
	struct tz *zone;
	struct fig m[MAX_MONTHS];
	int n;
	struct fig all;
};

static void add(struct fig *f, const struct contact *c)
{
	if (outcome_is_offered(c->outcome))
		f->offered++;
	if (c->outcome == OUT_ABANDONED)
		f->abandoned++;
	if (c->outcome == OUT_OVERFLOW)
		f->overflow++;
	if (c->outcome != OUT_ANSWERED)
		return;
	f->answered++;
	int64_t w = c->answered_at_ms - c->arrived_at_ms;
	f->wait_ms_sum += w;
	f->within20 += w <= 20000;
	f->within60 += w <= 60000;
	if (c->talk_s >= 0) {
		f->talk_n++;
		f->talk_s_sum += c->talk_s;
		f->talk_under10 += c->talk_s < 10;
	}
}

static int emit(void *ctx, const struct contact *c, struct ccsla_error *err)
{
	struct figs *x = ctx;
	struct local_time lt;
	int i;

	(void)err;
	tz_to_local(x->zone, c->arrived_at_ms, &lt);
	for (i = 0; i < x->n; i++)
		if (x->m[i].year == lt.year && x->m[i].month == lt.month)
			break;
	if (i == x->n) {
		if (x->n == MAX_MONTHS)
			return ccsla_error_set(err, NULL, 0, NULL, "too many months");
		memset(&x->m[i], 0, sizeof x->m[i]);
		x->m[i].year = lt.year;
		x->m[i].month = lt.month;
		x->n++;
	}
	add(&x->m[i], c);
	add(&x->all, c);
	return 0;
}

/* num/den with `scale` decimals, rounded half up; "n/a" when den is 0. */
static const char *ratio(int64_t num, int64_t den, int64_t mul, int decimals)
{
	static char buf[8][32];
	static int k;
	int64_t p = 1;

	k = (k + 1) % 8;
	if (den == 0)
		return "n/a";
	for (int i = 0; i < decimals; i++)
		p *= 10;
	int64_t v = (2 * num * mul * p / den + 1) / 2;
	snprintf(buf[k], sizeof buf[k], "%lld.%0*lld", (long long)(v / p), decimals, (long long)(v % p));
	return buf[k];
}

static void row(const char *label, const struct fig *f)
{
	int64_t base = f->answered + f->overflow + f->abandoned;

	printf("%-8s %8lld %8lld %7s %8s %7s %7s %8s %7s\n", label, (long long)f->offered,
	       (long long)f->answered, ratio(f->abandoned, base, 100, 2),
	       ratio(f->wait_ms_sum, f->answered * 1000, 1, 3), ratio(f->within20, base, 100, 2),
	       ratio(f->within60, base, 100, 2), ratio(f->talk_s_sum, f->talk_n, 1, 3),
	       ratio(f->talk_under10, f->talk_n, 100, 2));
}

static int cmp_month(const void *a, const void *b)
{
	const struct fig *x = a, *y = b;

	return (x->year * 12 + x->month) - (y->year * 12 + y->month);
}

int main(int argc, char **argv)
{
	static struct figs x;
	struct adapter_run run;
	struct ccsla_error err;
	const struct adapter *a;
	char label[16];

	if (argc < 4 || !(a = adapter_find(argv[1]))) {
		fprintf(stderr, "usage: adapter_figures ADAPTER ZONE FILE...\n");
		return 2;
	}
	if (tz_load(&x.zone, argv[2], &err) != 0) {
		fprintf(stderr, "adapter_figures: %s\n", err.msg);
		return 2;
	}
	memset(&run, 0, sizeof run);
	adapter_run_init(&run, "records");
	run.sink.emit = emit;
	run.sink.ctx = &x;
	if (strcmp(argv[1], "asterisk") == 0)
		run.opts.client_id = "X";
	else
		run.opts.tz_name = argv[2];
	if (a->convert(&run, argv + 3, argc - 3, &err) != 0) {
		fprintf(stderr, "adapter_figures: %s: %s\n", err.file, err.msg);
		return 3;
	}
	qsort(x.m, x.n, sizeof x.m[0], cmp_month);
	printf("%-8s %8s %8s %7s %8s %7s %7s %8s %7s\n", "month", "offered", "answered", "aband%",
	       "asa_s", "sl20%", "sl60%", "aht_s", "talk<10%");
	for (int i = 0; i < x.n; i++) {
		snprintf(label, sizeof label, "%04d-%02d", x.m[i].year, x.m[i].month);
		row(label, &x.m[i]);
	}
	row("all", &x.all);
	tz_free(x.zone);
	return adapter_reconciles(&run.stats) ? 0 : 1;
}
