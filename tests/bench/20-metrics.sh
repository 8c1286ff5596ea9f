#!/bin/sh
# tests/bench/20-metrics.sh -- `ccsla metrics` for one month of the
# 5-million-row file, by client, day and channel: wall time, rows/s, peak
# RSS. Env: CCSLA, BUILD, DATA (cache dir). Reuses 10-ingest.sh's input and
# ingests it once into $DATA/metrics-state (cached).
set -e
rows=${BENCH_ROWS:-5000000}
input="$DATA/canonical-$rows.csv.gz"
state="$DATA/metrics-state-$rows"
if [ ! -f "$input" ]; then
	"$BUILD/tools/gen_logs" --seed 1 --rows "$rows" --level 6 -o "$input.part"
	mv "$input.part" "$input"
fi
if [ ! -d "$state/store" ]; then
	rm -rf "$state"
	"$CCSLA" ingest --state "$state" "$input" >/dev/null 2>&1 || true
fi
tmp=$(mktemp)
trap 'rm -f "$tmp" "$tmp.out"' EXIT
wall() { sed -n 's/.*Elapsed (wall clock) time.*: //p' "$1" | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }'; }
rss() { sed -n 's/.*Maximum resident set size (kbytes): //p' "$1"; }

/usr/bin/time -v "$CCSLA" metrics --state "$state" --from 2026-10-01 --to 2026-10-31 \
	--by client,day,channel --format json --output "$tmp.out" 2>"$tmp"
read_n=$(sed -n 's/.*"contacts_read": \([0-9]*\).*/\1/p' "$tmp.out")
groups=$(grep -c '"offered"' "$tmp.out")
awk -v n="$read_n" -v g="$groups" -v w="$(wall "$tmp")" -v r="$(rss "$tmp")" 'BEGIN {
	printf "metrics bench: one month (2026-10, UTC days) by client,day,channel: %d contacts read, %d groups\n", n, g
	printf "%-22s %8.2f %12.0f %9s %7.1f MiB\n", "ccsla metrics", w, (w > 0 ? n / w : 0), "", r / 1024
}'
