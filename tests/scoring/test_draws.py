"""Draws by lot: the core reproduces the documented procedure (docs/draws.md) exactly, so
anyone re-running a published seed gets the published result."""
import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from contests.scoring import draws

SCRIPT = Path(__file__).resolve().parents[2] / "static" / "draws" / "rerun_draw.py"
BIBS = ["A03", "A01", "A04", "A02"]  # typed in any order: sorted before drawing


def reference_shuffle(seed: str, names, label: str) -> list[str]:
    """docs/draws.md steps 1–4, written out again here without the core."""
    deck = sorted(names)
    k = 0

    def number_below(n):
        nonlocal k
        while True:
            digest = hashlib.sha256((seed + "|" + label + "|" + str(k)).encode("utf-8")).digest()
            k += 1
            value = int.from_bytes(digest[:8], "big")
            if value < 2**64 - (2**64 % n):
                return value % n

    for i in reversed(range(1, len(deck))):
        j = number_below(i + 1)
        deck[i], deck[j] = deck[j], deck[i]
    return deck


def test_the_worked_example_of_the_docs():
    # seed "2026", four bibs, four workstations: the result docs/draws.md prints
    lots = draws.draw_order("2026", BIBS, ["1", "2", "3", "4"])
    assert [(lot.position, lot.entrant, lot.workstation) for lot in lots] == [
        (1, "A04", "3"), (2, "A01", "1"), (3, "A02", "4"), (4, "A03", "2")]


@pytest.mark.parametrize("seed", ["2026", "双色球 2026138 03 07 12 19 25 31+09", "x" * 200])
def test_order_and_workstations_follow_the_reference_procedure(seed):
    bibs = [f"B{n:02d}" for n in range(1, 31)]
    stations = [str(n) for n in range(1, 41)]
    lots = draws.draw_order(seed, list(reversed(bibs)), stations)
    order = reference_shuffle(seed, bibs, "order")
    drawn_stations = reference_shuffle(seed, stations, "workstations")
    assert [lot.entrant for lot in lots] == order
    assert [lot.workstation for lot in lots] == drawn_stations[:30]
    assert [lot.position for lot in lots] == list(range(1, 31))


def test_sealed_codes_follow_the_reference_procedure():
    bibs = [f"K{n}" for n in range(1, 13)]
    codes = draws.sealed_codes("seal-seed", bibs)
    drawn = reference_shuffle("seal-seed", bibs, "seal")
    assert codes == {bib: f"{place:03d}" for place, bib in enumerate(drawn, start=1)}
    assert sorted(codes.values()) == [f"{n:03d}" for n in range(1, 13)]


def test_another_seed_draws_another_order_and_the_same_seed_the_same():
    bibs = [f"B{n:02d}" for n in range(1, 21)]
    first = draws.draw_order("seed-1", bibs)
    assert draws.draw_order("seed-1", bibs) == first
    assert [lot.entrant for lot in draws.draw_order("seed-2", bibs)] != \
        [lot.entrant for lot in first]


def test_every_entrant_needs_a_workstation():
    with pytest.raises(draws.DrawProblem) as refused:
        draws.draw_order("s", BIBS, ["1", "2", "3"])
    assert refused.value.key == "too_few_workstations"
    with pytest.raises(draws.DrawProblem):
        draws.draw_order("s", [])
    with pytest.raises(draws.DrawProblem):
        draws.draw_order("s", ["A01", "A01"])


def test_judges_are_dealt_evenly_and_never_onto_a_conflicted_panel():
    judges = [f"judge{n}" for n in range(1, 8)]
    panels = ["一组", "二组", "三组"]
    blocked = {("judge1", "一组"), ("judge1", "二组"), ("judge2", "三组")}
    seats = draws.allocate_judges("2026", judges, panels, 2, blocked)
    assert sorted(len(seats[p]) for p in panels) == [2, 2, 2]
    assert seats["一组"].count("judge1") == 0 and "judge1" not in seats["二组"]
    assert "judge2" not in seats["三组"]
    assert len(seats[""]) == 1  # seven judges, six seats
    # the reference: judges in the drawn order, each to the emptiest open panel
    again = {p: [] for p in sorted(panels)}
    for judge in reference_shuffle("2026", judges, "panels"):
        room = [p for p in sorted(panels) if len(again[p]) < 2 and (judge, p) not in blocked]
        if room:
            fewest = min(len(again[p]) for p in room)
            again[next(p for p in room if len(again[p]) == fewest)].append(judge)
    assert {p: list(seats[p]) for p in panels} == again


def test_a_judge_barred_from_every_panel_is_left_out():
    seats = draws.allocate_judges("s", ["j1", "j2"], ["P"], 2, {("j1", "P")})
    assert seats == {"P": ("j2",), "": ("j1",)}


def test_the_published_script_prints_what_the_core_draws():
    out = subprocess.run([sys.executable, str(SCRIPT), "order", "2026", ",".join(BIBS), "4"],
                         capture_output=True, text=True, check=True).stdout.split("\n")
    assert out[:4] == ["1 A04 3", "2 A01 1", "3 A02 4", "4 A03 2"]
    sealed = subprocess.run([sys.executable, str(SCRIPT), "seal", "s1", "K1,K2,K3"],
                            capture_output=True, text=True, check=True).stdout.split()
    codes = draws.sealed_codes("s1", ["K1", "K2", "K3"])
    assert sealed == [part for bib in ("K1", "K2", "K3") for part in (bib, codes[bib])]


def test_the_commitment_is_the_sha256_of_the_seed():
    assert draws.seed_commitment("abc") == \
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad".upper()
