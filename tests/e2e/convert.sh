# ccsla convert --from asterisk on the bundled fixtures: canonical output equals the
# expected file, rejects name file and line, the summary reconciles, the
# output is reproducible, and misuse exits 2.
. tests/e2e_lib.sh

# json_int FILE KEY: the first integer value of "KEY" in a summary JSON.
json_int() { sed -n "s/^ *\"$2\": \(-\{0,1\}[0-9]*\),\{0,1\}\$/\1/p" "$1" | head -n 1; }

# Asterisk raw queue_log: every event kind, out-of-order lines, re-entry.
"$CCSLA" convert --from asterisk --client ACME fixtures/asterisk/queue_log --out "$OUT/ast.csv.gz" \
	2>"$OUT/ast.err" >"$OUT/ast.out"
check_eq "asterisk fixture with two bad lines exits 1" 1 $?
check "asterisk output equals the expected canonical file" \
	sh -c "gzip -dc '$OUT/ast.csv.gz' | cmp -s - fixtures/asterisk/queue_log.expected.csv"
check "an unknown event is reported with file, line and field" \
	grep -q "fixtures/asterisk/queue_log:48: field 'event': unknown queue_log event 'FOOBAR'" "$OUT/ast.err"
check "the reconciliation is printed" grep -q "^asterisk: 53 events read = 39 used in 15 contacts + 12 skipped + 2 rejected (reconciled)" "$OUT/ast.out"
check_eq "summary: events read" 53 "$(json_int "$OUT/ast.summary.json" read)"
check_eq "summary: incomplete calls" 1 "$(json_int "$OUT/ast.summary.json" incomplete_calls)"
check "summary says reconciled" grep -q '"reconciled": true' "$OUT/ast.summary.json"
check "summary lists the rejects with their lines" grep -q '"line": 49' "$OUT/ast.summary.json"

# The same input twice gives the same bytes (no time, no name in the gzip header).
"$CCSLA" convert --from asterisk --client ACME fixtures/asterisk/queue_log --out "$OUT/ast2.csv.gz" >/dev/null 2>&1
check "the canonical output is reproducible" cmp -s "$OUT/ast.csv.gz" "$OUT/ast2.csv.gz"
check "the summary is reproducible but for its own output name" \
	sh -c "sed 's/ast2/ast/' '$OUT/ast2.summary.json' | cmp -s - '$OUT/ast.summary.json'"

# A call split across two daily files, given in the wrong order.
"$CCSLA" convert --from asterisk --client ACME fixtures/asterisk/queue_log.day2 fixtures/asterisk/queue_log.day1 \
	--out "$OUT/split.csv.gz" --summary "$OUT/split.json" >/dev/null
check_eq "files given in any order convert with exit 0" 0 $?
check_eq "the split call is one contact" 1 "$(json_int "$OUT/split.json" contacts)"

# Misuse.
check_exit "no --from is a usage error" 2 "$CCSLA" convert fixtures/asterisk/queue_log --out "$OUT/x.csv.gz" 2>/dev/null
check_exit "an unknown adapter is a usage error" 2 "$CCSLA" convert --from genesys fixtures/asterisk/queue_log --out "$OUT/x.csv.gz" 2>/dev/null
check_exit "no --out is a usage error" 2 "$CCSLA" convert --from asterisk --client ACME fixtures/asterisk/queue_log 2>/dev/null
check_exit "no input is a usage error" 2 "$CCSLA" convert --from asterisk --client ACME --out "$OUT/x.csv.gz" 2>/dev/null
check_exit "an unknown option is a usage error" 2 "$CCSLA" convert --from asterisk --fast fixtures/asterisk/queue_log --out "$OUT/x.csv.gz" 2>/dev/null
check_exit "asterisk without a client is a usage error" 2 "$CCSLA" convert --from asterisk fixtures/asterisk/queue_log --out "$OUT/x.csv.gz" 2>/dev/null
check_exit "a missing input file is an I/O error" 3 "$CCSLA" convert --from asterisk --client ACME "$OUT/nonexistent" --out "$OUT/x.csv.gz" 2>/dev/null
check "a failed run leaves no output behind" test ! -e "$OUT/x.csv.gz"
check "and no temporary file" sh -c "! ls '$OUT' | grep -q 'x.csv.gz.tmp'"
e2e_done
