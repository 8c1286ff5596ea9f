# report.html, the HTML twin, checked in a real browser (headless
# Chromium, Debian's `chromium`): for every example contract's October and
# for the hand-filled samples (draft, revision, 24 SLAs, a client without
# contacts), at phone (375 px) and desktop (1280 px) widths:
# - no sideways scroll of the page at 375 px (wide tables scroll in their
#   own box), every image and chart named, every table with header cells
#   and a caption, nothing loaded from outside, a language, headings in
#   order (tests/e2e/html_probe.html measures in the browser);
# - the scorecard has the SLA ids, values and verdicts of results.csv;
# - the probe itself flags a page that breaks each rule (so a pass means
#   something);
# - two renders give byte-identical report.html and report.pdf, and the
#   report.html attached to the PDF is the one beside it;
# - PNGs at both widths in $OUT for a person to look at.
# Skipped (visibly) when chromium is missing or cannot start here.
. tests/e2e_lib.sh

export SOURCE_DATE_EPOCH=1793836800 # 2026-11-05
probe=tests/e2e/html_probe.html
profile="$OUT/chromium-profile"
chrome() {
	# root needs --no-sandbox; a profile of its own, and a time limit
	timeout 30 chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-extensions \
		--user-data-dir="$profile" --allow-file-access-from-files "$@" 2>>"$OUT/chromium.log"
}

# measure DIR WIDTH: the probe's line for DIR/report.html at WIDTH px
measure() {
	cp "$probe" "$1/probe.html"
	chrome --virtual-time-budget=10000 --dump-dom "file://$(cd "$1" && pwd)/probe.html#$2" |
		sed -n 's/.*<pre id="probe">\([^<]*\)<\/pre>.*/\1/p'
}
field() { echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }

# checks_at NAME DIR WIDTH: every rule at one width
checks_at() {
	m=$(measure "$2" "$3")
	if [ -z "$m" ]; then
		not_ok "$1 at $3 px: the probe measured nothing"
		return
	fi
	echo "# $1 at $3 px: $m"
	cw=$(field "$m" client)
	sw=$(field "$m" scroll)
	check "$1 at $3 px: no sideways scroll (content $sw px in $cw px)" test "$sw" -le "$cw"
	check_eq "$1 at $3 px: every image and chart has a text alternative" 0 "$(field "$m" noalt)"
	check_eq "$1 at $3 px: every table has header cells" 0 "$(field "$m" noth)"
	check_eq "$1 at $3 px: every table has a caption" 0 "$(field "$m" nocaption)"
	check_eq "$1 at $3 px: every key-value table fits its box (values in view)" 0 "$(field "$m" kvwide)"
	check_eq "$1 at $3 px: nothing loaded from outside the file" 0 "$(field "$m" external)"
	check_eq "$1 at $3 px: language" en "$(field "$m" lang)"
	check_eq "$1 at $3 px: headings in order" ok "$(field "$m" headings)"
	last_sla=$(field "$m" sla)
}

if ! command -v chromium >/dev/null 2>&1; then
	skip "html twin in a browser" "chromium is not installed (apt-get install chromium)"
	e2e_done
fi
mkdir -p "$OUT/smoke"
printf '<!DOCTYPE html><html lang="en"><title>t</title><p>x</p></html>\n' >"$OUT/smoke/report.html"
if [ -z "$(measure "$OUT/smoke" 375)" ]; then
	skip "html twin in a browser" "chromium does not start here (see $OUT/chromium.log)"
	e2e_done
fi

# the probe catches each kind of fault
mkdir -p "$OUT/bad"
cat >"$OUT/bad/report.html" <<'EOF'
<!DOCTYPE html><html><head><title>bad</title></head><body>
<h1>bad</h1><h3>skips h2</h3>
<table><tr><td style="white-space:nowrap">a row far wider than any phone, with no header cell at all, none</td></tr></table>
<img src="x.png"><svg role="img" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>
<div style="overflow-x:auto"><table class="kv"><caption>kv</caption><tr><th>k</th><td style="white-space:nowrap">a value far wider than any phone, kept on one line, off the screen</td></tr></table></div>
</body></html>
EOF
m=$(measure "$OUT/bad" 375)
echo "# bad page at 375 px: $m"
check "probe: flags a page that scrolls sideways" test "$(field "$m" scroll)" -gt "$(field "$m" client)"
check_eq "probe: flags an image and a chart without alt text" 2 "$(field "$m" noalt)"
check_eq "probe: flags a table without header cells" 1 "$(field "$m" noth)"
check_eq "probe: flags a table without caption" 1 "$(field "$m" nocaption)"
check_eq "probe: flags a key-value table wider than its box" 1 "$(field "$m" kvwide)"
check_eq "probe: flags what loads from outside" 1 "$(field "$m" external)"
check_eq "probe: flags a missing language" - "$(field "$m" lang)"
check "probe: flags a skipped heading level" sh -c "echo '$(field "$m" headings)' | grep -q '^H3:'"

# the example contracts' October, as the demo's final reports
state="$OUT/state"
"$CCSLA" ingest --state "$state" fixtures/logs/2026-10 >/dev/null 2>&1
"$CCSLA" evaluate --state "$state" --contracts contracts/examples --period 2026-10 --out "$OUT/eval" >/dev/null
check_eq "evaluate October for every example contract" 0 $?
"$CCSLA" render --state "$state" --contracts contracts/examples --period 2026-10 --final --out "$OUT/out" >/dev/null
check_eq "render October for every example contract" 0 $?
"$CCSLA" render --state "$state" --contracts contracts/examples --period 2026-10 --final --out "$OUT/again" >/dev/null
for f in contracts/examples/*.yaml; do
	client=$(sed -n 's/^  client: *\([A-Z0-9_-]*\).*/\1/p' "$f" | head -n 1)
	dir="$OUT/out/$client/2026-10"
	check "$client: report.html beside report.pdf" test -s "$dir/report.html"
	[ -s "$dir/report.html" ] || continue
	for w in 375 1280; do
		checks_at "$client" "$dir" "$w"
	done
	want=$(awk -F, 'NR > 1 { v = $7 == "" ? "n/a" : $7; printf "%s%s=%s=%s", n++ ? ";" : "", $4, v, $11 }' \
		"$OUT/eval/$client/2026-10/results.csv" | tr ' ' '_')
	check_eq "$client: the scorecard's SLA ids, values and verdicts are results.csv's" "$want" "$last_sla"
	# the figures read as in the PDF: each SLA's measured value, the credit due
	pdftotext -layout "$dir/report.pdf" "$dir/report.txt" 2>/dev/null
	# ID|VALUE per scorecard row; the PDF's scorecard line of ID holds VALUE
	measured=$(sed 's/<tr/\n<tr/g' "$dir/report.html" |
		sed -n 's/^<tr data-sla="\([^"]*\)" data-value.*data-label="Measured">\([^<]*\)<\/td>.*/\1|\2/p')
	echo "$measured" | while IFS='|' read -r id v; do
		awk -v id="$id" -v v="$v" 'index($0, id " ") && index($0, v) { found = 1 } END { exit !found }' \
			"$dir/report.txt" || echo "$id $v"
	done >"$dir/missing.txt"
	check "$client: each SLA's measured value reads the same in the PDF ($(echo "$measured" | tr '\n' ' '))" \
		test -n "$measured" -a ! -s "$dir/missing.txt"
	due=$(sed 's/<tr/\n<tr/g' "$dir/report.html" | sed -n 's/^<tr class="total" data-credit-due.*<td class="num">\([^<]*\)<\/td><\/tr>.*/\1/p')
	check "$client: the credit due reads the same in the PDF ($due)" sh -c "test -n '$due' && grep -qF -- '$due' '$dir/report.txt'"
	check "$client: two renders give the same report.html" cmp -s "$dir/report.html" "$OUT/again/$client/2026-10/report.html"
	check "$client: two renders give the same report.pdf" cmp -s "$dir/report.pdf" "$OUT/again/$client/2026-10/report.pdf"
	mkdir -p "$OUT/detach-$client"
	pdfdetach -saveall -o "$OUT/detach-$client" "$dir/report.pdf" 2>/dev/null
	check "$client: the report.html attached to the PDF is the one beside it" \
		cmp -s "$dir/report.html" "$OUT/detach-$client/report.html"
	check "$client: the heatmap is there with its legend, as in the PDF" sh -c \
		"grep -q '<h2 id=\"heatmap\">Service level by half-hour</h2>' '$dir/report.html' &&
		 grep -q 'Legend (service level per half-hour)' '$dir/report.txt'"
	size=$(wc -c <"$dir/report.html")
	check "$client: report.html stays below 300 KB ($size bytes)" test "$size" -lt 307200
done

# ACME with the demo's operations logs (forecast, agent states, outages,
# complaints, quality): the sections those logs add, at phone width too
ops="$OUT/ops-state"
"$CCSLA" ingest --state "$ops" fixtures/logs/2026-10 fixtures/opslogs/demo-2026-10 >/dev/null 2>&1
"$CCSLA" render --state "$ops" --contracts contracts/examples --period 2026-10 --final --client ACME \
	--out "$OUT/ops" >/dev/null
check_eq "render ACME's October with its operations logs" 0 $?
dir="$OUT/ops/ACME/2026-10"
for h in "Forecast and staffing" "Customer experience" "Complaint cases" "Availability" "Quality"; do
	check "ACME with operations logs: the section $h is there" grep -q ">$h</h[23]>" "$dir/report.html"
done
for w in 375 1280; do
	checks_at "ACME with operations logs" "$dir" "$w"
done
chrome --window-size=375,4000 --screenshot="$OUT/acme-ops-375.png" "file://$(cd "$dir" && pwd)/report.html" \
	>/dev/null 2>&1

# ccsla verify compares the attached report.html with metrics.csv
K=fixtures/keys
cp $K/test-leaf.key "$OUT/leaf.key" && chmod 600 "$OUT/leaf.key"
"$CCSLA" sign --key "$OUT/leaf.key" --cert $K/test-leaf.pem --chain $K/test-leaf-chain.pem \
	"$OUT/out/ACME/2026-10/report.pdf" "$OUT/signed.pdf" >/dev/null
"$CCSLA" verify --ca $K/test-ca.pem "$OUT/signed.pdf" >"$OUT/verify.txt"
check_eq "ccsla verify passes the signed ACME report" 0 $?
check "ccsla verify: report.html shows metrics.csv's values and verdicts" \
	grep -q "ok    report.html: the scorecard's 9 SLA values and verdicts are metrics.csv's" "$OUT/verify.txt"
check "ccsla verify lists report.html among the attachments" \
	grep -q "^attached: .*report.html" "$OUT/verify.txt"

# the samples: draft, revision, 24 SLAs over pages, a client without contacts
for k in draft revision many empty; do
	mkdir -p "$OUT/sample-$k"
	"$BUILD/tools/render_sample" "$k" "$OUT/sample-$k"
	checks_at "sample $k" "$OUT/sample-$k" 375
done
check "draft: says DRAFT" grep -q 'class="banner">DRAFT' "$OUT/sample-draft/report.html"
check "revision: says what changed" grep -q '<h2 id="revision">Revision 2: what changed</h2>' \
	"$OUT/sample-revision/report.html"

# for a person to look at: ACME's October at both widths
chrome --window-size=1280,4000 --screenshot="$OUT/acme-1280.png" "file://$(cd "$OUT/out/ACME/2026-10" && pwd)/report.html" >/dev/null
chrome --window-size=375,4000 --screenshot="$OUT/acme-375.png" "file://$(cd "$OUT/out/ACME/2026-10" && pwd)/report.html" >/dev/null
check "PNGs at 1280 and 375 px written" test -s "$OUT/acme-1280.png" -a -s "$OUT/acme-375.png"
rm -rf "$profile"
e2e_done
