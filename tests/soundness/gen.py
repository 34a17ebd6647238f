"""Random case generator (deterministic per seed).

Families (switch with --family a,b,c; 'all' = every one):
  basic       presence, meeting and journey claims with times and durations
              (always on: the other families build on it)
  radius      places with '± N m/km' uncertainty (0 m .. 300 km)
  options     option about / about-clock / right-after / radius
  oneof       'one of' places, 2..20 alternatives, some 'assume P = ALT'
  unloc       unlocated places (with and without tz) and the throughout rule
  far         far-apart places: London, Los Angeles, Tokyo, Sydney, and the
              antimeridian (Fiji on both sides of 180, Tonga, Samoa, Adak, Anadyr)
  throughout  'fact ... throughout' with single periods, 'on'/'in' facts,
              residence
  vague-range throughout facts and register coverage with vague range ends
              ("early X..late X", "D about 10 a.m...D about 4 p.m.",
              minute ends, day ranges)
  during      'during F' on claims and on/in/throughout facts
  sequence    'right after', 'after', 'before', and gaps: '"2 days" after C',
              '"a week" later' (in days or weeks: a day and 32 h more or less),
              '"3 hours" after C' (exact), '"a few days" later' (= after)
  calendar    'the same day' / 'the next day' between claims in different zones
  dst         anchor dates on clock changes (25-hour and 23-hour days)
  mode        a declared mode bound to one journey ('by MODE'), others free
  route       sourced route lengths between places with radii
  era         events at year ends across era boundaries (1918/19, 1938/39,
              1946/47, 1954/55, 1902/03)
  register    registers with entries, filters, assumptions, vague coverage
  entity      entities with lifetimes
  witnesses   two testimonies that contradict only each other
  iso         ISO 8601 / RFC 3339 times with a UTC offset (Z, +01:00, +0100,
              -05:00, ' UTC'), seconds and fractions, alone or at one end of
              a range: the offset, not the place's zone, fixes the instant
  weekday     a weekday before a day ("Friday 14 March 2024", "fri, 2024-03-14"),
              the date's own or another: either day is read (the date's and
              the nearest of the weekday's), from one to the other wide, what
              both share as a range's end (never a single day narrowly: an error)
  about       "about D" before a day: D -/+ 7 days (option about-day), a point
              somewhere in it (never a single day narrowly: an error)
  voyage      a journey fact 'P travels A -> B by SHIP departs T arrives T'
              (aboard between: within the vehicle's reach of both ends),
              and claims during it
  message     messages sent and received (a letter, a case's carried
              medium with a speed, a telegram, a call), with the sender's
              and receiver's places, and 'unreachable [by MEDIA] throughout'
              facts
"""
import datetime as dt
import random

from case import Case, Claim, Obj
from model import LP, TE, Dur

FAMILIES = ['basic', 'radius', 'options', 'oneof', 'unloc', 'far', 'throughout', 'vague-range',
            'during', 'sequence', 'calendar', 'dst', 'mode', 'route', 'era', 'register',
            'entity', 'witnesses', 'iso', 'weekday', 'about', 'voyage', 'message']

# offsets an ISO time may carry, in seconds: UTC, the zones' own and others
# (an offset the place's zone does not have then is a warning, read as written)
ISO_OFFSETS = [0, 0, 3600, 7200, -4 * 3600, -5 * 3600, 19800, -8 * 3600, 9 * 3600, 12 * 3600 + 2700]

NEAR = [  # id, lat, lon, tz
    ('berlin', 52.52, 13.405, 'Europe/Berlin'),
    ('potsdam', 52.39, 13.065, 'Europe/Berlin'),
    ('london', 51.507, -0.128, 'Europe/London'),
    ('paris', 48.857, 2.352, 'Europe/Paris'),
    ('oslo', 59.91, 10.75, 'Europe/Oslo'),
    ('kjeller', 59.97, 11.037, 'Europe/Oslo'),
    ('moscow', 55.756, 37.617, 'Europe/Moscow'),
    ('prague', 50.075, 14.437, 'Europe/Prague'),
]
FAR = [
    ('newyork', 40.713, -74.006, 'America/New_York'),
    ('losangeles', 34.052, -118.244, 'America/Los_Angeles'),
    ('tokyo', 35.68, 139.69, 'Asia/Tokyo'),
    ('sydney', -33.87, 151.21, 'Australia/Sydney'),
    ('kolkata', 22.57, 88.36, 'Asia/Kolkata'),
    ('suva', -18.14, 178.44, 'Pacific/Fiji'),
    ('taveuni', -16.8, -179.97, 'Pacific/Fiji'),
    ('rabi', -16.5, 179.98, 'Pacific/Fiji'),
    ('apia', -13.83, -171.76, 'Pacific/Apia'),
    ('nukualofa', -21.14, -175.2, 'Pacific/Tongatapu'),
    ('adak', 51.88, -176.66, 'America/Adak'),
    ('anadyr', 64.73, 177.51, 'Asia/Anadyr'),
    ('auckland', -36.85, 174.76, 'Pacific/Auckland'),
    ('honolulu', 21.31, -157.86, 'Pacific/Honolulu'),
]
MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September',
          'October', 'November', 'December']
WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']


def month_end(y, m):
    return dt.datetime(y + (m == 12), m % 12 + 1, 1)


class Gen:
    def __init__(self, seed, families):
        self.r = random.Random(seed)
        fams = sorted(set(families) - {'basic'})
        # each case mixes a few of the enabled families, so that a failing
        # case shows which constructs it needs
        k = self.r.randint(1, min(4, len(fams))) if fams else 0
        self.f = set(self.r.sample(fams, k)) | {'basic'}
        self.c = Case()
        self.c.families = sorted(self.f)
        self.n = 0

    def on(self, fam, p=0.5):
        return fam in self.f and self.r.random() < p

    def nid(self, prefix):
        self.n += 1
        return '%s%d' % (prefix, self.n)

    # ---------------------------------------------------------------- times
    def anchor(self):
        r = self.r
        if self.on('era', 0.7):
            y = r.choice([1902, 1918, 1938, 1945, 1946, 1954])
            return dt.datetime(y, 12, 31) + dt.timedelta(hours=r.choice([0, 12, 23]))
        if self.on('dst', 0.7):
            return r.choice([dt.datetime(2019, 10, 27), dt.datetime(2019, 3, 31), dt.datetime(2019, 11, 3),
                             dt.datetime(2019, 3, 10), dt.datetime(2019, 4, 7), dt.datetime(2019, 9, 29),
                             dt.datetime(1935, 10, 6), dt.datetime(2016, 11, 6)])
        y = r.choice([1927, 1932, 1935, 1936, 1999, 2005, 2019])
        return dt.datetime(y, r.randint(1, 12), r.randint(1, 28))

    def day_lp(self, d, slip_ok=True):
        """A whole day; with 'weekday', a weekday before it: its own, or (where
        slip_ok: not a single day read narrowly, which is an error) another,
        which makes the day either the date's or the weekday's nearest."""
        d = dt.datetime(d.year, d.month, d.day)
        if self.r.random() < 0.5:
            t = d.strftime('%Y-%m-%d')
        else:
            t = '%d %s %d' % (d.day, MONTHS[d.month - 1], d.year)
        if slip_ok and self.on('about', 0.5):
            # "about D": D -/+ option about-day (7 days), a point somewhere in it
            # (the date written a week or so off, so that the window's edge
            # falls near the case's other times, where the width matters)
            k = dt.timedelta(days=7)
            a = d + dt.timedelta(days=self.r.choice([-8, -7, -6, 6, 7, 8]))
            t = a.strftime('%Y-%m-%d') if self.r.random() < 0.5 else '%d %s %d' % (a.day, MONTHS[a.month - 1], a.year)
            word = self.r.choice(['about', 'around', 'circa', 'c.', 'approximately'])
            return LP('%s %s' % (word, t), a - k, a + k + dt.timedelta(days=1), edge='vague')
        if not self.on('weekday', 0.7):
            return LP(t, d, d + dt.timedelta(days=1), edge='unit')
        w = d.weekday() if not slip_ok or self.r.random() < 0.3 else self.r.randrange(7)
        name = WEEKDAYS[w] if self.r.random() < 0.5 else WEEKDAYS[w][:3].lower() + ','
        t = '%s %s' % (name, t)
        if w == d.weekday():
            return LP(t, d, d + dt.timedelta(days=1), edge='unit')
        other = next(d + dt.timedelta(days=k) for k in (-3, -2, -1, 1, 2, 3) if (d + dt.timedelta(days=k)).weekday() == w)
        first, last = min(d, other), max(d, other)
        # as a range's end: the later day's start starts it for certain, the
        # earlier day's end ends it (model.LP, edge 'slip')
        return LP(t, first, last + dt.timedelta(days=1), last, first + dt.timedelta(days=1), edge='slip')

    def minute_lp(self, d):
        d = d.replace(second=0, microsecond=0)
        return LP(d.strftime('%Y-%m-%d %H:%M'), d, d + dt.timedelta(minutes=1), d, d, edge='instant')

    def about_lp(self, d):
        c = self.c.options()['about_clock']
        d = d.replace(minute=self.r.choice([0, 0, 30]), second=0, microsecond=0)
        h = d.hour % 12 or 12
        ap = 'a.m.' if d.hour < 12 else 'p.m.'
        hm = ('%d' % h) if d.minute == 0 else '%d:%02d' % (h, d.minute)
        t = '%s, about %s %s' % (d.strftime('%Y-%m-%d'), hm, ap)
        last = d
        if h == 12 and d.minute == 0:   # 12 a.m. / 12 p.m.: up to the midnight ending the day
            last = dt.datetime(d.year, d.month, d.day) + dt.timedelta(days=1)
        return LP(t, d - dt.timedelta(seconds=c), last + dt.timedelta(seconds=c), d, last)

    def twelve_lp(self, d):
        """Midnight, noon and twelve o'clock: 'midnight' starts or ends the
        day, '12 a.m.' is either midnight or noon, '12 p.m.' noon or the
        midnight ending the day (case-language.md section 5.3)."""
        day = dt.datetime(d.year, d.month, d.day)
        text, first, last = self.r.choice([('midnight', 0, 24), ('12 a.m.', 0, 24), ('12:00 a.m.', 0, 24),
                                           ('12 p.m.', 12, 24), ('twelve p.m.', 12, 24), ('noon', 12, 12),
                                           ('00:00', 0, 0), ('24:00', 24, 24), ('12:30 a.m.', 0.5, 0.5)])
        H = lambda h: day + dt.timedelta(hours=h)
        t = self.r.choice(['%s %s', '%s, %s', '%s at %s']) % (day.strftime('%Y-%m-%d'), text)
        return LP(t, H(first), H(last) + dt.timedelta(minutes=1), H(first), H(last),
                  edge='instant' if first == last else 'vague')

    def partday_lp(self, d):
        day = dt.datetime(d.year, d.month, d.day)
        w, (a, b, na, nb) = self.r.choice([('in the morning', (5, 12, 8, 12)),
                                          ('in the afternoon', (12, 18, 12, 17)),
                                          ('in the evening', (17, 24, 18, 22)),
                                          ('at night', (20, 30, 23, 29))])
        H = lambda h: day + dt.timedelta(hours=h)
        return LP('%s, %s' % (day.strftime('%Y-%m-%d'), w), H(a), H(b), H(na), H(nb))

    def month_part_lp(self, d):
        y, m = d.year, d.month
        e = month_end(y, m)
        last = (e - dt.timedelta(days=1)).day
        D = lambda k: dt.datetime(y, m, 1) + dt.timedelta(days=k - 1)
        name = '%s %d' % (MONTHS[m - 1], y)
        w = self.r.choice(['early', 'mid', 'late', 'first half of', 'second half of', 'month'])
        if w == 'early':
            return LP('early ' + name, D(1), D(13), D(1), D(8))
        if w == 'mid':
            return LP('mid ' + name, D(9), D(23), D(12), D(19))
        if w == 'late':
            return LP('late ' + name, D(19), e, D(24), e)
        if w == 'first half of':
            return LP('first half of ' + name, D(1), D(16))
        if w == 'second half of':
            return LP('second half of ' + name, D(16), e)
        return LP(name, D(1), e, edge='unit')

    def iso_lp(self, d):
        """An ISO 8601 / RFC 3339 time with its offset: d is read on that
        offset's clock (case-language.md 5.3)."""
        r = self.r
        off = r.choice(ISO_OFFSETS)
        d = d.replace(second=r.randint(0, 59), microsecond=0)
        seconds = r.random() < 0.6
        fraction = seconds and r.random() < 0.4
        if off == 0:
            suffix = r.choice(['Z', '+00:00', ' UTC', ' GMT', '-00:00'])
        else:
            a = abs(off)
            suffix = ('-' if off < 0 else '+') + r.choice(['%02d:%02d', '%02d%02d']) % (a // 3600, a // 60 % 60)
        # a '-' offset after a time without seconds needs the 'T' (else it may be a range)
        sep = 'T' if suffix[0] == '-' and not seconds else r.choice(['T', ' '])
        t = d.strftime('%Y-%m-%d') + sep + d.strftime('%H:%M:%S' if seconds else '%H:%M')
        if not seconds:
            d = d.replace(second=0)
        digits = r.choice(['5', '123', '999999', '000']) if fraction else ''
        if fraction:
            t += '.' + digits
        t += suffix
        step = dt.timedelta(seconds=1 if seconds else 60)
        if digits.strip('0'):
            # inside the second: the whole second, no whole second certain
            return LP(t, d, d + step, d + step, d, edge='vague', offset=off)
        return LP(t, d, d + step, d, d, edge='instant', offset=off)

    def point_lp(self, base, spread_h=48):
        d = base + dt.timedelta(minutes=self.r.randint(-spread_h * 60, spread_h * 60))
        if self.on('iso', 0.4):
            return self.iso_lp(d)
        k = self.r.random()
        if k < 0.3:
            return self.minute_lp(d)
        if k < 0.5:
            return self.about_lp(d)
        if k < 0.6:
            return self.twelve_lp(d)
        if k < 0.7:
            return self.partday_lp(d)
        if k < 0.9:
            return self.day_lp(d)
        return self.month_part_lp(d)

    def claim_time(self, base):
        if self.r.random() < 0.15:
            a = self.point_lp(base)
            # an end fixed by an offset and one read in the zone: compared in
            # UTC, so apart by more than any two offsets differ
            gap = dt.timedelta(hours=27) if a.offset is not None else dt.timedelta(0)
            b = self.minute_lp(a.whi + gap + dt.timedelta(minutes=self.r.randint(0, 600)))
            if b.wlo > a.wlo:
                return TE(a, b, rng=True)
        return TE(self.point_lp(base))

    def fact_time(self, base):
        r = self.r
        if 'vague-range' in self.f and r.random() < 0.6:
            k = r.random()
            if k < 0.3:
                y, m = base.year, base.month
                e = month_end(y, m)
                D = lambda kk: dt.datetime(y, m, 1) + dt.timedelta(days=kk - 1)
                name = '%s %d' % (MONTHS[m - 1], y)
                a = r.choice([LP('early ' + name, D(1), D(13), D(1), D(8)), LP('mid ' + name, D(9), D(23), D(12), D(19))])
                b = LP('late ' + name, D(19), e, D(24), e)
                return TE(a, b, rng=True)
            if k < 0.6:
                d = base.replace(hour=r.randint(6, 11))
                a = self.about_lp(d)
                b = self.about_lp(d.replace(hour=r.randint(13, 20)))
                a.text = a.text.replace(', ', ' ')
                b.text = b.text.replace(', ', ' ')
                return TE(a, b, rng=True)
            if k < 0.8:
                d = base.replace(hour=r.randint(0, 11), minute=r.choice([0, 15, 30]))
                return TE(self.minute_lp(d), self.minute_lp(d + dt.timedelta(minutes=r.randint(60, 1800))), rng=True)
            d = base - dt.timedelta(days=r.randint(0, 3))
            return TE(self.day_lp(d), self.day_lp(d + dt.timedelta(days=r.randint(1, 5))), rng=True)
        k = r.random()
        if k < 0.4:
            return TE(self.day_lp(base + dt.timedelta(days=r.randint(-1, 1)), slip_ok=False))
        if k < 0.7:
            return TE(self.month_part_lp(base))
        return TE(self.partday_lp(base))

    def duration(self):
        r = self.r
        o = self.c.options()
        k = r.random()
        if k < 0.3:
            n = r.choice([5, 10, 20, 30, 45, 90, 120, 300, 600])
            return Dur('%d minutes' % n, n * 60, n * 60)
        if k < 0.6:
            n = r.choice([1, 2, 3, 5, 8, 12])
            x = n * 3600
            p = o['about']
            return Dur('about %d hours' % n if n > 1 else 'about 1 hour', x - x * p // 100, x + x * p // 100)
        if k < 0.8:
            n = r.choice([30, 40])
            x = n * 60
            p = o['about']
            return Dur('about %d minutes' % n, x - x * p // 100, x + x * p // 100)
        if k < 0.9:
            n = r.choice([1, 2, 6, 14])
            return Dur('at most %d hours' % n, 0, n * 3600)
        n = r.choice([10, 60, 240])
        return Dur('at least %d minutes' % n, n * 60, None)

    # ---------------------------------------------------------------- case
    def make(self):
        r, c = self.r, self.c
        if self.on('options', 0.6):
            for key, opts in [('about', [(25, 'option about 25%'), (10, 'option about 10%')]),
                              ('about_clock', [(1800, 'option about-clock 30 min'), (7200, 'option about-clock 2 h')]),
                              ('right_after', [(3600, 'option right-after 1 h'), (600, 'option right-after 10 min')]),
                              ('radius', [(500, 'option radius 500 m'), (0, 'option radius 0 m'), (20000, 'option radius 20 km')])]:
                if r.random() < 0.4:
                    v, t = r.choice(opts)
                    c.opts[key] = v
                    c.opt_lines[key] = t
        base = self.anchor()
        self.base = base
        # places
        pool = list(NEAR)
        if 'far' in self.f or 'calendar' in self.f or 'dst' in self.f:
            pool = pool + FAR + FAR
        npl = r.randint(2, 4)
        chosen = []
        while len(chosen) < npl:
            pl = r.choice(pool)
            if pl not in chosen:
                chosen.append(pl)
        if base.month in (3, 4, 9, 10, 11) and base.year == 2019 and 'dst' in self.f:
            x = r.choice([NEAR[0], NEAR[2], FAR[0], FAR[1], FAR[3], FAR[12]])
            if x in chosen:
                chosen.remove(x)
                chosen.insert(0, x)
            else:
                chosen[0] = x
        for pid, lat, lon, tz in chosen:
            p = Obj(id=pid, kind='loc', lat=lat, lon=lon, tz=tz, radius=None, radius_text=None, alts=None)
            if self.on('radius', 0.6):
                t, v = r.choice([('0 m', 0), ('500 m', 500), ('5 km', 5000), ('50 km', 50000),
                                 ('300 km', 300000), ('2 mi', 3218.688)])
                p.radius, p.radius_text = v, t
            if r.random() < 0.1 and 'far' in self.f:
                p.lat = round(p.lat + r.uniform(-0.5, 0.5), 3)
            c.places[pid] = p
        if self.on('oneof', 0.8):
            n = r.choice([2, 2, 3, 5, 17, 20]) if r.random() < 0.8 else 2
            extra = [x for x in NEAR + FAR if x[0] not in c.places]
            for pid, lat, lon, tz in r.sample(extra, min(len(extra), max(0, n - len(c.places)))):
                c.places[pid] = Obj(id=pid, kind='loc', lat=lat, lon=lon, tz=tz, radius=None, radius_text=None, alts=None)
            locs = [p for p in c.places if c.places[p].kind == 'loc']
            alts = r.sample(locs, min(n, len(locs)))
            if len(alts) >= 2:
                c.places['somewhere'] = Obj(id='somewhere', kind='oneof', alts=alts)
        if self.on('unloc', 0.8):
            c.places['house'] = Obj(id='house', kind='unloc', tz=r.choice([None, chosen[0][3], chosen[0][3]]))
        self.places = list(c.places)
        self.located = [p for p in c.places if c.places[p].kind == 'loc']
        # persons
        c.persons = ['x', 'y', 'z'][:r.randint(1, 3)]
        # modes
        if self.on('mode', 0.8):
            cls = r.choice(['air', 'car', 'rail', 'sea', 'boat'])
            c.modes['m1'] = dict(id='m1', cls=cls, kmh=r.choice([30, 50, 80, 120, 300]), since=None, until=None)
        if self.on('route', 0.8):
            a, b = r.sample(self.located, 2) if len(self.located) >= 2 else (None, None)
            if a:
                if 'm1' not in c.modes:
                    c.modes['m1'] = dict(id='m1', cls='car', kmh=r.choice([50, 80]), since=None, until=None)
                from model import geodesic
                g = geodesic((c.places[a].lat, c.places[a].lon), (c.places[b].lat, c.places[b].lon)) / 1000
                c.routes['r1'] = Obj(id='r1', a=a, b=b, mode='m1', km=round(g * r.uniform(1.0, 1.6) + r.choice([0, 10, 60]), 1))
                self.route_pair = (a, b)
        # entities
        if self.on('entity', 0.8):
            pl = r.choice(self.located)
            y = base.year
            k = r.random()
            if k < 0.3:
                yy = y - r.choice([0, 1, 10])
                ex = TE(None, LP(str(yy), dt.datetime(yy, 1, 1), dt.datetime(yy + 1, 1, 1), edge='unit'), rng=True)
            elif k < 0.6:
                ex = TE(self.day_lp(base + dt.timedelta(days=r.randint(-3, 3))), None, rng=True)
            else:
                ex = TE(self.day_lp(base - dt.timedelta(days=r.randint(0, 40))),
                        self.day_lp(base + dt.timedelta(days=r.randint(-2, 2))), rng=True)
            c.entities['hotel'] = Obj(id='hotel', place=pl, exists=ex)
            self.places.append('hotel')
        # facts
        if 'throughout' in self.f or 'vague-range' in self.f or 'during' in self.f:
            for i in range(r.randint(1, 2)):
                fid = 'f%d' % (i + 1)
                pl = r.choice(self.located + (['hotel'] if 'hotel' in c.entities else []))
                kind = r.choice(['throughout', 'throughout', 'throughout', 'on', 'in', 'lives'])
                t = self.fact_time(base + dt.timedelta(days=r.randint(-1, 1)))
                c.facts[fid] = Obj(id=fid, person=r.choice(c.persons), place=pl, kind=kind, time=t)
        # a journey fact: departs a minute or a day, arrives 1 to 6 days later
        if 'voyage' in self.f and len(self.located) >= 2:
            a, b = r.sample(self.located, 2)
            c.modes['ship'] = dict(id='ship', cls=r.choice(['sea', 'boat']), kmh=r.choice([20, 40, 60, 120]), since=None, until=None)
            d0 = base - dt.timedelta(days=r.randint(0, 2), hours=r.randint(0, 23))
            d1 = d0 + dt.timedelta(days=r.randint(0, 5), hours=r.randint(1, 23))
            dep = TE(self.minute_lp(d0)) if r.random() < 0.5 else TE(self.day_lp(d0, slip_ok=False))
            arr = TE(self.minute_lp(d1)) if r.random() < 0.5 else TE(self.day_lp(d1, slip_ok=False))
            c.facts['v1'] = Obj(id='v1', person=r.choice(c.persons), place=a, to=b, kind='journey', mode='ship',
                                time=dep, arrives=arr)
        # testimonies and claims
        nt = 2 if self.on('witnesses', 0.8) else 1
        ncl = r.randint(2, 5)
        for ti in range(nt):
            t = Obj(id='t%d' % (ti + 1), by=c.persons[ti % len(c.persons)], claims=[])
            c.testimonies.append(t)
        for i in range(ncl):
            t = c.testimonies[i % nt] if nt == 2 and r.random() < 0.7 else c.testimonies[0]
            cl = self.claim('c%d' % (i + 1), t)
            c.claims.append(cl)
            t.claims.append(cl.id)
        c.testimonies = [t for t in c.testimonies if t.claims]
        # registers
        if self.on('register', 0.8):
            self.register()
        if 'message' in self.f:
            self.messages()
        return c

    def messages(self):
        """Message claims after the others (registers never see them) and
        unreachable facts about their people."""
        r, c = self.r, self.c
        if len(c.persons) < 2:
            c.persons.append('y' if 'y' not in c.persons else 'z')
        media = ['letter', 'letter', 'telegram', 'telephone', 'telephone']
        if r.random() < 0.5:
            c.media['post'] = dict(id='post', cls='carried', kmh=r.choice([50, 100, 300]))
            media += ['post', 'post']
        base = self.base
        for i in range(r.randint(0, 2)):
            fid = 'u%d' % (i + 1)
            by = None if r.random() < 0.3 else r.sample(['letter', 'telegram', 'telephone'] + list(c.media), r.randint(1, 2))
            tz = r.choice([None, c.places[r.choice(self.located)].tz])
            tm = self.fact_time(base + dt.timedelta(days=r.randint(-1, 1)))
            if tz is None:   # at every offset: only a span over 32 h says anything (else an error)
                d = base - dt.timedelta(days=r.randint(0, 3))
                tm = TE(self.day_lp(d, slip_ok=False), self.day_lp(d + dt.timedelta(days=r.randint(2, 6)), slip_ok=False),
                        rng=True)
            c.facts[fid] = Obj(id=fid, person=r.choice(c.persons), kind='unreach', media=by, tz=tz, time=tm)
        t = c.testimonies[0]
        for i in range(r.randint(1, 3)):
            cid = 'msg%d' % (i + 1)
            person = r.choice(c.persons)
            party = r.choice([p for p in c.persons if p != person])
            cl = Claim(id=cid, kind='msg', person=person, party=party, recv=r.random() < 0.5, medium=r.choice(media),
                       mfrom=r.choice(self.located) if r.random() < 0.7 else None,
                       mto=r.choice(self.located) if r.random() < 0.7 else None,
                       a=None, b=None, place=None, others=[], time=None, departs=None, arrives=None, dur=None,
                       by=None, seq=None, during=None)
            if r.random() < 0.85:
                cl.time = self.claim_time(base)
            us = [f for f in c.facts.values() if f.kind == 'unreach' and f.person in (person, party)]
            if us and r.random() < 0.5:
                # near an end of an unreachable period, where minutes decide
                f = r.choice(us)
                end = f.time.a if (r.random() < 0.5 or not f.time.rng or f.time.b is None) else f.time.b
                t0 = end.wlo if end is f.time.a else end.whi
                cl.time = TE(self.minute_lp(t0 + dt.timedelta(minutes=r.choice([-150, -90, -30, 30, 90, 150]))))
            if cl.medium != 'telephone' and r.random() < 0.5:
                # the other end's time too: near the first, where the delivery decides
                other = self.minute_lp((cl.time.a.wlo if cl.time else base) +
                                       dt.timedelta(hours=r.choice([-30, -6, -2, 1, 2, 3, 5, 8, 20])))
                if cl.recv:
                    cl.departs = TE(other)
                else:
                    cl.arrives = TE(other)
            if cl.medium == 'telephone' and r.random() < 0.4:
                cl.dur = Dur('10 minutes', 600, 600) if r.random() < 0.5 else self.duration()
            prev = [x.id for x in c.claims]
            if prev and r.random() < 0.35:
                cl.seq = (r.choice(['right after', 'after', 'before', 'gap a few days']), r.choice(prev))
            c.claims.append(cl)
            t.claims.append(cid)

    def claim(self, cid, t):
        r, c = self.r, self.c
        kind = r.choice(['go', 'go', 'meet', 'at', 'at'])
        person = r.choice(c.persons)
        cl = Claim(id=cid, kind=kind, person=person, a=None, b=None, place=None, others=[], time=None,
                   departs=None, arrives=None, dur=None, by=None, seq=None, during=None)
        base = self.base
        if kind == 'go':
            if hasattr(self, 'route_pair') and r.random() < 0.5:
                cl.a, cl.b = self.route_pair if r.random() < 0.5 else self.route_pair[::-1]
            else:
                cl.a, cl.b = r.sample(self.places, 2)
            others = [p for p in c.persons if p != person]
            if others and r.random() < 0.3:
                cl.others = [r.choice(others)]
            k = r.random()
            if k < 0.3:
                cl.departs = self.claim_time(base)
            elif k < 0.55:
                cl.arrives = self.claim_time(base)
            elif k < 0.75:
                cl.departs = self.claim_time(base)
                cl.arrives = self.claim_time(base)
            elif k < 0.85:
                cl.time = self.claim_time(base)
            if r.random() < 0.6:
                cl.dur = self.duration()
            if r.random() < 0.6:
                if 'm1' in c.modes and ('mode' in self.f or 'route' in self.f) and r.random() < 0.6:
                    cl.by = 'm1' if r.random() < 0.7 else c.modes['m1']['cls']
                else:
                    cl.by = r.choice(['air', 'car', 'rail', 'sea', 'foot', 'air-1919', 'car-1886'])
        else:
            cl.place = r.choice(self.places)
            if kind == 'meet':
                others = [p for p in c.persons if p != person]
                if not others:
                    cl.kind = 'at'
                else:
                    cl.others = r.sample(others, r.randint(1, len(others)))
            if r.random() < 0.75:
                cl.time = self.claim_time(base)
            if r.random() < 0.4:
                cl.dur = self.duration()
        prev = [x.id for x in c.claims]
        if prev and (self.on('sequence', 0.6) or self.on('calendar', 0.6)):
            kinds = []
            if 'sequence' in self.f:
                kinds += ['right after', 'right after', 'after', 'before',
                          'gap 2 days', 'gap 3 hours', 'gap a week', 'gap a few days', 'gap about 2 hours']
            if 'calendar' in self.f:
                kinds += ['same day', 'next day', 'next day']
            k = r.choice(kinds)
            tgt = r.choice(prev)
            if (k in ('right after', 'same day', 'next day') or k.startswith('gap ')) and t.claims \
                    and tgt == t.claims[-1] \
                    and r.random() < 0.5:
                tgt = None
            cl.seq = (k, tgt)
            if k in ('right after', 'same day', 'next day') and r.random() < 0.5:
                cl.time = cl.departs = cl.arrives = None
            T = c.claim(tgt if tgt else t.claims[-1]) if (tgt or t.claims) else None
            tt = T and (T.arrives or T.time or T.departs)
            if k.startswith('gap ') and k != 'gap a few days' and tt and r.random() < 0.7:
                # put this claim near either end of the gap's documented
                # range from the target's time, where a day more or less
                # decides
                lo, hi = {'gap 2 days': (2 * 24 - 56, 2 * 24 + 56), 'gap a week': (7 * 24 - 56, 7 * 24 + 56),
                          'gap 3 hours': (3, 3), 'gap about 2 hours': (1, 3)}[k]
                h = r.choice([lo, hi]) + r.choice([-3, -1, 0, 1, 3])
                d = tt.a.wlo + dt.timedelta(hours=h, minutes=r.randint(0, 59))
                cl.time, cl.departs, cl.arrives = TE(self.minute_lp(d)), None, None
            if k in ('same day', 'next day') and tt and r.random() < 0.7:
                # put this claim near a local midnight a day or two from the
                # target's date: where a calendar day and 24/48 h differ
                d0 = tt.a.wlo
                d = dt.datetime(d0.year, d0.month, d0.day) + dt.timedelta(
                    days=r.choice([0, 1, 1, 2, -1]), hours=r.choice([0, 0, 1, 22, 23, 23]), minutes=r.randint(0, 59))
                cl.time, cl.departs, cl.arrives = TE(self.minute_lp(d)), None, None
                if T.dur is None and r.random() < 0.7:
                    T.dur = Dur('10 minutes', 600, 600)
        aboard = 'v1' in c.facts and r.random() < 0.3
        if aboard or self.on('during', 0.5):
            opts = [f for f, fo in c.facts.items() if fo.kind != 'lives'] + prev
            if aboard:
                opts = ['v1']
            if opts:
                cl.during = r.choice(opts)
                if r.random() < 0.6:
                    cl.time = cl.departs = cl.arrives = None
        return cl

    def register(self):
        r, c = self.r, self.c
        journeys = [cl for cl in c.claims if cl.kind == 'go']
        stays = [cl for cl in c.claims if cl.kind != 'go']
        if journeys and r.random() < 0.7:
            cl = r.choice(journeys)
            ev = r.choice(['arrival', 'departure'])
            pl = cl.b if ev == 'arrival' else cl.a
        elif stays:
            cl = r.choice(stays)
            ev = 'stay'
            pl = cl.place
        else:
            return
        P = c.places.get(pl) or (c.places[c.entities[pl].place] if pl in c.entities else None)
        if P is None or P.kind == 'unloc':
            return
        targets = P.alts if P.kind == 'oneof' else [pl]
        if P.kind == 'oneof' and r.random() < 0.5:
            alt = r.choice(P.alts)
            c.assumes['a0'] = Obj(id='a0', kind='alt', target=pl, value=alt)
            targets = [alt] if r.random() < 0.7 else P.alts
        if len(targets) > 4:
            targets = targets[:4]
        where = {}
        if r.random() < 0.5:
            where = {'aircraft': 'civil'}
        if where and r.random() < 0.8:
            c.assumes['a1'] = Obj(id='a1', kind='attr', target=cl.id, attrs=dict(where))
        if ev == 'stay':
            c.assumes['a2'] = Obj(id='a2', kind='attr', target=cl.id, attrs={'stay': 'yes'})
        by = None
        if ev != 'stay' and cl.by and r.random() < 0.7:
            by = c.mode_by_id(cl.by)['cls'] if cl.by in c.mode_ids() else cl.by
        for i, tp in enumerate(targets):
            rid = 'reg%d' % (i + 1)
            covers = self.fact_time(self.base + dt.timedelta(days=r.randint(-1, 1)))
            entries = []
            for j in range(r.randint(0, 2)):
                eid = '%se%d' % (rid, j + 1)
                w = {}
                if r.random() < 0.3:
                    w = {'aircraft': r.choice(['military', 'civil'])}
                un = None
                if r.random() < 0.3:
                    un = r.choice(['all', cl.id])
                tm = None if r.random() < 0.15 else TE(self.point_lp(self.base))
                entries.append(Obj(id=eid, time=tm, where=w, unrelated=un))
            c.registers[rid] = Obj(id=rid, place=tp, covers=covers, event=ev, by=by, where=where, entries=entries)


def generate(seed, families):
    return Gen(seed, families).make()
