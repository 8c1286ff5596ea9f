# PAdES long-term signatures: B-B, B-T with a TSA on 127.0.0.1 (openssl ts
# -reply behind tests/tools/tsa_server.py), the token checked by openssl ts
# -verify, the level named by ccsla verify, a certificate judged at the
# time-stamp's time, and the TSA's failures as clear messages.
. tests/e2e_lib.sh
K=fixtures/keys
case $BUILD in /*) mkpdf=$BUILD/tools/mkpdf ;; *) mkpdf=$(pwd)/$BUILD/tools/mkpdf ;; esac
unset SOURCE_DATE_EPOCH

printf 'line,sla_id,amount,currency\nsla,SL-VOICE,100.00,EUR\nuncapped_total,,100.00,EUR\ntotal,,100.00,EUR\n' >"$OUT/credits.csv"
printf 'sla_id,offered,answered,abandoned,callback,overflow,open\nSL-VOICE,10,8,1,0,0,1\n' >"$OUT/metrics.csv"
(cd "$OUT" && "$mkpdf" in.pdf 2 credits.csv metrics.csv)
cp $K/test-leaf.key "$OUT/leaf.key" && chmod 600 "$OUT/leaf.key"
sign() { "$CCSLA" sign --key "$OUT/leaf.key" --chain $K/test-leaf-chain.pem --reason "Monthly service report 2026-10" "$@"; }

# --- the signature value and the time-stamp token, out of a signed PDF ---
# (a small DER walk: ContentInfo / SignedData / SignerInfo)
extract() { # PDF DIR: writes DIR/cms.der, DIR/sigvalue.bin, DIR/token.der (when present)
	python3 - "$1" "$2" <<'PY'
import re, sys
pdf, out = sys.argv[1], sys.argv[2]
data = open(pdf, "rb").read()
hexs = re.findall(rb"/Contents <([0-9a-fA-F]+)>", data)[0]
der = bytes.fromhex(hexs.decode())
def tlv(b, i):
    tag = b[i]; n = b[i + 1]; i += 2
    if n & 0x80:
        k = n & 0x7f; n = int.from_bytes(b[i:i + k], "big"); i += k
    return tag, i, i + n          # tag, value start, value end
def children(b, s, e):
    out = []
    while s < e:
        t, vs, ve = tlv(b, s); out.append((t, s, vs, ve)); s = ve
    return out
t, vs, ve = tlv(der, 0)
open(out + "/cms.der", "wb").write(der[:ve])
ci = children(der, vs, ve)                 # OID, [0]
sd = children(der, ci[1][2], ci[1][3])     # SignedData SEQUENCE
sdc = children(der, sd[0][2], sd[0][3])
sis = [c for c in sdc if c[0] == 0x31][-1]  # signerInfos SET (the last SET)
si = children(der, sis[2], sis[3])[0]
fields = children(der, si[2], si[3])
sig = [f for f in fields if f[0] == 0x04][0]
open(out + "/sigvalue.bin", "wb").write(der[sig[2]:sig[3]])
ua = [f for f in fields if f[0] == 0xA1]
if ua:
    for attr in children(der, ua[0][2], ua[0][3]):
        oid, vals = children(der, attr[2], attr[3])
        if der[oid[2]:oid[3]] == bytes.fromhex("2a864886f70d010910020e"):
            tok = children(der, vals[2], vals[3])[0]
            open(out + "/token.der", "wb").write(der[tok[1]:tok[3]])
PY
}

# --- B-B ---
sign --cert $K/test-leaf.pem "$OUT/in.pdf" "$OUT/bb.pdf" >/dev/null
pdfsig "$OUT/bb.pdf" >"$OUT/bb.pdfsig" 2>&1
check "B-B: pdfsig says ETSI.CAdES.detached" grep -q "Signature Type: ETSI.CAdES.detached" "$OUT/bb.pdfsig"
check "B-B: pdfsig says valid" grep -q "Signature is Valid\." "$OUT/bb.pdfsig"
check "B-B: pdfsig says Total document signed" grep -q "Total document signed" "$OUT/bb.pdfsig"
mkdir -p "$OUT/bb" && extract "$OUT/bb.pdf" "$OUT/bb"
openssl cms -cmsout -print -inform DER -in "$OUT/bb/cms.der" >"$OUT/bb/cms.txt" 2>&1
check "B-B: the CMS has signing-certificate-v2" grep -q "id-smime-aa-signingCertificateV2" "$OUT/bb/cms.txt"
check "B-B: the CMS has no signingTime" sh -c "! grep -q signingTime '$OUT/bb/cms.txt'"
"$CCSLA" verify --ca $K/test-ca.pem "$OUT/bb.pdf" >"$OUT/bb.verify"
check_eq "B-B: ccsla verify passes" 0 $?
check "B-B: ccsla verify names the level" grep -q "^level: *PAdES B-B" "$OUT/bb.verify"

# --- a test TSA: its own CA, a certificate with extendedKeyUsage critical timeStamping ---
T="$(cd "$OUT" && pwd)/tsa"
mkdir -p "$T"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$T/ca.key" -out "$T/ca.pem" -days 3650 \
	-subj "/O=ccsla TEST ONLY/CN=test TSA CA TEST ONLY" -addext "basicConstraints=critical,CA:true" \
	-addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
openssl req -new -newkey rsa:2048 -nodes -keyout "$T/tsa.key" -out "$T/tsa.csr" \
	-subj "/O=ccsla TEST ONLY/CN=test TSA TEST ONLY" 2>/dev/null
printf 'basicConstraints=critical,CA:false\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=critical,timeStamping\n' >"$T/tsa.ext"
openssl x509 -req -in "$T/tsa.csr" -CA "$T/ca.pem" -CAkey "$T/ca.key" -CAcreateserial -days 3650 \
	-extfile "$T/tsa.ext" -out "$T/tsa.pem" 2>/dev/null
echo 01 >"$T/serial"
cat >"$T/ts.cnf" <<CNF
[tsa]
default_tsa = t
[t]
serial = $T/serial
signer_cert = $T/tsa.pem
certs = $T/ca.pem
signer_key = $T/tsa.key
signer_digest = sha256
default_policy = 1.3.6.1.4.1.99999.1
other_policies = 1.3.6.1.4.1.99999.2
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = no
tsa_name = no
ess_cert_id_chain = no
ess_cert_id_alg = sha256
CNF
check "the test TSA certificate was made" test -s "$T/tsa.pem"
python3 tests/tools/tsa_server.py "$T" "$T/port" &
tsa_pid=$!
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do [ -s "$T/port" ] && break; sleep 0.25; done
check "the test TSA listens" test -s "$T/port"
URL="http://127.0.0.1:$(cat "$T/port")"

# --- B-T ---
check_exit "B-T: sign --tsa exits 0" 0 sign --cert $K/test-leaf.pem --tsa "$URL/" "$OUT/in.pdf" "$OUT/bt.pdf"
pdfsig "$OUT/bt.pdf" >"$OUT/bt.pdfsig" 2>&1
check "B-T: pdfsig says valid" grep -q "Signature is Valid\." "$OUT/bt.pdfsig"
check "B-T: pdfsig says Total document signed" grep -q "Total document signed" "$OUT/bt.pdfsig"
qpdf --check "$OUT/bt.pdf" >"$OUT/bt.qpdf" 2>&1
check_eq "B-T: qpdf --check passes" 0 $?
mkdir -p "$OUT/bt" && extract "$OUT/bt.pdf" "$OUT/bt"
check "B-T: the signature carries a time-stamp token" test -s "$OUT/bt/token.der"
openssl ts -verify -token_in -in "$OUT/bt/token.der" -data "$OUT/bt/sigvalue.bin" -CAfile "$T/ca.pem" \
	-untrusted "$T/tsa.pem" >"$OUT/bt/ts-verify.txt" 2>&1
check "B-T: openssl ts -verify accepts the token over the signature value" grep -q "^Verification: OK" "$OUT/bt/ts-verify.txt"
"$CCSLA" verify --ca $K/test-ca.pem --tsa-ca "$T/ca.pem" "$OUT/bt.pdf" >"$OUT/bt.verify"
check_eq "B-T: ccsla verify passes" 0 $?
check "B-T: ccsla verify names the level" grep -q "^level: *PAdES B-T" "$OUT/bt.verify"
check "B-T: it checked the token and its TSA" grep -q "ok .*valid RFC 3161 token over the signature value, made at .* by CN=test TSA TEST ONLY.*chains to the given CA" "$OUT/bt.verify"
check "B-T: it judges the certificate at the time-stamp's time" grep -q "ok .*was valid at the time-stamp's time" "$OUT/bt.verify"
"$CCSLA" verify --ca $K/test-ca.pem "$OUT/bt.pdf" >"$OUT/bt-wrongca.verify"
check_eq "B-T: a TSA that does not chain to the CA given fails" 1 $?
check "B-T: and says so" grep -q "FAIL .*TSA certificate (CN=test TSA TEST ONLY.*) does not chain to the given CA" "$OUT/bt-wrongca.verify"
# the token swapped for one over other bytes: the imprint differs
# (a token of the same length, so that only the imprint changes: the nonces'
# DER lengths vary, so a few tries)
want=$(wc -c <"$OUT/bt/token.der")
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
	head -c 256 /dev/urandom >"$OUT/other.bin"
	openssl ts -query -data "$OUT/other.bin" -sha256 -cert -out "$OUT/other.tsq" 2>/dev/null
	openssl ts -reply -config "$T/ts.cnf" -queryfile "$OUT/other.tsq" -token_out -out "$OUT/other.tok" 2>/dev/null
	[ "$(wc -c <"$OUT/other.tok")" -eq "$want" ] && break
done
python3 - "$OUT/bt.pdf" "$OUT/bt/token.der" "$OUT/other.tok" "$OUT/swapped.pdf" <<'PY'
import sys
pdf, tok, other, out = sys.argv[1:]
data = open(pdf, "rb").read(); t = open(tok, "rb").read().hex().encode(); o = open(other, "rb").read().hex().encode()
assert len(o) == len(t), (len(o), len(t))
assert data.count(t) == 1
open(out, "wb").write(data.replace(t, o))
PY
"$CCSLA" verify --ca $K/test-ca.pem --tsa-ca "$T/ca.pem" "$OUT/swapped.pdf" >"$OUT/swapped.verify"
check_eq "a time-stamp token over other bytes fails" 1 $?
check "and says the imprint differs" grep -q "FAIL .*time-stamp token is NOT over these bytes" "$OUT/swapped.verify"

# --- judged at the time-stamp's time ---
# A certificate that expires 4 s from now: signed and stamped while valid,
# verified after it expired (no faked clock, a real wait).
leaf_cert() { # OUT START END
	db="$OUT/ca.$(basename "$1")"
	rm -rf "$db" && mkdir -p "$db" && : >"$db/index.txt" && echo 42 >"$db/serial"
	cat >"$db/ca.cnf" <<CNF
[ca]
default_ca = d
[d]
database = $db/index.txt
new_certs_dir = $db
serial = $db/serial
default_md = sha256
policy = p
unique_subject = no
[p]
organizationName = supplied
commonName = supplied
[leaf]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature, nonRepudiation
extendedKeyUsage = emailProtection
CNF
	openssl req -new -key $K/test-leaf.key -subj '/O=ccsla TEST ONLY/CN=Northwind Contact Services TEST ONLY' \
		-out "$db/req.csr" &&
	openssl ca -batch -notext -config "$db/ca.cnf" -cert $K/test-ca.pem -keyfile $K/test-ca.key \
		-in "$db/req.csr" -startdate "$2" -enddate "$3" -extensions leaf -out "$1" 2>/dev/null
}
soon=$(( $(date +%s) + 4 ))
leaf_cert "$OUT/short.pem" 20260101000000Z "$(date -u -d "@$soon" +%Y%m%d%H%M%SZ)"
check "a certificate valid for 4 more seconds was made" test -s "$OUT/short.pem"
check_exit "signed and time-stamped while it is valid" 0 sign --cert "$OUT/short.pem" --tsa "$URL/" "$OUT/in.pdf" "$OUT/short-bt.pdf"
check_exit "and signed without a time-stamp" 0 sign --cert "$OUT/short.pem" "$OUT/in.pdf" "$OUT/short-bb.pdf"
while [ "$(date +%s)" -le "$soon" ]; do sleep 0.5; done
openssl x509 -in "$OUT/short.pem" -noout -checkend 0 >/dev/null
check_eq "the certificate has now expired" 1 $?
"$CCSLA" verify --ca $K/test-ca.pem --tsa-ca "$T/ca.pem" "$OUT/short-bt.pdf" >"$OUT/short-bt.verify"
check_eq "expired since, but time-stamped while valid: ccsla verify passes" 0 $?
check "and says so" grep -q "ok .*was valid at the time-stamp's time .*; it has expired since" "$OUT/short-bt.verify"
pdfsig "$OUT/short-bt.pdf" >"$OUT/short-bt.pdfsig" 2>&1
check "pdfsig still says the signature is valid" grep -q "Signature is Valid\." "$OUT/short-bt.pdfsig"
"$CCSLA" verify --ca $K/test-ca.pem "$OUT/short-bb.pdf" >"$OUT/short-bb.verify"
check_eq "expired and without a time-stamp: ccsla verify fails" 1 $?
check "with a clear reason" grep -q "FAIL .*expired on .* and the signature has no time-stamp: nothing proves it was made while the certificate was valid" "$OUT/short-bb.verify"
"$CCSLA" verify --ca $K/test-ca.pem --tsa-ca $K/test-ca.pem "$OUT/short-bt.pdf" >"$OUT/short-untrusted.verify"
check_eq "expired, time-stamped by a TSA that is not established: fails" 1 $?

# --- B-LT: the document security store, with the CA's CRL ---
leaf_cert "$OUT/lt.pem" 20260101000000Z 20461231000000Z
db="$OUT/ca.lt.pem"
openssl ca -gencrl -config "$db/ca.cnf" -cert $K/test-ca.pem -keyfile $K/test-ca.key -crldays 30 \
	-out "$OUT/ca.crl" 2>/dev/null
check "a CRL of the test CA was made" test -s "$OUT/ca.crl"
check_exit "B-LT: sign --level B-LT --crl exits 0" 0 \
	sign --cert "$OUT/lt.pem" --tsa "$URL/" --level B-LT --crl "$OUT/ca.crl" "$OUT/in.pdf" "$OUT/lt.pdf"
check "B-LT: the file holds the signed revision and one update after it" test "$(grep -ac '%%EOF' "$OUT/lt.pdf")" -eq 3
pdfsig "$OUT/lt.pdf" >"$OUT/lt.pdfsig" 2>&1
check "B-LT: pdfsig says the signature is valid" grep -q "Signature is Valid\." "$OUT/lt.pdfsig"
qpdf --check "$OUT/lt.pdf" >"$OUT/lt.qpdf" 2>&1
check_eq "B-LT: qpdf --check passes" 0 $?
check "B-LT: the file has a /DSS with /Certs, /CRLs and /VRI" grep -aq "/Certs \[.*\] /CRLs \[.*\] /VRI" "$OUT/lt.pdf"
"$CCSLA" verify --ca $K/test-ca.pem --tsa-ca "$T/ca.pem" "$OUT/lt.pdf" >"$OUT/lt.verify"
check_eq "B-LT: ccsla verify passes" 0 $?
check "B-LT: ccsla verify names the level" grep -q "^level: *PAdES B-LT" "$OUT/lt.verify"
check "B-LT: the update only adds the store" grep -q "ok .*only add validation data (a document security store with . certificates, 1 CRLs" "$OUT/lt.verify"
check "B-LT: the stored CRL says not revoked" grep -q "ok .*not revoked according to the stored CRL" "$OUT/lt.verify"
# a changed catalog in the update (same length: /Pages points elsewhere)
python3 - "$OUT/lt.pdf" "$OUT/lt-changed.pdf" <<'PY'
import re, sys
data = open(sys.argv[1], "rb").read()
at = data.rindex(b"/DSS ")
start = data.rindex(b"<<", 0, at)
m = re.compile(rb"/Pages (\d+) 0 R").search(data, start, at)
num = m.group(1)
new = str((int(num) + 1) % 10 if len(num) == 1 else int(num) + 1).encode()
assert len(new) == len(num)
open(sys.argv[2], "wb").write(data[:m.start(1)] + new + data[m.end(1):])
PY
"$CCSLA" verify --ca $K/test-ca.pem --tsa-ca "$T/ca.pem" "$OUT/lt-changed.pdf" >"$OUT/lt-changed.verify"
check_eq "B-LT: an update that changes the catalog fails" 1 $?
check "and says what it changes" grep -q "FAIL .*appended after signing.*not only validation data (the later update changes the catalog's /Pages)" "$OUT/lt-changed.verify"
# revoked after the time-stamp: the signature stands; revoked before: it fails
openssl ca -config "$db/ca.cnf" -cert $K/test-ca.pem -keyfile $K/test-ca.key -revoke "$OUT/lt.pem" 2>/dev/null
openssl ca -gencrl -config "$db/ca.cnf" -cert $K/test-ca.pem -keyfile $K/test-ca.key -crldays 30 \
	-out "$OUT/revoked.crl" 2>/dev/null
sleep 1
check_exit "B-LT signed after the revocation, with the CRL that says so" 0 \
	"$CCSLA" sign --key "$OUT/leaf.key" --cert "$OUT/lt.pem" --chain $K/test-leaf-chain.pem --level B-LT --crl "$OUT/revoked.crl" \
	--tsa "$URL/" "$OUT/in.pdf" "$OUT/lt-revoked-before.pdf"
"$CCSLA" verify --ca $K/test-ca.pem --tsa-ca "$T/ca.pem" "$OUT/lt-revoked-before.pdf" >"$OUT/lt-revoked-before.verify"
check_eq "signed after the revocation: ccsla verify fails" 1 $?
check "it says revoked before the signature's time" grep -q "FAIL .*was revoked on .*, before the signature's time" "$OUT/lt-revoked-before.verify"

# --- B-LTA: a document time-stamp over it all; resign-archive renews it ---
check_exit "B-LTA: sign --level B-LTA exits 0" 0 \
	sign --cert "$OUT/lt.pem" --tsa "$URL/" --level B-LTA --crl "$OUT/ca.crl" "$OUT/in.pdf" "$OUT/lta.pdf"
pdfsig "$OUT/lta.pdf" >"$OUT/lta.pdfsig" 2>&1
check "B-LTA: pdfsig says the signature is valid" grep -q "Signature is Valid\." "$OUT/lta.pdfsig"
# poppler 22 cannot validate ETSI.RFC3161 ("not yet verified"): it names the
# last one and says it covers the whole file
check "B-LTA: pdfsig says the document time-stamp is Total document signed" \
	sh -c "sed -n '/^Signature #2/,\$p' '$OUT/lta.pdfsig' | grep -q 'Total document signed'"
qpdf --check "$OUT/lta.pdf" >"$OUT/lta.qpdf" 2>&1
check_eq "B-LTA: qpdf --check passes" 0 $?
check "B-LTA: the file has a /DocTimeStamp with /SubFilter /ETSI.RFC3161" grep -aq "/Type /DocTimeStamp /Filter /Adobe.PPKLite /SubFilter /ETSI.RFC3161" "$OUT/lta.pdf"
"$CCSLA" verify --ca $K/test-ca.pem --tsa-ca "$T/ca.pem" "$OUT/lta.pdf" >"$OUT/lta.verify"
check_eq "B-LTA: ccsla verify passes" 0 $?
check "B-LTA: ccsla verify names the level" grep -q "^level: *PAdES B-LTA" "$OUT/lta.verify"
check "B-LTA: it checked the document time-stamp" grep -q "ok .*document time-stamp 1 is a valid RFC 3161 token over bytes 0\.\." "$OUT/lta.verify"
# the document time-stamp's token checked by openssl over its byte ranges
python3 - "$OUT/lta.pdf" "$OUT" <<'PY'
import re, sys
data = open(sys.argv[1], "rb").read()
m = list(re.finditer(rb"/SubFilter /ETSI.RFC3161\n/ByteRange \[(\d+) +(\d+) +(\d+) +(\d+) *\]\n/Contents <([0-9a-f]+)>", data))[-1]
a, b, c, d = (int(m.group(i)) for i in range(1, 5))
open(sys.argv[2] + "/dts-data.bin", "wb").write(data[a:a + b] + data[c:c + d])
tok = bytes.fromhex(m.group(5).decode())
n = tok[1] & 0x7f if tok[1] & 0x80 else 0
length = int.from_bytes(tok[2:2 + n], "big") + 2 + n if n else tok[1] + 2
open(sys.argv[2] + "/dts-token.der", "wb").write(tok[:length])
PY
openssl ts -verify -token_in -in "$OUT/dts-token.der" -data "$OUT/dts-data.bin" -CAfile "$T/ca.pem" \
	-untrusted "$T/tsa.pem" >"$OUT/dts-verify.txt" 2>&1
check "B-LTA: openssl ts -verify accepts the document time-stamp" grep -q "^Verification: OK" "$OUT/dts-verify.txt"
# appended after the document time-stamp: not covered
cp "$OUT/lta.pdf" "$OUT/lta-appended.pdf" && printf '%% appended\n' >>"$OUT/lta-appended.pdf"
"$CCSLA" verify --ca $K/test-ca.pem --tsa-ca "$T/ca.pem" "$OUT/lta-appended.pdf" >"$OUT/lta-appended.verify"
check_eq "bytes appended after the document time-stamp: verify fails" 1 $?
check_exit "resign-archive adds a fresh document time-stamp" 0 \
	"$CCSLA" resign-archive --tsa "$URL/" --out "$OUT/lta2.pdf" "$OUT/lta.pdf"
check "resign-archive keeps the earlier bytes as a prefix" cmp -s -n "$(wc -c <"$OUT/lta.pdf")" "$OUT/lta.pdf" "$OUT/lta2.pdf"
check "and adds bytes" test "$(wc -c <"$OUT/lta2.pdf")" -gt "$(wc -c <"$OUT/lta.pdf")"
pdfsig "$OUT/lta2.pdf" >"$OUT/lta2.pdfsig" 2>&1
check "pdfsig: the renewed file's signature is still valid" grep -q "Signature is Valid\." "$OUT/lta2.pdfsig"
check "pdfsig: its newest time-stamp covers the whole file" sh -c "sed -n '/^Signature #3/,\$p' '$OUT/lta2.pdfsig' | grep -q 'Total document signed'"
qpdf --check "$OUT/lta2.pdf" >/dev/null 2>&1
check_eq "qpdf --check passes on the renewed file" 0 $?
"$CCSLA" verify --ca $K/test-ca.pem --tsa-ca "$T/ca.pem" "$OUT/lta2.pdf" >"$OUT/lta2.verify"
check_eq "the renewed file verifies" 0 $?
check "with two document time-stamps, level B-LTA" sh -c "grep -q 'ok .*document time-stamp 2 is a valid' '$OUT/lta2.verify' && grep -q '^level: *PAdES B-LTA' '$OUT/lta2.verify'"
check_exit "resign-archive on an unsigned file: exit 1" 1 "$CCSLA" resign-archive --tsa "$URL/" --out "$OUT/x.pdf" "$OUT/in.pdf" 2>"$OUT/unsigned.err"
check "it says there is no signature" grep -q "carries no signature" "$OUT/unsigned.err"
check_exit "resign-archive without --tsa is a usage error" 2 "$CCSLA" resign-archive "$OUT/lta.pdf" 2>/dev/null

# --- the TSA's failures: clear messages, exit 3, nothing written ---
check_exit "a TSA answering HTTP 500: exit 3" 3 sign --cert $K/test-leaf.pem --tsa "$URL/http500" "$OUT/in.pdf" "$OUT/e500.pdf" 2>"$OUT/e500.err"
check "it names the HTTP status" grep -q "answered HTTP 500, not 200" "$OUT/e500.err"
check "nothing is written" test ! -e "$OUT/e500.pdf"
check_exit "a server that is not a TSA: exit 3" 3 sign --cert $K/test-leaf.pem --tsa "$URL/html" "$OUT/in.pdf" "$OUT/html.pdf" 2>"$OUT/html.err"
check "it names the content type" grep -q "Content-Type 'text/html'" "$OUT/html.err"
check_exit "a TSA that does not answer in time: exit 3" 3 sign --cert $K/test-leaf.pem --tsa "$URL/slow" --tsa-timeout 1 "$OUT/in.pdf" "$OUT/slow.pdf" 2>"$OUT/slow.err"
check "it says the TSA did not answer within 1 s" grep -q "did not answer within 1 s" "$OUT/slow.err"
kill "$tsa_pid" 2>/dev/null; wait "$tsa_pid" 2>/dev/null
check_exit "a TSA that cannot be reached: exit 3" 3 sign --cert $K/test-leaf.pem --tsa "$URL/" "$OUT/in.pdf" "$OUT/down.pdf" 2>"$OUT/down.err"
check "it says it cannot reach the TSA" grep -q "cannot reach the time-stamp authority" "$OUT/down.err"
check_exit "a bad --tsa-timeout is a usage error" 2 sign --cert $K/test-leaf.pem --tsa "$URL/" --tsa-timeout 0 "$OUT/in.pdf" "$OUT/x.pdf" 2>/dev/null
e2e_done
