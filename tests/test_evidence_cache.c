/* test_evidence_cache.c -- the per-day entries of contacts.csv.gz's
 * members (reports/compose/evidence_cache.h): an entry comes back as it
 * was saved, under its key only; a damaged one is a miss; the evaluated
 * digest changes exactly when an evaluation names an uncounted contact of
 * the day; and a writer's members between two breaks are whole gzip
 * members that can be handed to another writer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "core/contact.h"
#include "core/fsutil.h"
#include "core/store.h"
#include "core/timefmt.h"
#include "ingest/canon_write.h"
#include "reports/compose/evidence_cache.h"

static char tmpdir[] = "/tmp/test_evidence_cache_XXXXXX";
static int64_t day; /* 2025-10-07, set by setup */

static void sample_day(struct evidence_day *d)
{
	memset(d, 0, sizeof *d);
	for (int i = 0; i < 5; i++)
		assert_int_equal(evidence_day_add_row(d, i < 3 ? 2 : 7), 0);
	assert_int_equal(evidence_day_add_uncounted(d, "OUT-2"), 0);
	assert_int_equal(evidence_day_add_uncounted(d, "OUT-1"), 0);
	assert_int_equal(evidence_day_add_uncounted(d, "OUT-2"), 0);
	memset(d->key, 0x11, 32);
	memset(d->names, 0x22, 32);
	d->gz = malloc(4);
	memcpy(d->gz, "gzip", 4);
	d->gz_len = 4;
}

static void entry_path(char *buf, size_t size)
{
	snprintf(buf, size, "%s/cache/evidence/ACME/2025-10-07.cev", tmpdir);
}

static void rows_come_in_runs_of_one_input_file(void **state)
{
	struct evidence_day d;

	(void)state;
	sample_day(&d);
	assert_int_equal(d.rows, 5);
	assert_int_equal(d.run_count, 2);
	assert_int_equal(d.runs[0][0], 2);
	assert_int_equal(d.runs[0][1], 3);
	assert_int_equal(d.runs[1][0], 7);
	assert_int_equal(d.runs[1][1], 2);
	assert_int_equal(evidence_day_end(&d, NULL), 0);
	assert_int_equal(d.uncounted_count, 2); /* sorted, once each */
	assert_true(d.uncounted[0] < d.uncounted[1]);
	evidence_day_release(&d);
}

static void an_entry_comes_back_under_its_key_only(void **state)
{
	struct evidence_day d, back;
	unsigned char other[32];

	(void)state;
	sample_day(&d);
	assert_int_equal(evidence_day_end(&d, NULL), 0);
	assert_int_equal(evidence_cache_save(tmpdir, "ACME", day, &d), 0);
	assert_int_equal(evidence_cache_load(tmpdir, "ACME", day, d.key, &back), 1);
	assert_int_equal(back.rows, 5);
	assert_int_equal(back.run_count, 2);
	assert_int_equal(back.runs[1][0], 7);
	assert_int_equal(back.uncounted_count, 2);
	assert_memory_equal(back.uncounted, d.uncounted, 2 * sizeof *d.uncounted);
	assert_memory_equal(back.names, d.names, 32);
	assert_memory_equal(back.evaluated, d.evaluated, 32);
	assert_int_equal(back.gz_len, 4);
	assert_memory_equal(back.gz, "gzip", 4);
	evidence_day_release(&back);
	memset(other, 0x12, 32);
	assert_int_equal(evidence_cache_load(tmpdir, "ACME", day, other, &back), 0);
	assert_int_equal(evidence_cache_load(tmpdir, "ACME", day + MS_PER_DAY, d.key, &back), 0);
	assert_int_equal(evidence_cache_load(tmpdir, "BLUEJAY", day, d.key, &back), 0);
	evidence_day_release(&d);
}

static void a_damaged_entry_is_a_miss(void **state)
{
	struct evidence_day d, back;
	char path[4200], *data;
	size_t size, at;
	struct ccsla_error err;

	(void)state;
	sample_day(&d);
	assert_int_equal(evidence_day_end(&d, NULL), 0);
	assert_int_equal(evidence_cache_save(tmpdir, "ACME", day, &d), 0);
	entry_path(path, sizeof path);
	assert_int_equal(read_file(path, &data, &size, &err), 0);
	/* every byte changed in turn, and every length cut short, is refused */
	for (at = 0; at < size; at++) {
		data[at] ^= 0x40;
		assert_int_equal(atomic_write(path, data, size, &err), 0);
		assert_int_equal(evidence_cache_load(tmpdir, "ACME", day, d.key, &back), 0);
		data[at] ^= 0x40;
	}
	for (at = 0; at < size; at += 7) {
		assert_int_equal(atomic_write(path, data, at, &err), 0);
		assert_int_equal(evidence_cache_load(tmpdir, "ACME", day, d.key, &back), 0);
	}
	assert_int_equal(atomic_write(path, data, size, &err), 0);
	assert_int_equal(evidence_cache_load(tmpdir, "ACME", day, d.key, &back), 1);
	evidence_day_release(&back);
	free(data);
	evidence_day_release(&d);
}

static void evaluations_of_uncounted_contacts_change_the_day(void **state)
{
	char ids[3][CONTACT_ID_MAX + 1];
	struct evidence_ids none = { NULL, 0 }, other = { ids, 1 }, one = { ids + 1, 1 }, both = { ids, 3 };
	struct evidence_day d;

	(void)state;
	/* sorted, as evidence_quality_contacts gives them */
	snprintf(ids[0], sizeof ids[0], "IN-9");
	snprintf(ids[1], sizeof ids[1], "OUT-1");
	snprintf(ids[2], sizeof ids[2], "OUT-2");
	sample_day(&d);
	assert_int_equal(evidence_day_end(&d, &none), 0);
	assert_true(evidence_day_evaluated_match(&d, &none));
	assert_true(evidence_day_evaluated_match(&d, &other)); /* IN-9 is no uncounted row of the day */
	assert_false(evidence_day_evaluated_match(&d, &one));
	assert_false(evidence_day_evaluated_match(&d, &both));
	assert_int_equal(evidence_day_end(&d, &both), 0);
	assert_false(evidence_day_evaluated_match(&d, &one));
	assert_true(evidence_day_evaluated_match(&d, &both));
	evidence_day_release(&d);
}

static void the_key_names_the_partition_the_contract_and_the_pseudonym_key(void **state)
{
	struct store_writer w;
	struct contact c;
	struct evidence_key k1 = { { 1 }, 32 }, k2 = { { 2 }, 32 };
	unsigned char a[32], b[32];
	char path[4200];
	struct ccsla_error err;

	(void)state;
	assert_int_equal(evidence_cache_key(tmpdir, "KEYED", day, "c1", "z1", &k1, a), 0); /* no partition */
	memset(&c, 0, sizeof c);
	snprintf(c.client_id, sizeof c.client_id, "KEYED");
	snprintf(c.contact_id, sizeof c.contact_id, "C-1");
	c.arrived_at_ms = day + 1000;
	store_partition_path(path, sizeof path, tmpdir, "KEYED", day);
	assert_int_equal(store_writer_open(&w, path, &err), 0);
	assert_int_equal(store_writer_add(&w, &c, &err), 0);
	assert_int_equal(store_writer_commit(&w, &err), 0);
	assert_int_equal(evidence_cache_key(tmpdir, "KEYED", day, "c1", "z1", &k1, a), 1);
	assert_int_equal(evidence_cache_key(tmpdir, "KEYED", day, "c1", "z1", &k1, b), 1);
	assert_memory_equal(a, b, 32);
	assert_int_equal(evidence_cache_key(tmpdir, "KEYED", day, "c2", "z1", &k1, b), 1);
	assert_memory_not_equal(a, b, 32);
	assert_int_equal(evidence_cache_key(tmpdir, "KEYED", day, "c1", "z1", &k2, b), 1);
	assert_memory_not_equal(a, b, 32);
	assert_int_equal(evidence_cache_key(tmpdir, "KEYED", day, "c1", "z1", NULL, b), 1);
	assert_memory_not_equal(a, b, 32);
	assert_int_equal(evidence_cache_key(tmpdir, "KEYED", day, "c1", "z2", &k1, b), 1); /* tzdata updated */
	assert_memory_not_equal(a, b, 32);
	/* the partition written again, with one more contact */
	assert_int_equal(store_writer_open(&w, path, &err), 0);
	assert_int_equal(store_writer_add(&w, &c, &err), 0);
	snprintf(c.contact_id, sizeof c.contact_id, "C-2");
	assert_int_equal(store_writer_add(&w, &c, &err), 0);
	assert_int_equal(store_writer_commit(&w, &err), 0);
	assert_int_equal(evidence_cache_key(tmpdir, "KEYED", day, "c1", "z1", &k1, b), 1);
	assert_memory_not_equal(a, b, 32);
}

/* Members kept between two breaks and handed to another writer give the
 * same file as writing the rows there. */
static void members_between_breaks_can_be_handed_on(void **state)
{
	struct canon_writer w1, w2;
	struct contact c;
	struct ccsla_error err;
	char p1[4200], p2[4200], *a, *b;
	int64_t start, stop;
	unsigned char *kept;
	size_t na, nb;

	(void)state;
	snprintf(p1, sizeof p1, "%s/one.csv.gz", tmpdir);
	snprintf(p2, sizeof p2, "%s/two.csv.gz", tmpdir);
	memset(&c, 0, sizeof c);
	snprintf(c.client_id, sizeof c.client_id, "ACME");
	assert_int_equal(canon_write_open(&w1, p1, &err), 0);
	assert_int_equal(canon_write_open(&w2, p2, &err), 0);
	snprintf(c.contact_id, sizeof c.contact_id, "BEFORE");
	assert_int_equal(canon_write_contact(&w1, &c, &err), 0);
	assert_int_equal(canon_write_contact(&w2, &c, &err), 0);
	assert_int_equal(canon_write_break(&w1, &start, &err), 0);
	for (int i = 0; i < 5000; i++) { /* more than one block */
		snprintf(c.contact_id, sizeof c.contact_id, "KEPT-%d-%0100d", i, i);
		assert_int_equal(canon_write_contact(&w1, &c, &err), 0);
	}
	assert_int_equal(canon_write_break(&w1, &stop, &err), 0);
	assert_true(stop > start);
	kept = malloc((size_t)(stop - start));
	assert_int_equal(canon_write_read_back(&w1, start, kept, (size_t)(stop - start), &err), 0);
	assert_int_equal(canon_write_members(&w2, kept, (size_t)(stop - start), 5000, &err), 0);
	snprintf(c.contact_id, sizeof c.contact_id, "AFTER");
	assert_int_equal(canon_write_contact(&w1, &c, &err), 0);
	assert_int_equal(canon_write_contact(&w2, &c, &err), 0);
	assert_int_equal(w1.rows, w2.rows);
	assert_int_equal(canon_write_commit(&w1, &err), 0);
	assert_int_equal(canon_write_commit(&w2, &err), 0);
	assert_int_equal(read_file(p1, &a, &na, &err), 0);
	assert_int_equal(read_file(p2, &b, &nb, &err), 0);
	assert_int_equal(na, nb);
	assert_memory_equal(a, b, na);
	free(a);
	free(b);
	free(kept);
}

static void old_days_are_pruned(void **state)
{
	struct evidence_day d, back;
	char path[4200];
	struct ccsla_error err;

	(void)state;
	sample_day(&d);
	assert_int_equal(evidence_day_end(&d, NULL), 0);
	assert_int_equal(evidence_cache_save(tmpdir, "PRUNE", day, &d), 0);
	assert_int_equal(evidence_cache_save(tmpdir, "PRUNE", day + MS_PER_DAY, &d), 0);
	snprintf(path, sizeof path, "%s/cache/evidence/PRUNE/.2025-10-07.cev.tmp.abc", tmpdir);
	assert_int_equal(atomic_write(path, "x", 1, &err), 0);
	snprintf(path, sizeof path, "%s/cache/evidence/PRUNE/notes.txt", tmpdir);
	assert_int_equal(atomic_write(path, "x", 1, &err), 0);
	assert_int_equal(evidence_cache_prune(tmpdir, day / MS_PER_DAY), 0);
	/* the entry, its temporary, and ACME's of the same day (the tests above) */
	assert_int_equal(evidence_cache_prune(tmpdir, day / MS_PER_DAY + 1), 3);
	assert_int_equal(evidence_cache_load(tmpdir, "PRUNE", day, d.key, &back), 0);
	assert_int_equal(evidence_cache_load(tmpdir, "PRUNE", day + MS_PER_DAY, d.key, &back), 1);
	evidence_day_release(&back);
	evidence_day_release(&d);
	assert_true(path_exists(path)); /* not an entry: left alone */
}

/* A link planted in the state is never followed: an entry that is a
 * link is a miss, and a client's folder that links out of the state is
 * neither written into nor pruned. */
static void links_in_the_cache_are_not_followed(void **state)
{
	struct evidence_day d, back;
	char path[4200], outside[4200], link_path[4200];
	struct ccsla_error err;

	(void)state;
	sample_day(&d);
	assert_int_equal(evidence_day_end(&d, NULL), 0);
	assert_int_equal(evidence_cache_save(tmpdir, "LINKED", day, &d), 0);
	snprintf(path, sizeof path, "%s/cache/evidence/LINKED/2025-10-07.cev", tmpdir);
	snprintf(link_path, sizeof link_path, "%s/cache/evidence/LINKED/2025-10-08.cev", tmpdir);
	assert_int_equal(symlink(path, link_path), 0);
	assert_int_equal(evidence_cache_load(tmpdir, "LINKED", day, d.key, &back), 1);
	evidence_day_release(&back);
	assert_int_equal(evidence_cache_load(tmpdir, "LINKED", day + MS_PER_DAY, d.key, &back), 0);
	/* a client folder that is a link to a folder outside the state */
	snprintf(outside, sizeof outside, "%s-outside/2025-10-07.cev", tmpdir);
	assert_int_equal(atomic_write(outside, "x", 1, &err), 0);
	snprintf(outside, sizeof outside, "%s-outside", tmpdir);
	snprintf(link_path, sizeof link_path, "%s/cache/evidence/ELSEWHERE", tmpdir);
	assert_int_equal(symlink(outside, link_path), 0);
	assert_int_equal(evidence_cache_save(tmpdir, "ELSEWHERE", day + MS_PER_DAY, &d), -1);
	assert_int_equal(evidence_cache_load(tmpdir, "ELSEWHERE", day, d.key, &back), 0);
	assert_true(evidence_cache_prune(tmpdir, day / MS_PER_DAY + 400) >= 1); /* LINKED's entry, not the link's */
	snprintf(path, sizeof path, "%s-outside/2025-10-07.cev", tmpdir);
	assert_true(path_exists(path));
	snprintf(path, sizeof path, "%s-outside/2025-10-08.cev", tmpdir);
	assert_false(path_exists(path));
	unlink(link_path);
	assert_int_equal(remove_tree(outside), 0);
	evidence_day_release(&d);
}

static int setup(void **state)
{
	(void)state;
	day = civil_to_days(2025, 10, 7) * MS_PER_DAY;
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	remove_tree(tmpdir);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rows_come_in_runs_of_one_input_file),
		cmocka_unit_test(an_entry_comes_back_under_its_key_only),
		cmocka_unit_test(a_damaged_entry_is_a_miss),
		cmocka_unit_test(evaluations_of_uncounted_contacts_change_the_day),
		cmocka_unit_test(the_key_names_the_partition_the_contract_and_the_pseudonym_key),
		cmocka_unit_test(members_between_breaks_can_be_handed_on),
		cmocka_unit_test(old_days_are_pruned),
		cmocka_unit_test(links_in_the_cache_are_not_followed),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
