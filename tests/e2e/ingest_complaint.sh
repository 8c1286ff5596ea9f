# The complaint log through ccsla ingest (spec/operations-logs.md
# "complaint"): the kind from the header, every bad row quarantined with its
# exact reason and column, rows read = accepted + quarantined + duplicates,
# the update rule (a later row filling acknowledged_at / resolved_at
# replaces the stored case, one changing a filled field or leaving a filled
# one empty is a conflict, the earlier state again a duplicate), partitions
# by client and UTC day of received_at, re-ingest a no-op.
. tests/e2e_lib.sh

F=fixtures/opslogs
mkdir -p "$OUT/in"
for f in complaint-bad complaint-next; do gzip -c "$F/$f.csv" >"$OUT/in/$f.csv.gz"; done
S="$OUT/state"
row() { awk -v f="$1" '$1 == f { print $2, $3, $4, $5, $6 }' "$2"; }

"$CCSLA" ingest --state "$S" "$OUT/in/complaint-bad.csv.gz" >"$OUT/run1.out" 2>&1
check_eq "bad rows: exit 1" 1 $?
check_eq "complaint: 14 read = 4 accepted + 9 quarantined + 1 duplicate" "14 4 9 1 0" \
	"$(row complaint-bad.csv.gz "$OUT/run1.out")"
check "reconciliation holds" grep -q 'rows read = accepted + quarantined + duplicates: holds' "$OUT/run1.out"
cut -d, -f1-4 "$S/quarantine/run-000001.csv" | sed 's/"//g' | sed 1d >"$OUT/q1.txt"
cat >"$OUT/q1.want" <<'WANT'
complaint-bad.csv.gz,6,case_id,missing required field
complaint-bad.csv.gz,7,acknowledged_at,acknowledged_at before received_at
complaint-bad.csv.gz,8,resolved_at,resolved_at before received_at
complaint-bad.csv.gz,9,caused_by,unknown value
complaint-bad.csv.gz,10,escalated,expected 0 or 1
complaint-bad.csv.gz,11,channel,unknown value
complaint-bad.csv.gz,12,received_at,invalid timestamp: hour out of range (24:00 is not an instant)
complaint-bad.csv.gz,13,client_id,invalid characters
complaint-bad.csv.gz,14,caused_by,conflicting duplicate
WANT
check "every bad row has its exact reason and column" cmp -s "$OUT/q1.want" "$OUT/q1.txt"
diff "$OUT/q1.want" "$OUT/q1.txt" >&2
check_eq "partitions per client and UTC day of received_at (23:30-02:00 is the next UTC day)" \
	"ops/complaint/ACME/2026-10-22.tsv ops/complaint/ACME/2026-10-23.tsv ops/complaint/BLUE/2026-10-24.tsv" \
	"$(cd "$S" && find ops -type f | sort | tr '\n' ' ' | sed 's/ $//')"
C="$S/ops/complaint/ACME/2026-10-23.tsv"
check_eq "the store's columns" \
	"src_file	src_line	case_id	client_id	channel	contact_id	received_at	acknowledged_at	resolved_at	caused_by	escalated	category" \
	"$(head -1 "$C")"
check_eq "instants in UTC; the same case written in UTC is a duplicate, the first stays" \
	"1 3 2026-10-23T16:01:00.000Z 2026-10-26T08:00:00.000Z" \
	"$(awk -F'\t' '$3 == "K-2" { print $1, $2, $7, $8 }' "$C")"
check_eq "an open case is stored with acknowledged_at and resolved_at empty" "1 2 .." \
	"$(awk -F'\t' '$3 == "K-1" { print $1, $2, $8 "." $9 "." }' "$C")"

# re-ingest: a no-op
(cd "$S" && find . -type f ! -name lock | sort | xargs sha256sum) >"$OUT/before.sum"
"$CCSLA" ingest --state "$S" "$OUT/in/complaint-bad.csv.gz" >"$OUT/run2.out" 2>&1
check_eq "re-ingest exits 0" 0 $?
(cd "$S" && find . -type f ! -name lock | sort | xargs sha256sum) >"$OUT/after.sum"
check "re-ingest changes nothing" cmp -s "$OUT/before.sum" "$OUT/after.sum"

# a later file: updates (of a stored case and within the file), conflicts, a duplicate
"$CCSLA" ingest --state "$S" "$OUT/in/complaint-next.csv.gz" >"$OUT/run3.out" 2>&1
check_eq "next file: exit 1 (conflicts)" 1 $?
check_eq "next: 7 read = 3 accepted + 3 quarantined + 1 duplicate, 2 updates" "7 3 3 1 2" \
	"$(row complaint-next.csv.gz "$OUT/run3.out")"
cut -d, -f1-4 "$S/quarantine/run-000002.csv" | sed 1d >"$OUT/q2.txt"
printf '%s\n' "complaint-next.csv.gz,3,acknowledged_at,conflicting duplicate" \
	"complaint-next.csv.gz,7,acknowledged_at,update leaves a filled field empty" \
	"complaint-next.csv.gz,8,received_at,conflicting duplicate" >"$OUT/q2.want"
check "another acknowledged_at, a resolved row without the acknowledgement, another received_at: conflicts" \
	cmp -s "$OUT/q2.want" "$OUT/q2.txt"
diff "$OUT/q2.want" "$OUT/q2.txt" >&2
check_eq "the stored open K-1 is replaced by the row that acknowledges it (its lineage)" \
	"2 2 2026-10-26T09:00:00.000Z" "$(awk -F'\t' '$3 == "K-1" { print $1, $2, $8 }' "$C")"
check_eq "K-2 keeps its first acknowledgement" "1 3 2026-10-26T08:00:00.000Z ." \
	"$(awk -F'\t' '$3 == "K-2" { print $1, $2, $8, $9 "." }' "$C")"
check_eq "K-12 received then resolved in one file: the resolved row stays, once" \
	"2 5 2026-10-27T10:00:00.000Z 2026-10-28T10:00:00.000Z" \
	"$(awk -F'\t' '$3 == "K-12" { print $1, $2, $8, $9 }' "$S/ops/complaint/ACME/2026-10-27.tsv")"
check_eq "K-3 sent again in its received state: a duplicate, the resolved row stays" \
	"1 4 2026-10-23T09:00:00.000Z" \
	"$(awk -F'\t' '$3 == "K-3" { print $1, $2, $9 }' "$S/ops/complaint/ACME/2026-10-22.tsv")"
check "no partition for the moved K-1" test ! -e "$S/ops/complaint/ACME/2026-10-24.tsv"
check_eq "the registry counts the updates (registry.tsv column 9)" "2" \
	"$(awk -F'\t' '$NF == "complaint-next.csv.gz" { print $9 }' "$S/ingest/registry.tsv")"
(cd "$S" && find . -type f ! -name lock | sort | xargs sha256sum) >"$OUT/before3.sum"
"$CCSLA" ingest --state "$S" "$OUT/in/complaint-next.csv.gz" >"$OUT/run4.out" 2>&1
check_eq "re-ingest of the update file exits 0" 0 $?
(cd "$S" && find . -type f ! -name lock | sort | xargs sha256sum) >"$OUT/after3.sum"
check "re-ingest of the update file changes nothing" cmp -s "$OUT/before3.sum" "$OUT/after3.sum"

# --kind
gzip -c "$F/outage-bad.csv" >"$OUT/in/outage-bad.csv.gz"
"$CCSLA" ingest --state "$OUT/k" --kind complaint "$OUT/in/outage-bad.csv.gz" >"$OUT/kind.out" 2>&1
check_eq "--kind complaint on an outage log: exit 1" 1 $?
check "it says the header lacks a complaint column" grep -q "lacks required column 'case_id' of a complaint log" "$OUT/kind.out"
"$CCSLA" ingest --state "$OUT/k2" --kind complaint "$OUT/in/complaint-bad.csv.gz" >"$OUT/kind2.out" 2>&1
check_eq "--kind complaint on a complaint log: the same counts" "14 4 9 1 0" "$(row complaint-bad.csv.gz "$OUT/kind2.out")"
"$CCSLA" ingest --state "$OUT/k3" --kind complaints "$OUT/in/complaint-bad.csv.gz" >"$OUT/kind3.out" 2>&1
check_eq "--kind complaints (a typo): usage error" 2 $?
check "the usage error lists complaint" grep -q "outage, quality, complaint)" "$OUT/kind3.out"
e2e_done
