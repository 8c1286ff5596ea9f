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
check_exit "check without files is a usage error" 2 "$CCSLA" contract check 2>/dev/null
check_exit "an unknown subcommand is a usage error" 2 "$CCSLA" contract frob 2>/dev/null
e2e_done
