# The report PDF from hand-filled models (tests/tools/render_sample.c):
# valid PDF, text extracts with UTF-8 names and exact figures, attachments
# round-trip byte for byte, two renders are identical, a draft is marked, a
# client without contacts renders n/a. Page PNGs go to $OUT for a person.
. tests/e2e_lib.sh
R="$BUILD/tools/render_sample"

for k in acme draft revision empty many; do
	mkdir -p "$OUT/$k"
	check "render $k" "$R" "$k" "$OUT/$k"
	check "qpdf --check passes ($k)" sh -c "qpdf --check '$OUT/$k/report.pdf' >/dev/null"
	pdftotext -layout "$OUT/$k/report.pdf" "$OUT/$k/report.txt" 2>/dev/null
done

t="$OUT/acme/report.txt"
check "client name with umlaut extracts" grep -q "Zürich Versicherung AG" "$t"
check "every page says page n of N" test "$(grep -c 'page [0-9]* of 9' "$t")" -eq 9
check "scorecard shows SL-VOICE value and verdict" grep -Eq 'SL-VOICE .*81\.25 % +✓ met' "$t"
check "scorecard shows EMAIL-8BH default" grep -Eq 'EMAIL-8BH .*88\.40 % +✗✗ default' "$t"
check "credit due as in the model" grep -Eq 'Credit due +EUR 14,400\.00' "$t"
check "reconciliation line" grep -q "read 20,289 = accepted 20,257 + quarantined 12 + duplicates 20 (reconciled)" "$t"
check "no DRAFT mark on a final report" sh -c "! grep -q DRAFT '$t'"
check "draft carries DRAFT" grep -q "DRAFT" "$OUT/draft/report.txt"
check "draft carries DRAFT on every page" test "$(grep -c 'DRAFT' "$OUT/draft/report.txt")" -ge 9
check "revision says REVISION 2 and why" grep -q "REVISION 2 of the final report: late files" "$OUT/revision/report.txt"
check "Polish client name extracts" grep -q "Łódź Usługi" "$OUT/empty/report.txt"
check "empty client: values are n/a and not measurable" grep -Eq 'SL-VOICE .*n/a +○ not measurable' "$OUT/empty/report.txt"
check "empty client: no credits due" grep -q "no credits due" "$OUT/empty/report.txt"
check "Greek client name extracts" grep -q "Ελλάδα Ασφαλιστική" "$OUT/many/report.txt"
check "24 SLAs break the scorecard over pages with its header repeated" \
	test "$(grep -c 'SLA  *Title  *Channels' "$OUT/many/report.txt")" -ge 2
check "SLA-24 is in the report" grep -q "SLA-24" "$OUT/many/report.txt"

# attachments: bare names, byte-identical
mkdir -p "$OUT/detach"
pdfdetach -saveall -o "$OUT/detach" "$OUT/acme/report.pdf" 2>/dev/null
for f in metrics.csv credits.csv manifest.json report.html; do
	check "attachment $f round-trips byte for byte" cmp -s "$OUT/acme/$f" "$OUT/detach/$f"
done
check_eq "attachments are named by bare file name" "credits.csv manifest.json metrics.csv report.html" \
	"$(pdfdetach -list "$OUT/acme/report.pdf" 2>/dev/null | sed -n "s/^[0-9]*: //p" | sort | tr '\n' ' ' | sed 's/ $//')"

# reproducible
mkdir -p "$OUT/again"
"$R" acme "$OUT/again"
check "two renders are byte-identical" cmp -s "$OUT/acme/report.pdf" "$OUT/again/report.pdf"
check "document info has title and keywords" sh -c \
	"pdfinfo '$OUT/acme/report.pdf' 2>/dev/null | grep -q 'Keywords: *client=ACME; period=2026-10; contract=ACME-2026'"
size=$(wc -c <"$OUT/acme/report.pdf")
check "a typical report is below 300 KB ($size bytes)" test "$size" -lt 307200

# for a person to look at: page 1 and the first SLA page
pdftoppm -r 70 -png -f 1 -l 2 "$OUT/acme/report.pdf" "$OUT/acme/page" 2>/dev/null
pdftoppm -r 70 -png -f 1 -l 1 "$OUT/draft/report.pdf" "$OUT/draft/page" 2>/dev/null
check "page PNGs written" test -s "$OUT/acme/page-1.png"

# the signer's box lands in the area page 1 keeps free (report_model.h)
K=fixtures/keys
cp $K/test-leaf.key "$OUT/leaf.key" && chmod 600 "$OUT/leaf.key"
check "ccsla sign accepts the rendered report" "$CCSLA" sign --key "$OUT/leaf.key" --cert $K/test-leaf.pem \
	--chain $K/test-leaf-chain.pem --reason "Monthly service report 2026-10" "$OUT/acme/report.pdf" "$OUT/acme/signed.pdf"
check "pdfsig validates the signed report" sh -c "pdfsig '$OUT/acme/signed.pdf' 2>/dev/null | grep -q 'Signature Validation: Signature is Valid'"
pdftoppm -r 70 -png -f 1 -l 1 "$OUT/acme/signed.pdf" "$OUT/acme/signed" 2>/dev/null
e2e_done
