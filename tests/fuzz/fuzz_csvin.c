/* fuzz_csvin.c -- canonical CSV rows: the same bytes give the same rows and
 * the same quarantine, whatever the chunking and whichever splitter.
 *
 * The first byte picks max_row (so "row too long" is reached), the next
 * eight seed the chunk sizes; the rest is the CSV text. It is read three
 * ways: in one feed (fast path), in random chunks of 1..64 bytes (fast
 * path), and in one feed through libcsv only (the reference). Each run
 * records, per row: line, error, raw bytes, fields, and what
 * canon_row_parse makes of it (the first row is the header); the three
 * records must be equal byte for byte. Raw rows never keep their line end. */
#include "fuzz.h"

#include "ingest/canon.h"
#include "ingest/csvin.h"

struct run {
	struct fuzz_buf out;
	struct canon_header h;
	int have_header;
	long rows;
};

static int on_row(void *ctx, const struct csvin_row *row)
{
	struct run *x = ctx;
	char head[96];
	size_t n = row->nfields < CSVIN_MAX_FIELDS ? row->nfields : CSVIN_MAX_FIELDS;

	fuzz_require(row->raw_len == 0 || row->raw[row->raw_len - 1] != '\n',
	             "raw row of line %ld keeps its line end", row->line);
	x->rows++;
	snprintf(head, sizeof head, "row line=%ld n=%zu err=%s raw=%zu:", row->line, row->nfields,
	         row->error ? row->error : "-", row->raw_len);
	fuzz_buf_str(&x->out, head);
	fuzz_buf_add(&x->out, row->raw, row->raw_len);
	if (row->error) {
		fuzz_buf_str(&x->out, "\n");
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		snprintf(head, sizeof head, "|%zu:", row->len[i]);
		fuzz_buf_str(&x->out, head);
		fuzz_buf_add(&x->out, row->field[i], row->len[i]);
	}
	if (!x->have_header) {
		char why[128];
		x->have_header = canon_header_map(&x->h, row->field, row->len, row->nfields, why, sizeof why) == 0;
		fuzz_buf_str(&x->out, x->have_header ? " header ok" : " header bad: ");
		if (!x->have_header)
			fuzz_buf_str(&x->out, why);
	} else {
		struct contact c, c_plain;
		struct canon_reject why, why_plain;
		int rc = canon_row_parse(&x->h, row->field, row->len, row->nfields, 0, &c, &why);
		/* row->plain (the fast path's promise of ASCII without NUL) may
		 * only skip checks, never change the verdict. */
		int rc_plain = canon_row_parse(&x->h, row->field, row->len, row->nfields, row->plain,
		                               &c_plain, &why_plain);
		fuzz_require(rc == rc_plain && (rc != 0 || contact_same_content(&c, &c_plain)) &&
		             (rc == 0 || (strcmp(why.column, why_plain.column) == 0 &&
		                          strcmp(why.reason, why_plain.reason) == 0)),
		             "plain=%d changes the verdict of line %ld", row->plain, row->line);
		if (rc != 0) {
			fuzz_buf_str(&x->out, " quarantine ");
			fuzz_buf_str(&x->out, why.column);
			fuzz_buf_str(&x->out, ",");
			fuzz_buf_str(&x->out, why.reason);
		} else {
			char line[1024];
			/* An accepted row must read back as itself once written. */
			fuzz_require(canon_contact_check(&c, &why) == 0, "accepted row %ld fails the check: %s %s",
			             row->line, why.column, why.reason);
			canon_format_row(line, sizeof line, &c);
			fuzz_buf_str(&x->out, " accepted ");
			fuzz_buf_str(&x->out, line);
		}
	}
	fuzz_buf_str(&x->out, "\n");
	return 0;
}

static void read_all(struct run *x, size_t max_row, const uint8_t *data, size_t size,
                     uint64_t seed, int chunked, int slow_only)
{
	struct csvin r;

	memset(x, 0, sizeof *x);
	fuzz_require(csvin_init(&r, max_row, on_row, x) == 0, "csvin_init");
	r.slow_only = slow_only;
	if (!chunked) {
		fuzz_require(csvin_feed(&r, data, size) == 0, "feed");
	} else {
		size_t at = 0;
		while (at < size) {
			size_t n = 1 + fuzz_rand(&seed) % 64;
			if (n > size - at)
				n = size - at;
			fuzz_require(csvin_feed(&r, data + at, n) == 0, "feed");
			at += n;
		}
	}
	fuzz_require(csvin_finish(&r) == 0, "finish");
	csvin_free(&r);
}

static int same(const struct fuzz_buf *a, const struct fuzz_buf *b)
{
	return a->len == b->len && (a->len == 0 || memcmp(a->p, b->p, a->len) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct run whole, chunks, slow;
	uint64_t seed = 0x9e3779b97f4a7c15ULL;
	size_t max_row;

	if (size < 9)
		return 0;
	max_row = 16 + (size_t)data[0] * 4;
	for (int i = 1; i < 9; i++)
		seed = seed * 131 + data[i];
	seed |= 1;
	data += 9;
	size -= 9;
	read_all(&whole, max_row, data, size, seed, 0, 0);
	read_all(&chunks, max_row, data, size, seed, 1, 0);
	read_all(&slow, max_row, data, size, seed, 0, 1);
	fuzz_require(same(&whole.out, &chunks.out),
	             "chunking changed the rows:\n--- whole\n%s--- chunks\n%s", whole.out.p ? whole.out.p : "",
	             chunks.out.p ? chunks.out.p : "");
	fuzz_require(same(&whole.out, &slow.out),
	             "fast path and libcsv differ:\n--- fast\n%s--- libcsv\n%s", whole.out.p ? whole.out.p : "",
	             slow.out.p ? slow.out.p : "");
	fuzz_buf_free(&whole.out);
	fuzz_buf_free(&chunks.out);
	fuzz_buf_free(&slow.out);
	return 0;
}
