#!/bin/sh
# tests/bench/10-ingest.sh -- ingest speed and memory against the zlib floor.
# Env: CCSLA, BUILD, DATA (cache dir). The 5-million-row input is generated
# once (deterministic, seed 1) and kept in $DATA.
set -e
rows=${BENCH_ROWS:-5000000}
input="$DATA/canonical-$rows.csv.gz"
if [ ! -f "$input" ]; then
	echo "bench: generating $rows rows into $input (once)"
	"$BUILD/tools/gen_logs" --seed 1 --rows "$rows" --level 6 -o "$input.part"
	mv "$input.part" "$input"
fi
state=$(mktemp -d)
tmp=$(mktemp)
trap 'rm -rf "$state" "$tmp" "$tmp.z"' EXIT

# figures FILE: wall seconds and peak RSS (KiB) from /usr/bin/time -v
wall() { sed -n 's/.*Elapsed (wall clock) time.*: //p' "$1" | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }'; }
rss() { sed -n 's/.*Maximum resident set size (kbytes): //p' "$1"; }

/usr/bin/time -v "$BUILD/tools/zcount" "$input" >"$tmp.z" 2>"$tmp"
zw=$(wall "$tmp"); zr=$(rss "$tmp")
lines=$(cut -d' ' -f1 "$tmp.z"); bytes=$(cut -d' ' -f2 "$tmp.z")
/usr/bin/time -v "$CCSLA" ingest --state "$state" "$input" >/dev/null 2>"$tmp" || true
iw=$(wall "$tmp"); ir=$(rss "$tmp")
rows_read=$(sed -n 's/.*"rows_read": \([0-9]*\).*/\1/p' "$state"/ingest/summary-000001.json | tail -n 1)

awk -v lines="$lines" -v bytes="$bytes" -v rows="$rows_read" -v zw="$zw" -v zr="$zr" -v iw="$iw" -v ir="$ir" 'BEGIN {
	mb = bytes / 1e6
	printf "ingest bench: %d rows, %.1f MB of CSV (gzip %s)\n", rows, mb, ENVIRON["input"]
	printf "%-22s %8s %12s %9s %10s\n", "", "wall s", "rows/s", "MB/s", "peak RSS"
	printf "%-22s %8.2f %12.0f %9.1f %7.1f MiB\n", "zlib line count floor", zw, lines / zw, mb / zw, zr / 1024
	printf "%-22s %8.2f %12.0f %9.1f %7.1f MiB\n", "ccsla ingest", iw, rows / iw, mb / iw, ir / 1024
	printf "ratio (ingest MB/s / floor MB/s): %.2f  (target >= 0.5, long-term 0.8); peak RSS target <= 64 MiB: %s\n",
		(mb / iw) / (mb / zw), (ir <= 65536 ? "met" : "NOT met")
}'
