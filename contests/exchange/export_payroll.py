"""Payroll export (发放表): yearly allowances by grade, and judges' fees per session.

- Allowances come from the newest *published* results (as certificates do): every grade
  or award holder whose tier carries an allowance, with their work unit and masked ID
  number (the full number is never stored), the allowance per period and the yearly sum
  (a one-off bonus counts once in its year). Money in yuan, to the cent.
- Judges' fees: for each stage with a fee per session, each judge's sessions counted from
  their panel seats and submitted sheets (scoring/payroll.py states the rule) times the
  fee. Read live, like judging progress: a fee is owed once the panel has sat.
"""
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy import func, select

from ..extensions import db
from ..models import Contestant, Panel, PanelJudge, ScoreSheet, Stage, User
from ..scoring import payroll
from ..vocabularies import label
from .export_results import _snapshot
from .exports import ExportKind, register
from .writers import Column, Sheet

COUNTED = ("submitted", "confirmed")


def allowance_rows(contest) -> list[list]:
    """[grading, grade, name, unit, masked ID, allowance, period, per year] per holder."""
    snap = _snapshot(contest)
    if snap is None:
        return []
    held = [a for a in snap.awards if a.benefit is not None and not a.benefit.is_zero
            and not a.is_team]
    ids = {a.contestant_id for a in held if a.contestant_id}
    masked = dict(db.session.execute(select(Contestant.id, Contestant.id_number_masked).where(
        Contestant.contest_id == contest.id, Contestant.id.in_(ids))).all()) if ids else {}
    rows = []
    for a in held:
        yearly = a.benefit.yearly if a.benefit.yearly is not None else a.benefit.amount
        rows.append([a.rule, a.tier, a.name, a.unit, masked.get(a.contestant_id) or "",
                     payroll.to_cent(a.benefit.amount), str(label(a.benefit.period,
                                                                  "benefit_period")),
                     payroll.to_cent(yearly)])
    return rows


def _seats(stage: Stage) -> list[payroll.PanelSeat]:
    own = {(p, j): n for p, j, n in db.session.execute(
        select(ScoreSheet.panel_id, ScoreSheet.judge_id, func.count(ScoreSheet.id))
        .join(Panel, ScoreSheet.panel_id == Panel.id)
        .where(Panel.stage_id == stage.id, ScoreSheet.status.in_(COUNTED))
        .group_by(ScoreSheet.panel_id, ScoreSheet.judge_id))}
    per_panel: dict[int, int] = {}
    for (panel_id, _judge), n in own.items():
        per_panel[panel_id] = per_panel.get(panel_id, 0) + n
    seats = db.session.execute(
        select(PanelJudge.panel_id, PanelJudge.user_id, PanelJudge.marks)
        .join(Panel, PanelJudge.panel_id == Panel.id).where(Panel.stage_id == stage.id)).all()
    return [payroll.PanelSeat(str(user_id), str(panel_id), bool(marks),
                              own.get((panel_id, user_id), 0), per_panel.get(panel_id, 0))
            for panel_id, user_id, marks in seats]


def fee_rows(contest) -> list[list]:
    """[stage, judge, unit, sessions, fee per session, amount] per paid judge."""
    rows = []
    for stage in contest.stages:
        if stage.judge_fee_per_session is None:
            continue
        fees = payroll.judge_fees(_seats(stage), Decimal(stage.judge_fee_per_session))
        users = {str(u.id): u for u in db.session.scalars(select(User).where(
            User.id.in_([int(f.judge) for f in fees])))} if fees else {}
        rows.extend([stage.name, users[f.judge].display_name, users[f.judge].unit or "",
                     f.sessions, payroll.to_cent(f.fee_per_session), f.amount] for f in fees)
    return rows


def _with_total(rows: list[list], at: int, width: int) -> list[list]:
    if not rows:
        return rows
    total = [""] * width
    total[0] = str(lazy_pgettext("sum of money", "Total"))
    total[at] = payroll.to_cent(sum((r[at] for r in rows), Decimal(0)))
    return rows + [total]


def payroll_sheets(contest) -> list[Sheet]:
    allowances = allowance_rows(contest)
    fees = fee_rows(contest)
    return [
        Sheet(_l("Allowances"), [
            Column(_l("Grading"), width=20), Column(_l("Grade")), Column(_l("Name")),
            Column(_l("Work unit"), width=28), Column(_l("ID number"), width=22),
            Column(_l("Allowance"), "number", 2), Column(_l("Paid")),
            Column(_l("Per year"), "number", 2)], _with_total(allowances, 7, 8)),
        Sheet(_l("Judges' fees"), [
            Column(_l("Stage")), Column(_l("Judge")), Column(_l("Work unit"), width=28),
            Column(_l("Sessions"), "integer"), Column(_l("Fee per session"), "number", 2),
            Column(_l("Amount"), "number", 2)], _with_total(fees, 5, 6)),
    ]


register(ExportKind("payroll", _l("Payroll: allowances and judges' fees"), payroll_sheets))
