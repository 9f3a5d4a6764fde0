"""Every vocabulary of the service, found by the name of the field that holds it.

A vocabulary is declared once, beside what gives its names meaning: the scoring registry
(contests/scoring/*: aggregation methods, award methods, tie policies ...) or, for sets
the scoring core does not know (entry statuses, roles, sheet and certificate states),
the model (contests/models/*). Model CHECK constraints, the organizer's form choices,
contest-template validation and the core's own checks all read the same object; this
module only collects them and translates their labels when they are shown.

    choices_for("aggregation")  -> [("mean", "平均值"), ("trimmed_mean", …), …]
    label("trimmed_mean", "aggregation")
"""
from __future__ import annotations

from flask_babel import lazy_gettext

from .models import (
    ADVANCEMENT_ACTION_VOCABULARY,
    AWARD_RANKED_TOGETHER_VOCABULARY,
    AWARD_SCOPE_VOCABULARY,
    CERTIFICATE_KIND_VOCABULARY,
    CERTIFICATE_STATUS_VOCABULARY,
    ENTRY_STATUS_VOCABULARY,
    JOB_KIND_VOCABULARY,
    JOB_STATUS_VOCABULARY,
    OBJECTION_STATUS_VOCABULARY,
    ROLE_VOCABULARY,
    SHEET_STATUS_VOCABULARY,
    VERSION_STATUS_VOCABULARY,
)
from .scoring.advancement import ADVANCEMENT_RULE_VOCABULARY
from .scoring.aggregation import (
    AGGREGATION_LEVEL_VOCABULARY,
    AGGREGATION_VOCABULARY,
    TRIM_FALLBACK_VOCABULARY,
)
from .scoring.appeals import APPEAL_OUTCOME_VOCABULARY, APPEAL_STATUS_VOCABULARY
from .scoring.awards import (
    AWARD_BASIS_VOCABULARY,
    AWARD_METHOD_VOCABULARY,
    BENEFIT_PERIOD_VOCABULARY,
    PROPORTION_ROUNDING_VOCABULARY,
)
from .scoring.draws import DRAW_KIND_VOCABULARY
from .scoring.normalisation import NORMALISATION_VOCABULARY
from .scoring.ranking import (
    AWARD_TIE_POLICY_VOCABULARY,
    RANKING_METRIC,
    RANKING_SCOPE_VOCABULARY,
    TIE_POLICY_VOCABULARY,
)
from .scoring.rater_groups import MISSING_GROUP_POLICY_VOCABULARY
from .scoring.rounding import ROUNDING_POINT_VOCABULARY
from .scoring.rubric import ASPECT_VOCABULARY, CRITERION_KIND_VOCABULARY
from .scoring.teams import TEAM_AGGREGATION_VOCABULARY
from .scoring.titles import (
    NOMINATION_DECISION_VOCABULARY,
    NOMINATION_SUBJECT_VOCABULARY,
    TITLE_BASIS_VOCABULARY,
)
from .scoring.vocabulary import Vocabulary


def _by_field(*vocabularies: Vocabulary) -> dict[str, Vocabulary]:
    found: dict[str, Vocabulary] = {}
    for vocabulary in vocabularies:
        for name in vocabulary.fields:
            if name in found:
                raise ValueError(f"two vocabularies claim the field {name!r}")
            found[name] = vocabulary
    return found


#: Fields an organizer fills by picking one name from a list (a select in a form, a
#: value in a contest template), named like their model columns.
CHOICES: dict[str, Vocabulary] = _by_field(
    ROUNDING_POINT_VOCABULARY, MISSING_GROUP_POLICY_VOCABULARY,
    AGGREGATION_VOCABULARY, AGGREGATION_LEVEL_VOCABULARY, TRIM_FALLBACK_VOCABULARY,
    NORMALISATION_VOCABULARY, NOMINATION_SUBJECT_VOCABULARY,
    ADVANCEMENT_RULE_VOCABULARY, TIE_POLICY_VOCABULARY, AWARD_TIE_POLICY_VOCABULARY,
    RANKING_SCOPE_VOCABULARY,
    AWARD_METHOD_VOCABULARY, PROPORTION_ROUNDING_VOCABULARY, TEAM_AGGREGATION_VOCABULARY,
    TITLE_BASIS_VOCABULARY, AWARD_SCOPE_VOCABULARY, CRITERION_KIND_VOCABULARY, ASPECT_VOCABULARY,
    BENEFIT_PERIOD_VOCABULARY, ENTRY_STATUS_VOCABULARY, ROLE_VOCABULARY,
    AWARD_RANKED_TOGETHER_VOCABULARY, AWARD_BASIS_VOCABULARY,
)

#: States a record moves through, shown on pages but set by the service, never picked.
#: Their fields are named for the record (several tables have a `status` column).
STATES: dict[str, Vocabulary] = _by_field(
    SHEET_STATUS_VOCABULARY, VERSION_STATUS_VOCABULARY, OBJECTION_STATUS_VOCABULARY,
    ADVANCEMENT_ACTION_VOCABULARY, NOMINATION_DECISION_VOCABULARY,
    CERTIFICATE_KIND_VOCABULARY, CERTIFICATE_STATUS_VOCABULARY, JOB_STATUS_VOCABULARY,
    JOB_KIND_VOCABULARY,
    DRAW_KIND_VOCABULARY,
    APPEAL_STATUS_VOCABULARY, APPEAL_OUTCOME_VOCABULARY,
)

#: Items of an ordered list held in one column: a stage's ranking order
#: (services/results/ranking_order.py reads and checks it).
LIST_ITEMS: dict[str, Vocabulary] = _by_field(RANKING_METRIC)

VOCABULARIES: dict[str, Vocabulary] = {**CHOICES, **STATES, **LIST_ITEMS}


def vocabulary(field: str) -> Vocabulary:
    """The vocabulary of a field (KeyError for a field that holds none)."""
    return VOCABULARIES[field]


def label(name: str | None, field: str | None = None):
    """The translated label of `name` (translated when shown). With `field`, from that
    field's vocabulary; without, from the first organizer choice that knows the name. A
    name no vocabulary knows is shown as it is; nothing at all shows as ""."""
    if not name:
        return ""
    if field is not None:
        labels = vocabulary(field).labels
    else:
        labels = next((v.labels for v in CHOICES.values() if name in v), {})
    return lazy_gettext(labels[name]) if name in labels else name


def choices_for(field: str) -> list[tuple[str, object]]:
    """(name, translated label) for each name of a field's vocabulary, in its order."""
    found = vocabulary(field)
    return [(name, lazy_gettext(text)) for name, text in found.labels.items()]
