"""One vocabulary: every set of names an organizer picks from (and every set of states a
record moves through) is declared once, and the database, the organizer's forms, the
contest-template checks and the scoring core all agree with it."""
import re
from datetime import date
from decimal import Decimal

import flask_migrate
import pytest
from sqlalchemy import inspect
from sqlalchemy.exc import IntegrityError
from wtforms import Form
from wtforms.fields.core import UnboundField

from contests import create_app
from contests.certificates import grants
from contests.exchange import template_schema
from contests.extensions import db as database
from contests.models import (
    AdvancementException,
    Appeal,
    Certificate,
    CertificateJob,
    CertificateWording,
    Draw,
    Job,
    NominationDecision,
    Objection,
    ResultVersion,
    TeamStanding,
)
from contests.organizer import forms as organizer_forms
from contests.organizer.forms.base import ConfigSelectField, fill_config_choices, optional_str
from contests.scoring import (
    advancement,
    aggregation,
    awards,
    ranking,
    rater_groups,
    rounding,
    rubric,
    teams,
    titles,
)
from contests.scoring.values import WeightsNotHundred, check_choice, check_weights_sum
from contests.scoring.vocabulary import Vocabulary
from contests.vocabularies import (
    CHOICES,
    LIST_ITEMS,
    STATES,
    VOCABULARIES,
    choices_for,
    label,
    vocabulary,
)
from tests.test_migrations import empty_database_url  # noqa: F401  (fixture)

NOT_A_NAME = "nope"


def _vocabulary_checks() -> list[tuple[str, str, Vocabulary]]:
    """(table, column, vocabulary) of every CHECK the models make from a vocabulary."""
    found = []
    for table in database.metadata.sorted_tables:
        for constraint in table.constraints:
            if "vocabulary" in constraint.info:
                found.append((table.name, constraint.info["column"],
                              constraint.info["vocabulary"]))
    return sorted(found, key=lambda found: found[:2])


CHECKS = _vocabulary_checks()


# --- the database -------------------------------------------------------------------------

def test_every_vocabulary_is_held_by_a_checked_column():
    checked = {vocabulary.field for _table, _column, vocabulary in CHECKS}
    # a ranking order is a list of items in one text column: read and checked by
    # services/results/ranking_order.py, not by a CHECK
    assert checked == {v.field for v in VOCABULARIES.values()} - set(LIST_ITEMS)


def test_every_column_named_like_a_vocabulary_is_checked():
    checked = {(table, column) for table, column, _vocabulary in CHECKS}
    state_columns = {"status", "kind", "state", "action",
                     "reconsideration_outcome", "arbitration_outcome"}  # an appeal's
    unchecked = {("certificate_jobs", "scope"),  # JSON: the stage, event and tier printed
                 ("audit_entries", "action")}  # what was done, in the audit's own words
    named = {(table.name, column.name) for table in database.metadata.sorted_tables
             for column in table.columns if column.name in CHOICES or column.name in state_columns}
    assert named - unchecked == checked


@pytest.fixture
def one_row_per_table(db, build):
    """One valid row of every table holding a vocabulary name: table -> id."""
    world = build.scored_contest()
    contest, stage, entry = world["contest"], world["stage"], world["entry"]
    rule = build.award_rule(contest)
    tier = build.award_tier(rule, quota=1)
    title = build.title_rule(contest, stage_id=stage.id)
    version = ResultVersion(contest_id=contest.id, number=1, snapshot="{}")
    db.session.add(version)
    db.session.flush()
    db.session.add_all([
        Objection(version_id=version.id, entry_text="B0001", filer_name="张三",
                  filer_contact="13800000000", grounds="加分漏计"),
        AdvancementException(stage_id=stage.id, entry_id=entry.id, action="add",
                             reason="补录"),
        NominationDecision(title_rule_id=title.id, subject="B0001", state="confirmed"),
        Certificate(contest_id=contest.id, serial=1, number="C-2026-0001", token="t" * 40,
                    kind="individual", subject="award:1:entry:1", holder_name="张三",
                    award="一等奖", version_number=1, issued_on=date(2026, 5, 3)),
        CertificateWording(contest_id=contest.id, kind="individual", title="荣誉证书",
                           body="{name}", number_format="{code}-{year}-{serial:04d}"),
        CertificateJob(contest_id=contest.id),
        Job(contest_id=contest.id, kind="export"),
        TeamStanding(contest_id=contest.id, name="团体总分", team_aggregation="sum"),
        Appeal(contest_id=contest.id, stage_id=stage.id, delegation_id=world["delegation"].id,
               subject="B0001", sequence=1, tracking="SS-C-0001", grounds="加分漏计"),
        Draw(contest_id=contest.id, stage_id=stage.id, kind="order", seed="1",
             seed_sha256="0" * 64, algorithm="sha256-fisher-yates/1", inputs="{}", result="[]"),
    ])
    db.session.commit()
    return {"contests": contest.id, "stages": stage.id, "rater_groups": world["group"].id,
            "criteria": world["criterion"].id, "entries": entry.id, "users": world["judge"].id,
            "score_sheets": world["sheet"].id, "award_rules": rule.id, "award_tiers": tier.id,
            "title_rules": title.id, "result_versions": version.id,
            **{model.__tablename__: db.session.query(model.id).scalar()
               for model in (Objection, AdvancementException, NominationDecision, Certificate,
                             CertificateWording, CertificateJob, Job, TeamStanding, Draw,
                             Appeal)}}


def _stores(db, table_name: str, row_id: int, column: str, value) -> bool:
    table = database.metadata.tables[table_name]
    try:
        db.session.execute(table.update().where(table.c.id == row_id).values({column: value}))
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return False
    return True


@pytest.mark.parametrize("table, column, vocabulary", CHECKS,
                         ids=[f"{table}.{column}" for table, column, _v in CHECKS])
def test_database_holds_exactly_the_names_of_the_vocabulary(db, one_row_per_table, table,
                                                           column, vocabulary):
    row = one_row_per_table[table]
    assert [name for name in vocabulary if not _stores(db, table, row, column, name)] == []
    assert not _stores(db, table, row, column, NOT_A_NAME)
    assert _stores(db, table, row, column, None) == vocabulary.nullable


def test_a_quarterly_allowance_is_a_benefit_period_everywhere(db, build):
    assert "quarter" in awards.BENEFIT_PERIODS
    assert "quarter" in vocabulary("benefit_period")
    assert "quarter" in dict(choices_for("benefit_period"))
    assert grants.PERIODS["quarter"] == "每季度"
    tier = build.award_tier(build.award_rule(build.contest()), quota=1,
                            benefit_amount=Decimal(900), benefit_period="quarter")
    assert tier.id is not None
    assert awards.Benefit(Decimal(900), "quarter", "year").payout_amount == Decimal("3600.00")


def test_migrated_schema_checks_the_same_names(empty_database_url):  # noqa: F811
    app = create_app({"SQLALCHEMY_DATABASE_URI": empty_database_url, "TESTING": True})
    with app.app_context():
        flask_migrate.upgrade()
        inspector = inspect(database.engine)
        wrong = []
        for table, column, vocabulary in CHECKS:
            name = f"ck_{table}_{column}_known"
            found = {c["name"]: c["sqltext"] for c in inspector.get_check_constraints(table)}
            if name not in found:
                wrong.append(f"{name} missing")
                continue
            names = re.findall(r"'([^']*)'", found[name])
            if names != list(vocabulary) or ("IS NULL" in found[name]) != vocabulary.nullable:
                wrong.append(f"{name}: {found[name]}")
        database.engine.dispose()
    assert wrong == []


# --- the organizer's forms ----------------------------------------------------------------

def _config_selects() -> dict[str, UnboundField]:
    """Every vocabulary select of every organizer form: "Form.field" -> its unbound field."""
    import importlib
    import pkgutil

    found = {}
    for module_info in pkgutil.iter_modules(organizer_forms.__path__):
        module = importlib.import_module(f"{organizer_forms.__name__}.{module_info.name}")
        for form_name, form in vars(module).items():
            if not isinstance(form, type) or form.__module__ != module.__name__:
                continue
            for field_name, field in vars(form).items():
                if isinstance(field, UnboundField) and field.field_class is ConfigSelectField:
                    found[f"{form_name}.{field_name}"] = (field_name, field)
    return found


SELECTS = _config_selects()


@pytest.mark.parametrize("where", sorted(SELECTS))
def test_form_offers_exactly_the_vocabulary_of_its_column(app, where):
    field_name, unbound = SELECTS[where]
    registry_name = unbound.kwargs["registry_name"]
    assert registry_name == field_name  # the form field, the column and the vocabulary agree
    form = type("One", (Form,), {field_name: unbound})()
    fill_config_choices(form)
    offered = [value for value, _label in form[field_name].choices]
    if form[field_name].coerce is optional_str:
        assert offered[0] == "" and vocabulary(registry_name).nullable
        offered = offered[1:]
    assert offered == list(vocabulary(registry_name))


def test_every_choice_is_offered_by_a_form():
    assert {unbound.kwargs["registry_name"] for _name, unbound in SELECTS.values()} == set(CHOICES)


def test_labels_are_translated_when_shown(app):
    from flask_babel import force_locale

    with app.test_request_context():
        with force_locale("en"):
            assert str(label("trimmed_mean", "aggregation")) == (
                "Trimmed mean (drop highest and lowest)")
            assert dict(choices_for("role"))["chief_judge"] == "Chief judge"
            assert str(label("final", "version_status")) == "Final"
            assert str(label("final")) == "Round the final total only"  # organizer choices first
            assert label("unheard_of") == "unheard_of" and label(None) == ""
        with force_locale("zh_CN"):
            assert str(label("chief_judge", "role")) == "裁判长"


def test_every_label_is_a_non_empty_english_text():
    # Chinese translations are checked on the catalogue by tests/test_i18n.py (labels are
    # marked with N_ where they are declared, so the extractor finds them).
    for field, found in VOCABULARIES.items():
        assert len(found) >= 2, field
        for name, text in found.labels.items():
            assert isinstance(name, str) and name, field
            assert isinstance(text, str) and text.strip(), (field, name)


def test_collections_do_not_overlap():
    assert not set(CHOICES) & set(STATES)
    assert VOCABULARIES == {**CHOICES, **STATES, **LIST_ITEMS}


# --- contest templates --------------------------------------------------------------------

def _template_names(spec, found: set, seen: set) -> set:
    """The fields of every Name in a template spec (a rubric is a tree: visit each once)."""
    if id(spec) in seen:
        return found
    seen.add(id(spec))
    if isinstance(spec, template_schema.Name):
        found.add(spec.field)
    inner = [getattr(spec, "inner", None), getattr(spec, "item", None),
             *getattr(spec, "fields", {}).values()]
    for child in inner:
        if child is not None:
            _template_names(child, found, seen)
    return found


def test_templates_check_every_configuration_choice():
    # entry statuses and roles are people's, not a contest's configuration
    named = _template_names(template_schema.SCHEMA, set(), set())
    assert named == set(CHOICES) - {"status", "role"}


def test_template_refuses_a_name_outside_the_vocabulary_and_says_which_are_allowed(app):
    from flask_babel import force_locale

    errors = []
    template_schema.Name("aggregation").check("average", "stages[0] › aggregation", errors)
    template_schema.Name("aggregation").check("median", "stages[0] › aggregation", errors)
    with app.test_request_context(), force_locale("en"):
        assert [str(e) for e in errors] == [
            "stages[0] › aggregation: “average” is not one of: mean, trimmed_mean, median"]


# --- the scoring core ---------------------------------------------------------------------

CORE = {
    "rounding_point": rounding.ROUNDING_POINTS,
    "missing_group_policy": rater_groups.MISSING_GROUP_POLICIES,
    "aggregation": aggregation.AGGREGATIONS,
    "aggregation_level": aggregation.AGGREGATION_LEVELS,
    "trim_fallback": aggregation.TRIM_FALLBACKS,
    "advancement_rule": advancement.ADVANCEMENT_RULES,
    "cut_tie_policy": advancement.CUT_TIE_POLICIES,
    "tie_policy": awards.BOUNDARY_TIE_POLICIES,
    "ranking_scope": ranking._SCOPE_KEYS,
    "ranking_metric": ranking.METRICS,
    "method": awards.AWARD_METHODS,
    "proportion_rounding": awards.PROPORTION_ROUNDINGS,
    "team_aggregation": teams.TEAM_AGGREGATIONS,
    "basis": titles.TITLE_RULES,
    "kind": rubric.CRITERION_KINDS,
    "benefit_period": awards.BENEFIT_PERIODS,
    "nomination_decision": titles.NOMINATION_STATES[1:],
}


@pytest.mark.parametrize("field", sorted(CORE))
def test_core_registry_holds_the_names_of_the_vocabulary(field):
    assert set(CORE[field]) == set(vocabulary(field))


def test_certificates_print_every_benefit_period():
    assert list(grants.PERIODS) == list(vocabulary("benefit_period"))


def test_core_checks_accept_a_vocabulary():
    found = vocabulary("aggregation")
    assert check_choice("median", found, "aggregation") == "median"
    with pytest.raises(ValueError, match="'average' is not one of 'mean', 'trimmed_mean'"):
        check_choice("average", found, "aggregation")
    with pytest.raises(ValueError, match="kind"):
        rubric.Criterion("A1", Decimal(10), kind="extra")


def test_weights_add_up_to_100_in_one_place():
    assert check_weights_sum([Decimal(30), Decimal(70)], "component") == Decimal(100)
    with pytest.raises(WeightsNotHundred) as refused:
        check_weights_sum([Decimal("5"), Decimal("15"), Decimal("70")], "rater group")
    assert refused.value.total == Decimal(90)
    assert str(refused.value) == "rater group weights sum to 90, not 100"
    assert isinstance(refused.value, ValueError)  # the core's callers catch ValueError
