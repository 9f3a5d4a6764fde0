"""Honorary titles and nominations.

A title rule names who earns a title: every finalist of a stage, the top N
of a ranking, every holder of an award tier, optionally only if eligible
(every gate passed). A rule may instead *nominate*: the entrant, their
delegation or their own work unit is recommended for an honour awarded by
someone else (e.g. a provincial "worker pioneer" honour), and the
nomination stays "to_confirm" until a person settles it.
"""
from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace

from .awards import AwardOutcome
from .explain import TraceLine, note
from .ranking import Ranking
from .results import EntryResult
from .values import as_count, check_choice
from .vocabulary import N_, Vocabulary

#: A person's decision on a nomination (NominationDecision.state).
NOMINATION_DECISION_VOCABULARY = Vocabulary("nomination_decision", {
    "confirmed": N_("confirmed"),
    "rejected": N_("rejected"),
})
NOMINATION_STATES = ("to_confirm", *NOMINATION_DECISION_VOCABULARY.names)
#: Who a nomination names (the seed: the *team* of each first-prize winner is
#: recommended for the provincial worker-pioneer honour). Winners who share a team or
#: delegation give one nomination for it, listing them all as its basis.
NOMINATION_SUBJECT_VOCABULARY = Vocabulary("nomination_subject", {
    "entry": N_("The winner"),
    "unit": N_("The winner's team (work unit)"),
    "delegation": N_("The winner's delegation"),
})
TITLE_SUBJECTS = NOMINATION_SUBJECT_VOCABULARY.names


@dataclass(frozen=True)
class TitleRule:
    """``method`` (TITLE_RULES key) and its parameter (``stage``, ``n`` or
    ``tier``); ``nominate`` makes nominations for ``subject`` instead of titles."""

    method: str
    title: str
    stage: str = ""
    n: int | None = None
    tier: str = ""
    require_eligible: bool = False
    nominate: bool = False
    subject: str = "entry"

    def __post_init__(self) -> None:
        check_choice(self.method, TITLE_RULES, "title rule")
        check_choice(self.subject, TITLE_SUBJECTS, "title subject")
        if self.method == "top_n":
            as_count(self.n, "top_n n", 1)
        if self.method == "stage_finalist" and not self.stage:
            raise ValueError("stage_finalist needs a stage")
        if self.method == "tier_holder" and not self.tier:
            raise ValueError("tier_holder needs a tier")


@dataclass(frozen=True)
class TitleContext:
    """What title rules read: results by entry id (eligibility, delegation,
    unit), entry ids that took part in each stage, a ranking, awards."""

    results: Mapping[str, EntryResult] = field(default_factory=dict)
    stage_entrants: Mapping[str, Collection[str]] = field(default_factory=dict)
    ranking: Ranking | None = None
    awards: AwardOutcome | None = None


@dataclass(frozen=True)
class TitleGrant:
    """A title earned by an entry, with the rule that granted it."""

    key: str
    title: str
    trace: tuple[TraceLine, ...]


@dataclass(frozen=True)
class Nomination:
    """A recommendation for an honour; a person confirms or rejects it."""

    subject: str
    subject_kind: str
    honour: str
    basis: tuple[str, ...]
    state: str = "to_confirm"
    settled_by: str = ""
    note: str = ""
    trace: tuple[TraceLine, ...] = ()


@dataclass(frozen=True)
class TitleOutcome:
    """Titles granted, nominations made, and entries a rule named but that
    were not eligible (with the reason)."""

    grants: tuple[TitleGrant, ...]
    nominations: tuple[Nomination, ...]
    not_granted: tuple[tuple[str, TraceLine], ...]


Named = list[tuple[str, TraceLine]]


def _stage_finalist(rule: TitleRule, ctx: TitleContext) -> Named:
    """Everyone who took part in stage ``rule.stage``."""
    return [(key, note("title.stage_finalist", title=rule.title, stage=rule.stage))
            for key in sorted(ctx.stage_entrants.get(rule.stage, ()))]


def _top_n(rule: TitleRule, ctx: TitleContext) -> Named:
    """Everyone ranked within the top N (ties at rank N included)."""
    if ctx.ranking is None:
        raise ValueError("the top_n title rule needs a ranking")
    return [(p.key, note("title.top_n", title=rule.title, rank=p.rank, n=rule.n))
            for p in ctx.ranking.placings if p.rank <= rule.n]


def _tier_holder(rule: TitleRule, ctx: TitleContext) -> Named:
    """Every holder of award tier ``rule.tier``."""
    if ctx.awards is None:
        raise ValueError("the tier_holder title rule needs award results")
    return [(key, note("title.tier_holder", title=rule.title, tier=rule.tier))
            for key in ctx.awards.holders(rule.tier)]


#: Title rule (configuration string) -> fn(rule, context) -> [(entry key, why)].
TITLE_RULES: dict[str, Callable[[TitleRule, TitleContext], Named]] = {
    "stage_finalist": _stage_finalist,
    "top_n": _top_n,
    "tier_holder": _tier_holder,
}

TITLE_BASIS_VOCABULARY = Vocabulary.of("basis", TITLE_RULES, {
    "stage_finalist": N_("Every finalist of a stage"),
    "top_n": N_("The top N of a stage"),
    "tier_holder": N_("Every holder of a tier"),
})


def _subject(rule: TitleRule, key: str, ctx: TitleContext) -> str:
    if rule.subject == "entry":
        return key
    result = ctx.results.get(key)
    if result is None:
        raise ValueError(f"nomination for the {rule.subject} of {key} needs its result")
    return getattr(result, rule.subject) or key


def grant_titles(rules: Sequence[TitleRule], ctx: TitleContext) -> TitleOutcome:
    """Apply each rule: titles for the entries it names, or nominations
    ("to_confirm") for their subjects, one per subject with every basis. A guest
    (不参与评奖) named by a rule is never granted or nominated: it is listed in
    ``not_granted`` with the reason, as an ineligible entry is."""
    grants, refused = [], []
    nominations: dict[tuple[str, str, str], list] = {}
    for rule in rules:
        for key, line in TITLE_RULES[rule.method](rule, ctx):
            result = ctx.results.get(key)
            if result is not None and result.guest:
                # A guest (不参与评奖) is ranked and shown but never honoured or nominated,
                # whatever the rule, and is not the basis of a team or delegation nomination.
                guest = note("entry.guest")
                refused.append((key, note("title.ineligible", title=rule.title,
                                          reason=guest.text, lines=(guest,))))
                continue
            if rule.require_eligible and (result is None or not result.eligible):
                reasons = "no result" if result is None else "; ".join(
                    x.text for x in result.exclusions)
                refused.append((key, note("title.ineligible", title=rule.title, reason=reasons,
                                          lines=() if result is None
                                          else tuple(result.exclusions))))
                continue
            if not rule.nominate:
                grants.append(TitleGrant(key, rule.title, (line,)))
                continue
            slot = nominations.setdefault((rule.title, rule.subject, _subject(rule, key, ctx)), [])
            slot.append((key, line))
    made = []
    for (honour, kind, subject), basis in nominations.items():
        keys = tuple(k for k, _ in basis)
        trace = tuple(line for _, line in basis) + (
            note("nomination.created", honour=honour, basis=keys, kind=kind, subject=subject),)
        made.append(Nomination(subject, kind, honour, keys, trace=trace))
    return TitleOutcome(tuple(grants), tuple(made), tuple(refused))


def settle(nomination: Nomination, decision: str, by: str, reason: str = "") -> Nomination:
    """Record a person's decision ("confirmed" or "rejected") on a nomination
    still "to_confirm"; returns the settled copy."""
    if nomination.state != "to_confirm":
        raise ValueError(f"nomination for {nomination.subject} is already {nomination.state}")
    if decision not in NOMINATION_STATES[1:]:
        raise ValueError(f"decision must be confirmed or rejected, not {decision!r}")
    if not by:
        raise ValueError("a nomination is settled by a named person")
    line = note("nomination.settled", honour=nomination.honour, state=decision, by=by,
                note=reason or "-")
    return replace(nomination, state=decision, settled_by=by, note=reason,
                   trace=nomination.trace + (line,))
