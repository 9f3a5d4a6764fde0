"""A preview built by a job (services/exchange/queued_preview.py), kept for its page: what
the preview templates read of a plan (people's or marks'), as plain data. Texts are kept
in every language of the service, so the page reads in the reader's language whichever
language the job ran in. The rows and problems the preview lists are kept (the first
`shown`), the counts cover the whole file."""
from dataclasses import dataclass

from flask import current_app
from flask_babel import force_locale, get_locale


def _languages() -> tuple:
    return tuple(current_app.config.get("LANGUAGES") or (
        current_app.config["BABEL_DEFAULT_LOCALE"],))


def _texts(make) -> dict:
    """{language: make()} rendered in each language."""
    found = {}
    for lang in _languages():
        with force_locale(lang):
            found[lang] = make()
    return found


def freeze(plan, *, shown: int) -> dict:
    """The plan as JSON-ready data (see the module's docstring)."""
    return {
        "counts": plan.counts(),
        "changes": len(plan.changes),
        "problems_total": len(plan.problems),
        "actions_total": len(plan.actions),
        "problems": [dict(code=p.code, row=p.row, column=p.column, header=p.header,
                          reason=_texts(lambda p=p: p.reason))
                     for p in plan.problems[:shown]],
        "actions": [dict(row=a.row, verb=a.verb,
                         label=_texts(lambda a=a: str(a.label)),
                         details=_texts(lambda a=a: [str(d) for d in a.details]))
                    for a in plan.actions[:shown]],
        "missing_delegations": list(getattr(plan, "missing_delegations", [])),
        "create_delegations": bool(getattr(plan, "create_delegations", False)),
        "consent_needed": bool(getattr(plan, "consent_needed", False)),
        "status": getattr(plan, "status", None),
    }


class Listed(list):
    """The listed items of a longer list: its length is the whole list's."""

    def __init__(self, items, total: int):
        super().__init__(items)
        self.total = total

    def __len__(self) -> int:
        return self.total

    def __bool__(self) -> bool:
        return self.total > 0


def _reading(texts: dict):
    lang = str(get_locale() or "")
    if lang in texts:
        return texts[lang]
    return next(iter(texts.values()), "")


@dataclass
class FrozenProblem:
    code: str
    row: int | None
    column: str | None
    header: str | None
    reasons: dict

    @property
    def reason(self) -> str:
        return _reading(self.reasons)


@dataclass
class FrozenAction:
    row: int
    verb: str
    labels: dict
    detail_texts: dict

    @property
    def label(self) -> str:
        return _reading(self.labels)

    @property
    def details(self) -> list:
        return _reading(self.detail_texts)


class FrozenPlan:
    """Reads like the plan the preview templates show (problems, actions, changes,
    counts(), the delegations to create), from frozen data; it cannot be applied."""

    def __init__(self, data: dict):
        self.data = data
        self.problems = Listed([FrozenProblem(p["code"], p["row"], p["column"], p["header"],
                                              p["reason"]) for p in data["problems"]],
                               data["problems_total"])
        self.actions = Listed([FrozenAction(a["row"], a["verb"], a["label"], a["details"])
                               for a in data["actions"]], data["actions_total"])
        self.changes = Listed([], data["changes"])
        self.missing_delegations = data["missing_delegations"]
        self.create_delegations = data["create_delegations"]
        self.consent_needed = data["consent_needed"]
        self.status = data["status"]

    @property
    def ok(self) -> bool:
        return not self.problems

    def counts(self) -> dict:
        return self.data["counts"]
