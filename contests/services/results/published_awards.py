"""The published snapshot, read: awards (with their benefits) and titles or nominations.
Part of the typed reader (published.py); pure data: no database, no Flask.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .published_json import Node
from .published_standings import Explanation


@dataclass(frozen=True)
class Benefit:
    """An allowance paid with an award or grade, in yuan."""

    amount: Decimal
    period: str  # month | quarter | year | once
    yearly: Decimal | None
    note: str = ""  # wording that replaces the computed one on certificates

    @property
    def is_zero(self) -> bool:
        return self.amount == 0

    @classmethod
    def read(cls, n: Node) -> Benefit:
        amount = n.decimal("amount", None)
        return cls(Decimal(0) if amount is None else amount, n.text("period", "once"),
                   n.decimal("yearly", None), n.text("note", ""))


@dataclass(frozen=True)
class Award:
    """One award granted: an individual prize, a team prize or a grade band."""

    rule_id: int
    rule: str
    scope: str  # individual | team
    method: str
    stage: str
    event: str
    tier: str
    tier_id: int | None
    tier_position: int | None
    rank: int | None
    entry_id: int | None
    contestant_id: int | None
    delegation_id: int | None
    name: str
    bib: str
    unit: str
    delegation: str
    total: Decimal | None
    benefit: Benefit | None
    why: str
    why_lines: tuple[Explanation, ...] = ()  # `why` as lines, for the reader's language
    basis: str = "total"  # what the rule ranks on: "total", "component:实操" (单项奖) ...
    score: Decimal | None = None  # a single-item prize's own score on that item

    @property
    def single_item(self) -> bool:
        """A single-item prize (单项奖): ranked on one component or criterion."""
        return self.basis != "total"

    @property
    def basis_name(self) -> str:
        """The component or criterion a single-item prize ranks on ("" for the total)."""
        return self.basis.partition(":")[2]

    @property
    def is_team(self) -> bool:
        return self.scope == "team"

    @property
    def holder(self) -> int | str:
        """Who holds it across versions: the entry, or the delegation of a team prize."""
        return self.entry_id or f"d{self.delegation_id}"

    @classmethod
    def read(cls, n: Node) -> Award:
        benefit = n.node("benefit", None)
        return cls(
            rule_id=n.ident("rule_id"), rule=n.text("rule", ""),
            scope=n.choice("scope", ("individual", "team"), "individual"),
            method=n.text("method", ""), stage=n.text("stage", ""), event=n.text("event", ""),
            tier=n.text("tier"), tier_id=n.number("tier_id", None),
            tier_position=n.number("tier_position", None), rank=n.number("rank", None),
            entry_id=n.number("entry_id", None), contestant_id=n.number("contestant_id", None),
            delegation_id=n.number("delegation_id", None), name=n.text("name", ""),
            bib=n.text("bib", ""), unit=n.text("unit", ""), delegation=n.text("delegation", ""),
            total=n.decimal("total", None),
            benefit=Benefit.read(benefit) if benefit is not None else None,
            why=n.text("why", ""),
            why_lines=tuple(Explanation.read(x) for x in n.nodes("why_lines", [])),
            basis=n.text("basis", "total"), score=n.decimal("score", None))


@dataclass(frozen=True)
class Title:
    """An honorary title granted, or a nomination (推荐) for an honour another body confers."""

    rule_id: int
    title: str
    is_nomination: bool
    state: str  # awarded | to_confirm | confirmed | rejected
    entry_id: int | None
    contestant_id: int | None
    delegation_id: int | None
    name: str
    unit: str
    delegation: str
    why: str
    stage: str = ""
    event: str = ""
    why_lines: tuple[Explanation, ...] = ()  # `why` as lines, for the reader's language
    # Who a nomination names: "entry" (the person), "unit" (their team) or "delegation";
    # for a team or delegation, `name` is its name and `basis` the winners it rests on.
    subject: str = "entry"
    basis: tuple[str, ...] = ()

    @property
    def conferred(self) -> bool:
        """Held: a title awarded, or a nomination the organizer confirmed."""
        return self.state in ("awarded", "confirmed")

    @classmethod
    def read(cls, n: Node) -> Title:
        return cls(
            rule_id=n.ident("rule_id"), title=n.text("title"),
            is_nomination=n.flag("is_nomination", False),
            state=n.choice("state", ("awarded", "to_confirm", "confirmed", "rejected"),
                           "awarded"),
            entry_id=n.number("entry_id", None), contestant_id=n.number("contestant_id", None),
            delegation_id=n.number("delegation_id", None), name=n.text("name", ""),
            unit=n.text("unit", ""), delegation=n.text("delegation", ""), why=n.text("why", ""),
            stage=n.text("stage", ""), event=n.text("event", ""),
            why_lines=tuple(Explanation.read(x) for x in n.nodes("why_lines", [])),
            subject=n.choice("subject", ("entry", "unit", "delegation"), "entry"),
            basis=n.texts("basis"))
