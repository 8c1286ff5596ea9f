# Outage and quality logs through ccsla ingest (spec/operations-logs.md):
# the kind from the header, every bad row quarantined with its exact reason
# and column, rows read = accepted + quarantined + duplicates per file, the
# outage update rule (a later row filling ended_at replaces the stored one,
# one changing a filled field is a conflict, one lacking it a duplicate),
# partitions (rows without a client under @shared), re-ingest a no-op.
. tests/e2e_lib.sh

F=fixtures/opslogs
mkdir -p "$OUT/in"
for f in outage-bad outage-next outage-late outage-moved quality-bad quality-moved; do gzip -c "$F/$f.csv" >"$OUT/in/$f.csv.gz"; done
S="$OUT/state"
row() { awk -v f="$1" '$1 == f { print $2, $3, $4, $5, $6 }' "$2"; }

"$CCSLA" ingest --state "$S" "$OUT/in/outage-bad.csv.gz" "$OUT/in/quality-bad.csv.gz" >"$OUT/run1.out" 2>&1
check_eq "bad rows: exit 1" 1 $?
check_eq "outage: 11 read = 3 accepted + 7 quarantined + 1 duplicate" "11 3 7 1 0" \
	"$(row outage-bad.csv.gz "$OUT/run1.out")"
check_eq "quality: 10 read = 2 accepted + 7 quarantined + 1 duplicate" "10 2 7 1 0" \
	"$(row quality-bad.csv.gz "$OUT/run1.out")"
check "reconciliation holds" grep -q 'rows read = accepted + quarantined + duplicates: holds' "$OUT/run1.out"

cut -d, -f1-4 "$S/quarantine/run-000001.csv" | sed 's/"//g' | sort >"$OUT/q1.txt"
sort >"$OUT/q1.want" <<'WANT'
source_file,line,column,reason
outage-bad.csv.gz,6,channels,unknown value
outage-bad.csv.gz,7,impact_pct,expected an integer 1 to 100
outage-bad.csv.gz,8,cause,unknown value
outage-bad.csv.gz,9,ended_at,ended_at not after started_at
outage-bad.csv.gz,10,channels,channel named twice
outage-bad.csv.gz,11,channels,missing required field
outage-bad.csv.gz,12,channels,expected channels separated by ';' or all
quality-bad.csv.gz,5,score,conflicting duplicate
quality-bad.csv.gz,6,score,score above 100
quality-bad.csv.gz,7,score,more than 2 decimals
quality-bad.csv.gz,8,passed,expected 0 or 1
quality-bad.csv.gz,9,client_id,missing required field
quality-bad.csv.gz,10,evaluated_at,invalid timestamp: hour out of range (24:00 is not an instant)
quality-bad.csv.gz,11,critical_error,expected 0 or 1
WANT
check "every bad row has its exact reason and column" cmp -s "$OUT/q1.want" "$OUT/q1.txt"
diff "$OUT/q1.want" "$OUT/q1.txt" >&2

check_eq "partitions per kind, client (none: @shared) and UTC day of started_at / evaluated_at" \
	"ops/outage/@shared/2026-10-06.tsv ops/outage/ACME/2026-10-05.tsv ops/quality/ACME/2026-10-05.tsv" \
	"$(cd "$S" && find ops -type f | sort | tr '\n' ' ' | sed 's/ $//')"
O="$S/ops/outage/ACME/2026-10-05.tsv"
check_eq "channels in a fixed order (chat;voice = voice;chat: a duplicate), instants in UTC, quoted note kept" \
	"voice;chat|2026-10-05T08:00:00.000Z|Carrier, partial" \
	"$(awk -F'\t' '$3 == "INC-2" { print $5 "|" $6 "|" $10 }' "$O")"
check_eq "an open outage is stored with ended_at empty" "1 2 ." \
	"$(awk -F'\t' '$3 == "INC-1" { print $1, $2, $7 "." }' "$O")"
check_eq "scores with 2 decimals; 12:00+02:00 is the same instant as 10:00Z (a duplicate)" "87.50 62.00" \
	"$(awk -F'\t' 'NR > 1 { printf "%s%s", s, $9; s = " " }' "$S/ops/quality/ACME/2026-10-05.tsv")"

# re-ingest: a no-op
(cd "$S" && find . -type f ! -name lock | sort | xargs sha256sum) >"$OUT/before.sum"
"$CCSLA" ingest --state "$S" "$OUT/in/outage-bad.csv.gz" "$OUT/in/quality-bad.csv.gz" >"$OUT/run2.out" 2>&1
check_eq "re-ingest exits 0" 0 $?
(cd "$S" && find . -type f ! -name lock | sort | xargs sha256sum) >"$OUT/after.sum"
check "re-ingest changes nothing" cmp -s "$OUT/before.sum" "$OUT/after.sum"

# a later file: updates (stored and within the file), a conflict, duplicates
"$CCSLA" ingest --state "$S" "$OUT/in/outage-next.csv.gz" >"$OUT/run3.out" 2>&1
check_eq "next outage file: exit 1 (a conflict)" 1 $?
check_eq "next: 6 read = 3 accepted + 2 quarantined + 1 duplicate, 2 updates" "6 3 2 1 2" \
	"$(row outage-next.csv.gz "$OUT/run3.out")"
cut -d, -f1-4 "$S/quarantine/run-000002.csv" | sed 1d | sort >"$OUT/q2.txt"
printf '%s\n' "outage-next.csv.gz,3,ended_at,conflicting duplicate" \
	"outage-next.csv.gz,5,impact_pct,conflicting duplicate" >"$OUT/q2.want"
check "changing ended_at, or leaving impact_pct (100) empty where it was 50: conflicts" \
	cmp -s "$OUT/q2.want" "$OUT/q2.txt"
diff "$OUT/q2.want" "$OUT/q2.txt" >&2
check_eq "the stored open INC-1 is replaced by the row that closes it (its lineage)" \
	"3 2 2026-10-05T07:30:00.000Z" "$(awk -F'\t' '$3 == "INC-1" { print $1, $2, $7 }' "$O")"
check_eq "INC-11 open then closed in one file: the closed row stays, once" "3 7 2026-10-05T13:00:00.000Z" \
	"$(awk -F'\t' '$3 == "INC-11" { print $1, $2, $7 }' "$O")"
check_eq "INC-2 keeps its first content" "2026-10-05T08:30:00.000Z 50" \
	"$(awk -F'\t' '$3 == "INC-2" { print $7, $8 }' "$O")"
check_eq "INC-3 sent again still open: a duplicate, the stored closed row stays" "1 4 2026-10-06T07:15:00.000Z" \
	"$(awk -F'\t' 'NR > 1 { print $1, $2, $7 }' "$S/ops/outage/@shared/2026-10-06.tsv")"

# then: a row changing the updated ended_at is a conflict; the open state again a duplicate
"$CCSLA" ingest --state "$S" "$OUT/in/outage-late.csv.gz" >"$OUT/run4.out" 2>&1
check_eq "late: 3 read = 0 accepted + 1 quarantined + 2 duplicates" "3 0 1 2 0" \
	"$(row outage-late.csv.gz "$OUT/run4.out")"
check_eq "after the update, another ended_at is a conflict" "outage-late.csv.gz,2,ended_at,conflicting duplicate" \
	"$(cut -d, -f1-4 "$S/quarantine/run-000003.csv" | sed 1d)"
check_eq "INC-1 keeps the updated row" "3 2 2026-10-05T07:30:00.000Z" \
	"$(awk -F'\t' '$3 == "INC-1" { print $1, $2, $7 }' "$O")"
check_eq "the registry counts the updates (registry.tsv column 9)" "2" \
	"$(awk -F'\t' '$NF == "outage-next.csv.gz" { print $9 }' "$S/ingest/registry.tsv")"

# a key stored under another day (the partition is the UTC day of
# started_at / evaluated_at, the key is not): a conflict on that column
"$CCSLA" ingest --state "$S" "$OUT/in/outage-moved.csv.gz" "$OUT/in/quality-moved.csv.gz" >"$OUT/run5.out" 2>&1
check_eq "moved: exit 1" 1 $?
check_eq "outage-moved: 4 read = 2 accepted + 2 quarantined" "4 2 2 0 0" "$(row outage-moved.csv.gz "$OUT/run5.out")"
check_eq "quality-moved: 1 read = 1 quarantined" "1 0 1 0 0" "$(row quality-moved.csv.gz "$OUT/run5.out")"
cut -d, -f1-4 "$S/quarantine/run-000004.csv" | sed 1d | sort >"$OUT/q5.txt"
printf '%s\n' "outage-moved.csv.gz,2,started_at,conflicting duplicate" \
	"outage-moved.csv.gz,4,started_at,conflicting duplicate" \
	"quality-moved.csv.gz,2,evaluated_at,conflicting duplicate" >"$OUT/q5.want"
check "a stored key with another started_at or evaluated_at, or a second day in the run: conflicts" \
	cmp -s "$OUT/q5.want" "$OUT/q5.txt"
diff "$OUT/q5.want" "$OUT/q5.txt" >&2
check_eq "INC-1 is stored once, on its first day" "1" "$(cat "$S"/ops/outage/ACME/*.tsv | grep -c 'INC-1	')"
check_eq "INC-20 is kept on the day first read" "ops/outage/ACME/2026-10-07.tsv" \
	"$(cd "$S" && grep -l 'INC-20	' ops/outage/ACME/*.tsv)"
check "no partition for the conflicting days" test ! -e "$S/ops/outage/ACME/2026-10-08.tsv" -a ! -e "$S/ops/outage/ACME/2026-10-06.tsv"

# crash safety of an update: kill at every durable step of the run that
# replaces stored rows, rerun, the state of an uninterrupted run
"$CCSLA" ingest --state "$OUT/ref" "$OUT/in/outage-bad.csv.gz" >/dev/null 2>&1
"$CCSLA" ingest --state "$OUT/ref" "$OUT/in/outage-next.csv.gz" >/dev/null 2>&1
"$CCSLA" ingest --state "$OUT/tr" "$OUT/in/outage-bad.csv.gz" >/dev/null 2>&1
rm -f "$OUT/trace"
CCSLA_CRASH_TRACE="$OUT/trace" "$CCSLA" ingest --state "$OUT/tr" "$OUT/in/outage-next.csv.gz" >/dev/null 2>&1
n=$(wc -l <"$OUT/trace" | tr -d ' ')
check "the update run has durable steps" test "$n" -gt 2
fails=0
k=1
while [ "$k" -le "$n" ]; do
	c="$OUT/crash$k"
	"$CCSLA" ingest --state "$c" "$OUT/in/outage-bad.csv.gz" >/dev/null 2>&1
	CCSLA_CRASH_AT=$k "$CCSLA" ingest --state "$c" "$OUT/in/outage-next.csv.gz" >/dev/null 2>&1
	"$CCSLA" ingest --state "$c" "$OUT/in/outage-next.csv.gz" >/dev/null 2>&1
	for p in ops/outage/ACME/2026-10-05.tsv ops/outage/@shared/2026-10-06.tsv; do
		cmp -s "$OUT/ref/$p" "$c/$p" || fails=$((fails + 1))
	done
	cut -f1,3- "$OUT/ref/ingest/registry.tsv" >"$OUT/r1"
	cut -f1,3- "$c/ingest/registry.tsv" >"$OUT/r2"
	cmp -s "$OUT/r1" "$OUT/r2" || fails=$((fails + 1))
	if find "$c" -name '*.new' -o -name '*.old' | grep -q .; then fails=$((fails + 1)); fi
	k=$((k + 1))
done
check_eq "a crash at each of the $n durable steps of an update, then a rerun: the uninterrupted state" 0 "$fails"

# --kind
"$CCSLA" ingest --state "$OUT/k" --kind quality "$OUT/in/outage-bad.csv.gz" >"$OUT/kind.out" 2>&1
check_eq "--kind quality on an outage log: exit 1" 1 $?
check "it says the header lacks a quality column" grep -q "lacks required column 'evaluation_id' of a quality log" "$OUT/kind.out"
"$CCSLA" ingest --state "$OUT/k2" --kind outage "$OUT/in/outage-bad.csv.gz" >"$OUT/kind2.out" 2>&1
check_eq "--kind outage on an outage log: the same counts" "11 3 7 1 0" "$(row outage-bad.csv.gz "$OUT/kind2.out")"
e2e_done
