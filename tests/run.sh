#!/bin/sh
# tests/run.sh BUILD -- run every unit test (cmocka) and end-to-end test
# (tests/e2e/*.sh), then print one closing line:
# "N passed, N failed, N skipped" (what CI reads).
#
# Unit tests count their cmocka cases (cmocka's "[  SKIPPED ]" ones as
# skipped); an end-to-end script counts its "ok - ..." and "not ok - ..."
# lines, an "ok - NAME # SKIP REASON" line (tests/e2e_lib.sh `skip`) as
# skipped, and one failure if it exits non-zero without saying why.
# Outputs of e2e scripts go to BUILD/e2e/<name>/.
build=${1:-build}
passed=0
failed=0
skipped=0
failed_names=""
skipped_names=""
log=$(mktemp)
trap 'rm -f "$log"' EXIT

for t in "$build"/tests/test_*; do
	[ -x "$t" ] || continue
	"$t" >"$log" 2>&1
	rc=$?
	cat "$log"
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
	s=$(sed -n 's/^\[  SKIPPED \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
	p=${p:-0}
	f=${f:-0}
	s=${s:-0}
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1 # crashed before cmocka could count
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	skipped=$((skipped + s))
	[ "$f" -eq 0 ] || failed_names="$failed_names $(basename "$t")"
	[ "$s" -eq 0 ] || skipped_names="$skipped_names $(basename "$t")"
done

for t in tests/e2e/*.sh; do
	[ -f "$t" ] || continue
	name=$(basename "$t" .sh)
	out="$build/e2e/$name"
	rm -rf "$out"
	mkdir -p "$out"
	echo "== e2e $name"
	CCSLA="$build/ccsla" BUILD="$build" OUT="$out" sh "$t" >"$log" 2>&1
	rc=$?
	cat "$log"
	s=$(grep -c '^ok - .* # SKIP' "$log")
	p=$(($(grep -c '^ok - ' "$log") - s))
	f=$(grep -c '^not ok - ' "$log")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "not ok - $name exited $rc"
		f=1
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	skipped=$((skipped + s))
	[ "$f" -eq 0 ] || failed_names="$failed_names $name"
	[ "$s" -eq 0 ] || skipped_names="$skipped_names $name"
done

[ -z "$skipped_names" ] || echo "skipping:$skipped_names"
[ -z "$failed_names" ] || echo "failing:$failed_names"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
