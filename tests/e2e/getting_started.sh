# README "Getting started" cannot rot: its contract skeleton is taken from
# the README and checked (valid, every key of the README's "Keys" tables
# present and commented, the linear variant valid too), and its commands are
# run as written, in a scratch home, up to a verified signed report.
. tests/e2e_lib.sh

# The section: from its heading to the next "## " heading.
awk '/^## Getting started/ { on = 1; print; next } on && /^## / { exit } on' README.md >"$OUT/section.md"
check "README has a Getting started section" test -s "$OUT/section.md"
check "Getting started comes right after Set-up" sh -c \
	"grep '^## ' README.md | sed -n '/^## Set-up/{n;p;}' | grep -q '^## Getting started'"

# The skeleton: the yaml block after the marker (what the README's own sed
# command extracts).
sed -n '/^<!-- getting-started: contract -->$/,/^```$/p' README.md | sed '1,2d;$d' >"$OUT/skeleton.yaml"
check "the skeleton is in the README" test -s "$OUT/skeleton.yaml"
mkdir -p "$OUT/skel"
cp "$OUT/skeleton.yaml" "$OUT/skel/my-contract.yaml"
"$CCSLA" contract check "$OUT/skel" >"$OUT/skel.out" 2>&1
check_eq "ccsla contract check accepts the skeleton" 0 $?

# Every key of the Keys tables (first column; `credits.model` is `model`)
# is in the skeleton, and its first line there carries a comment.
awk '/^### Keys/ { on = 1; next } on && /^### / { exit }
     on && /^\| `/ { split($0, c, "|"); print c[2] }' README.md |
	grep -oE '`[a-z_.]+`' | tr -d '`' | sed 's/.*\.//' | sort -u >"$OUT/keys.txt"
check "the Keys tables list keys" test "$(wc -l <"$OUT/keys.txt")" -gt 30
while read -r k; do
	first=$(grep -nE "^[ -]*(# )?$k:|[{,] $k:" "$OUT/skeleton.yaml" | head -n 1)
	check "the skeleton has the key $k, commented" sh -c "printf '%s\n' \"\$1\" | grep -q '#'" _ "$first"
done <"$OUT/keys.txt"

# The linear variant the skeleton's comments describe is valid too.
mkdir -p "$OUT/linear"
sed -e 's/model: at-risk /model: linear  /' -e 's/^    # \(pct_per_point\|cap_pct\):/    \1:/' \
	-e '/^    \(at_risk_pct\|pool_pct\|expected_defaults\|repeat_multiplier\|earn_back\|allocation_pct\):/d' \
	"$OUT/skeleton.yaml" >"$OUT/linear/linear.yaml"
"$CCSLA" contract check "$OUT/linear" >"$OUT/linear.out" 2>&1
check_eq "the skeleton's linear variant is valid" 0 $?
check "the linear variant is linear" grep -q '^  credits: linear' "$OUT/linear.out"

# The commands: every ```sh block of the section, in order, with `set -e`,
# from the repository, HOME in $OUT. The build directory on PATH is this
# run's ($BUILD: build-asan under make asan).
bindir=$(cd "$(dirname "$CCSLA")" && pwd)
awk '/^```sh$/ { on = 1; next } on && /^```$/ { on = 0; next } on' "$OUT/section.md" |
	sed "s|\"\$PWD/build:|\"$bindir:|" >"$OUT/commands.sh"
check "the section has commands" test "$(grep -c . "$OUT/commands.sh")" -gt 8
check "the commands use ccsla from the build or make install" grep -q '^export PATH=' "$OUT/commands.sh"
rm -rf "$OUT/home"
mkdir -p "$OUT/home"
touch "$OUT/stamp"
HOME="$OUT/home" sh -e "$OUT/commands.sh" >"$OUT/commands.out" 2>&1
check_eq "the Getting started commands run without an error" 0 $?
first="$OUT/home/ccsla-first"
check "the skeleton was written from the README" cmp -s "$OUT/skeleton.yaml" "$first/contracts/my-contract.yaml"
check "evaluate printed what the README says" grep -qF \
	"$(tr '\n' ' ' <"$OUT/section.md" | grep -o 'It prints `ACME 2026-10[^`]*`' | sed 's/It prints `//; s/`$//')" "$OUT/commands.out"
for f in results.csv results.json credits.csv report.pdf metrics.csv manifest.json; do
	check "out/ACME/2026-10/$f is written" test -s "$first/out/ACME/2026-10/$f"
done
check "the signed report is there" test -s "$first/report-signed.pdf"
check "ccsla verify says VERIFIED" grep -q '^VERIFIED: the report is intact, signed by the signer above, and its totals add up' "$OUT/commands.out"
find . \( -path ./.git -o -path ./build -o -path ./build-asan -o -path ./build-fuzz -o -path ./bench-data -o -path "./${BUILD#./}" \) -prune -o \
	-newer "$OUT/stamp" -print >"$OUT/written.txt"
check "the walk-through wrote nothing into the repository" test ! -s "$OUT/written.txt"
cat "$OUT/written.txt"
e2e_done
