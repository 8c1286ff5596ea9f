# The monthly report read as its three readers would (issue 16), for every
# example contract of the demo month: no metric column name reaches the
# text; page 1 says the credit due with its currency and thousands
# separators, the verdicts and the risks ahead; the scorecard has its
# previous months (ACME's from an imported ledger, with the note saying
# which months were imported); the heatmap has its legend; two renders are
# byte-identical. `ccsla ledger import` names every problem by line and
# field, writes nothing then, and never replaces a month ccsla evaluated.
# A November draft lists no day that has not begun and its volume chart
# does not run below 0. Leaves page 1 of ACME October as
# $OUT/acme-2026-10-page1.png.
. tests/e2e_lib.sh
. tests/e2e_human.sh

state="$OUT/state"
export SOURCE_DATE_EPOCH=1793836800 # 2026-11-05
"$CCSLA" ingest --state "$state" fixtures/logs/2026-10 >/dev/null 2>&1
check_exit "import ACME's earlier months from the account manager's CSV" 0 "$CCSLA" ledger import \
	--state "$state" --contracts contracts/examples --client ACME fixtures/ledger/acme-earlier-months.csv
check "11 months written, marked imported" \
	test "$(grep -l '^source	imported$' "$state"/ledger/ACME/*.txt | wc -l)" -eq 11
for run in a b; do
	"$CCSLA" render --state "$state" --contracts contracts/examples --period 2026-10 --final \
		--out "$OUT/$run" >/dev/null 2>"$OUT/render-$run.err"
	check_eq "render every client's October ($run)" 0 $?
done

for c in ACME BLUEJAY KOALA SUNRISE; do
	d="$OUT/a/$c/2026-10"
	t="$OUT/$c.txt"
	pdftotext -layout "$d/report.pdf" "$t" 2>/dev/null
	p1="$OUT/$c-page1.txt"
	pdftotext -layout -f 1 -l 1 "$d/report.pdf" "$p1" 2>/dev/null
	check "$c: two renders are byte-identical" cmp -s "$d/report.pdf" "$OUT/b/$c/2026-10/report.pdf"
	check "$c: no metric column name in the text" \
		sh -c "! grep -Eq '[a-z0-9]_(pct|s)([^a-z]|\$)|asa_s|service_level|abandon_rate|min_volume|watermark|overflow ignore|callbacks /' '$t'"
	cur=$(awk -F, '$2 == "net" { print $15 }' "$d/credits.csv")
	net=$(human_amount "$cur" "$(awk -F, '$2 == "net" { print $14 }' "$d/credits.csv")")
	check "$c: page 1 says the credit due, $net" sh -c "grep -E '^Credits due' '$p1' | grep -Fq '$net'"
	check "$c: every amount of a thousand or more has a thousands separator" \
		sh -c "! grep -Eq '$cur -?[0-9]{4,}|[0-9]{4,}(\.[0-9]+)? $cur' '$t'"
	check "$c: page 1 counts the verdicts" grep -Eq '^Service levels +[0-9]+ met, [0-9]+ missed' "$p1"
	check "$c: page 1 has the change on last month and the risks ahead" \
		sh -c "grep -q '^Change on last month' '$p1' && grep -q '^Risks ahead' '$p1'"
	check "$c: a previous months part" grep -q "Previous months" "$t"
	check "$c: the heatmap legend" grep -q "Legend (service level per half-hour):" "$t"
	check "$c: the credits statement has its outlook" grep -q "^Outlook" "$t"
done

# ACME: the imported history reaches page 1, the scorecard and the risks
p1="$OUT/ACME-page1.txt"
# (the previous months table follows the scorecard: page 2 since ACME's
# scorecard has its nine SLAs)
pdftotext -layout -f 1 -l 2 "$OUT/a/ACME/2026-10/report.pdf" "$OUT/ACME-page12.txt" 2>/dev/null
check "ACME: September's value in the scorecard's previous months" \
	grep -Eq '^SL-VOICE +81\.40 % .* 76\.20 %$' "$OUT/ACME-page12.txt"
# (the note: on page 2 since ACME's scorecard has its nine SLAs)
check "ACME: the note says which months were imported" \
	sh -c "tr '\n' ' ' <'$OUT/ACME.txt' | tr -s ' ' | grep -q \"imported from the account manager's records: 2025-11, 2025-12, 2026-01\""
check "ACME: the change on last month against September" grep -q "SL-VOICE 58.46 % (September 76.20 %, -17.74 pts" "$p1"
check "ACME: the next default's cost under the repeat multiplier" \
	grep -q "SL-VOICE is in default: a default in November 2026 too would credit EUR 43,200.00" "$p1"
check "ACME: EMAIL-8BH one target miss from a default (its 3rd miss with Dec and Jul)" \
	sh -c "tr '\n' ' ' <'$p1' | tr -s ' ' | grep -q 'EMAIL-8BH is one target miss from a default: a miss in November 2026 would be its 4th in 12 months and credit EUR 19,200.00'"
check "ACME: the earn-back still open, with amounts" \
	sh -c "tr '\n' ' ' <'$p1' | tr -s ' ' | grep -q 'earn-back open: EUR 14,400.00 of SL-VOICE.s October 2026 credit of EUR 28,800.00'"
check "ACME: SL-VOICE page spells out numerator and denominator" \
	grep -q "577 answered within 20 seconds of 98[67] counted" "$OUT/ACME.txt"
check "ACME: the e-mail threshold in business hours" grep -Eq '^answered within +8 business hours' "$OUT/ACME.txt"
check "ACME: the overview says why its service level differs" \
	grep -q "SL-VOICE counts only those" "$OUT/ACME.txt"
check "ACME: durations read m:ss in the operations table" grep -Eq '^2026-10-01 +[0-9,]+ +[0-9,]+ +[0-9,]+ +[0-9.]+ % +[0-9]+:[0-9]{2} ' "$OUT/ACME.txt"
check "ACME: the handling split, wait and abandon profiles under the voice table" sh -c \
	"grep -Eq '^talk \(average\) +[0-9]+:[0-9]{2} +within 0:10 +[0-9,]+ +within 0:05 +[0-9,]+\$' '$OUT/ACME.txt'"
check "ACME: the e-mail backlog by age (12 open at the cut-off, all over 72 hours)" \
	grep -Eq 'over 72:00 h +12$' "$OUT/ACME.txt"
check "a client without imported months: the note says where the history starts" \
	grep -q "No earlier month is in the ledger" "$OUT/BLUEJAY-page1.txt"
if command -v pdftoppm >/dev/null 2>&1; then
	pdftoppm -r 70 -png -f 1 -l 1 -singlefile "$OUT/a/ACME/2026-10/report.pdf" "$OUT/acme-2026-10-page1" 2>/dev/null
	check "page 1 of ACME October as PNG" test -s "$OUT/acme-2026-10-page1.png"
else
	skip "page 1 of ACME October as PNG" "pdftoppm is not installed"
fi

# ledger import: every problem by line and field, nothing written
printf 'period,sla_id,status,default,credit,value\n2026-06,SL-VOICE,met,0,0.00,80.10\n2026-06,SL-VOICE,great,0,0.00,80.10\n2026-06,NOPE,met,0,0.00,80.10\n2026-06,EMAIL-8BH,met,0,12,91.00\n' >"$OUT/bad.csv"
mkdir -p "$OUT/state2/ledger"
check_exit "a file with problems exits 1" 1 "$CCSLA" ledger import --state "$OUT/state2" \
	--contracts contracts/examples --client ACME "$OUT/bad.csv"
"$CCSLA" ledger import --state "$OUT/state2" --contracts contracts/examples --client ACME "$OUT/bad.csv" \
	2>"$OUT/bad.err" >/dev/null
check "it names line 3, field status" grep -q "bad.csv:3: field 'status': 'great' is not met" "$OUT/bad.err"
check "it names line 4, field sla_id" grep -q "bad.csv:4: field 'sla_id': 'NOPE' is not an SLA" "$OUT/bad.err"
check "it names line 5, field credit" grep -q "bad.csv:5: field 'credit'" "$OUT/bad.err"
check "and writes nothing" test ! -e "$OUT/state2/ledger/ACME"
check_exit "importing the same months again replaces the import" 0 "$CCSLA" ledger import --state "$state" \
	--contracts contracts/examples --client ACME fixtures/ledger/acme-earlier-months.csv
"$CCSLA" evaluate --state "$state" --contracts contracts/examples --period 2026-10 --client ACME \
	--out "$OUT/eval" >/dev/null
printf 'period,sla_id,status,default,credit,value\n2026-10,SL-VOICE,met,0,0.00,80.10\n' >"$OUT/october.csv"
check_exit "a month ccsla evaluated is not replaced" 1 "$CCSLA" ledger import --state "$state" \
	--contracts contracts/examples --client ACME "$OUT/october.csv"
"$CCSLA" ledger import --state "$state" --contracts contracts/examples --client ACME "$OUT/october.csv" \
	2>"$OUT/october.err" >/dev/null
check "it says 2026-10 was evaluated by ccsla" grep -q "2026-10 was evaluated by ccsla" "$OUT/october.err"
check_exit "an unknown client exits 1" 1 "$CCSLA" ledger import --state "$state" \
	--contracts contracts/examples --client NOBODY "$OUT/october.csv"
check_exit "no subcommand is a usage error" 2 "$CCSLA" ledger --state "$state"

# a November draft five days in, with October's data only
"$CCSLA" render --state "$state" --contracts contracts/examples --period 2026-11 --client ACME \
	--out "$OUT/nov" >/dev/null 2>&1
check_eq "render ACME's November draft" 0 $?
pdftotext -layout "$OUT/nov/ACME/2026-11/report.pdf" "$OUT/nov.txt" 2>/dev/null
check "the draft lists no November day (none has data yet)" sh -c "! grep -q '^2026-11-[0-9]' '$OUT/nov.txt'"
check "its volume chart does not run below 0" sh -c "! grep -Eq '^ *-1\\.0' '$OUT/nov.txt'"
e2e_done
