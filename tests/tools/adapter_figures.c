/* adapter_figures.c -- monthly figures of an adapter's contacts, straight
 * from the records it converts, through the metric engine (metrics.h): a
 * cross-check of `ccsla metrics` on the ingested store, plus the one figure
 * metrics.md has no name for (the share of answered calls talking < 10 s).
 *
 *   build/tools/adapter_figures ADAPTER ZONE FILE...
 *
 * Months are local months of arrived_at in ZONE. Parameters are metrics.md's
 * defaults (abandons against, no short abandons, callbacks ignored,
 * overflow against), with the service-level threshold at 20 s and 60 s. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adapters/adapter.h"
#include "core/tz.h"
#include "metrics/metrics.h"

#define MAX_MONTHS 240

struct fig {
	int year, month;
	struct metric_counts t20, t60;   /* the same contacts, two thresholds */
	int64_t talk_n, talk_under10;    /* answered with talk_s; of them < 10 s */
};

struct figs {
	struct tz *zone;
	struct metric_params p20, p60;
	struct fig m[MAX_MONTHS];
	int n;
	struct fig all;
};

static void fig_init(struct fig *f, int year, int month)
{
	memset(f, 0, sizeof *f);
	f->year = year;
	f->month = month;
	metric_counts_init(&f->t20);
	metric_counts_init(&f->t60);
}

static int add(struct figs *x, struct fig *f, const struct contact *c)
{
	if (metrics_add(&f->t20, &x->p20, c) != 0 || metrics_add(&f->t60, &x->p60, c) != 0)
		return -1;
	if (c->outcome == OUT_ANSWERED && c->talk_s >= 0) {
		f->talk_n++;
		f->talk_under10 += c->talk_s < 10;
	}
	return 0;
}

static int emit(void *ctx, const struct contact *c, struct ccsla_error *err)
{
	struct figs *x = ctx;
	struct local_time lt;
	int i;

	tz_to_local(x->zone, c->arrived_at_ms, &lt);
	for (i = 0; i < x->n; i++)
		if (x->m[i].year == lt.year && x->m[i].month == lt.month)
			break;
	if (i == x->n) {
		if (x->n == MAX_MONTHS)
			return ccsla_error_set(err, NULL, 0, NULL, "too many months");
		fig_init(&x->m[i], lt.year, lt.month);
		x->n++;
	}
	if (add(x, &x->m[i], c) != 0 || add(x, &x->all, c) != 0)
		return ccsla_error_set(err, NULL, 0, NULL, "out of memory");
	return 0;
}

/* A metric as metrics.md prints it ("n/a" when it has no value). */
static const char *value(struct metric_counts *c, const struct metric_params *p, enum metric_id m)
{
	static char buf[8][32];
	static int k;
	struct ratio r;

	k = (k + 1) % 8;
	if (metric_value(c, p, m, &r) != 0)
		return "?";
	return ratio_format(&r, metric_decimals(m), buf[k], sizeof buf[k]);
}

static void row(struct figs *x, const char *label, struct fig *f)
{
	struct ratio short_talk = { 100 * f->talk_under10, f->talk_n };
	char buf[32];

	printf("%-8s %8lld %8lld %7s %8s %7s %7s %8s %7s\n", label, (long long)f->t20.offered,
	       (long long)f->t20.answered, value(&f->t20, &x->p20, METRIC_ABANDON_RATE),
	       value(&f->t20, &x->p20, METRIC_ASA), value(&f->t20, &x->p20, METRIC_SERVICE_LEVEL),
	       value(&f->t60, &x->p60, METRIC_SERVICE_LEVEL), value(&f->t20, &x->p20, METRIC_AHT),
	       ratio_format(&short_talk, 2, buf, sizeof buf));
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
	metric_params_default(&x.p20);
	x.p20.keep_waits = 0;
	x.p60 = x.p20;
	x.p60.threshold_s = 60;
	fig_init(&x.all, 0, 0);
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
		row(&x, label, &x.m[i]);
		metric_counts_release(&x.m[i].t20);
		metric_counts_release(&x.m[i].t60);
	}
	row(&x, "all", &x.all);
	metric_counts_release(&x.all.t20);
	metric_counts_release(&x.all.t60);
	tz_free(x.zone);
	return adapter_reconciles(&run.stats) ? 0 : 1;
}
