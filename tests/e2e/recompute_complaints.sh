# ccsla verify --recompute for a contract with complaint SLAs
# (fixtures/opslogs/cmpl, hand-computed in metrics_complaint.sh: ACK-2WD
# 66.67 default and 5000.00 EUR, RES-10WD 75.00 met, ACK-8H 14.29 missed).
# complaints.csv carries the cases the month's complaint SLAs and the
# report's Complaint cases block count: the 7 received in October (K-01 to
# K-07) and September's K-09, still open at October's end (resolved 2 Nov);
# not K-08 (September, resolved 2 Oct), nor K-10 (November). Every figure
# recomputes from it. K-04 (Mon 5 Oct 09:00 CEST, never acknowledged: late)
# altered to acknowledged Tue 6 Oct 07:00Z (in time: 2 working days end
# Wed 7 Oct 24:00) and re-signed: ACK-2WD 5 of 6 = 83.33 (still below 90:
# the same default and credit), so the value alone is the MISMATCH; ACK-8H
# stays 14.29 (8 service hours from Mon 07:00Z end Mon 15:00Z: late). A row
# that does not parse is named complaints.csv:line: column.
# Before complaints.csv, the recompute read no complaint log and made the
# three SLAs "not measurable": 17 MISMATCH lines.
. tests/e2e_lib.sh
K=fixtures/keys
F=fixtures/opslogs/cmpl
export SOURCE_DATE_EPOCH=1793836800 # 2026-11-05
mkdir -p "$OUT/in"
for f in interactions complaint; do gzip -c "$F/$f.csv" >"$OUT/in/$f.csv.gz"; done
S="$OUT/state"
"$CCSLA" ingest --state "$S" "$OUT/in/interactions.csv.gz" "$OUT/in/complaint.csv.gz" >"$OUT/ingest.out" 2>&1
check_eq "ingest: exit 0" 0 $?
cp $K/test-leaf.key "$OUT/leaf.key" && chmod 600 "$OUT/leaf.key"
cp $K/test-pseudonym.key "$OUT/pseudonym.key" && chmod 600 "$OUT/pseudonym.key"
fp=$(openssl x509 -in $K/test-leaf.pem -noout -fingerprint -sha256 | sed 's/.*=//')

check_exit "render --final exits 0" 0 "$CCSLA" render --state "$S" --contracts "$F/contract.yaml" --period 2026-10 \
	--out "$OUT/out" --final --pseudonym-key "$OUT/pseudonym.key" >/dev/null
d="$OUT/out/CMPL/2026-10"
check "complaints.csv is beside the report" test -s "$d/complaints.csv"
check_eq "complaints.csv: the canonical complaint columns" \
	"case_id,client_id,channel,contact_id,received_at,acknowledged_at,resolved_at,caused_by,escalated,category" \
	"$(head -n 1 "$d/complaints.csv")"
check_eq "complaints.csv: October's 7 cases and September's K-09, open at the month's end" \
	"K-01 K-02 K-03 K-04 K-05 K-06 K-07 K-09" \
	"$(sed 1d "$d/complaints.csv" | cut -d, -f1 | sort | tr '\n' ' ' | sed 's/ $//')"
check "a case as last updated (K-01: acknowledged and resolved), the contact id as in contacts.csv.gz" \
	grep -q '^K-01,CMPL,voice,C-1,2026-10-23T15:59:00.000Z,2026-10-27T23:00:00.000Z,2026-11-02T09:00:00.000Z,ccc,0,billing$' \
	"$d/complaints.csv"
check "manifest.json lists complaints.csv" grep -q '"complaints.csv"' "$d/manifest.json"
check "manifest.json: the complaint log's 8 rows attached" \
	sh -c "tr -d ' \n' <'$d/manifest.json' | grep -q '\"client_rows\":8,\"evidence_rows\":0,\"evidence_sha256\":\"\",\"log\":\"complaint\"'"
check "the PDF lists complaints.csv among the attached files" sh -c \
	"pdftotext '$d/report.pdf' - | grep -q 'contacts.csv.gz, complaints.csv'"
check "the PDF says the complaint log is attached for verify --recompute" sh -c \
	"pdftotext '$d/report.pdf' - | tr '\n' ' ' | grep -q 'operations logs (outages, quality, forecast, complaints: those attached) alone'"

check_exit "sign exits 0" 0 "$CCSLA" sign --key "$OUT/leaf.key" --cert $K/test-leaf.pem "$d/report.pdf" "$d/signed.pdf" >/dev/null
mkdir -p "$OUT/detach"
pdfdetach -saveall -o "$OUT/detach" "$d/signed.pdf" 2>/dev/null
check "complaints.csv inside the PDF equals the one beside it" cmp -s "$d/complaints.csv" "$OUT/detach/complaints.csv"
"$CCSLA" verify --recompute --fingerprint "$fp" "$d/signed.pdf" >"$OUT/ok.txt" 2>&1
check_eq "verify --recompute exits 0" 0 $?
check "every figure recomputes" grep -q '^RECOMPUTED: all [0-9]* figures match' "$OUT/ok.txt"
check "no MISMATCH line" sh -c "! grep -q MISMATCH '$OUT/ok.txt'"
check "ACK-2WD matches: 66.67 %, default" \
	grep -q 'match     metrics.csv sla ACK-2WD month complaint_ack_within_pct: 66.67 %, default' "$OUT/ok.txt"
check "RES-10WD matches: 75.00 %, met" \
	grep -q 'match     metrics.csv sla RES-10WD month complaint_resolved_within_pct: 75.00 %, met' "$OUT/ok.txt"
check "ACK-8H matches: 14.29 %, missed" \
	grep -q 'match     metrics.csv sla ACK-8H month complaint_ack_within_pct: 14.29 %, missed' "$OUT/ok.txt"
check "the complaint credit line matches" grep -q 'match     credits.csv sla ACK-2WD: 5000.00 EUR' "$OUT/ok.txt"

# K-04 acknowledged in time, re-attached with qpdf and re-signed
sed 's/^K-04,CMPL,voice,,2026-10-05T07:00:00.000Z,,/K-04,CMPL,voice,,2026-10-05T07:00:00.000Z,2026-10-06T07:00:00.000Z,/' \
	"$d/complaints.csv" >"$OUT/complaints.csv"
check_eq "the altered attachment differs in one row" 1 "$(diff "$d/complaints.csv" "$OUT/complaints.csv" | grep -c '^>')"
qpdf "$d/report.pdf" "$OUT/t-unsigned.pdf" --add-attachment "$OUT/complaints.csv" --key=complaints.csv --replace -- 2>/dev/null
check_exit "the tampered report signs with the test key" 0 "$CCSLA" sign --key "$OUT/leaf.key" --cert $K/test-leaf.pem \
	"$OUT/t-unsigned.pdf" "$OUT/t.pdf"
"$CCSLA" verify --recompute --fingerprint "$fp" "$OUT/t.pdf" >"$OUT/t.txt" 2>&1
check_eq "an altered case: verify --recompute exits 1" 1 $?
check "its signature still verifies" grep -q '^VERIFIED' "$OUT/t.txt"
check "ACK-2WD is named as MISMATCH (66.67 -> 83.33, 5 of 6)" \
	grep -q 'MISMATCH  metrics.csv sla ACK-2WD month complaint_ack_within_pct: value 66.67 -> 83.33, value_numerator 400 -> 500' "$OUT/t.txt"
check "ACK-8H still matches (K-04 late by 8 service hours either way)" \
	grep -q 'match     metrics.csv sla ACK-8H month complaint_ack_within_pct: 14.29 %, missed' "$OUT/t.txt"
check "RES-10WD still matches" grep -q 'match     metrics.csv sla RES-10WD month' "$OUT/t.txt"

# rows the ingest rejects: named with attachment, line and column, never skipped
mkdir -p "$OUT/bad"
sed -e 's/^\(K-04,.*\),ccc,,$/\1,customer,,/' \
	-e 's/^\(K-06,CMPL,email,,2026-10-27T09:00:00.000Z,,\)2026-10-28T09:00:00.000Z,/\12026-10-26T09:00:00.000Z,/' \
	"$d/complaints.csv" >"$OUT/bad/complaints.csv"
check_eq "two bad rows in the altered complaints.csv" 2 "$(diff "$d/complaints.csv" "$OUT/bad/complaints.csv" | grep -c '^>')"
K04=$(grep -n '^K-04,' "$d/complaints.csv" | cut -d: -f1)
K06=$(grep -n '^K-06,' "$d/complaints.csv" | cut -d: -f1)
qpdf "$d/report.pdf" "$OUT/b.pdf" --add-attachment "$OUT/bad/complaints.csv" --key=complaints.csv --replace -- 2>/dev/null
"$CCSLA" verify --recompute --fingerprint 00 "$OUT/b.pdf" >"$OUT/b.txt" 2>&1
check_eq "bad complaint rows: verify --recompute exits 1" 1 $?
check "K-04 is named: complaints.csv line $K04, column caused_by" grep -q "MISMATCH  complaints.csv:$K04: caused_by: " "$OUT/b.txt"
check "K-06 is named: complaints.csv line $K06, column resolved_at (before received_at)" \
	grep -q "MISMATCH  complaints.csv:$K06: resolved_at: " "$OUT/b.txt"
check "the counts say 8 read, 2 rejected" grep -q 'MISMATCH  complaints.csv: 8 rows read, 2 rejected' "$OUT/b.txt"
check "no SLA is recomputed from the damaged attachment" sh -c "! grep -q 'sla ACK-2WD' '$OUT/b.txt'"

# September: K-08 and K-09 (hand-computed in metrics_complaint.sh: 100.00,
# 50.00, 50.00); the next month's cases are not attached
"$CCSLA" render --state "$S" --contracts "$F/contract.yaml" --period 2026-09 --out "$OUT/out" --final \
	--pseudonym-key "$OUT/pseudonym.key" >/dev/null 2>&1
check_eq "September: complaints.csv holds K-08 and K-09" "K-08 K-09" \
	"$(sed 1d "$OUT/out/CMPL/2026-09/complaints.csv" | cut -d, -f1 | sort | tr '\n' ' ' | sed 's/ $//')"
"$CCSLA" verify --recompute --fingerprint 00 "$OUT/out/CMPL/2026-09/report.pdf" >"$OUT/sep.txt" 2>&1
check "September recomputes" grep -q '^RECOMPUTED: all' "$OUT/sep.txt"
check "  RES-10WD 50.00, default" \
	grep -q 'match     metrics.csv sla RES-10WD month complaint_resolved_within_pct: 50.00 %, default' "$OUT/sep.txt"
# August, before the log began: no case attached, and the SLAs stay not measurable
"$CCSLA" render --state "$S" --contracts "$F/contract.yaml" --period 2026-08 --out "$OUT/out" --final \
	--pseudonym-key "$OUT/pseudonym.key" >/dev/null 2>&1
check_eq "August (the log begins in September): complaints.csv has the header only" 1 \
	"$(wc -l <"$OUT/out/CMPL/2026-08/complaints.csv")"
"$CCSLA" verify --recompute --fingerprint 00 "$OUT/out/CMPL/2026-08/report.pdf" >"$OUT/aug.txt" 2>&1
check "August recomputes: ACK-2WD not measurable both times" \
	grep -q 'match     metrics.csv sla ACK-2WD month complaint_ack_within_pct: n/a %, not measurable' "$OUT/aug.txt"
# November (a draft): K-10 and the earlier cases not resolved (K-02, K-03,
# K-04, K-07; K-01 and K-09 were resolved on 2 Nov, in the month: not in
# its backlog, and received before it: not counted)
"$CCSLA" render --state "$S" --contracts "$F/contract.yaml" --period 2026-11 --out "$OUT/out" \
	--pseudonym-key "$OUT/pseudonym.key" >/dev/null 2>&1
check_eq "November: K-10 and the earlier cases still open at the month's end" "K-02 K-03 K-04 K-07 K-10" \
	"$(sed 1d "$OUT/out/CMPL/2026-11/complaints.csv" | cut -d, -f1 | sort | tr '\n' ' ' | sed 's/ $//')"
"$CCSLA" verify --recompute --fingerprint 00 "$OUT/out/CMPL/2026-11/report.pdf" >"$OUT/nov.txt" 2>&1
check "November recomputes" grep -q '^RECOMPUTED: all' "$OUT/nov.txt"
e2e_done
