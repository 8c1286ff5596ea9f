# ccsla verify --recompute: every example contract's October recomputes
# from its own attachments; one contact altered in the attached
# contacts.csv.gz (re-attached with qpdf, re-signed with the test key) is
# named as MISMATCH and fails; the evidence files are beside the report and
# inside it, byte for byte; pseudonyms hide the ids and never the key;
# fingerprint.txt is what verify --fingerprint takes; the size of a report
# with 100,000 attached contacts is stated.
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

"$CCSLA" ingest --state "$state" fixtures/logs/2026-10 >/dev/null 2>&1
check_exit "render --final with --pseudonym-key exits 0" 0 "$CCSLA" render --state "$state" \
	--contracts contracts/examples --period 2026-10 --out "$out" --final --pseudonym-key "$OUT/pseudonym.key" >/dev/null

for c in ACME BLUEJAY KOALA SUNRISE; do
	d="$out/$c/2026-10"
	check_exit "$c: sign exits 0" 0 "$CCSLA" sign --key "$OUT/leaf.key" --cert $K/test-leaf.pem \
		"$d/report.pdf" "$d/signed.pdf" >/dev/null
	check_eq "$c: fingerprint.txt beside the signed report is the certificate's" "$fp" "$(cat "$d/fingerprint.txt")"
	"$CCSLA" verify --recompute --fingerprint "$(cat "$d/fingerprint.txt")" "$d/signed.pdf" >"$OUT/$c.txt" 2>&1
	check_eq "$c: verify --recompute exits 0" 0 $?
	check "$c: every figure recomputes" grep -q '^RECOMPUTED: all [0-9]* figures match' "$OUT/$c.txt"
	check "$c: no MISMATCH line" sh -c "! grep -q MISMATCH '$OUT/$c.txt'"
	check "$c: one line per SLA month value" test "$(grep -c 'match .*metrics.csv sla .* month ' "$OUT/$c.txt")" -eq \
		"$(grep -c '^  - id:' contracts/examples/$(echo "$c" | tr A-Z a-z)-2026.yaml)"
	check "$c: the credit total is a line" grep -q 'match .*credits.csv net: ' "$OUT/$c.txt"
	check "$c: manifest.json's per-input digests match contacts.csv.gz" \
		grep -q "match     manifest.json: the client's rows of each of its [0-9]* inputs have the digest it lists" "$OUT/$c.txt"
	check "$c: qpdf --check passes on the signed report" sh -c "qpdf --check '$d/signed.pdf' >/dev/null 2>&1"
	check "$c: pdfsig: the signature is valid and covers the whole file" sh -c \
		"pdfsig '$d/signed.pdf' 2>&1 | grep -q 'Signature is Valid' && pdfsig '$d/signed.pdf' 2>&1 | grep -q 'Total document signed'"
	mkdir -p "$OUT/detach-$c"
	pdfdetach -saveall -o "$OUT/detach-$c" "$d/signed.pdf" 2>/dev/null
	for f in contract.yaml ledger.csv intervals.csv contacts.csv.gz manifest.json metrics.csv credits.csv; do
		check "$c: $f inside the PDF equals the one beside it" cmp -s "$d/$f" "$OUT/detach-$c/$f"
	done
done
check "contract.yaml is the applied contract byte for byte" cmp -s contracts/examples/sunrise-2026.yaml \
	"$out/SUNRISE/2026-10/contract.yaml"

# SUNRISE EMAIL-24H: the split of open contacts that decides the verdict is attached
check "metrics.csv has open_late and open_pending" \
	grep -q '^period,.*,open_late,open_pending,' "$out/SUNRISE/2026-10/metrics.csv"
check "metrics.csv has the favour rule's abandoned_within and FCR's counts" \
	grep -q ',abandoned_within,.*,fcr_base,fcr_resolved,fcr_provisional,' "$out/ACME/2026-10/metrics.csv"

# pseudonyms: ids hidden, stable, key nowhere
z="$out/ACME/2026-10/contacts.csv.gz"
orig_id=$(zcat fixtures/logs/2026-10/2026-10-01.csv.gz | awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "customer_id") col = i } NR > 1 && $2 == "ACME" && $col != "" { print $col; exit }')
check "a customer id of the logs is not in contacts.csv.gz" sh -c "! zcat '$z' | grep -q ',$orig_id,'"
check "customer ids are 64-hex pseudonyms" sh -c "zcat '$z' | sed -n 2p | cut -d, -f6 | grep -Eq '^[0-9a-f]{64}$'"
key=$(cat "$OUT/pseudonym.key")
check "the pseudonym key is in no output file" sh -c "! (cat '$out'/*/2026-10/* ; zcat '$out'/*/2026-10/contacts.csv.gz) | grep -aq '$key'"
check "manifest.json lists per-input digests of the client's rows" \
	grep -q '"evidence_sha256": "[0-9a-f]\{64\}"' "$out/ACME/2026-10/manifest.json"
sum=$(zcat "$z" | awk -F, 'NR > 1 && $20 == "2026-10-02.csv.gz"' | sha256sum | cut -c1-64)
check_eq "an input's evidence_sha256 is the SHA-256 of its rows of contacts.csv.gz (zcat, awk, sha256sum)" 1 \
	"$(tr -d '\n ' <"$out/ACME/2026-10/manifest.json" | grep -o "\"name\":\"2026-10-02.csv.gz\"[^}]*" | grep -c "\"evidence_sha256\":\"$sum\"")"

# one contact altered: re-attached, re-signed, named as a mismatch
d="$out/SUNRISE/2026-10"
victim=$(zcat "$d/contacts.csv.gz" | awk -F, '$3 == "voice" && $10 == "abandoned" { print $1; exit }')
zcat "$d/contacts.csv.gz" | sed "/^$victim,/s/,abandoned,/,callback,/" | gzip -n >"$OUT/contacts.csv.gz"
zcat "$OUT/contacts.csv.gz" >"$OUT/altered.csv"
check_eq "the altered attachment differs in one row ($victim)" 1 \
	"$(zcat "$d/contacts.csv.gz" | diff - "$OUT/altered.csv" | grep -c '^>')"
qpdf "$d/report.pdf" "$OUT/tampered-unsigned.pdf" --add-attachment "$OUT/contacts.csv.gz" --key=contacts.csv.gz \
	--replace -- 2>/dev/null
check "qpdf replaced the attachment" test -s "$OUT/tampered-unsigned.pdf"
check_exit "the tampered report signs with the test key" 0 "$CCSLA" sign --key "$OUT/leaf.key" --cert $K/test-leaf.pem \
	"$OUT/tampered-unsigned.pdf" "$OUT/tampered.pdf"
"$CCSLA" verify --recompute --fingerprint "$fp" "$OUT/tampered.pdf" >"$OUT/tampered.txt" 2>&1
check_eq "verify --recompute exits 1 on the altered contact" 1 $?
check "its signature still verifies (the CCC signed what it attached)" grep -q '^VERIFIED' "$OUT/tampered.txt"
check "the SLA's month figure is named as MISMATCH" \
	grep -q 'MISMATCH  metrics.csv sla SL-VOICE month service_level_pct: value .* abandoned [0-9]* -> [0-9]*' "$OUT/tampered.txt"
check "the overview figure is named too" grep -q 'MISMATCH  metrics.csv channel voice month' "$OUT/tampered.txt"
check "the altered contact's input file no longer has its listed digest" \
	grep -q "MISMATCH  manifest.json input $(zcat "$d/contacts.csv.gz" | grep "^$victim," | awk -F, '{ print $20 }'): " "$OUT/tampered.txt"
check "the summary says figures differ" grep -q '^NOT RECOMPUTED: [0-9]* figures differ' "$OUT/tampered.txt"
grep MISMATCH "$OUT/tampered.txt" | head -3

# a report made before the evidence (or stripped of it) cannot be recomputed, and says why
qpdf "$d/report.pdf" "$OUT/stripped.pdf" --remove-attachment=ledger.csv -- 2>/dev/null
"$CCSLA" verify --recompute --fingerprint "$fp" "$OUT/stripped.pdf" >"$OUT/stripped.txt" 2>&1
check_eq "verify --recompute exits 1 without ledger.csv" 1 $?
check "  and names it" grep -q 'MISMATCH  ledger.csv is not attached' "$OUT/stripped.txt"

# without --pseudonym-key: ids withheld, said on stderr and in the manifest
"$CCSLA" render --state "$state" --contracts contracts/examples --period 2026-10 --out "$OUT/nokey" --final \
	--client KOALA >/dev/null 2>"$OUT/nokey.err"
check "a final without --pseudonym-key warns that ids are withheld" grep -q 'no --pseudonym-key' "$OUT/nokey.err"
check "  manifest.json says pseudonyms withheld" grep -q '"pseudonyms": "withheld"' "$OUT/nokey/KOALA/2026-10/manifest.json"
check "  contacts.csv.gz has no customer ids" sh -c "zcat '$OUT/nokey/KOALA/2026-10/contacts.csv.gz' | sed 1d | cut -d, -f6 | grep -qv '^\$' && exit 1 || exit 0"
check_exit "a too short key is refused" 2 "$CCSLA" render --state "$state" --contracts contracts/examples \
	--period 2026-10 --out "$OUT/short" --pseudonym-key /dev/null
# the nightly run: --pseudonym-key from its config file, fingerprint.txt
# beside each signed final and in the run manifest
night="$OUT/night"
rm -rf "$night" && mkdir -p "$night/landing"
cp -p fixtures/logs/2026-10/*.csv.gz "$night/landing/"
printf 'landing = %s\ncontracts = contracts/examples\nstate = %s\nout = %s\npseudonym-key = %s\n' \
	"$night/landing" "$night/state" "$night/out" "$OUT/pseudonym.key" >"$night/nightly.conf"
"$CCSLA" nightly --config "$night/nightly.conf" --key "$OUT/leaf.key" --cert $K/test-leaf.pem --date 2026-11-02 2>/dev/null
nf="$night/out/SUNRISE/2026-10/final"
check_eq "nightly: fingerprint.txt beside the signed final" "$fp" "$(cat "$nf/fingerprint.txt" 2>/dev/null)"
check "nightly: the run manifest names the signer's fingerprint" \
	grep -q "\"signer_fingerprint\": \"$fp\"" "$(ls "$night"/out/runs/*.json | tail -n 1)"
check "nightly: contacts.csv.gz carries pseudonyms (key from the config file)" \
	grep -q '"pseudonyms": "hmac-sha256"' "$nf/manifest.json"
check_exit "nightly: its final recomputes" 0 sh -c "'$CCSLA' verify --recompute --fingerprint \"\$(cat '$nf/fingerprint.txt')\" '$nf/report.pdf' >/dev/null"

# history: September evaluated into the ledger first, so October's repeat
# multiplier comes from ledger.csv; a ledger row altered (re-attached,
# re-signed) names the credit line that changes
hist="$OUT/history"
rm -rf "$hist" && mkdir -p "$hist"
"$BUILD/tools/gen_logs" --seed 3 --from 2026-09-01 --days 61 --rows 9000 -o "$hist/logs.csv.gz"
"$CCSLA" ingest --state "$hist/state" "$hist/logs.csv.gz" >/dev/null 2>&1
"$CCSLA" evaluate --state "$hist/state" --contracts contracts/examples --period 2026-09 --out "$hist/ev" >/dev/null
"$CCSLA" render --state "$hist/state" --contracts contracts/examples --period 2026-10 --out "$hist/out" --final \
	--client ACME --pseudonym-key "$OUT/pseudonym.key" >/dev/null
hd="$hist/out/ACME/2026-10"
check "ledger.csv holds September's SL-VOICE default" grep -q '^2026-09,ACME-2026,EUR,sla,SL-VOICE,below-minimum,1,' "$hd/ledger.csv"
check "October's SL-VOICE credit carries the repeat multiplier 1.50" grep -q '^2026-10,sla,SL-VOICE,.*,1\.50,' "$hd/credits.csv"
"$CCSLA" sign --key "$OUT/leaf.key" --cert $K/test-leaf.pem "$hd/report.pdf" "$hd/signed.pdf" >/dev/null
check_exit "with history, verify --recompute exits 0" 0 sh -c "'$CCSLA' verify --recompute --fingerprint '$fp' '$hd/signed.pdf' >'$hist/ok.txt'"
sed 's/^2026-09,ACME-2026,EUR,sla,SL-VOICE,below-minimum,1,[0-9]*,/2026-09,ACME-2026,EUR,sla,SL-VOICE,missed,0,0,/' "$hd/ledger.csv" >"$hist/ledger.csv"
qpdf "$hd/report.pdf" "$hist/t-unsigned.pdf" --add-attachment "$hist/ledger.csv" --key=ledger.csv --replace -- 2>/dev/null
"$CCSLA" sign --key "$OUT/leaf.key" --cert $K/test-leaf.pem "$hist/t-unsigned.pdf" "$hist/t.pdf" >/dev/null
"$CCSLA" verify --recompute --fingerprint "$fp" "$hist/t.pdf" >"$hist/t.txt" 2>&1
check_eq "an altered ledger.csv: verify --recompute exits 1" 1 $?
check "the SL-VOICE credit line is named with its multiplier" \
	grep -q 'MISMATCH  credits.csv sla SL-VOICE: .*multiplier 1\.50 -> 1\.00' "$hist/t.txt"
check "and the net total" grep -q 'MISMATCH  credits.csv net: final_amount ' "$hist/t.txt"
grep 'MISMATCH  credits' "$hist/t.txt"

# a month of a large client: about 100,000 attached contacts (README states
# the size per 100,000 and the memory; both measured here)
big="$OUT/big"
rm -rf "$big" && mkdir -p "$big"
"$BUILD/tools/gen_logs" --seed 1 --rows 235000 -o "$big/oct.csv.gz"
"$CCSLA" ingest --state "$big/state" "$big/oct.csv.gz" >/dev/null 2>&1
"$BUILD/tools/peakrss" "$big/render.rss" "$CCSLA" render --state "$big/state" --contracts contracts/examples \
	--period 2026-10 --out "$big/out" --final --client ACME --pseudonym-key "$OUT/pseudonym.key" >/dev/null
bd="$big/out/ACME/2026-10"
n=$(($(zcat "$bd/contacts.csv.gz" | wc -l) - 1))
size=$(wc -c <"$bd/report.pdf")
echo "# a report with $n attached contacts: $size bytes (contacts.csv.gz $(wc -c <"$bd/contacts.csv.gz")), render peak RSS $(cut -d' ' -f1 "$big/render.rss") KiB"
check "about 100,000 contacts are attached ($n)" test "$n" -ge 95000 -a "$n" -le 110000
check "the report with them is below 10 MB ($size bytes)" test "$size" -lt 10485760
# the same render of the small October (1,700 contacts): with the
# attachment streamed, the big one needs less extra memory than the file's
# size (libharu would hold the file; the engine keeps answered waits)
"$BUILD/tools/peakrss" "$big/small.rss" "$CCSLA" render --state "$state" --contracts contracts/examples \
	--period 2026-10 --out "$big/small" --final --client ACME --pseudonym-key "$OUT/pseudonym.key" >/dev/null
grow=$(($(cut -d' ' -f1 "$big/render.rss") - $(cut -d' ' -f1 "$big/small.rss")))
half=$(($(wc -c <"$bd/contacts.csv.gz") / 2048))
case $BUILD in
*asan*) skip "render's peak RSS grows by less than half the attachment's size" "sanitizer build: its shadow memory scales every allocation" ;;
*) check "render's peak RSS grows by less than half the attachment's size ($grow KiB, half: $half KiB)" \
	test "$grow" -lt "$half" ;;
esac
check "qpdf --check passes on it" sh -c "qpdf --check '$bd/report.pdf' >/dev/null 2>&1"
mkdir -p "$big/detach"
pdfdetach -save 1 -o "$big/detach/contacts.csv.gz" "$bd/report.pdf" 2>/dev/null
check "its streamed contacts.csv.gz comes back byte for byte" cmp -s "$bd/contacts.csv.gz" "$big/detach/contacts.csv.gz"
check_exit "and recomputes" 0 sh -c "'$CCSLA' verify --recompute --fingerprint 00 '$bd/report.pdf' | grep -q '^RECOMPUTED'"
rm -rf "$big/state" "$big/oct.csv.gz"
e2e_done
