#!/bin/sh
# tests/bench/31-nightly-one-client.sh -- what a night costs when its file
# touches one client: 19 October days caught up in one night, then a night
# whose file holds only SUNRISE's rows of 20 October (the smallest client),
# a night with the other three clients' rows, and a night with no file.
# Prints each night's wall time, peak RSS and the months it rebuilt, and
# the one-client night / three-client night ratio. Env: CCSLA, BUILD, DATA
# (cache dir), BENCH_NIGHTLY_ROWS (contacts in the month, default 1,000,000).
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
# night NAME DATE: one run; prints "NAME seconds KiB rebuilt-months"
night() {
	/usr/bin/time -v "$CCSLA" nightly --landing "$work/landing" --contracts contracts/examples \
		--state "$work/state" --out "$work/out" --date "$2" $keys >/dev/null 2>"$work/t" || true
	echo "$1 $(wall "$work/t") $(rss "$work/t") $(grep -c 'event=month .*action=rebuilt' "$work/t" || true)"
}

for d in 01 02 03 04 05 06 07 08 09 10 11 12 13 14 15 16 17 18 19; do
	cp "$days/2026-10-$d.csv.gz" "$work/landing/"
done
{
	night catch-up 2026-10-20
	zcat "$days/2026-10-20.csv.gz" | awk -F, 'NR == 1 || $2 == "SUNRISE"' | gzip -n >"$work/landing/20-sunrise.csv.gz"
	night one-client 2026-10-21
	zcat "$days/2026-10-20.csv.gz" | awk -F, 'NR == 1 || $2 != "SUNRISE"' | gzip -n >"$work/landing/20-rest.csv.gz"
	night three-clients 2026-10-21
	night no-file 2026-10-21
} >"$work/nights.txt"
awk -v rows="$rows" '
	{ t[$1] = $2; printf "  %-14s %7.2f s %7.1f MiB  %d months rebuilt\n", $1, $2, $3 / 1024, $4 }
	BEGIN { printf "nightly one-client bench: %d contacts over October 2026 (4 clients)\n", rows }
	END { printf "  one-client night / three-client night = %.2f\n", (t["three-clients"] > 0 ? t["one-client"] / t["three-clients"] : 0) }
' "$work/nights.txt"
