#!/bin/sh
# Every correction is checked by applying it (issue 21 item 4): for each
# contradicted or conflicting claim of the examples (the modern one
# imported first) and of the golden cases, the correction's edits
# (verdicts[].correction_edits) are applied to a copy and the case checked
# again: the claim must be in no conflict any more.
# Ends with "corrections: N passed, N failed".
KJ=${KJ:-${BUILD:-build}/kjeller}
case "$KJ" in /*) ;; *) KJ="$(pwd)/$KJ" ;; esac
d=$(mktemp -d)
cp examples/modern/reeve.case examples/modern/import.sh examples/modern/*.csv examples/modern/*.gpx "$d/"
(cd "$d" && sh import.sh "$KJ" >/dev/null 2>&1)
python3 tests/corrections/recheck.py "$KJ" examples/moscow-1937/*.case examples/control/*.case "$d/reeve.case" \
    tests/golden/*.case
rc=$?
rm -rf "$d"
exit $rc
