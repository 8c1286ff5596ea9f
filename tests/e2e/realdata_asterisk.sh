# Real data (../shared/realdata, read-only): the Asterisk adapter's counts on
# the table export equal those measured in the folder's SOURCE.md, which is
# parsed here, not copied. The export has no licence, so the repository does
# not ship it (fixtures/realdata/README.md): without ../shared/realdata beside
# the repository the checks are skipped (tests/e2e_lib.sh `skip`), never
# failed. fixtures/asterisk/ holds the adapter's own test logs.
. tests/e2e_lib.sh

json_int() { sed -n "s/^ *\"$2\": \(-\{0,1\}[0-9]*\),\{0,1\}\$/\1/p" "$1" | head -n 1; }

AST=../shared/realdata/asterisk-queue-log-voipreports1
if [ ! -d "$AST" ]; then
	# one skip per check below, so the count says what did not run
	for name in "the table export converts without a rejected line" \
		"asterisk: answered = calls whose first terminating event is CONNECT" \
		"asterisk: abandoned = ABANDON" "asterisk: overflow = EXITWITHTIMEOUT" \
		"asterisk: incomplete = calls with no outcome" \
		"asterisk: queued calls = contacts + incomplete" \
		"asterisk: every event line is read" \
		"asterisk: events read = used + skipped + rejected" \
		"asterisk: the transfers end their calls as answered" \
		"asterisk: --abandons ignore --overflow ignore gives answered within 20 s / answered (SOURCE.md)"; do
		skip "$name" "the unlicensed export $AST is not beside the repository"
	done
	e2e_done
fi

# Asterisk table export: "108 distinct callids with ENTERQUEUE ...
# The first terminating event is CONNECT 93, ABANDON 12, EXITWITHTIMEOUT 1,
# and none for 2".
line=$(tr '\n' ' ' <"$AST/SOURCE.md" | tr -s ' ' | grep -o 'CONNECT [0-9]*, ABANDON [0-9]*, EXITWITHTIMEOUT [0-9]*, and none for [0-9]*')
set -- $(echo "$line" | tr -c '0-9\n' ' ')
queued=$(grep -o '[0-9]* distinct callids with ENTERQUEUE' "$AST/SOURCE.md" | cut -d' ' -f1)
"$CCSLA" convert --from asterisk --client HELPDESK "$AST/queue_log_pseudonymised.csv" --out "$OUT/ast.csv.gz" >"$OUT/ast.out" 2>"$OUT/ast.err"
check_eq "the table export converts without a rejected line" 0 $?
s="$OUT/ast.summary.json"
check_eq "asterisk: answered = calls whose first terminating event is CONNECT" "$1" "$(json_int "$s" answered)"
check_eq "asterisk: abandoned = ABANDON" "$2" "$(json_int "$s" abandoned)"
check_eq "asterisk: overflow = EXITWITHTIMEOUT" "$3" "$(json_int "$s" overflow)"
check_eq "asterisk: incomplete = calls with no outcome" "$4" "$(json_int "$s" incomplete_calls)"
check_eq "asterisk: queued calls = contacts + incomplete" "$queued" \
	"$(( $(json_int "$s" contacts) + $(json_int "$s" incomplete_calls) ))"
check_eq "asterisk: every event line is read" 1000 "$(json_int "$s" read)"
check "asterisk: events read = used + skipped + rejected" grep -q '"reconciled": true' "$s"
# ATTENDEDTRANSFER and BLINDTRANSFER end a call like COMPLETE*: of the 4
# connected calls with no COMPLETE row, 2 end in a transfer (SOURCE.md).
check_eq "asterisk: the transfers end their calls as answered" 2 \
	"$(gzip -dc "$OUT/ast.csv.gz" | awk -F, '$10 == "answered" && $15 == 1 && $11 != ""' | wc -l | tr -d ' ')"
# The share of answered calls answered within 20 s: "39 of 93 answered
# within 20 s (hold <= 20)" in SOURCE.md = --abandons ignore --overflow
# ignore (README "Adapters' fidelity").
set -- $(grep -o '[0-9]* of [0-9]* answered within 20 s' "$AST/SOURCE.md" | head -n 1 | tr -c '0-9\n' ' ')
"$CCSLA" ingest --state "$OUT/st" --format asterisk --client HELPDESK "$AST/queue_log_pseudonymised.csv" >/dev/null 2>&1
"$CCSLA" metrics --state "$OUT/st" --by client --abandons ignore --overflow ignore >"$OUT/m.csv" 2>/dev/null
check_eq "asterisk: --abandons ignore --overflow ignore gives answered within 20 s / answered (SOURCE.md)" \
	"$1 $(awk -v a="$1" -v n="$2" 'BEGIN { printf "%.2f", 100 * a / n }')" \
	"$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i } NR == 2 { print $c["answered_within"], $c["service_level_pct"] }' "$OUT/m.csv")"
e2e_done
