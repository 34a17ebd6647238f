#!/usr/bin/env python3
"""Adversarial cases under 100 KB for tests/resources.sh (issue 19 item 10).

gen.py KIND FILE writes one case; each is deterministic (no randomness but a
fixed linear congruence), so the suite measures the same input everywhere."""
import sys

HEAD = ['source s "s"', 'person p "P"', 'person q "Q"']
PLACES = [f'place pl{i} {59 + i * 0.3:.3f} {10 + i * 0.2:.3f} tz Europe/Oslo "pl{i}"' for i in range(10)]


def place(k):
    return f'pl{(k * 7 + 3) % 10}'


def untimed(n):
    """n claims of one person at 10 places, no time, no order: quadratic pairs"""
    return HEAD + PLACES + ['testimony t by p source s'] + [f'  claim c{k}: p at {place(k)}' for k in range(n)]


def chain(n):
    """n claims of one person, each right after the one before, no date"""
    out = HEAD + PLACES + ['testimony t by p source s']
    for k in range(n):
        out.append(f'  claim c{k}: p at {place(k)}' + (f', right after c{k - 1}' if k else ''))
    return out


def month(n):
    """n claims of one person in one month, in no known order: the pairs a
    search must order (budget-bound: exit 4 past the budget)"""
    return HEAD + PLACES + ['testimony t by p source s'] + [f'  claim c{k}: p at {place(k)} in 1935-12' for k in range(n)]


def chain_conflict(n):
    """a chain whose last claim is dated an hour after the first: the
    journeys cannot fit"""
    out = chain(n)
    out[len(HEAD) + len(PLACES) + 1] += ' in "1935-12-01 10:00"'
    out[-1] += ', in "1935-12-01 11:00"'
    return out


def one_of(n, depth=8, width=3):
    """places that are one of others, depth deep, each of width, and claims
    at the top"""
    out = HEAD + PLACES
    prev = [f'pl{i}' for i in range(10)]
    for d in range(depth):
        cur = []
        for j in range(10):
            name = f'o{d}_{j}'
            out.append(f'place {name} one of ' + ', '.join(prev[(j + k * k) % 10] for k in range(width)))
            cur.append(name)
        prev = cur
    out.append('testimony t by p source s')
    for k in range(n):
        out.append(f'  claim c{k}: p at {prev[k % 10]} in "1935-12-{1 + k % 28:02d}"')
    return out


def huge_speed():
    """a mode slower than anything: journey times past int64 seconds"""
    return HEAD + ['place a 59 10 tz UTC "a"', 'place b -59 -170 tz UTC "b"',
                   'mode slow: walk max 0.000000000003 km/h source s',
                   'testimony t by p source s', '  claim c1: p at a in 1935-11-30',
                   '  claim c2: p travels a -> b by slow, right after c1',
                   '  claim c3: p at b in 1935-12-01, right after c2']


KINDS = {'untimed4000': lambda: untimed(4000), 'chain2000': lambda: chain(2000), 'month1000': lambda: month(1000),
         'chainconflict200': lambda: chain_conflict(200), 'oneof300': lambda: one_of(300), 'oneof64x300': lambda: one_of(300, 6, 2), 'hugespeed': huge_speed}

if __name__ == '__main__':
    kind, path = sys.argv[1], sys.argv[2]
    text = '\n'.join(KINDS[kind]()) + '\n'
    assert len(text.encode()) < 100_000, (kind, len(text))
    with open(path, 'w') as f:
        f.write(text)
