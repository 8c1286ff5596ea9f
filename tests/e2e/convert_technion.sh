# ccsla convert --from technion on the bundled rows (the PDF's sample plus
# every quirk of the real files): the canonical output equals the expected
# file and a bad row is reported with its line.
. tests/e2e_lib.sh

json_int() { sed -n "s/^ *\"$2\": \(-\{0,1\}[0-9]*\),\{0,1\}\$/\1/p" "$1" | head -n 1; }

# Technion rows: the PDF sample plus every quirk.
"$CCSLA" convert --from technion fixtures/technion/sample.txt --out "$OUT/tech.csv.gz" 2>"$OUT/tech.err" >/dev/null
check_eq "technion fixture with two bad rows exits 1" 1 $?
check "technion output equals the expected canonical file" \
	sh -c "gzip -dc '$OUT/tech.csv.gz' | cmp -s - fixtures/technion/sample.expected.csv"
check "a local time in the DST gap is reported with its line" \
	grep -q "sample.txt:14: field 'vru_exit': local time 2:10:10 on 1999-04-02 does not exist" "$OUT/tech.err"
check_eq "summary: phantom rows skipped" 1 "$(json_int "$OUT/tech.summary.json" skipped)"

check_exit "an unknown zone is a usage error" 2 "$CCSLA" convert --from technion --tz Mars/Olympus fixtures/technion/sample.txt --out "$OUT/x.csv.gz" 2>/dev/null
check "a failed run leaves no output behind" test ! -e "$OUT/x.csv.gz"
e2e_done
