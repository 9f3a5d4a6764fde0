#!/usr/bin/env python3
"""Re-run a draw by lot of the skills-contest service (procedure sha256-fisher-yates/1).

Standard library only; the same result on every Python 3 version.

    python3 rerun_draw.py order SEED A01,A02,A03 [WORKSTATIONS]
    python3 rerun_draw.py seal SEED A01,A02,A03
    python3 rerun_draw.py panels SEED judge1,judge2,judge3 PanelA,PanelB PER_PANEL \
        [judge1:PanelA,judge3:PanelB]   # pairs barred by a conflict of interest
"""
import hashlib
import sys

LIMIT = 2 ** 64


class Stream:
    def __init__(self, seed, label):
        self.seed, self.label, self.k = seed, label, 0

    def below(self, n):
        limit = LIMIT - LIMIT % n
        while True:
            block = f"{self.seed}|{self.label}|{self.k}".encode("utf-8")  # noqa: UP012 (said on purpose)
            self.k += 1
            value = int.from_bytes(hashlib.sha256(block).digest()[:8], "big")
            if value < limit:
                return value % n


def shuffled(seed, items, label):
    items = sorted(items)
    stream = Stream(seed, label)
    for i in range(len(items) - 1, 0, -1):
        j = stream.below(i + 1)
        items[i], items[j] = items[j], items[i]
    return items


def order(seed, bibs, workstations=0):
    stations = shuffled(seed, [str(n) for n in range(1, workstations + 1)], "workstations")
    for place, bib in enumerate(shuffled(seed, bibs, "order"), start=1):
        print(place, bib, stations[place - 1] if stations else "")


def seal(seed, bibs):
    width = max(3, len(str(len(bibs))))
    drawn = shuffled(seed, bibs, "seal")
    for place, bib in sorted(enumerate(drawn, start=1), key=lambda lot: lot[1]):
        print(bib, str(place).zfill(width))


def panels(seed, judges, names, per_panel, blocked=()):
    names = sorted(names)
    seats = {name: [] for name in names}
    for judge in shuffled(seed, judges, "panels"):
        open_ = [p for p in names if len(seats[p]) < per_panel and (judge, p) not in blocked]
        if not open_:
            print("left out:", judge)
            continue
        fewest = min(len(seats[p]) for p in open_)
        seats[next(p for p in open_ if len(seats[p]) == fewest)].append(judge)
    for name in names:
        print(name, ",".join(seats[name]))


def main(kind, seed, *rest):
    split = lambda text: [part for part in text.split(",") if part]  # noqa: E731
    if kind == "order":
        order(seed, split(rest[0]), int(rest[1]) if len(rest) > 1 else 0)
    elif kind == "seal":
        seal(seed, split(rest[0]))
    else:
        blocked = {tuple(pair.split(":", 1)) for pair in split(rest[3])} if len(rest) > 3 else ()
        panels(seed, split(rest[0]), split(rest[1]), int(rest[2]), blocked)


if __name__ == "__main__":
    main(*sys.argv[1:])
