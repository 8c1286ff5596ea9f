#!/bin/sh
# tests/e2e/metrics_crosscheck.sh -- the engine against a second, deliberately
# simple path: 100,000 generated rows are ingested; `ccsla metrics` (by
# client, UTC day, channel) must equal what an awk loop computes from the
# stored rows (store_dump's canonical CSV) with its own time parsing and
# integer rounding. Columns: offered, answered, abandoned, callback,
# overflow, answered_within, service_level_pct, asa_s, max_wait_s, aht_s.
. tests/e2e_lib.sh
dir=$OUT/metrics-crosscheck
rm -rf "$dir" && mkdir -p "$dir"
"$BUILD/tools/gen_logs" --seed 3 --rows 100000 -o "$dir/in.csv.gz" || exit 1
"$CCSLA" ingest --state "$dir/state" "$dir/in.csv.gz" >/dev/null 2>&1
"$BUILD/tools/store_dump" "$dir/state" > "$dir/rows.csv" || exit 1
check "the generated file has at least 100,000 rows" test "$(wc -l < "$dir/rows.csv")" -ge 100000

# Fields of store_dump: 1 lineage, 2 contact_id, 3 client, 4 channel,
# 5 direction, 8 arrived, 9 answered, 10 ended, 11 outcome, 12-14 talk/hold/wrap.
awk -F, '
function ms(t,   y, m, d, era, yoe, doy, doe) {
	y = substr(t, 1, 4) + 0; m = substr(t, 6, 2) + 0; d = substr(t, 9, 2) + 0
	if (m <= 2) y--
	era = int(y / 400); yoe = y - era * 400
	doy = int((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1
	doe = yoe * 365 + int(yoe / 4) - int(yoe / 100) + doy
	return ((era * 146097 + doe - 719468) * 86400 + substr(t, 12, 2) * 3600 + substr(t, 15, 2) * 60 + substr(t, 18, 2)) * 1000 + substr(t, 21, 3)
}
function rnd(num, den, dec) { return den == 0 ? "n/a" : sprintf("%.*f", dec, int((2 * num * 10^dec + den) / (2 * den)) / 10^dec) }
$5 == "inbound" && $11 != "deflected" {
	k = $3 "," substr($8, 1, 10) "," $4
	keys[k] = 1; client[k] = $3; arr = ms($8)
	if (arr > wm[$3]) wm[$3] = arr
	off[k]++
	if ($11 == "answered") {
		w = ms($9) - arr; ans[k]++; wsum[k] += w; if (w <= 20000) aw[k]++
		if (w > mx[k] || !(k in mx)) mx[k] = w
		if ($12 != "" || $13 != "" || $14 != "") { hn[k]++; hs[k] += $12 + $13 + $14 }
	} else if ($11 == "abandoned") {
		a = ms($10) - arr; ab[k]++; if (a > mx[k] || !(k in mx)) mx[k] = a
	} else if ($11 == "callback") cb[k]++
	else if ($11 == "overflow") ov[k]++
	else if ($11 == "open") { opn[k, ++on[k]] = arr }
}
$5 == "inbound" && $11 == "deflected" { if (ms($8) > wm[$3]) wm[$3] = ms($8) }
END {
	for (k in keys) {
		late = 0
		for (i = 1; i <= on[k]; i++) if (wm[client[k]] - opn[k, i] > 20000) late++
		den = ans[k] + late + ov[k] + ab[k]
		printf "%s,%d,%d,%d,%d,%d,%d,%s,%s,%s,%s\n", k, off[k], ans[k], ab[k], cb[k], ov[k], aw[k],
			rnd(100 * aw[k], den, 2), rnd(wsum[k], 1000 * ans[k], 3),
			(k in mx) ? rnd(mx[k], 1000, 3) : "n/a", rnd(hs[k], hn[k], 3)
	}
}' "$dir/rows.csv" | sort > "$dir/simple.csv"
# engine columns: client,day,channel,offered,answered,abandoned,callback,overflow,answered_within,service_level_pct,asa_s,max_wait_s,aht_s
# The days of a client and channel without contacts are rows with offered 0
# (metrics.md v2); the simple path has no row for them.
"$CCSLA" metrics --state "$dir/state" --by client,day,channel 2>/dev/null | sed 1d >"$dir/engine-all.csv"
awk -F, -v OFS=, '$4 > 0 { print $1,$2,$3,$4,$5,$6,$8,$9,$10,$11,$13,$15,$19 }' "$dir/engine-all.csv" | sort > "$dir/engine.csv"
check "the engine's other rows offer nothing and have no value" \
	awk -F, '$4 == 0 && ($5 + $6 + $8 + $9 + $10 != 0 || $11 != "n/a") { bad = 1 } END { exit bad }' "$dir/engine-all.csv"
check "the groups and figures equal the simple path's" cmp -s "$dir/simple.csv" "$dir/engine.csv"
check_eq "as many groups in both" "$(wc -l < "$dir/simple.csv")" "$(wc -l < "$dir/engine.csv")"
check "the groups are not trivial" test "$(wc -l < "$dir/engine.csv")" -ge 100
if ! cmp -s "$dir/simple.csv" "$dir/engine.csv"; then diff "$dir/simple.csv" "$dir/engine.csv" | head -5; fi
e2e_done
