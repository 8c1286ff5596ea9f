# ccsla verify --recompute reads the page text (reports/sign/pdftext.c):
# on the four example finals the reader's words are pdftotext's, every
# scorecard value and verdict and every credit total printed matches; a
# scorecard value or the credit due changed in a content stream (the file
# re-signed with the test key) is named as MISMATCH page says -> recomputed;
# a font whose text cannot be read is named with its object.
. tests/e2e_lib.sh
K=fixtures/keys
export SOURCE_DATE_EPOCH=1793836800 # 2026-11-05
state="$OUT/state"
out="$OUT/out"
rm -rf "$state" "$out"
cp $K/test-leaf.key "$OUT/leaf.key" && chmod 600 "$OUT/leaf.key"
printf '%s\n' 3f1c0a9b7e6d5c4b3a29180706f5e4d3c2b1a09f8e7d6c5b4a3928170605f4e3 >"$OUT/pseudonym.key"
chmod 600 "$OUT/pseudonym.key"
fp=$(openssl x509 -in $K/test-leaf.pem -noout -fingerprint -sha256 | sed 's/.*=//')
dump="$BUILD/tools/pdftext_dump"

"$CCSLA" ingest --state "$state" fixtures/logs/2026-10 >/dev/null 2>&1
"$CCSLA" render --state "$state" --contracts contracts/examples --period 2026-10 --out "$out" --final \
	--pseudonym-key "$OUT/pseudonym.key" >/dev/null

# words: whitespace-separated, one a line, in drawing order
words() { tr -s ' \t\f' '\n\n\n' | grep -v '^$'; }

for c in ACME BLUEJAY KOALA SUNRISE; do
	d="$out/$c/2026-10"
	"$CCSLA" sign --key "$OUT/leaf.key" --cert $K/test-leaf.pem "$d/report.pdf" "$d/signed.pdf" >/dev/null
	"$dump" "$d/signed.pdf" >"$OUT/$c.runs"
	check_eq "$c: the page-text reader reads every page" "$(pdfinfo "$d/signed.pdf" | awk '/^Pages:/ { print $2 }')" \
		"$(sed -n 's/^# \([0-9]*\) pages, .*/\1/p' "$OUT/$c.runs")"
	grep -v '^#' "$OUT/$c.runs" | cut -f5 | words >"$OUT/$c.ours"
	pdftotext -raw -enc UTF-8 "$d/signed.pdf" - | words >"$OUT/$c.pdftotext"
	check "$c: its words are pdftotext -raw's, in the same order ($(wc -l <"$OUT/$c.ours") words)" \
		cmp -s "$OUT/$c.ours" "$OUT/$c.pdftotext"
	"$CCSLA" verify --recompute --fingerprint "$fp" "$d/signed.pdf" >"$OUT/$c.txt" 2>&1
	check_eq "$c: verify --recompute exits 0" 0 $?
	n_slas=$(grep -c '^  - id:' contracts/examples/$(echo "$c" | tr A-Z a-z)-2026.yaml)
	check_eq "$c: one page line per SLA's measured value, each a match" "$n_slas" \
		"$(grep -c '^  match     page 1 scorecard [^ ]* measured: ' "$OUT/$c.txt")"
	check_eq "$c: one page line per SLA's verdict, each a match" "$n_slas" \
		"$(grep -c '^  match     page 1 scorecard [^ ]* verdict: [✓✗○]' "$OUT/$c.txt")"
	check "$c: the credits statement's total, cap and credit due match" sh -c \
		"grep -q '^  match     page [0-9]* credits statement Total: ' '$OUT/$c.txt' &&
		 grep -q '^  match     page [0-9]* credits statement Cap: ' '$OUT/$c.txt' &&
		 grep -q '^  match     page [0-9]* credits statement Credit due: ' '$OUT/$c.txt'"
	check "$c: the month in brief's credits due matches" grep -q '^  match     page 1 the month in brief: credits due: ' \
		"$OUT/$c.txt"
	check "$c: no MISMATCH" sh -c "! grep -q MISMATCH '$OUT/$c.txt'"
	check "$c: the summary names the page text" grep -q '^RECOMPUTED: all [0-9]* figures match the attached files and the page text$' \
		"$OUT/$c.txt"
done
grep 'page 1 scorecard SL-VOICE' "$OUT/ACME.txt"

# hex of TEXT as our fonts draw it: 2-byte codes = UTF-16BE of BMP code points
hex() { printf '%s' "$1" | iconv -f UTF-8 -t UTF-16BE | od -An -tx1 | tr -d ' \n'; }
# tamper NAME AWK-PROGRAM: the ACME report uncompressed (qpdf --qdf), the
# program run over it, rewritten and signed with the test key; verify
# --recompute's output in $OUT/NAME.txt, its exit status in $rc
d="$out/ACME/2026-10"
qpdf --qdf --object-streams=disable "$d/report.pdf" "$OUT/qdf.pdf"
tamper() {
	LC_ALL=C awk "$2" "$OUT/qdf.pdf" >"$OUT/$1-edit.pdf"
	check "$1: the edit changed the content stream" sh -c "! cmp -s '$OUT/qdf.pdf' '$OUT/$1-edit.pdf'"
	qpdf "$OUT/$1-edit.pdf" "$OUT/$1-unsigned.pdf" 2>/dev/null
	"$CCSLA" sign --key "$OUT/leaf.key" --cert $K/test-leaf.pem "$OUT/$1-unsigned.pdf" "$OUT/$1.pdf" >/dev/null
	"$CCSLA" verify --recompute --fingerprint "$fp" "$OUT/$1.pdf" >"$OUT/$1.txt" 2>&1
	rc=$?
}

# the scorecard's SL-VOICE value 58.46 % drawn as 58.64 % (the first
# string of its kind: page 1's scorecard; same glyphs, same length)
tamper value "!done && index(\$0, \"<$(hex '58.46 %')> Tj\") { sub(/$(hex '58.46 %')/, \"$(hex '58.64 %')\"); done = 1 } { print }"
check_eq "a changed scorecard value: verify --recompute exits 1" 1 "$rc"
check "  the signature still verifies (the CCC signed what it drew)" grep -q '^VERIFIED' "$OUT/value.txt"
check "  the figure is named: page says -> recomputed, and metrics.csv's" \
	grep -q '^  MISMATCH  page 1 scorecard SL-VOICE measured: 58.64 % -> 58.46 % (metrics.csv has 58.46 %)$' "$OUT/value.txt"
check "  and it is the only mismatch" grep -q '^NOT RECOMPUTED: 1 figure differs' "$OUT/value.txt"
grep MISMATCH "$OUT/value.txt"

# the credit due EUR 28,800.00 drawn as EUR 28,000.00 (the string after
# the label 'Credit due')
tamper due "index(\$0, \"<$(hex 'Credit due')> Tj\") { armed = 1 }
	armed && index(\$0, \"<$(hex 'EUR 28,800.00')> Tj\") { sub(/$(hex 'EUR 28,800.00')/, \"$(hex 'EUR 28,000.00')\"); armed = 0 } { print }"
check_eq "a changed credit due: verify --recompute exits 1" 1 "$rc"
check "  the credit due is named with credits.csv's net" \
	grep -q '^  MISMATCH  page 12 credits statement Credit due: EUR 28,000.00 -> EUR 28,800.00 (credits.csv has EUR 28,800.00)$' \
	"$OUT/due.txt"
grep MISMATCH "$OUT/due.txt"

# a font's ToUnicode CMap made unreachable: the text cannot be read, said
# with the page and the font's object
tamper font '{ gsub(/\/ToUnicode/, "/ToUnicodX"); print }'
check_eq "a font without ToUnicode: verify --recompute exits 1" 1 "$rc"
check "  the page and the font's object are named" \
	grep -q '^  MISMATCH  the page text cannot be read: .*page 1 (object [0-9]*): font /F[0-9]* (object [0-9]*) has no /ToUnicode CMap' \
	"$OUT/font.txt"
grep MISMATCH "$OUT/font.txt"
e2e_done
