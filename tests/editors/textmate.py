"""The TextMate grammar of editors/vscode (kjeller.tmLanguage.json),
tokenized here as a TextMate engine does for a grammar of single-line
rules (at each position the rule whose match starts first wins, ties to
the first listed; a rule's captures scope its groups), on the examples;
and its words against the parser's.  Usage: textmate.py ROOT.
Ends with "editors textmate: N passed, N failed"."""
import glob
import json
import os
import re
import sys

ROOT = sys.argv[1]
passed = failed = 0


def ok(what, cond, detail=""):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("editors FAIL: %s %s" % (what, detail))


g = json.load(open(os.path.join(ROOT, "editors/vscode/syntaxes/kjeller.tmLanguage.json")))
ok("the grammar's scope", g["scopeName"] == "source.kjeller")
rules = []
for p in g["patterns"]:
    r = g["repository"][p["include"][1:]]
    try:
        rules.append((re.compile(r["match"]), r.get("name"), {int(k): v["name"] for k, v in r.get("captures", {}).items()}))
    except re.error as e:
        ok("rule %s compiles" % p["include"], False, e)


def tokens(line):
    """[(text, scope)] of one line; text no rule matched has scope None."""
    out, pos = [], 0
    while pos < len(line):
        best = None
        for rx, name, caps in rules:
            m = rx.search(line, pos)
            if m and m.end() > m.start() and (best is None or m.start() < best[0].start()):
                best = (m, name, caps)
        if not best:
            out.append((line[pos:], None))
            break
        m, name, caps = best
        if m.start() > pos:
            out.append((line[pos:m.start()], None))
        if caps:
            at = m.start()
            for gi in range(1, (m.re.groups or 0) + 1):
                if m.group(gi) is None or m.start(gi) < at:
                    continue
                if m.start(gi) > at:
                    out.append((line[at:m.start(gi)], name))
                out.append((m.group(gi), caps.get(gi, name)))
                at = m.end(gi)
            if at < m.end():
                out.append((line[at:m.end()], name))
        else:
            out.append((m.group(0), name))
        pos = m.end()
    return out


def scope_of(line, word, nth=0):
    """The scope of the nth token of line equal to word."""
    found = [s for t, s in tokens(line) if t == word or (s is None and word in t.split())]
    return found[nth] if len(found) > nth else "(no such token: %r)" % tokens(line)


pya = open(os.path.join(ROOT, "examples/moscow-1937/pyatakov.case")).read().split("\n")
line = lambda prefix: [l for l in pya if l.startswith(prefix)][0]
cases = [
    (line("; Pyatakov's flight"), "; Pyatakov's flight to Oslo, as he told it at the second Moscow trial", "comment.line.semicolon.kjeller"),
    (line("place kjeller "), "place", "keyword.control.statement.kjeller"),
    (line("place kjeller "), "kjeller", "entity.name.kjeller"),
    (line("place kjeller "), "59.970", "constant.numeric.kjeller"),
    (line("place kjeller "), "tz", "keyword.other.kjeller"),
    (line("place kjeller "), '"Kjeller airdrome, Oslo\'s land airport in 1935"', "string.quoted.double.kjeller"),
    (line("place oslo-airdrome"), "one", "keyword.other.kjeller"),
    (line("place oslo-airdrome"), "kjeller", None),
    (line("place wexhall"), "±", "keyword.operator.kjeller"),
    (line("place wexhall"), "km", "keyword.other.kjeller"),
    (line("mode car-chains"), "car-chains", "entity.name.kjeller"),
    (line("mode car-chains"), "km/h", "keyword.other.kjeller"),
    (line("register kjeller-december"), "1935-12-01..1935-12-31", "constant.other.date.kjeller"),
    (line("  claim flight"), "claim", "keyword.control.statement.kjeller"),
    (line("  claim flight"), "flight", "entity.name.kjeller"),
    (line("  claim flight"), ":", "punctuation.separator.kjeller"),
    (line("  claim flight"), "->", "keyword.operator.kjeller"),
    (line("  claim flight"), "oslo-airdrome", None),
    (line("  claim flight"), "nonstop", "keyword.other.kjeller"),
    (line("    takes"), "right", "keyword.other.kjeller"),
    (line("    takes"), '"about 30 minutes"', "string.quoted.double.kjeller"),
    (line("fact trotsky-december"), "1935-12", "constant.other.date.kjeller"),
    (line("assume oslo-airdrome"), "=", "keyword.operator.kjeller"),
    ('source s "a \\"quoted\\" word" ; and a comment', '"a \\"quoted\\" word"', "string.quoted.double.kjeller"),
    ('source s "a ; not a comment"', '"a ; not a comment"', "string.quoted.double.kjeller"),
    ("place at-home 1 2", "at-home", "entity.name.kjeller"),
    ("fact f: p at x throughout 2024-03-14T09:00+01:00..2024-03-14T10:00+01:00", "2024-03-14T09:00+01:00..2024-03-14T10:00+01:00", "constant.other.date.kjeller"),
]
for text, word, want in cases:
    got = scope_of(text, word)
    ok("%r in %r: %s" % (word, text[:40], want), got == want, got)

# every case file of the examples and goldens: every string and comment
# is one token of its scope (no rule cuts one short or runs past it)
files = glob.glob(os.path.join(ROOT, "examples/**/*.case"), recursive=True) + glob.glob(os.path.join(ROOT, "tests/golden/*.case"))
files = [f for f in files if not os.path.basename(f).startswith("err-")]  # (cases of errors: an unclosed string)
bad = []
for f in files:
    for n, l in enumerate(open(f, encoding="utf-8", errors="replace").read().split("\n")):
        for t, s in tokens(l):
            if s and s.startswith("string") and not (t.startswith('"') and t.endswith('"') and len(t) >= 2):
                bad.append((f, n + 1, t))
            if s is None and '"' in t:
                bad.append((f, n + 1, t))
ok("strings are whole tokens in %d case files" % len(files), not bad, bad[:5])

# its words against the parser's: every statement keyword the parser names
# is highlighted as one, and every word highlighted is one the parser reads
src = open(os.path.join(ROOT, "src/parse.c")).read()
said = re.search(r'"a statement starts with ([a-z, ]+) or ([a-z]+)"', src)
starters = [w.strip() for w in said.group(1).split(",")] + [said.group(2)]
decl = g["repository"]["declaration"]["match"]
for w in starters + ["claim", "entry"]:
    ok("statement keyword %s" % w, scope_of(w + " x", w) == "keyword.control.statement.kjeller")
kw = g["repository"]["keyword"]["match"]
words = re.search(r"\(\?:([^()]*)\)", kw).group(1).replace("\\/", "/").split("|")
literals = set(re.findall(r'"([a-z/]+)"', src))
unknown = [w for w in words if w not in literals]
ok("every clause word is one the parser reads (%d)" % len(words), not unknown, unknown)

print("editors textmate: %d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
