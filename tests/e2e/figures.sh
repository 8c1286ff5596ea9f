# Figures around the SLA values on the demo's ACME October (issue 15,
# "wrong or inconsistent figures"), from results.json and the rendered
# report's text:
# - the exclusion window 2026-10-14 10:00-14:00 removes 20 offered inbound
#   contacts (the overview's population), 15 from each voice SLA, 5 from
#   the e-mail SLA and 20 from FCR: the deflected call A20261014-000018 and
#   the outbound e-mail A20261014-000019 inside it are removed from nothing
#   (were 22, 16 and 21); each SLA page's "excluded" equals its line of the
#   exclusions table;
# - repeat-contact FCR counts only inbound contacts as repeats: 55.99 %
#   (was 54.96 % with the centre's outbound contacts taken as repeats);
# - worst half-hours and days only among those with the SLA's minimum
#   volume (10 without one), labelled with the SLA's own numerator and
#   denominator, and "none ranked" when none has it;
# - a parameter the contract did not set and that does not act is not
#   shown (ABANDON printed "threshold 20 s" and "minimum volume 0 offered").
# The report checks run on the final and on a draft (issue 16: the DRAFT
# mark's letters used to land inside the extracted tables).
. tests/e2e_lib.sh

state="$OUT/state"
export SOURCE_DATE_EPOCH=1793836800 # 2026-11-05
"$CCSLA" ingest --state "$state" fixtures/logs/2026-10 >/dev/null 2>&1
"$CCSLA" evaluate --state "$state" --contracts contracts/examples --period 2026-10 --out "$OUT/eval" >/dev/null
check_eq "evaluate the demo month" 0 $?
"$CCSLA" render --state "$state" --contracts contracts/examples --period 2026-10 --client ACME --final --out "$OUT/out" >/dev/null
check_eq "render ACME's October" 0 $?
json="$OUT/eval/ACME/2026-10/results.json"
csv="$OUT/eval/ACME/2026-10/results.csv"
t="$OUT/report.txt"
pdftotext -layout "$OUT/out/ACME/2026-10/report.pdf" "$t" 2>/dev/null

# the two contacts of the window that no population counts
"$BUILD/tools/store_dump" "$state" ACME >"$OUT/acme.csv"
check "the window holds the deflected call A20261014-000018" \
	grep -q ',A20261014-000018,ACME,voice,inbound,.*,deflected,' "$OUT/acme.csv"
check "the window holds the outbound e-mail A20261014-000019" \
	grep -q ',A20261014-000019,ACME,email,outbound,.*,answered,' "$OUT/acme.csv"

# results.json: per window, the overview's count and each SLA's
removed=$(sed -n 's/^ *"contacts_removed": \([0-9]*\),*$/\1/p' "$json")
check_eq "results.json: the window removed 20 offered inbound contacts" "20" "$removed"
per_sla=$(awk '/"contacts_removed_per_sla"/ { on = 1; next } on && /}/ { on = 0 }
	on { gsub(/[ ",]/, ""); print }' "$json" | tr '\n' ' ')
check_eq "results.json: removed per SLA" "SL-VOICE:15 EMAIL-8BH:5 ABANDON:15 FCR:20 AVAIL-VOICE:0 QA-SCORE:0 QA-CRIT:0 CMPL-ACK:0 CMPL-RES:0 " "$per_sla"
# every SLA's counts.excluded equals its window line
excluded=$(awk '/^      "id": / { gsub(/[ ",]/, ""); sub(/^id:/, ""); id = $0 }
	/^        "excluded": / { gsub(/[ ",]/, ""); sub(/^excluded:/, ""); printf "%s:%s ", id, $0 }' "$json")
check_eq "results.json: each SLA's counts.excluded equals what the window removed from it" "$per_sla" "$excluded"

# figures_of KIND TEXT: the report's figures in the text of one render
# (pdftotext -layout). Run on the final and on the draft: the draft's
# DRAFT mark is drawn as outlines, out of the text layer, so its tables
# read as cleanly as the final's.
figures_of() {
	kind=$1
	t=$2
	# the report: the window's line, the per-SLA table, each SLA page
	check "$kind report: the window line says Removed 20" \
		grep -Eq 'client-caused +Client CRM outage, INC-4711 +J. Doe \(client\) +20$' "$t"
	check "$kind report: the overview's line of the window says 20" \
		grep -Eq 'all offered inbound contacts \(overview\) +20$' "$t"
	for pair in SL-VOICE:voice:15 EMAIL-8BH:email:5 ABANDON:voice:15 FCR:all:20; do
		id=${pair%%:*}
		rest=${pair#*:}
		ch=${rest%%:*}
		n=${rest#*:}
		check "$kind report: exclusions table, $id removed $n" grep -Eq "^ +$id \\($ch\\) +$n\$" "$t"
		page=$(sed -n "/^$id: /,/^Daily /p" "$t" | sed -n 's/.*excluded (agreed windows) *\([0-9]*\)$/\1/p')
		check_eq "$kind report: the $id page's excluded equals its exclusions line" "$n" "$page"
	done

	# repeat FCR: the centre's outbound contacts are no repeats
	check_eq "$kind results.csv: FCR by repeat contact is 55.99" "55.99" \
		"$(awk -F, '$4 == "FCR" { print $7 }' "$csv")"
	check "$kind report: customer experience shows FCR 55.99 %" \
		grep -Eq 'First contact resolution +55.99 % \(method: repeat contact within 7 days\)' "$t"

	# worst half-hours and days
	check "$kind SL-VOICE (min_volume 100): none ranked, and the section says so" \
		sh -c "sed -n '/^SL-VOICE: /,/^EMAIL-8BH: /p' '$t' | grep -Eq 'none ranked: no half-hour or day had 100 offered'"
	check "$kind SL-VOICE: the rule stands in the title" \
		sh -c "sed -n '/^SL-VOICE: /,/^EMAIL-8BH: /p' '$t' | grep -q 'Worst half-hours and days (100 or more offered)'"
	check "$kind ABANDON (no min_volume): ranked among those with 10 or more offered" \
		sh -c "sed -n '/^ABANDON: /,/^FCR: /p' '$t' | grep -q 'Worst half-hours and days (10 or more offered)'"
	check "$kind ABANDON: no half-hour had 10 offered, and the section says so" \
		sh -c "sed -n '/^ABANDON: /,/^FCR: /p' '$t' | grep -Eq 'half-hours +none had 10 offered'"
	lines=$(sed -n '/^ABANDON: /,/^FCR: /p' "$t" | grep -Ec ' 2026-10-[0-9]{2}( [0-9:+]+)? +[0-9.]+ % \([0-9]+ abandoned of [0-9]+ counted\)$')
	check_eq "$kind ABANDON: three worst days, each with abandoned of counted" "3" "$lines"
	small=$(sed -n '/^ABANDON: /,/^FCR: /p' "$t" | sed -n 's/.* of \([0-9]*\) counted)$/\1/p' | awk '$1 < 10' | wc -l)
	check_eq "$kind ABANDON: none of them below 10 counted" "0" "$small"
	lines=$(sed -n '/^FCR: /,/^Report ACME-/p' "$t" | grep -Ec '[0-9.]+ % \([0-9]+ of [0-9]+ resolved\)$')
	check "$kind FCR: the worst entries name the FCR base (resolved of answered)" test "$lines" -ge 3

	# parameters: only those set or acting
	abandon=$(sed -n '/^ABANDON: /,/^Daily /p' "$t")
	check "$kind ABANDON: no threshold (not set, and no open contact for it to age)" \
		sh -c "! printf '%s' \"\$1\" | grep -q '^threshold'" sh "$abandon"
	check "$kind ABANDON: no 'contacts counted' (not set: all hours)" \
		sh -c "! printf '%s' \"\$1\" | grep -q 'contacts counted'" sh "$abandon"
	check "$kind SL-VOICE: contacts counted arriving in service hours (set)" \
		sh -c "sed -n '/^SL-VOICE: /,/^Daily /p' '$t' | grep -Eq '^contacts counted +arriving in service hours'"
	check "$kind ABANDON: no minimum volume (not set)" sh -c "! printf '%s' \"\$1\" | grep -q 'minimum volume'" sh "$abandon"
	check "$kind ABANDON: no 'answered in time' among its counts" \
		sh -c "! printf '%s' \"\$1\" | grep -Eq 'answered in time +[0-9]'" sh "$abandon"
	check "$kind ABANDON: the short-abandon rule it does use" sh -c "printf '%s' \"\$1\" | grep -q 'short abandons .*within 5 seconds ignored'" sh "$abandon"
	check "$kind SL-VOICE: its threshold 20 s and minimum volume 100" sh -c \
		"sed -n '/^SL-VOICE: /,/^Daily /p' '$t' | grep -Eq '^answered within +20 seconds' && sed -n '/^SL-VOICE: /,/^Daily /p' '$t' | grep -q 'minimum volume .*100 offered'"
	check "$kind Method: ABANDON's parameters without a threshold" sh -c \
		"grep -A2 '^ABANDON parameters:' '$t' | tr '\n' ' ' | grep -v -Eq 'answered within|open contacts'"
}

figures_of final "$t"
"$CCSLA" render --state "$state" --contracts contracts/examples --period 2026-10 --client ACME --out "$OUT/draft" >/dev/null
check_eq "render ACME's October as a draft" 0 $?
pdftotext -layout "$OUT/draft/ACME/2026-10/report.pdf" "$OUT/draft.txt" 2>/dev/null
check "the draft is one (DRAFT in its header)" grep -q 'Europe/Berlin) DRAFT$' "$OUT/draft.txt"
figures_of draft "$OUT/draft.txt"

for p in 2 3 5 8; do
	pdftoppm -r 70 -f $p -l $p -singlefile -png "$OUT/out/ACME/2026-10/report.pdf" "$OUT/acme-page-$p" 2>/dev/null
done
check "the changed pages render to PNG for a person to look at" test -s "$OUT/acme-page-8.png"
e2e_done
