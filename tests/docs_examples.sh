#!/bin/sh
# docs_examples — every ```case block in docs/case-language.md must be a case
# file that kjeller accepts: `kjeller check` exits 0 (no contradiction) or 1
# (contradictions), never 2 (bad input) or anything else.
#
# usage: tests/docs_examples.sh        (from the repository root)
#        KJ=path/to/kjeller DOC=path/to/doc.md tests/docs_examples.sh
# KJ defaults to $BUILD/kjeller (BUILD defaults to build), DOC to the
# docs/case-language.md next to this script.
set -u

KJ=${KJ:-${BUILD:-build}/kjeller}
DOC=${DOC:-$(dirname "$0")/../docs/case-language.md}

if [ ! -x "$KJ" ]; then
    echo "docs: $KJ is not an executable (build it with make)" >&2
    exit 2
fi
if [ ! -r "$DOC" ]; then
    echo "docs: cannot read $DOC" >&2
    exit 2
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/kjdocs.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT HUP INT TERM

# Split the ```case blocks into $tmp/block-N.case; block-N.line holds the
# line of the document where block N starts.
awk -v dir="$tmp" '
    !inside && /^```case[ \t]*$/ { n++; inside = 1; f = dir "/block-" n ".case";
                                   printf "" > f; print NR > (dir "/block-" n ".line"); next }
    inside && /^```[ \t]*$/      { inside = 0; close(f); next }
    inside                        { print > f }
    END { if (inside) { print "docs: unterminated ```case block at end of file" > "/dev/stderr"; exit 1 } }
' "$DOC" || exit 2

passed=0
failed=0
n=1
while [ -f "$tmp/block-$n.case" ]; do
    line=$(cat "$tmp/block-$n.line")
    # a block that says it is a golden test's case must be that file, byte for byte
    golden=$(sed -n '1s/^; golden: \([^ ]*\).*/\1/p' "$tmp/block-$n.case")
    if [ -n "$golden" ] && ! cmp -s "$tmp/block-$n.case" "$(dirname "$0")/../$golden"; then
        failed=$((failed + 1))
        echo "FAIL $DOC:$line: case block $n differs from $golden"
        n=$((n + 1))
        continue
    fi
    "$KJ" check "$tmp/block-$n.case" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    if [ "$rc" -eq 0 ] || [ "$rc" -eq 1 ]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        first=$(sed -n '1p' "$tmp/err")
        echo "FAIL $DOC:$line: case block $n: exit $rc: $first"
    fi
    n=$((n + 1))
done

echo "docs: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
