# The repository stands alone: help texts, the manual page, messages and
# documents name only documents that exist in the repository (never a file
# beside it, such as ../shared/spec/), each README section they name exists,
# and only the optional real-data tests look beside the repository
# (skipping, not failing, when it is absent: tests/e2e_lib.sh `skip`).
. tests/e2e_lib.sh

# md_names: the document names (*.md) on standard input, one a line
md_names() { grep -oE '[A-Za-z0-9_./-]*[A-Za-z0-9_-]\.md\b' | sort -u; }
# sections: the README section names quoted as README "X" or README.md "X"
sections() { grep -oE 'README(\.md)?,? (section )?"[^"]+"' | sed 's/.*"\(.*\)"/\1/' | sort -u; }
# has_section NAME: README.md has a heading that holds NAME
has_section() { grep -E '^#+ ' README.md | sed 's/^#* //' | grep -qF -- "$1"; }
# in_repo PATH: PATH is a file of the repository (not beside it)
in_repo() { case $1 in ../* | */../* | /*) return 1 ;; esac; test -f "$1"; }

# What a user reads from the program: ccsla --help, ccsla help CMD, the page.
"$CCSLA" --help >"$OUT/help.txt"
for cmd in $(sed -n 's/^  \([a-z]*\)  .*/\1/p' "$OUT/help.txt"); do
	"$CCSLA" help "$cmd"
done >"$OUT/help-all.txt"
check "ccsla help CMD prints every command's help" test -s "$OUT/help-all.txt"
groff -man -Tascii -P-cbou -rLL=2000n pipeline/cli/ccsla.1 2>/dev/null >"$OUT/page.txt"
check "the manual page renders" test -s "$OUT/page.txt"
# The messages the code can print: string literals of the sources, outside
# comments.
for f in $(find pipeline contracts reports -name '*.c' | sort); do
	grep -vE '^[[:space:]]*(/\*|\*)' "$f" | grep -oE '"([^"\\]|\\.)*"' | sed 's/\\"/"/g'
done >"$OUT/strings.txt"
check "the sources' string literals are read" test -s "$OUT/strings.txt"

for src in help-all.txt page.txt strings.txt; do
	check "$src names nothing beside the repository (../)" sh -c "! grep -n '\.\./shared\|\.\./spec\|\.\./notes' '$OUT/$src'"
	md_names <"$OUT/$src" >"$OUT/$src.md"
	while read -r doc; do
		check "$src: the document $doc is in the repository" in_repo "$doc"
	done <"$OUT/$src.md"
	sections <"$OUT/$src" >"$OUT/$src.sections"
	while IFS= read -r s; do
		check "$src: README has the section \"$s\"" has_section "$s"
	done <"$OUT/$src.sections"
done
check "help, the page and the messages name a document of the repository" \
	test -s "$OUT/help-all.txt.md" -a -s "$OUT/page.txt.md" -a -s "$OUT/strings.txt.md"

# The documents: every path to a *.md file in README.md and the format
# documents exists, and every README section they name exists.
docs="README.md pipeline/ingest/FORMAT.md pipeline/metrics/METRICS.md contracts/FORMAT.md fixtures/realdata/README.md"
for d in $docs; do
	check "$d exists" test -f "$d"
	[ -f "$d" ] || continue
	# fixtures/realdata/README.md says where the data it cannot ship lives
	[ "$d" = fixtures/realdata/README.md ] ||
		check "$d names nothing beside the repository (../)" sh -c "! grep -n '\.\./shared\|\.\./spec' '$d'"
	# (a path under a shell variable, "$REPO/README.md", is the variable's)
	sed 's/\$[A-Za-z_{}]*\/[^ ]*//g' "$d" | grep -oE '[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)+\.md\b' | sort -u >"$OUT/paths.txt"
	while read -r p; do
		check "$d: $p is in the repository" in_repo "$p"
	done <"$OUT/paths.txt"
	# section names may be wrapped over two lines
	tr '\n' ' ' <"$d" | tr -s ' ' | sections >"$OUT/doc-sections.txt"
	while IFS= read -r s; do
		check "$d: README has the section \"$s\"" has_section "$s"
	done <"$OUT/doc-sections.txt"
done

# Only the real-data tests may look beside the repository, and they skip.
grep -rlE '\.\./shared' Makefile tests pipeline contracts reports .ci 2>/dev/null |
	grep -vxE 'tests/e2e/(realdata_asterisk|realdata_technion|standalone)\.sh' >"$OUT/beside.txt"
check "nothing but the real-data tests reads ../shared" test ! -s "$OUT/beside.txt"
cat "$OUT/beside.txt"
for t in tests/e2e/realdata_asterisk.sh tests/e2e/realdata_technion.sh; do
	check "$t skips, not fails, without ../shared" sh -c "grep -q '^	*skip ' '$t' && ! grep -q 'not_ok .*not found' '$t'"
done

# The shipped real data carries its source and terms; the README says so.
check "fixtures/realdata has the Technion data's SOURCE.md with its terms" \
	grep -q 'The data is free for use' fixtures/realdata/technion-anonymous-bank-1999/SOURCE.md
check "the README acknowledges the Technion data" grep -q 'Guedj' README.md
check "the shipped real data stays small (under 4 MB)" \
	test "$(du -sk fixtures/realdata | cut -f1)" -lt 4096
e2e_done
