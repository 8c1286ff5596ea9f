# ccsla render on the bundled demo month, for every example contract: a
# valid PDF whose scorecard shows each SLA's value and verdict exactly as
# results.csv (from ccsla evaluate) has them, the credit totals of
# credits.csv, attachments that round-trip byte for byte, reproducible bytes
# with SOURCE_DATE_EPOCH, a DRAFT mark on every page of a draft, and a
# client without contacts. A draft unless --final; a final only for a month
# that has closed (or with --force), saying on page 1 that it is not signed.
# Page 1 and the first SLA page go to PNG in $OUT.
. tests/e2e_lib.sh
. tests/e2e_human.sh

state="$OUT/state"
export SOURCE_DATE_EPOCH=1793836800 # 2026-11-05
"$CCSLA" ingest --state "$state" fixtures/logs/2026-10 >/dev/null 2>&1
"$CCSLA" evaluate --state "$state" --contracts contracts/examples --period 2026-10 --out "$OUT/eval" >/dev/null 2>&1
check_exit "render the final of the demo month for every client" 0 \
	"$CCSLA" render --state "$state" --contracts contracts/examples --period 2026-10 --final --out "$OUT/out"

label() {
	case "$1" in
	met) echo "✓ met" ;; missed) echo "✗ missed" ;; default) echo "✗✗ default" ;; *) echo "○ not measurable" ;;
	esac
}

for c in ACME BLUEJAY KOALA SUNRISE; do
	d="$OUT/out/$c/2026-10"
	check "$c: qpdf --check passes" sh -c "qpdf --check '$d/report.pdf' >/dev/null 2>&1"
	pdftotext -layout "$d/report.pdf" "$d/report.txt" 2>/dev/null
	check "$c: credits.csv equals the one ccsla evaluate wrote" cmp -s "$OUT/eval/$c/2026-10/credits.csv" "$d/credits.csv"
	# every SLA of results.csv: id, value and verdict on its scorecard line
	# (values and amounts as a person reads them: tests/e2e_human.sh)
	tail -n +2 "$OUT/eval/$c/2026-10/results.csv" | while IFS=, read -r period client contract id kind metric value unit rest; do
		verdict=$(grep "^2026-10,$c,[^,]*,$id," "$OUT/eval/$c/2026-10/results.csv" | awk -F, '{ print $11 }')
		shown=$(human_value "$value" "$unit")
		check "$c $id: scorecard shows $value ($shown) and $(label "$verdict")" \
			grep -Fq "$shown $(label "$verdict")" "$d/report.txt"
	done
	cur=$(awk -F, '$2 == "net" { print $15 }' "$d/credits.csv")
	net=$(human_amount "$cur" "$(awk -F, '$2 == "net" { print $14 }' "$d/credits.csv")")
	before=$(human_amount "$cur" "$(awk -F, '$2 == "total" { print $10 }' "$d/credits.csv")")
	check "$c: credit due $net as in credits.csv" grep -Eq "Credit due +$net\$" "$d/report.txt"
	check "$c: page 1 says the credit due, $net" sh -c "sed -n '1,/page 1 of/p' '$d/report.txt' | grep -Fq 'Credits due' &&
		sed -n '1,/page 1 of/p' '$d/report.txt' | grep -Fq '$net'"
	# the uncapped total stands in the lines' "Before cap" column
	check "$c: total before cap $before as in credits.csv" grep -Eq "^Total +$before\$" "$d/report.txt"
	# and so does each line's uncapped amount, beside its final credit
	awk -F, '$2 == "sla" { print $3 " " $10 " " $14 " " $15 }' "$d/credits.csv" | while read -r id pre fin cur; do
		pre_h=$(human_amount "$cur" "$pre")
		fin_h=$(human_amount "$cur" "$fin")
		check "$c $id: credit $pre_h before cap, $fin_h after, as in credits.csv" \
			grep -Eq "^$id +.* $pre_h +$fin_h\$" "$d/report.txt"
	done
	# metrics.csv month rows carry the same values as results.csv
	check_eq "$c: metrics.csv SLA values equal results.csv" \
		"$(tail -n +2 "$OUT/eval/$c/2026-10/results.csv" | cut -d, -f4,7,11 | sort)" \
		"$(awk -F, '$2 == "sla" && $4 == "month" { print $3 "," $6 "," $9 }' "$d/metrics.csv" | sort)"
	check "$c: metrics.csv rows reconcile (offered = answered + abandoned + callback + overflow + open)" \
		awk -F, 'NR > 1 && $10 != $11 + $12 + $14 + $15 + $16 { bad = 1 } END { exit bad }' "$d/metrics.csv"
	check "$c: every page has its footer" \
		test "$(grep -c 'page [0-9]* of [0-9]*' "$d/report.txt")" -eq "$(pdfinfo "$d/report.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')"
	mkdir -p "$OUT/detach/$c"
	pdfdetach -saveall -o "$OUT/detach/$c" "$d/report.pdf" 2>/dev/null
	for f in metrics.csv credits.csv manifest.json; do
		check "$c: attachment $f round-trips byte for byte" cmp -s "$d/$f" "$OUT/detach/$c/$f"
	done
	check "$c: document keywords name client, period and contract" sh -c \
		"pdfinfo '$d/report.pdf' 2>/dev/null | grep -q 'Keywords: *client=$c; period=2026-10; contract='"
done
t="$OUT/out/ACME/2026-10/report.txt"
check "ACME: the exclusion window with the contacts it removed" grep -Eq 'client-caused +Client CRM outage, INC-4711 +J. Doe \(client\) +[1-9][0-9]*$' "$t"
check "ACME: lineage reconciles" grep -Eq 'read [0-9,]+ = accepted [0-9,]+ \+ quarantined [0-9,]+ \+ duplicates [0-9,]+ \(reconciled\)' "$t"
check "ACME: issue date from SOURCE_DATE_EPOCH" grep -Eq 'Issued +2026-11-05' "$t"
check "ACME: report id is client, period, F and a content hash" grep -Eq 'Report id +ACME-2026-10-F-[0-9a-f]{10}$' "$t"
check "ACME: a final report carries no DRAFT mark" sh -c "! grep -q DRAFT '$t'"
pdftotext -layout -f 1 -l 1 "$OUT/out/ACME/2026-10/report.pdf" "$OUT/acme-p1.txt" 2>/dev/null
check "ACME: an unsigned final says on page 1 that it is not signed" \
	sh -c "tr -s ' \n' ' ' <'$OUT/acme-p1.txt' | grep -q 'Status FINAL; not signed when rendered: valid only with the contact centre.s signature'"
check "ACME: its Verification does not claim a signature" sh -c "! grep -q 'This report is signed' '$t'"
check "manifest.json names the contract file and its hash" grep -q '"file": "acme-2026.yaml"' "$OUT/out/ACME/2026-10/manifest.json"
for p in 1 2; do
	pdftoppm -r 70 -f $p -l $p -singlefile -png "$OUT/out/ACME/2026-10/report.pdf" "$OUT/acme-page-$p" 2>/dev/null
done
check "page 1 and the SLA page render to PNG for a person to look at" test -s "$OUT/acme-page-1.png" -a -s "$OUT/acme-page-2.png"

# reproducible: the same state, contracts and SOURCE_DATE_EPOCH
"$CCSLA" render --state "$state" --contracts contracts/examples --period 2026-10 --final --out "$OUT/again" >/dev/null 2>&1
check "two renders are byte-identical" diff -r "$OUT/out" "$OUT/again" -x report.txt

# draft: the default
check_exit "render a draft" 0 "$CCSLA" render --state "$state" --contracts contracts/examples --period 2026-10 \
	--client KOALA --out "$OUT/draft"
pdftotext -layout "$OUT/draft/KOALA/2026-10/report.pdf" "$OUT/draft.txt" 2>/dev/null
pages=$(pdfinfo "$OUT/draft/KOALA/2026-10/report.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
check "a draft carries DRAFT on every page ($pages pages)" test "$(grep -c DRAFT "$OUT/draft.txt")" -ge "$pages"
check "a draft says month to date" grep -q "month to date" "$OUT/draft.txt"
check "a draft id carries D" grep -Eq 'Report id +KOALA-2026-10-D-' "$OUT/draft.txt"
check_exit "--draft asks for the same draft" 0 "$CCSLA" render --state "$state" --contracts contracts/examples \
	--period 2026-10 --client KOALA --draft --out "$OUT/draft2"
check "and writes the same bytes" cmp -s "$OUT/draft/KOALA/2026-10/report.pdf" "$OUT/draft2/KOALA/2026-10/report.pdf"

# a final only for a closed month: on 2026-11-01 October closes on 2026-11-02 (2 days)
SOURCE_DATE_EPOCH=1793491200 "$CCSLA" render --state "$state" --contracts contracts/examples --period 2026-10 \
	--client KOALA --final --out "$OUT/early" >/dev/null 2>"$OUT/early.err"
check_eq "--final for a month not yet closed exits 1" 1 $?
check "and says when it closes" grep -q "KOALA: 2026-10 has not closed in .* (it closes on 2026-11-02): no final rendered" "$OUT/early.err"
check "and renders no final" test ! -e "$OUT/early/KOALA/2026-10/report.pdf"
SOURCE_DATE_EPOCH=1793491200 "$CCSLA" render --state "$state" --contracts contracts/examples --period 2026-10 \
	--client KOALA --final --force --out "$OUT/forced" >/dev/null 2>"$OUT/forced.err"
check_eq "--final --force renders it anyway" 0 $?
check "and warns that later data is not in it" grep -q "KOALA: --force: a final for 2026-10 before it closes on 2026-11-02" "$OUT/forced.err"
check "the forced report is a final" sh -c "pdftotext -layout '$OUT/forced/KOALA/2026-10/report.pdf' - 2>/dev/null | grep -Eq 'Report id +KOALA-2026-10-F-'"
check_exit "with --close-after-days 0 October has closed on 2026-11-01" 0 env SOURCE_DATE_EPOCH=1793491200 "$CCSLA" render \
	--state "$state" --contracts contracts/examples --period 2026-10 --client KOALA --final --close-after-days 0 --out "$OUT/zero"
check_exit "--force without --final is a usage error" 2 "$CCSLA" render --state "$state" --contracts contracts/examples \
	--period 2026-10 --force --out "$OUT/x"
check_exit "--draft with --final is a usage error" 2 "$CCSLA" render --state "$state" --contracts contracts/examples \
	--period 2026-10 --draft --final --out "$OUT/x"

# a client with a contract and no contacts; a UTF-8 client name
mkdir -p "$OUT/contracts"
sed -e 's/client: ACME /client: ZUERICH /' -e 's/id: ACME-2026 /id: ZUERICH-2026 /' \
	-e 's/client_name: "Acme Versicherung AG"/client_name: "Zürich Versicherung, Łódź branch"/' \
	contracts/examples/acme-2026.yaml >"$OUT/contracts/zuerich.yaml"
check_exit "render a client without contacts" 0 "$CCSLA" render --state "$state" --contracts "$OUT/contracts" \
	--period 2026-10 --final --out "$OUT/empty"
e="$OUT/empty/ZUERICH/2026-10"
pdftotext -layout "$e/report.pdf" "$OUT/empty.txt" 2>/dev/null
check "empty client: qpdf --check passes" sh -c "qpdf --check '$e/report.pdf' >/dev/null 2>&1"
check "empty client: the UTF-8 name extracts" grep -q "Zürich Versicherung, Łódź branch" "$OUT/empty.txt"
check "empty client: SL-VOICE is n/a and not measurable" grep -Eq '^SL-VOICE .* n/a +○ not measurable' "$OUT/empty.txt"
check "empty client: no credit due" grep -Eq 'Credit due +EUR 0.00$' "$OUT/empty.txt"
check "empty client: lineage says no input contributed" grep -q "No input files contributed" "$OUT/empty.txt"

# a build that fails after contacts.csv.gz was begun on its thread (a
# malformed ledger month, read by the evaluation) leaves nothing behind
cp -R "$state" "$OUT/bad-state"
mkdir -p "$OUT/bad-state/ledger/ACME"
echo "garbage" >"$OUT/bad-state/ledger/ACME/2026-09.txt"
echo 00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff >"$OUT/pseudonym.key"
check_exit "a malformed ledger month stops the render (exit 3)" 3 "$CCSLA" render --state "$OUT/bad-state" \
	--contracts contracts/examples --period 2026-10 --client ACME --pseudonym-key "$OUT/pseudonym.key" \
	--out "$OUT/bad" 2>"$OUT/bad.err"
check "it names the ledger file and line" grep -q "ledger/ACME/2026-09.txt:1:" "$OUT/bad.err"
check "and leaves no file in the report folder, temporary or not" \
	test -z "$(find "$OUT/bad/ACME/2026-10" -type f 2>/dev/null)"

# usage and errors
check_exit "render without --period is a usage error" 2 "$CCSLA" render --state "$state" --contracts contracts/examples
check_exit "a malformed period is a usage error" 2 "$CCSLA" render --state "$state" --contracts contracts/examples --period 2026-13
check_exit "a client without a contract is a data error" 1 "$CCSLA" render --state "$state" \
	--contracts contracts/examples --period 2026-10 --client NOPE --out "$OUT/nope"
check_exit "a month without any contract in force is a data error" 1 "$CCSLA" render --state "$state" \
	--contracts contracts/examples --period 2025-10 --out "$OUT/nope25" 2>"$OUT/nope25.err"
check "and says no contract is in force on its first day" grep -q "no contract in contracts/examples is in force on 2025-10-01 (ACME-2026 2026-01-01 to 2026-12-31; " "$OUT/nope25.err"
check "nothing is rendered for it" test ! -e "$OUT/nope25"
# The overview of a channel measures with all the parameters of the channel's
# service-level SLA (clock, callbacks, overflow included): where that SLA
# covers the whole channel, its month figure and the overview's are one.
ov_vs_sla() { # CLIENT CHANNEL SLA
	f="$OUT/out/$1/2026-10/metrics.csv"
	check_eq "$1: the $2 overview's service level equals $3's" \
		"$(awk -F, -v s="$3" '$2 == "sla" && $3 == s && $4 == "month" { print $6 "," $10 "," $18 }' "$f")" \
		"$(awk -F, -v c="$2" '$2 == "channel" && $3 == c && $4 == "month" && $5 == "service_level_pct" { print $6 "," $10 "," $18 }' "$f")"
}
ov_vs_sla ACME email EMAIL-8BH      # service-hours clock
ov_vs_sla BLUEJAY voice SL-VOICE    # callbacks counted against
e2e_done
