# ccsla contract check on hostile files (issue 21 finding 7): each is
# generated here, rejected with a message naming the limit, in under a
# second and in bounded memory. The times (and, with GNU time, the CPU time
# and peak memory) are printed. Before the limits, the nested flow sequences ran for
# over two minutes, {a: {...}} 100,000 deep 73 s, 200,000 SLAs over two
# minutes, a million unknown keys took 1.15 GB.
. tests/e2e_lib.sh

good=contracts/examples/acme-2026.yaml

# hostile NAME FILE MESSAGE: rejected (exit 1) within 10 s with MESSAGE, in
# under a second of CPU time (user + system, with GNU time; else wall time,
# which a loaded machine stretches) and under 64 MB
gnu_time=0
/usr/bin/time -f %M true >/dev/null 2>&1 && gnu_time=1
hostile() {
	t0=$(date +%s%N)
	if [ $gnu_time = 1 ]; then
		timeout 10 /usr/bin/time -f "%U %S %M" -o "$2.time" "$CCSLA" contract check "$2" >/dev/null 2>"$2.err"
	else
		timeout 10 "$CCSLA" contract check "$2" >/dev/null 2>"$2.err"
	fi
	rc=$?
	ms=$(( ($(date +%s%N) - t0) / 1000000 ))
	cpu=$ms kb=0
	if [ $gnu_time = 1 ] && [ -s "$2.time" ]; then
		cpu=$(tail -1 "$2.time" | awk '{ printf "%d", ($1 + $2) * 1000 }')
		kb=$(tail -1 "$2.time" | awk '{ print $3 }')
	fi
	echo "# $1: $(wc -c <"$2") bytes, exit $rc, $ms ms wall, $cpu ms CPU, $kb KB peak"
	check_eq "$1: rejected with exit 1" 1 "$rc"
	check "$1: the message says why" grep -q "$3" "$2.err"
	check "$1: rejected in under a second ($cpu ms)" test "$cpu" -lt 1000
	check "$1: in under 64 MB ($kb KB)" test "$kb" -lt 65536
}

# 400 KB of nested flow sequences
awk 'BEGIN { printf "ccsla: 1\nslas: "; for (i = 0; i < 200000; i++) printf "["; for (i = 0; i < 200000; i++) printf "]"; print "" }' >"$OUT/flow.yaml"
hostile "nested flow sequences" "$OUT/flow.yaml" "nested more than 16 deep"

# {a: {a: ...}} 100,000 deep
awk 'BEGIN { printf "ccsla: 1\ncontract: "; for (i = 0; i < 100000; i++) printf "{a: "; printf "1"; for (i = 0; i < 100000; i++) printf "}"; print "" }' >"$OUT/maps.yaml"
hostile "nested mappings" "$OUT/maps.yaml" "nested more than 16 deep"

# 200,000 SLAs (11.7 MB): over the file size limit
{ sed '/^slas:/,$d' "$good"; echo "slas:"
  awk 'BEGIN { for (i = 0; i < 200000; i++) printf "  - {id: S%d, metric: asa, target: \"<= 30\", kind: key}\n", i }'; } >"$OUT/slas.yaml"
hostile "200,000 SLAs" "$OUT/slas.yaml" "larger than 1048576 bytes"

# a million unknown keys (11 MB): over the file size limit
{ cat "$good"; awk 'BEGIN { for (i = 0; i < 1000000; i++) printf "k%07d: 1\n", i }'; } >"$OUT/keys.yaml"
hostile "a million unknown keys" "$OUT/keys.yaml" "larger than 1048576 bytes"

# under the size limit: 60,000 keys are over the node limit
{ cat "$good"; awk 'BEGIN { for (i = 0; i < 60000; i++) printf "k%05d: 1\n", i }'; } >"$OUT/nodes.yaml"
hostile "60,000 keys" "$OUT/nodes.yaml" "more than 50000 keys, values, lists and mappings"

# under every limit: 20,000 unknown keys are walked, but only the first 100
# problems are kept (and counted past that)
{ cat "$good"; awk 'BEGIN { for (i = 0; i < 20000; i++) printf "k%05d: 1\n", i }'; } >"$OUT/unknown.yaml"
hostile "20,000 unknown keys" "$OUT/unknown.yaml" "19900 more problems not shown (the first 100 are)"
check_eq "20,000 unknown keys: 100 problems and the count of the rest" 101 \
	"$(grep -c "^$OUT/unknown.yaml:" "$OUT/unknown.yaml.err")"

# 201 SLAs: over the SLA limit; 200 with one id repeated: the repeat is found
{ sed '/^slas:/,$d' "$good"; echo "slas:"
  awk 'BEGIN { for (i = 0; i < 201; i++) printf "  - {id: S%d, metric: asa, target: \"<= 30\", kind: key}\n", i }'; } >"$OUT/slas201.yaml"
hostile "201 SLAs" "$OUT/slas201.yaml" "'slas' has 201 SLAs, more than the 200"
{ sed '/^slas:/,$d' "$good"; echo "slas:"
  awk 'BEGIN { for (i = 0; i < 200; i++) printf "  - {id: S%d, metric: asa, target: \"<= 30\", kind: key}\n", i == 150 ? 7 : i }'; } >"$OUT/slasdup.yaml"
hostile "200 SLAs, one id twice" "$OUT/slasdup.yaml" "sla id 'S7' is used twice (first at line"

# a YAML alias could make the walk visit one big node many times
{ sed '/^slas:/,$d' "$good"; echo "slas:"; echo "  - &s {id: A, metric: asa, target: \"<= 30\", kind: key}"; echo "  - *s"; } >"$OUT/alias.yaml"
hostile "a YAML alias" "$OUT/alias.yaml" "YAML aliases ('\*s') are not allowed"

e2e_done
