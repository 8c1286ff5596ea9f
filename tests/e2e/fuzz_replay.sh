# Every fuzz target (tests/fuzz/fuzz_NAME.c) replays its stored corpus and
# every past crash input (tests/fuzz/known/NAME/) without libFuzzer, built
# like the rest of the suite: plainly by `make test`, under ASan + UBSan by
# `make asan`. A fixed bug stays fixed; no clang needed.
. tests/e2e_lib.sh

for src in tests/fuzz/fuzz_*.c; do
	t=$(basename "$src" .c)
	bin="$BUILD/fuzz-replay/$t"
	if [ ! -x "$bin" ]; then
		not_ok "$t: no replay binary $bin (make test builds it)"
		continue
	fi
	check "$t: has a seed corpus in tests/fuzz/corpus/$t/" \
		sh -c 'ls "$1" | grep -q .' sh "tests/fuzz/corpus/$t"
	set -- "tests/fuzz/corpus/$t"
	[ -d "tests/fuzz/known/$t" ] && set -- "$@" "tests/fuzz/known/$t"
	if "$bin" "$@" >"$OUT/$t.out" 2>&1; then
		ok "$t: $(tail -n 1 "$OUT/$t.out") without a crash or broken property"
	else
		tail -n 20 "$OUT/$t.out"
		not_ok "$t: an input crashes or breaks a property ($OUT/$t.out)"
	fi
done

check "the stored corpora and crash inputs stay small (< 400 KB)" \
	test "$(cat tests/fuzz/corpus/*/* tests/fuzz/known/*/* 2>/dev/null | wc -c)" -lt 409600

e2e_done
