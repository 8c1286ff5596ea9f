# ccsla evaluate on the bundled demo month: outputs per client, the ledger,
# re-evaluation replaces (byte-identical outputs), usage errors.
. tests/e2e_lib.sh

state="$OUT/state"
"$CCSLA" ingest --state "$state" fixtures/logs/2026-10 >/dev/null 2>&1
"$CCSLA" evaluate --state "$state" --contracts contracts/examples --period 2026-10 --out "$OUT/out" >"$OUT/run1.txt" 2>"$OUT/run1.err"
check_eq "evaluate the demo month" 0 $?
check "evaluate prints one line per client" grep -q "^ACME 2026-10 (ACME-2026): .* net credits 28800.00 EUR$" "$OUT/run1.txt"
for c in ACME BLUEJAY KOALA SUNRISE; do
	for f in results.json results.csv credits.csv; do
		check "$c $f is written" test -s "$OUT/out/$c/2026-10/$f"
	done
	check "$c month is in the ledger" test -s "$state/ledger/$c/2026-10.txt"
done
check_eq "credits.csv has the finance columns" \
	"period,line,sla_id,measured_value,target,minimum,verdict,default,allocation_pct,uncapped_amount,multiplier,earn_back,cap,final_amount,currency,note" \
	"$(head -n 1 "$OUT/out/ACME/2026-10/credits.csv")"
# header + SL-VOICE, EMAIL-8BH, AVAIL-VOICE, CMPL-RES + total, cap, net
# (AVAIL-VOICE and CMPL-RES joined with the operations logs; results.csv:
# header + the 9 SLAs)
check_eq "credits.csv: one line per critical SLA plus total, cap and net" 8 "$(wc -l <"$OUT/out/ACME/2026-10/credits.csv")"
check "a below-minimum SLA is a default with its at-risk share" \
	grep -q '^2026-10,sla,SL-VOICE,[0-9.]*,>= 80,>= 75,default,yes,60.00,28800.00,1.00,,,28800.00,EUR,below minimum$' "$OUT/out/ACME/2026-10/credits.csv"
check "the cap line shows the at-risk amount" grep -q '^2026-10,cap,.*,48000.00,,EUR,' "$OUT/out/ACME/2026-10/credits.csv"
check "results.csv has a row per SLA" test "$(wc -l <"$OUT/out/ACME/2026-10/results.csv")" -eq 10
check "results.json names the contract" grep -q '"contract": "ACME-2026"' "$OUT/out/ACME/2026-10/results.json"
cp -r "$OUT/out" "$OUT/out1"
check_exit "evaluate the same month again" 0 "$CCSLA" evaluate --state "$state" --contracts contracts/examples --period 2026-10 --out "$OUT/out" >/dev/null 2>&1
check "re-evaluation writes byte-identical outputs" diff -r "$OUT/out1" "$OUT/out"
check_eq "re-evaluation replaces the ledger month" 1 "$(ls "$state/ledger/ACME" | wc -l)"
# The ledger says SL-VOICE was in default in September: the repeat
# multiplier applies in October (28800.00 x 1.5).
printf 'ccsla-ledger\t1\ncontract\tACME-2026\ncurrency\tEUR\nsla\tSL-VOICE\tbelow-minimum\t1\t2880000\t70.00\nend\n' >"$state/ledger/ACME/2026-09.txt"
"$CCSLA" evaluate --state "$state" --contracts contracts/examples --period 2026-10 --client ACME --out "$OUT/out2" >/dev/null 2>&1
check "a default two months running is multiplied by 1.5" \
	grep -q '^2026-10,sla,SL-VOICE,.*,default,yes,60.00,43200.00,1.50,,,43200.00,EUR,below minimum; in default the month before too$' "$OUT/out2/ACME/2026-10/credits.csv"
check "results.json carries September from the ledger" grep -q '"value": "70.00"' "$OUT/out2/ACME/2026-10/results.json"
check_exit "a client without a contract exits 1" 1 "$CCSLA" evaluate --state "$state" --contracts contracts/examples --period 2026-10 --client NOBODY --out "$OUT/out" 2>/dev/null
# Nothing succeeds silently: a month no contract covers is a message and exit 1.
check_exit "a month without any contract in force exits 1" 1 "$CCSLA" evaluate --state "$state" --contracts contracts/examples --period 2025-10 --out "$OUT/none25" 2>"$OUT/none25.err"
check "and says no contract is in force, with the versions' dates" \
	grep -q "no contract in contracts/examples is in force on 2025-10-01 (ACME-2026 2026-01-01 to 2026-12-31; " "$OUT/none25.err"
check_exit "a named client without a contract in force that month exits 1" 1 "$CCSLA" evaluate --state "$state" --contracts contracts/examples --period 2025-10 --client ACME --out "$OUT/none25" 2>"$OUT/acme25.err"
check "and names its version's dates" grep -q "no contract of 'ACME' in contracts/examples is in force on 2025-10-01 (ACME-2026 2026-01-01 to 2026-12-31)" "$OUT/acme25.err"
"$CCSLA" evaluate --state "$state" --contracts contracts/examples --period 2026-10 --client acme --out "$OUT/none25" 2>"$OUT/lower.err"
check "an unknown client is told the clients with contracts, nearest first" grep -q "holds no contract for client 'acme'; it has contracts for ACME, " "$OUT/lower.err"
check "nothing is written when no contract is in force" test ! -e "$OUT/none25"
check_exit "a broken contracts directory exits 1 and evaluates nothing" 1 "$CCSLA" evaluate --state "$state" --contracts fixtures/contracts/broken --period 2026-10 --out "$OUT/none" 2>/dev/null
check "nothing is written for broken contracts" test ! -e "$OUT/none"
check_exit "a bad period is a usage error" 2 "$CCSLA" evaluate --state "$state" --contracts contracts/examples --period 2026-13 2>/dev/null
check_exit "--state is required" 2 "$CCSLA" evaluate --contracts contracts/examples --period 2026-10 2>/dev/null
e2e_done
