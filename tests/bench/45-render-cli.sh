#!/bin/sh
# tests/bench/45-render-cli.sh -- `ccsla render` from data: evaluation, the
# overview pass and the PDF with its attachments, for one client and for 50
# clients (the demo month's four clients copied under 13 names each; the
# first 50 contracts). Prints time per report and sizes (before signing).
# Env: CCSLA, BUILD, DATA (cache dir).
set -e
dir="$DATA/render50"
if [ ! -f "$dir/ready" ]; then
	rm -rf "$dir"
	mkdir -p "$dir/logs" "$dir/contracts"
	n=0
	for k in 01 02 03 04 05 06 07 08 09 10 11 12 13; do
		for f in fixtures/logs/2026-10/*.csv.gz; do
			zcat "$f" | awk -F, -v OFS=, -v k="$k" 'NR > 1 { $2 = $2 k } NR > 1 || k == "01"' 
		done | gzip -n >"$dir/logs/copy-$k.csv.gz"
		for c in contracts/examples/*.yaml; do
			n=$((n + 1))
			[ "$n" -le 50 ] || continue
			id=$(sed -n 's/^  client: \([A-Z]*\).*/\1/p' "$c")
			sed -E -e "s/^(  client: )$id\\b/\\1$id$k/" -e "s/^(  id: [A-Z0-9-]+)\\b/\\1-$k/" "$c" \
				>"$dir/contracts/$(basename "$c" .yaml)-$k.yaml"
		done
	done
	"$CCSLA" ingest --state "$dir/state" "$dir"/logs/*.csv.gz >/dev/null 2>&1 || true
	touch "$dir/ready"
fi
export SOURCE_DATE_EPOCH=1793836800 # 2026-11-05: October has closed in every zone (on 2026-11-02 BLUEJAY's had not, and --final refused it)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
t0=$(date +%s%N)
"$CCSLA" render --state "$dir/state" --contracts "$dir/contracts" --period 2026-10 --client ACME01 --final --out "$out/one" >/dev/null
t1=$(ms "$t0")
size1=$(wc -c <"$out/one/ACME01/2026-10/report.pdf")
"$BUILD/tools/peakrss" "$out/all.rss" "$CCSLA" render --state "$dir/state" --contracts "$dir/contracts" --period 2026-10 --final --out "$out/all" >/dev/null
t50=$(cut -d' ' -f2 "$out/all.rss")
cpu50=$(cut -d' ' -f3 "$out/all.rss")
count=$(ls "$out"/all/*/2026-10/report.pdf | wc -l)
sizes=$(for f in "$out"/all/*/2026-10/report.pdf; do wc -c <"$f"; done | sort -n)
echo "ccsla render (from data, unsigned): 1 client: ${t1} ms, report $size1 bytes"
echo "ccsla render (from data, unsigned): $count clients in one process: ${t50} ms, $(( t50 / (count > 0 ? count : 1) )) ms/report, $(( count * 1000 / (t50 > 0 ? t50 : 1) )) reports/s; CPU ${cpu50} ms, $(( count * 1000 / (cpu50 > 0 ? cpu50 : 1) )) reports/s per CPU-second; size min $(echo "$sizes" | head -n 1), max $(echo "$sizes" | tail -n 1) bytes"
echo "(target: >= 50 reports/s per core, read on the CPU figure when the machine is shared; < 300 KB for a typical report; load average $(cut -d' ' -f1 /proc/loadavg))"
