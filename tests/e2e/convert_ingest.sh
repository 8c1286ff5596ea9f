# ccsla ingest --format NAME: an adapter's contacts go into the store and
# its rejected records into the quarantine, with their lines; the store ends
# up as it would by converting first and ingesting the canonical file.
. tests/e2e_lib.sh

# total_col FILE N: column N of the "total" line of ingest's report.
total_col() { awk -v n="$2" '$1 == "total" { print $n }' "$1"; }

"$CCSLA" ingest --state "$OUT/direct" --format technion fixtures/technion/sample.txt >"$OUT/direct.out" 2>"$OUT/direct.err"
check_eq "ingest --format technion with two bad rows exits 1" 1 $?
check "the adapter's reconciliation is printed" \
	grep -q "^technion: 14 rows read = 11 used in 11 contacts + 1 skipped + 2 rejected (reconciled)" "$OUT/direct.out"
check_eq "11 contacts accepted" 11 "$(total_col "$OUT/direct.out" 3)"
check_eq "2 rejected rows quarantined" 2 "$(total_col "$OUT/direct.out" 4)"
check "the DST-gap row is quarantined with its line and field" \
	grep -q "^sample.txt,14,vru_exit,local time that does not exist (DST gap)," "$OUT"/direct/quarantine/run-000001.csv
check "ingest's reconciliation holds" grep -q "holds" "$OUT/direct.out"

"$CCSLA" convert --from technion fixtures/technion/sample.txt --out "$OUT/sample.csv.gz" >/dev/null 2>&1
"$CCSLA" ingest --state "$OUT/via" "$OUT/sample.csv.gz" >"$OUT/via.out" 2>&1
check_eq "the converted file ingests without a quarantined row" 0 $?
(cd "$OUT/direct/store" && ls -R) >"$OUT/direct.ls"
(cd "$OUT/via/store" && ls -R) >"$OUT/via.ls"
check "the store has the same partitions either way" cmp -s "$OUT/direct.ls" "$OUT/via.ls"

"$CCSLA" ingest --state "$OUT/ast" --format asterisk --client ACME \
	fixtures/asterisk/queue_log.day2 fixtures/asterisk/queue_log.day1 >"$OUT/ast.out" 2>&1
check_eq "ingest --format asterisk joins a call split across files" 1 "$(total_col "$OUT/ast.out" 3)"
check_exit "an unknown format is a usage error" 2 "$CCSLA" ingest --state "$OUT/x" --format genesys fixtures/technion/sample.txt 2>/dev/null
check_exit "asterisk without a client is a usage error" 2 \
	"$CCSLA" ingest --state "$OUT/x" --format asterisk fixtures/asterisk/queue_log 2>/dev/null
e2e_done
