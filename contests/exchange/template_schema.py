"""The contest-template schema (format "contests-template", version 1), checked by hand
so every error names its place in the document and says what is wrong in words:

    stages[1] (全国总决赛) › components[0] (实操技能) › weight: must be a number from 0 to 100

Structure first (types, required fields, unknown fields, registry names); then the rules a
contest must keep: unique names, weights that sum to 100, references that resolve."""
import json
from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l

from ..vocabularies import vocabulary
from .contest_template import FORMAT, VERSION
from .template_rules import SchemaError, check_rules, item_path, join


class Spec:
    nullable = False

    def check(self, value, path: str, errors: list) -> None:
        raise NotImplementedError


class Str(Spec):
    def __init__(self, max_length: int):
        self.max_length = max_length

    def check(self, value, path, errors):
        if not isinstance(value, str) or not value.strip():
            errors.append(SchemaError(path, _l("must be a non-empty text")))
        elif len(value) > self.max_length:
            errors.append(SchemaError(path, _l("is longer than %(max)d characters",
                                               max=self.max_length)))


class Num(Spec):
    """A decimal, given as a string ("12.5") or a JSON number, within bounds."""

    def __init__(self, low=None, high=None, integer=False):
        self.low, self.high, self.integer = low, high, integer

    def check(self, value, path, errors):
        if isinstance(value, bool) or not isinstance(value, (int, str, float)) or (
                self.integer and not isinstance(value, int)):
            number = None
        else:
            try:
                number = Decimal(str(value))
            except InvalidOperation:
                number = None
        if number is None or not number.is_finite() or (
                self.low is not None and number < self.low) or (
                self.high is not None and number > self.high):
            errors.append(SchemaError(path, self.describe()))

    def describe(self):
        kind = _l("a whole number") if self.integer else _l("a number")
        if self.low is not None and self.high is not None:
            return _l("must be %(kind)s from %(low)s to %(high)s", kind=kind, low=self.low,
                      high=self.high)
        if self.low is not None:
            return _l("must be %(kind)s of at least %(low)s", kind=kind, low=self.low)
        return _l("must be %(kind)s", kind=kind)


class Bool(Spec):
    def check(self, value, path, errors):
        if not isinstance(value, bool):
            errors.append(SchemaError(path, _l("must be true or false")))


class Name(Spec):
    """One name of the vocabulary of a field (contests/vocabularies.py): the same names
    the organizer's forms offer and the database accepts."""

    def __init__(self, field: str):
        self.field = field

    def check(self, value, path, errors):
        allowed = vocabulary(self.field)
        if not isinstance(value, str) or value not in allowed:
            errors.append(SchemaError(path, _l("“%(value)s” is not one of: %(allowed)s",
                                               value=value, allowed=", ".join(allowed))))


class Optional(Spec):
    nullable = True

    def __init__(self, inner: Spec):
        self.inner = inner

    def check(self, value, path, errors):
        if value is not None and value != "":  # forms store an empty optional text as ""
            self.inner.check(value, path, errors)


class Obj(Spec):
    def __init__(self, **fields: Spec):
        self.fields = fields

    def check(self, value, path, errors):
        if not isinstance(value, dict):
            errors.append(SchemaError(path, _l("must be an object")))
            return
        for key in value:
            if key not in self.fields:
                errors.append(SchemaError(join(path, key), _l("is not a known field")))
        for key, spec in self.fields.items():
            if key not in value:
                if not spec.nullable:
                    errors.append(SchemaError(join(path, key), _l("is required")))
                continue
            spec.check(value[key], join(path, key), errors)


class List(Spec):
    def __init__(self, item: Spec, min_items: int = 0):
        self.item, self.min_items = item, min_items

    def check(self, value, path, errors):
        if not isinstance(value, list):
            errors.append(SchemaError(path, _l("must be a list")))
            return
        if len(value) < self.min_items:
            errors.append(SchemaError(path, _l("needs at least %(n)d item(s)",
                                               n=self.min_items)))
        for index, item in enumerate(value):
            self.item.check(item, item_path(path, index, item), errors)


PERCENT = Num(0, 100)
POINTS = Num(0)
CRITERION = Obj(code=Optional(Str(40)), name=Str(300), max_points=Num(Decimal("0.0001")),
                step=Num(Decimal("0.0001")), kind=Name("kind"), event=Optional(Str(200)),
                aspect=Optional(Name("aspect")), tolerance=Optional(POINTS))
CRITERION.fields["children"] = List(CRITERION)  # a rubric is a tree

SCHEMA = Obj(
    format=Str(40), version=Num(1, integer=True),
    source=Optional(Obj(code=Optional(Str(40)), year=Optional(Num(1949, 2200, True)))),
    contest=Obj(name=Str(200), name_en=Optional(Str(200)), organizer=Optional(Str(300)),
                description=Optional(Str(20000)), decimal_places=Num(0, 4, integer=True),
                rounding_point=Name("rounding_point"),
                missing_group_policy=Name("missing_group_policy")),
    events=List(Obj(name=Str(200), code=Optional(Str(40)))),
    stages=List(Obj(
        name=Str(200), carry_over_percent=PERCENT, advancement_rule=Name("advancement_rule"),
        advancement_value=Optional(POINTS), cut_tie_policy=Name("cut_tie_policy"),
        ranking_metrics=Str(300), ranking_scope=Name("ranking_scope"),
        judge_fee_per_session=Optional(POINTS),
        appeal_window_hours=Optional(Num(1, 720, integer=True)),
        heats=List(Obj(name=Str(200), venue=Optional(Str(200)))),
        components=List(Obj(
            name=Str(200), weight=PERCENT, max_score=Num(Decimal("0.0001")),
            pass_mark=Optional(POINTS), bonus_cap=Optional(POINTS), allow_over_max=Bool(),
            rater_groups=List(Obj(
                name=Str(200), weight=PERCENT, aggregation=Name("aggregation"),
                aggregation_level=Name("aggregation_level"), trim_k=Num(0, integer=True),
                trim_fallback=Name("trim_fallback"),
                normalisation=Optional(Name("normalisation")))),
            criteria=List(CRITERION)))), min_items=1),
    award_rules=List(Obj(
        name=Str(200), scope=Name("scope"), method=Name("method"),
        proportion_rounding=Name("proportion_rounding"), tie_policy=Name("tie_policy"),
        team_aggregation=Optional(Name("team_aggregation")),
        team_best_n=Optional(Num(1, integer=True)), team_min_members=Num(0, integer=True),
        ranked_together=Optional(Name("ranked_together")),
        award_basis=Optional(Name("award_basis")), award_basis_key=Optional(Str(200)),
        stage=Optional(Num(1, integer=True)), event=Optional(Str(200)),
        tiers=List(Obj(name=Str(100), quota=Optional(Num(0, integer=True)),
                       proportion=Optional(PERCENT), min_score=Optional(POINTS),
                       benefit_amount=Optional(POINTS),
                       benefit_period=Optional(Name("benefit_period")),
                       benefit_note=Optional(Str(300)))))),
    title_rules=List(Obj(
        name=Str(200), basis=Name("basis"), top_n=Optional(Num(1, integer=True)),
        is_nomination=Bool(), description=Optional(Str(20000)),
        nomination_subject=Optional(Name("nomination_subject")),
        stage=Optional(Num(1, integer=True)),
        award_tier=Optional(Obj(rule=Str(200), tier=Str(100))))),
)


def parse(text: str | bytes) -> tuple[dict | None, list[SchemaError]]:
    """The document in `text` and its errors (none means it can build a contest)."""
    try:
        document = json.loads(text)
    except (ValueError, UnicodeDecodeError) as error:
        where = (_l("line %(line)d, column %(column)d", line=error.lineno, column=error.colno)
                 if isinstance(error, json.JSONDecodeError) else "")
        return None, [SchemaError(str(where), _l("this is not JSON (%(detail)s)",
                                                 detail=getattr(error, "msg", str(error))))]
    return document, validate(document)


def validate(document) -> list[SchemaError]:
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        return [SchemaError("format", _l("this is not a contest template (\"format\" must "
                                         "be \"%(format)s\")", format=FORMAT))]
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        return [SchemaError("version", _l("must be a whole number of at least 1"))]
    if version > VERSION:
        return [SchemaError("version", _l("version %(version)d is newer than this service "
                                          "reads (%(known)d): update the service",
                                          version=version, known=VERSION))]
    errors: list[SchemaError] = []
    SCHEMA.check(document, "", errors)
    return errors or check_rules(document)


