#!/usr/bin/env python3
"""Generates a realistic, consistent kjeller case of about N statements:
people with timelines of claims (presences, journeys, meetings) at places,
facts, and registers with entries.  Usage: gen_case.py N SEED > file.case"""
import random, sys

n = int(sys.argv[1]); random.seed(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
out = []
w = out.append
w('source s "generated benchmark case"')
n_places = max(5, n // 50)
n_people = max(2, n // 100)
places = []
for i in range(n_places):
    lat, lon = 48 + random.random() * 12, 2 + random.random() * 20
    places.append((f"p{i}", lat, lon))
    w(f"place p{i} {lat:.4f} {lon:.4f} tz Europe/Berlin")
for i in range(n_people):
    w(f'person x{i} "Person {i}"')
n_regs = max(1, n // 1000)
reg_places = {places[r % n_places][0]: r for r in range(n_regs)}
arrivals = {r: [] for r in range(n_regs)}   # days on which someone lands there
budget = n - len(out) - n_regs * 6
per_person = max(2, budget // n_people)
count = 0
for i in range(n_people):
    w(f"testimony t{i} by x{i} source s")
    hour = random.randint(0, 48)
    prev = None
    cur = random.choice(places)[0]
    for k in range(per_person - 1):
        day, h = 1 + hour // 24, hour % 24
        if day > 28:
            break
        t = f"1935-12-{day:02d}T{h:02d}:00"
        cid = f"c{i}_{k}"
        r = random.random()
        if r < 0.5:
            w(f"  claim {cid}: x{i} at {cur} in {t}, lasts \"about 1 hour\"")
            hour += 2
        else:
            dest = random.choice(places)[0]
            w(f"  claim {cid}: x{i} travels {cur} -> {dest} by air departs {t}, takes \"about 2 hours\"")
            if dest in reg_places:  # the register records it: an entry on that day and the next
                arrivals[reg_places[dest]] += [day, day + 1]
            hour += 3
            cur = dest
        count += 1
    if random.random() < 0.3:
        w(f"fact f{i}: x{i} at {cur} throughout 1935-12-30 source s")
for r in range(n_regs):
    w(f"register r{r} at {places[r % n_places][0]} covers 1935-12-01..1935-12-31 records arrival by air source s")
    for e, day in enumerate(sorted(set(d for d in arrivals[r] if d <= 31))):
        w(f"  entry r{r}e{e}: at 1935-12-{day:02d} source s")
print("\n".join(out))
