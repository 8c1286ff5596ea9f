# Ingest of good inputs: golden outputs for the hand-written fixture, the
# demo month's fixtures, re-ingest as a no-op, reproducible bytes, and
# crash safety (a kill -9 at every durable step, then a re-run).
. tests/e2e_lib.sh

dump="$BUILD/tools/store_dump"
gzip -n -c fixtures/logs/handwritten/edge.csv >"$OUT/edge.csv.gz"

# --- the hand-written fixture: every value and every reason ---
"$CCSLA" ingest --state "$OUT/s1" "$OUT/edge.csv.gz" >"$OUT/s1.out" 2>"$OUT/s1.err"
check_eq "edge: exit 1 (two rows quarantined)" 1 $?
"$dump" "$OUT/s1" >"$OUT/s1.dump"
check "edge: store holds exactly the expected records" cmp fixtures/logs/handwritten/edge.expected-store "$OUT/s1.dump"
check "edge: quarantine as expected" cmp fixtures/logs/handwritten/edge.expected-quarantine.csv "$OUT/s1/quarantine/run-000001.csv"
check "edge: the table reconciles" grep -q "^edge.csv.gz  *11  *8  *2  *1  *1  ok" "$OUT/s1.out"
check "edge: reconciliation printed" grep -q "rows read = accepted + quarantined + duplicates: holds" "$OUT/s1.out"
check "edge: the unknown column is named" grep -q "column 'notes' is not in the canonical log; ignored" "$OUT/s1.err"
check "edge: partitions by client and UTC day" test -f "$OUT/s1/store/BLUEJAY/2026-10-02.ccs" -a -f "$OUT/s1/store/KOALA/2026-10-03.ccs"
check "edge: registry lists the file" grep -q "	edge.csv.gz$" "$OUT/s1/ingest/registry.tsv"

# --- re-ingest: a no-op ---
cp -r "$OUT/s1/store" "$OUT/s1.store-before"
"$CCSLA" ingest --state "$OUT/s1" "$OUT/edge.csv.gz" >"$OUT/s1b.out" 2>"$OUT/s1b.err"
check_eq "re-ingest: exit 0" 0 $?
check "re-ingest: says already ingested" grep -q "already ingested as file 1" "$OUT/s1b.err"
check "re-ingest: store unchanged" diff -r "$OUT/s1.store-before" "$OUT/s1/store"
check "re-ingest: registry still one file" test "$(wc -l <"$OUT/s1/ingest/registry.tsv")" -eq 2

# --- BOM before the header ---
{ printf '\357\273\277'; cat fixtures/logs/handwritten/edge.csv; } | gzip -n >"$OUT/bom.csv.gz"
"$CCSLA" ingest --state "$OUT/s2" "$OUT/bom.csv.gz" >/dev/null 2>&1
"$dump" "$OUT/s2" | sed 's/^[0-9]*:/1:/' >"$OUT/s2.dump"
check "bom: same records as without it" cmp fixtures/logs/handwritten/edge.expected-store "$OUT/s2.dump"

# --- the demo month: every file reconciles, directory input in name order ---
"$CCSLA" ingest --state "$OUT/s3" fixtures/logs/2026-10 >"$OUT/s3.out" 2>"$OUT/s3.err"
check_eq "demo month: exit 0" 0 $?
check_eq "demo month: 31 files read" 31 "$(grep -c '^2026-10-.*ok$' "$OUT/s3.out")"
bad=$(awk '/^2026-10-|^total/ { if ($2 != $3 + $4 + $5) print $1 }' "$OUT/s3.out")
check_eq "demo month: rows read = accepted + quarantined + duplicates for every file and the total" "" "$bad"
check "demo month: open-row updates and duplicates seen" awk '/^total/ { exit !($5 > 0 && $6 > 0) }' "$OUT/s3.out"
check_eq "demo month: four clients" "ACME BLUEJAY KOALA SUNRISE" "$(ls "$OUT/s3/store" | tr '\n' ' ' | sed 's/ $//')"
first=$(sed -n 2p "$OUT/s3/ingest/registry.tsv" | awk -F'\t' '{ print $13 }')
check_eq "demo month: files registered in name order" "2026-10-01.csv.gz" "$first"

# --- same inputs, same bytes ---
"$CCSLA" ingest --state "$OUT/s4" fixtures/logs/2026-10 >/dev/null 2>&1
check "reproducible: store, registry and summary identical" diff -r -x lock "$OUT/s3" "$OUT/s4"

# --- crash safety: kill -9 at each durable step of a second run ---
"$BUILD/tools/gen_logs" --seed 3 --days 2 --rows 400 -o "$OUT/a.csv.gz"
"$BUILD/tools/gen_logs" --seed 4 --days 2 --rows 400 -o "$OUT/b.csv.gz"
ref="$OUT/ref"
"$CCSLA" ingest --state "$ref" "$OUT/a.csv.gz" >/dev/null 2>&1
CCSLA_CRASH_TRACE="$OUT/trace" "$CCSLA" ingest --state "$ref" "$OUT/a.csv.gz" "$OUT/b.csv.gz" >/dev/null 2>&1
"$dump" "$ref" >"$OUT/ref.dump"
points=$(wc -l <"$OUT/trace")
check "crash: the run has durable steps to crash at" test "$points" -gt 5
k=1
crash_bad=""
while [ "$k" -le "$points" ]; do
	st="$OUT/crash$k"
	"$CCSLA" ingest --state "$st" "$OUT/a.csv.gz" >/dev/null 2>&1
	CCSLA_CRASH_AT=$k "$CCSLA" ingest --state "$st" "$OUT/a.csv.gz" "$OUT/b.csv.gz" >/dev/null 2>&1
	"$CCSLA" ingest --state "$st" "$OUT/a.csv.gz" "$OUT/b.csv.gz" >/dev/null 2>&1
	"$dump" "$st" >"$st.dump" 2>&1
	# registry entries without the run number (a rolled-forward run is
	# followed by one more, no-op, run)
	tail -n +2 "$ref/ingest/registry.tsv" | cut -f1,3- >"$OUT/ref.reg"
	tail -n +2 "$st/ingest/registry.tsv" | cut -f1,3- >"$st.reg"
	if ! cmp -s "$OUT/ref.dump" "$st.dump" || ! cmp -s "$OUT/ref.reg" "$st.reg" ||
	   [ -n "$(find "$st/store" -name '*.new' -o -name '*.old' -o -name '*.tmp.*')" ]; then
		crash_bad="$crash_bad $k"
	fi
	rm -rf "$st" "$st.dump" "$st.reg"
	k=$((k + 1))
done
check_eq "crash: after a kill at any of the $points steps and a re-run, store and registry equal an uninterrupted run" "" "$crash_bad"

e2e_done
