/* test_metrics_period.c -- an SLA's month in its zone: local days and
 * intervals on DST days, month boundaries, exclusions, repeat-contact FCR
 * windows (outbound contacts are no repeats), interval compliance and the
 * worst days (only those with the minimum volume). Exclusions remove only
 * offered contacts of the population, counted per window. Repeat-FCR
 * outcomes shared between periods count what a tracker alone counts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "core/timefmt.h"
#include "metrics/metrics.h"

#define DAY INT64_C(86400000)

static int64_t utc(const char *text)
{
	int64_t ms;
	const char *why;

	assert_int_equal(rfc3339_parse(text, &ms, &why), 0);
	return ms;
}

static struct contact answered(const char *arrived, int64_t wait_ms, const char *customer)
{
	struct contact c;

	contact_init(&c);
	strcpy(c.client_id, "ACME");
	strcpy(c.contact_id, "x");
	strcpy(c.queue, "default");
	strcpy(c.customer_id, customer);
	c.channel = CH_VOICE;
	c.direction = DIR_INBOUND;
	c.outcome = OUT_ANSWERED;
	c.arrived_at_ms = utc(arrived);
	c.answered_at_ms = c.arrived_at_ms + wait_ms;
	return c;
}

/* One answered contact with a 1 s wait at `arrived`. */
static void add_at(struct metrics_period *p, const char *arrived)
{
	struct contact c = answered(arrived, 1000, "");

	assert_int_equal(metrics_period_add(p, &c), 0);
}

/* The local month [first day, first day of next month) of zone. */
static void month_period(struct metrics_period *p, struct tz *zone, int year, int month,
                         const struct metric_params *params, const struct metrics_filter *f)
{
	struct ccsla_error err;
	int64_t from = tz_local_day_start(zone, civil_to_days(year, month, 1));
	int64_t to = tz_local_day_start(zone, civil_to_days(year, month, 1) + days_in_month(year, month));

	assert_int_equal(metrics_period_init(p, zone, from, to, 30, params, f, &err), 0);
}

static void berlin_october_has_1490_half_hours_with_the_repeated_hour_labelled(void **state)
{
	struct tz *z = NULL;
	struct ccsla_error err;
	struct metric_params params;
	struct metrics_filter f;
	struct metrics_period p;
	char label[40];
	size_t first25 = 0;

	(void)state;
	assert_int_equal(tz_load(&z, "Europe/Berlin", &err), 0);
	metric_params_default(&params);
	metrics_filter_default(&f);
	month_period(&p, z, 2026, 10, &params, &f);
	assert_int_equal(p.day_count, 31);
	assert_int_equal(p.interval_count, 31 * 48 + 2);
	while (p.intervals[first25].day != 24)
		first25++;
	metrics_interval_label(&p.intervals[first25 + 5], z, label, sizeof label);
	assert_string_equal(label, "2026-10-25T02:30+02:00");
	metrics_interval_label(&p.intervals[first25 + 7], z, label, sizeof label);
	assert_string_equal(label, "2026-10-25T02:30+01:00");
	/* One contact in each 02:30: two intervals, one day. */
	add_at(&p, "2026-10-25T00:40:00Z");
	add_at(&p, "2026-10-25T01:40:00Z");
	assert_int_equal(p.intervals[first25 + 5].counts.answered, 1);
	assert_int_equal(p.intervals[first25 + 7].counts.answered, 1);
	assert_int_equal(p.days[24].answered, 2);
	/* Month boundaries in local time: 22:00Z on 30 Sep is 1 Oct 00:00 CEST. */
	add_at(&p, "2026-09-30T21:59:59.999Z");
	add_at(&p, "2026-09-30T22:00:00Z");
	add_at(&p, "2026-10-31T22:59:59.999Z");
	add_at(&p, "2026-10-31T23:00:00Z");
	metrics_period_finish(&p);
	assert_int_equal(p.days[0].answered, 1);
	assert_int_equal(p.days[30].answered, 1);
	assert_int_equal(p.total.answered, 4);
	metrics_period_release(&p);
	tz_free(z);
}

static void sydney_october_loses_an_hour_and_kolkata_days_turn_at_1830_utc(void **state)
{
	struct tz *z = NULL;
	struct ccsla_error err;
	struct metric_params params;
	struct metrics_filter f;
	struct metrics_period p;

	(void)state;
	metric_params_default(&params);
	metrics_filter_default(&f);
	assert_int_equal(tz_load(&z, "Australia/Sydney", &err), 0);
	month_period(&p, z, 2026, 10, &params, &f);
	assert_int_equal(p.interval_count, 31 * 48 - 2);
	metrics_period_release(&p);
	month_period(&p, z, 2026, 4, &params, &f);
	assert_int_equal(p.interval_count, 30 * 48 + 2);
	metrics_period_release(&p);
	tz_free(z);

	assert_int_equal(tz_load(&z, "Asia/Kolkata", &err), 0);
	month_period(&p, z, 2026, 10, &params, &f);
	assert_int_equal(p.interval_count, 31 * 48);
	add_at(&p, "2026-10-31T18:29:59.999Z");
	add_at(&p, "2026-10-31T18:30:00Z"); /* 1 Nov 00:00 IST */
	add_at(&p, "2026-09-30T18:30:00Z"); /* 1 Oct 00:00 IST */
	metrics_period_finish(&p);
	assert_int_equal(p.days[30].answered, 1);
	assert_int_equal(p.days[0].answered, 1);
	assert_int_equal(p.total.answered, 2);
	metrics_period_release(&p);
	tz_free(z);
}

static void excluded_contacts_count_only_as_excluded(void **state)
{
	struct tz *z = NULL;
	struct ccsla_error err;
	struct metric_params params;
	struct metrics_filter f;
	struct metrics_period p;
	struct calendar cal;
	struct exclusion ex = { 0, 0, "client-caused", "CRM outage", "J. Doe" };
	struct contact c;

	(void)state;
	assert_int_equal(tz_load(&z, "Europe/Berlin", &err), 0);
	calendar_init(&cal, z);
	ex.from_ms = utc("2026-10-14T08:00:00Z");
	ex.to_ms = utc("2026-10-14T12:00:00Z");
	assert_int_equal(calendar_add_exclusion(&cal, &ex), 0);
	metric_params_default(&params);
	metrics_filter_default(&f);
	f.cal = &cal;
	month_period(&p, z, 2026, 10, &params, &f);
	c = answered("2026-10-14T08:00:00Z", 60000, "");
	assert_int_equal(metrics_period_add(&p, &c), 0);
	c = answered("2026-10-14T12:00:00Z", 60000, "");
	assert_int_equal(metrics_period_add(&p, &c), 0);
	metrics_period_finish(&p);
	assert_int_equal(p.total.excluded, 1);
	assert_int_equal(p.total.offered, 1);
	assert_int_equal(p.days[13].excluded, 1);
	metrics_period_release(&p);
	calendar_release(&cal);
	tz_free(z);
}

/* issue 15: a window removes a contact only from a population it would
 * have been in. A deflected call inside the window is never offered (it
 * counts as deflected, as outside the window); an outbound e-mail is not
 * in an inbound voice population at all. */
static void a_deflected_or_outbound_contact_in_a_window_is_not_excluded(void **state)
{
	struct tz *z = NULL;
	struct ccsla_error err;
	struct metric_params params;
	struct metrics_filter f;
	struct metrics_period p;
	struct calendar cal;
	struct exclusion ex = { 0, 0, "client-caused", "CRM outage", "J. Doe" };
	struct contact c;

	(void)state;
	assert_int_equal(tz_load(&z, "Europe/Berlin", &err), 0);
	calendar_init(&cal, z);
	ex.from_ms = utc("2026-10-14T08:00:00Z");
	ex.to_ms = utc("2026-10-14T12:00:00Z");
	assert_int_equal(calendar_add_exclusion(&cal, &ex), 0);
	metric_params_default(&params);
	metrics_filter_default(&f);
	f.channels = 1u << CH_VOICE;
	f.cal = &cal;
	month_period(&p, z, 2026, 10, &params, &f);
	c = answered("2026-10-14T09:00:00Z", 1000, "");
	assert_int_equal(metrics_period_add(&p, &c), 0);
	c = answered("2026-10-14T09:10:00Z", 0, "");
	c.outcome = OUT_DEFLECTED;
	c.answered_at_ms = TIME_NONE;
	assert_int_equal(metrics_period_add(&p, &c), 0);
	c = answered("2026-10-14T09:20:00Z", 1000, "");
	c.channel = CH_EMAIL;
	c.direction = DIR_OUTBOUND;
	assert_int_equal(metrics_period_add(&p, &c), 0);
	metrics_period_finish(&p);
	assert_int_equal(p.total.excluded, 1);
	assert_int_equal(p.days[13].excluded, 1);
	assert_int_equal(p.total.deflected, 1);
	assert_int_equal(p.total.offered, 0);
	assert_int_equal(metrics_filter_select(&f, &c), SELECT_OUT);
	metrics_period_release(&p);
	calendar_release(&cal);
	tz_free(z);
}

/* Each window's count: the excluded contacts of the population by the
 * first window holding them; they add up to total.excluded. */
static void excluded_contacts_are_counted_per_window(void **state)
{
	struct tz *z = NULL;
	struct ccsla_error err;
	struct metric_params params;
	struct metrics_filter f;
	struct metrics_period p;
	struct calendar cal;
	struct exclusion ex = { 0, 0, "client-caused", "CRM outage", "J. Doe" };

	(void)state;
	assert_int_equal(tz_load(&z, "UTC", &err), 0);
	calendar_init(&cal, z);
	ex.from_ms = utc("2026-10-02T08:00:00Z");
	ex.to_ms = utc("2026-10-02T09:00:00Z");
	assert_int_equal(calendar_add_exclusion(&cal, &ex), 0);
	ex.from_ms = utc("2026-10-20T08:00:00Z");
	ex.to_ms = utc("2026-10-20T09:00:00Z");
	assert_int_equal(calendar_add_exclusion(&cal, &ex), 0);
	ex.from_ms = utc("2026-11-20T08:00:00Z"); /* another month's */
	ex.to_ms = utc("2026-11-20T09:00:00Z");
	assert_int_equal(calendar_add_exclusion(&cal, &ex), 0);
	metric_params_default(&params);
	metrics_filter_default(&f);
	f.cal = &cal;
	month_period(&p, z, 2026, 10, &params, &f);
	assert_int_equal(p.window_count, 3);
	add_at(&p, "2026-10-02T08:00:00Z");
	add_at(&p, "2026-10-02T08:59:59.999Z");
	add_at(&p, "2026-10-02T09:00:00Z"); /* the end is outside */
	add_at(&p, "2026-10-20T08:30:00Z");
	metrics_period_finish(&p);
	assert_int_equal(p.window_excluded[0], 2);
	assert_int_equal(p.window_excluded[1], 1);
	assert_int_equal(p.window_excluded[2], 0);
	assert_int_equal(p.total.excluded, 3);
	assert_int_equal(p.total.offered, 1);
	metrics_period_release(&p);
	calendar_release(&cal);
	tz_free(z);
}

/* metrics.md: resolved when "no further offered contact" of the customer
 * comes: the centre's own outbound call or e-mail is no repeat. */
static void an_outbound_contact_is_no_repeat(void **state)
{
	struct metric_counts c;
	struct metric_counts *target[1] = { &c };
	struct fcr_tracker *t = fcr_tracker_new(7);
	struct contact a, out;

	(void)state;
	metric_counts_init(&c);
	a = answered("2026-10-01T10:00:00Z", 1000, "cu1");
	assert_int_equal(fcr_tracker_add(t, &a, target, 1), 0);
	out = answered("2026-10-02T10:00:00Z", 1000, "cu1");
	out.direction = DIR_OUTBOUND;
	out.channel = CH_EMAIL;
	assert_int_equal(fcr_tracker_add(t, &out, NULL, 0), 0);
	out.outcome = OUT_ABANDONED; /* an outbound call the customer did not take */
	out.arrived_at_ms += 3600000;
	assert_int_equal(fcr_tracker_add(t, &out, NULL, 0), 0);
	fcr_tracker_finish(t, utc("2026-11-01T00:00:00Z"));
	assert_int_equal(c.fcr_base, 1);
	assert_int_equal(c.fcr_resolved, 1);
	assert_int_equal(c.fcr_provisional, 0);
	fcr_tracker_free(t);
	metric_counts_release(&c);
}

/* A population of both directions counts an answered outbound contact in
 * its base: it waits for its own outcome and leaves the earlier inbound
 * contact's window where it was. */
static void an_outbound_contact_of_the_population_keeps_its_own_window(void **state)
{
	struct metric_counts c;
	struct metric_counts *target[1] = { &c };
	struct fcr_tracker *t = fcr_tracker_new(7);
	struct contact a, out, back;

	(void)state;
	metric_counts_init(&c);
	a = answered("2026-10-01T10:00:00Z", 1000, "cu1");
	assert_int_equal(fcr_tracker_add(t, &a, target, 1), 0);
	out = answered("2026-10-07T10:00:00Z", 1000, "cu1");
	out.direction = DIR_OUTBOUND;
	assert_int_equal(fcr_tracker_add(t, &out, target, 1), 0);
	assert_int_equal(c.fcr_base, 0); /* no repeat: both still open */
	/* back 7 days and 1 ms after the first: its window had closed; the
	 * outbound one is repeated within its own */
	back = answered("2026-10-08T10:00:00.001Z", 1000, "cu1");
	assert_int_equal(fcr_tracker_add(t, &back, NULL, 0), 0);
	assert_int_equal(c.fcr_base, 2);
	assert_int_equal(c.fcr_resolved, 1);
	fcr_tracker_finish(t, utc("2026-11-01T00:00:00Z"));
	assert_int_equal(c.fcr_base, 2);
	fcr_tracker_free(t);
	metric_counts_release(&c);
}

/* 20,000 contacts of 2,500 customers over 60 days (so customers expire
 * and their entries are reused, ties of arrival, outbound and deflected
 * contacts) give the counts of the definition applied pair by pair:
 * resolved when no offered inbound contact of the customer arrives in
 * (t, t + D]; provisional when none did and t + D is past the watermark. */
static void repeat_fcr_equals_the_definition_on_a_random_stream(void **state)
{
	enum { N = 20000, CUSTOMERS = 2500, D = 3 };
	static struct contact cs[N];
	static int registered[N];
	struct metric_counts got[3], want[3];
	struct fcr_tracker *t = fcr_tracker_new(D);
	int64_t at = utc("2026-09-01T00:00:00Z"), window = (int64_t)D * 86400000;
	uint64_t x = 0x9E3779B97F4A7C15u;

	(void)state;
	for (int k = 0; k < 3; k++) {
		metric_counts_init(&got[k]);
		metric_counts_init(&want[k]);
	}
	for (int i = 0; i < N; i++) {
		char cu[16];
		struct metric_counts *target[1];

		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		at += (int64_t)(x % 7 == 0 ? 0 : x % 520000); /* ~4.3 min apart, some ties */
		snprintf(cu, sizeof cu, "c%u", (unsigned)(x >> 20) % CUSTOMERS);
		cs[i] = answered("2026-09-01T00:00:00Z", 1000, x % 53 == 0 ? "" : cu);
		cs[i].arrived_at_ms = at;
		cs[i].answered_at_ms = at + 1000;
		cs[i].direction = x % 9 == 0 ? DIR_OUTBOUND : DIR_INBOUND;
		cs[i].outcome = x % 5 == 0 ? OUT_ABANDONED : x % 11 == 0 ? OUT_DEFLECTED : OUT_ANSWERED;
		registered[i] = cs[i].outcome == OUT_ANSWERED && cs[i].customer_id[0] && x % 4 != 0;
		target[0] = &got[i % 3];
		assert_int_equal(fcr_tracker_add(t, &cs[i], target, registered[i] ? 1 : 0), 0);
	}
	fcr_tracker_finish(t, at);
	for (int i = 0; i < N; i++) {
		int repeated = 0;

		if (!registered[i])
			continue;
		for (int j = i + 1; j < N && cs[j].arrived_at_ms <= cs[i].arrived_at_ms + window && !repeated; j++)
			repeated = cs[j].arrived_at_ms > cs[i].arrived_at_ms && cs[j].direction == DIR_INBOUND &&
			           outcome_is_offered(cs[j].outcome) &&
			           strcmp(cs[j].customer_id, cs[i].customer_id) == 0;
		want[i % 3].fcr_base++;
		want[i % 3].fcr_resolved += !repeated;
		want[i % 3].fcr_provisional += !repeated && at < cs[i].arrived_at_ms + window;
	}
	for (int k = 0; k < 3; k++) {
		assert_true(want[k].fcr_base > 1000);
		assert_true(want[k].fcr_resolved < want[k].fcr_base);
		assert_int_equal(got[k].fcr_base, want[k].fcr_base);
		assert_int_equal(got[k].fcr_resolved, want[k].fcr_resolved);
		assert_int_equal(got[k].fcr_provisional, want[k].fcr_provisional);
		metric_counts_release(&got[k]);
		metric_counts_release(&want[k]);
	}
	fcr_tracker_free(t);
}

/* The same against the definition, for the tracker's other paths: ids of
 * 40 to 64 bytes that differ only in their last bytes (kept outside the
 * node), 30,000 customers (the table rebuilt and doubled many times), a
 * window of 30 days, a stream that becomes denser (the ring of pending
 * contacts grows after its head has moved), and two clients' streams one
 * after the other in one tracker (fcr_tracker_finish, then the pool and
 * ring reused). */
static void repeat_fcr_equals_the_definition_with_long_ids_and_two_clients(void **state)
{
	enum { N = 40000, CUSTOMERS = 30000, D = 30 };
	static struct contact cs[N];
	static int registered[N];
	struct metric_counts got[2], want[2];
	struct fcr_tracker *t = fcr_tracker_new(D);
	int64_t window = (int64_t)D * 86400000, end[2];
	uint64_t x = 0x2545F4914F6CDD1Du;

	(void)state;
	for (int k = 0; k < 2; k++) {
		metric_counts_init(&got[k]);
		metric_counts_init(&want[k]);
	}
	for (int half = 0; half < 2; half++) {
		int64_t at = utc("2026-08-01T00:00:00Z");

		for (int i = half * N / 2; i < (half + 1) * N / 2; i++) {
			char cu[CONTACT_ID_MAX + 1];
			struct metric_counts *target[1] = { &got[half] };
			unsigned who;

			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			/* sparse for 40 days, then ten times denser: the ring
			 * grows while its head has moved */
			at += (int64_t)(x % 5 == 0 ? 0 : x % (i - half * N / 2 < 4000 ? 2000000 : 200000));
			who = (unsigned)(x >> 24) % CUSTOMERS;
			/* 40-64 bytes: a common prefix, the customer at the end */
			snprintf(cu, sizeof cu, "%.*s%05u", 35 + (int)(who % 25),
			         "customer-of-a-long-pseudonymised-id-xxxxxxxxxxxxxxxxxxxxxxxxxxxxx", who);
			if (who % 3 == 0)
				snprintf(cu, sizeof cu, "c%u", who); /* and short ones */
			cs[i] = answered("2026-08-01T00:00:00Z", 1000, cu);
			cs[i].arrived_at_ms = at;
			cs[i].answered_at_ms = at + 1000;
			cs[i].direction = x % 7 == 0 ? DIR_OUTBOUND : DIR_INBOUND;
			cs[i].outcome = x % 6 == 0 ? OUT_ABANDONED : OUT_ANSWERED;
			registered[i] = cs[i].outcome == OUT_ANSWERED && x % 5 != 1;
			assert_int_equal(fcr_tracker_add(t, &cs[i], target, registered[i] ? 1 : 0), 0);
		}
		end[half] = at; /* the store's watermark: its latest arrival */
		fcr_tracker_finish(t, end[half]);
	}
	for (int half = 0; half < 2; half++)
		for (int i = half * N / 2; i < (half + 1) * N / 2; i++) {
			int repeated = 0;

			if (!registered[i])
				continue;
			for (int j = i + 1; j < (half + 1) * N / 2 && cs[j].arrived_at_ms <= cs[i].arrived_at_ms + window &&
			                    !repeated; j++)
				repeated = cs[j].arrived_at_ms > cs[i].arrived_at_ms && cs[j].direction == DIR_INBOUND &&
				           strcmp(cs[j].customer_id, cs[i].customer_id) == 0;
			want[half].fcr_base++;
			want[half].fcr_resolved += !repeated;
			want[half].fcr_provisional += !repeated && end[half] < cs[i].arrived_at_ms + window;
		}
	for (int k = 0; k < 2; k++) {
		assert_true(want[k].fcr_base > 10000);
		assert_true(want[k].fcr_resolved < want[k].fcr_base);
		assert_true(want[k].fcr_provisional > 0);
		assert_int_equal(got[k].fcr_base, want[k].fcr_base);
		assert_int_equal(got[k].fcr_resolved, want[k].fcr_resolved);
		assert_int_equal(got[k].fcr_provisional, want[k].fcr_provisional);
		metric_counts_release(&got[k]);
		metric_counts_release(&want[k]);
	}
	fcr_tracker_free(t);
}

static void a_contact_at_exactly_d_days_is_a_repeat_and_one_ms_later_is_not(void **state)
{
	struct metric_params params;
	struct metric_counts c;
	struct metric_counts *target[1] = { &c };
	struct fcr_tracker *t = fcr_tracker_new(7);
	struct contact a, b, other;

	(void)state;
	metric_params_default(&params);
	metric_counts_init(&c);
	/* cu1: answered, back at exactly t + 7 days: not resolved.
	 * cu2: answered, back at t + 7 days + 1 ms: resolved. */
	a = answered("2026-10-01T10:00:00Z", 1000, "cu1");
	b = answered("2026-10-01T10:00:00Z", 1000, "cu2");
	assert_int_equal(fcr_tracker_add(t, &a, target, 1), 0);
	assert_int_equal(fcr_tracker_add(t, &b, target, 1), 0);
	other = answered("2026-10-08T10:00:00Z", 1000, "cu1");
	other.channel = CH_EMAIL; /* a repeat on another channel is a repeat */
	assert_int_equal(fcr_tracker_add(t, &other, NULL, 0), 0);
	assert_int_equal(c.fcr_base, 1);
	assert_int_equal(c.fcr_resolved, 0);
	other = answered("2026-10-08T10:00:00.001Z", 1000, "cu2");
	assert_int_equal(fcr_tracker_add(t, &other, NULL, 0), 0);
	assert_int_equal(c.fcr_base, 2);
	assert_int_equal(c.fcr_resolved, 1);
	/* Two answered at the same instant are not repeats of each other; a
	 * deflected contact is not offered and so no repeat either. */
	a = answered("2026-10-09T10:00:00Z", 1000, "cu3");
	assert_int_equal(fcr_tracker_add(t, &a, target, 1), 0);
	assert_int_equal(fcr_tracker_add(t, &a, target, 1), 0);
	other = answered("2026-10-09T11:00:00Z", 0, "cu3");
	other.outcome = OUT_DEFLECTED;
	assert_int_equal(fcr_tracker_add(t, &other, NULL, 0), 0);
	/* The data reaches only 2026-10-12: the window is not over. */
	fcr_tracker_finish(t, utc("2026-10-12T00:00:00Z"));
	assert_int_equal(c.fcr_base, 4);
	assert_int_equal(c.fcr_resolved, 3);
	assert_int_equal(c.fcr_provisional, 2);
	fcr_tracker_free(t);
	metric_counts_release(&c);
}

static void interval_compliance_and_worst_days_use_exact_values(void **state)
{
	struct tz *z = NULL;
	struct ccsla_error err;
	struct metric_params params;
	struct metrics_filter f;
	struct metrics_period p;
	struct target t;
	struct ratio r;
	struct contact c;
	size_t worst[3];
	char buf[16];

	(void)state;
	assert_int_equal(tz_load(&z, "UTC", &err), 0);
	metric_params_default(&params);
	metrics_filter_default(&f);
	month_period(&p, z, 2026, 10, &params, &f);
	/* 2 Oct 08:00: 2 within; 3 Oct 08:00: 1 within, 1 late; 5 Oct 08:00: 1 late. */
	c = answered("2026-10-02T08:00:00Z", 1000, "");
	metrics_period_add(&p, &c);
	metrics_period_add(&p, &c);
	c = answered("2026-10-03T08:00:00Z", 1000, "");
	metrics_period_add(&p, &c);
	c = answered("2026-10-03T08:01:00Z", 30000, "");
	metrics_period_add(&p, &c);
	c = answered("2026-10-05T08:00:00Z", 30000, "");
	metrics_period_add(&p, &c);
	metrics_period_finish(&p);
	assert_int_equal(target_parse(">= 80", &t, &err), 0);
	assert_int_equal(metrics_interval_compliance(&p, METRIC_SERVICE_LEVEL, &t, 2, 0, 1, &r), 0);
	assert_string_equal(ratio_format(&r, 2, buf, sizeof buf), "33.33"); /* 1 of 3 */
	assert_int_equal(metrics_interval_compliance(&p, METRIC_SERVICE_LEVEL, &t, 2, 0, 2, &r), 0);
	assert_string_equal(ratio_format(&r, 2, buf, sizeof buf), "50.00"); /* 1 of 2 */
	assert_int_equal(metrics_interval_compliance(&p, METRIC_SERVICE_LEVEL, &t, 2, 0, 3, &r), 0);
	assert_string_equal(ratio_format(&r, 2, buf, sizeof buf), "n/a");
	assert_int_equal(metrics_worst_days(&p, METRIC_SERVICE_LEVEL, 0, 3, worst), 3);
	assert_int_equal(worst[0], 4); /* 0 % */
	assert_int_equal(worst[1], 2); /* 50 % */
	assert_int_equal(worst[2], 1); /* 100 % */
	assert_int_equal(metrics_worst_days(&p, METRIC_ASA, 0, 1, worst), 1);
	assert_int_equal(worst[0], 4); /* longest ASA first */
	metrics_period_release(&p);
	tz_free(z);
}

/* report.md: only sub-periods with at least the SLA's minimum volume are
 * ranked: a day with one late call (0 %) says nothing and is left out. */
static void worst_days_rank_only_days_with_the_minimum_volume(void **state)
{
	struct tz *z = NULL;
	struct ccsla_error err;
	struct metric_params params;
	struct metrics_filter f;
	struct metrics_period p;
	struct contact c;
	size_t worst[3];
	int i;

	(void)state;
	assert_int_equal(tz_load(&z, "UTC", &err), 0);
	metric_params_default(&params);
	metrics_filter_default(&f);
	month_period(&p, z, 2026, 10, &params, &f);
	c = answered("2026-10-02T08:00:00Z", 30000, ""); /* 0 % of 1 */
	metrics_period_add(&p, &c);
	for (i = 0; i < 10; i++) { /* 3 Oct: 5 of 10 within, 08:00-08:09 */
		c = answered("2026-10-03T08:00:00Z", i < 5 ? 1000 : 30000, "");
		c.arrived_at_ms += (int64_t)i * 60000;
		c.answered_at_ms += (int64_t)i * 60000;
		metrics_period_add(&p, &c);
	}
	for (i = 0; i < 10; i++) { /* 4 Oct: 9 of 10 */
		c = answered("2026-10-04T08:00:00Z", i < 9 ? 1000 : 30000, "");
		c.arrived_at_ms += (int64_t)i * 60000;
		c.answered_at_ms += (int64_t)i * 60000;
		metrics_period_add(&p, &c);
	}
	metrics_period_finish(&p);
	assert_int_equal(metrics_worst_days(&p, METRIC_SERVICE_LEVEL, 10, 3, worst), 2);
	assert_int_equal(worst[0], 2); /* 50 % */
	assert_int_equal(worst[1], 3); /* 90 % */
	assert_int_equal(metrics_worst_days(&p, METRIC_SERVICE_LEVEL, 1, 3, worst), 3);
	assert_int_equal(worst[0], 1); /* the 0 % day, when nothing is asked */
	assert_int_equal(metrics_worst_days(&p, METRIC_SERVICE_LEVEL, 11, 3, worst), 0);
	assert_int_equal(metrics_worst_intervals(&p, METRIC_SERVICE_LEVEL, 10, 3, worst), 2);
	assert_int_equal(metrics_worst_intervals(&p, METRIC_SERVICE_LEVEL, 11, 3, worst), 0);
	metrics_period_release(&p);
	tz_free(z);
}

/* Every interval of a year, in zones with half-hour DST (Lord Howe), a
 * 45-minute offset (Kathmandu) and a -03:30 offset with DST (St John's),
 * checked against the definition: contiguous, starting at a local multiple
 * of the length or at an offset change, offset and day as the zone says. */
static void intervals_follow_the_definition_in_odd_zones(void **state)
{
	static const char *zones[] = { "Australia/Lord_Howe", "Asia/Kathmandu", "America/St_Johns" };
	static const int lengths[] = { 15, 30, 60 };

	(void)state;
	for (size_t zi = 0; zi < 3; zi++)
		for (size_t li = 0; li < 3; li++) {
			struct tz *z = NULL;
			struct ccsla_error err;
			struct metric_params params;
			struct metrics_filter f;
			struct metrics_period p;
			int64_t iv_ms = (int64_t)lengths[li] * 60000, from, to, changes = 0;

			assert_int_equal(tz_load(&z, zones[zi], &err), 0);
			metric_params_default(&params);
			metrics_filter_default(&f);
			for (int m = 0; m < 12; m += 2) {
				from = tz_local_day_start(z, civil_to_days(2026, 1 + m, 1));
				to = tz_local_day_start(z, civil_to_days(2026, 1 + m, 1) + 61);
				assert_int_equal(metrics_period_init(&p, z, from, to, lengths[li], &params, &f, &err), 0);
				assert_int_equal(p.intervals[0].start_ms, from);
				for (size_t i = 0; i < p.interval_count; i++) {
					const struct metrics_interval *iv = &p.intervals[i];
					int64_t end = i + 1 < p.interval_count ? p.intervals[i + 1].start_ms : to;
					int64_t local = iv->start_ms + (int64_t)iv->offset_s * 1000;
					int changed = i > 0 && iv->offset_s != p.intervals[i - 1].offset_s;

					assert_true(end > iv->start_ms && end - iv->start_ms <= iv_ms);
					assert_int_equal(iv->offset_s, tz_offset_s(z, iv->start_ms));
					assert_int_equal(iv->offset_s, tz_offset_s(z, end - 1));
					assert_int_equal((int64_t)iv->day, tz_local_days(z, iv->start_ms) - p.first_day);
					assert_true(changed || i == 0 || local % iv_ms == 0);
					changes += changed;
				}
				metrics_period_release(&p);
			}
			/* Kathmandu has no DST; the other two change twice a year. */
			assert_int_equal(changes, zi == 1 ? 0 : 2);
			tz_free(z);
		}
}

/* interval_min 0: days and total are counted, no intervals are kept. */
static void a_period_without_intervals_counts_days_and_total(void **state)
{
	struct tz *z = NULL;
	struct ccsla_error err;
	struct metric_params params;
	struct metrics_filter f;
	struct metrics_period p;
	int64_t from, to;

	(void)state;
	assert_int_equal(tz_load(&z, "Europe/Berlin", &err), 0);
	metric_params_default(&params);
	metrics_filter_default(&f);
	from = tz_local_day_start(z, civil_to_days(2026, 10, 1));
	to = tz_local_day_start(z, civil_to_days(2026, 11, 1));
	assert_int_equal(metrics_period_init(&p, z, from, to, 0, &params, &f, &err), 0);
	assert_int_equal(p.interval_count, 0);
	assert_null(p.intervals);
	add_at(&p, "2026-09-30T21:59:59.999Z");
	add_at(&p, "2026-09-30T22:00:00Z");
	add_at(&p, "2026-10-25T01:40:00Z");
	add_at(&p, "2026-10-31T22:59:59.999Z");
	metrics_period_finish(&p);
	assert_int_equal(p.days[0].answered, 1);
	assert_int_equal(p.days[24].answered, 1);
	assert_int_equal(p.days[30].answered, 1);
	assert_int_equal(p.total.answered, 3);
	metrics_period_release(&p);
	assert_int_equal(metrics_period_init(&p, z, from, to, 20, &params, &f, &err), -1);
	tz_free(z);
}

/* Repeat-FCR outcomes shared between periods over one stream (struct
 * fcr_share): a period that records them (voice only), then periods that
 * read them (every channel, e-mail only) count what periods tracking alone
 * count, day by day; a period at another watermark tracks alone; a reader
 * given a stream with one answered contact fewer says so (fcr_misread). */
static void shared_fcr_outcomes_count_what_a_tracker_alone_counts(void **state)
{
	enum { N = 30000, CUSTOMERS = 3000 };
	static struct contact cs[N];
	struct metrics_period rec, all_alone, all_read, mail_alone, mail_read, other, short_read;
	struct metric_params params;
	struct metrics_filter voice, any, mail;
	struct fcr_share share = { 0 };
	struct tz *z = NULL;
	struct ccsla_error err;
	int64_t at = utc("2026-09-30T20:00:00Z");
	uint64_t x = 0x2545F4914F6CDD1Du;
	int skipped = -1;

	(void)state;
	assert_int_equal(tz_load(&z, "Europe/Berlin", &err), 0);
	metric_params_default(&params);
	params.fcr = FCR_REPEAT;
	params.fcr_window_days = 3;
	metrics_filter_default(&any);
	voice = mail = any;
	voice.channels = 1u << CH_VOICE;
	mail.channels = 1u << CH_EMAIL;
	for (int i = 0; i < N; i++) {
		char cu[16];

		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		at += (int64_t)(x % 7 == 0 ? 0 : x % 216000); /* October and about a day after */
		snprintf(cu, sizeof cu, "c%u", (unsigned)(x >> 20) % CUSTOMERS);
		cs[i] = answered("2026-10-01T00:00:00Z", 1000, x % 53 == 0 ? "" : cu);
		cs[i].arrived_at_ms = at;
		cs[i].answered_at_ms = at + 1000;
		cs[i].channel = x % 3 == 0 ? CH_EMAIL : CH_VOICE;
		cs[i].direction = x % 9 == 0 ? DIR_OUTBOUND : DIR_INBOUND;
		cs[i].outcome = x % 5 == 0 ? OUT_ABANDONED : OUT_ANSWERED;
		if (skipped < 0 && i > N / 2 && cs[i].outcome == OUT_ANSWERED && cs[i].customer_id[0])
			skipped = i;
	}
	assert_true(at > utc("2026-11-01T00:00:00Z") && at < utc("2026-11-03T00:00:00Z"));
	params.watermark_ms = at; /* the last days' windows are open: provisional */
	month_period(&rec, z, 2026, 10, &params, &voice);
	month_period(&all_alone, z, 2026, 10, &params, &any);
	month_period(&mail_alone, z, 2026, 10, &params, &mail);
	metrics_period_share_fcr(&rec, &share);
	assert_int_equal(share.state, FCR_SHARE_RECORDING);
	for (int i = 0; i < N; i++) {
		assert_int_equal(metrics_period_add(&rec, &cs[i]), 0);
		assert_int_equal(metrics_period_add(&all_alone, &cs[i]), 0);
		assert_int_equal(metrics_period_add(&mail_alone, &cs[i]), 0);
	}
	metrics_period_finish(&rec);
	metrics_period_finish(&all_alone);
	metrics_period_finish(&mail_alone);
	assert_int_equal(share.state, FCR_SHARE_FILLED);

	month_period(&all_read, z, 2026, 10, &params, &any);
	month_period(&mail_read, z, 2026, 10, &params, &mail);
	month_period(&short_read, z, 2026, 10, &params, &any);
	params.watermark_ms += 1;
	month_period(&other, z, 2026, 10, &params, &any);
	metrics_period_share_fcr(&all_read, &share);
	metrics_period_share_fcr(&mail_read, &share);
	metrics_period_share_fcr(&short_read, &share);
	metrics_period_share_fcr(&other, &share);
	assert_null(all_read.fcr);
	assert_null(mail_read.fcr);
	assert_null(other.fcr_share); /* another watermark: tracked alone */
	assert_non_null(other.fcr);
	for (int i = 0; i < N; i++) {
		assert_int_equal(metrics_period_add(&all_read, &cs[i]), 0);
		assert_int_equal(metrics_period_add(&mail_read, &cs[i]), 0);
		if (i != skipped)
			assert_int_equal(metrics_period_add(&short_read, &cs[i]), 0);
	}
	metrics_period_finish(&all_read);
	metrics_period_finish(&mail_read);
	metrics_period_finish(&short_read);
	assert_false(all_read.fcr_misread);
	assert_false(mail_read.fcr_misread);
	assert_true(short_read.fcr_misread);
	assert_true(all_alone.total.fcr_base > 10000);
	assert_true(all_alone.total.fcr_resolved < all_alone.total.fcr_base);
	assert_true(all_alone.total.fcr_provisional > 0);
	assert_true(mail_alone.total.fcr_base > 3000);
	for (size_t d = 0; d <= all_alone.day_count; d++) {
		const struct metric_counts *a = d < all_alone.day_count ? &all_alone.days[d] : &all_alone.total;
		const struct metric_counts *b = d < all_read.day_count ? &all_read.days[d] : &all_read.total;
		const struct metric_counts *m = d < mail_alone.day_count ? &mail_alone.days[d] : &mail_alone.total;
		const struct metric_counts *n = d < mail_read.day_count ? &mail_read.days[d] : &mail_read.total;

		assert_int_equal(a->fcr_base, b->fcr_base);
		assert_int_equal(a->fcr_resolved, b->fcr_resolved);
		assert_int_equal(a->fcr_provisional, b->fcr_provisional);
		assert_int_equal(m->fcr_base, n->fcr_base);
		assert_int_equal(m->fcr_resolved, n->fcr_resolved);
		assert_int_equal(m->fcr_provisional, n->fcr_provisional);
	}
	for (size_t i = 0; i < all_alone.interval_count; i++) {
		assert_int_equal(all_alone.intervals[i].counts.fcr_base, all_read.intervals[i].counts.fcr_base);
		assert_int_equal(all_alone.intervals[i].counts.fcr_resolved, all_read.intervals[i].counts.fcr_resolved);
	}
	metrics_period_release(&rec);
	metrics_period_release(&all_alone);
	metrics_period_release(&all_read);
	metrics_period_release(&mail_alone);
	metrics_period_release(&mail_read);
	metrics_period_release(&short_read);
	metrics_period_release(&other);
	fcr_share_release(&share);
	tz_free(z);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(berlin_october_has_1490_half_hours_with_the_repeated_hour_labelled),
		cmocka_unit_test(intervals_follow_the_definition_in_odd_zones),
		cmocka_unit_test(a_period_without_intervals_counts_days_and_total),
		cmocka_unit_test(sydney_october_loses_an_hour_and_kolkata_days_turn_at_1830_utc),
		cmocka_unit_test(excluded_contacts_count_only_as_excluded),
		cmocka_unit_test(a_contact_at_exactly_d_days_is_a_repeat_and_one_ms_later_is_not),
		cmocka_unit_test(interval_compliance_and_worst_days_use_exact_values),
		cmocka_unit_test(a_deflected_or_outbound_contact_in_a_window_is_not_excluded),
		cmocka_unit_test(excluded_contacts_are_counted_per_window),
		cmocka_unit_test(an_outbound_contact_is_no_repeat),
		cmocka_unit_test(an_outbound_contact_of_the_population_keeps_its_own_window),
		cmocka_unit_test(repeat_fcr_equals_the_definition_on_a_random_stream),
		cmocka_unit_test(repeat_fcr_equals_the_definition_with_long_ids_and_two_clients),
		cmocka_unit_test(worst_days_rank_only_days_with_the_minimum_volume),
		cmocka_unit_test(shared_fcr_outcomes_count_what_a_tracker_alone_counts),
	};
	return cmocka_run_group_tests_name("metrics_period", tests, NULL, NULL);
}
