# gen_logs --ops: the operations logs it writes are consistent with its
# interaction logs (tests/tools/gen/ops.c says how each follows them), and
# --ops leaves the interaction logs the same bytes. Over a generated month of
# 40,000 contacts: every file ingests with rows read = accepted + quarantined
# + duplicates and nothing quarantined; the forecast is near the volume; the
# short-staffed day gen_logs names is the day of the largest shortfall in
# `ccsla staffing`; one complaint case per complaint-flagged contact; the
# outage window has next to no voice volume; quality evaluations are of
# answered contacts. The expected figures come from the interaction logs
# themselves (awk below), not from ccsla.
. tests/e2e_lib.sh

G="$BUILD/tools/gen_logs"
"$G" --seed 11 --rows 40000 -o "$OUT/plain.csv.gz"
"$G" --seed 11 --rows 40000 -o "$OUT/in.csv.gz" --ops "$OUT/ops" 2>"$OUT/gen.err"
check_eq "gen_logs --ops exits 0" 0 $?
check "--ops leaves the interaction log the same bytes" cmp -s "$OUT/plain.csv.gz" "$OUT/in.csv.gz"
"$G" --seed 11 --rows 40000 -o "$OUT/again.csv.gz" --ops "$OUT/ops2" 2>/dev/null
check "the same options give the same operations logs" diff -r "$OUT/ops" "$OUT/ops2"
check_eq "files: 4 clients x (forecast + re-forecast), 31 agent-state days, complaint, outage and quality days" \
	"8 31 yes yes yes" "$(cd "$OUT/ops" 2>/dev/null && printf '%s %s %s %s %s' "$(ls forecast-* | wc -l | tr -d ' ')" \
	"$(ls agent-state-* | wc -l | tr -d ' ')" "$(ls complaint-* >/dev/null 2>&1 && echo yes)" \
	"$(ls outage-* >/dev/null 2>&1 && echo yes)" "$(ls quality-* >/dev/null 2>&1 && echo yes)")"

# --- ingest: every kind, nothing quarantined, every file reconciles
S="$OUT/state"
"$CCSLA" ingest --state "$S" "$OUT/in.csv.gz" "$OUT"/ops/*.csv.gz >"$OUT/ingest.out" 2>&1
check_eq "ingest of every kind exits 0" 0 $?
check_eq "every file: read = accepted + quarantined + duplicates, 0 quarantined" "" \
	"$(awk '$1 ~ /\.csv\.gz$/ && ($2 != $3 + $4 + $5 || $4 != 0)' "$OUT/ingest.out")"
check_eq "ingest took every file" "$(($(ls "$OUT/ops" | wc -l) + 1))" "$(grep -c '\.csv\.gz .* ok$' "$OUT/ingest.out")"

zone() { case $1 in ACME) echo Europe/Berlin ;; BLUEJAY) echo America/New_York ;;
	KOALA) echo Australia/Sydney ;; SUNRISE) echo Asia/Kolkata ;; esac; }
M="--state $S --from 2026-10-01 --to 2026-10-31"
zcat "$OUT/in.csv.gz" >"$OUT/in.csv"
for c in ACME BLUEJAY KOALA SUNRISE; do
	tz=$(zone $c)
	# --- forecast: the total within 8 % of the offered voice contacts, and an
	# accuracy in the band Poisson noise on top of the forecast's own 12 %
	# allows at these volumes (about 1 to 10 contacts a half-hour)
	# shellcheck disable=SC2086
	"$CCSLA" metrics $M --client $c --tz "$tz" --kind forecast --by client,month,channel \
		>"$OUT/fc-$c.csv" 2>/dev/null
	check_eq "$c: forecast total within 8 % of offered, accuracy between 40 and 90" "yes yes" \
		"$(awk -F, '$3 == "voice" { r = $6 / $5; print (r > 0.92 && r < 1.08) ? "yes" : "no " r,
			($8 > 40 && $8 < 90) ? "yes" : "no " $8 }' "$OUT/fc-$c.csv")"

	# --- staffing: the short-staffed day has the largest shortfall
	short=$(sed -n "s/^gen_logs: ops $c 2026-10: short-staffed \([0-9-]*\);.*/\1/p" "$OUT/gen.err")
	[ -n "$short" ] || short="(gen_logs named none)"
	# shellcheck disable=SC2086
	"$CCSLA" staffing $M --client $c --tz "$tz" --channels voice >"$OUT/st-$c.csv" 2>/dev/null
	check_eq "$c: the largest shortfall is on the short-staffed day" "$short" \
		"$(awk -F, 'NR > 1 { s[substr($2, 1, 10)] += $13 } END { for (d in s) print s[d], d }' \
			"$OUT/st-$c.csv" | sort -nr | awk 'NR == 1 { print $2 }')"

	# --- complaints: one case per complaint-flagged contact (the interaction
	# log's complaint column), and ccsla counts them all as received
	flagged=$(awk -F, -v c=$c '$2 == c && $18 == 1 { print $1 }' "$OUT/in.csv" | sort -u | wc -l | tr -d ' ')
	cases=$(zcat "$OUT"/ops/complaint-*.csv.gz | awk -F, -v c=$c '$2 == c { print $1 }' | sort -u | wc -l | tr -d ' ')
	# shellcheck disable=SC2086
	received=$("$CCSLA" metrics $M --client $c --tz "$tz" --kind complaint --ack-within 2d \
		--resolve-within 10d --by client,month 2>/dev/null | awk -F, 'NR == 2 { print $3 }')
	check_eq "$c: complaint cases = complaint-flagged contacts = received ($flagged)" "$flagged $flagged" \
		"$cases $received"
	check "$c: some complaints flagged" test "$flagged" -gt 10

	# --- the outage: its window holds at most the arrivals gen_logs counted
	# there and fewer than the same window's mean over the month (gen_logs
	# picks the window lowest against the curve; at 40,000 contacts a month
	# no window is empty: the demo's outages below have none)
	span=$(sed -n "s/^gen_logs: ops $c 2026-10: .*voice outage \([^ ]*\) (\([0-9]*\) .*/\1 \2/p" "$OUT/gen.err")
	set -- $span
	from=$(TZ=$tz date -d "${1%/*}" +%H:%M) to=$(TZ=$tz date -d "${1#*/}" +%H:%M)
	oday=$(TZ=$tz date -d "${1%/*}" +%F)
	# shellcheck disable=SC2086
	"$CCSLA" metrics $M --client $c --tz "$tz" --by day,interval,channel --interval 15 \
		>"$OUT/q-$c.csv" 2>/dev/null
	got=$(awk -F, -v f="$from" -v t="$to" -v od="$oday" '
		NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
		$col["channel"] == "voice" { hm = substr($col["interval"], 12, 5)
			if (hm >= f && hm < t) { s[$col["day"]] += $col["offered"]; n[$col["day"]] = 1 } }
		END { for (d in n) { tot += s[d]; days++ }
			print (s[od] <= '"${2:-0}"' && s[od] < tot / days) ? "low" : "not low: " s[od] " vs mean " tot / days }' \
		"$OUT/q-$c.csv")
	check_eq "$c: the outage $1 ($from-$to local) has few voice contacts" low "$got"
	# shellcheck disable=SC2086
	check_eq "$c: the outage log gives 2 outages (full voice, partial written)" 2 \
		"$("$CCSLA" metrics $M --client $c --tz "$tz" --kind outage --by client,month 2>/dev/null |
			awk -F, 'NR == 2 { print $5 }')"

	# --- quality: every evaluation is of an answered contact of the client
	zcat "$OUT"/ops/quality-*.csv.gz | awk -F, -v c=$c '$2 == c { print $3 }' | sort -u >"$OUT/qa-$c.ids"
	awk -F, -v c=$c '$2 == c && $10 == "answered" { print $1 }' "$OUT/in.csv" | sort -u >"$OUT/ans-$c.ids"
	check_eq "$c: every evaluated contact is an answered one" "0 yes" \
		"$(comm -23 "$OUT/qa-$c.ids" "$OUT/ans-$c.ids" | wc -l | tr -d ' ') $(test -s "$OUT/qa-$c.ids" && echo yes)"
	check "$c: a sample of them is evaluated (3 to 5 %)" awk -v e="$(wc -l <"$OUT/qa-$c.ids")" \
		-v a="$(wc -l <"$OUT/ans-$c.ids")" 'BEGIN { exit !(e > 0.03 * a && e < 0.05 * a) }'
done

# --- the demo's outages (fixtures/opslogs/demo-2026-10): at most one
# inbound voice contact of the client arrived in a full voice outage (gen_logs
# counted 0 for ACME, KOALA and SUNRISE, 1 for BLUEJAY), at 4,000 a month
zcat fixtures/logs/2026-10/*.csv.gz >"$OUT/demo.csv"
zcat fixtures/opslogs/demo-2026-10/outage-*.csv.gz | awk -F, '$3 == "voice" { print $2, $4, $5 }' >"$OUT/demo-out.txt"
check_eq "the demo has the voice outages of the four clients" "ACME BLUEJAY KOALA SUNRISE" \
	"$(awk '{ print $1 }' "$OUT/demo-out.txt" | sort | tr '\n' ' ' | sed 's/ $//')"
while read -r c s e; do
	check "demo: $c's voice outage $s..$e has at most one voice contact" test 1 -ge \
		"$(awk -F, -v c=$c -v s="${s%Z}" -v e="${e%Z}" '$2 == c && $3 == "voice" && $4 == "inbound" &&
			substr($7, 1, 19) >= s && substr($7, 1, 19) < e' "$OUT/demo.csv" | wc -l | tr -d ' ')"
done <"$OUT/demo-out.txt"
e2e_done
