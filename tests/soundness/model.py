"""The oracle's own reading of a kjeller case (docs + design.md section 0).

Nothing here is derived from kjeller's source.  Every rule is a reading of
docs/case-language.md, docs/reasoning.md and design.md section 0 ("What charity
means, precisely"); where they disagree, section 0 wins.

Times are z3 Ints (UTC seconds).  A model is built for a *subset* of the
case's statements (the ones kjeller cites for a conflict) or for the whole
case.  `sl` is a slack in seconds: every bound is loosened by sl (sl > 0:
more charitable, used to look for missed contradictions) or tightened by -sl
(sl < 0: used to look for false contradictions, so that a difference in
boundary conventions of a second or two never counts as a false
contradiction).
"""
import datetime as dt
import math
import os
import re
import subprocess
from zoneinfo import ZoneInfo

import z3

EPOCH = dt.datetime(1970, 1, 1)
DAY = 86400
INF = 10 ** 13

# ---------------------------------------------------------------- zones


class Zone:
    """A zone spec: IANA name, fixed 'UTC+HH:MM', or 'ANY' (UTC-16..UTC+16:
    every offset on Earth, local mean times included, as a place without a
    tz is read: case-language.md 4.2)."""

    _cache = {}

    def __init__(self, spec):
        self.spec = spec
        self.fixed = None
        self.any = spec == 'ANY'
        m = re.match(r'^(?:UTC|GMT)([+-])(\d{1,2})(?::(\d\d))?(?::(\d\d))?$', spec or '')
        if m:
            sign = 1 if m.group(1) == '+' else -1
            self.fixed = sign * (int(m.group(2)) * 3600 + int(m.group(3) or 0) * 60 + int(m.group(4) or 0))
        elif not self.any:
            self.zi = ZoneInfo(spec)

    def offsets_at_local(self, naive):
        """Every offset a local wall time can be read with (both folds)."""
        if self.any:
            return [-16 * 3600, 16 * 3600]
        if self.fixed is not None:
            return [self.fixed]
        out = set()
        for fold in (0, 1):
            o = naive.replace(tzinfo=self.zi, fold=fold).utcoffset()
            out.add(int(o.total_seconds()))
        return sorted(out)

    def offset_at_utc(self, t):
        if self.fixed is not None:
            return self.fixed
        d = EPOCH + dt.timedelta(seconds=t)
        return int(self.zi.utcoffset(d.replace(tzinfo=dt.timezone.utc).astimezone(self.zi).replace(tzinfo=None)
                                     ) .total_seconds()) if False else \
            int(d.replace(tzinfo=dt.timezone.utc).astimezone(self.zi).utcoffset().total_seconds())

    def transitions(self, t0, t1):
        """[(t, offset from t on)] covering [t0, t1]; first entry at t0."""
        key = (self.spec, t0, t1)
        if key in Zone._cache:
            return Zone._cache[key]
        if self.fixed is not None:
            res = [(t0, self.fixed)]
        else:
            res = [(t0, self.offset_at_utc(t0))]
            step = 3600
            t = t0
            cur = res[0][1]
            while t < t1:
                n = min(t + step, t1)
                o = self.offset_at_utc(n)
                if o != cur:
                    lo, hi = t, n  # offset(lo) == cur, offset(hi) != cur
                    while hi - lo > 1:
                        mid = (lo + hi) // 2
                        if self.offset_at_utc(mid) == cur:
                            lo = mid
                        else:
                            hi = mid
                    res.append((hi, self.offset_at_utc(hi)))
                    cur = res[-1][1]
                t = n
        Zone._cache[key] = res
        return res


def to_utc_candidates(zones, naive):
    out = []
    secs = int((naive - EPOCH).total_seconds())
    for z in zones:
        for o in z.offsets_at_local(naive):
            out.append(secs - o)
    return out


def fmt_utc(t):
    return (EPOCH + dt.timedelta(seconds=t)).strftime('%Y-%m-%d %H:%M:%S')


def fmt_local(t, z):
    if z.any:
        return 'any zone'
    if z.fixed is not None:
        return (EPOCH + dt.timedelta(seconds=t + z.fixed)).strftime('%Y-%m-%d %H:%M:%S') + ' ' + z.spec
    d = (EPOCH + dt.timedelta(seconds=t)).replace(tzinfo=dt.timezone.utc).astimezone(z.zi)
    return d.strftime('%Y-%m-%d %H:%M:%S %Z(UTC%z)')

# ---------------------------------------------------------------- time expressions


def readings(zones, lp, naive):
    """The UTC readings of a naive local instant of lp: in every zone, or,
    when lp was written with a UTC offset (ISO 8601, case-language.md 5.3),
    the one instant that offset gives, whatever the zones."""
    if lp.offset is not None:
        return [int((naive - EPOCH).total_seconds()) - lp.offset]
    return to_utc_candidates(zones, naive)


class LP:
    """A local period: wide [wlo, whi], narrow [nlo, nhi] (naive local,
    on the clock of its offset when it has one: offset = local - UTC, s)."""

    def __init__(self, text, wlo, whi, nlo=None, nhi=None, edge='vague', offset=None):
        self.text = text
        self.offset = offset
        self.wlo, self.whi = wlo, whi
        self.nlo = wlo if nlo is None else nlo
        self.nhi = whi if nhi is None else nhi
        # As the end of a range (case-language.md, "What a span certainly
        # covers"): 'unit' - a whole day, month or year, inclusive (the
        # range covers all of it); 'instant' - an exact clock time, the
        # instant itself; 'vague' - a point somewhere in [wlo, whi]; 'slip' -
        # a weekday its date does not fall on: either of two whole days,
        # [wlo, whi] from one to the other, the later starting at nlo and
        # the earlier ending at nhi.
        self.edge = edge

    def latest_start(self):
        return {'unit': self.wlo, 'instant': self.wlo, 'slip': self.nlo}.get(self.edge, self.whi)

    def earliest_end(self):
        return {'unit': self.whi, 'instant': self.wlo, 'slip': self.nhi}.get(self.edge, self.wlo)


class TE:
    """A time expression: a single period, or a range A..B (A or B may be None)."""

    def __init__(self, a, b=None, rng=False):
        self.a, self.b, self.rng = a, b, rng

    def text(self):
        if not self.rng:
            return self.a.text
        return (self.a.text if self.a else '') + '..' + (self.b.text if self.b else '')

    def wide(self, zones):
        """Widest reading (claims, entries, lifetimes, during)."""
        if not self.rng:
            return min(readings(zones, self.a, self.a.wlo)), max(readings(zones, self.a, self.a.whi))
        lo = min(readings(zones, self.a, self.a.wlo)) if self.a else -INF
        hi = max(readings(zones, self.b, self.b.whi)) if self.b else INF
        return lo, hi

    def certain(self, zones, outer=False):
        """What a 'throughout' fact or a register's coverage spans for certain
        (section 0): a single period's narrow reading; a range from the LATEST
        reading of its start to the EARLIEST reading of its end."""
        if not self.rng:
            return max(readings(zones, self.a, self.a.nlo)), min(readings(zones, self.a, self.a.nhi))
        if outer:   # quirk: the range read from A's narrow start to B's narrow end
            lo = max(readings(zones, self.a, self.a.nlo)) if self.a else -INF
            hi = min(readings(zones, self.b, self.b.nhi)) if self.b else INF
            return lo, hi
        lo = max(readings(zones, self.a, self.a.latest_start())) if self.a else -INF
        hi = min(readings(zones, self.b, self.b.earliest_end())) if self.b else INF
        return lo, hi


class Dur:
    def __init__(self, text, lo, hi):
        self.text, self.lo, self.hi = text, lo, hi   # hi None = unbounded

# ---------------------------------------------------------------- geodesics

_geod_cache = {}


def geodesic(p, q):
    key = (p, q) if p <= q else (q, p)
    if key not in _geod_cache:
        _geod_batch([key])
    return _geod_cache[key]


def _geod_batch(pairs):
    pairs = [k for k in pairs if k not in _geod_cache]
    if not pairs:
        return
    inp = ''.join('%r %r %r %r\n' % (a[0], a[1], b[0], b[1]) for a, b in pairs)
    out = subprocess.run(['GeodSolve', '-i'], input=inp, capture_output=True, text=True, check=True).stdout
    for k, line in zip(pairs, out.strip().split('\n')):
        _geod_cache[k] = float(line.split()[2])


def prefetch_geodesics(places):
    locs = [(p.lat, p.lon) for p in places if p.kind == 'loc']
    pairs = []
    for i in range(len(locs)):
        for j in range(i + 1, len(locs)):
            a, b = locs[i], locs[j]
            pairs.append((a, b) if a <= b else (b, a))
    _geod_batch(pairs)

# ---------------------------------------------------------------- modes


def load_shipped_modes(path):
    modes = []
    for line in open(path):
        line = line.split(';', 1)[0] if not line.lstrip().startswith('mode') else line
        m = re.match(r'^mode (\S+): (\S+) max ([\d.]+) km/h(?: since (\d+))?(?: until (\d+))?', line)
        if m:
            modes.append(dict(id=m.group(1), cls=m.group(2), kmh=float(m.group(3)),
                              since=int(m.group(4)) if m.group(4) else None,
                              until=int(m.group(5)) if m.group(5) else None))
    return modes


def mode_in_years(m, years):
    """years: None (unbounded) or (y0, y1) inclusive."""
    if years is None:
        return True
    y0, y1 = years
    lo = m['since'] if m['since'] is not None else -10 ** 9
    hi = m['until'] if m['until'] is not None else 10 ** 9
    return lo <= y1 and y0 <= hi


def fastest(modes, cls, years):
    v = None
    for m in modes:
        if cls is not None and m['cls'] != cls:
            continue
        if mode_in_years(m, years):
            v = m['kmh'] if v is None else max(v, m['kmh'])
    return v


def union_years(a, b):
    if a is None or b is None:
        return None
    return (min(a[0], b[0]), max(a[1], b[1]))

# ---------------------------------------------------------------- the model


class Model:
    QUIRKS = ['range-outer', 'during-narrow', 'mode-narrows', 'calendar-utc', 'route-radii', 'era-utc']

    def __init__(self, case, subset=None, sl=0, weak_calendar=False, quirks=(), documented_only=False):
        """subset: set of ids kjeller cited (None: the whole case).
        quirks: emulate kjeller's known defects (to classify a disagreement
        as explained by one of them): range-outer (vague range ends read at
        their outer edges), during-narrow ('during F' within F's narrow
        reading, or F's instant), mode-narrows (a declared mode replaces the
        era's other modes of its class), calendar-utc (same/next day as
        0..24/48 h), route-radii (route lengths not less the radii), era-utc
        (the era from the UTC year)."""
        self.c = case
        self.q = set(quirks)
        # documented_only: draw distances to an unlocated place only where
        # docs 4.2 promises them (journeys), not for presences (reasoning.md
        # section 7 lists that as a weakness): for the missed-contradiction check
        self.documented_only = documented_only
        modes = case.all_modes
        if 'mode-narrows' in self.q:
            declared = {m['cls'] for m in case.modes.values()}
            modes = [m for m in case.shipped if m['cls'] not in declared] + list(case.modes.values())
        self.modes = modes
        self.sl = sl
        self.weak_calendar = weak_calendar
        self.sub = subset
        self.s = z3.Solver()
        self.s.set('timeout', 20000)
        self.v = {}           # claim id -> (start, end)
        self.notes = []
        self.opts = case.options()
        self.zone_cache = {}
        self.t0, self.t1 = case.time_span()
        self.build()

    # -- helpers
    def has(self, sid):
        return self.sub is None or sid in self.sub

    def Z(self, spec):
        if spec not in self.zone_cache:
            self.zone_cache[spec] = Zone(spec)
        return self.zone_cache[spec]

    def place(self, pid):
        """Resolve entities and assumed alternatives to a place object."""
        c = self.c
        if pid in c.entities:
            pid = c.entities[pid].place
        p = c.places[pid]
        if p.kind == 'oneof':
            for a in c.assumes.values():
                if a.kind == 'alt' and a.target == pid and self.has(a.id):
                    return c.places[a.value]
        return p

    def zones(self, pid):
        p = self.place(pid)
        if p.kind == 'oneof':
            out = []
            for a in p.alts:
                out += self.zones(a)
            return out
        if p.tz is None:
            return [self.Z('ANY')]
        return [self.Z(p.tz)]

    def radius(self, p):
        if p.radius is not None:
            return p.radius
        return self.opts['radius']

    def eff_dist(self, pa, pb):
        """Charitable distance between two *located-or-oneof* places, metres.
        None if unknown (unlocated)."""
        A, B = self.place(pa), self.place(pb)
        if A.kind == 'unloc' or B.kind == 'unloc':
            return None
        if A.kind == 'oneof':
            return min(self.eff_dist(x, pb) for x in A.alts)
        if B.kind == 'oneof':
            return min(self.eff_dist(pa, x) for x in B.alts)
        if A.id == B.id:
            return 0.0
        return max(0.0, geodesic((A.lat, A.lon), (B.lat, B.lon)) - self.radius(A) - self.radius(B))

    def years_of(self, lo, hi, zones):
        if 'era-utc' in self.q:
            zones = [self.Z('UTC')]
        if lo <= -INF // 2 or hi >= INF // 2:
            return None
        # the era: every year the event may be in, by the local calendar
        # of any place (reasoning.md: 16 h either side of its UTC reading);
        # a journey by a class happens in a year the class was in use
        ys = [(EPOCH + dt.timedelta(seconds=lo - 16 * 3600)).year,
              (EPOCH + dt.timedelta(seconds=hi + 16 * 3600)).year]
        for z in zones:
            for t in (lo, hi - 1):   # a reading's end is the first instant after it
                if z.any:
                    offs = [-12 * 3600, 14 * 3600]
                elif z.fixed is not None:
                    offs = [z.fixed]
                else:
                    offs = [z.offset_at_utc(t)]
                for o in offs:
                    ys.append((EPOCH + dt.timedelta(seconds=t + o)).year)
        return (min(ys), max(ys))

    def jan1(self, year, zones, east):
        """UTC instant of local year start: earliest (east) or latest (west)."""
        if 'era-utc' in self.q:
            zones = [self.Z('UTC')]
        c = []
        for z in zones:
            c += to_utc_candidates([z], dt.datetime(year, 1, 1))
        return min(c) if east else max(c)

    def tb(self, dist_m, kmh):
        """Charitable lower bound on travel time, whole seconds, with slack."""
        if dist_m is None or kmh is None or dist_m <= 0:
            return None
        b = math.floor(dist_m / (kmh / 3.6)) - self.sl
        return b if b > 0 else None

    def travel(self, s, e, dist_m, cls, years, zones, fixed_kmh=None):
        """A constraint that e - s is at least the travel time (or None)."""
        if dist_m is None or dist_m <= 0:
            return None
        modes = self.modes
        if fixed_kmh is not None:
            b = self.tb(dist_m, fixed_kmh)
            return None if b is None else (e - s >= b)
        vglob = fastest(modes, cls, None)
        if years is None:
            b = self.tb(dist_m, vglob)
            return None if b is None else (e - s >= b)
        # the era is the widest over the event's own readings, and (more
        # charitable still) over the local years the actual times fall in.
        y0, y1 = years
        opts = []
        vw = fastest(modes, cls, years)
        b = self.tb(dist_m, vw)
        if b is None:
            return None
        opts.append(e - s >= b)
        for Y in range(y0 - 2, y1 + 3):
            v = fastest(modes, cls, union_years(years, (Y, Y)))
            bb = self.tb(dist_m, v)
            if bb is None:
                return None if False else z3.BoolVal(True) if False else None
            if bb < b:
                opts.append(z3.And(s < self.jan1(Y + 1, zones, east=False),
                                   e >= self.jan1(Y, zones, east=True), e - s >= bb))
        bb = self.tb(dist_m, vglob)
        beyond = z3.Or(e >= self.jan1(y1 + 3, zones, east=True), s < self.jan1(y0 - 2, zones, east=False))
        opts.append(beyond if bb is None else z3.And(beyond, e - s >= bb))
        return z3.Or(opts)

    def local_day(self, t, z):
        if z.any:
            o = z3.FreshInt('anyoff')
            self.s.add(o >= -12 * 3600, o <= 14 * 3600)
            return (t + o) / DAY
        tr = z.transitions(self.t0, self.t1)
        expr = z3.IntVal(tr[-1][1])
        for i in range(len(tr) - 1, 0, -1):
            expr = z3.If(t < tr[i][0], z3.IntVal(tr[i - 1][1]), expr)
        return (t + expr) / DAY

    # -- the build
    def build(self):
        c, s, sl, o = self.c, self.s, self.sl, self.opts
        claims = [cl for cl in c.claims if self.has(cl.id)]
        self.claims = claims
        for cl in claims:
            st, en = z3.Int(cl.id + '.s'), z3.Int(cl.id + '.e')
            self.v[cl.id] = (st, en)
            s.add(en >= st)
        self.pres = []     # (person, placeid, s, e, years, zones, id, kind)
        self.unloc_journeys = []
        self.during_instant = []
        own_years = {}
        for cl in claims:
            st, en = self.v[cl.id]
            yrs = []
            if cl.kind == 'msg':
                # its time is its person's act: a sending, a receipt, or a
                # call's start, read at his place or at every offset; sent
                # and received times at the sender's and receiver's places
                zs = self.zones(cl.subject_place()) if cl.subject_place() else [self.Z('ANY')]
                act = en if cl.recv and self.c.medium_cls(cl.medium) != 'live' else st
                zf = self.zones(cl.mfrom) if cl.mfrom else [self.Z('ANY')]
                zt = self.zones(cl.mto) if cl.mto else [self.Z('ANY')]
                windows = [(cl.time, act, zs), (cl.departs, st, zf), (cl.arrives, en, zt)]
            else:
                first = cl.a if cl.kind == 'go' else cl.place
                windows = [(cl.time, st, self.zones(first))]
                if cl.kind == 'go':
                    windows += [(cl.departs, st, self.zones(cl.a)), (cl.arrives, en, self.zones(cl.b))]
            for te, pt, zs in windows:
                if te:
                    lo, hi = te.wide(zs)
                    s.add(pt >= lo - sl, pt <= hi + sl)
                    yrs.append(self.years_of(lo, hi, zs))
            if cl.dur:   # never tightened: an exact duration must stay possible
                s.add(en - st >= cl.dur.lo - max(sl, 0))
                if cl.dur.hi is not None:
                    s.add(en - st <= cl.dur.hi + max(sl, 0))
            y = None
            for yy in yrs:
                y = yy if y is None else union_years(y, yy)
            if not yrs:
                y = None
            own_years[cl.id] = y
        # sequence clauses and during
        # a sequence or during clause names another claim's start or end: a
        # point that exists whether or not that claim's own statement is
        # among those cited (then it is free but for end >= start)
        for cl in claims:
            refs = []
            if cl.seq:
                refs.append(cl.seq[1] if cl.seq[1] is not None else c.previous_claim(cl.id))
            if cl.during and c.claim(cl.during) is not None:
                refs.append(cl.during)
            for tgt in refs:
                if tgt is not None and tgt not in self.v and c.claim(tgt) is not None:
                    st, en = z3.Int(tgt + '.s'), z3.Int(tgt + '.e')
                    self.v[tgt] = (st, en)
                    s.add(en >= st)
        for cl in claims:
            st, en = self.v[cl.id]
            if cl.seq:
                kind, tgt = cl.seq
                if tgt is None:
                    tgt = c.previous_claim(cl.id)
                if tgt is not None and tgt in self.v:
                    cs_, ce_ = self.v[tgt]
                    if kind == 'right after':
                        s.add(st - ce_ >= -sl, st - ce_ <= o['right_after'] + sl)
                    elif kind == 'after':
                        s.add(st >= ce_ - sl)
                    elif kind.startswith('gap '):
                        # the documented reading (case-language.md, sequence
                        # clauses): the duration's range; in days or weeks a
                        # day and 32 h more or less; "a few" = after
                        lo, hi = {'2 days': (2 * 86400, 2 * 86400), '3 hours': (10800, 10800),
                                  'a week': (7 * 86400, 7 * 86400), 'a few days': (0, None),
                                  'about 2 hours': (7200 * (100 - o['about']) // 100,
                                                    7200 * (100 + o['about']) // 100)}[kind[4:]]
                        if hi is not None and (kind.endswith('days') or kind.endswith('week')):
                            lo, hi = max(0, lo - 86400 - 32 * 3600), hi + 86400 + 32 * 3600
                        s.add(st - ce_ >= lo - sl)
                        if hi is not None:
                            s.add(st - ce_ <= hi + sl)
                    elif kind == 'before':
                        s.add(en <= cs_ + sl)
                    else:
                        s.add(self.calendar(kind, cl, st, c.claim(tgt), cs_, ce_))
            if cl.during:
                if cl.during in self.v:
                    ds, de = self.v[cl.during]
                    s.add(st >= ds - sl, en <= de + sl)
                elif cl.during in c.facts and c.facts[cl.during].kind == 'journey':
                    # (docs: from the earliest departure to the latest arrival)
                    f = c.facts[cl.during]
                    lo = f.time.wide(self.zones(f.place))[0]
                    hi = f.arrives.wide(self.zones(f.to))[1]
                    s.add(st >= lo - sl, en <= hi + sl)
                elif cl.during in c.facts:
                    f = c.facts[cl.during]
                    lo, hi = f.time.wide(self.zones(f.place))
                    if 'during-narrow' in self.q:
                        if f.kind == 'throughout':
                            lo, hi = f.time.certain(self.zones(f.place), 'range-outer' in self.q)
                        else:
                            self.during_instant.append((st, en, f))
                    s.add(st >= lo - sl, en <= hi + sl)
        # entity lifetimes
        for cl in claims:
            st, en = self.v[cl.id]
            for pid, which in cl.places_with_role():
                if pid in c.entities and self.has(pid) and c.entities[pid].exists:
                    lo, hi = c.entities[pid].exists.wide(self.zones(pid))
                    if which == 'stay':
                        s.add(st <= hi + sl, en >= lo - sl)
                    elif which == 'from':
                        s.add(st >= lo - sl, st <= hi + sl)
                    else:
                        s.add(en >= lo - sl, en <= hi + sl)
        # facts
        facts = [f for f in c.facts.values() if self.has(f.id) and f.kind not in ('lives', 'journey', 'unreach')]
        self.factvars = {}
        self.voyages = []
        for f in c.facts.values():
            if not self.has(f.id) or f.kind != 'journey':
                continue
            za, zb = self.zones(f.place), self.zones(f.to)
            d, a = z3.Int(f.id + '.dep'), z3.Int(f.id + '.arr')
            lo, hi = f.time.wide(za)
            s.add(d >= lo - sl, d <= hi + sl)
            lo2, hi2 = f.arrives.wide(zb)
            s.add(a >= lo2 - sl, a <= hi2 + sl, a >= d)
            self.voyages.append((f, d, a, self.years_of(lo, hi2, za + zb), za + zb))
        for f in facts:
            zs = self.zones(f.place)
            if f.kind == 'throughout':
                lo, hi = f.time.certain(zs, 'range-outer' in self.q)
                if lo + sl >= hi - sl:
                    continue
                a, b = z3.IntVal(lo + sl), z3.IntVal(hi - sl)
            else:
                lo, hi = f.time.wide(zs)
                a = z3.Int(f.id + '.t')
                s.add(a >= lo - sl, a <= hi + sl)
                b = a
            self.factvars[f.id] = (a, b)
            wl, wh = f.time.wide(zs)
            yrs = self.years_of(wl, wh, zs)
            self.pres.append((f.person, f.place, a, b, yrs, zs, f.id, f.kind))
            if f.place in c.entities and self.has(f.place) and c.entities[f.place].exists:
                elo, ehi = c.entities[f.place].exists.wide(zs)
                s.add(a <= ehi + sl, b >= elo - sl)
        for st, en, f in self.during_instant:
            if f.id in self.factvars:
                a = self.factvars[f.id][0]
            else:
                a = z3.Int(f.id + '.t')
                lo, hi = f.time.wide(self.zones(f.place))
                s.add(a >= lo - sl, a <= hi + sl)
            s.add(st >= a - sl, en <= a + sl)
        # journeys and presences of claims
        for cl in claims:
            st, en = self.v[cl.id]
            yrs = own_years[cl.id]
            if cl.kind == 'msg':
                self.message(cl, st, en, yrs)
                continue
            if cl.kind == 'go':
                za, zb = self.zones(cl.a), self.zones(cl.b)
                for p in [cl.person] + cl.others:
                    self.pres.append((p, cl.a, st, st, yrs, za, cl.id, 'claim'))
                    self.pres.append((p, cl.b, en, en, yrs, zb, cl.id, 'claim'))
                self.journey(cl, st, en, yrs, za + zb)
            else:
                zs = self.zones(cl.place)
                for p in [cl.person] + cl.others:
                    self.pres.append((p, cl.place, st, en, yrs, zs, cl.id, 'claim'))
        self.unlocated()
        self.presence_pairs()
        self.voyage_bounds()
        self.registers()

    def calendar(self, kind, cl, st, tgt, cs_, ce_):
        # calendar days in the zones of the places concerned (design.md
        # section 0): either event's day may be counted in the zone of any
        # place of either (a day in Tokyo "the same day" as an evening in
        # New York may be counted by Tokyo's calendar for both)
        zs_here = []
        for pid in cl.all_places() + tgt.all_places():
            zs_here += self.zones(pid)
        zs_there = list(zs_here)
        k = 0 if kind == 'same day' else 1
        alts = []
        for z1 in zs_there:
            d_s1, d_e1 = self.local_day(cs_, z1), self.local_day(ce_, z1)
            for z2 in zs_here:
                d2 = self.local_day(st, z2)
                alts.append(z3.And(d2 >= d_s1 + k, d2 <= d_e1 + k))
        if 'calendar-utc' in self.q:
            alts = []
        if 'calendar-utc' in self.q:
            alts.append(st - ce_ <= (24 if k == 0 else 48) * 3600 + self.sl)
        elif self.weak_calendar:
            # what kjeller promises not to miss: after a claim whose end its
            # own times do not bound (to 800 days), every offset on Earth is
            # allowed (docs/reasoning.md, "the same day"): 24 h * days + 32 h
            alts.append(st - ce_ <= (24 * (k + 1) + 32) * 3600 + self.sl)
        return z3.And(st >= ce_ - self.sl, z3.Or(alts))

    def journey(self, cl, st, en, yrs, zones):
        c = self.c
        cls, fixed = None, None
        if cl.by:
            if cl.by in c.mode_ids():
                m = c.mode_by_id(cl.by)
                fixed, cls = m['kmh'], m['cls']
            else:
                cls = cl.by
        d = self.eff_dist(cl.a, cl.b)
        if d is not None and cls is not None:
            A, B = self.place(cl.a), self.place(cl.b)
            for r in c.routes.values():
                if not self.has(r.id):
                    continue
                if {r.a, r.b} == {A.id, B.id} and c.mode_by_id(r.mode)['cls'] == cls:
                    if 'route-radii' in self.q:
                        d = max(d, r.km * 1000)
                    else:
                        d = max(d, r.km * 1000 - self.radius(A) - self.radius(B))
        if d is not None:
            con = self.travel(st, en, d, cls, yrs, zones, fixed)
            if con is not None:
                self.s.add(con)
        else:
            self.unloc_journeys.append((cl, st, en, cls, yrs, zones, fixed))

    unloc_journeys = None

    def unlocated(self):
        """An unlocated place U lies within P's radius when someone is at U
        while a throughout fact puts him at P (docs 4.2)."""
        c, s = self.c, self.s
        self.inP = {}
        for (p1, pl1, a1, b1, y1, z1, id1, k1) in self.pres:
            U = self.place(pl1)
            if U.kind != 'unloc' or k1 != 'claim':
                continue
            for (p2, pl2, a2, b2, y2, z2, id2, k2) in self.pres:
                P = self.place(pl2)
                if p2 != p1 or k2 != 'throughout' or P.kind != 'loc':
                    continue
                key = (U.id, P.id)
                if key not in self.inP:
                    self.inP[key] = z3.Bool('in:%s:%s' % key)
                s.add(z3.Implies(z3.And(a1 < b2, a2 < b1), self.inP[key]))
        keys = list(self.inP)
        for i in range(len(keys)):
            for j in range(i + 1, len(keys)):
                (u1, p1), (u2, p2) = keys[i], keys[j]
                if u1 == u2:
                    P1, P2 = c.places[p1], c.places[p2]
                    g = geodesic((P1.lat, P1.lon), (P2.lat, P2.lon))
                    if g > self.radius(P1) + self.radius(P2) + max(self.sl, 0) + 1:
                        s.add(z3.Not(z3.And(self.inP[keys[i]], self.inP[keys[j]])))
        for (cl, st, en, cls, yrs, zones, fixed) in self.unloc_journeys or []:
            for cond, d in self.cond_dists(cl.a, cl.b):
                con = self.travel(st, en, d, cls, yrs, zones, fixed)
                if con is not None:
                    s.add(z3.Implies(cond, con))

    def cond_dists(self, pa, pb, presence=False):
        """[(condition, distance)] lower bounds for a pair with an unlocated end."""
        A, B = self.place(pa), self.place(pb)
        if A.kind != 'unloc' and B.kind != 'unloc':
            d = self.eff_dist(pa, pb)
            return [(z3.BoolVal(True), d)]
        if presence and self.documented_only:
            return []
        if A.kind == 'unloc' and B.kind == 'unloc' and A.id == B.id:
            return []
        out = []
        if A.kind == 'unloc' and B.kind == 'unloc':
            for (u1, p1), b1 in self.inP.items():
                for (u2, p2), b2 in self.inP.items():
                    if u1 == A.id and u2 == B.id:
                        out.append((z3.And(b1, b2), self.eff_dist(p1, p2)))
            return out
        U, X = (A, pb) if A.kind == 'unloc' else (B, pa)
        for (u, p), b in self.inP.items():
            if u == U.id:
                out.append((b, self.eff_dist(p, X)))
        return out

    def presence_pairs(self):
        s = self.s
        P = self.pres
        for i in range(len(P)):
            for j in range(i + 1, len(P)):
                p1, pl1, a1, b1, y1, z1, id1, k1 = P[i]
                p2, pl2, a2, b2, y2, z2, id2, k2 = P[j]
                if p1 != p2 or (k1 != 'claim' and k2 != 'claim'):
                    continue
                if id1 == id2:
                    continue   # a journey's own ends: its travel bound says it
                yrs = union_years(y1, y2)
                for cond, d in self.cond_dists(pl1, pl2, presence=True):
                    if d is None or d <= 0:
                        continue
                    o1 = self.travel(b1, a2, d, None, yrs, z1 + z2)
                    o2 = self.travel(b2, a1, d, None, yrs, z1 + z2)
                    if o1 is None or o2 is None:
                        continue
                    s.add(z3.Implies(cond, z3.Or(o1, o2)))

    def message(self, cl, st, en, yrs):
        """A message: sent (st) no later than received (en); its sender at
        his place when he sends it, its receiver at his when he receives
        it (a call: both over the whole call); a carried one no faster
        than its medium's speed, or the era's fastest mode; and whoever
        of the two a fact has unreachable by its medium sends or receives
        it before or after that period (a call wholly so)."""
        s, sl, c = self.s, self.sl, self.c
        s.add(en >= st)
        kind = c.medium_cls(cl.medium)
        live = kind == 'live'
        sender, receiver = (cl.party, cl.person) if cl.recv else (cl.person, cl.party)
        zf = self.zones(cl.mfrom) if cl.mfrom else [self.Z('ANY')]
        zt = self.zones(cl.mto) if cl.mto else [self.Z('ANY')]
        # each end's presence takes its era from that end's own time where
        # one is given (a January receipt does not speed the sender's
        # December travel); a call's, and an undated end's, the whole's
        def end_years(te, zs):
            if live or te is None:
                return yrs
            lo, hi = te.wide(zs)
            return self.years_of(lo, hi, zs)
        zs_act = self.zones(cl.subject_place()) if cl.subject_place() else [self.Z('ANY')]
        ys = end_years(cl.departs or (cl.time if not cl.recv else None), zf if cl.departs else zs_act)
        yr = end_years(cl.arrives or (cl.time if cl.recv else None), zt if cl.arrives else zs_act)
        if cl.mfrom:
            self.pres.append((sender, cl.mfrom, st, en if live else st, ys, zf, cl.id, 'claim'))
        if cl.mto:
            self.pres.append((receiver, cl.mto, st if live else en, en, yr, zt, cl.id, 'claim'))
        if kind == 'carried' and cl.mfrom and cl.mto and self.has(cl.medium if cl.medium in c.media else cl.id):
            d = self.eff_dist(cl.mfrom, cl.mto)
            kmh = c.media[cl.medium]['kmh'] if cl.medium in c.media else None
            bound = self.travel(st, en, d, None, yrs, zf + zt, fixed_kmh=kmh)
            if bound is not None:
                s.add(bound)
        for f in c.facts.values():
            if f.kind != 'unreach' or not self.has(f.id) or (f.media and cl.medium not in f.media):
                continue
            lo, hi = f.time.certain([self.Z(f.tz)] if f.tz else [self.Z('ANY')])
            for who, a, b in ((sender, st, en if live else st), (receiver, st if live else en, en)):
                if who != f.person:
                    continue
                s.add(z3.Or(b <= lo + sl, a >= hi - sl))

    def voyage_bounds(self):
        """A journey fact's traveller is aboard from its departure d (at A)
        to its arrival a (at B): at an instant t in [d, a] within the
        vehicle's reach of both, |AX| <= v (t - d) and |XB| <= v (a - t);
        before d within the era's reach of A, after a of B.  A claim's
        presence at X over [s, e] is possible iff [s, e] lies in the union
        of the instants each phase allows, and that union is one interval
        over [s, e] (a person cannot jump across a gap)."""
        s = self.s
        for f, d, a, yrs, zf in self.voyages:
            kmh = self.c.modes[f.mode]['kmh']
            for p, pl, ps, pe, y, z, pid, k in self.pres:
                if p != f.person or k != 'claim':
                    continue
                for cond, d1 in self.cond_dists(f.place, pl, presence=True):
                    for cond2, d2 in self.cond_dists(pl, f.to, presence=True):
                        d1v = d1 if d1 and d1 > 0 else 0
                        d2v = d2 if d2 and d2 > 0 else 0
                        if d1v == 0 and d2v == 0:
                            continue
                        # a claim during this journey lies within its widest
                        # reading: its era is the journey's (docs: journey facts)
                        cl = self.c.claim(pid)
                        if cl is not None and cl.during == f.id:
                            y = yrs if y is None else (max(y[0], yrs[0]), min(y[1], yrs[1])) \
                                if yrs[0] <= y[1] and yrs[1] >= y[0] else y
                        yy = union_years(yrs, y)
                        # the phases: before (t <= d less the era's time
                        # from X to A), aboard (d + |AX| / v <= t <= a - |XB| / v,
                        # within [d, a]) and after (t >= a plus the era's
                        # time from B to X)
                        t1 = self.tb(d1v, kmh) or 0
                        t2 = self.tb(d2v, kmh) or 0
                        sl = self.sl
                        before = self.travel(pe, d, d1v, None, yy, zf + z) if d1v else None
                        after = self.travel(a, ps, d2v, None, yy, zf + z) if d2v else None
                        before = (pe <= d + sl) if before is None else before
                        after = (ps >= a - sl) if after is None else after
                        aboard = z3.And(ps >= d + t1, ps >= d - sl, pe <= a - t2, pe <= a + sl)
                        opts = [before, after, aboard]
                        # phases that touch: before and aboard when X is A
                        # (then [s, e] may straddle d), aboard and after
                        # when X is B
                        if not d1v:
                            opts.append(pe <= a - t2)
                        if not d2v:
                            opts.append(ps >= d + t1)
                        s.add(z3.Implies(z3.And(cond, cond2), z3.Or(opts)))

    def registers(self):
        c, s, sl = self.c, self.s, self.sl
        regs = [r for r in c.registers.values() if self.has(r.id)]
        if not regs:
            return
        for cl in self.claims:
            st, en = self.v[cl.id]
            attrs = {}
            for a in c.assumes.values():
                if a.kind == 'attr' and a.target == cl.id and self.has(a.id):
                    attrs.update({k.lower(): v.lower() for k, v in a.attrs.items()})
            events = []
            if cl.kind == 'go':
                cls = None
                if cl.by:
                    cls = c.mode_by_id(cl.by)['cls'] if cl.by in c.mode_ids() else cl.by
                events.append(('arrival', cl.b, en, cls))
                events.append(('departure', cl.a, st, cls))
            elif attrs.get('stay') == 'yes':
                events.append(('stay', cl.place, st, None))
            for ev, pid, t, cls in events:
                P = self.place(pid)
                alts = P.alts if P.kind == 'oneof' else [P.id]
                per_alt = []
                closed = True
                for alt in alts:
                    covering = [r for r in regs if self.place(r.place).id == alt and r.event == ev
                                and (r.by is None or r.by == cls)
                                and all(attrs.get(k.lower()) == v.lower() for k, v in r.where.items())]
                    if not covering:
                        closed = False
                        break
                    conj = []
                    for r in covering:
                        zs = self.zones(r.place)
                        cs_, ce_ = r.covers.certain(zs, 'range-outer' in self.q)
                        ok = [t < cs_ + sl, t > ce_ - sl]
                        for en_ in r.entries:
                            if self.has(en_.id):
                                if en_.unrelated == 'all' or en_.unrelated == cl.id:
                                    continue
                                if any(k.lower() in attrs and attrs[k.lower()] != v.lower()
                                       for k, v in en_.where.items()):
                                    continue
                            if en_.time is None:
                                ok.append(z3.BoolVal(True))
                            else:
                                lo, hi = en_.time.wide(zs)
                                ok.append(z3.And(t >= lo - sl, t <= hi + sl))
                        conj.append(z3.Or(ok))
                    per_alt.append(z3.And(conj))
                if closed:
                    s.add(z3.Or(per_alt))

    # -- answers
    def check(self):
        r = self.s.check()
        return r

    def witness(self):
        m = self.s.model()
        lines = []
        for cl in self.claims:
            st, en = self.v[cl.id]
            if cl.kind == 'msg':
                zs = self.zones(cl.mfrom) if cl.mfrom else [self.Z('UTC')]
                ze = self.zones(cl.mto) if cl.mto else [self.Z('UTC')]
            else:
                zs = self.zones(cl.a if cl.kind == 'go' else cl.place)
                ze = self.zones(cl.b if cl.kind == 'go' else cl.place)
            sv = m.eval(st, model_completion=True).as_long()
            ev = m.eval(en, model_completion=True).as_long()
            lines.append('  %s: start %s UTC (%s), end %s UTC (%s)' % (
                cl.id, fmt_utc(sv), fmt_local(sv, zs[0]), fmt_utc(ev), fmt_local(ev, ze[0])))
        for fid, (a, b) in self.factvars.items():
            av = m.eval(a, model_completion=True).as_long()
            bv = m.eval(b, model_completion=True).as_long()
            lines.append('  fact %s: %s .. %s UTC' % (fid, fmt_utc(av), fmt_utc(bv)))
        for k, b in self.inP.items():
            if z3.is_true(m.eval(b, model_completion=True)):
                lines.append('  %s lies within %s\'s radius' % k)
        return '\n'.join(lines)
