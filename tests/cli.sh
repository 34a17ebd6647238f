#!/bin/sh
# The command line as git and hledger have it (issue 25.6): help and
# version on stdout with exit 0, did-you-mean for a mistyped command or
# option, colour on a terminal only (NO_COLOR, --color), '-' for standard
# input, check --brief, the README's example as the program prints it,
# and make install with its manual pages.  Each assertion runs
# build/kjeller.  Ends with "cli: N passed, N failed".
KJ=${KJ:-${BUILD:-build}/kjeller}
case "$KJ" in /*) ;; *) KJ="$(pwd)/$KJ" ;; esac
ROOT=$(pwd)
PYATAKOV=examples/moscow-1937/pyatakov.case
HOLTZMAN=examples/moscow-1937/holtzman.case
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
out=$tmp/out err=$tmp/err
ESC=$(printf '\033')
ok() { # name, condition...
    name=$1
    shift
    if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "cli FAIL: $name"; head -n 5 "$err" 2>/dev/null | sed 's/^/    /'; fi
}
run() { "$KJ" "$@" >"$out" 2>"$err"; rc=$?; } # stdout, stderr, exit status
empty() { [ ! -s "$1" ]; }
has() { grep -q -- "$2" "$1"; }
colored() { grep -q "$ESC\[" "$1"; }

# 1. help: the overall usage and each command's, on stdout, exit 0
for args in "help" "--help" "-h"; do
    # shellcheck disable=SC2086
    run $args
    ok "$args: exit 0" [ "$rc" -eq 0 ]
    ok "$args: the overall usage on stdout" has "$out" '^usage: kjeller COMMAND'
    ok "$args: every command listed" has "$out" '^  questions '
    ok "$args: nothing on stderr" empty "$err"
done
for cmd in check questions report export import store fmt help version; do
    for form in "help $cmd" "$cmd --help" "$cmd -h"; do
        # shellcheck disable=SC2086
        run $form
        ok "$form: exit 0" [ "$rc" -eq 0 ]
        ok "$form: its own usage on stdout" has "$out" "^usage: kjeller $cmd"
        ok "$form: not the whole list" sh -c "! grep -q '^commands:' '$out'"
        ok "$form: its exit status told" grep -qi '^exit status' "$out"
        ok "$form: nothing on stderr" empty "$err"
    done
done
run check --help "$PYATAKOV"
ok "check --help with a file: the usage, no check" has "$out" '^usage: kjeller check'
run help check
ok "help check: its options" has "$out" '--brief'
ok "help check: --color" has "$out" '--color WHEN'
run
ok "no command: exit 2" [ "$rc" -eq 2 ]
ok "no command: the usage on stderr, not stdout" has "$err" '^usage: kjeller COMMAND'
ok "no command: stdout empty" empty "$out"

# 2. version
run --version
ok "--version: exit 0" [ "$rc" -eq 0 ]
ok "--version: kjeller's version" has "$out" '^kjeller [0-9]'
ok "--version: the zone data" has "$out" '^time zone data: ICU '
cp "$out" "$tmp/version"
run version
ok "version: exit 0" [ "$rc" -eq 0 ]
ok "version: the same as --version" cmp -s "$out" "$tmp/version"

# 3. did you mean
run chek
ok "chek: exit 2" [ "$rc" -eq 2 ]
ok "chek: unknown command" has "$err" "^kjeller: unknown command 'chek'"
ok "chek: did you mean check" has "$err" "did you mean 'check'?"
ok "chek: stdout empty" empty "$out"
run exprot "$PYATAKOV"
ok "exprot (a swap): did you mean export" has "$err" "did you mean 'export'?"
run help chek
ok "help chek: exit 2" [ "$rc" -eq 2 ]
ok "help chek: did you mean check" has "$err" "did you mean 'check'?"
run xyzzy
ok "xyzzy: exit 2" [ "$rc" -eq 2 ]
ok "xyzzy: nothing suggested" sh -c "! grep -q 'did you mean' '$err'"
run ch
ok "ch (too short to guess): nothing suggested" sh -c "! grep -q 'did you mean' '$err'"
run --versoin
ok "--versoin: did you mean --version" has "$err" "did you mean '--version'?"
run check --fromat json "$PYATAKOV"
ok "check --fromat: exit 2" [ "$rc" -eq 2 ]
ok "check --fromat: unknown option" has "$err" "^kjeller: unknown option '--fromat'"
ok "check --fromat: did you mean --format" has "$err" "did you mean '--format'?"
ok "check --fromat: the synopsis of check" has "$err" '^usage: kjeller check'
run check --fromat=json "$PYATAKOV"
ok "check --fromat=json: did you mean --format" has "$err" "did you mean '--format'?"
run check --colour=always "$PYATAKOV"
ok "check --colour: did you mean --color" has "$err" "did you mean '--color'?"
run check --breif "$PYATAKOV"
ok "check --breif: did you mean --brief" has "$err" "did you mean '--brief'?"
run check --zzzzzzzz "$PYATAKOV"
ok "check --zzzzzzzz: nothing suggested" sh -c "! grep -q 'did you mean' '$err'"
run import c.case reg f.csv --max-erors 3
ok "import --max-erors: did you mean --max-errors" has "$err" "did you mean '--max-errors'?"
run report "$PYATAKOV" -o x.html --max-brnaches 3
ok "report --max-brnaches: did you mean --max-branches" has "$err" "did you mean '--max-branches'?"
run fmt --wirte x.case
ok "fmt --wirte: did you mean --write" has "$err" "did you mean '--write'?"
run store lsit x.case
ok "store lsit: did you mean list" has "$err" "did you mean 'list'?"
run check --color=alwyas "$PYATAKOV"
ok "--color=alwyas: exit 2" [ "$rc" -eq 2 ]
ok "--color=alwyas: did you mean always" has "$err" "did you mean 'always'?"

# 4. check --brief: a line per conflict, nothing else; check's exit status
run check --brief "$PYATAKOV"
ok "--brief: exit 1 (contradictions)" [ "$rc" -eq 1 ]
ok "--brief: three lines" [ "$(wc -l <"$out")" -eq 3 ]
ok "--brief: every line file:line:col: kind: summary (margin m)" \
    sh -c "! grep -v '^examples/moscow-1937/pyatakov.case:[0-9]*:[0-9]*: [a-z]*: .* (margin [0-9].*)\$' '$out'"
ok "--brief: the register conflict" has "$out" "^$PYATAKOV:42:3: register: claim 'flight' needs an arrival by air"
ok "--brief: its margin" has "$out" "(margin 14 h 1 s)\$"
ok "--brief: no verdicts" sh -c "! grep -q 'verdicts:' '$out'"
ok "--brief: no questions" sh -c "! grep -q 'questions' '$out'"
ok "--brief: no total" sh -c "! grep -q 'contradictions found' '$out'"
"$KJ" check "$PYATAKOV" 2>/dev/null | grep "^$PYATAKOV:[0-9]*:[0-9]*: contradiction" |
    sed 's/: contradiction \[\([a-z]*\)\]: /: \1: /' >"$tmp/firsts"
sed 's/ (margin [^()]*)$//' "$out" >"$tmp/briefs"
ok "--brief: the same summaries as the full text's first lines" cmp -s "$tmp/firsts" "$tmp/briefs"
run check --brief examples/control/bleriot-1909.case
ok "--brief on a clean case: exit 0, nothing" sh -c "[ $rc -eq 0 ] && [ ! -s '$out' ]"
run check --brief --format json "$PYATAKOV"
ok "--brief with json: a usage error" [ "$rc" -eq 2 ]
run questions --brief "$PYATAKOV"
ok "questions --brief: unknown option" [ "$rc" -eq 2 ]

# 5. the README's first examples are what the program prints
readme_block() { # the lines after the README line "$ CMD" up to the fence
    awk -v cmd="\$ $1" '$0 == cmd { on = 1; next } on && /^```/ { exit } on { print }' "$ROOT/README.md"
}
readme_block "build/kjeller check --brief $PYATAKOV" >"$tmp/readme1"
"$KJ" check --brief "$PYATAKOV" >"$tmp/real1" 2>/dev/null
ok "README: check --brief is real output" sh -c "[ -s '$tmp/readme1' ] && cmp -s '$tmp/readme1' '$tmp/real1'"
readme_block "build/kjeller check $PYATAKOV | sed -n '/^verdicts:/,\$p'" >"$tmp/readme2"
"$KJ" check "$PYATAKOV" 2>/dev/null | sed -n '/^verdicts:/,$p' >"$tmp/real2"
ok "README: the end of check is real output" sh -c "[ -s '$tmp/readme2' ] && cmp -s '$tmp/readme2' '$tmp/real2'"

# 6. colour: never when piped, NO_COLOR, --color always|never|auto
run check "$HOLTZMAN"
ok "piped: no escape" sh -c "grep -q 'contradictions found' '$out' && ! grep -q '$ESC' '$out'"
run check --color=always "$HOLTZMAN"
ok "--color=always: exit 1 still" [ "$rc" -eq 1 ]
ok "--color=always: contradiction in bold red" has "$out" "${ESC}\[1;31mcontradiction${ESC}\[0m \[existence\]"
ok "--color=always: file:line:col in bold" has "$out" "^${ESC}\[1m$HOLTZMAN:30:3:${ESC}\[0m"
ok "--color=always: the strained verdict yellow" has "$out" "${ESC}\[1;33mstrained${ESC}\[0m"
sed "s/$ESC\[[0-9;]*m//g" "$out" >"$tmp/stripped"
"$KJ" check "$HOLTZMAN" >"$tmp/plain" 2>/dev/null
ok "--color=always: the same text, escapes aside" cmp -s "$tmp/stripped" "$tmp/plain"
NO_COLOR=1 "$KJ" check --color always "$HOLTZMAN" >"$out" 2>"$err"
ok "--color always beats NO_COLOR" colored "$out"
run check --color never "$HOLTZMAN"
ok "--color never: no escape" sh -c "! grep -q '$ESC' '$out'"
run check --brief --color=always "$HOLTZMAN"
ok "--brief --color=always: the kind in red" has "$out" "${ESC}\[1;31mexistence${ESC}\[0m: claim 'lobby'"
if command -v script >/dev/null 2>&1; then
    # a real terminal: util-linux script(1); its transcript is what the terminal got
    tty_run() { script -qec "$1" /dev/null >"$out" 2>&1 </dev/null; }
    tty_run "env -u NO_COLOR TERM=xterm '$KJ' check '$ROOT/$HOLTZMAN'"
    ok "a terminal: coloured" colored "$out"
    tty_run "env NO_COLOR=1 TERM=xterm '$KJ' check '$ROOT/$HOLTZMAN'"
    ok "a terminal with NO_COLOR=1: no escape" sh -c "grep -q 'contradictions found' '$out' && ! grep -q '$ESC' '$out'"
    tty_run "env NO_COLOR= TERM=xterm '$KJ' check '$ROOT/$HOLTZMAN'"
    ok "a terminal with NO_COLOR empty: coloured (no-color.org)" colored "$out"
    tty_run "env -u NO_COLOR TERM=dumb '$KJ' check '$ROOT/$HOLTZMAN'"
    ok "a dumb terminal: no escape" sh -c "grep -q 'contradictions found' '$out' && ! grep -q '$ESC' '$out'"
    tty_run "env -u NO_COLOR TERM=xterm '$KJ' check --color=never '$ROOT/$HOLTZMAN'"
    ok "a terminal, --color=never: no escape" sh -c "grep -q 'contradictions found' '$out' && ! grep -q '$ESC' '$out'"
    printf 'testimony t:\n' >"$tmp/bad.case"
    tty_run "env -u NO_COLOR TERM=xterm '$KJ' check '$tmp/bad.case'"
    ok "a terminal: the diagnostic's error: in red" has "$out" "${ESC}\[1;31merror:${ESC}\[0m"
else
    echo "cli: 6 skipped (no script(1) for a terminal)"
fi
printf 'testimony t:\n' >"$tmp/bad.case"
run check "$tmp/bad.case"
ok "diagnostics piped: no escape" sh -c "[ $rc -eq 2 ] && ! grep -q '$ESC' '$err'"
run check --color=always "$tmp/bad.case"
ok "diagnostics with --color=always: error: in red" has "$err" "${ESC}\[1;31merror:${ESC}\[0m"
# a file name with an escape in it never reaches the terminal as one
evil="$tmp/$(printf 'x\033[31mred').case"
cp "$HOLTZMAN" "$evil"
run check --color=always "$evil"
ok "--color=always: the input's escape is still escaped" has "$out" 'x\\x1b\[31mred.case'
ok "--color=always: only kjeller's own escapes" \
    sh -c "! sed 's/$ESC\[\(0\|1\|1;3[0-9]\)m//g' '$out' | grep -q '$ESC'"

# 7. '-' is standard input
"$KJ" check --brief - <"$HOLTZMAN" >"$out" 2>"$err"
rc=$?
ok "check -: exit 1" [ "$rc" -eq 1 ]
ok "check -: the file shown as <stdin>" has "$out" "^<stdin>:30:3: existence: "
"$KJ" check --brief "$HOLTZMAN" | sed "s|^$HOLTZMAN:|<stdin>:|" >"$tmp/named"
ok "check -: the same as the file" cmp -s "$out" "$tmp/named"
"$KJ" questions - <"$HOLTZMAN" >"$out" 2>"$err"
ok "questions -: exit 0 and questions" sh -c "[ $? -eq 0 ] && grep -q '^questions' '$out'"
"$KJ" export --smt2 - <"$HOLTZMAN" >"$out" 2>"$err"
ok "export --smt2 -: exit 0" [ $? -eq 0 ]
"$KJ" export --smt2 "$HOLTZMAN" >"$tmp/smt2" 2>/dev/null
ok "export --smt2 -: the same assertions as the file" \
    sh -c "[ \$(grep -c '(assert' '$out') -eq \$(grep -c '(assert' '$tmp/smt2') ] && [ -s '$out' ]"
"$KJ" report - -o "$tmp/r.html" <"$HOLTZMAN" >"$out" 2>"$err"
ok "report -: exit 0, a page" sh -c "[ $? -eq 0 ] && grep -q '<html' '$tmp/r.html'"
"$KJ" fmt - <"$HOLTZMAN" >"$out" 2>"$err"
ok "fmt -: exit 0" [ $? -eq 0 ]
run fmt --write -
ok "fmt --write -: a usage error" [ "$rc" -eq 2 ]
"$KJ" check - - <"$HOLTZMAN" >"$out" 2>"$err"
ok "check - -: a usage error" [ $? -eq 2 ]
printf 'testimony t by nobody source s\n  claim c: nobody at nowhere\n' | "$KJ" check - >"$out" 2>"$err"
ok "check - with errors: exit 2, <stdin>:line:col" sh -c "[ $? -eq 2 ] && grep -q '^<stdin>:1:' '$err'"
# includes of a case on stdin: relative to the current directory
mkdir -p "$tmp/inc/sub"
sed -n '/^testimony/,$p' "$HOLTZMAN" >"$tmp/inc/main.case"
sed '/^testimony/,$d' "$HOLTZMAN" >"$tmp/inc/sub/common.case"
printf 'include "sub/common.case"\n' | cat - "$tmp/inc/main.case" >"$tmp/inc/stdin.case"
(cd "$tmp/inc" && "$KJ" check --brief - <stdin.case >"$out" 2>"$err")
ok "check - in the include's directory: includes found (exit 1)" [ $? -eq 1 ]
ok "check - with includes: the conflicts" has "$out" "^<stdin>:[0-9]*:3: existence: "
(cd "$tmp" && "$KJ" check - <"$tmp/inc/stdin.case" >"$out" 2>"$err")
ok "check - elsewhere: the include is not found (exit 2)" [ $? -eq 2 ]
ok "check - elsewhere: said at <stdin>:1" has "$err" "^<stdin>:1:[0-9]*: error: cannot read 'sub/common.case'"

# 8. make install: the program and both pages, DESTDIR honoured
if command -v make >/dev/null 2>&1 && [ -f "$ROOT/Makefile" ]; then
    make -s -C "$ROOT" install PREFIX="$tmp/prefix" BUILD="${BUILD:-build}" >"$out" 2>"$err"
    ok "make install: exit 0" [ $? -eq 0 ]
    ok "make install: bin/kjeller" [ -x "$tmp/prefix/bin/kjeller" ]
    ok "make install: man1/kjeller.1" [ -f "$tmp/prefix/share/man/man1/kjeller.1" ]
    ok "make install: man5/kjeller-case.5" [ -f "$tmp/prefix/share/man/man5/kjeller-case.5" ]
    ok "make install: share/kjeller/pg-shard.sql" cmp -s "$ROOT/data/pg-shard.sql" "$tmp/prefix/share/kjeller/pg-shard.sql"
    "$tmp/prefix/bin/kjeller" version >"$out" 2>"$err"
    ok "the installed kjeller runs" has "$out" '^kjeller '
    for page in man1/kjeller.1 man5/kjeller-case.5; do
        f="$tmp/prefix/share/man/$page"
        if command -v groff >/dev/null 2>&1; then
            groff -man -ww -z "$f" >"$out" 2>"$err"
            ok "$page: groff -man -ww: no warning" sh -c "[ ! -s '$err' ] && [ ! -s '$out' ]"
        fi
        if command -v man >/dev/null 2>&1; then
            MANWIDTH=80 man --warnings -l "$f" >"$out" 2>"$err"
            ok "$page: man -l renders" sh -c "[ -s '$out' ] && grep -q '^NAME' '$out'"
            ok "$page: man -l: no warning" empty "$err"
        fi
    done
    MANPATH="$tmp/prefix/share/man" MANWIDTH=80 man 5 kjeller-case >"$out" 2>"$err"
    ok "man 5 kjeller-case from the prefix" has "$out" 'KJELLER-CASE(5)'
    make -s -C "$ROOT" uninstall PREFIX="$tmp/prefix" BUILD="${BUILD:-build}" >"$out" 2>"$err"
    ok "make uninstall: all four gone" sh -c "[ ! -e '$tmp/prefix/bin/kjeller' ] && [ ! -e '$tmp/prefix/share/man/man1/kjeller.1' ] && [ ! -e '$tmp/prefix/share/man/man5/kjeller-case.5' ] && [ ! -e '$tmp/prefix/share/kjeller' ]"
    make -s -C "$ROOT" install DESTDIR="$tmp/stage" PREFIX=/opt/kj BUILD="${BUILD:-build}" >"$out" 2>"$err"
    ok "make install DESTDIR: under the staging root" sh -c "[ -x '$tmp/stage/opt/kj/bin/kjeller' ] && [ -f '$tmp/stage/opt/kj/share/man/man5/kjeller-case.5' ]"
fi

echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
