# ccsla verify: a good report passes only with an established identity;
# tampering, a foreign signer and a missing CA each fail in plain words.
. tests/e2e_lib.sh
K=fixtures/keys
case $BUILD in /*) mkpdf=$BUILD/tools/mkpdf ;; *) mkpdf=$(pwd)/$BUILD/tools/mkpdf ;; esac
export SOURCE_DATE_EPOCH=1793491200

printf 'line,sla_id,amount,currency\nsla,SL-VOICE,60.00,EUR\nsla,EMAIL-8BH,40.00,EUR\nuncapped_total,,100.00,EUR\ncap,,80.00,EUR\ntotal,,80.00,EUR\n' >"$OUT/credits.csv"
printf 'sla_id,offered,answered,abandoned,callback,overflow,open\nSL-VOICE,10,8,1,0,0,1\n' >"$OUT/metrics.csv"
(cd "$OUT" && "$mkpdf" in.pdf 2 credits.csv metrics.csv)
sign() { "$CCSLA" sign --allow-insecure-key --reason "Monthly service report 2026-10" "$@" >/dev/null; }
sign --key $K/test-leaf.key --cert $K/test-leaf.pem --chain $K/test-leaf-chain.pem "$OUT/in.pdf" "$OUT/good.pdf"
sign --key $K/test-other-leaf.key --cert $K/test-other-leaf.pem "$OUT/in.pdf" "$OUT/other.pdf"
sign --key $K/test-self.key --cert $K/test-self.pem "$OUT/in.pdf" "$OUT/self.pdf"

"$CCSLA" verify --ca $K/test-ca.pem "$OUT/good.pdf" >"$OUT/good.txt"
check_eq "a good report verifies against the CA" 0 $?
check "it says VERIFIED" grep -q "^VERIFIED" "$OUT/good.txt"
check "it names the signer" grep -q "^signer: .*CN=Northwind Contact Services TEST ONLY" "$OUT/good.txt"
check "it gives the signing time" grep -q "^signed at: *2026-11-01T00:00:00Z" "$OUT/good.txt"
check "it checks the capped credits total" grep -q "the capped total is min(uncapped total, cap) 80.00 EUR" "$OUT/good.txt"
want=$(openssl x509 -in $K/test-leaf.pem -noout -fingerprint -sha256 | sed 's/.*=//')
check "its fingerprint is openssl's" grep -q "SHA-256 $want" "$OUT/good.txt"
"$CCSLA" verify --fingerprint "$want" "$OUT/good.pdf" >/dev/null
check_eq "the published fingerprint identifies the signer" 0 $?
"$CCSLA" verify --fingerprint "$(echo "$want" | tr -d : | tr 'A-F' 'a-f')" "$OUT/good.pdf" >/dev/null
check_eq "the fingerprint may be written without colons, in lower case" 0 $?

"$CCSLA" verify "$OUT/good.pdf" >"$OUT/noca.txt"
check_eq "without --ca or --fingerprint the identity is not established" 1 $?
check "it says the issuer is unknown" grep -q "issued by an unknown issuer" "$OUT/noca.txt"
"$CCSLA" verify --ca $K/test-ca.pem "$OUT/other.pdf" >"$OUT/other.txt"
check_eq "a signer of another CA is rejected" 1 $?
check "it says the chain does not hold" grep -q "FAIL  the signer's certificate does not chain to the given CA" "$OUT/other.txt"
"$CCSLA" verify "$OUT/self.pdf" >"$OUT/self.txt"
check_eq "a self-signed report is rejected without its fingerprint" 1 $?
check "it says self-signed" grep -q "self-signed" "$OUT/self.txt"

cp "$OUT/good.pdf" "$OUT/appended.pdf"
printf '\n%%%%EOF\n' >>"$OUT/appended.pdf"
"$CCSLA" verify --ca $K/test-ca.pem "$OUT/appended.pdf" >"$OUT/appended.txt"
check_eq "appended bytes are rejected" 1 $?
check "it says bytes were appended" grep -q "bytes were appended after signing" "$OUT/appended.txt"
head -c 3000 "$OUT/good.pdf" >"$OUT/truncated.pdf"
"$CCSLA" verify --ca $K/test-ca.pem "$OUT/truncated.pdf" >/dev/null
check_eq "a truncated file is rejected" 1 $?
at=$(grep -abo 'Haru Free PDF' "$OUT/good.pdf" | head -n 1 | cut -d: -f1)
cp "$OUT/good.pdf" "$OUT/changed.pdf"
printf 'J' | dd of="$OUT/changed.pdf" bs=1 seek="$at" conv=notrunc 2>/dev/null
"$CCSLA" verify --ca $K/test-ca.pem "$OUT/changed.pdf" >"$OUT/changed.txt"
check_eq "a changed byte is rejected" 1 $?
check "it says the digest does not match" grep -q "does not match the signed digest" "$OUT/changed.txt"
"$CCSLA" verify --ca $K/test-ca.pem "$OUT/in.pdf" >/dev/null
check_eq "an unsigned file is rejected" 1 $?
check_exit "a missing file is an I/O error" 3 "$CCSLA" verify "$OUT/none.pdf" 2>/dev/null
check_exit "two files are a usage error" 2 "$CCSLA" verify "$OUT/good.pdf" "$OUT/good.pdf" 2>/dev/null
e2e_done
