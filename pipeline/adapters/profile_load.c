/* profile_load.c -- read and check an import profile (profile.h).
 *
 * The YAML document is loaded whole (a profile is a few kilobytes) and
 * walked; every string of struct profile points into it, so profile_free
 * frees the document last. Each mistake is reported at its node:
 * "file:line:column: what is wrong", with "did you mean" for a misspelt key. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "core/contact.h"
#include "core/nearest.h"
#include "core/tz.h"
#include "profile.h"

struct ld {
	yaml_document_t *doc;
	struct profile *p;
	struct ccsla_error *err;
};

#define FAIL(x, node, ...) \
	do { \
		ccsla_error_set((x)->err, (x)->p->path, (long)(node)->start_mark.line + 1, NULL, __VA_ARGS__); \
		(x)->err->column = (long)(node)->start_mark.column + 1; \
		return -1; \
	} while (0)

static yaml_node_t *node(struct ld *x, int id)
{
	return yaml_document_get_node(x->doc, id);
}

static const char *scalar(yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

/* Checks that every key of map n is one of known (NULL-terminated). */
static int known_keys(struct ld *x, yaml_node_t *n, const char *what, const char *const *known)
{
	for (yaml_node_pair_t *pr = n->data.mapping.pairs.start; pr < n->data.mapping.pairs.top; pr++) {
		yaml_node_t *k = node(x, pr->key);
		const char *key = scalar(k), *sugg;
		int ok = 0;

		if (!key)
			FAIL(x, k, "%s: a key must be a plain word", what);
		for (const char *const *w = known; *w; w++)
			ok |= strcmp(*w, key) == 0;
		if (ok)
			continue;
		if ((sugg = nearest_word(key, known)))
			FAIL(x, k, "%s: unknown key '%s', did you mean '%s'?", what, key, sugg);
		FAIL(x, k, "%s: unknown key '%s'", what, key);
	}
	return 0;
}

static yaml_node_t *get(struct ld *x, yaml_node_t *map, const char *key)
{
	if (!map || map->type != YAML_MAPPING_NODE)
		return NULL;
	for (yaml_node_pair_t *pr = map->data.mapping.pairs.start; pr < map->data.mapping.pairs.top; pr++) {
		const char *k = scalar(node(x, pr->key));
		if (k && strcmp(k, key) == 0)
			return node(x, pr->value);
	}
	return NULL;
}

static int want_scalar(struct ld *x, yaml_node_t *n, const char *what, const char **out)
{
	if (!(*out = scalar(n)))
		FAIL(x, n, "%s: expected a single value", what);
	return 0;
}

static int want_long(struct ld *x, yaml_node_t *n, const char *what, long lo, long hi, long *out)
{
	const char *s;
	char *end;

	if (want_scalar(x, n, what, &s) != 0)
		return -1;
	errno = 0;
	*out = strtol(s, &end, 10);
	if (errno || !*s || *end || *out < lo || *out > hi)
		FAIL(x, n, "%s: '%s' is not a whole number from %ld to %ld", what, s, lo, hi);
	return 0;
}

static int want_bool(struct ld *x, yaml_node_t *n, const char *what, int *out)
{
	const char *s;

	if (want_scalar(x, n, what, &s) != 0)
		return -1;
	if (strcmp(s, "true") == 0)
		*out = 1;
	else if (strcmp(s, "false") == 0)
		*out = 0;
	else
		FAIL(x, n, "%s: '%s' is not true or false", what, s);
	return 0;
}

static int want_unit(struct ld *x, yaml_node_t *n, const char *what, enum dur_unit *u)
{
	const char *s;

	if (want_scalar(x, n, what, &s) != 0)
		return -1;
	if (strcmp(s, "s") == 0)
		*u = DU_S;
	else if (strcmp(s, "ms") == 0)
		*u = DU_MS;
	else if (strcmp(s, "hh:mm:ss") == 0)
		*u = DU_HHMMSS;
	else
		FAIL(x, n, "%s: unit '%s' is not s, ms or hh:mm:ss", what, s);
	return 0;
}

/* A list of column names (or one name) into out[0..*n). */
static int want_names(struct ld *x, yaml_node_t *n, const char *what, const char **out, size_t max, size_t *count)
{
	*count = 0;
	if (n->type == YAML_SCALAR_NODE) {
		out[(*count)++] = scalar(n);
		return 0;
	}
	if (n->type != YAML_SEQUENCE_NODE)
		FAIL(x, n, "%s: expected a name or a list of names", what);
	for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
		yaml_node_t *e = node(x, *it);
		if (*count == max)
			FAIL(x, e, "%s: at most %zu names", what, max);
		if (want_scalar(x, e, what, &out[*count]) != 0)
			return -1;
		(*count)++;
	}
	return 0;
}

static int is_instant(int col)
{
	return col == COL_ARRIVED_AT || col == COL_ANSWERED_AT || col == COL_ENDED_AT;
}

static int load_field(struct ld *x, int col, yaml_node_t *n)
{
	static const char *const keys[] = {
		"column", "value", "map", "default", "format", "date", "time", "from", "plus", "unit", NULL,
	};
	struct pfield *f = &x->p->f[col];
	const char *name = canon_column_names[col];
	yaml_node_t *v;
	int sources = 0;

	f->set = 1;
	f->line = (long)n->start_mark.line + 1;
	f->col = (long)n->start_mark.column + 1;
	f->from_field = -1;
	f->unit = DU_S;
	if (n->type == YAML_SCALAR_NODE) {
		/* shorthand: "queue: Skill_Name" is { column: Skill_Name } */
		f->column = scalar(n);
		if (is_instant(col))
			FAIL(x, n, "fields.%s: an instant needs a format: { column: %s, format: ... }", name, f->column);
		return 0;
	}
	if (n->type != YAML_MAPPING_NODE)
		FAIL(x, n, "fields.%s: expected a column name or a mapping", name);
	if (known_keys(x, n, name, keys) != 0)
		return -1;
	if ((v = get(x, n, "column")) && (sources++, want_scalar(x, v, name, &f->column) != 0))
		return -1;
	if ((v = get(x, n, "value")) && (sources++, want_scalar(x, v, name, &f->constant) != 0))
		return -1;
	if ((v = get(x, n, "date"))) {
		sources++;
		if (!is_instant(col))
			FAIL(x, v, "fields.%s: 'date' is for instants", name);
		if (want_scalar(x, v, name, &f->date_column) != 0)
			return -1;
		if (!(v = get(x, n, "time")))
			FAIL(x, n, "fields.%s: 'date' needs 'time' (the column of the time of day)", name);
		if (want_scalar(x, v, name, &f->time_column) != 0)
			return -1;
	} else if ((v = get(x, n, "time"))) {
		FAIL(x, v, "fields.%s: 'time' goes with 'date'", name);
	}
	if ((v = get(x, n, "from"))) {
		const char *s;
		sources++;
		if (!is_instant(col) || want_scalar(x, v, name, &s) != 0)
			FAIL(x, v, "fields.%s: 'from' is for instants", name);
		if (strcmp(s, "arrived_at") == 0 && col != COL_ARRIVED_AT)
			f->from_field = COL_ARRIVED_AT;
		else if (strcmp(s, "answered_at") == 0 && col == COL_ENDED_AT)
			f->from_field = COL_ANSWERED_AT;
		else
			FAIL(x, v, "fields.%s: from '%s': an instant starts from an earlier one (arrived_at, then answered_at)",
			     name, s);
		if (!x->p->f[f->from_field].set)
			FAIL(x, v, "fields.%s: from '%s', which the profile does not give (write it first)", name, s);
	}
	if (sources != 1)
		FAIL(x, n, "fields.%s: give exactly one of column, value, date + time, from", name);
	if ((v = get(x, n, "map"))) {
		if (v->type != YAML_MAPPING_NODE)
			FAIL(x, v, "fields.%s: map: expected a mapping of source values to canonical ones", name);
		for (yaml_node_pair_t *pr = v->data.mapping.pairs.start; pr < v->data.mapping.pairs.top; pr++) {
			if (f->n_map == PROFILE_MAX_MAP)
				FAIL(x, node(x, pr->key), "fields.%s: map: at most %d entries", name, PROFILE_MAX_MAP);
			if (want_scalar(x, node(x, pr->key), name, &f->map_from[f->n_map]) != 0 ||
			    want_scalar(x, node(x, pr->value), name, &f->map_to[f->n_map]) != 0)
				return -1;
			f->n_map++;
		}
	}
	if ((v = get(x, n, "default")) && want_scalar(x, v, name, &f->map_default) != 0)
		return -1;
	if ((v = get(x, n, "unit")) && want_unit(x, v, name, &f->unit) != 0)
		return -1;
	if ((v = get(x, n, "plus"))) {
		if (!is_instant(col))
			FAIL(x, v, "fields.%s: 'plus' is for instants", name);
		if (want_names(x, v, name, f->plus, PROFILE_MAX_PLUS, &f->n_plus) != 0)
			return -1;
	}
	if ((v = get(x, n, "format"))) {
		const char *s;
		if (!is_instant(col))
			FAIL(x, v, "fields.%s: 'format' is for instants (durations take 'unit')", name);
		if (want_scalar(x, v, name, &s) != 0)
			return -1;
		if (strcmp(s, "rfc3339") == 0)
			f->tf = TF_RFC3339;
		else if (strcmp(s, "epoch_s") == 0)
			f->tf = TF_EPOCH_S;
		else if (strcmp(s, "epoch_ms") == 0)
			f->tf = TF_EPOCH_MS;
		else if (strchr(s, '%')) {
			f->tf = TF_LOCAL;
			f->strf = s;
			for (const char *c = s; *c; c++) {
				if (*c != '%')
					continue;
				c++;
				if (!*c || !strchr("YymdHIMSp%", *c))
					FAIL(x, v, "fields.%s: format '%s': %%%c is not one of %%Y %%y %%m %%d %%H %%I %%M %%S %%p %%%%",
					     name, s, *c ? *c : ' ');
			}
			if (!x->p->timezone)
				FAIL(x, v, "fields.%s: a local time format needs the profile's timezone", name);
		} else {
			FAIL(x, v, "fields.%s: format '%s' is not rfc3339, epoch_s, epoch_ms or a pattern with %%Y, %%m, ...",
			     name, s);
		}
	}
	if (is_instant(col) && f->from_field < 0 && f->tf == TF_NONE && !f->constant)
		FAIL(x, n, "fields.%s: an instant needs a format (rfc3339, epoch_s, epoch_ms or a pattern)", name);
	if (f->date_column && f->tf != TF_LOCAL)
		FAIL(x, n, "fields.%s: date + time need a pattern format such as \"%%m/%%d/%%Y %%H:%%M:%%S\"", name);
	return 0;
}

static int load_cond(struct ld *x, yaml_node_t *n, const char *what, struct pcond *c)
{
	static const char *const keys[] = { "column", "equals", "in", "greater", "empty", "unit", NULL };
	yaml_node_t *v;
	int ops = 0;

	if (n->type != YAML_MAPPING_NODE)
		FAIL(x, n, "%s: a condition is a mapping { column: NAME, equals: VALUE }", what);
	if (known_keys(x, n, what, keys) != 0)
		return -1;
	if (!(v = get(x, n, "column")))
		FAIL(x, n, "%s: a condition names its column", what);
	if (want_scalar(x, v, what, &c->column) != 0)
		return -1;
	c->unit = DU_S;
	if ((v = get(x, n, "unit")) && want_unit(x, v, what, &c->unit) != 0)
		return -1;
	if ((v = get(x, n, "equals"))) {
		ops++;
		c->op = OP_EQUALS;
		if (want_scalar(x, v, what, &c->value) != 0)
			return -1;
	}
	if ((v = get(x, n, "in"))) {
		ops++;
		c->op = OP_IN;
		if (want_names(x, v, what, c->in, PROFILE_MAX_MAP, &c->n_in) != 0)
			return -1;
	}
	if ((v = get(x, n, "greater"))) {
		const char *s;
		char *end;
		ops++;
		c->op = OP_GREATER;
		if (want_scalar(x, v, what, &s) != 0)
			return -1;
		c->number = strtod(s, &end);
		if (!*s || *end)
			FAIL(x, v, "%s: greater: '%s' is not a number", what, s);
	}
	if ((v = get(x, n, "empty"))) {
		int b;
		ops++;
		if (want_bool(x, v, what, &b) != 0)
			return -1;
		c->op = b ? OP_EMPTY : OP_NOT_EMPTY;
	}
	if (ops != 1)
		FAIL(x, n, "%s: give exactly one of equals, in, greater, empty", what);
	return 0;
}

static int load_rules(struct ld *x, yaml_node_t *n)
{
	static const char *const keys[] = { "if", "then", "else", NULL };
	struct profile *p = x->p;

	if (n->type != YAML_SEQUENCE_NODE)
		FAIL(x, n, "outcome: expected a list of rules (- if: ... then: answered)");
	for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
		yaml_node_t *r = node(x, *it), *v;
		struct prule *rule;
		const char *out;

		if (p->n_rules == PROFILE_MAX_RULES)
			FAIL(x, r, "outcome: at most %d rules", PROFILE_MAX_RULES);
		if (p->n_rules > 0 && p->rule[p->n_rules - 1].n_cond == 0)
			FAIL(x, r, "outcome: a rule after the 'else' rule is never used");
		rule = &p->rule[p->n_rules];
		if (r->type != YAML_MAPPING_NODE)
			FAIL(x, r, "outcome: a rule is '- if: CONDITION' with 'then: OUTCOME', or '- else: OUTCOME'");
		if (known_keys(x, r, "outcome", keys) != 0)
			return -1;
		if ((v = get(x, r, "else"))) {
			if (get(x, r, "if") || get(x, r, "then"))
				FAIL(x, r, "outcome: the 'else' rule has no 'if' and no 'then'");
		} else {
			yaml_node_t *cond = get(x, r, "if");
			if (!cond || !(v = get(x, r, "then")))
				FAIL(x, r, "outcome: a rule needs 'if' and 'then'");
			if (cond->type == YAML_SEQUENCE_NODE) {
				for (yaml_node_item_t *c = cond->data.sequence.items.start; c < cond->data.sequence.items.top; c++) {
					if (rule->n_cond == PROFILE_MAX_CONDS)
						FAIL(x, node(x, *c), "outcome: at most %d conditions a rule", PROFILE_MAX_CONDS);
					if (load_cond(x, node(x, *c), "outcome", &rule->cond[rule->n_cond++]) != 0)
						return -1;
				}
				if (rule->n_cond == 0)
					FAIL(x, cond, "outcome: 'if' needs a condition");
			} else if (load_cond(x, cond, "outcome", &rule->cond[rule->n_cond++]) != 0) {
				return -1;
			}
		}
		if (want_scalar(x, v, "outcome", &out) != 0)
			return -1;
		if ((rule->outcome = outcome_parse(out)) < 0)
			FAIL(x, v, "outcome: '%s' is not answered, abandoned, callback, deflected, overflow or open", out);
		p->n_rules++;
	}
	if (p->n_rules == 0 || p->rule[p->n_rules - 1].n_cond != 0)
		FAIL(x, n, "outcome: the last rule must be '- else: OUTCOME' so that every row has one");
	return 0;
}

static int load_csv(struct ld *x, yaml_node_t *n)
{
	static const char *const keys[] = { "delimiter", "encoding", "header", "skip_rows", "columns", NULL };
	struct profile *p = x->p;
	yaml_node_t *v;

	if (n->type != YAML_MAPPING_NODE)
		FAIL(x, n, "csv: expected a mapping");
	if (known_keys(x, n, "csv", keys) != 0)
		return -1;
	if ((v = get(x, n, "delimiter"))) {
		const char *s;
		if (want_scalar(x, v, "csv.delimiter", &s) != 0)
			return -1;
		if (strcmp(s, "\\t") == 0 || strcmp(s, "\t") == 0)
			p->delimiter = '\t';
		else if (strlen(s) == 1 && s[0] != '"' && s[0] != '\n' && s[0] != '\r')
			p->delimiter = s[0];
		else
			FAIL(x, v, "csv.delimiter: '%s' is not one character (\"\\t\" for a tab)", s);
	}
	if ((v = get(x, n, "encoding"))) {
		const char *s;
		if (want_scalar(x, v, "csv.encoding", &s) != 0)
			return -1;
		if (strcmp(s, "utf-8") == 0)
			p->windows1252 = 0;
		else if (strcmp(s, "windows-1252") == 0)
			p->windows1252 = 1;
		else
			FAIL(x, v, "csv.encoding: '%s' is not utf-8 or windows-1252", s);
	}
	if ((v = get(x, n, "header")) && want_bool(x, v, "csv.header", &p->header) != 0)
		return -1;
	if ((v = get(x, n, "skip_rows")) && want_long(x, v, "csv.skip_rows", 0, 1000, &p->skip_rows) != 0)
		return -1;
	if ((v = get(x, n, "columns"))) {
		if (p->header)
			FAIL(x, v, "csv.columns: only with header: false (the header names the columns)");
		if (want_names(x, v, "csv.columns", p->columns, PROFILE_MAX_COLS, &p->n_columns) != 0)
			return -1;
	} else if (!p->header) {
		FAIL(x, n, "csv: header: false needs columns: [NAME, ...] (the names of the positions)");
	}
	return 0;
}

static int load_root(struct ld *x, yaml_node_t *root)
{
	static const char *const keys[] = { "ccsla_profile", "name", "source", "timezone", "csv", "fields",
		                            "outcome", "skip", NULL };
	struct profile *p = x->p;
	yaml_node_t *v, *fields;
	long version;

	if (!root || root->type != YAML_MAPPING_NODE) {
		ccsla_error_set(x->err, p->path, 1, NULL, "a profile is a YAML mapping (ccsla_profile: 1, csv:, fields:, outcome:)");
		return -1;
	}
	if (known_keys(x, root, "profile", keys) != 0)
		return -1;
	if (!(v = get(x, root, "ccsla_profile")))
		FAIL(x, root, "ccsla_profile: 1 is required (the format version of the file)");
	if (want_long(x, v, "ccsla_profile", 1, 1000, &version) != 0)
		return -1;
	if (version != 1)
		FAIL(x, v, "ccsla_profile: this ccsla reads profile format 1, not %ld", version);
	if (!(v = get(x, root, "name")))
		FAIL(x, root, "name is required");
	if (want_scalar(x, v, "name", &p->name) != 0)
		return -1;
	if ((v = get(x, root, "timezone")) && want_scalar(x, v, "timezone", &p->timezone) != 0)
		return -1;
	if (v) {
		/* a zone that does not load is the profile's mistake, named where it is written */
		struct tz *zone;
		struct ccsla_error why;
		if (tz_load(&zone, p->timezone, &why) != 0)
			FAIL(x, v, "timezone: %s", why.msg);
		tz_free(zone);
	}
	if ((v = get(x, root, "csv")) && load_csv(x, v) != 0)
		return -1;
	if (!(fields = get(x, root, "fields")) || fields->type != YAML_MAPPING_NODE)
		FAIL(x, fields ? fields : root, "fields: a mapping of canonical columns to where they come from is required");
	/* in the order written, so that 'from' sees the instants before it */
	for (yaml_node_pair_t *pr = fields->data.mapping.pairs.start; pr < fields->data.mapping.pairs.top; pr++) {
		yaml_node_t *k = node(x, pr->key);
		const char *key = scalar(k), *sugg, *names[COL_COUNT + 1];
		int col = -1;

		for (int c = 0; c < COL_COUNT; c++) {
			names[c] = canon_column_names[c];
			if (key && strcmp(canon_column_names[c], key) == 0)
				col = c;
		}
		names[COL_COUNT] = NULL;
		if (col < 0) {
			if (key && (sugg = nearest_word(key, names)))
				FAIL(x, k, "fields: '%s' is not a canonical column, did you mean '%s'?", key, sugg);
			FAIL(x, k, "fields: '%s' is not a canonical column (spec: interaction-log columns)", key ? key : "?");
		}
		if (col == COL_OUTCOME)
			FAIL(x, k, "fields: outcome is given by the 'outcome:' rules");
		if (p->f[col].set)
			FAIL(x, k, "fields: '%s' is given twice", key);
		if (load_field(x, col, node(x, pr->value)) != 0)
			return -1;
	}
	{
		/* client_id may come from --client instead (checked when run) */
		static const int required[] = { COL_CONTACT_ID, COL_CHANNEL, COL_ARRIVED_AT };
		for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
			if (!p->f[required[i]].set)
				FAIL(x, fields, "fields: %s is required", canon_column_names[required[i]]);
	}
	if (!(v = get(x, root, "outcome")))
		FAIL(x, root, "outcome: the rules that decide each row's outcome are required");
	if (load_rules(x, v) != 0)
		return -1;
	if ((v = get(x, root, "skip"))) {
		if (v->type != YAML_SEQUENCE_NODE)
			FAIL(x, v, "skip: expected a list of conditions (a row is skipped when one holds)");
		for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++) {
			if (p->n_skip == PROFILE_MAX_CONDS)
				FAIL(x, node(x, *it), "skip: at most %d conditions", PROFILE_MAX_CONDS);
			if (load_cond(x, node(x, *it), "skip", &p->skip[p->n_skip++]) != 0)
				return -1;
		}
	}
	return 0;
}

int profile_load(struct profile *p, const char *path, struct ccsla_error *err)
{
	struct ld x = { .p = p, .err = err };
	yaml_parser_t parser;
	yaml_document_t *doc = NULL;
	FILE *fp = NULL;
	int ret = -1, have_parser = 0;

	memset(p, 0, sizeof *p);
	p->path = path;
	p->delimiter = ',';
	p->header = 1;
	if (!(fp = fopen(path, "rb"))) {
		ccsla_error_set(err, path, 0, NULL, "cannot open the profile: %s", strerror(errno));
		goto out;
	}
	if (!(doc = calloc(1, sizeof *doc)) || !yaml_parser_initialize(&parser)) {
		ccsla_error_set(err, path, 0, NULL, "out of memory");
		goto out;
	}
	have_parser = 1;
	yaml_parser_set_input_file(&parser, fp);
	if (!yaml_parser_load(&parser, doc)) {
		ccsla_error_set(err, path, (long)parser.problem_mark.line + 1, NULL, "not YAML: %s",
		                parser.problem ? parser.problem : "syntax error");
		err->column = (long)parser.problem_mark.column + 1;
		free(doc);
		doc = NULL;
		goto out;
	}
	p->doc = doc;
	x.doc = doc;
	ret = load_root(&x, yaml_document_get_root_node(doc));
out:
	if (have_parser)
		yaml_parser_delete(&parser);
	if (fp)
		fclose(fp);
	if (!p->doc)
		free(doc);
	return ret;
}

void profile_free(struct profile *p)
{
	if (p->doc) {
		yaml_document_delete(p->doc);
		free(p->doc);
	}
	p->doc = NULL;
}

/* The longest duration a profile reads: a canonical talk_s/hold_s/wrap_s
 * is at most 2^31 - 1 seconds, and a longer one is no duration any ACD
 * wrote; refusing it here keeps h * 3600 and the callers' llround() of
 * d * 1000 inside their types. */
#define DURATION_MAX_S 2147483647.0

double profile_duration(const char *s, enum dur_unit unit)
{
	char *end;
	double v;

	if (!s || !*s)
		return -1;
	if (unit == DU_HHMMSS) {
		long h, m, sec;
		if (sscanf(s, "%ld:%2ld:%2ld", &h, &m, &sec) != 3 || h < 0 || h > (long)(DURATION_MAX_S / 3600) ||
		    m < 0 || m > 59 || sec < 0 || sec > 59)
			return -1;
		/* sscanf accepts trailing bytes; refuse them */
		for (const char *c = s; *c; c++)
			if (!((*c >= '0' && *c <= '9') || *c == ':'))
				return -1;
		return (double)(h * 3600 + m * 60 + sec);
	}
	v = strtod(s, &end);
	if (*end || v < 0 || v != v)
		return -1;
	if (unit == DU_MS)
		v /= 1000.0;
	return v > DURATION_MAX_S ? -1 : v;
}
