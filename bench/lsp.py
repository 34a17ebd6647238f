#!/usr/bin/env python3
"""Latency of kjeller lsp: the time from a didChange to the diagnostics it
publishes, on generated cases of 1,000 and 10,000 statements
(bench/gen_case.py), against clangd on C files of as many lines, measured
the same way by the same client.

Each edit alternates between two texts whose diagnostics differ, so that
every didChange is answered by a publishDiagnostics: for kjeller, a fact
appended that puts the first person elsewhere during their first claim
(a contradiction or two), and taken away (each text loads and is checked
whole); for clangd, a line with a type error appended and taken away.  Reported: the median and the 90th percentile of
EDITS edits after a warm-up, and clangd's median over kjeller's.

Usage: bench/lsp.py [KJELLER] [EDITS]   (build first: make; clangd optional)"""
import datetime
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "lsp"))
from client import Client, uri_of  # noqa: E402

KJ = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build/kjeller")
EDITS = int(sys.argv[2]) if len(sys.argv) > 2 else 30
HERE = os.path.dirname(os.path.abspath(__file__))


def latency(cmd, path, texts, lang, edits):
    """Median and p90 (ms) of didChange -> publishDiagnostics, and the
    number of diagnostics of each text."""
    c = Client(cmd[0], args=cmd[1:], cwd=os.path.dirname(path))
    c.initialize("file://" + os.path.dirname(path))
    uri = uri_of(path)
    c.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": lang, "version": 1, "text": texts[0]}})
    c.wait_diags(uri, timeout=120)
    times, counts = [], {}
    for v in range(2, edits + 7):
        n = len(c.published)
        t0 = time.perf_counter()
        c.change(uri, texts[(v + 1) % 2], v)
        while len(c.published) == n or c.published[-1]["uri"] != uri:
            if c.read_one(120) is None:
                raise SystemExit("no diagnostics after edit %d" % v)
        dt = (time.perf_counter() - t0) * 1000
        counts[(v + 1) % 2] = len(c.diags[uri])
        if v >= 7:  # (after a warm-up of five)
            times.append(dt)
    c.shutdown()
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.9) - 1], counts


def main():
    tmp = tempfile.mkdtemp()
    try:
        clangd = shutil.which("clangd")
        print("kjeller lsp: didChange -> publishDiagnostics, %d edits each (after 5 of warm-up)" % EDITS)
        print("%-8s %-28s %10s %10s %14s" % ("size", "server", "median", "p90", "diagnostics"))
        for n in (1000, 10000):
            case = os.path.join(tmp, "case%d.case" % n)
            text = subprocess.run([sys.executable, os.path.join(HERE, "gen_case.py"), str(n), "1"],
                                  capture_output=True, text=True, check=True).stdout
            with open(case, "w") as f:
                f.write(text)
            # a fact that puts the first person on Svalbard during their first claim
            m = re.search(r"claim c0_0: x0 at \S+ in (\S+),", text)
            t0 = datetime.datetime.fromisoformat(m.group(1))
            span = "%s..%s" % (m.group(1), (t0 + datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
            bad = text + 'place far 78.22 15.65 tz Europe/Oslo\nfact far-away: x0 at far throughout "%s" source s\n' % span
            statements = sum(1 for l in text.split("\n") if l.strip() and not l.lstrip().startswith(";"))
            med, p90, counts = latency([KJ, "lsp"], case, [text, bad], "kjeller", EDITS)
            print("%-8s %-28s %8.1f ms %8.1f ms %7d / %d" % (statements, "kjeller lsp", med, p90, counts.get(0, 0), counts.get(1, 0)))
            if not clangd:
                print("%-8s %-28s %10s" % (statements, "clangd", "(not installed)"))
                continue
            csrc = os.path.join(tmp, "file%d.c" % n)
            ctext = "".join("int f%d(int x) { return x + %d; }\n" % (k, k) for k in range(statements))
            with open(csrc, "w") as f:
                f.write(ctext)
            cbad = ctext + 'int broken(void) { return "not an int"; }\n'
            cmed, cp90, ccounts = latency([clangd, "--log=error", "--background-index=false"], csrc, [ctext, cbad], "c", EDITS)
            print("%-8s %-28s %8.1f ms %8.1f ms %7d / %d" % (statements, "clangd (%d lines of C)" % statements, cmed, cp90, ccounts.get(0, 0), ccounts.get(1, 0)))
            print("%-8s clangd / kjeller (median): %.1fx" % ("", cmed / med))
    finally:
        shutil.rmtree(tmp)


main()
