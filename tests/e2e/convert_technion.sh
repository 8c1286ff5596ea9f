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

# Fidelity (issue 20), on the bundled rows: the documentation's own AGENT
# row with server NO_SERVER (AA0101 44776: "NO_SERVER, if no service was
# provided") is no answered call; the spreadsheet-mangled id 3.06E+08 is
# blanked; the queue carries the priority.
row() { gzip -dc "$OUT/tech.csv.gz" | grep "^$1,"; }
check_eq "AGENT with NO_SERVER that never queued: deflected, not answered" "PS-0 deflected" \
	"$(row AA0101-44776 | cut -d, -f5,10 | tr , ' ')"
check_eq "a customer id in scientific notation (3.06E+08) is blanked" "" "$(row AA0101-44973 | cut -d, -f6)"
check_eq "the queue is type-priority" "PS-2 NW-0 PS-1" \
	"$(for id in AA0101-44749 AA0101-44968 AA0101-44973; do row $id | cut -d, -f5; done | tr '\n' ' ' | sed 's/ $//')"

# A queued AGENT row without a server, priorities, a bad priority; then
# through ingest --format technion and ccsla metrics by queue.
H=$(head -n 1 fixtures/technion/sample.txt)
{
	echo "$H"
	printf 'AA0101\t1\t11\t2\tPS\t990105\t15:14:46\t15:14:51\t5\t15:14:51\t15:15:10\t19\tAGENT\t15:15:09\t15:15:11\t2\tNO_SERVER\n'
	printf 'AA0101\t2\t12\t2\tPS\t990105\t15:20:00\t15:20:05\t5\t15:20:05\t15:20:15\t10\tAGENT\t15:20:15\t15:22:15\t120\tDORIT\n'
	printf 'AA0101\t3\t13\t1\tPS\t990105\t15:30:00\t15:30:05\t5\t15:30:05\t15:31:05\t60\tAGENT\t15:31:05\t15:32:05\t60\tAVI\n'
	printf 'AA0101\t4\t3.26702E+11\t1\tPS\t990105\t15:40:00\t15:40:05\t5\t15:40:05\t15:40:35\t30\tHANG\t0:00:00\t0:00:00\t0\tNO_SERVER\n'
	printf 'AA0101\t5\t14\t7\tPS\t990105\t15:50:00\t15:50:05\t5\t15:50:05\t15:50:35\t30\tAGENT\t15:50:35\t15:51:35\t60\tAVI\n'
} >"$OUT/fid.txt"
"$CCSLA" convert --from technion "$OUT/fid.txt" --out "$OUT/fid.csv.gz" >"$OUT/fid.out" 2>"$OUT/fid.err"
check_eq "a bad priority rejects its row (exit 1)" 1 $?
check "the rejected priority is reported with line and field" \
	grep -q "fid.txt:6: field 'priority': '7' is not a priority 0, 1 or 2" "$OUT/fid.err"
check "the summary counts it under 'bad priority'" grep -q '"bad priority": 1' "$OUT/fid.summary.json"
check_eq "AGENT with NO_SERVER that queued: abandoned at the end of its wait" \
	"abandoned,1999-01-05T13:15:10.000Z,," \
	"$(gzip -dc "$OUT/fid.csv.gz" | grep '^AA0101-1,' | cut -d, -f10,9,14 | awk -F, '{ print $2 "," $1 "," $3 "," }')"
check_eq "answered, abandoned: 2 and 2" "2 2" \
	"$(json_int "$OUT/fid.summary.json" answered) $(json_int "$OUT/fid.summary.json" abandoned)"

"$CCSLA" ingest --state "$OUT/st" --format technion "$OUT/fid.txt" >"$OUT/ingest.out" 2>&1
check_eq "ingest --format technion: the bad priority is quarantined (exit 1)" 1 $?
"$CCSLA" metrics --state "$OUT/st" --tz Asia/Jerusalem --by queue --format csv >"$OUT/m.csv" 2>"$OUT/m.err"
check_eq "ccsla metrics --by queue exits 0" 0 $?
q=$(head -n 1 "$OUT/m.csv" | tr , '\n' | grep -nx queue | cut -d: -f1)
o=$(head -n 1 "$OUT/m.csv" | tr , '\n' | grep -nx offered | cut -d: -f1)
a=$(head -n 1 "$OUT/m.csv" | tr , '\n' | grep -nx answered | cut -d: -f1)
check_eq "metrics split the priorities: PS-1 offered 2 answered 1, PS-2 offered 2 answered 1" \
	"PS-1 2 1;PS-2 2 1;" \
	"$(awk -F, -v q="$q" -v o="$o" -v a="$a" 'NR > 1 { printf "%s %s %s;", $q, $o, $a }' "$OUT/m.csv")"

check_exit "an unknown zone is a usage error" 2 "$CCSLA" convert --from technion --tz Mars/Olympus fixtures/technion/sample.txt --out "$OUT/x.csv.gz" 2>/dev/null
check "a failed run leaves no output behind" test ! -e "$OUT/x.csv.gz"
e2e_done
