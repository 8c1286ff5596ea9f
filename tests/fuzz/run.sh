#!/bin/sh
# tests/fuzz/run.sh BUILD SECONDS NAME... -- run each libFuzzer target
# BUILD/fuzz/NAME for SECONDS (`make fuzz`, tests/fuzz/README.md).
#
# Each target starts from its stored corpus tests/fuzz/corpus/NAME/ (kept
# small in git) and its past crashes tests/fuzz/known/NAME/, with
# tests/fuzz/NAME.dict when there is one; what it finds new goes to
# BUILD/fuzz/corpus-NAME/, crashes to BUILD/fuzz/crash-NAME-*. A crash
# input, once fixed, is copied to tests/fuzz/known/NAME/ so that
# `make test` replays it for good. Exits 1 when a target crashed.
build=$1
seconds=$2
shift 2
status=0
for name in "$@"; do
	bin="$build/fuzz/$name"
	work="$build/fuzz/corpus-$name"
	mkdir -p "$work"
	set -- -max_total_time="$seconds" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 \
		-artifact_prefix="$build/fuzz/crash-$name-"
	[ -f "tests/fuzz/$name.dict" ] && set -- "$@" -dict="tests/fuzz/$name.dict"
	seeds="tests/fuzz/corpus/$name"
	[ -d "tests/fuzz/known/$name" ] && seeds="$seeds tests/fuzz/known/$name"
	echo "== fuzz $name for $seconds s"
	# shellcheck disable=SC2086 # seeds is a list of folders
	if "$bin" "$@" "$work" $seeds >"$build/fuzz/$name.log" 2>&1; then
		grep -E '^#[0-9]+.*DONE|^stat::(number_of_executed_units|peak_rss_mb|new_units_added)' "$build/fuzz/$name.log"
		echo "ok - $name: no crash in $seconds s"
	else
		tail -n 40 "$build/fuzz/$name.log"
		echo "not ok - $name: crashed; input in $build/fuzz/crash-$name-*"
		status=1
	fi
done
exit $status
