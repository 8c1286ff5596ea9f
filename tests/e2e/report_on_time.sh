# report_on_time (operations-logs.md "Report delivery"; contracts.md v2
# report.due_working_days): the previous month's final, by the ledger's
# issue instant, against the end of the N-th open day after that month.
#
# fixtures/opslogs/cmpl's calendar (Europe/Berlin, mon-fri 08:00-18:00),
# due_working_days 3: September ends Wed 30 24:00 CEST; the open days
# after are Thu 1, Fri 2, Mon 5 October: due by Mon 5 Oct 24:00 CEST =
# 2026-10-05T22:00Z. The ledger's September month is written here by hand
# (the e2e nightly.sh checks that ccsla nightly records the instant).
. tests/e2e_lib.sh

F=fixtures/opslogs/cmpl
mkdir -p "$OUT/in"
for f in interactions complaint; do gzip -c "$F/$f.csv" >"$OUT/in/$f.csv.gz"; done
S="$OUT/state"
"$CCSLA" ingest --state "$S" "$OUT/in/interactions.csv.gz" "$OUT/in/complaint.csv.gz" >/dev/null 2>&1
sed 's/^  credits:/  report: { due_working_days: 3 }\n  credits:/' "$F/contract.yaml" >"$OUT/c.yaml"
cat >>"$OUT/c.yaml" <<'YAML'
  - id: REPORT-OT
    title: "Monthly report delivered by the 3rd working day"
    metric: report_on_time
    target: ">= 100"
    kind: key
YAML
"$CCSLA" contract check "$OUT/c.yaml" >"$OUT/check.out" 2>&1
check_eq "a contract with report_on_time is valid" 0 $?
check "the summary says the rule" grep -q "the previous month's final issued by the end of open day 3 after it" \
	"$OUT/check.out"

mkdir -p "$S/ledger/CMPL"
sept() { # ISSUED: the month's file, with "issued ISSUED" unless empty
	{ printf 'ccsla-ledger\t1\ncontract\tCMPL-2026\ncurrency\tEUR\n'
	  [ -z "$1" ] || printf 'issued\t%s\n' "$1"
	  printf 'sla\tACK-2WD\tmet\t0\t0\t100.00\nend\n'; } >"$S/ledger/CMPL/2026-09.txt"
}
ev() {
	"$CCSLA" evaluate --state "$S" --contracts "$OUT/c.yaml" --period 2026-10 --out "$OUT/out" >"$OUT/ev.out" 2>&1
	awk -F, '$4 == "REPORT-OT" { print $7 " " $11 "|" $12 }' "$OUT/out/CMPL/2026-10/results.csv"
}
sept 2026-10-05T21:59:00.000Z
check_eq "issued Mon 5 Oct 23:59 CEST: on time" "100.00 met|" "$(ev)"
check "the basis names both instants" \
	grep -q '"basis": "2026-09 issued 2026-10-05T21:59Z, due by 2026-10-05T22:00Z"' "$OUT/out/CMPL/2026-10/results.json"
sept 2026-10-05T22:00:00.000Z
check_eq "issued exactly at the deadline: on time" "100.00 met|" "$(ev)"
sept 2026-10-05T22:00:00.001Z
check_eq "a millisecond after: late" "0.00 missed|" "$(ev)"
sept ""
check_eq "a ledger month without an issue instant: not measurable" \
	"n/a not measurable|no issue instant of a final report of 2026-09 in the ledger" "$(ev)"
rm "$S/ledger/CMPL/2026-09.txt"
check_eq "no September in the ledger: not measurable, never met" \
	"n/a not measurable|no report of 2026-09 in the ledger" "$(ev)"

# recording a month again keeps its issue instant (a revision, a re-evaluation)
sept 2026-10-02T09:00:00.000Z
"$CCSLA" evaluate --state "$S" --contracts "$OUT/c.yaml" --period 2026-09 --out "$OUT/out" >/dev/null 2>&1
check_eq "evaluate September again: exit 0" 0 $?
check_eq "evaluate September again: the ledger keeps when its final was issued" "issued	2026-10-02T09:00:00.000Z" \
	"$(grep '^issued' "$S/ledger/CMPL/2026-09.txt")"
check "and has the new figures" grep -q '^sla	RES-10WD' "$S/ledger/CMPL/2026-09.txt"

# the report's line (section 7, "Report delivery"): September's final,
# issued Fri 2 Oct 08:12Z = 10:12 CEST, due by the 3rd open day after
# September, Mon 5 Oct (24:00 CEST); issued Tue 6 Oct 07:00Z = 09:00 CEST:
# late; no issue instant: said; a contract without report.due_working_days:
# the instant without a deadline; no September in the ledger: no line.
line() { # CONTRACT: the Report delivery paragraph of October's draft, PDF and HTML
	rm -rf "$OUT/r"
	SOURCE_DATE_EPOCH=1793836800 "$CCSLA" render --state "$S" --contracts "$1" --period 2026-10 --out "$OUT/r" \
		>/dev/null 2>&1
	pdftotext "$OUT/r/CMPL/2026-10/report.pdf" - | sed -n '/^Report delivery$/,/^$/p' | sed 1d | tr '\n' ' ' |
		sed 's/ *$//'
	printf '|'
	sed -n '/<h3>Report delivery<\/h3>/{n;p;}' "$OUT/r/CMPL/2026-10/report.html" | sed 's/<[^>]*>//g'
}
W="The September report was issued on 2 October 10:12, due by the 3rd working day (5 October): on time."
sept 2026-10-02T08:12:00.000Z
check_eq "delivery in time: the sentence, PDF and HTML" "$W|$W" "$(line "$OUT/c.yaml")"
W="The September report was issued on 6 October 09:00, due by the 3rd working day (5 October): late."
sept 2026-10-06T07:00:00.000Z
check_eq "delivery late" "$W|$W" "$(line "$OUT/c.yaml")"
W="The September report was issued on 6 October 09:00; the contract sets no delivery deadline (report: due_working_days)."
check_eq "a contract without due_working_days: the instant, no deadline" "$W|$W" "$(line fixtures/opslogs/cmpl/contract.yaml)"
W="The September report: the ledger records no issue instant (no final issued through ccsla nightly or recorded by ccsla sign --state), so its delivery is not shown."
sept ""
check_eq "no issue instant: said" "$W|$W" "$(line "$OUT/c.yaml")"
rm "$S/ledger/CMPL/2026-09.txt"
check_eq "no September in the ledger: no delivery line" "|" "$(line "$OUT/c.yaml")"

# ccsla sign --state: the signing time of September's final becomes the
# ledger's issue instant (the path for a final signed by hand, outside
# ccsla nightly); a draft, or a month the ledger lacks, is refused with
# nothing signed; a second signing keeps the first instant.
K=fixtures/keys
cp $K/test-leaf.key "$OUT/leaf.key" && chmod 600 "$OUT/leaf.key"
signs() { # EPOCH IN OUT: ccsla sign --state, its exit status and output
	SOURCE_DATE_EPOCH=$1 "$CCSLA" sign --key "$OUT/leaf.key" --cert $K/test-leaf.pem --state "$S" "$2" "$3" \
		>"$OUT/sign.out" 2>&1
	echo $?
}
SOURCE_DATE_EPOCH=1790928720 "$CCSLA" render --state "$S" --contracts "$OUT/c.yaml" --period 2026-09 --final \
	--out "$OUT/sep" >/dev/null 2>&1
SOURCE_DATE_EPOCH=1790928720 "$CCSLA" render --state "$S" --contracts "$OUT/c.yaml" --period 2026-09 \
	--out "$OUT/sepd" >/dev/null 2>&1
check "September's final and a draft rendered" test -s "$OUT/sep/CMPL/2026-09/report.pdf" -a -s "$OUT/sepd/CMPL/2026-09/report.pdf"
check_eq "a month the ledger lacks: refused (exit 1)" 1 "$(signs 1790928720 "$OUT/sep/CMPL/2026-09/report.pdf" "$OUT/n.pdf")"
check "the message says the ledger has no such month" grep -q 'the ledger has no 2026-09 for CMPL (ccsla evaluate records it first' "$OUT/sign.out"
check "nothing signed" test ! -e "$OUT/n.pdf"
"$CCSLA" evaluate --state "$S" --contracts "$OUT/c.yaml" --period 2026-09 --out "$OUT/out" >/dev/null 2>&1
check_eq "evaluate records September without an issue instant" "" "$(grep '^issued' "$S/ledger/CMPL/2026-09.txt")"
check_eq "signing the draft with --state: refused (exit 1)" 1 "$(signs 1790928720 "$OUT/sepd/CMPL/2026-09/report.pdf" "$OUT/d.pdf")"
check "the message says a draft is not the month's delivery" grep -q 'CMPL 2026-09 is a draft, not a final' "$OUT/sign.out"
check "nothing signed" test ! -e "$OUT/d.pdf"
check_eq "the final: signed, exit 0" 0 "$(signs 1790928720 "$OUT/sep/CMPL/2026-09/report.pdf" "$OUT/f.pdf")"
check "the output names the recorded instant" grep -q '^ledger: CMPL 2026-09 issued 2026-10-02T08:12:00.000Z (the signing time)$' "$OUT/sign.out"
check_eq "the ledger has the signing time" "issued	2026-10-02T08:12:00.000Z" "$(grep '^issued' "$S/ledger/CMPL/2026-09.txt")"
check_eq "and keeps September's figures" 1 "$(grep -c '^sla	ACK-2WD' "$S/ledger/CMPL/2026-09.txt")"
W="The September report was issued on 2 October 10:12, due by the 3rd working day (5 October): on time."
check_eq "October's draft shows the delivery of the signed final" "$W|$W" "$(line "$OUT/c.yaml")"
check_eq "signing it again a week later: exit 0" 0 "$(signs 1791532800 "$OUT/sep/CMPL/2026-09/report.pdf" "$OUT/f2.pdf")"
check "the first signing stays the delivery" grep -q 'keeps its issue instant 2026-10-02T08:12:00.000Z' "$OUT/sign.out"
check_eq "the ledger is unchanged" "issued	2026-10-02T08:12:00.000Z" "$(grep '^issued' "$S/ledger/CMPL/2026-09.txt")"

# ccsla verify --recompute reads the instant back from ledger.csv (its
# issued_at column) and measures REPORT-OT again: October's report, signed,
# recomputes in full; an altered instant names the SLA whose value changes.
fp=$(openssl x509 -in $K/test-leaf.pem -noout -fingerprint -sha256 | sed 's/.*=//')
rm -rf "$OUT/oct"
SOURCE_DATE_EPOCH=1793836800 "$CCSLA" render --state "$S" --contracts "$OUT/c.yaml" --period 2026-10 --out "$OUT/oct" \
	>/dev/null 2>&1
o="$OUT/oct/CMPL/2026-10"
check_eq "ledger.csv: September's rows carry the issue instant" "2026-10-02T08:12:00.000Z" \
	"$(awk -F, '$1 == "2026-09" { print $12 }' "$o/ledger.csv" | sort -u)"
check_eq "ledger.csv: the header names issued_at" "issued_at" "$(head -n 1 "$o/ledger.csv" | cut -d, -f12)"
"$CCSLA" sign --key "$OUT/leaf.key" --cert $K/test-leaf.pem "$o/report.pdf" "$o/signed.pdf" >/dev/null 2>&1
"$CCSLA" verify --recompute --fingerprint "$fp" "$o/signed.pdf" >"$OUT/rc.txt" 2>&1
check_eq "verify --recompute of October's report: exit 0" 0 $?
check "every figure recomputes, REPORT-OT among them" grep -q '^RECOMPUTED: all [0-9]* figures match' "$OUT/rc.txt"
# with_ledger NAME: October's report with $OUT/ledger-NAME.csv attached in
# place of its ledger.csv, signed again and recomputed into $OUT/NAME.txt;
# prints verify's exit status
with_ledger() {
	qpdf "$o/report.pdf" "$OUT/$1-unsigned.pdf" --add-attachment "$OUT/ledger-$1.csv" --key=ledger.csv \
		--replace -- 2>/dev/null
	"$CCSLA" sign --key "$OUT/leaf.key" --cert $K/test-leaf.pem "$OUT/$1-unsigned.pdf" "$OUT/$1.pdf" >/dev/null 2>&1
	"$CCSLA" verify --recompute --fingerprint "$fp" "$OUT/$1.pdf" >"$OUT/$1.txt" 2>&1
	echo $?
}
sed 's/2026-10-02T08:12:00.000Z/2026-10-06T07:00:00.000Z/' "$o/ledger.csv" >"$OUT/ledger-late.csv"
check_eq "a later issue instant in ledger.csv: verify --recompute exits 1" 1 "$(with_ledger late)"
check "the mismatch names REPORT-OT" grep -q 'MISMATCH .*REPORT-OT' "$OUT/late.txt"
# a report from before issued_at: ledger.csv without the column still
# loads; REPORT-OT then has no instant to recompute from, and says so
cut -d, -f1-11 "$o/ledger.csv" >"$OUT/ledger-old.csv"
rc=$(with_ledger old)
check_eq "ledger.csv without issued_at: it loads, REPORT-OT alone differs (exit 1)" \
	"1 REPORT-OT" "$rc $(grep '^  MISMATCH  metrics.csv' "$OUT/old.txt" | sed 's/.*sla \([^ ]*\) .*/\1/' | sort -u | tr '\n' ' ' | sed 's/ $//')"
check "  as not measurable" grep -q 'REPORT-OT month report_on_time_pct: value 100.00 -> n/a' "$OUT/old.txt"
sed 's/2026-10-02T08:12:00.000Z/2026-10-02/' "$o/ledger.csv" >"$OUT/ledger-bad.csv"
check_eq "an issued_at that is not an instant: the attachment cannot be read, exit 3" 3 "$(with_ledger bad)"
check "it names ledger.csv, its line and issued_at" grep -q "ledger.csv:2: field 'issued_at': '2026-10-02' is not an instant" \
	"$OUT/bad.txt"

# contract mistakes
sed '/report: { due_working_days: 3 }/d' "$OUT/c.yaml" >"$OUT/bad.yaml"
check "report_on_time without report.due_working_days is refused" \
	sh -c '"$0" contract check "$1" 2>&1 | grep -q "metric report_on_time needs report: { due_working_days: N }"' \
	"$CCSLA" "$OUT/bad.yaml"
sed 's/    metric: report_on_time/    metric: report_on_time\n    channels: [voice]/' "$OUT/c.yaml" >"$OUT/bad2.yaml"
check "channels on report_on_time are refused" \
	sh -c '"$0" contract check "$1" 2>&1 | grep -q "do not apply to metric .report_on_time."' "$CCSLA" "$OUT/bad2.yaml"
e2e_done
