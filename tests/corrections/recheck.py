#!/usr/bin/env python3
"""Every correction kjeller prints is checked by applying it (issue 21 item 4).

For each case given, `kjeller check --format json` is run; for every claim
whose correction comes with edits (verdicts[].correction_edits), the edits
are applied to a copy of the case's directory and the check is run again:
the claim must then be in no conflict (neither contradicted nor
conflicting), and the edited case must still read (exit 0, 1 or 4).
A claim whose correction has no edits (dropped, unread rows, past the
re-check budget) is counted as such, not as passed.

usage: recheck.py KJELLER CASE...   (prints "corrections: N passed, N failed")
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile


def run(kj, args, cwd=None):
    p = subprocess.run([kj] + args, capture_output=True, text=True, cwd=cwd, timeout=300)
    return p.returncode, p.stdout, p.stderr


def case_args(path):
    """The extra arguments a golden case asks for (its '; args:' line), without --format."""
    with open(path, encoding="utf-8", errors="replace") as f:
        first = f.readline()
    if not first.startswith("; args: "):
        return []
    words = first[len("; args: "):].split()
    out, skip = [], False
    for w in words:
        if skip:
            skip = False
            continue
        if w == "--format":
            skip = True
            continue
        out.append(w)
    return out


def apply_edits(text, edits):
    """Applies edits (1-based line, byte column, byte length) to text."""
    lines = text.encode("utf-8").split(b"\n")
    for e in sorted(edits, key=lambda e: (e["line"], e["column"]), reverse=True):
        ln = lines[e["line"] - 1]
        c = e["column"] - 1
        lines[e["line"] - 1] = ln[:c] + e["replacement"].encode("utf-8") + ln[c + e["length"]:]
    return b"\n".join(lines).decode("utf-8")


def main():
    kj = os.path.abspath(sys.argv[1])
    passed = failed = without = 0
    work = tempfile.mkdtemp(prefix="kj-corrections-")
    copies = {}
    try:
        for case in sys.argv[2:]:
            args = case_args(case)
            rc, out, _ = run(kj, ["check", "--format", "json"] + args + [case])
            if rc != 1:
                continue
            report = json.loads(out)
            for v in report["verdicts"]:
                if v["verdict"] not in ("contradicted", "conflicting"):
                    continue
                edits = v.get("correction_edits")
                if not edits:
                    without += 1
                    continue
                if any(os.path.normpath(e["file"]) != os.path.normpath(case) for e in edits):
                    without += 1  # (an edit in an included file: not applied here)
                    continue
                src_dir = os.path.dirname(os.path.abspath(case))
                if src_dir not in copies:
                    copies[src_dir] = os.path.join(work, str(len(copies)))
                    shutil.copytree(src_dir, copies[src_dir], symlinks=True)
                edited = os.path.join(copies[src_dir], ".corrected-" + os.path.basename(case))
                with open(case, encoding="utf-8") as f:
                    text = f.read()
                with open(edited, "w", encoding="utf-8") as f:
                    f.write(apply_edits(text, edits))
                rc2, out2, err2 = run(kj, ["check", "--format", "json"] + args + [edited], cwd=copies[src_dir])
                problem = None
                if rc2 not in (0, 1, 4):
                    problem = f"the corrected case does not read (exit {rc2}): {err2.strip()[:300]}"
                else:
                    after = {x["claim"]: x["verdict"] for x in json.loads(out2)["verdicts"]}
                    if after.get(v["claim"]) in ("contradicted", "conflicting"):
                        problem = f"still {after[v['claim']]} after the correction"
                os.remove(edited)
                if problem:
                    failed += 1
                    print(f"corrections FAIL: {case}: claim '{v['claim']}' ({v['correction']}): {problem}")
                    for e in edits:
                        print(f"    edit {e['line']}:{e['column']} +{e['length']} -> {e['replacement']}")
                else:
                    passed += 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"corrections: {without} conflicted claims have no edits to apply (dropped, unread rows, an included file)")
    print(f"corrections: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


main()
