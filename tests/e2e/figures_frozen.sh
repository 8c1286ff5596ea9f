# Figures frozen across speed work (issue 22): the metrics and evaluation
# outputs of every example contract, on the demo month and on a generated
# month (60,000 contacts, repeat-contact FCR over 7 and 30 days, long and
# short customer ids), must keep the bytes they had before the store
# reader, the CRC and the repeat-FCR tracker were rewritten for speed.
# tests/e2e/figures_frozen.sha256 holds the SHA-256 of each output as the
# code of 2026-12-03 (commit 558f208) wrote them. A change that is meant to
# alter a figure regenerates it with FIGURES_FROZEN_UPDATE=1 and says why.
. tests/e2e_lib.sh

sums=tests/e2e/figures_frozen.sha256
"$BUILD/tools/gen_logs" --seed 3 --rows 60000 -o "$OUT/gen.csv.gz"
check "the generated month is written" test -s "$OUT/gen.csv.gz"
# a third of the customers get 40-character ids (the tracker's long keys)
zcat "$OUT/gen.csv.gz" | awk -F, -v OFS=, 'NR > 1 && $6 != "" && substr($6, length($6)) % 3 == 0 {
	$6 = $6 "-0123456789abcdefghijklmnopqrstuvwxyz" } { print }' | gzip -n >"$OUT/gen-long.csv.gz"

: >"$OUT/got.sha256"
for src in demo gen; do
	state="$OUT/$src-state"
	if [ "$src" = demo ]; then
		"$CCSLA" ingest --state "$state" fixtures/logs/2026-10 >/dev/null 2>&1
	else
		"$CCSLA" ingest --state "$state" "$OUT/gen-long.csv.gz" >/dev/null 2>&1
	fi
	check "$src: the store is written" test -d "$state/store"
	"$CCSLA" evaluate --state "$state" --contracts contracts/examples --period 2026-10 \
		--out "$OUT/$src-eval" >/dev/null 2>"$OUT/$src-eval.err"
	check "$src: evaluate runs" test -s "$OUT/$src-eval/ACME/2026-10/results.json"
	for fcr in recorded repeat:7 repeat:30; do
		f=$(echo "$fcr" | tr : -)
		"$CCSLA" metrics --state "$state" --from 2026-09-25 --to 2026-11-05 --by client,day,channel \
			--fcr "$fcr" --format csv --output "$OUT/$src-metrics-$f.csv" 2>/dev/null
		"$CCSLA" metrics --state "$state" --contracts contracts/examples --from 2026-10-01 --to 2026-10-31 \
			--by client,interval --fcr "$fcr" --direction both --format json \
			--output "$OUT/$src-metrics-$f-intervals.json" 2>/dev/null
	done
	(cd "$OUT" && sha256sum "$src"-metrics-*.csv "$src"-metrics-*.json "$src"-eval/*/2026-10/*) >>"$OUT/got.sha256"
done
sort -k2 "$OUT/got.sha256" >"$OUT/got.sorted"
if [ "${FIGURES_FROZEN_UPDATE:-}" = 1 ]; then
	cp "$OUT/got.sorted" "$sums"
fi
check "outputs are listed" test "$(wc -l <"$OUT/got.sorted")" -ge 20
while read -r sum name; do
	got=$(awk -v n="$name" '$2 == n { print $1 }' "$OUT/got.sorted")
	check_eq "$name: the same bytes" "$sum" "$got"
done <"$sums"
check_eq "no output missing or added" "$(cut -d' ' -f3 "$sums" | tr '\n' ' ')" "$(awk '{ print $2 }' "$OUT/got.sorted" | tr '\n' ' ')"
e2e_done
