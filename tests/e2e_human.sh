# e2e_human.sh -- machine figures of the CSV files as the report prints
# them for people (reports/compose/numfmt.h), written again in awk so that
# an e2e test checks the PDF against the CSV, not numfmt against itself.

# human_amount CUR DECIMAL: "EUR" "2880000.00" -> "EUR 2,880,000.00"
human_amount() {
	printf '%s\n' "$2" | awk -v cur="$1" '{
		sign = ""; v = $0
		if (substr(v, 1, 1) == "-") { sign = "-"; v = substr(v, 2) }
		whole = v; frac = ""
		if ((p = index(v, ".")) > 0) { whole = substr(v, 1, p - 1); frac = substr(v, p) }
		out = ""
		while (length(whole) > 3) { out = "," substr(whole, length(whole) - 2) out; whole = substr(whole, 1, length(whole) - 3) }
		print cur " " sign whole out frac
	}'
}

# human_wait SECONDS: "20.046" -> "0:20", "3599.5" -> "1:00:00" (half away from zero)
human_wait() {
	printf '%s\n' "$1" | awk '{
		v = $0 + 0; sign = ""
		if (v < 0) { sign = "-"; v = -v }
		s = int(v + 0.5)
		if (s == 0) sign = ""
		if (s >= 3600) printf "%s%d:%02d:%02d\n", sign, int(s / 3600), int(s / 60) % 60, s % 60
		else printf "%s%d:%02d\n", sign, int(s / 60), s % 60
	}'
}

# human_value VALUE UNIT: a metric value of results.csv as the scorecard shows it
human_value() {
	case "$1" in
	n/a|"") echo "n/a" ;;
	*) case "$2" in
	   %) echo "$1 %" ;;
	   s) human_wait "$1" ;;
	   *) echo "$1" ;;
	   esac ;;
	esac
}
