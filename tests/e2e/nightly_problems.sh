# ccsla nightly when something is wrong: the run manifest and the events
# tell what happened to each file (counts after dedupe, as committed), the
# signing certificate is checked at the start (expiry warning; finals wait
# when it is not valid at the signing time, everything else is done), one
# client's failure leaves the others done, the ledger holds only published
# finals, --archive moves what was ingested, and replaying a past date
# with a newer certificate works as the README says.
. tests/e2e_lib.sh

keys="--key fixtures/keys/test-leaf.key --cert fixtures/keys/test-leaf.pem --allow-insecure-key"
export SOURCE_DATE_EPOCH=1793577600 # 2026-11-02
# nightly DIR ARGS...: one run over DIR/{landing,state,out}
nightly() {
	d=$1
	shift
	"$CCSLA" nightly --landing "$d/landing" --contracts "${contracts:-contracts/examples}" --state "$d/state" \
		--out "$d/out" "$@"
}
last_manifest() { ls -d "$1"/out/runs/* | tail -n 1; }
# the (sha256 rows accepted quarantined duplicates) of each file a manifest
# lists as read, and the same from the ingest registry
manifest_counts() {
	awk -F'"' '/"sha256"/ { s = $4 } /"rows_read"/ { split($3, a, /[:,]/); r = a[2] + 0 }
		/"accepted"/ { split($3, a, /[:,]/); c = a[2] + 0 } /"quarantined"/ { split($3, a, /[:,]/); q = a[2] + 0 }
		/"duplicates"/ { split($3, a, /[:,]/); print s, r, c, q, a[2] + 0 }' "$1" | sort
}
registry_counts() { # STATE SHA...
	st=$1
	shift
	for s in "$@"; do awk -F'\t' -v s="$s" 'NR > 1 && $3 == s { print $3, $5, $6, $7, $8 }' "$st/ingest/registry.tsv"; done | sort
}
# a TEST ONLY signing certificate for test-leaf.key, valid START..END (YYYYMMDDHHMMSSZ)
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
	openssl req -new -key fixtures/keys/test-leaf.key -subj '/O=ccsla TEST ONLY/CN=Northwind Contact Services TEST ONLY' \
		-out "$db/req.csr" &&
	openssl ca -batch -notext -config "$db/ca.cnf" -cert fixtures/keys/test-ca.pem -keyfile fixtures/keys/test-ca.key \
		-in "$db/req.csr" -startdate "$2" -enddate "$3" -extensions leaf -out "$1" 2>/dev/null
}

# the base: October 1..30 ingested on the 31st (drafts)
base="$OUT/base"
mkdir -p "$base/landing"
for f in fixtures/logs/2026-10/2026-10-[0-2]?.csv.gz fixtures/logs/2026-10/2026-10-30.csv.gz; do cp -p "$f" "$base/landing/"; done
check_exit "base: the night of 31 October" 0 nightly "$base" $keys --date 2026-10-31 2>/dev/null
fresh() { rm -rf "$OUT/$1" && cp -a "$base" "$OUT/$1" && echo "$OUT/$1"; }

# --- the run manifest's counts are those the ingest committed ---
w=$(fresh counts)
# a re-sent file: 8 rows of 14 October (already stored) and all of 31 October
{ zcat fixtures/logs/2026-10/2026-10-31.csv.gz; zcat fixtures/logs/2026-10/2026-10-14.csv.gz | sed -n '2,9p'; } |
	gzip -n >"$w/landing/2026-10-31-resent.csv.gz"
# a truncated file: its gzip stream ends in the middle
zcat fixtures/logs/2026-10/2026-10-31.csv.gz | sed '1!s/^/T/' | gzip -n >"$OUT/whole.gz"
head -c $(( $(wc -c <"$OUT/whole.gz") / 2 )) "$OUT/whole.gz" >"$w/landing/2026-10-31-cut.csv.gz"
check_exit "a re-sent and a truncated file: done, with problems" 1 nightly "$w" $keys --date 2026-10-31 2>"$OUT/counts.log"
m=$(last_manifest "$w")
shas=$(sha256sum "$w/landing/2026-10-31-resent.csv.gz" "$w/landing/2026-10-31-cut.csv.gz" | cut -d' ' -f1)
check_eq "the manifest's counts are the registry's (after dedupe)" "$(registry_counts "$w/state" $shas)" \
	"$(manifest_counts "$m" | grep -F -e "$(echo "$shas" | head -n 1)" -e "$(echo "$shas" | tail -n 1)")"
check "the re-sent file has its 8 duplicates" grep -Eq \
	'event=ingest file=2026-10-31-resent.csv.gz rows=([0-9]+) accepted=[0-9]+ quarantined=0 duplicates=8 damaged=no' "$OUT/counts.log"
check "the truncated file's cut rows are quarantined, with the reason" grep -Eq \
	'event=ingest file=2026-10-31-cut.csv.gz rows=[0-9]+ accepted=[0-9]+ quarantined=[1-9][0-9]* duplicates=0 reasons="[^"]*row cut off by file damage: [0-9]+[^"]*" damaged="[^"]+"$' \
	"$OUT/counts.log"
check_eq "rows read = accepted + quarantined + duplicates in every manifest entry" 0 \
	"$(manifest_counts "$m" | awk '$2 != $3 + $4 + $5' | wc -l)"
check "a file already ingested is an event naming the earlier file" grep -q \
	'event=skip file=2026-10-15.csv.gz reason="already ingested" detail="same content (SHA-256) as 2026-10-15.csv.gz, ingest run 1"' \
	"$OUT/counts.log"

# --- "no figure changed" only for months the new files touched ---
w=$(fresh touched)
cp -p fixtures/logs/2026-10/2026-10-31.csv.gz "$w/landing/"
check_exit "finals on 2 November" 0 nightly "$w" $keys --date 2026-11-02 2>/dev/null
zcat fixtures/logs/2026-10/2026-10-31.csv.gz | sed '1!{s/^/N/;s/2026-10-31T/2026-11-03T/g}' |
	awk -F, 'NR == 1 || ($7 ~ /^2026-11-03/ && !/2026-11-01T/)' | gzip -n >"$w/landing/2026-11-03.csv.gz"
check_exit "a November file" 0 nightly "$w" $keys --date 2026-11-04 2>"$OUT/touched.log"
check "no event claims data arrived for October" sh -c "! grep 'period=2026-10' '$OUT/touched.log' | grep -vq 'event=month'"
check_eq "each October is said to be skipped, untouched (4 month lines)" 4 \
	"$(grep -c 'event=month client=[A-Z]* period=2026-10 action=skipped why="final issued; no' "$OUT/touched.log")"
check "the November drafts are rebuilt" grep -q 'client=ACME period=2026-11 kind=draft' "$OUT/touched.log"
# one late outbound KOALA call of 19 October (UTC; 20 October in Sydney): no figure counts it
{ zcat fixtures/logs/2026-10/2026-10-20.csv.gz | head -n 1
  echo 'LATEK-1,KOALA,voice,outbound,claims,KOALA-C10,2026-10-19T21:40:00.000Z,2026-10-19T21:40:03.000Z,2026-10-19T21:41:00.000Z,answered,57,0,10,KOALA-A089,0,,,0'
} | gzip -n >"$w/landing/koala-late.csv.gz"
check_exit "a late KOALA file for October" 0 nightly "$w" $keys --date 2026-11-05 2>"$OUT/unchanged.log"
check "KOALA's October: data arrived, no figure changed, naming the file" grep -q \
	'client=KOALA period=2026-10 kind=unchanged id="" detail="data arrived for 2026-10, a month with a final report; no figure changed; late data: koala-late.csv.gz (1 records)"' \
	"$OUT/unchanged.log"
check "no other client's October is said to have new data" sh -c "! grep -E 'client=(ACME|BLUEJAY|SUNRISE) period=2026-10' '$OUT/unchanged.log' | grep -vq 'event=month'"
check_eq "their Octobers are said to be skipped (3 month lines)" 3 \
	"$(grep -Ec 'event=month client=(ACME|BLUEJAY|SUNRISE) period=2026-10 action=skipped' "$OUT/unchanged.log")"
check "KOALA's October was checked for late data, naming the partition" grep -q \
	'event=month client=KOALA period=2026-10 action=unchanged why="late data for a month with a final: store partitions 2026-10-19 (changed)"' \
	"$OUT/unchanged.log"
check "no revision is issued" test ! -e "$w/out/KOALA/2026-10/revision-1"

# --- the signing certificate, checked at the start of every run ---
leaf_cert "$OUT/short.pem" 20260101000000Z 20261120000000Z
w=$(fresh expiring)
cp -p fixtures/logs/2026-10/2026-10-31.csv.gz "$w/landing/"
check_exit "a certificate expiring on 20 November: finals are issued" 0 \
	nightly "$w" --key fixtures/keys/test-leaf.key --cert "$OUT/short.pem" --allow-insecure-key --date 2026-11-02 2>"$OUT/expiring.log"
check "and a warning says it expires in 17 days" grep -q \
	'event=warning what="certificate expires" not_after=2026-11-20T00:00:00.000Z days_left=17' "$OUT/expiring.log"
check "the warning is in the run manifest" grep -q '"warning": "the signing certificate expires' "$(last_manifest "$w")"
check_exit "the next night it warns again" 0 \
	nightly "$w" --key fixtures/keys/test-leaf.key --cert "$OUT/short.pem" --allow-insecure-key --date 2026-11-03 2>"$OUT/expiring2.log"
check "days_left=16" grep -q 'event=warning what="certificate expires" .* days_left=16' "$OUT/expiring2.log"

# replaying 2 November without SOURCE_DATE_EPOCH, with a certificate issued on 3 November
leaf_cert "$OUT/new.pem" 20261103000000Z 20271231000000Z
w=$(fresh replay)
cp -p fixtures/logs/2026-10/2026-10-31.csv.gz "$w/landing/"
newkeys="--key fixtures/keys/test-leaf.key --cert $OUT/new.pem --allow-insecure-key"
check_exit "a certificate not valid at the signing time: exit 1" 1 \
	env -u SOURCE_DATE_EPOCH "$CCSLA" nightly --landing "$w/landing" --contracts contracts/examples --state "$w/state" \
	--out "$w/out" $newkeys --date 2026-11-02 2>"$OUT/replay.log"
check "it is an event at the start" grep -q 'event=signing status="not valid at the signing time"' "$OUT/replay.log"
check "the error says how to replay: SOURCE_DATE_EPOCH or a backdated certificate" \
	grep -q 'to replay a past date set SOURCE_DATE_EPOCH to a time inside the certificate.s validity or sign with a certificate valid then (a backdated test certificate' \
	"$OUT/replay.log"
for c in ACME BLUEJAY KOALA SUNRISE; do
	check "$c: the October final waits (event)" grep -q "client=$c period=2026-10 kind=final-due" "$OUT/replay.log"
	check "$c: no October final" test ! -e "$w/out/$c/2026-10/final"
	check "$c: no October ledger month" test ! -e "$w/state/ledger/$c/2026-10.txt"
	check "$c: the October draft is kept up to date (31 October ingested)" \
		grep -q "client=$c period=2026-10 kind=draft" "$OUT/replay.log"
	check "$c: the November draft is made" test -f "$w/out/$c/2026-11/draft/report.pdf"
done
check "31 October is ingested" grep -q 'event=ingest file=2026-10-31.csv.gz' "$OUT/replay.log"
check "the run manifest is written and names the problem" grep -q '"signing_problem": "the signing certificate is valid from' \
	"$(last_manifest "$w")"
check "no temporary directory is left behind" test -z "$(find "$w/out" -name '.*.tmp')"
check_exit "replayed with SOURCE_DATE_EPOCH inside the certificate's validity" 0 \
	env SOURCE_DATE_EPOCH=1793667600 "$CCSLA" nightly --landing "$w/landing" --contracts contracts/examples \
	--state "$w/state" --out "$w/out" $newkeys --date 2026-11-02 2>"$OUT/replay2.log"
check "the finals are issued" test -f "$w/out/ACME/2026-10/final/report.pdf"
check "and recorded in the ledger" test -s "$w/state/ledger/ACME/2026-10.txt"
check "and the superseded drafts go" test ! -e "$w/out/ACME/2026-10/draft"
# a late file that changes ACME's October while the certificate cannot sign: the revision waits
gzip -n -c fixtures/logs/late/2026-10-20-late-1.csv >"$w/landing/2026-10-20-late-1.csv.gz"
cp "$w/state/ledger/ACME/2026-10.txt" "$OUT/ledger-final.txt"
check_exit "late data, certificate not valid at the signing time: exit 1" 1 \
	env -u SOURCE_DATE_EPOCH "$CCSLA" nightly --landing "$w/landing" --contracts contracts/examples --state "$w/state" \
	--out "$w/out" $newkeys --date 2026-11-02 2>"$OUT/replay3.log"
check "the revision due is an event naming the file" grep -q \
	'client=ACME period=2026-10 kind=revision-due id="" detail="late data: 2026-10-20-late-1.csv.gz (20 records) changed figures of a final report but the revision waits: the signing certificate is valid from' \
	"$OUT/replay3.log"
check "no revision is issued" test ! -e "$w/out/ACME/2026-10/revision-1"
check "the ledger keeps the final's figures" cmp -s "$OUT/ledger-final.txt" "$w/state/ledger/ACME/2026-10.txt"
check_exit "the next run, signing inside the validity" 0 \
	env SOURCE_DATE_EPOCH=1793667600 "$CCSLA" nightly --landing "$w/landing" --contracts contracts/examples \
	--state "$w/state" --out "$w/out" $newkeys --date 2026-11-03 2>/dev/null
check "issues revision-1" test -f "$w/out/ACME/2026-10/revision-1/report.pdf"
check "and records it in the ledger" sh -c "! cmp -s '$OUT/ledger-final.txt' '$w/state/ledger/ACME/2026-10.txt'"

# signing at a SOURCE_DATE_EPOCH before the certificate expired, in a run after it
leaf_cert "$OUT/expired.pem" 20260101000000Z 20261101000000Z
w=$(fresh expired)
check_exit "an expired certificate, signing time inside its validity: done" 0 \
	env SOURCE_DATE_EPOCH=1793404800 "$CCSLA" nightly --landing "$w/landing" --contracts contracts/examples \
	--state "$w/state" --out "$w/out" --key fixtures/keys/test-leaf.key --cert "$OUT/expired.pem" --allow-insecure-key \
	--date 2026-11-02 2>"$OUT/expired.log"
check "it warns that the certificate has expired" grep -q \
	'event=warning what="certificate expired" not_after=2026-11-01T00:00:00.000Z' "$OUT/expired.log"

# a key that cannot be loaded: drafts are still made, finals wait
w=$(fresh badkey)
cp -p fixtures/logs/2026-10/2026-10-31.csv.gz "$w/landing/"
check_exit "a key that does not match its certificate: exit 1" 1 \
	nightly "$w" --key fixtures/keys/test-other-leaf.key --cert fixtures/keys/test-leaf.pem --allow-insecure-key \
	--date 2026-11-02 2>"$OUT/badkey.log"
check "it says the key cannot be used" grep -q 'event=signing status=unusable' "$OUT/badkey.log"
check "finals wait" grep -q 'client=ACME period=2026-10 kind=final-due' "$OUT/badkey.log"
check "November drafts are made" test -f "$w/out/SUNRISE/2026-11/draft/report.pdf"

# --- one client's failure leaves the others done ---
w=$(fresh isolation)
rm -rf "$w/out/BLUEJAY" && printf 'not a folder\n' >"$w/out/BLUEJAY"
cp -p fixtures/logs/2026-10/2026-10-31.csv.gz "$w/landing/"
check_exit "BLUEJAY's out folder is a file: exit 3" 3 nightly "$w" $keys --date 2026-11-02 2>"$OUT/isolation.log"
check "BLUEJAY's failure is an event naming the path" grep -q "event=report client=BLUEJAY period=2026-10 kind=failed .*$w/out/BLUEJAY" \
	"$OUT/isolation.log"
for c in ACME KOALA SUNRISE; do
	check "$c: October final issued" test -f "$w/out/$c/2026-10/final/report.pdf"
	check "$c: November draft made" test -f "$w/out/$c/2026-11/draft/report.pdf"
done
check "the run manifest is written and says not all was done" grep -q '"result": "not all done' "$(last_manifest "$w")"
check "BLUEJAY's October is not in the ledger" test ! -e "$w/state/ledger/BLUEJAY/2026-10.txt"
rm -f "$w/out/BLUEJAY"
check_exit "once the folder is back, the next run catches up" 0 nightly "$w" $keys --date 2026-11-02 2>/dev/null
check "BLUEJAY's October final is issued" test -f "$w/out/BLUEJAY/2026-10/final/report.pdf"

# a contract with a problem holds that client only
w=$(fresh contract)
mkdir -p "$OUT/contracts"
cp contracts/examples/*.yaml "$OUT/contracts/"
sed -i 's/^\(  timezone:\).*/\1 Australia\/Nowhere/' "$OUT/contracts/koala-2026.yaml"
contracts="$OUT/contracts"
check_exit "KOALA's contract is broken: exit 1" 1 nightly "$w" $keys --date 2026-11-02 2>"$OUT/contract.log"
contracts=
check "the problem is an event naming file and line" grep -q 'event=contract client=KOALA error=".*koala-2026.yaml:[0-9]' \
	"$OUT/contract.log"
check "KOALA is held" grep -q 'client=KOALA kind=held' "$OUT/contract.log"
check "KOALA: no final from an unknown contract" test ! -e "$w/out/KOALA/2026-10/final"
for c in ACME BLUEJAY SUNRISE; do
	check "$c: October final issued" test -f "$w/out/$c/2026-10/final/report.pdf"
done

# two versions of ACME in force at once: ACME is held, the others are done
w=$(fresh overlap)
rm -rf "$OUT/contracts2" && mkdir -p "$OUT/contracts2" && cp contracts/examples/*.yaml "$OUT/contracts2/"
sed 's/^\(  id:\).*/\1 ACME-2026-B/' contracts/examples/acme-2026.yaml >"$OUT/contracts2/acme-2026-b.yaml"
contracts="$OUT/contracts2"
check_exit "ACME has overlapping versions: exit 1" 1 nightly "$w" $keys --date 2026-11-02 2>"$OUT/overlap.log"
contracts=
check "ACME is held, saying why" grep -q 'client=ACME kind=held detail=".*acme-2026.yaml:13:14: overlapping versions for client .ACME.' "$OUT/overlap.log"
check "ACME: no final" test ! -e "$w/out/ACME/2026-10/final"
check "BLUEJAY: October final issued" test -f "$w/out/BLUEJAY/2026-10/final/report.pdf"

# --- --archive: ingested files leave the landing folder by date ---
w=$(fresh archive)
cp -p fixtures/logs/2026-10/2026-10-31.csv.gz "$w/landing/"
printf 'not gzip at all' >"$w/landing/2026-11-01-broken.csv.gz"
check_exit "nightly --archive" 1 nightly "$w" $keys --date 2026-11-02 --archive "$w/archive" 2>"$OUT/archive.log"
check "31 October is archived under the run's date" test -f "$w/archive/2026-11-02/2026-10-31.csv.gz"
check "files ingested earlier are archived too" test -f "$w/archive/2026-11-02/2026-10-01.csv.gz"
check "the archived file is the landed one" cmp -s fixtures/logs/2026-10/2026-10-31.csv.gz "$w/archive/2026-11-02/2026-10-31.csv.gz"
check "an event says where each file went" grep -q "event=archive file=2026-10-31.csv.gz to=$w/archive/2026-11-02/2026-10-31.csv.gz" \
	"$OUT/archive.log"
check_eq "only the damaged file stays in the landing folder" "2026-11-01-broken.csv.gz" "$(ls "$w/landing")"
check "the manifest says where it went" grep -q "\"archived\": \"$w/archive/2026-11-02/2026-10-31.csv.gz\"" "$(last_manifest "$w")"
rm -f "$w/landing/2026-11-01-broken.csv.gz"
cp -p fixtures/logs/late/2026-10-20-late-1.csv "$OUT/late.csv" && gzip -n -f "$OUT/late.csv"
cp -p "$OUT/late.csv.gz" "$w/landing/2026-10-20-late-1.csv.gz"
check_exit "the next night with --archive" 0 nightly "$w" $keys --date 2026-11-05 --archive "$w/archive" 2>/dev/null
check_eq "its manifest lists only the file it looked at" '"name": "2026-10-20-late-1.csv.gz",' \
	"$(grep '"name"' "$(last_manifest "$w")" | sed 's/^ *//')"
check "archived under that night's date" test -f "$w/archive/2026-11-05/2026-10-20-late-1.csv.gz"
check "the revision is issued" test -f "$w/out/ACME/2026-10/revision-1/report.pdf"
e2e_done
