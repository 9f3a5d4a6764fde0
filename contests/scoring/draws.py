"""Draws by lot (抽签) and sealed codes (加密), reproducible from a published seed.

The procedure (algorithm "sha256-fisher-yates/1", also in docs/draws.md, where a
standard-library script re-runs it):

1. The names drawn (bib numbers, workstation numbers, judges' user names, panel names) are
   first sorted by their Unicode code points (Python's ``sorted`` on ``str``), so the
   order they were typed in does not matter.
2. Random numbers come from SHA-256 in counter mode: the k-th number (k = 0, 1, 2 ...)
   of a stream labelled L is the first 8 bytes, big-endian, of
   ``SHA-256(UTF-8(seed + "|" + L + "|" + str(k)))``.
3. A number below n is taken by rejection: numbers at or above ``2**64 - 2**64 % n`` are
   skipped (the next k is used), the first one below is reduced ``% n``.
4. The shuffle is Fisher–Yates: for i from len-1 down to 1, j = a number below i + 1,
   then items i and j are swapped.

Nothing here depends on Python's ``random`` module, whose streams may change between
versions: SHA-256 and integer arithmetic are the same everywhere.

Standard library only.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .vocabulary import N_, Vocabulary

ALGORITHM = "sha256-fisher-yates/1"
SEED_MAX_LENGTH = 200

#: What a draw decides (stored on every draw record).
DRAW_KIND_VOCABULARY = Vocabulary("draw_kind", {
    "order": N_("Order and workstations"),
    "panels": N_("Judges to panels"),
    "seal": N_("Sealed codes"),
})
DRAW_KINDS = DRAW_KIND_VOCABULARY.names

_LIMIT = 2 ** 64


class DrawProblem(ValueError):
    """The inputs of a draw do not allow it (no entrants, too few workstations ...)."""

    def __init__(self, key: str, **params):
        super().__init__(key)
        self.key = key
        self.params = params


class Stream:
    """Numbers from SHA-256 in counter mode, for one seed and one label."""

    def __init__(self, seed: str, label: str):
        self.seed, self.label, self.counter = seed, label, 0

    def next64(self) -> int:
        block = f"{self.seed}|{self.label}|{self.counter}".encode()
        self.counter += 1
        return int.from_bytes(hashlib.sha256(block).digest()[:8], "big")

    def below(self, n: int) -> int:
        if n <= 0:
            raise ValueError("n must be positive")
        limit = _LIMIT - _LIMIT % n
        while True:
            value = self.next64()
            if value < limit:
                return value % n


def shuffled(seed: str, items: Iterable[str], label: str) -> tuple[str, ...]:
    """The items (sorted first, by code point) in the order the seed draws them."""
    order = sorted(items)
    if len(set(order)) != len(order):
        raise DrawProblem("duplicate_names")
    stream = Stream(seed, label)
    for i in range(len(order) - 1, 0, -1):
        j = stream.below(i + 1)
        order[i], order[j] = order[j], order[i]
    return tuple(order)


def seed_commitment(seed: str) -> str:
    """SHA-256 of the seed (UTF-8), in upper-case hexadecimal: published when a sealed
    draw is made, while the seed itself stays with the contest office until unsealing;
    anyone can then check that the seed revealed is the one committed to."""
    return hashlib.sha256(seed.encode()).hexdigest().upper()


@dataclass(frozen=True)
class Lot:
    """One entrant's lot: their place in the running order (1, 2 ...) and workstation."""

    entrant: str
    position: int
    workstation: str | None = None


def draw_order(seed: str, entrants: Sequence[str],
               workstations: Sequence[str] = ()) -> tuple[Lot, ...]:
    """Running order and, when workstations are given, a workstation each: the entrants
    are shuffled (label "order"), the workstations are shuffled (label "workstations") and
    the entrant at place p takes the p-th workstation drawn."""
    if not entrants:
        raise DrawProblem("no_entrants")
    if workstations and len(workstations) < len(entrants):
        raise DrawProblem("too_few_workstations", stations=len(workstations),
                          entrants=len(entrants))
    order = shuffled(seed, entrants, "order")
    stations = shuffled(seed, workstations, "workstations") if workstations else ()
    return tuple(Lot(name, place, stations[place - 1] if stations else None)
                 for place, name in enumerate(order, start=1))


def sealed_codes(seed: str, entrants: Sequence[str]) -> dict[str, str]:
    """A sealed code for each entrant: the entrants shuffled (label "seal"); the one drawn
    at place p gets code p, zero-padded to at least three digits ("007")."""
    if not entrants:
        raise DrawProblem("no_entrants")
    order = shuffled(seed, entrants, "seal")
    width = max(3, len(str(len(order))))
    return {name: str(place).zfill(width) for place, name in enumerate(order, start=1)}


def allocate_judges(seed: str, judges: Sequence[str], panels: Sequence[str], per_panel: int,
                    blocked: Iterable[tuple[str, str]] = ()) -> dict[str, tuple[str, ...]]:
    """Judges dealt to panels: the judges are shuffled (label "panels"); each in turn joins
    the panel, among those with fewer than `per_panel` judges and none of the judge's
    conflicts (`blocked` holds (judge, panel) pairs), that has the fewest judges so far
    (the first by name among equals). A judge no panel can take is left out (key "")."""
    if not panels:
        raise DrawProblem("no_panels")
    if not judges:
        raise DrawProblem("no_judges")
    if per_panel < 1:
        raise DrawProblem("per_panel_positive")
    ordered_panels = sorted(panels)
    if len(set(ordered_panels)) != len(ordered_panels):
        raise DrawProblem("duplicate_names")
    barred = set(blocked)
    seats: dict[str, list[str]] = {name: [] for name in ordered_panels}
    left_out: list[str] = []
    for judge in shuffled(seed, judges, "panels"):
        open_ = [p for p in ordered_panels
                 if len(seats[p]) < per_panel and (judge, p) not in barred]
        if not open_:
            left_out.append(judge)
            continue
        fewest = min(len(seats[p]) for p in open_)
        seats[next(p for p in open_ if len(seats[p]) == fewest)].append(judge)
    result = {name: tuple(members) for name, members in seats.items()}
    result[""] = tuple(left_out)
    return result
