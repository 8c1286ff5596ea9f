#!/bin/sh
# tests/tsan.sh BUILD -- the stages that run threads, built with
# ThreadSanitizer (make tsan): ingest (the inflating thread, gzin.c, and the
# partition writer, partw.c), render (contacts.csv.gz written on a thread
# while the figures are measured, evidence_contacts.c, and deflated on
# another, canon_write.c) and nightly (both, night after night).
# ThreadSanitizer judges by happens-before, not by timing, so the small
# example month is enough for it to see every pair of accesses these
# threads share; a race is reported as `not ok` and the exit is 1.
build=${1:-build-tsan}
ccsla="$build/ccsla"
out="$build/tsan"
failed=0
count=0
rm -rf "$out"
mkdir -p "$out/landing"
# halt at the first report, with an exit status no ccsla command uses
TSAN_OPTIONS="halt_on_error=1 exitcode=66 ${TSAN_OPTIONS:-}"
export TSAN_OPTIONS

# check NAME CMD...: runs CMD, ok when it exits 0 and ThreadSanitizer
# reported nothing
check() {
	name=$1
	shift
	count=$((count + 1))
	"$@" >"$out/$count.out" 2>"$out/$count.err"
	rc=$?
	if [ "$rc" -eq 0 ] && ! grep -q ThreadSanitizer "$out/$count.err"; then
		echo "ok - $name"
	else
		failed=$((failed + 1))
		echo "not ok - $name (exit $rc)"
		sed -n '1,40p' "$out/$count.err"
	fi
}

echo 00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff >"$out/pseudonym.key"
check "ingest of the example month" "$ccsla" ingest --state "$out/state" fixtures/logs/2026-10/*.csv.gz
check "render of every client's October, with pseudonyms" "$ccsla" render --state "$out/state" \
	--contracts contracts/examples --period 2026-10 --pseudonym-key "$out/pseudonym.key" --out "$out/reports"
check "the reports hold their evidence" test -s "$out/reports/ACME/2026-10/contacts.csv.gz"
for day in 01 02 03 04 05; do
	cp -p "fixtures/logs/2026-10/2026-10-$day.csv.gz" "$out/landing/"
done
check "nightly of 6 October: ingest and the month-to-date drafts" "$ccsla" nightly --landing "$out/landing" \
	--contracts contracts/examples --state "$out/nightly-state" --out "$out/nightly-out" --date 2026-10-06 \
	--key fixtures/keys/test-leaf.key --cert fixtures/keys/test-leaf.pem --allow-insecure-key \
	--pseudonym-key "$out/pseudonym.key"
cp -p fixtures/logs/2026-10/2026-10-06.csv.gz "$out/landing/"
check "nightly of 7 October: the drafts again" "$ccsla" nightly --landing "$out/landing" \
	--contracts contracts/examples --state "$out/nightly-state" --out "$out/nightly-out" --date 2026-10-07 \
	--key fixtures/keys/test-leaf.key --cert fixtures/keys/test-leaf.pem --allow-insecure-key \
	--pseudonym-key "$out/pseudonym.key"
echo "tsan: $((count - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
