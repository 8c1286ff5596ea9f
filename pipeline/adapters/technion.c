/* technion.c -- the Technion "Anonymous Bank" call records (Israel, 1999)
 * to canonical contacts, one row per call.
 *
 * Format (fixtures/realdata/technion-anonymous-bank-1999/SOURCE.md and
 * documentation.pdf): 17 fields separated by runs of blanks (mostly tabs;
 * some rows have spaces or a leading space in a field), a header line
 * "vru+line call_id ...", dates YYMMDD, times H:MM:SS with the hour not
 * padded, 0:00:00 meaning "did not happen", local time of the bank.
 *
 * Mapping (issue 8, so that every tool agrees):
 *   contact_id  <vru+line>-<call_id>   (call_id alone repeats across lines)
 *   queue       <type>-<priority>: the service type (PS, PE, IN, NE, NW,
 *               TT, AA) and the call's priority (field 4: 0, 1 or 2), so
 *               that priority splits can be queried (PS-2); another
 *               priority rejects the row
 *   customer_id customer_id, empty when 0 or when a spreadsheet turned it
 *               into scientific notation (3.06E+08: the digits are lost,
 *               and different customers share the mangled value)
 *   agent_id    server, empty for NO_SERVER
 *   arrived_at  q_start when the call queued, else vru_exit
 *   AGENT       with a server: answered: answered_at = arrived_at + q_time,
 *               ended_at = answered_at + ser_time, talk_s = ser_time
 *   AGENT       with server NO_SERVER (field 17: "NO_SERVER, if no service
 *               was provided"): not answered; queued: abandoned, ended_at
 *               = arrived_at + q_time; not queued: deflected
 *   HANG        queued: abandoned, ended_at = arrived_at + q_time;
 *               not queued: deflected (hung up in the VRU)
 *   PHANTOM     skipped ("a virtual call to be ignored")
 *
 * Times are local times of --tz (default Asia/Jerusalem) on the row's date.
 * A time that lies more than 12 hours before vru_entry is on the next day
 * (the call crossed midnight). A time a little before vru_entry is on the
 * same day: those rows have a negative vru_time (the VRU's clock, up to
 * -207 s), and putting them a day later would move real calls by 24 h.
 * An ambiguous local time (the hour repeated when DST ends) takes the
 * earlier instant; a local time that does not exist is rejected.
 *
 * Memory is constant: one row at a time. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/timefmt.h"
#include "core/tz.h"
#include "adapter.h"

#define N_FIELDS 17
enum {
	F_VRU_LINE, F_CALL_ID, F_CUSTOMER, F_PRIORITY, F_TYPE, F_DATE, F_VRU_ENTRY, F_VRU_EXIT,
	F_VRU_TIME, F_Q_START, F_Q_EXIT, F_Q_TIME, F_OUTCOME, F_SER_START, F_SER_EXIT, F_SER_TIME,
	F_SERVER,
};
static const char *const field_names[N_FIELDS] = {
	"vru+line", "call_id", "customer_id", "priority", "type", "date", "vru_entry", "vru_exit",
	"vru_time", "q_start", "q_exit", "q_time", "outcome", "ser_start", "ser_exit", "ser_time",
	"server",
};

#define DEFAULT_CLIENT (adapter_technion.default_client)
#define DEFAULT_TZ     (adapter_technion.default_tz)

#define R_PHANTOM  "PHANTOM (a virtual call, to be ignored per the documentation)"
#define R_FIELDS   "wrong number of fields"
#define R_LONG     "line too long"
#define R_OUTCOME  "unknown outcome"
#define R_ID       "bad vru+line or call_id"
#define R_DATE     "bad date"
#define R_TIME     "bad time of day"
#define R_NUMBER   "bad duration"
#define R_NOLOCAL  "local time that does not exist (DST gap)"
#define R_VALUE    "bad type, customer_id or server"
#define R_PRIORITY "bad priority"

struct technion {
	struct adapter_run *run;
	struct tz *zone;
	struct queue_map *map;
};

/* Splits on runs of blanks (space, tab); returns the field count, which
 * may exceed max (then only max are stored). */
static int split_blanks(char *s, char **f, int max)
{
	int n = 0;

	for (;;) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s)
			return n;
		if (n < max)
			f[n] = s;
		n++;
		while (*s && *s != ' ' && *s != '\t')
			s++;
		if (*s)
			*s++ = '\0';
	}
}

/* "H:MM:SS" or "HH:MM:SS" to seconds of the day; -1 when malformed. */
static long parse_clock(const char *s)
{
	int h = 0, m, sec, i = 0;

	if (s[i] < '0' || s[i] > '9')
		return -1;
	h = s[i++] - '0';
	if (s[i] >= '0' && s[i] <= '9')
		h = h * 10 + (s[i++] - '0');
	if (s[i++] != ':' || !(s[i] >= '0' && s[i] <= '5') || !(s[i + 1] >= '0' && s[i + 1] <= '9'))
		return -1;
	m = (s[i] - '0') * 10 + (s[i + 1] - '0');
	i += 2;
	if (s[i++] != ':' || !(s[i] >= '0' && s[i] <= '5') || !(s[i + 1] >= '0' && s[i + 1] <= '9'))
		return -1;
	sec = (s[i] - '0') * 10 + (s[i + 1] - '0');
	i += 2;
	if (s[i] || h > 23)
		return -1;
	return h * 3600L + m * 60L + sec;
}

/* "YYMMDD" (990201); years 70..99 are 19xx, 00..69 20xx. */
static int parse_date(const char *s, int *y, int *mo, int *d)
{
	for (int i = 0; i < 6; i++)
		if (s[i] < '0' || s[i] > '9')
			return -1;
	if (s[6])
		return -1;
	*y = (s[0] - '0') * 10 + (s[1] - '0');
	*y += *y >= 70 ? 1900 : 2000;
	*mo = (s[2] - '0') * 10 + (s[3] - '0');
	*d = (s[4] - '0') * 10 + (s[5] - '0');
	if (*mo < 1 || *mo > 12 || *d < 1 || *d > days_in_month(*y, *mo))
		return -1;
	return 0;
}

/* True for a number a spreadsheet wrote in scientific notation
 * ("3.26702E+11", "3.06E+08"): what is left of a customer id whose digits
 * were rounded away. */
static int spreadsheet_mangled(const char *s)
{
	size_t i = strspn(s, "0123456789");

	if (i == 0)
		return 0;
	if (s[i] == '.') {
		size_t k = strspn(s + i + 1, "0123456789");
		if (k == 0)
			return 0;
		i += 1 + k;
	}
	if (s[i] != 'E' && s[i] != 'e')
		return 0;
	i++;
	if (s[i] == '+' || s[i] == '-')
		i++;
	return s[i] && strspn(s + i, "0123456789") == strlen(s + i);
}

/* The instant of a local civil time: the one place where the source's
 * local times become UTC. Ambiguous -> the earlier instant. */
static int local_to_utc(const struct tz *zone, int64_t day, long sec_of_day, int64_t *out_ms)
{
	int y, mo, d;

	days_to_civil(day, &y, &mo, &d);
	return tz_from_local(zone, y, mo, d, (int)(sec_of_day / 3600), (int)(sec_of_day / 60 % 60),
	                     (int)(sec_of_day % 60), 0, out_ms);
}

/* Which day a clock time near vru_entry is on, relative to the row's date:
 * +1 when it is more than 12 h earlier (crossed midnight), -1 when more
 * than 12 h later (a negative VRU time just after midnight), else 0. */
static int day_offset(long entry_s, long t_s)
{
	if (t_s - entry_s < -43200)
		return 1;
	if (t_s - entry_s > 43200)
		return -1;
	return 0;
}

/* A duration column in seconds, min..ADAPTER_MAX_SECONDS (what a
 * canonical talk_s holds, so it is stored without truncation and every
 * instant computed from it stays far inside int64); -1 after rejecting. */
static int seconds_field(struct adapter_run *run, char **f, int k, int64_t min, int64_t *out,
                         const char *path, long ln)
{
	int rc = adapter_parse_range(f[k], min, ADAPTER_MAX_SECONDS, out);

	if (rc == -1)
		return adapter_reject(run, R_NUMBER, path, ln, field_names[k],
		                      "'%s' is not a whole number of seconds", f[k]);
	if (rc == -2)
		return adapter_reject(run, R_RANGE, path, ln, field_names[k],
		                      "'%s' is outside %lld..%d seconds", f[k], (long long)min,
		                      ADAPTER_MAX_SECONDS);
	return 0;
}

/* One data row; returns -1 only for a failing sink. */
static int convert_row(struct technion *t, char *line, const char *path, long ln, uint32_t file_idx,
                       struct ccsla_error *err)
{
	struct adapter_run *run = t->run;
	char *f[N_FIELDS];
	long clock[N_FIELDS], arrive_clock;
	int64_t q_time, ser_time, vru_time;
	int n, y, mo, d, outcome, queued, arrive_field, served;
	char queue[CONTACT_ID_MAX + 1];
	int64_t day, arrived_ms;
	const char *client;
	struct contact c;

	n = split_blanks(line, f, N_FIELDS);
	if (n == 0)
		return 0; /* a blank line is no record */
	if (strcmp(f[0], "vru+line") == 0)
		return 0; /* the header */
	run->stats.read++;
	if (n != N_FIELDS) {
		adapter_reject(run, R_FIELDS, path, ln, NULL,
		               "expected %d fields separated by blanks, found %d", N_FIELDS, n);
		return 0;
	}
	if (strcmp(f[F_OUTCOME], "AGENT") == 0)
		outcome = OUT_ANSWERED;
	else if (strcmp(f[F_OUTCOME], "HANG") == 0)
		outcome = OUT_ABANDONED;
	else if (strcmp(f[F_OUTCOME], "PHANTOM") == 0) {
		adapter_skip(run, R_PHANTOM, 1);
		return 0;
	} else {
		adapter_reject(run, R_OUTCOME, path, ln, "outcome",
		               "'%s' is not AGENT, HANG or PHANTOM", f[F_OUTCOME]);
		return 0;
	}

	contact_init(&c);
	if (strspn(f[F_CALL_ID], "0123456789") != strlen(f[F_CALL_ID]) ||
	    snprintf(c.contact_id, sizeof c.contact_id, "%s-%s", f[F_VRU_LINE], f[F_CALL_ID]) >=
	            (int)sizeof c.contact_id ||
	    !adapter_valid_id(c.contact_id)) {
		adapter_reject(run, R_ID, path, ln, "call_id",
		               "'%s' with vru+line '%s' does not make a contact_id (digits, 64 characters at most)",
		               f[F_CALL_ID], f[F_VRU_LINE]);
		return 0;
	}
	if (parse_date(f[F_DATE], &y, &mo, &d) != 0) {
		adapter_reject(run, R_DATE, path, ln, "date", "'%s' is not a date YYMMDD", f[F_DATE]);
		return 0;
	}
	for (int k = F_VRU_ENTRY; k <= F_SER_EXIT; k++) {
		if (k == F_VRU_TIME || k == F_Q_TIME || k == F_OUTCOME)
			continue;
		if ((clock[k] = parse_clock(f[k])) < 0) {
			adapter_reject(run, R_TIME, path, ln, field_names[k],
			               "'%s' is not a time of day H:MM:SS", f[k]);
			return 0;
		}
	}
	if (seconds_field(run, f, F_VRU_TIME, -ADAPTER_MAX_SECONDS, &vru_time, path, ln) != 0 ||
	    seconds_field(run, f, F_Q_TIME, 0, &q_time, path, ln) != 0 ||
	    seconds_field(run, f, F_SER_TIME, 0, &ser_time, path, ln) != 0)
		return 0;
	if (strlen(f[F_PRIORITY]) != 1 || f[F_PRIORITY][0] < '0' || f[F_PRIORITY][0] > '2') {
		adapter_reject(run, R_PRIORITY, path, ln, "priority", "'%s' is not a priority 0, 1 or 2",
		               f[F_PRIORITY]);
		return 0;
	}
	served = strcmp(f[F_SERVER], "NO_SERVER") != 0;
	if (adapter_copy_id(queue, f[F_TYPE]) != 0 ||
	    snprintf(c.queue, sizeof c.queue, "%s-%s", queue, f[F_PRIORITY]) >= (int)sizeof c.queue ||
	    adapter_copy_id(c.customer_id, strcmp(f[F_CUSTOMER], "0") == 0 || spreadsheet_mangled(f[F_CUSTOMER])
	                                           ? "" : f[F_CUSTOMER]) != 0 ||
	    adapter_copy_id(c.agent_id, served ? f[F_SERVER] : "") != 0) {
		adapter_reject(run, R_VALUE, path, ln, NULL,
		               "type, customer_id and server must be 1-64 printable characters");
		return 0;
	}
	/* The queue map names a client for the whole queue (PS-2) or for
	 * every priority of a type (PS). */
	if (!(client = queue_map_client(t->map, c.queue, NULL)) &&
	    !(client = queue_map_client(t->map, queue, run->opts.client_id ? run->opts.client_id
	                                                                    : DEFAULT_CLIENT))) {
		adapter_reject(run, R_VALUE, path, ln, "type", "type '%s' has no client in the queue map",
		               queue);
		return 0;
	}
	strcpy(c.client_id, client);

	/* 0:00:00 is "did not happen"; a call that queued at exactly
	 * midnight cannot be told apart, as in the source. */
	queued = clock[F_Q_START] != 0;
	arrive_field = queued ? F_Q_START : F_VRU_EXIT;
	arrive_clock = clock[arrive_field];
	day = civil_to_days(y, mo, d) + day_offset(clock[F_VRU_ENTRY], arrive_clock);
	if (local_to_utc(t->zone, day, arrive_clock, &arrived_ms) != 0) {
		int yy, mm, dd;
		days_to_civil(day, &yy, &mm, &dd);
		adapter_reject(run, R_NOLOCAL, path, ln, field_names[arrive_field],
		               "local time %s on %04d-%02d-%02d does not exist in %s (skipped by the DST change)",
		               f[arrive_field], yy, mm, dd, tz_name(t->zone));
		return 0;
	}
	c.channel = CH_VOICE;
	c.direction = DIR_INBOUND;
	c.arrived_at_ms = arrived_ms;
	c.src_file = file_idx;
	c.src_line = (uint32_t)ln;
	if (outcome == OUT_ANSWERED && served) {
		c.outcome = OUT_ANSWERED;
		c.answered_at_ms = arrived_ms + q_time * 1000;
		c.ended_at_ms = c.answered_at_ms + ser_time * 1000;
		c.talk_s = (int32_t)ser_time; /* <= ADAPTER_MAX_SECONDS: exact */
	} else if (queued) {
		/* HANG after queueing, or AGENT with NO_SERVER: it left the
		 * queue without an agent's service. */
		c.outcome = OUT_ABANDONED;
		c.ended_at_ms = arrived_ms + q_time * 1000;
	} else {
		/* Hung up in the VRU, or AGENT with NO_SERVER that never
		 * queued: served (or given up) in self-service, never offered
		 * to an agent. */
		c.outcome = OUT_DEFLECTED;
		c.ended_at_ms = arrived_ms;
	}
	(void)vru_time; /* checked for form only; the clocks carry the times */
	return adapter_emit(run, &c, 1, path, err);
}

static int convert(struct adapter_run *run, char *const *files, int n_files, struct ccsla_error *err)
{
	struct technion t = { .run = run };
	struct line_reader r = { 0 };
	char *line;
	int too_long, rc, ret = -1;

	run->stats.unit = "rows";
	if (run->opts.client_id && !adapter_valid_client(run->opts.client_id)) {
		ccsla_error_set(err, NULL, 0, "client", "'%s' is not a client id ([A-Za-z0-9_-]{1,32})",
		                run->opts.client_id);
		goto out;
	}
	if (tz_load(&t.zone, run->opts.tz_name ? run->opts.tz_name : DEFAULT_TZ, err) != 0) {
		if (!err->field[0])
			snprintf(err->field, sizeof err->field, "tz");
		goto out;
	}
	if (run->opts.queue_map && queue_map_load(&t.map, run->opts.queue_map, err) != 0)
		goto out;
	for (int i = 0; i < n_files; i++) {
		if (line_reader_open(&r, files[i], err) != 0)
			goto out;
		while ((rc = line_reader_next(&r, &line, &too_long, err)) == 1) {
			if (too_long) {
				run->stats.read++;
				adapter_reject(run, R_LONG, files[i], r.lineno, NULL, "line longer than %zu bytes",
				               sizeof r.buf - 1);
				continue;
			}
			if (convert_row(&t, line, files[i], r.lineno, (uint32_t)i, err) != 0)
				goto out;
		}
		if (rc < 0)
			goto out;
		line_reader_close(&r);
	}
	ret = 0;
out:
	line_reader_close(&r);
	if (t.zone)
		tz_free(t.zone);
	queue_map_free(t.map);
	return ret;
}

const struct adapter adapter_technion = {
	"technion",
	"the Technion \"Anonymous Bank\" call records (Israel, 1999), one row per call",
	"ANONBANK",
	"Asia/Jerusalem",
	convert,
};
