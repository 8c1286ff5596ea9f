# The manual page pipeline/cli/ccsla.1 reads without a groff warning and keeps up
# with the command line: every command of `ccsla --help`, every long option
# of `ccsla help CMD` (in that command's subsection), every exit code of
# `ccsla --help` (under EXIT STATUS, with its meaning) and every variable the
# code reads with getenv (under ENVIRONMENT) is in the page.
. tests/e2e_lib.sh
page=pipeline/cli/ccsla.1

if ! command -v groff >/dev/null 2>&1; then
	not_ok "groff is installed (Debian package groff-base; make deps installs it)"
	e2e_done
fi
ok "groff is installed"
groff -man -Tutf8 -ww -z "$page" >"$OUT/groff-warnings.txt" 2>&1
rc=$?
check "groff -man -Tutf8 -ww -z reads the page without a warning" \
	test "$rc" -eq 0 -a ! -s "$OUT/groff-warnings.txt"
cat "$OUT/groff-warnings.txt"

# The page as text: ASCII (\- is '-'), no bold or underline, lines long
# enough that no paragraph is broken, so that a search sees whole phrases.
groff -man -Tascii -P-cbou -rLL=2000n "$page" 2>/dev/null >"$OUT/page.txt"
"$CCSLA" --help >"$OUT/help.txt"

# section NAME: the lines under a heading of the rendered page
section() { awk -v s="$1" '/^[A-Z]/ { on = ($0 == s); next } on' "$OUT/page.txt"; }
# subsection CMD: the paragraphs of "ccsla CMD" under COMMANDS
subsection() {
	section COMMANDS | awk -v c="   ccsla $1" '/^   [^ ]/ { on = ($0 == c || index($0, c " ") == 1) } on'
}
# has_word WORD: standard input holds WORD, not only a longer option
has_word() { grep -qE -- "(^|[^A-Za-z0-9_-])$1([^A-Za-z0-9_-]|\$)"; }

heads=$(grep -E '^[A-Z][A-Z ]*$' "$OUT/page.txt" | tr '\n' ',')
check_eq "the page has the sections of man(7) in order" \
	"NAME,SYNOPSIS,DESCRIPTION,COMMANDS,EXIT STATUS,ENVIRONMENT,FILES,EXAMPLES,SEE ALSO," "$heads"

cmds=$(sed -n 's/^  \([a-z]*\)  .*/\1/p' "$OUT/help.txt")
check "ccsla --help lists commands" test -n "$cmds"
for cmd in $cmds; do
	section SYNOPSIS >"$OUT/synopsis.txt"
	check "SYNOPSIS shows ccsla $cmd" grep -qE "^ +ccsla $cmd( |\$)" "$OUT/synopsis.txt"
	subsection "$cmd" >"$OUT/command-$cmd.txt"
	check "COMMANDS has a subsection ccsla $cmd" test -s "$OUT/command-$cmd.txt"
	"$CCSLA" help "$cmd" >"$OUT/help-$cmd.txt"
	for opt in $(grep -oE -- '--[a-z][a-z0-9-]*' "$OUT/help-$cmd.txt" | sort -u); do
		check "ccsla $cmd $opt is under ccsla $cmd" has_word "$opt" <"$OUT/command-$cmd.txt"
	done
done

# Exit codes: "  N  meaning" lines of ccsla --help, continuation lines joined.
awk '/^Exit codes:/ { on = 1; next }
     on && /^  [0-9] / { if (line != "") print line; line = $0; next }
     on && /^     / { line = line " " $0 }
     END { if (line != "") print line }' "$OUT/help.txt" |
	tr -s ' ' | sed 's/^ //' >"$OUT/exit-codes.txt"
check "ccsla --help lists exit codes" test -s "$OUT/exit-codes.txt"
section "EXIT STATUS" | tr -s ' ' | sed 's/^ //' >"$OUT/exit-status.txt"
while IFS= read -r line; do
	check "EXIT STATUS has exit code ${line%% *} with its meaning" grep -qFx "$line" "$OUT/exit-status.txt"
done <"$OUT/exit-codes.txt"

# Every variable the code reads, under ENVIRONMENT.
section ENVIRONMENT >"$OUT/environment.txt"
for var in $(grep -rhoE 'getenv\("[A-Z_]+"\)' pipeline contracts reports | sed 's/.*"\(.*\)".*/\1/' | sort -u); do
	check "ENVIRONMENT has $var" grep -qE "^ +$var( |\$)" "$OUT/environment.txt"
done
e2e_done
