#!/usr/bin/env python3
"""No stage of kjeller depends on a stage that depends on it (issue 18).

A stage is a file src/NAME.c.  It depends on another stage when it
includes that stage's header (#include "OTHER.h" with src/OTHER.c there),
or when it names a function or object defined, not static, in OTHER.c
(and not a static one of its own of that name).
The calls count as well as the includes because kj.h, which has no .c of
its own, declares the functions of many stages: through it alone, no
include would show that diag.c, escape.c and lex.c called each other.
Headers without a .c (kj.h, vec.h, report.h...) are the common layer, and
static inline functions in headers belong to it.

Usage: cycles.py [SRC_DIR [KNOWN]]  (default src, and no known cycles).
Prints each cycle with why each stage depends on the next, and exits 1
if there is one that KNOWN does not list, or if KNOWN lists one that is
gone (so that the list only shrinks).  KNOWN has a line per cycle: its
stages, then after '#' why it is still there."""
import os
import re
import sys

# comments, then string and character literals, as one alternation: a
# quote inside a comment or a comment marker inside a string is not one
TOKEN_NOISE = re.compile(r'/\*.*?\*/|//[^\n]*|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'', re.S)
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)\.h"', re.M)
# a definition at file scope: at the start of a line, not static, a name
# and its parameters, then the body
FUNCTION = re.compile(r'^(?!static\b|typedef\b|extern\b)[A-Za-z_][\w \t*]*?\b(\w+)\s*\([^;{]*\)\s*\{', re.M)
STATIC = re.compile(r'^static\b[\w \t*]*?\b(\w+)\s*[(\[=;]', re.M)
OBJECT = re.compile(r'^(?!static\b|typedef\b|extern\b)[A-Za-z_][\w \t*]*?\b(\w+)\s*(?:\[[^\]]*\])?\s*=', re.M)
IDENT = re.compile(r'\b[A-Za-z_]\w*\b')


def code_of(text):
    """The text with comments and literals emptied: a name in them is no
    dependency."""
    return TOKEN_NOISE.sub(lambda m: {'"': '""', "'": "' '"}.get(m.group(0)[0], ' '), text)


def read_stages(src):
    stages = {}
    for name in sorted(os.listdir(src)):
        if name.endswith('.c'):
            with open(os.path.join(src, name), encoding='utf-8', errors='replace') as f:
                stages[name[:-2]] = f.read()
    return stages


def dependencies(src):
    """{stage: {other stage: why}}"""
    stages = read_stages(src)
    code = {s: code_of(text) for s, text in stages.items()}
    defined_in = {}
    for s, text in code.items():
        for m in FUNCTION.finditer(text):
            if m.group(1) != 'main':
                defined_in[m.group(1)] = s
        for m in OBJECT.finditer(text):
            defined_in.setdefault(m.group(1), s)
    deps = {s: {} for s in stages}
    for s in stages:
        # (from the text as written: code_of empties the header's name)
        for m in INCLUDE.finditer(stages[s]):
            other = os.path.basename(m.group(1))
            if other in stages and other != s:
                deps[s].setdefault(other, f'includes {other}.h')
        own = set(STATIC.findall(code[s]))  # a static name of its own hides another stage's
        for name in sorted(set(IDENT.findall(code[s])) - own):
            other = defined_in.get(name)
            if other and other != s:
                deps[s].setdefault(other, f'calls {name}')
    return deps


def cycles(deps):
    """The strongly connected components of more than one stage (Tarjan):
    each as its stages and one cycle through them."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(deps[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append((sorted(component), one_cycle(deps, set(component))))

    sys.setrecursionlimit(10000)
    for v in sorted(deps):
        if v not in index:
            visit(v)
    return found


def one_cycle(deps, component):
    """A path from the component's first stage back to itself, within it."""
    start = min(component)
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        nxt = []
        for v in frontier:
            for w in sorted(deps[v]):
                if w == start:
                    return paths[v]
                if w in component and w not in paths:
                    paths[w] = paths[v] + [w]
                    nxt.append(w)
        frontier = nxt
    return sorted(component)


def read_known(path):
    """The known cycles, each as the sorted tuple of its stages."""
    known = set()
    if path:
        with open(path, encoding='utf-8') as f:
            for line in f:
                stages = line.split('#', 1)[0].split()
                if stages:
                    known.add(tuple(sorted(stages)))
    return known


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else 'src'
    known = read_known(sys.argv[2] if len(sys.argv) > 2 else None)
    deps = dependencies(src)
    bad = 0
    seen = set()
    for stages, cycle in cycles(deps):
        seen.add(tuple(stages))
        is_known = tuple(stages) in known
        bad += not is_known
        print(('known ' if is_known else '') + 'cycle among ' + ', '.join(stages) + ': ' +
              ' -> '.join(cycle + [cycle[0]]))
        for a, b in zip(cycle, cycle[1:] + cycle[:1]):
            print(f'  {a}.c -> {b}.c: {deps[a][b]}')
    for stages in sorted(known - seen):
        bad += 1
        print('no longer a cycle (take it off the known list): ' + ', '.join(stages))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
