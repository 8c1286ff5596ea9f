/* fuzz_opslog.c -- the operations-log row checks (ingest/opskind.c) on any
 * bytes read as CSV: the first row is the header, the kind is the one it
 * names (or, when it names none, each kind in turn with the kind's own
 * columns as header). Properties: an accepted row's canonical fields hold
 * no control byte (the store writes them as TSV) and, fed back as a row,
 * are accepted again unchanged; a rejected row has a reason and names a
 * column of the kind or the row. */
#include "fuzz.h"

#include "ingest/csvin.h"
#include "ingest/opskind.h"

struct ops_fuzz {
	const struct ops_kind *kind;   /* NULL until the header */
	struct ops_header header;
	int header_seen;
};

static void check_canonical(const struct ops_kind *k, const struct ops_row *r)
{
	const char *field[OPS_MAX_COLS];
	size_t len[OPS_MAX_COLS];
	struct ops_header h;
	struct ops_row back;
	struct ops_reject why;
	char msg[128];

	for (size_t c = 0; c < k->ncols; c++) {
		for (const char *p = r->field[c]; *p; p++)
			fuzz_require((unsigned char)*p >= 0x20 && *p != 0x7f, "column %s holds a control byte",
			             k->cols[c].name);
		field[c] = r->field[c];
		len[c] = strlen(r->field[c]);
	}
	{
		const char *names[OPS_MAX_COLS];
		size_t nlen[OPS_MAX_COLS];
		for (size_t c = 0; c < k->ncols; c++) {
			names[c] = k->cols[c].name;
			nlen[c] = strlen(names[c]);
		}
		fuzz_require(ops_header_map(k, &h, names, nlen, k->ncols, msg, sizeof msg) == 0,
		             "the kind's own header is refused: %s", msg);
	}
	if (ops_row_parse(k, &h, field, len, k->ncols, &back, &why) != 0) {
		/* the interval grid is checked in the offset written (kept beside
		 * the row as day_col_offset_min), which the UTC canonical text no
		 * longer shows: a 30-minute start at +02:20 is off-grid in UTC */
		fuzz_require(strcmp(why.reason, OPS_R_MULTIPLE) == 0 && r->day_col_offset_min % 60 != 0,
		             "canonical %s row refused on re-read: %s %s", k->name, why.column, why.reason);
		return;
	}
	for (size_t c = 0; c < k->ncols; c++)
		fuzz_require(strcmp(back.field[c], r->field[c]) == 0, "column %s changes on re-read: '%s' -> '%s'",
		             k->cols[c].name, r->field[c], back.field[c]);
	fuzz_require(back.day_ms == r->day_ms && strcmp(back.client, r->client) == 0,
	             "the row moves to another partition on re-read");
}

static void check_reject(const struct ops_kind *k, const struct ops_reject *why)
{
	int named = !why->column || !why->column[0];

	fuzz_require(why->reason && why->reason[0], "a %s row rejected without a reason", k->name);
	for (size_t c = 0; c < k->ncols && !named; c++)
		named = strcmp(why->column, k->cols[c].name) == 0;
	fuzz_require(named, "a %s row rejected naming '%s', not one of its columns", k->name, why->column);
}

static int on_row(void *ctx, const struct csvin_row *row)
{
	struct ops_fuzz *f = ctx;
	struct ops_row r;
	struct ops_reject why;
	char msg[128];

	if (row->error)
		return 0; /* a CSV-level problem: fuzz_csvin's */
	if (!f->header_seen) {
		f->header_seen = 1;
		f->kind = ops_kind_of_header((const char *const *)row->field, row->len, row->nfields);
		if (f->kind && ops_header_map(f->kind, &f->header, (const char *const *)row->field, row->len,
		                              row->nfields, msg, sizeof msg) != 0)
			f->kind = NULL;
		return 0;
	}
	if (f->kind) {
		if (ops_row_parse(f->kind, &f->header, (const char *const *)row->field, row->len, row->nfields, &r,
		                  &why) == 0)
			check_canonical(f->kind, &r);
		else
			check_reject(f->kind, &why);
		return 0;
	}
	/* no kind's header: the row against each kind's own column order */
	for (size_t i = 0; ops_kinds[i]; i++) {
		const struct ops_kind *k = ops_kinds[i];
		const char *names[OPS_MAX_COLS];
		size_t nlen[OPS_MAX_COLS];
		struct ops_header h;

		for (size_t c = 0; c < k->ncols; c++) {
			names[c] = k->cols[c].name;
			nlen[c] = strlen(names[c]);
		}
		fuzz_require(ops_header_map(k, &h, names, nlen, k->ncols, msg, sizeof msg) == 0, "own header");
		if (ops_row_parse(k, &h, (const char *const *)row->field, row->len, row->nfields, &r, &why) == 0)
			check_canonical(k, &r);
		else
			check_reject(k, &why);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ops_fuzz f = { 0 };
	struct csvin r;

	fuzz_require(csvin_init(&r, 0, on_row, &f) == 0, "csvin_init");
	csvin_feed(&r, (const char *)data, size);
	csvin_finish(&r);
	csvin_free(&r);
	return 0;
}
