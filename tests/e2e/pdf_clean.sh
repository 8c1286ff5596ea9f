# The PDF's technical soundness (issue 16), for every example contract
# (contracts/examples) on the demo month, as a final, the same final
# signed, and a draft:
# - pdftotext and pdftoppm print nothing on stderr (the ToUnicode CMaps
#   used to be refused with 16-20 "Invalid 'begincidrange'" warnings);
# - pdffonts lists only embedded fonts (the signature box used a
#   non-embedded Helvetica);
# - no word of any page lies outside the page margins (pdftotext -bbox;
#   headings ran off the page on KOALA p.6 and ACME p.7);
# - qpdf --check is clean; pdfsig says the signature is valid and covers
#   the whole file; two renders are byte-identical.
. tests/e2e_lib.sh
K=fixtures/keys

state="$OUT/state"
export SOURCE_DATE_EPOCH=1793836800 # 2026-11-05
"$CCSLA" ingest --state "$state" fixtures/logs/2026-10 >/dev/null 2>&1
check_exit "render the finals of the demo month" 0 \
	"$CCSLA" render --state "$state" --contracts contracts/examples --period 2026-10 --final --out "$OUT/final"
check_exit "render the drafts of the demo month" 0 \
	"$CCSLA" render --state "$state" --contracts contracts/examples --period 2026-10 --out "$OUT/draft"
"$CCSLA" render --state "$state" --contracts contracts/examples --period 2026-10 --final --out "$OUT/final2" >/dev/null 2>&1
"$CCSLA" render --state "$state" --contracts contracts/examples --period 2026-10 --out "$OUT/draft2" >/dev/null 2>&1
cp $K/test-leaf.key "$OUT/test-leaf.key"
chmod 600 "$OUT/test-leaf.key"

clients=$(cd "$OUT/final" && ls)
check_eq "one report per example contract" "$(ls contracts/examples/*.yaml | wc -l | tr -d ' ')" \
	"$(echo "$clients" | wc -w | tr -d ' ')"

# margins_ok FILE: prints nothing when every word of every page lies within
# the margins (reports/pdf/pdf.h: 42 pt left and right on a 595.276 pt A4
# page; the header and footer lines are 28 and 22 pt from the edges), else
# one line per word outside. Half a point of slack for rounding.
margins_ok() {
	pdftotext -bbox "$1" - 2>/dev/null | awk -v lo_x=41.5 -v hi_x=553.8 -v lo_y=14 -v hi_y=827.9 '
	function attr(name,   s) {
		if (!match($0, name "=\"[^\"]*\"")) return -1
		s = substr($0, RSTART + length(name) + 2, RLENGTH - length(name) - 3)
		return s + 0
	}
	/<page / { page++ }
	/<word / {
		x0 = attr("xMin"); x1 = attr("xMax"); y0 = attr("yMin"); y1 = attr("yMax")
		w = $0; sub(/^[^>]*>/, "", w); sub(/<.*/, "", w)
		if (x0 < lo_x || x1 > hi_x || y0 < lo_y || y1 > hi_y)
			printf "page %d: \"%s\" at x %.1f-%.1f, y %.1f-%.1f\n", page, w, x0, x1, y0, y1
	}'
}

# unembedded FILE: the pdffonts lines of fonts that are not embedded (the
# "emb" column, found by the header), or "no fonts" when there are none.
unembedded() {
	pdffonts "$1" 2>&1 | awk 'NR == 1 { at = index($0, "emb") } NR > 2 { n++; if (substr($0, at, 3) != "yes") print }
		END { if (!n) print "no fonts" }'
}

# clean FILE LABEL: the checks every file passes.
clean() {
	pdftotext "$1" /dev/null 2>"$OUT/stderr"
	check_eq "$2: pdftotext prints no warning" "" "$(head -c 300 "$OUT/stderr")"
	pdftoppm -r 24 -png "$1" "$OUT/png/$2" 2>"$OUT/stderr"
	check_eq "$2: pdftoppm renders every page without a warning" "" "$(head -c 300 "$OUT/stderr")"
	check_eq "$2: pdffonts shows every font embedded" "" "$(unembedded "$1")"
	check_eq "$2: no text outside the margins" "" "$(margins_ok "$1" | head -n 5)"
	qpdf --check "$1" >"$OUT/qpdf.txt" 2>&1
	check_eq "$2: qpdf --check passes" 0 $?
	check "$2: qpdf --check finds nothing" grep -q "No syntax or stream encoding errors found" "$OUT/qpdf.txt"
	check "$2: qpdf --check warns of nothing" sh -c "! grep -qi warning '$OUT/qpdf.txt'"
}

mkdir -p "$OUT/png"
for c in $clients; do
	f="$OUT/final/$c/2026-10/report.pdf"
	d="$OUT/draft/$c/2026-10/report.pdf"
	s="$OUT/final/$c/2026-10/signed.pdf"
	"$CCSLA" sign --key "$OUT/test-leaf.key" --cert $K/test-leaf.pem --chain $K/test-leaf-chain.pem \
		--reason "Monthly service report 2026-10" "$f" "$s" >/dev/null 2>&1
	check "$c: the final signs" test -s "$s"
	clean "$f" "$c-final"
	clean "$s" "$c-signed"
	clean "$d" "$c-draft"
	pdfsig "$s" >"$OUT/pdfsig.txt" 2>"$OUT/stderr"
	check "$c-signed: pdfsig says the signature is valid" grep -q "Signature is Valid\." "$OUT/pdfsig.txt"
	check "$c-signed: pdfsig says Total document signed" grep -q "Total document signed" "$OUT/pdfsig.txt"
	check_eq "$c-signed: pdfsig prints no error" "" "$(head -c 300 "$OUT/stderr")"
	check "$c: the draft's DRAFT mark is no text" sh -c \
		"! pdftotext -layout '$d' - 2>/dev/null | grep -Eq '^ *(D|R|A|F|T|FT|AF|DR) *\$'"
	check "$c: two finals are byte-identical" cmp -s "$f" "$OUT/final2/$c/2026-10/report.pdf"
	check "$c: two drafts are byte-identical" cmp -s "$d" "$OUT/draft2/$c/2026-10/report.pdf"
	size=$(wc -c <"$f")
	check "$c: the final is under 300 KB ($size bytes)" test "$size" -lt 300000
done
e2e_done
