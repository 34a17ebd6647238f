#!/bin/sh
# Every example and golden case through the library, the command line on
# some of them, and the unit tests that do not embed z3, under valgrind:
# no invalid access, no definite leak.
# Ends with "valgrind: N passed, N failed".
BUILD=${BUILD:-build}
VG="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite"
pass=0
fail=0
run() {
    # shellcheck disable=SC2086
    $VG "$@" >/dev/null 2>"$BUILD/valgrind.err"
    if [ $? -eq 99 ]; then
        fail=$((fail + 1))
        echo "valgrind FAIL: $*"
        head -n 20 "$BUILD/valgrind.err"
    else
        pass=$((pass + 1))
    fi
}
# every case through the library as `kjeller check` takes it (load, check,
# the text, JSON and HTML reports, the questions: tests/tools/check_many.c),
# many cases to a process: under valgrind a process costs about two seconds
# of start-up.  KJ_TEST_JOBS processes side by side (default: the cores),
# each with every JOBS-th case.  A process that reports an error is run
# again case by case through the command line, to name the cases at fault.
JOBS=${KJ_TEST_JOBS:-$(nproc 2>/dev/null || echo 2)}
cases=$(mktemp -d)
ls examples/moscow-1937/*.case examples/control/*.case tests/golden/*.case >"$cases/all"
n_cases=$(wc -l <"$cases/all")
j=0
while [ "$j" -lt "$JOBS" ]; do
    awk -v j="$j" -v n="$JOBS" 'NR % n == j' "$cases/all" >"$cases/part$j"
    # shellcheck disable=SC2086,SC2046
    (xargs $VG "$BUILD/tests/check_many" <"$cases/part$j" >/dev/null 2>"$cases/err$j"; echo $? >"$cases/rc$j") &
    j=$((j + 1))
done
wait
n_fail=0
j=0
while [ "$j" -lt "$JOBS" ]; do
    if [ "$(cat "$cases/rc$j")" -ne 0 ]; then
        echo "valgrind: tests/tools/check_many exited $(cat "$cases/rc$j"); its cases one by one:"
        grep -v '^case: ' "$cases/err$j" | head -n 20
        while read -r f; do
            $VG "$BUILD/kjeller" check --format json "$f" >/dev/null 2>"$cases/one"
            if [ $? -eq 99 ]; then
                n_fail=$((n_fail + 1))
                echo "valgrind FAIL: $BUILD/kjeller check --format json $f"
                head -n 20 "$cases/one"
            fi
        done <"$cases/part$j"
        [ "$n_fail" -eq 0 ] && n_fail=1 # (the error is the library's alone: still a failure)
    fi
    j=$((j + 1))
done
rm -rf "$cases"
pass=$((pass + n_cases - n_fail))
fail=$((fail + n_fail))
run "$BUILD/kjeller" questions examples/moscow-1937/pyatakov.case
run "$BUILD/kjeller" export --smt2 examples/moscow-1937/holtzman.case
# import into a store and check against it
rec=$(mktemp -d)
cp tests/records/air.case tests/records/landings.csv tests/records/trace.case "$rec/"
printf 'time,lat,lon\n1935-12-20 08:50:11,55.756,37.617\n' >"$rec/t.csv"
run "$BUILD/kjeller" import "$rec/air.case" landings "$rec/landings.csv"                     # refused: 2 bad rows
run "$BUILD/kjeller" import "$rec/air.case" landings "$rec/landings.csv" --max-errors 2
run "$BUILD/kjeller" check "$rec/air.case"
run "$BUILD/kjeller" import "$rec/trace.case" watch "$rec/t.csv"
run "$BUILD/kjeller" check "$rec/trace.case"
run "$BUILD/kjeller" import "$rec/air.case" landings "$rec/landings.csv"                     # already imported
run "$BUILD/kjeller" import "$rec/air.case" landings "$rec/landings.csv" --map aircraft=kind --max-errors 2 # replaces it
run "$BUILD/kjeller" report "$rec/air.case" -o "$rec/air.html"                              # a temporary file, renamed
rm -rf "$rec"
for f in examples/moscow-1937/*.case examples/control/*.case tests/html/escape.case; do
    run "$BUILD/kjeller" report "$f" -o -
done
# the language server: a whole session from a file (every request forces
# the analysis of the changes before it), an unreadable edit among them
sess=$(mktemp)
python3 - examples/moscow-1937/pyatakov.case >"$sess" <<'PY'
import json, os, sys
path = os.path.abspath(sys.argv[1]); uri = "file://" + path; text = open(path).read()
broken = text.replace("right after flight", "right after fligth")
at = lambda l, c: {"textDocument": {"uri": uri}, "position": {"line": l, "character": c}}
msgs = [("initialize", {"capabilities": {}}), ("initialized", {}),
        ("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "kjeller", "version": 1, "text": text}}),
        ("textDocument/hover", at(42, 20)), ("textDocument/definition", at(41, 55)),
        ("textDocument/references", dict(at(17, 7), context={"includeDeclaration": True})),
        ("textDocument/completion", at(41, 55)), ("textDocument/documentSymbol", {"textDocument": {"uri": uri}}),
        ("textDocument/codeAction", {"textDocument": {"uri": uri}, "range": {"start": {"line": 43, "character": 0}, "end": {"line": 44, "character": 0}}, "context": {"diagnostics": []}}),
        ("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": broken}]}),
        ("textDocument/hover", at(41, 55)), ("textDocument/documentSymbol", {"textDocument": {"uri": uri}}),
        ("textDocument/didChange", {"textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": text}]}),
        ("textDocument/hover", at(18, 8)), ("textDocument/didClose", {"textDocument": {"uri": uri}}),
        ("shutdown", None), ("exit", None)]
out = sys.stdout.buffer
for i, (m, p) in enumerate(msgs):
    msg = {"jsonrpc": "2.0", "method": m, "params": p}
    if not m.startswith("textDocument/did") and m not in ("initialized", "exit"):
        msg["id"] = i
    b = json.dumps(msg).encode()
    out.write(b"Content-Length: %d\r\n\r\n" % len(b) + b)
PY
$VG "$BUILD/kjeller" lsp <"$sess" >"$sess.out" 2>"$BUILD/valgrind.err"
rc=$?
if [ $rc -eq 0 ] && [ "$(grep -o '"id":[0-9]*' "$sess.out" | wc -l)" -eq 11 ]; then
    pass=$((pass + 1))
else
    fail=$((fail + 1))
    echo "valgrind FAIL: $BUILD/kjeller lsp (a session of 17 messages; status $rc)"
    head -n 20 "$BUILD/valgrind.err"
fi
rm -f "$sess" "$sess.out"
for t in test_parse test_network test_timex test_geo test_import test_mem test_pool; do
    run "$BUILD/tests/$t"
done
echo "valgrind: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
