# ccsla contract check: the examples pass, broken files fail with
# file:line:column messages, overlapping versions fail.
. tests/e2e_lib.sh

"$CCSLA" contract check contracts/examples >"$OUT/ok.txt" 2>"$OUT/ok.err"
check_eq "the example contracts are valid" 0 $?
check "the summary names each contract" grep -q "contract ACME-2026, valid" "$OUT/ok.txt"
check "the summary shows the at-risk amount" grep -q "12 % of charges = 48000.00 EUR" "$OUT/ok.txt"
check "the summary shows every SLA parameter" grep -q "T 20s, short abandon 5s, abandons against" "$OUT/ok.txt"
"$CCSLA" contract check fixtures/contracts/broken/many-errors.yaml >/dev/null 2>"$OUT/bad.err"
check_eq "a broken contract exits 1" 1 $?
check "errors read file:line:column: message" grep -q "^fixtures/contracts/broken/many-errors.yaml:7:3: contract: unknown key 'efective', did you mean 'effective'?" "$OUT/bad.err"
check_eq "all errors of the file are reported" 11 "$(grep -c '^fixtures/contracts/broken/many-errors.yaml:' "$OUT/bad.err")"
"$CCSLA" contract check fixtures/contracts/overlap/acme-a.yaml fixtures/contracts/overlap/acme-b.yaml >/dev/null 2>"$OUT/ov.err"
check_eq "overlapping versions exit 1" 1 $?
check "the overlap names the other version" grep -q "acme-b.yaml:13:14: overlapping versions for client 'ACME'" "$OUT/ov.err"

# Issue 21 finding 3: a client id is a folder name; one that climbs out of
# out/ and STATE/ is refused before anything is written.
sed 's/client: ACME /client: "..\/..\/..\/escaped" /' contracts/examples/acme-2026.yaml >"$OUT/escape.yaml"
"$CCSLA" contract check "$OUT/escape.yaml" >/dev/null 2>"$OUT/escape.err"
check_eq "a client id with ../ is refused" 1 $?
check "the refusal names file:line:column and the rule" grep -q "escape.yaml:10:11: 'client': '../../../escaped' is not a client id: 1 to 32 letters, digits, '_' or '-'" "$OUT/escape.err"
state="$OUT/contract-state"
rm -rf "$state" "$OUT/contract-out" "$OUT/escaped"
rm -rf "$OUT/deep" "$OUT/escape"
mkdir -p "$OUT/escape"
cp "$OUT/escape.yaml" "$OUT/escape/"
"$CCSLA" ingest --state "$state" fixtures/logs/2026-10 >/dev/null 2>&1
"$CCSLA" evaluate --state "$state" --contracts "$OUT/escape" --period 2026-10 --out "$OUT/deep/a/b/out" >/dev/null 2>&1
check_eq "evaluate refuses such a contract" 1 $?
check "nothing is written outside out/" test ! -e "$OUT/escaped" -a ! -e "$OUT/deep/escaped" -a ! -e "$state/escaped"

# Finding 4: one client spelled twice (letter case) would share out/<client>.
mkdir -p "$OUT/twice"
cp contracts/examples/acme-2026.yaml "$OUT/twice/a.yaml"
sed 's/client: ACME /client: acme /; s/id: ACME-2026 /id: ACME-LOWER /' contracts/examples/acme-2026.yaml >"$OUT/twice/b.yaml"
"$CCSLA" contract check "$OUT/twice" >/dev/null 2>"$OUT/twice.err"
check_eq "clients differing only in case are refused" 1 $?
check "the refusal names both files" grep -q "twice/b.yaml:13:14: client 'acme' differs from client 'ACME' of ACME-2026 ($OUT/twice/a.yaml) only in letter case" "$OUT/twice.err"

# --contracts takes a file as well as a folder (issue 15)
"$CCSLA" evaluate --state "$state" --contracts contracts/examples/acme-2026.yaml --period 2026-10 --out "$OUT/contract-out" >"$OUT/file.txt" 2>&1
check_eq "evaluate --contracts FILE" 0 $?
check "evaluate --contracts FILE evaluates that contract only" sh -c "grep -q '^ACME 2026-10 (ACME-2026)' '$OUT/file.txt' && test ! -e '$OUT/contract-out/BLUEJAY'"

# until is optional (contracts.md v2): open-ended
sed '/^  until:/d' contracts/examples/acme-2026.yaml >"$OUT/open.yaml"
"$CCSLA" contract check "$OUT/open.yaml" >"$OUT/open.txt" 2>&1
check_eq "a contract without until is valid" 0 $?
check "its summary says open-ended" grep -q "in effect: 2026-01-01 .. open-ended" "$OUT/open.txt"

# no version in force: the message gives an open-ended version's range in words
sed '/^  until:/d; s/effective: 2026-01-01/effective: 2027-01-01/' contracts/examples/acme-2026.yaml >"$OUT/open2027.yaml"
"$CCSLA" evaluate --state "$state" --contracts "$OUT/open2027.yaml" --period 2026-10 --out "$OUT/contract-out" 2>"$OUT/open2027.err"
check_eq "an open-ended version from 2027 is not in force in October 2026" 1 $?
check "the message says it is open-ended" grep -q "ACME-2026 2027-01-01, open-ended" "$OUT/open2027.err"

check_exit "check without files is a usage error" 2 "$CCSLA" contract check 2>/dev/null
check_exit "an unknown subcommand is a usage error" 2 "$CCSLA" contract frob 2>/dev/null
e2e_done
