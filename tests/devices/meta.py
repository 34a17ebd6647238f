#!/usr/bin/env python3
"""Metamorphic test of devices and custody (docs/case-language.md §4.14).

For random cases of people, claims, devices, their positions and custodies
(every time exact, written with an offset, so that no reading rule is
involved), three rewritings must agree with kjeller on the device case:

  B  = each device position that a stated custody's window holds whole,
       written as a fact of the holder instead (and nothing else of the
       devices): its contradictions must be the device case's, one for one
       (the same claims, kinds and margins), and so its exit status;
  H  = B plus, for each device position that no stated custody's window
       touches, a fact of its owner: H's contradictions that B lacks must
       be the device case's findings (claims, kinds, margins);
  and the device case's findings never change a verdict or the status
  (a position the rewriting gives a person may corroborate his claim
  there; a device's position corroborates nothing).

Also run with KJELLER_PIECE=2 (the network built in pieces): the same
output.  Prints "meta: N passed, N failed".  Usage: meta.py KJELLER N SEED
"""
import json, os, random, subprocess, sys, tempfile

KJ, N, SEED = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(SEED)
T0 = 1710450000  # 2024-03-14T21:00:00Z


def iso(t):
    import datetime
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def gen():
    places = [(f"p{k}", 50 + rng.uniform(0, 6), -4 + rng.uniform(0, 6)) for k in range(rng.randint(2, 4))]
    people = [f"m{k}" for k in range(rng.randint(1, 3))]
    devices = []
    for k in range(rng.randint(1, 3)):
        owner = rng.choice(people + [None])
        devices.append((f"d{k}", owner))
    claims = []
    for k in range(rng.randint(1, 4)):
        t = T0 + rng.randint(0, 3 * 3600)
        how = rng.choice(["at", "at", "meets", "travels"])
        other = rng.choice(people)
        extra = rng.choice(places)[0] if how == "travels" else other
        claims.append((f"c{k}", rng.choice(people), rng.choice(places)[0], t, how, extra))
    positions = []
    for k in range(rng.randint(1, 6)):
        d = rng.choice(devices)[0]
        t = T0 + rng.randint(0, 3 * 3600)
        dur = rng.choice([0, 0, 600, 3600])
        positions.append((f"f{k}", d, rng.choice(places)[0], t, t + dur))
    custodies = []
    for k in range(rng.randint(0, 3)):
        a = T0 + rng.randint(-1800, 3 * 3600)
        b = a + rng.randint(60, 3 * 3600)
        kind = rng.choice(["assume", "fact", "assume", "fact", "always"])
        if kind == "always":
            a, b = -10**12, 10**12
        custodies.append((f"k{k}", rng.choice(people), rng.choice(devices)[0], a, b, kind))
    return places, people, devices, claims, positions, custodies


def head(places, people):
    out = ['source s "a source"', 'source w "a witness"']
    out += [f'person {p}' for p in people]
    out += [f'place {n} {la:.4f} {lo:.4f} ± 100 m tz Europe/London' for n, la, lo in places]
    return out


def fact_line(fid, who, place, a, b):
    if a == b:
        return f'fact {fid}: {who} at {place} on "{iso(a)}" source s'
    return f'fact {fid}: {who} at {place} throughout "{iso(a)}..{iso(b)}" source s'


def claims_lines(people, claims):
    out = []
    for p in people:
        mine = [c for c in claims if c[1] == p]
        if not mine:
            continue
        out.append(f'testimony t-{p} by {p} source w')
        for cid, _, pl, t, how, extra in mine:
            if how == "meets" and extra != p:
                out.append(f'  claim {cid}: {p} meets {extra} at {pl} in "{iso(t)}", lasts "20 min"')
            elif how == "travels" and extra != pl:
                out.append(f'  claim {cid}: {p} travels {pl} -> {extra} departs "{iso(t)}" takes "1 h"')
            else:
                out.append(f'  claim {cid}: {p} at {pl} in "{iso(t)}"')
    return out


def device_case(g):
    places, people, devices, claims, positions, custodies = g
    out = head(places, people)
    for d, owner in devices:
        out.append(f'device {d}' + (f' owner {owner}' if owner else '') + ' source s')
    out += [fact_line(f, d, pl, a, b) for f, d, pl, a, b in positions]
    for k, p, d, a, b, kind in custodies:
        if kind == "always":
            out.append(f'assume {k}: {p} carries {d}')
        elif kind == "assume":
            out.append(f'assume {k}: {p} has {d} throughout "{iso(a)}..{iso(b)}"')
        else:
            out.append(f'fact {k}: {p} has {d} throughout "{iso(a)}..{iso(b)}" source s')
    return "\n".join(out + claims_lines(people, claims)) + "\n"


def rewritten(g, hypotheses):
    places, people, devices, claims, positions, custodies = g
    out = head(places, people)
    owner = dict(devices)
    n = 0
    for f, d, pl, a, b in positions:
        held = False
        for k, p, dd, ca, cb, kind in custodies:
            if dd != d:
                continue
            # times are exact: "a..b" with seconds is read a .. b+1 (the end
            # second whole) wide, and exactly a .. b+1 narrow too; a
            # position "on T" is T .. T+1
            if ca <= cb and a >= ca and b + 1 <= cb + 1:
                out.append(fact_line(f"x{n}", p, pl, a, b))
                n += 1
            if ca <= b + 1 and cb + 1 >= a:
                held = True
        if hypotheses and not held and owner[d]:
            out.append(fact_line(f"h{n}", owner[d], pl, a, b))
            n += 1
    return "\n".join(out + claims_lines(people, claims)) + "\n"


WORK = tempfile.mkdtemp()


def run(text, env=None):
    path = os.path.join(WORK, "case.case")  # one name: reports name the file
    with open(path, "w") as f:
        f.write(text)
    e = dict(os.environ)
    e.update(env or {})
    p = subprocess.run([KJ, "check", "--format", "json", path], capture_output=True, text=True, env=e)
    os.unlink(path)
    if p.returncode not in (0, 1):
        raise RuntimeError(f"exit {p.returncode}: {p.stderr}\n{text}")
    d = json.loads(p.stdout)
    return p.returncode, d


def sig(items):
    return sorted((x["claim"], x.get("conflict_kind", x["kind"]), x["margin_seconds"]) for x in items)


passed = failed = 0
for i in range(N):
    g = gen()
    text = device_case(g)
    try:
        rc, d = run(text)
        rc_b, b = run(rewritten(g, False))
        rc_h, h = run(rewritten(g, True))
        rc_p, dp = run(text, {"KJELLER_PIECE": "2"})
    except RuntimeError as e:
        failed += 1
        print(f"meta FAIL case {i}: {e}")
        continue
    problems = []
    if rc != rc_b:
        problems.append(f"exit {rc}, rewritten without devices {rc_b}")
    if sig(d["conflicts"]) != sig(b["conflicts"]):
        problems.append(f"contradictions {sig(d['conflicts'])} != rewritten {sig(b['conflicts'])}")
    extra = [x for x in sig(h["conflicts"]) if x not in sig(b["conflicts"])]
    if sig(d["findings"]) != sorted(extra):
        problems.append(f"findings {sig(d['findings'])} != hypothetical facts' conflicts {extra}")
    # a device's position never corroborates a claim (a custody does not
    # carry corroboration): the rewritten case's corroborations by the
    # facts written for positions are the device case's "unverified"
    def verdict(v):
        return "unverified" if v.get("corroborated_by", "").startswith("x") else v["verdict"]
    if [v["verdict"] for v in d["verdicts"]] != [verdict(v) for v in b["verdicts"]]:
        problems.append("verdicts differ from the rewritten case's")
    if dp != d or rc_p != rc:
        problems.append("pieces (KJELLER_PIECE=2) change the output")
    if problems:
        failed += 1
        print(f"meta FAIL case {i}: " + "; ".join(problems))
        print(text)
    else:
        passed += 1
os.rmdir(WORK)
print(f"meta: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
