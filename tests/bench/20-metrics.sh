#!/bin/sh
# tests/bench/20-metrics.sh -- `ccsla metrics` for one month of the
# 5-million-row file, by client, day and channel: wall and CPU time, rows/s,
# peak RSS, and the CPU ratio to the zlib floor of the same input
# (build/tools/zcount: inflating the CSV and counting lines; issue 22's
# target is <= 0.5), then the same with repeat-contact FCR (7 days).
# Env: CCSLA, BUILD, DATA (cache dir), BENCH_ROWS. Reuses 10-ingest.sh's
# input and ingests it once into $DATA/metrics-state (cached).
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
trap 'rm -f "$tmp" "$tmp.out" "$tmp.fcr" "$tmp.t2"' EXIT
wall() { sed -n 's/.*Elapsed (wall clock) time.*: //p' "$1" | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }'; }
rss() { sed -n 's/.*Maximum resident set size (kbytes): //p' "$1"; }
cpu() { awk '/User time|System time/ { s += $NF } END { print s }' "$1"; }

/usr/bin/time -v "$BUILD/tools/zcount" "$input" >/dev/null 2>"$tmp"
zw=$(wall "$tmp"); zc=$(cpu "$tmp")

/usr/bin/time -v "$CCSLA" metrics --state "$state" --from 2026-10-01 --to 2026-10-31 \
	--by client,day,channel --fcr repeat:7 --format json --output "$tmp.fcr" 2>"$tmp.t2"
fw=$(wall "$tmp.t2"); fc=$(cpu "$tmp.t2"); fr=$(rss "$tmp.t2")
/usr/bin/time -v "$CCSLA" metrics --state "$state" --from 2026-10-01 --to 2026-10-31 \
	--by client,day,channel --format json --output "$tmp.out" 2>"$tmp"
read_n=$(sed -n 's/.*"contacts_read": \([0-9]*\).*/\1/p' "$tmp.out")
groups=$(grep -c '"offered"' "$tmp.out")
awk -v n="$read_n" -v g="$groups" -v w="$(wall "$tmp")" -v c="$(cpu "$tmp")" -v r="$(rss "$tmp")" \
	-v zw="$zw" -v zc="$zc" -v fw="$fw" -v fc="$fc" -v fr="$fr" -v load="$(cut -d' ' -f1 /proc/loadavg)" 'BEGIN {
	printf "metrics bench: one month (2026-10, UTC days) by client,day,channel: %d contacts read, %d groups\n", n, g
	printf "%-30s %8s %8s %12s %10s\n", "", "wall s", "cpu s", "rows/s", "peak RSS"
	printf "%-30s %8.2f %8.2f %12s %10s\n", "zlib floor (zcount, same CSV)", zw, zc, "", ""
	printf "%-30s %8.2f %8.2f %12.0f %6.1f MiB\n", "ccsla metrics", w, c, (w > 0 ? n / w : 0), r / 1024
	printf "%-30s %8.2f %8.2f %12.0f %6.1f MiB\n", "ccsla metrics --fcr repeat:7", fw, fc, (fw > 0 ? n / fw : 0), fr / 1024
	printf "(load average: %s) CPU ratio to the floor: metrics %.2f, with repeat FCR %.2f (target <= 0.5)\n",
		load, (zc > 0 ? c / zc : 0), (zc > 0 ? fc / zc : 0)
}'
