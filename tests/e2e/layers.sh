# The folders are the pipeline's stages, and their dependencies run one way
# (README "Where things are"): a folder may use itself and the folders its
# row below names, nothing above it. Checked twice: on the #include lines of
# every source file, and on the objects' symbols (nm: who calls whom), so a
# declaration copied into a lower folder does not hide an upward call.
. tests/e2e_lib.sh

# folder: the folders it may use. The pipeline/ prefix is dropped, as in
# the include lines ("core/store.h", "contracts/contract.h").
layers='core:
ingest: core
metrics: core
adapters: core ingest
contracts: core metrics
reports/pdf: core
reports/sign: core reports/pdf
reports/compose: core ingest metrics contracts reports/pdf
reports/recompute: core ingest metrics contracts reports/pdf reports/compose reports/sign
nightly: core ingest adapters metrics contracts reports/pdf reports/compose reports/sign reports/recompute
cli: core ingest adapters metrics contracts reports/pdf reports/compose reports/sign reports/recompute nightly'

# folder_of PATH: the layer name of a source path, or "" for another folder.
folder_of() {
	d=${1%/*}
	d=${d#./}
	d=${d#pipeline/}
	echo "$layers" | awk -F: -v d="$d" '$1 == d { print d }'
}

# allowed FROM TO: exit 0 when FROM may use TO.
allowed() {
	[ "$1" = "$2" ] && return 0
	echo "$layers" | awk -F: -v f="$1" -v t="$2" \
		'$1 == f { n = split($2, a, " "); for (i = 1; i <= n; i++) if (a[i] == t) ok = 1 } END { exit !ok }'
}

# check_includes ROOT: prints one line per broken rule among the sources
# under ROOT (pipeline/, contracts/, reports/, tests/).
check_includes() {
	(cd "$1" && find pipeline contracts reports tests -name '*.[ch]' 2>/dev/null | sort) | while read -r f; do
		from=$(folder_of "$f")
		grep -n '^#include "' "$1/$f" | sed 's/^\([0-9]*\):#include "\([^"]*\)".*/\1 \2/' | while read -r line inc; do
			case $inc in
			*../*) echo "$f:$line: climbs with \"$inc\""; continue ;;
			esac
			case $inc in
			*/*)
				if [ -f "$1/pipeline/$inc" ]; then target=pipeline/$inc
				elif [ -f "$1/$inc" ]; then target=$inc
				else echo "$f:$line: \"$inc\" names no file"; continue
				fi ;;
			*)
				target=${f%/*}/$inc
				[ -f "$1/$target" ] || { echo "$f:$line: \"$inc\" is not in ${f%/*}/ (name its folder)"; continue; } ;;
			esac
			[ -n "$from" ] || continue # tests/ may use every folder
			to=$(folder_of "$target")
			[ -n "$to" ] || { echo "$f:$line: \"$inc\" is in no stage folder"; continue; }
			allowed "$from" "$to" || echo "$f:$line: $from uses $to (\"$inc\"), a folder above it"
		done
	done
}

# Every folder with sources is a stage of the table (a new one is added on
# purpose, with its place in the order).
unknown=$(find pipeline contracts reports -name '*.[ch]' | sed 's|/[^/]*$||' | sort -u | while read -r d; do
	[ -n "$(folder_of "$d/x.c")" ] || echo "$d"
done)
check_eq "every source folder has its place in the order" "" "$unknown"

check_includes . >"$OUT/includes.txt"
check_eq "no include climbs, names a missing file or a folder above its own" "" "$(cat "$OUT/includes.txt")"

# The checker itself fails on an upward include and on a climbing one.
mkdir -p "$OUT/bad/pipeline/core" "$OUT/bad/pipeline/nightly"
: >"$OUT/bad/pipeline/nightly/lock.h"
printf '#include "nightly/lock.h"\n#include "../nightly/lock.h"\n' >"$OUT/bad/pipeline/core/x.c"
check_eq "the include check catches an upward and a climbing include" 2 "$(check_includes "$OUT/bad" | wc -l)"

# Who calls whom: an undefined symbol of one object defined by another.
objs=$(cd "$BUILD/obj" && find pipeline contracts reports -name '*.o' | sort)
if [ -z "$objs" ]; then
	not_ok "objects under $BUILD/obj to read the calls from"
else
	(cd "$BUILD/obj" && for o in $objs; do
		[ -n "$(folder_of "$o")" ] || continue
		nm --defined-only "$o" | awk -v o="$o" '$2 ~ /^[TDBRC]$/ { print "D", o, $3 }'
		nm -u "$o" | awk -v o="$o" '{ print "U", o, $NF }'
	done) | awk '$1 == "D" { def[$3] = $2; next } { use[++n] = $2 " " $3 }
		END { for (i = 1; i <= n; i++) { split(use[i], a, " "); if (a[2] in def && def[a[2]] != a[1]) print a[1], def[a[2]], a[2] } }' |
		sort -u >"$OUT/calls.txt"
	: >"$OUT/upward-calls.txt"
	while read -r user owner sym; do
		from=$(folder_of "$user")
		to=$(folder_of "$owner")
		allowed "$from" "$to" || echo "$user calls $sym of $owner ($from uses $to)" >>"$OUT/upward-calls.txt"
	done <"$OUT/calls.txt"
	check "the objects' calls were read ($(wc -l <"$OUT/calls.txt") links between files)" test -s "$OUT/calls.txt"
	check_eq "no folder calls into a folder above it" "" "$(cat "$OUT/upward-calls.txt")"
fi
e2e_done
