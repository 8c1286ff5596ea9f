#!/bin/sh
# tests/bench/30-nightly.sh -- `ccsla nightly` over a month, one night at a
# time, the way operations run it: each local day's file lands the morning
# after, drafts every night, the signed finals on 2 November. Prints the
# wall time and peak RSS of nights 1, 2, 15, 31 and the first November
# night, and night 31 / night 2 (the cost of a night should follow the data
# it brings, not the month so far). Env: CCSLA, BUILD, DATA (cache dir),
# BENCH_NIGHTLY_ROWS (contacts in the month, default 1,000,000).
set -e
rows=${BENCH_NIGHTLY_ROWS:-1000000}
days="$DATA/nightly-days-$rows"
if [ ! -d "$days" ]; then
	"$BUILD/tools/gen_logs" --seed 3 --rows "$rows" --per-day "$days.part"
	mv "$days.part" "$days"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/landing"
keys="--key fixtures/keys/test-leaf.key --cert fixtures/keys/test-leaf.pem --allow-insecure-key"
export SOURCE_DATE_EPOCH=1793577600
wall() { sed -n 's/.*Elapsed (wall clock) time.*: //p' "$1" | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }'; }
rss() { sed -n 's/.*Maximum resident set size (kbytes): //p' "$1"; }

n=0
day=2026-10-01
: >"$work/nights.txt"
while :; do
	prev=$(date -u -d "$day -1 day" +%F)
	[ -f "$days/$prev.csv.gz" ] && cp "$days/$prev.csv.gz" "$work/landing/"
	n=$((n + 1))
	/usr/bin/time -v "$CCSLA" nightly --landing "$work/landing" --contracts contracts/examples \
		--state "$work/state" --out "$work/out" --date "$day" $keys >/dev/null 2>"$work/t" || true
	echo "$n $day $(wall "$work/t") $(rss "$work/t")" >>"$work/nights.txt"
	[ "$day" = 2026-11-02 ] && break
	day=$(date -u -d "$day +1 day" +%F)
done
awk -v rows="$rows" '
	{ t[$1] = $3; r[$1] = $4; d[$1] = $2 }
	END {
		printf "nightly bench: %d contacts over October 2026 (4 clients), one night per day, files landing the morning after\n", rows
		split("1 2 15 31 32", pick, " ")
		for (i = 1; i <= 5; i++) {
			k = pick[i]
			printf "  night %2d (%s) %7.2f s %7.1f MiB\n", k, d[k], t[k], r[k] / 1024
		}
		printf "  night 31 / night 2 = %.2f (target <= 1.5)\n", (t[2] > 0 ? t[31] / t[2] : 0)
	}' "$work/nights.txt"
