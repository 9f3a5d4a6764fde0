"""A stage whose sheets total by a plain sum is scored from sheet totals the database adds
up (scoring/presummed.py, loading.py): the totals, component scores, statuses and every
line of every explanation equal those of the same stage scored mark by mark. Random
worlds from a fixed seed: rubrics with and without binding maxima, bonus, deduction and
veto items; groups aggregated by sheet or by criterion, trimmed or plain means,
normalised or not; marks on 0.5 and 0.1 steps, some missing, some sheets still drafts."""
import random
from decimal import Decimal as D

import pytest

from contests.models import Mark, ScoreSheet, Stage
from contests.scoring import presummed
from contests.scoring.pipeline import score_stage
from contests.services.results import compute
from contests.services.results.loading import PROVISIONAL, stage_inputs


def _world(build, db, rng: random.Random) -> tuple[int, bool]:
    """A random stage; returns its id and whether its rubric and groups are summable
    (the plain-sum kind this file is about)."""
    contest = build.contest(decimal_places=rng.choice((1, 2, 3)))
    stage = build.stage(contest)
    event = build.event(contest)
    component = build.component(stage, max_score=D(100))
    kind = rng.choice(("plain",) * 5 + ("parent_cap", "bonus", "deduction", "veto",
                                        "total_cap"))
    leaves, position, capped = [], 0, False
    for item in range(rng.randint(2, 4)):
        subs = rng.choice((0, 2, 3))
        position += 1
        if subs:
            reach = D(4) * subs
            capped |= kind == "parent_cap" and item == 0
            cap = reach - 1 if kind == "parent_cap" and item == 0 else rng.choice((None, reach,
                                                                              reach + 2))
            parent = build.criterion(component, code=f"A{item}", name=f"项{item}",
                                     max_points=cap if cap is not None else reach,
                                     position=position)
            for sub in range(subs):
                position += 1
                leaves.append(build.criterion(component, code=f"A{item}.{sub}",
                                              name=f"细{item}{sub}", parent_id=parent.id,
                                              max_points=D(4), position=position))
        else:
            leaves.append(build.criterion(component, code=f"A{item}", name=f"项{item}",
                                          max_points=D(10), position=position))
    if kind in ("bonus", "deduction", "veto"):
        leaves.append(build.criterion(component, code="X", name="附加", kind=kind,
                                      max_points=D(1) if kind == "veto" else D(3),
                                      position=position + 1))
    if kind == "total_cap":
        component.max_score = D(10)
    level = rng.choice(("sheet", "sheet", "sheet", "criterion"))
    normalised = level == "sheet" and rng.random() < 0.25
    aggregation = rng.choice(("mean", "trimmed_mean", "median"))
    group = build.rater_group(component, aggregation=aggregation,
                              trim_k=1 if aggregation == "trimmed_mean" else 0,
                              aggregation_level=level,
                              normalisation="z_score" if normalised else "none")
    db.session.commit()
    judges = [build.user("judge") for _ in range(rng.randint(3, 5))]
    panel = build.panel(stage, event, component, group)
    for judge in judges:
        build.panel_judge(panel, judge)
    step = rng.choice((D("0.5"), D("0.1"), D("0.25")))
    for _n in range(rng.randint(3, 6)):
        entry = build.entry(build.contestant(contest), event, stage)
        for judge in judges:
            marks = [Mark(criterion_id=c.id, value=min(c.max_points,
                                                       step * rng.randint(0, 40)))
                     for c in leaves if (c.kind != "veto" or rng.random() < 0.1)
                     and rng.random() > 0.05]
            status = rng.choice(("confirmed", "confirmed", "confirmed", "submitted", "draft"))
            db.session.add(ScoreSheet(panel_id=panel.id, entry_id=entry.id,
                                      judge_id=judge.id, status=status, marks=marks))
    db.session.commit()
    return stage.id, kind in ("plain", "parent_cap") and not capped and level == "sheet"


def _scored(db, stage_id: int, statuses, by_sheet_total: bool) -> tuple[dict, bool]:
    db.session.remove()
    stage = db.session.get(Stage, stage_id)
    results, summed = {}, False
    for chunk in stage_inputs(stage, statuses, by_sheet_total=by_sheet_total):
        summed |= presummed.is_presummed(chunk.config.components[0])
        for result in score_stage(chunk.config, chunk.entries):
            results[result.entry_id] = (result.status, result.total, result.stage_total,
                                        dict(result.component_scores),
                                        [(line.code, line.params) for line in result.trace],
                                        [(line.code, line.params) for line in result.problems])
    return results, summed


@pytest.mark.parametrize("seed", range(12))
def test_sheet_totals_score_a_stage_exactly_as_its_marks_do(app, db, build, seed):
    rng = random.Random(seed)
    stage_id, summable = _world(build, db, rng)
    for statuses in (("confirmed",), PROVISIONAL):
        by_marks, summed_there = _scored(db, stage_id, statuses, by_sheet_total=False)
        by_totals, summed = _scored(db, stage_id, statuses, by_sheet_total=True)
        assert not summed_there
        assert summed == summable  # taken exactly when the rubric and groups allow it
        assert by_totals == by_marks
        assert by_marks  # something was scored


def test_a_stage_ranked_on_a_criterion_is_read_mark_by_mark(app, db, build):
    """A tie-break by an item needs that item's own value: the stage is not presummed,
    and the criterion still decides the tie."""
    contest = build.contest()
    stage = build.stage(contest)
    event = build.event(contest)
    component = build.component(stage)
    group = build.rater_group(component, aggregation_level="sheet")
    first = build.criterion(component, code="A", name="实操", max_points=D(10), position=1)
    second = build.criterion(component, code="B", name="安全", max_points=D(10), position=2)
    judge = build.user("judge")
    panel = build.panel(stage, event, component, group)
    build.panel_judge(panel, judge)
    for bib, marks in (("T1", (D(6), D(4))), ("T2", (D(4), D(6)))):
        entry = build.entry(build.contestant(contest, bib=bib), event, stage)
        db.session.add(ScoreSheet(panel_id=panel.id, entry_id=entry.id, judge_id=judge.id,
                                  status="confirmed", marks=[
                                      Mark(criterion_id=c.id, value=v)
                                      for c, v in zip((first, second), marks)]))
    stage.ranking_metrics = "total, criterion:B 安全"
    db.session.commit()

    computed = compute.compute_stage(db.session.get(Stage, stage.id))

    ranking = next(iter(computed.rankings.values()))
    assert [p.key for p in ranking.placings] == ["T2", "T1"]  # equal totals; B decides
    assert [p.rank for p in ranking.placings] == [1, 2]
    assert "B 安全" in computed.results["T1"].criterion_scores
