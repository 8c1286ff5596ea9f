# ccsla staffing on the bundled October 2026 logs: its offered contacts and
# AHT are those of ccsla metrics interval by interval, its required agents
# are the smallest N meeting the criterion (checked here with an Erlang C
# written in awk, not the C code's), Erlang A needs no more than Erlang C
# and takes its patience from the data, the 25-hour day has 50 half-hours,
# and every mistake is a clear message with its exit status.
. tests/e2e_lib.sh

S="$OUT/state"
"$CCSLA" ingest --state "$S" fixtures/logs/2026-10 >"$OUT/ingest.out" 2>&1
check_exit "the October logs are in the store" 0 test -d "$S/store/ACME"

W="--state $S --client ACME --tz Europe/Berlin --from 2026-10-01 --to 2026-10-31 --channels voice"
# shellcheck disable=SC2086
"$CCSLA" staffing $W >"$OUT/st.csv" 2>"$OUT/st.err"
check_eq "staffing exits 0" 0 $?
# shellcheck disable=SC2086
"$CCSLA" metrics --state "$S" --client ACME --tz Europe/Berlin --from 2026-10-01 --to 2026-10-31 \
	--by interval --interval 30 >"$OUT/m.csv" 2>/dev/null
# shellcheck disable=SC2086
"$CCSLA" metrics --state "$S" --client ACME --tz Europe/Berlin --from 2026-10-01 --to 2026-10-31 \
	--by interval,channel --interval 30 >"$OUT/mc.csv" 2>/dev/null
check_eq "one row per half-hour of October (31 days, one of 25 hours)" 1490 \
	"$(awk 'NR > 1' "$OUT/st.csv" | wc -l | tr -d ' ')"
check_eq "25 October 2026 has 50 half-hours" 50 \
	"$(grep -c ',2026-10-25T' "$OUT/st.csv")"
# offered and AHT per interval equal ccsla metrics' voice rows; an
# interval whose contacts have no handle time (all abandoned) takes the
# month's AHT (metrics: voice row of --by month,channel)
"$CCSLA" metrics --state "$S" --client ACME --tz Europe/Berlin --from 2026-10-01 --to 2026-10-31 \
	--by month,channel >"$OUT/mm.csv" 2>/dev/null
month_aht=$(awk -F, '$2 == "voice" { print $18 }' "$OUT/mm.csv")
awk -F, -v p="$month_aht" 'NR > 1 && $2 == "voice" && $3 > 0 { print $1, $3, ($18 == "n/a" ? p : $18) }' \
	"$OUT/mc.csv" | sort >"$OUT/m.voice"
awk -F, 'NR > 1 && $3 > 0 { printf "%s %s %.3f\n", $2, $3, $4 }' "$OUT/st.csv" | sort >"$OUT/st.voice"
check "offered and AHT equal ccsla metrics --by interval,channel (voice)" \
	cmp -s "$OUT/m.voice" "$OUT/st.voice"
check "some intervals take the month's AHT" grep -q " $month_aht\$" "$OUT/st.voice"
check "the month has busy intervals" test "$(awk -F, 'NR > 1 && $6 >= 3' "$OUT/st.csv" | wc -l)" -gt 50

# Required agents: the smallest N > A with SL(N) >= 80 % at 20 s, by an
# independent Erlang C (Erlang B recurrence in awk).
awk -F, 'function sl(n, a, h,   b, k, c) { b = 1; for (k = 1; k <= n; k++) b = a * b / (k + a * b)
		c = n * b / (n - a * (1 - b)); return 1 - c * exp(-(n - a) * 20 / h) }
	NR > 1 && $3 > 0 { a = $5 + 0; h = $4 + 0; n = $6 + 0
		if (!(n > a) || sl(n, a, h) < 0.8 || (n - 1 > a && sl(n - 1, a, h) >= 0.8)) bad++ ; seen++ }
	END { print (seen > 0 ? bad + 0 : "none") }' "$OUT/st.csv" >"$OUT/bad.txt"
check_eq "every required N is the smallest meeting 80/20 (awk Erlang C)" 0 "$(cat "$OUT/bad.txt")"
check_eq "intervals without contacts need 0 agents and print n/a figures" 0 \
	"$(awk -F, 'NR > 1 && $3 == 0 && ($6 != 0 || $7 != "n/a")' "$OUT/st.csv" | wc -l | tr -d ' ')"

# Erlang A: patience from the data, never more agents than Erlang C.
# shellcheck disable=SC2086
"$CCSLA" staffing $W --model erlang-a >"$OUT/sa.csv" 2>/dev/null
check_eq "erlang-a exits 0" 0 $?
check_eq "erlang-a never needs more agents than erlang-c" 0 \
	"$(paste -d, "$OUT/st.csv" "$OUT/sa.csv" | awk -F, 'NR > 1 && $19 > $6' | wc -l | tr -d ' ')"
check "erlang-a needs fewer agents somewhere (callers abandon)" \
	test "$(paste -d, "$OUT/st.csv" "$OUT/sa.csv" | awk -F, 'NR > 1 && $19 < $6' | wc -l)" -gt 0
# shellcheck disable=SC2086
"$CCSLA" staffing $W --model erlang-a --format json >"$OUT/sa.json" 2>/dev/null
# shellcheck disable=SC2086
"$CCSLA" metrics --state "$S" --client ACME --tz Europe/Berlin --from 2026-10-01 --to 2026-10-31 \
	--by month,channel --format json >"$OUT/month.json" 2>/dev/null
ab=$(tr -d '\n ' <"$OUT/month.json" | sed 's/},{/}\n{/g' | grep '"channel":"voice"' |
	sed -n 's/.*"abandoned":\([0-9]*\),"short_abandoned":\([0-9]*\).*/\1 \2/p' | awk '{ print $1 - $2 }')
check_eq "theta counts the month's voice abandons" "$ab" \
	"$(sed -n 's/^ *"theta_abandons": \([0-9]*\),$/\1/p' "$OUT/sa.json")"

# Criteria and options
# shellcheck disable=SC2086
"$CCSLA" staffing $W --criterion asa --target 30 --interval 60 >"$OUT/asa.csv" 2>/dev/null
check_eq "asa criterion: every expected ASA is at most 30 s" 0 \
	"$(awk -F, 'NR > 1 && $8 != "n/a" && $8 > 30' "$OUT/asa.csv" | wc -l | tr -d ' ')"
check_eq "--interval 60: 745 hours" 745 "$(awk 'NR > 1' "$OUT/asa.csv" | wc -l | tr -d ' ')"
# shellcheck disable=SC2086
"$CCSLA" staffing $W --weekdays sat,sun --profile --interval 60 >"$OUT/we.csv" 2>/dev/null
check_eq "--weekdays sat,sun --profile: 24 rows over October's 9 weekend days" "24 9" \
	"$(awk -F, 'NR > 1 { n++; d = $3 } END { print n, d }' "$OUT/we.csv")"
# shellcheck disable=SC2086
"$CCSLA" staffing $W --output "$OUT/out.csv" 2>/dev/null
check "--output writes the same CSV" cmp -s "$OUT/out.csv" "$OUT/st.csv"

# Staffed agents, occupancy and shortfall from the agent-state log:
# n/a without one; with fixtures/opslogs/agent-state-acme.csv (hand-computed:
# 08:00 x1 30 min available + shared x2 15 min = 1.50 agents, 0 % busy;
# 08:30 x1 30 min handling/wrap + x2 30 min = 2.00 agents, 50 %; 09:00 x1
# not ready, x2 15 min = 0.50; BLUEJAY's agent never counts)
check_eq "without an agent-state log: staffed, occupancy and shortfall are n/a" "n/a n/a n/a" \
	"$(awk -F, '$2 == "2026-10-05T08:30+02:00" { print $11, $12, $13 }' "$OUT/st.csv")"
gzip -c fixtures/opslogs/agent-state-acme.csv >"$OUT/as.csv.gz"
"$CCSLA" ingest --state "$S" "$OUT/as.csv.gz" >"$OUT/as.out" 2>&1
check_eq "the agent-state log is ingested" 0 $?
# shellcheck disable=SC2086
"$CCSLA" staffing $W >"$OUT/sta.csv" 2>/dev/null
sta() { awk -F, -v i="$1" '$2 == i { print $11, $12 }' "$OUT/sta.csv"; }
check_eq "07:30: 0.00 staffed, occupancy n/a" "0.00 n/a" "$(sta 2026-10-05T07:30+02:00)"
check_eq "08:00: 1.50 staffed, 0.00 % occupancy" "1.50 0.00" "$(sta 2026-10-05T08:00+02:00)"
check_eq "08:30: 2.00 staffed, 50.00 % occupancy" "2.00 50.00" "$(sta 2026-10-05T08:30+02:00)"
check_eq "09:00: 0.50 staffed (not_ready is not staffed)" "0.50 0.00" "$(sta 2026-10-05T09:00+02:00)"
check_eq "shortfall = required - staffed when positive" 0 \
	"$(awk -F, 'NR > 1 { d = $6 - $11; if (d < 0) d = 0; if (sprintf("%.2f", d) != $13) bad++ } END { print bad + 0 }' "$OUT/sta.csv")"
check "the month's intervals without staff show their whole need as shortfall" \
	test "$(awk -F, 'NR > 1 && $11 == "0.00" && $6 > 0 && $13 == sprintf("%.2f", $6)' "$OUT/sta.csv" | wc -l)" -gt 0
# shellcheck disable=SC2086
"$CCSLA" staffing $W --weekdays mon --profile >"$OUT/stp.csv" 2>/dev/null
check_eq "--profile over October's 4 Mondays: 08:30 has 2.00 / 4 = 0.50 agents" "4 0.50" \
	"$(awk -F, '$2 == "08:30" { print $3, $12 }' "$OUT/stp.csv")"

# --from-forecast: the version that counts, split and summed intervals,
# the forecast's AHT, accuracy (fixtures/opslogs/forecast-acme.csv, by
# hand: 08:00 has versions 4 (1 Oct), 6 (4 Oct 22:00 local) and 9 (after
# the interval began); 09:00-10:00 is one 60-minute forecast of 10; 10:00
# and 10:15 are 15-minute ones of 2 and 3; e-mail is another channel)
gzip -c fixtures/opslogs/forecast-acme.csv >"$OUT/fc.csv.gz"
"$CCSLA" ingest --state "$S" "$OUT/fc.csv.gz" >"$OUT/fc.out" 2>&1
check_eq "the forecast log is ingested" 0 $?
D="--state $S --client ACME --tz Europe/Berlin --from 2026-10-05 --to 2026-10-05 --channels voice"
# shellcheck disable=SC2086
"$CCSLA" staffing $D --from-forecast >"$OUT/f0.csv" 2>/dev/null
check_eq "--from-forecast exits 0" 0 $?
fc() { awk -F, -v i="$2" '$2 == i { print $3, $5 }' "$1"; }
check_eq "lock 0: 08:00 takes the latest version before it starts (6, its AHT 240)" "6.00 240.000" \
	"$(fc "$OUT/f0.csv" 2026-10-05T08:00+02:00)"
check_eq "a 60-minute forecast is split evenly: 09:00 and 09:30 have 5.00 each" "5.00 5.00" \
	"$(awk -F, '$2 ~ /T09:[03]0/ { printf "%s%s", s, $3; s = " " }' "$OUT/f0.csv")"
check_eq "15-minute forecasts are summed: 10:00 has 2 + 3, AHT 200" "5.00 200.000" \
	"$(fc "$OUT/f0.csv" 2026-10-05T10:00+02:00)"
check_eq "an interval without a forecast is n/a, with its actual" "n/a 1" \
	"$(awk -F, '$2 == "2026-10-05T08:30+02:00" { print $3, $4 }' "$OUT/f0.csv")"
# shellcheck disable=SC2086
"$CCSLA" staffing $D --from-forecast --lock-days 1 >"$OUT/f1.csv" 2>/dev/null
check_eq "lock 1: published by the start of 4 October local (4, AHT 300)" "4.00 300.000" \
	"$(fc "$OUT/f1.csv" 2026-10-05T08:00+02:00)"
# shellcheck disable=SC2086
"$CCSLA" staffing $D --from-forecast --format json >"$OUT/f0.json" 2>/dev/null
want=$(awk -F, 'NR > 1 && $3 != "n/a" { d = $4 - $3; e += (d < 0 ? -d : d); f += $3 } END { printf "%.2f", 100 * (1 - e / f) }' "$OUT/f0.csv")
check_eq "forecast_accuracy_pct = 100 (1 - sum |actual - forecast| / sum forecast) = 42.86" "42.86 $want" \
	"$(sed -n 's/^ *"forecast_accuracy_pct": \([0-9.-]*\),$/\1/p' "$OUT/f0.json") 42.86"
# shellcheck disable=SC2086
check_exit "lock 4: no version counts: exit 1" 1 "$CCSLA" staffing $D --from-forecast --lock-days 4 2>/dev/null
# shellcheck disable=SC2086
check_exit "--lock-days without --from-forecast: 2" 2 "$CCSLA" staffing $D --lock-days 1 2>/dev/null

# Mistakes
check_exit "no --client: usage (2)" 2 "$CCSLA" staffing --state "$S" --from 2026-10-01 --to 2026-10-31 2>/dev/null
check_exit "a client the store does not hold: 2" 2 \
	"$CCSLA" staffing --state "$S" --client NOPE --from 2026-10-01 --to 2026-10-31 2>/dev/null
check_exit "no store: 3" 3 \
	"$CCSLA" staffing --state "$OUT/none" --client ACME --from 2026-10-01 --to 2026-10-31 2>/dev/null
# shellcheck disable=SC2086
check_exit "--target 100 for sl: 2" 2 "$CCSLA" staffing $W --target 100 2>/dev/null
# shellcheck disable=SC2086
check_exit "--interval 20: 2" 2 "$CCSLA" staffing $W --interval 20 2>/dev/null
# shellcheck disable=SC2086
check_exit "--criterion asa without --target: 2" 2 "$CCSLA" staffing $W --criterion asa 2>/dev/null
# shellcheck disable=SC2086
check_exit "--model erlang-x: 2" 2 "$CCSLA" staffing $W --model erlang-x 2>/dev/null
# shellcheck disable=SC2086
check_exit "--weekdays funday: 2" 2 "$CCSLA" staffing $W --weekdays funday 2>/dev/null
# shellcheck disable=SC2086
"$CCSLA" staffing $W --target 100 2>"$OUT/t100.err" >/dev/null
check "the message names the option" grep -q -- '--target of sl is a percentage' "$OUT/t100.err"
e2e_done
