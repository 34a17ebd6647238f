#!/usr/bin/python3
"""An independent adversarial soundness oracle for kjeller.

It generates random cases (gen.py), reads each one with its own model of the
documented charitable readings (model.py; design.md section 0 is the law),
and compares with `kjeller check --format json`:

  false-contradiction  kjeller reports a conflict, but the statements it
                       cites are satisfiable in the oracle's model (read a
                       second less charitably than exact, so boundary
                       conventions never count);
  missed               kjeller says consistent (exit 0), but the whole case
                       is unsatisfiable in the oracle's model (read two
                       seconds more charitably), the evidence alone is
                       satisfiable, and the documented weaknesses
                       (reasoning.md section 7) are granted;
  verdict              a claim is 'contradicted' only through conflicts made
                       of testimony, places, modes and assumptions (no fact,
                       register, entry, entity or route): that is
                       'conflicting' (design.md section 0);
  refused / crash      kjeller rejects a generated case (exit 2) or fails
                       (exit 3, a signal, bad JSON).

A failing case is shrunk (statements and clauses deleted greedily while the
same class of failure persists) and printed with kjeller's output and the
oracle's witness (times in UTC and local).

The construct families (switch with --family) are those of gen.py, below.
"""
import argparse
import json
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import z3  # noqa: E402

import gen  # noqa: E402
import model  # noqa: E402
from model import Model, load_shipped_modes, prefetch_geodesics  # noqa: E402

__doc__ = __doc__ + '\n' + gen.__doc__

ROOT = os.path.abspath(os.path.join(HERE, '..', '..'))
KJELLER = os.environ.get('KJELLER', os.path.join(ROOT, 'build', 'kjeller'))
SHIPPED = load_shipped_modes(os.path.join(ROOT, 'data', 'modes.kjd'))
EVIDENCE = {'fact', 'register', 'entity', 'route'}


def run_kjeller(text, tmpdir):
    path = os.path.join(tmpdir, 'case.case')
    with open(path, 'w') as f:
        f.write(text)
    p = subprocess.run([KJELLER, 'check', '--format', 'json', path], capture_output=True, text=True, timeout=60)
    return p.returncode, p.stdout, p.stderr


class Failure:
    def __init__(self, cls, msg, witness='', key=None):
        self.cls, self.msg, self.witness = cls, msg, witness
        self.key = key or cls


def explain(case, ids):
    """The smallest set of emulated known defects under which the cited
    statements are unsatisfiable (None if even all of them do not do it)."""
    q = list(Model.QUIRKS)
    if Model(case, subset=ids, sl=-1, quirks=q).check() != z3.unsat:
        return None
    for x in list(q):
        t = [y for y in q if y != x]
        if Model(case, subset=ids, sl=-1, quirks=t).check() == z3.unsat:
            q = t
    return q


def analyze(case, tmpdir, checks):
    """Return (failures, kjeller rc, kjeller stdout/stderr)."""
    case.shipped = SHIPPED
    text = case.render()
    rc, out, err = run_kjeller(text, tmpdir)
    fails = []
    if rc == 2:
        # documented refusals: limits, and a 'throughout'/'covers' span of
        # which nothing is certain (case-language.md: write 'in' instead)
        if any(w in err for w in ('at most', 'limit', 'too many', 'nothing is certain', 'ends before it starts')):
            return [], rc, err
        return [Failure('refused', err.strip()[:2000])], rc, err
    if rc not in (0, 1, 4):
        return [Failure('crash', 'exit %d\n%s' % (rc, err[-2000:]))], rc, err
    try:
        rep = json.loads(out)
    except ValueError:
        return [Failure('crash', 'bad JSON: ' + out[:500])], rc, out
    prefetch_geodesics(case.places.values())
    conflicts = rep.get('conflicts', [])
    if 'false' in checks:
        for cf in conflicts:
            ids = {st['id'] for st in cf['statements']}
            m = Model(case, subset=ids, sl=-1)
            r = m.check()
            if r == z3.sat:
                why = explain(case, ids)
                fails.append(Failure('false-contradiction',
                                     '%s conflict at claim %s (margin %ss) cites %s, which the oracle satisfies'
                                     '; %s' % (cf['kind'], cf['claim'], cf['margin_seconds'], sorted(ids),
                                               'explained by known defect(s) ' + '+'.join(why) if why
                                               else 'NOT explained by any known defect'),
                                     m.witness(), key='false-contradiction:%s:%s' % (
                                         cf['kind'], '+'.join(why) if why else 'UNEXPLAINED')))
    if 'verdict' in checks:
        by_claim = {}
        for cf in conflicts:
            roles = {st['role'] for st in cf['statements']}
            for st in cf['statements']:
                if st['role'] == 'claim':
                    by_claim.setdefault(st['id'], []).append(roles)
        for v in rep.get('verdicts', []):
            if v['verdict'] == 'contradicted':
                rs = by_claim.get(v['claim'], [])
                if not any(roles & EVIDENCE for roles in rs):
                    tids = set()
                    for cf in conflicts:
                        cids = [st['id'] for st in cf['statements'] if st['role'] == 'claim']
                        if v['claim'] in cids:
                            tids |= {t.id for t in case.testimonies for c in cids if c in t.claims}
                    sub = 'two-witnesses' if len(tids) > 1 else 'one-witness-and-places'
                    fails.append(Failure('verdict', key='verdict:' + sub, msg= "claim '%s' is contradicted, but its conflicts cite only %s: "
                                         'that is conflicting' % (v['claim'], sorted(set().union(*rs)) if rs else 'nothing')))
    if 'missed' in checks and rc == 0:
        m = Model(case, subset=None, sl=2, weak_calendar=True, documented_only=True)
        r = m.check()
        if r == z3.unsat:
            ev = {k for k in case.facts} | {k for k in case.registers} | {k for k in case.entities} | \
                 {k for k in case.routes} | {k for k in case.assumes}
            m2 = Model(case, subset=ev, sl=2, weak_calendar=True, documented_only=True)
            if m2.check() == z3.sat:
                fails.append(Failure('missed', 'kjeller says consistent; the oracle finds the whole case unsatisfiable'))
    return fails, rc, out if rc in (0, 1, 4) else err


def shrink(case, key, tmpdir, checks, deadline):
    cur = case
    changed = True
    while changed and time.time() < deadline:
        changed = False
        for desc, fn in cur.deletions():
            if time.time() > deadline:
                break
            cand = cur.copy()
            try:
                fn(cand)
            except Exception:
                continue
            try:
                fails, _, _ = analyze(cand, tmpdir, checks)
            except Exception:
                continue
            if any(f.key == key for f in fails):
                cur = cand
                changed = True
                break
    return cur


def brief(out):
    """kjeller's JSON, reduced to what a reader needs."""
    try:
        rep = json.loads(out)
    except ValueError:
        return out
    lines = ['status: %s' % rep.get('status')]
    for cf in rep.get('conflicts', []):
        lines.append('conflict %s at %s, margin %ss, statements %s' % (
            cf['kind'], cf['claim'], cf['margin_seconds'], [s['id'] for s in cf['statements']]))
        lines.append('  explanation: ' + cf['explanation'])
        for a in cf.get('assumptions', []):
            lines.append('  reading: ' + a)
    for v in rep.get('verdicts', []):
        lines.append('verdict %s: %s%s' % (v['claim'], v['verdict'],
                                           (' (' + v['correction'] + ')') if 'correction' in v else ''))
    return '\n'.join(lines)


_W = {}


def _init_worker(fams, checks):
    _W['fams'], _W['checks'] = fams, checks
    _W['tmp'] = tempfile.mkdtemp(prefix='soundness.')


def _work(seed):
    case = gen.generate(seed, _W['fams'])
    try:
        fails, rc, _ = analyze(case, _W['tmp'], _W['checks'])
    except Exception as e:  # the oracle's own bug: say so, loudly
        fails, rc = [Failure('oracle-error', repr(e))], -1
    return seed, case, fails, rc


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--seed', type=int, default=int(os.environ.get('SOUNDNESS_SEED', '1')))
    ap.add_argument('--cases', type=int, default=int(os.environ.get('SOUNDNESS_CASES', '200')))
    ap.add_argument('--time', type=float, default=float(os.environ.get('SOUNDNESS_TIME', '0')),
                    help='stop after this many seconds (0: no limit)')
    ap.add_argument('--family', default=os.environ.get('SOUNDNESS_FAMILIES', 'all'),
                    help='comma-separated families, or all; prefix -NAME to leave one out')
    ap.add_argument('--checks', default='false,missed,verdict')
    ap.add_argument('--no-shrink', action='store_true')
    ap.add_argument('--shrink-time', type=float, default=60, help='seconds to shrink one failing case')
    ap.add_argument('--jobs', type=int, default=int(os.environ.get('SOUNDNESS_JOBS', os.cpu_count() or 1)))
    ap.add_argument('--show', type=int, default=3, help='failing cases printed in full per class')
    ap.add_argument('--dump', help='write the case of --seed to this file and stop')
    ap.add_argument('-v', '--verbose', action='store_true')
    a = ap.parse_args()
    fams = set()
    for f in a.family.split(','):
        f = f.strip()
        if f == 'all':
            fams |= set(gen.FAMILIES)
        elif f.startswith('-'):
            fams.discard(f[1:])
        elif f:
            if f not in gen.FAMILIES:
                ap.error('unknown family %r (known: %s)' % (f, ', '.join(gen.FAMILIES)))
            fams.add(f)
    fams = sorted(fams)
    checks = set(a.checks.split(','))
    if a.dump:
        c = gen.generate(a.seed, fams)
        c.shipped = SHIPPED
        open(a.dump, 'w').write(c.render())
        return 0
    start = time.time()
    passed = failed = 0
    shown = {}
    classes = {}
    pool = multiprocessing.Pool(a.jobs, initializer=_init_worker, initargs=(fams, checks)) if a.jobs > 1 else None
    seeds = range(a.seed, a.seed + a.cases)
    if pool:
        results = pool.imap(_work, seeds, chunksize=4)
    else:
        _init_worker(fams, checks)
        results = map(_work, seeds)
    with tempfile.TemporaryDirectory() as tmp:
        for seed, case, fails, rc in results:
            if a.time and time.time() - start > a.time:
                break
            if not fails:
                passed += 1
                if a.verbose:
                    print('seed %d: ok (kjeller exit %d)' % (seed, rc))
                continue
            failed += 1
            for f in fails:
                classes.setdefault(f.key, []).append(seed)
            f = fails[0]
            n = shown.get(f.key, 0)
            print('seed %d: FAIL %s: %s' % (seed, f.key, f.msg.splitlines()[0] if f.msg else ''))
            if n >= a.show:
                continue
            shown[f.key] = n + 1
            small = case
            if not a.no_shrink and f.cls not in ('oracle-error',):
                dl = time.time() + a.shrink_time
                if a.time:
                    dl = min(dl, start + a.time)
                small = shrink(case, f.key, tmp, checks, dl)
            sf, rc2, out2 = analyze(small, tmp, checks)
            sf = [x for x in sf if x.key == f.key] or [f]
            print('---- minimal case (seed %d, %s) ----' % (seed, f.key))
            print(small.render().rstrip())
            print('---- kjeller (exit %d) ----' % rc2)
            print(brief(out2))
            print('---- oracle ----')
            print(sf[0].msg)
            if sf[0].witness:
                print('witness (a reading under which every cited statement holds):')
                print(sf[0].witness)
            print('----')
    if pool:
        pool.terminate()
    for k, v in sorted(classes.items()):
        print('class %s: %d cases, e.g. seeds %s' % (k, len(v), ' '.join(map(str, v[:8]))))
    print('soundness: %d passed, %d failed' % (passed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
