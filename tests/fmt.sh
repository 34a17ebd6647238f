#!/bin/sh
# kjeller fmt keeps a case's meaning (docs/fmt.md).  For every case file of
# tests/golden, tests/fmt and examples: the layout is idempotent, keeps
# every comment (found by a scanner of its own here, not kjeller's), and
# `kjeller check --format json` (with the golden's "; args:") says the same
# of the formatted file as of the original, line and column numbers apart.
# The files are formatted with --write in a copy of their directory trees,
# so that includes and stores are found beside them as in the original.  A
# file that check refuses and fmt refuses too (exit 2) must be refused for
# one of the errors check gives.  Then --check, --write and stdin: exit
# statuses, what is written and what is refused (a FIFO, a device, a
# symbolic link), and that nothing is left half written.
# Under the sanitizers (KJ_SAN=1, `make SAN=1 test`) the comparison of
# check's outputs is left out: it runs check, whose paths the other suites
# take under the sanitizers too, twice a file; fmt's own paths all run.
# Ends with "fmt: N passed, N failed".
KJ=${KJ:-${BUILD:-build}/kjeller}
KJ=$(cd "$(dirname "$KJ")" && pwd)/$(basename "$KJ")
root=$(pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { # description, command...
    d=$1
    shift
    if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "fmt FAIL: $d"; fi
}

# The comments of a file, one a line: from a ';' outside a string (from '"'
# to '"', with \" and \\ inside) to the end of the line, trailing white
# space and CR dropped.
comments() {
    LC_ALL=C awk '{
        s = 0
        for (i = 1; i <= length($0); i++) {
            ch = substr($0, i, 1)
            if (s && ch == "\\" && (substr($0, i + 1, 1) == "\"" || substr($0, i + 1, 1) == "\\")) i++
            else if (ch == "\"") s = !s
            else if (!s && ch == ";") { c = substr($0, i); sub(/[ \t\r]+$/, "", c); print c; break }
        }
    }' "$1"
}

# The file with its layout undone but not its meaning: every indented
# line indented with a tab and a space instead, each space between tokens
# made " \t ", two spaces and a CR at the end of each line.  fmt must lay
# it out as it lays out the file.
scrambled() {
    LC_ALL=C awk '{
        line = $0
        if (match(line, /^[ \t]+/)) line = "\t " substr(line, RLENGTH + 1)
        out = ""; s = 0; c = 0
        for (i = 1; i <= length(line); i++) {
            ch = substr(line, i, 1)
            if (!c && s && ch == "\\" && (substr(line, i + 1, 1) == "\"" || substr(line, i + 1, 1) == "\\")) {
                out = out ch substr(line, i + 1, 1); i++; continue
            }
            if (!c && ch == "\"") s = !s
            else if (!c && !s && ch == ";") c = 1
            else if (!c && !s && ch == " " && i > 2) { out = out " \t "; continue }
            out = out ch
        }
        printf "%s  \r\n", out
    }' "$1"
}

# What check says, with what a layout may change taken out: line and
# column numbers, the echoed lines and their carets, the BOM note.
normalised() {
    sed -E -e 's/:[0-9]+:[0-9]+:/:L:C:/g' -e 's/\.(case|txt|bin):[0-9]+/.\1:L/g' \
        -e 's/"(line|col|column|len|first_line|last_line)": [0-9]+/"\1": N/g' \
        -e 's/\(line [0-9]+\)/(line N)/g' -e 's/ line [0-9]+/ line N/g' \
        -e '/^ *[0-9]+ \| /d' -e '/^ *\| /d'
}

check_of() { # dir, file, args...: what check says, run from dir
    d=$1
    f=$2
    shift 2
    # shellcheck disable=SC2068
    (cd "$d" && "$KJ" check $@ --format json "$f" >"$tmp/out" 2>"$tmp/err"
        echo "exit $?"
        cat "$tmp/out" "$tmp/err") | normalised
}

mkdir -p "$tmp/copy/tests"
cp -R tests/golden tests/fmt "$tmp/copy/tests/" && cp -R examples "$tmp/copy/"
checked=0
refused=0
for f in tests/golden/*.case tests/fmt/*.case examples/*.case examples/*/*.case examples/*/*/*.case; do
    [ -f "$f" ] || continue
    args=$(sed -n '1s/^; args: //p' "$f")
    "$KJ" fmt --write "$tmp/copy/$f" >"$tmp/fmt.out" 2>"$tmp/fmt.err"
    rc=$?
    if [ "$rc" -ne 0 ]; then
        # refused: check must refuse it too, for the same first error
        refused=$((refused + 1))
        first=$(grep -m 1 ': error: ' "$tmp/fmt.err" | sed "s|^$tmp/copy/||")
        check_rc=$(cd "$root" && "$KJ" check $args "$f" >/dev/null 2>"$tmp/check.err"; echo $?)
        ok "$f: fmt refuses it (exit $rc) as check does (exit $check_rc)" [ "$rc" -eq 2 ] && [ "$check_rc" -eq 2 ]
        ok "$f: fmt's first error is one check gives: $first" grep -qF -- "$first" "$tmp/check.err"
        ok "$f: refused, nothing written" cmp -s "$f" "$tmp/copy/$f"
        continue
    fi
    checked=$((checked + 1))
    "$KJ" fmt "$tmp/copy/$f" >"$tmp/again" 2>&1
    ok "$f: idempotent" cmp -s "$tmp/again" "$tmp/copy/$f"
    scrambled "$f" >"$tmp/scrambled.case"
    "$KJ" fmt "$tmp/scrambled.case" >"$tmp/again" 2>&1
    ok "$f: laid out alike with its white space undone" cmp -s "$tmp/again" "$tmp/copy/$f"
    comments "$f" >"$tmp/c1"
    comments "$tmp/copy/$f" >"$tmp/c2"
    ok "$f: every comment kept" cmp -s "$tmp/c1" "$tmp/c2"
    [ "${KJ_SAN:-}" = 1 ] && continue
    check_of "$root" "$f" $args >"$tmp/before"
    check_of "$tmp/copy" "$f" $args >"$tmp/after"
    if ! cmp -s "$tmp/before" "$tmp/after"; then
        diff "$tmp/before" "$tmp/after" | head -n 10 | sed 's/^/    /'
    fi
    ok "$f: check says the same of the layout" cmp -s "$tmp/before" "$tmp/after"
done
echo "fmt: $checked files laid out and checked alike, $refused refused as check refuses them" >&2
ok "at least 100 case files laid out" [ "$checked" -ge 100 ]

# --- the command line -------------------------------------------------
cd "$tmp" || exit 1
printf 'source s "x"\n' >good.case
printf 'source   s "x"\n' >bad-layout.case
printf 'sourc s "x"\n' >no-parse.case
"$KJ" fmt --check good.case >out 2>err
ok "--check: exit 0 when already in the layout" [ $? -eq 0 ]
ok "--check: says nothing then" [ ! -s out ] && [ ! -s err ]
cp bad-layout.case keep.case
"$KJ" fmt --check good.case keep.case >out 2>err
ok "--check: exit 1 when a file would change" [ $? -eq 1 ]
ok "--check: lists that file alone, on stdout" [ "$(cat out)" = keep.case ]
ok "--check: writes nothing" cmp -s keep.case bad-layout.case
"$KJ" fmt --check good.case no-parse.case keep.case >out 2>err
ok "--check: exit 2 when a file does not parse" [ $? -eq 2 ]
ok "--check: the error with line and caret" grep -q '^no-parse.case:1:1: error: unknown statement' err

cp bad-layout.case w.case
ls -li w.case >inode.before
"$KJ" fmt --write w.case >out 2>err
ok "--write: exit 0" [ $? -eq 0 ]
ok "--write: the file in the layout" [ "$(cat w.case)" = 'source s "x"' ]
ok "--write: nothing on stdout" [ ! -s out ]
ok "--write: no temporary file left" [ "$(ls | grep -c tmp)" -eq 0 ]
chmod 640 w.case
printf 'source  t "y"\n' >w.case
chmod 640 w.case
"$KJ" fmt -w w.case
ok "--write: the permissions kept" [ "$(stat -c %a w.case)" = 640 ]
touch -d '2001-01-01' good.case
"$KJ" fmt -w good.case
ok "--write: a file already in the layout is not touched" [ "$(stat -c %Y good.case)" = "$(date -d 2001-01-01 +%s)" ]
cp no-parse.case np.case
"$KJ" fmt -w np.case >out 2>err
ok "--write: exit 2 on a file that does not parse" [ $? -eq 2 ]
ok "--write: that file untouched" cmp -s np.case no-parse.case

if mkfifo fifo 2>/dev/null; then
    # a reader would wait forever on a FIFO nobody writes: timeout says so
    timeout 10 "$KJ" fmt --write fifo >out 2>err
    ok "--write refuses a FIFO (exit 2)" [ $? -eq 2 ]
    ok "--write on a FIFO: says why" grep -q "cannot write 'fifo': not a regular file" err
    ok "--write on a FIFO: still a FIFO" [ -p fifo ]
    timeout 10 "$KJ" fmt fifo >out 2>err
    ok "fmt refuses to read a FIFO (exit 2)" [ $? -eq 2 ]
fi
"$KJ" fmt --write /dev/null >out 2>err
ok "--write refuses a device (exit 2)" [ $? -eq 2 ]
ok "--write on a device: it is still one" [ -c /dev/null ]
cp bad-layout.case target.case
ln -s target.case link.case
"$KJ" fmt --write link.case >out 2>err
ok "--write refuses a symbolic link (exit 2)" [ $? -eq 2 ]
ok "--write on a link: the link kept" [ -L link.case ]
ok "--write on a link: its target untouched" cmp -s target.case bad-layout.case
"$KJ" fmt link.case >out 2>err
ok "fmt reads through a link to stdout" [ "$(cat out)" = 'source s "x"' ]
mkdir ro
cp bad-layout.case ro/r.case
chmod 555 ro
if [ ! -w ro ]; then # (root may write anywhere)
    "$KJ" fmt --write ro/r.case >out 2>err
    ok "--write in a directory it cannot write: exit 3" [ $? -eq 3 ]
    ok "--write there: the file untouched" cmp -s ro/r.case bad-layout.case
fi
chmod 755 ro

"$KJ" fmt <bad-layout.case >out 2>err
ok "no file: stdin to stdout" [ "$(cat out)" = 'source s "x"' ]
"$KJ" fmt - <bad-layout.case >out 2>err
ok "'-': stdin to stdout" [ "$(cat out)" = 'source s "x"' ]
"$KJ" fmt <no-parse.case >out 2>err
ok "stdin that does not parse: exit 2" [ $? -eq 2 ]
ok "stdin: errors name <stdin>" grep -q '^<stdin>:1:1: error' err
ok "stdin that does not parse: nothing on stdout" [ ! -s out ]
"$KJ" fmt --write - <bad-layout.case >out 2>err
ok "--write on stdin: a usage error (exit 2)" [ $? -eq 2 ]
"$KJ" fmt good.case keep.case >out 2>err
ok "two files to stdout: a usage error (exit 2)" [ $? -eq 2 ]
"$KJ" fmt --check --write good.case >out 2>err
ok "--check with --write: a usage error (exit 2)" [ $? -eq 2 ]
"$KJ" fmt --frobnicate good.case >out 2>err
ok "an unknown option: exit 2" [ $? -eq 2 ]
"$KJ" fmt --help >out 2>err
ok "--help: exit 0, the usage on stdout" [ $? -eq 0 ] && grep -q '^usage: kjeller fmt' out
"$KJ" fmt -- -odd.case >out 2>err
ok "--: what follows is a file" grep -q "cannot read '-odd.case'" err

# never a crash: every file under tests/ and fuzz/, whatever it is
crashed=0
for f in $(cd "$root" && find tests fuzz/corpus -type f -size -2M 2>/dev/null | LC_ALL=C sort); do
    "$KJ" fmt "$root/$f" >/dev/null 2>&1
    rc=$?
    if [ "$rc" -gt 2 ]; then crashed=$((crashed + 1)); echo "fmt: exit $rc on $f"; fi
done
ok "no crash or internal error on any file under tests/ and fuzz/corpus" [ "$crashed" -eq 0 ]

echo "fmt: $pass passed, $fail failed"
