# Operations logs (forecast, agent-state) through ccsla ingest: the kind
# from the header (or --kind), every bad row quarantined with its exact
# reason, rows read = accepted + quarantined + duplicates per file,
# duplicates and conflicts on the kind's key, overlapping agent states
# (within a file and against the store), partitions per kind, client and
# UTC day, re-ingest a no-op, and a crash at every durable step of the
# commit giving the state of an uninterrupted run.
. tests/e2e_lib.sh

F=fixtures/opslogs
mkdir -p "$OUT/in"
for f in forecast-bad agent-state-bad agent-state-next; do gzip -c "$F/$f.csv" >"$OUT/in/$f.csv.gz"; done
S="$OUT/state"

"$CCSLA" ingest --state "$S" "$OUT/in/forecast-bad.csv.gz" "$OUT/in/agent-state-bad.csv.gz" >"$OUT/run1.out" 2>&1
check_eq "bad rows: exit 1" 1 $?
row() { awk -v f="$1" '$1 == f { print $2, $3, $4, $5 }' "$OUT/run1.out"; }
check_eq "forecast: 14 read = 3 accepted + 10 quarantined + 1 duplicate" "14 3 10 1" "$(row forecast-bad.csv.gz)"
check_eq "agent-state: 8 read = 3 accepted + 4 quarantined + 1 duplicate" "8 3 4 1" "$(row agent-state-bad.csv.gz)"
check "reconciliation holds" grep -q 'rows read = accepted + quarantined + duplicates: holds' "$OUT/run1.out"

# every reason, exactly (file, line, column, reason)
cut -d, -f1-4 "$S/quarantine/run-000001.csv" | sed 's/"//g' | sort >"$OUT/q1.txt"
cat >"$OUT/q1.want" <<'WANT'
agent-state-bad.csv.gz,5,state,conflicting duplicate
agent-state-bad.csv.gz,6,started_at,overlapping state
agent-state-bad.csv.gz,7,state,unknown value
agent-state-bad.csv.gz,8,ended_at,ended_at not after started_at
forecast-bad.csv.gz,10,offered,negative value
forecast-bad.csv.gz,11,offered,not a decimal
forecast-bad.csv.gz,12,channel,unknown value
forecast-bad.csv.gz,13,interval_start,invalid timestamp: hour out of range (24:00 is not an instant)
forecast-bad.csv.gz,14,offered,missing required field
forecast-bad.csv.gz,15,client_id,invalid characters
forecast-bad.csv.gz,5,offered,conflicting duplicate
forecast-bad.csv.gz,7,interval_start,interval_start not on a local multiple of interval_min
forecast-bad.csv.gz,8,interval_min,expected 15
forecast-bad.csv.gz,9,offered,more than 2 decimals
source_file,line,column,reason
WANT
sort "$OUT/q1.want" >"$OUT/q1.sorted"
check "every bad row has its exact reason and column" cmp -s "$OUT/q1.sorted" "$OUT/q1.txt"
diff "$OUT/q1.sorted" "$OUT/q1.txt" >&2

# partitions: kind / client (shared agents under @shared) / UTC day
check_eq "partitions per kind, client and UTC day" \
	"ops/agent-state/@shared/2026-10-05.tsv ops/agent-state/ACME/2026-10-05.tsv ops/forecast/ACME/2026-10-05.tsv" \
	"$(cd "$S" && find ops -type f | sort | tr '\n' ' ' | sed 's/ $//')"
check_eq "a later published_at is a new forecast version, not a conflict" 2 \
	"$(awk -F'\t' '$6 == "2026-10-05T06:30:00.000Z"' "$S/ops/forecast/ACME/2026-10-05.tsv" | wc -l | tr -d ' ')"
check_eq "instants in UTC, offered with 2 decimals, lineage kept" "1 2 2026-10-05T06:00:00.000Z 42.50" \
	"$(awk -F'\t' 'NR == 2 { print $1, $2, $6, $8 }' "$S/ops/forecast/ACME/2026-10-05.tsv")"

# re-ingest: a no-op, nothing changes
(cd "$S" && find . -type f | sort | xargs sha256sum) >"$OUT/before.sum"
"$CCSLA" ingest --state "$S" "$OUT/in/forecast-bad.csv.gz" "$OUT/in/agent-state-bad.csv.gz" >"$OUT/run2.out" 2>&1
check_eq "re-ingest exits 0" 0 $?
(cd "$S" && find . -type f ! -name lock | sort | xargs sha256sum) >"$OUT/after.sum"
grep -v ' ./lock$' "$OUT/before.sum" >"$OUT/before2.sum"
check "re-ingest changes nothing" cmp -s "$OUT/before2.sum" "$OUT/after.sum"

# a later file against the store: duplicate, overlap with a stored state
"$CCSLA" ingest --state "$S" "$OUT/in/agent-state-next.csv.gz" >"$OUT/run3.out" 2>&1
check_eq "next agent-state file: 4 read = 2 accepted + 1 quarantined + 1 duplicate" "4 2 1 1" \
	"$(awk '$1 == "agent-state-next.csv.gz" { print $2, $3, $4, $5 }' "$OUT/run3.out")"
check_eq "a state overlapping a stored one is quarantined" \
	"agent-state-next.csv.gz,3,started_at,overlapping state" "$(cut -d, -f1-4 "$S/quarantine/run-000002.csv" | tail -n 1)"
check_eq "the store holds the agent's states in order" "available handling offline" \
	"$(awk -F'\t' 'NR > 1 && $3 == "a1" { printf "%s%s", s, $6; s = " " }' "$S/ops/agent-state/ACME/2026-10-05.tsv")"
check "2026-10-06T06:00+02:00 is the UTC day 2026-10-06" test -f "$S/ops/agent-state/ACME/2026-10-06.tsv"

# --kind: a file of another kind has an unusable header (damaged, exit 1)
"$CCSLA" ingest --state "$OUT/k" --kind agent-state "$OUT/in/forecast-bad.csv.gz" >"$OUT/kind.out" 2>&1
check_eq "--kind agent-state on a forecast: exit 1" 1 $?
check "it says the header lacks an agent-state column" grep -q "lacks required column 'agent_id' of a agent-state log" "$OUT/kind.out"
check_exit "--kind nonsense: usage (2)" 2 "$CCSLA" ingest --state "$OUT/k2" --kind nonsense "$OUT/in/forecast-bad.csv.gz" 2>/dev/null

# crash safety: kill at every durable step, rerun, same state as uninterrupted
"$CCSLA" ingest --state "$OUT/ref" "$OUT/in/forecast-bad.csv.gz" "$OUT/in/agent-state-bad.csv.gz" >/dev/null 2>&1
"$CCSLA" ingest --state "$OUT/ref" "$OUT/in/agent-state-next.csv.gz" >/dev/null 2>&1
rm -f "$OUT/trace"
CCSLA_CRASH_TRACE="$OUT/trace" "$CCSLA" ingest --state "$OUT/tr" "$OUT/in/forecast-bad.csv.gz" "$OUT/in/agent-state-bad.csv.gz" >/dev/null 2>&1
CCSLA_CRASH_TRACE="$OUT/trace2" "$CCSLA" ingest --state "$OUT/tr" "$OUT/in/agent-state-next.csv.gz" >/dev/null 2>&1
n2=$(wc -l <"$OUT/trace2" | tr -d ' ')
check "the second run has durable steps" test "$n2" -gt 2
fails=0
k=1
while [ "$k" -le "$n2" ]; do
	c="$OUT/crash$k"
	"$CCSLA" ingest --state "$c" "$OUT/in/forecast-bad.csv.gz" "$OUT/in/agent-state-bad.csv.gz" >/dev/null 2>&1
	CCSLA_CRASH_AT=$k "$CCSLA" ingest --state "$c" "$OUT/in/agent-state-next.csv.gz" >/dev/null 2>&1
	"$CCSLA" ingest --state "$c" "$OUT/in/agent-state-next.csv.gz" >/dev/null 2>&1
	for p in ops/agent-state/ACME/2026-10-05.tsv ops/agent-state/ACME/2026-10-06.tsv ops/forecast/ACME/2026-10-05.tsv; do
		cmp -s "$OUT/ref/$p" "$c/$p" || fails=$((fails + 1))
	done
	cut -f1,3- "$OUT/ref/ingest/registry.tsv" >"$OUT/r1"
	cut -f1,3- "$c/ingest/registry.tsv" >"$OUT/r2"
	cmp -s "$OUT/r1" "$OUT/r2" || fails=$((fails + 1))
	if find "$c" -name '*.new' -o -name '*.old' | grep -q .; then fails=$((fails + 1)); fi
	k=$((k + 1))
done
check_eq "a crash at each of the $n2 durable steps, then a rerun: the uninterrupted state" 0 "$fails"
e2e_done
