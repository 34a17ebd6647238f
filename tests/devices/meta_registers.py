#!/usr/bin/env python3
"""Registers of vehicles and devices against an oracle of their own
(docs/case-language.md §4.14, "Registers of vehicles and devices").

Random cases: a register of things at a car park (its coverage), people
who each claim one arrival there, each with a thing of their own by a
custody — a sourced fact, an assumption, or none (the owner's hypothesis
then, and also where no stated custody, read wide, may meet the claim's
arrival) — and the register's entries: the thing's plate or number spelt
another way (may be it), another value (cannot be it), no value, or no
attribute at all, or declared unrelated.  Every time is an exact second
with an offset, so that no reading rule is involved: an arrival "T" is
[T, T+1], a coverage or a custody "A..B" is [A, B], an entry "E" is
[E, E+1].

The oracle, from the documentation alone: the register would have
recorded the claim's arrival of the thing at a time t of [T, T+1] unless
t is at or before the later of (coverage start - 1) and the custody's
start, at or after the earlier of (coverage end + 1) and the custody's
end, or in the window of an entry that may be the thing's.  If every t
is recorded and none can be, that is a register conflict with a margin of
the least distance from [T, T+1] to an escape; with a stated custody a
contradiction, with none a finding; and nothing when the thing is not of
the register's kind or fails its `where`.  A record of a thing never
corroborates the claim.

Prints "meta-registers: N passed, N failed".
Usage: meta_registers.py KJELLER N SEED
"""
import datetime, json, os, random, subprocess, sys, tempfile

KJ, N, SEED = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(SEED)
T0 = 1710446400  # 2024-03-14T20:00:00Z


def iso(t):
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def spell(value, same):
    """value spelt another way (same: may be the same value) or another value."""
    if same:
        v = rng.choice([value, value.lower(), value.replace(" ", ""), value.replace(" ", "-"),
                        " " + value.replace(" ", "  ") + " ", value.replace(" ", "\u00a0")])
        return v
    return value[:-1] + ("X" if value[-1] != "X" else "Y")


def gen():
    of = rng.choice(["vehicles", "devices"])
    c0 = T0 + rng.randint(-4 * 3600, 0)
    c1 = T0 + rng.randint(1800, 4 * 3600)
    where = of == "devices" and rng.random() < 0.5
    people = []
    for k in range(rng.randint(1, 4)):
        kind = rng.choice(["fact", "assume", "none", "fact", "assume"])
        w0 = T0 + rng.randint(-3 * 3600, 3600)
        w1 = w0 + rng.randint(60, 5 * 3600)
        if kind == "assume" and rng.random() < 0.25:
            w0, w1 = None, None  # at all times
        a = T0 + rng.randint(-3600, 3 * 3600)
        thing_is = rng.choice([of, of, of, "vehicles" if of == "devices" else "devices"])
        badge = rng.random() < 0.8
        value = f"AB{k}{rng.randint(10, 99)} C{rng.choice('DEFG')}E"
        people.append(dict(id=f"m{k}", kind=kind, w=(w0, w1), a=a, thing_is=thing_is, badge=badge, value=value))
    entries = []
    for k in range(rng.randint(0, 6)):
        p = rng.choice(people)
        e = p["a"] + rng.choice([0, 0, -1, 1, rng.randint(-7200, 7200)])
        how = rng.choice(["same", "same", "other", "blank", "none", "unrelated"])
        entries.append(dict(id=f"e{k}", t=e, of=p["id"], how=how, value=p["value"]))
    return dict(of=of, c=(c0, c1), where=where, people=people, entries=entries)


def key_of(thing_is):
    return "plate" if thing_is == "vehicles" else "number"


def write(case):
    of = case["of"]
    L = ['source s "statements"', 'source log "the barrier log"', 'source reg "the keepers\' register"',
         'source cctv "the CCTV"',
         "place home 53.40 -2.20 ± 100 m tz Europe/London",
         "place park 53.48 -2.23 ± 60 m tz Europe/London"]
    for p in case["people"]:
        L.append(f'person {p["id"]} "{p["id"].upper()}"')
        if p["thing_is"] == "vehicles":
            L.append(f'vehicle t{p["id"]} plate "{p["value"]}" keeper {p["id"]} source reg')
        else:
            kind = "badge" if p["badge"] else "phone"
            L.append(f'device t{p["id"]} kind {kind} owner {p["id"]} where number = "{p["value"]}" source reg')
    filt = " where kind = badge" if case["where"] else ""
    L.append(f'register door at park covers "{iso(case["c"][0])}..{iso(case["c"][1])}" records arrival of {of}{filt} source log')
    for e in case["entries"]:
        k = "plate" if of == "vehicles" else "number"
        if e["how"] == "same":
            attr = f' where {k} = "{spell(e["value"], True)}"'
        elif e["how"] == "other":
            attr = f' where {k} = "{spell(e["value"], False)}"'
        elif e["how"] == "blank":
            attr = f' where {k} = "-"'
        else:
            attr = ""
        rel = " unrelated" if e["how"] == "unrelated" else ""
        L.append(f'  entry {e["id"]}: at "{iso(e["t"])}"{attr}{rel} source log')
    for p in case["people"]:
        w0, w1 = p["w"]
        if p["kind"] == "fact":
            L.append(f'fact k{p["id"]}: {p["id"]} drives t{p["id"]} throughout "{iso(w0)}..{iso(w1)}" source cctv')
        elif p["kind"] == "assume":
            span = f' throughout "{iso(w0)}..{iso(w1)}"' if w0 is not None else ""
            L.append(f'assume {p["id"]} has t{p["id"]}{span} "he says so"')
    for p in case["people"]:
        L.append(f'testimony t{p["id"]}s by {p["id"]} source s')
        L.append(f'  claim c{p["id"]}: {p["id"]} travels home -> park arrives "{iso(p["a"])}"')
    return "\n".join(L) + "\n"


def oracle(case):
    """claim -> (kind 'contradiction'|'finding', margin) for the register
    conflicts the documentation says must be reported."""
    out = {}
    c0, c1 = case["c"]
    for p in case["people"]:
        if p["thing_is"] != case["of"]:
            continue
        if case["where"] and not p["badge"]:
            continue
        lo, hi = c0 - 1, c1 + 1
        w0, w1 = p["w"]
        a, b = p["a"], p["a"] + 1
        # a stated custody that may meet the arrival silences the owner's
        # hypothesis; one that cannot leaves the hypothesis to speak
        stated = p["kind"] in ("fact", "assume") and (w0 is None or (w0 <= b and w1 + 1 >= a))
        if stated and w0 is not None:
            lo, hi = max(lo, w0), min(hi, w1)
        dist = []
        dist.append(max(0, a - lo))          # at or before lo
        dist.append(max(0, hi - b))          # at or after hi
        for e in case["entries"]:
            if e["how"] == "unrelated" or (e["how"] == "other") or e["of"] != p["id"] and e["how"] not in ("blank", "none"):
                continue
            if e["how"] == "same" and e["of"] != p["id"]:
                continue
            dist.append(max(0, e["t"] - b, a - (e["t"] + 1)))
        m = min(dist)
        if m > 0:
            out[f'c{p["id"]}'] = ("contradiction" if stated else "finding", m)
    return out


def run(case, d):
    path = os.path.join(d, "r.case")
    with open(path, "w") as f:
        f.write(write(case))
    r = subprocess.run([KJ, "check", "--format", "json", path], capture_output=True, text=True)
    return r.returncode, r.stdout, r.stderr


passed = failed = 0
with tempfile.TemporaryDirectory() as d:
    for n in range(N):
        case = gen()
        rc, out, err = run(case, d)
        want = oracle(case)
        problems = []
        try:
            j = json.loads(out)
        except ValueError:
            j = None
            problems.append(f"exit {rc}, no JSON: {err[:300]}")
        if j is not None:
            got = {}
            for kind, items in (("contradiction", j["conflicts"]), ("finding", j["findings"])):
                for x in items:
                    if x.get("conflict_kind", x["kind"]) != "register":
                        problems.append(f"unexpected {kind} of kind {x['kind']}: {x['explanation']}")
                        continue
                    got[x["claim"]] = (kind, x["margin_seconds"])
            if got != want:
                problems.append(f"got {sorted(got.items())}, want {sorted(want.items())}")
            expect_rc = 1 if any(k == "contradiction" for k, _ in want.values()) else 0
            if rc != expect_rc:
                problems.append(f"exit {rc}, want {expect_rc}")
            for v in j["verdicts"]:
                if v["verdict"] == "corroborated":
                    problems.append(f"claim {v['claim']} corroborated by a thing's record")
        if problems:
            failed += 1
            if failed <= 5:
                print(f"meta-registers FAIL (case {n}):")
                for p in problems:
                    print("  " + p)
                print(write(case))
        else:
            passed += 1
print(f"meta-registers: {passed} passed, {failed} failed")
