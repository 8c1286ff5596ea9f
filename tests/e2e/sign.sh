# ccsla sign: pdfsig and qpdf accept the result; tampering shows in pdfsig;
# keys, passphrases and PKCS#12; determinism with SOURCE_DATE_EPOCH.
. tests/e2e_lib.sh
K=fixtures/keys
case $BUILD in /*) mkpdf=$BUILD/tools/mkpdf ;; *) mkpdf=$(pwd)/$BUILD/tools/mkpdf ;; esac
export SOURCE_DATE_EPOCH=1793491200   # 2026-11-01T00:00:00Z

# A report-shaped PDF with its two CSV attachments (libharu, compressed).
printf 'line,sla_id,amount,currency\nsla,SL-VOICE,100.00,EUR\nuncapped_total,,100.00,EUR\ntotal,,100.00,EUR\n' >"$OUT/credits.csv"
printf 'sla_id,offered,answered,abandoned,callback,overflow,open\nSL-VOICE,10,8,1,0,0,1\n' >"$OUT/metrics.csv"
(cd "$OUT" && "$mkpdf" in.pdf 3 credits.csv metrics.csv)
check "the test PDF was made" test -s "$OUT/in.pdf"

# Keys as an operator keeps them: mode 0600.
cp $K/test-leaf.key $K/test-leaf-enc.key $K/test-leaf.p12 $K/test-leaf-enc.pass "$OUT/"
chmod 600 "$OUT/test-leaf.key" "$OUT/test-leaf-enc.key" "$OUT/test-leaf.p12" "$OUT/test-leaf-enc.pass"

sign() { "$CCSLA" sign --cert $K/test-leaf.pem --chain $K/test-leaf-chain.pem --reason "Monthly service report 2026-10" "$@"; }

check_exit "sign with a PEM key exits 0" 0 sign --key "$OUT/test-leaf.key" "$OUT/in.pdf" "$OUT/signed.pdf"
pdfsig "$OUT/signed.pdf" >"$OUT/pdfsig.txt" 2>&1
check "pdfsig: Total document signed" grep -q "Total document signed" "$OUT/pdfsig.txt"
check "pdfsig: Signature is Valid." grep -q "Signature is Valid\." "$OUT/pdfsig.txt"
check "pdfsig: SHA-256" grep -q "Signing Hash Algorithm: SHA-256" "$OUT/pdfsig.txt"
check "pdfsig: ETSI.CAdES.detached (PAdES)" grep -q "Signature Type: ETSI.CAdES.detached" "$OUT/pdfsig.txt"
qpdf --check "$OUT/signed.pdf" >"$OUT/qpdf.txt" 2>&1
check_eq "qpdf --check passes on the signed file" 0 $?
pdftotext -f 1 -l 1 "$OUT/signed.pdf" "$OUT/page1.txt" 2>/dev/null
check "the original text is still on page 1" grep -q "page 1 of 3" "$OUT/page1.txt"

# One byte changed inside the signed range (in the /Producer string, so
# the file still parses): pdfsig must say Digest Mismatch.
at=$(grep -abo 'Haru Free PDF' "$OUT/signed.pdf" | head -n 1 | cut -d: -f1)
cp "$OUT/signed.pdf" "$OUT/changed.pdf"
printf 'J' | dd of="$OUT/changed.pdf" bs=1 seek="$at" conv=notrunc 2>/dev/null
check "the changed copy differs in one byte" test "$(cmp -l "$OUT/signed.pdf" "$OUT/changed.pdf" | wc -l)" -eq 1
pdfsig "$OUT/changed.pdf" >"$OUT/pdfsig-changed.txt" 2>&1
check "pdfsig: a changed byte gives Digest Mismatch." grep -q "Digest Mismatch\." "$OUT/pdfsig-changed.txt"

cp "$OUT/signed.pdf" "$OUT/appended.pdf"
printf '%% appended after signing\n' >>"$OUT/appended.pdf"
pdfsig "$OUT/appended.pdf" >"$OUT/pdfsig-appended.txt" 2>&1
check "pdfsig: appended bytes give Not total document signed" grep -q "Not total document signed" "$OUT/pdfsig-appended.txt"

# Determinism: RSA (PKCS#1 v1.5) + SOURCE_DATE_EPOCH = the same bytes.
sign --key "$OUT/test-leaf.key" "$OUT/in.pdf" "$OUT/again.pdf" >/dev/null
check "signing twice gives byte-identical files" cmp -s "$OUT/signed.pdf" "$OUT/again.pdf"
SOURCE_DATE_EPOCH=1793491201 sign --key "$OUT/test-leaf.key" "$OUT/in.pdf" "$OUT/later.pdf" >/dev/null
check "another signing time gives another file" test "$(cmp -s "$OUT/signed.pdf" "$OUT/later.pdf"; echo $?)" -eq 1

# Keys and passphrases.
cp $K/test-leaf.key "$OUT/open.key"
chmod 644 "$OUT/open.key"
check_exit "a key readable by others is refused" 3 sign --key "$OUT/open.key" "$OUT/in.pdf" "$OUT/x.pdf" 2>"$OUT/open.err"
check "the refusal says what to do" grep -q "chmod 600" "$OUT/open.err"
check "nothing is written when the key is refused" test ! -e "$OUT/x.pdf"
check_exit "--allow-insecure-key accepts it" 0 sign --allow-insecure-key --key "$OUT/open.key" "$OUT/in.pdf" "$OUT/x.pdf"
check_exit "a passphrase on the command line is refused" 2 sign --key "$OUT/test-leaf-enc.key" --pass 'correct horse' "$OUT/in.pdf" "$OUT/y.pdf" 2>/dev/null
check_exit "an encrypted key without a passphrase fails" 3 sign --key "$OUT/test-leaf-enc.key" "$OUT/in.pdf" "$OUT/y.pdf" 2>"$OUT/nopass.err"
check "it says how to give the passphrase" grep -q -- "--pass-env" "$OUT/nopass.err"
CCSLA_TEST_PASS='correct horse TEST ONLY' check_exit "--pass-env reads the passphrase" 0 \
	sign --key "$OUT/test-leaf-enc.key" --pass-env CCSLA_TEST_PASS "$OUT/in.pdf" "$OUT/env.pdf"
check "a key with a passphrase gives the same signature" cmp -s "$OUT/signed.pdf" "$OUT/env.pdf"
CCSLA_TEST_PASS='zebra-crossing-42' sign --key "$OUT/test-leaf-enc.key" --pass-env CCSLA_TEST_PASS "$OUT/in.pdf" "$OUT/w.pdf" >"$OUT/wrong.out" 2>&1
check "a wrong passphrase fails and is not echoed" sh -c "grep -q 'wrong passphrase' '$OUT/wrong.out' && ! grep -q zebra '$OUT/wrong.out'"
check_exit "--pass-file reads the passphrase" 0 \
	sign --key "$OUT/test-leaf-enc.key" --pass-file "$OUT/test-leaf-enc.pass" "$OUT/in.pdf" "$OUT/file.pdf"
check_exit "a PKCS#12 file signs" 0 "$CCSLA" sign --p12 "$OUT/test-leaf.p12" --pass-file "$OUT/test-leaf-enc.pass" \
	--reason "Monthly service report 2026-10" "$OUT/in.pdf" "$OUT/p12.pdf"
pdfsig "$OUT/p12.pdf" >"$OUT/pdfsig-p12.txt" 2>&1
check "pdfsig: the PKCS#12 signature is valid" grep -q "Signature is Valid\." "$OUT/pdfsig-p12.txt"

check_exit "a signed file is not signed again" 1 sign --key "$OUT/test-leaf.key" "$OUT/signed.pdf" "$OUT/twice.pdf" 2>"$OUT/twice.err"
check "it says so" grep -q "already signed" "$OUT/twice.err"
check_exit "a file that is not a PDF is a data problem" 1 sign --key "$OUT/test-leaf.key" "$OUT/credits.csv" "$OUT/z.pdf" 2>/dev/null
check_exit "a missing input is an I/O error" 3 sign --key "$OUT/test-leaf.key" "$OUT/none.pdf" "$OUT/z.pdf" 2>/dev/null
check_exit "--key without --cert is a usage error" 2 "$CCSLA" sign --key "$OUT/test-leaf.key" "$OUT/in.pdf" "$OUT/z.pdf" 2>/dev/null
SOURCE_DATE_EPOCH=yesterday check_exit "a bad SOURCE_DATE_EPOCH is refused" 2 sign --key "$OUT/test-leaf.key" "$OUT/in.pdf" "$OUT/z.pdf" 2>/dev/null
# Issue 21: what a certificate may sign is one rule in sign and verify
# (reports/sign/certuse.h), and a certificate that cannot sign is an input
# problem (exit 1), whether expired or made for other uses. Certificates are
# made here for the TEST ONLY self-signed key, valid from now for 30 days
# (so the ones that sign do so at the clock's time, not SOURCE_DATE_EPOCH).
usage_cert() { # usage_cert NAME EXTENSION...
	name=$1
	shift
	args=
	for e in "$@"; do args="$args -addext $e"; done
	openssl req -x509 -new -key $K/test-self.key -subj "/O=ccsla TEST ONLY/CN=usage $name TEST ONLY" \
		-days 30 $args -out "$OUT/usage-$name.pem" 2>"$OUT/usage-$name.log"
}
usage_cert keyenc "keyUsage=critical,keyEncipherment"
usage_cert server "keyUsage=critical,digitalSignature" "extendedKeyUsage=serverAuth"
usage_cert code "keyUsage=critical,digitalSignature" "extendedKeyUsage=codeSigning"
usage_cert email "keyUsage=critical,digitalSignature,nonRepudiation" "extendedKeyUsage=emailProtection"
usage_cert adobe "keyUsage=critical,nonRepudiation" "extendedKeyUsage=1.2.840.113583.1.1.5"
check "openssl made the test certificates" test -s "$OUT/usage-keyenc.pem" -a -s "$OUT/usage-adobe.pem"
cp $K/test-self.key "$OUT/test-self.key"
chmod 600 "$OUT/test-self.key"
for c in keyenc server code; do
	check_exit "a certificate for other uses ($c) is refused with exit 1" 1 env -u SOURCE_DATE_EPOCH \
		"$CCSLA" sign --key "$OUT/test-self.key" --cert "$OUT/usage-$c.pem" "$OUT/in.pdf" "$OUT/usage-$c.pdf" 2>"$OUT/usage-$c.err"
	check "it says why ($c)" grep -q "usage-$c.pem: the certificate is not for signing documents: its " "$OUT/usage-$c.err"
	check "nothing is written ($c)" test ! -e "$OUT/usage-$c.pdf"
done
check "keyEncipherment only: the key usage is named" grep -q "its key usage (keyEncipherment) allows neither digitalSignature nor nonRepudiation" "$OUT/usage-keyenc.err"
check "serverAuth only: the extended key usage is named" grep -q "its extended key usage (serverAuth) does not allow signing documents" "$OUT/usage-server.err"
SOURCE_DATE_EPOCH=2524608000 check_exit "an expired certificate is refused with the same exit 1" 1 \
	sign --key "$OUT/test-leaf.key" "$OUT/in.pdf" "$OUT/expired.pdf" 2>"$OUT/expired.err"
check "it says expired" grep -q "expired before the signing time 2050-01-01T00:00:00Z" "$OUT/expired.err"
check_exit "a certificate of another key is refused with exit 1" 1 \
	"$CCSLA" sign --key "$OUT/test-leaf.key" --cert $K/test-self.pem "$OUT/in.pdf" "$OUT/other.pdf" 2>/dev/null
for c in email adobe; do
	check_exit "a document-signing certificate ($c) signs" 0 env -u SOURCE_DATE_EPOCH \
		"$CCSLA" sign --key "$OUT/test-self.key" --cert "$OUT/usage-$c.pem" "$OUT/in.pdf" "$OUT/usage-$c.pdf"
	fp=$(openssl x509 -in "$OUT/usage-$c.pem" -noout -fingerprint -sha256 | sed 's/.*=//')
	"$CCSLA" verify --fingerprint "$fp" "$OUT/usage-$c.pdf" >"$OUT/verify-usage-$c.txt"
	check_eq "ccsla verify accepts it ($c)" 0 $?
	check "verify says it is for signing documents ($c)" grep -q "ok    the signer's certificate is for signing documents (key usage" "$OUT/verify-usage-$c.txt"
done

# Files other writers make: object and xref streams, linearized (qpdf).
qpdf --object-streams=generate "$OUT/in.pdf" "$OUT/objstm.pdf"
qpdf --linearize "$OUT/in.pdf" "$OUT/linear.pdf"
for f in objstm linear; do
	sign --key "$OUT/test-leaf.key" "$OUT/$f.pdf" "$OUT/$f-signed.pdf" >/dev/null
	pdfsig "$OUT/$f-signed.pdf" >"$OUT/pdfsig-$f.txt" 2>&1
	check "pdfsig: a signed $f file is valid and totally signed" \
		sh -c "grep -q 'Signature is Valid\.' '$OUT/pdfsig-$f.txt' && grep -q 'Total document signed' '$OUT/pdfsig-$f.txt'"
	qpdf --check "$OUT/$f-signed.pdf" >"$OUT/qpdf-$f.txt" 2>&1
	check_eq "qpdf --check passes on the signed $f file" 0 $?
	"$CCSLA" verify --ca $K/test-ca.pem "$OUT/$f-signed.pdf" >"$OUT/verify-$f.txt"
	check_eq "ccsla verify accepts the signed $f file" 0 $?
done
check "an xref-stream file is updated with an xref stream" grep -aq "/Type /XRef /W \[1 4 2\]" "$OUT/objstm-signed.pdf"
e2e_done
