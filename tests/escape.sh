#!/bin/sh
# Nothing from the input can forge a line of kjeller's output or send the
# terminal an escape sequence (src/escape.c): file names with a newline, a
# carriage return or ESC; an include path, a label and a line of the case
# with ESC, BEL, C1 CSI (U+009B) and a bidi override (U+202E).  Checks the
# diagnostics, the text report, the questions and the SMT-LIB2 export.
# Ends with "escape: N passed, N failed".
KJ=${KJ:-${BUILD:-build}/kjeller}
KJ=$(cd "$(dirname "$KJ")" && pwd)/$(basename "$KJ")
root=$(pwd)
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir" || exit 1
pass=0
fail=0
ok() { # description, command...
    d=$1
    shift
    if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "escape FAIL: $d"; fi
}
# no control byte but newline (and tab), no C1 CSI, no bidi override
clean() { ! LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$1" && ! grep -q "$(printf '\302\233')" "$1" &&
    ! grep -q "$(printf '\342\200\256')" "$1"; }
no_forged() { ! grep -q '^forged' "$1"; }

nl='
'
esc=$(printf '\033')
# a file name with a newline that would forge a diagnostic
evil="evil.case${nl}forged.case:1:1: error: all is well"
printf 'sourc s1 "x"\n' >"$evil"
"$KJ" check "$evil" >out 2>err
ok "newline in a file name: no forged line" no_forged err
ok "newline in a file name: shown as backslash-n" grep -q '^evil.case\\nforged.case:1:1: error: all is well:1:1: error: unknown statement' err
# ESC and CR in a file name
evil2="esc${esc}[2J${esc}]0;title$(printf '\007')cr$(printf '\r').case"
printf 'sourc s1 "x"\n' >"$evil2"
"$KJ" check "$evil2" >out 2>err
ok "ESC, BEL, CR in a file name: escaped" grep -q '^esc\\x1b\[2J\\x1b\]0;title\\x07cr\\r.case:1:1: error' err
ok "ESC, BEL, CR in a file name: no control byte" clean err
# an include path, and a line echoed, with ESC, C1 CSI and a bidi override
printf 'source s1 "x"\ninclude "no\033[31m\302\233such\342\200\256.case"\nsourc s2 "a \033[2J b"\n' >line.case
"$KJ" check line.case >out 2>err
ok "include path escaped in the message" grep -q "cannot read 'no\\\\x1b\[31m\\\\u009bsuch\\\\u202e.case'" err
ok "the echoed line escaped" grep -q '^    3 | sourc s2 "a \\x1b\[2J b"$' err
ok "the caret still under the word" grep -q '^      | ^~~~~$' err
ok "the echoed lines hold no control byte" clean err

# the text report, the questions and the export of a case whose file name
# has a newline and whose labels hold escapes
sed -e "s/\"Oslo's land airport in 1935 was Kjeller/\"\\x1b[2JOslo's land \\xe2\\x80\\xae airport/" \
    "$root/examples/moscow-1937/pyatakov.case" >"py${nl}forged.case"
"$KJ" check "py${nl}forged.case" >out 2>err
rc=$?
ok "report: exit 1 (contradictions)" [ "$rc" -eq 1 ]
ok "report: no forged line" no_forged out
ok "report: file name shown with backslash-n" grep -q '^py\\nforged.case:42:3: contradiction' out
ok "report: label escaped" grep -q '\\x1b\[2JOslo.s land \\u202e airport' out
ok "report: no control byte" clean out
"$KJ" questions "py${nl}forged.case" >out 2>err
ok "questions: no control byte, no forged line" sh -c "! grep -q '^forged' out && ! grep -q '$esc' out"
"$KJ" export --smt2 "py${nl}forged.case" >out 2>err
ok "export: no forged line" no_forged out
ok "export: the file name in comments escaped" grep -q '^; kjeller .*: compiled network of py\\nforged.case$' out
"$KJ" check --format json "py${nl}forged.case" >out 2>err
ok "json: the file name as given, JSON-escaped" grep -q '"file": "py\\nforged.case"' out
ok "json: no control byte (JSON escapes them; U+202E is data there)" sh -c "! LC_ALL=C grep -q '$(printf '[\001-\010\013-\037\177]')' out"

# a file name that is not UTF-8: escaped in text, and JSON still names it
cp "py${nl}forged.case" "$(printf 'latin\351.case')"
"$KJ" check "$(printf 'latin\351.case')" >out 2>err
ok "a file name not UTF-8: escaped in the text report" grep -q '^latin\\xe9.case:42:3: contradiction' out
"$KJ" check --format json "$(printf 'latin\351.case')" >out 2>err
ok "a file name not UTF-8: JSON names it as shown" grep -q '"file": "latin\\\\xe9.case"' out

# the import's status lines (stdout and stderr) name the CSV, the rejects
# file and the target: escaped too (issue 19 review)
printf 'store records "st.kjdb"\nsource s "s"\nplace k 59.97 11.04 tz Europe/Oslo\n' >imp.case
printf 'register reg at k covers 1935-12 records arrival by air store records source s\n' >>imp.case
csv="q${nl}forged: error${esc}[2J.csv"
printf 'date,aircraft\n1935-12-05,civil\nBAD,row\n' >"$csv"
"$KJ" import imp.case reg "$csv" >out 2>err
ok "import refused for a bad row, stderr: no forged line" no_forged err
ok "import refused for a bad row, stderr: no control byte" clean err
"$KJ" import imp.case reg "$csv" --max-errors 1 >out 2>err
ok "import status: no forged line" no_forged out
ok "import status: no control byte" clean out
ok "import status, stderr: no forged line" no_forged err
ok "import status: the CSV named, escaped" grep -q '^q\\nforged: error\\x1b\[2J.csv: 1 row imported' out
"$KJ" import imp.case reg "$csv" --max-errors 1 >out 2>err
ok "import again: no forged line" no_forged out
"$KJ" check "--frob${nl}forged: error" x.case >out 2>err
ok "an unknown option's echo: no forged line" no_forged err

echo "escape: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
