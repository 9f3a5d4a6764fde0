"""Plans for delegations and for contestants with their entries.

Natural keys: a delegation by its name in the contest; a contestant by bib; an entry by
(contestant, event, stage). An empty optional cell leaves the stored value alone, so a
file that changes nothing is skipped row by row and re-importing it writes nothing."""
from flask_babel import lazy_gettext as _l

from . import idnumber
from .fields import KINDS
from .lookup import ContestIndex, value_key
from .plan import Change, Plan, Row, RowAction, change_text, rows
from .readers import Table

GENDERS = {"男": "男", "男性": "男", "m": "男", "male": "男",
           "女": "女", "女性": "女", "f": "女", "female": "女"}
PERSON = ("gender", "unit", "delegation_id", "draw_number", "id_number_masked",
          "id_number_hash")
#: The guest column (不参与评奖): yes or no; an empty cell leaves the entry as it is.
YES_NO = {"是": True, "yes": True, "y": True, "1": True, "true": True, "√": True, "✓": True,
          "特邀": True, "否": False, "no": False, "n": False, "0": False, "false": False,
          "×": False}


def delegations(plan: Plan, table: Table, mapping: list, contest) -> None:
    index = ContestIndex(contest)
    kind = KINDS["delegations"]
    seen: dict[str, int] = {}
    for row in rows(table, mapping, kind, plan.problems):
        name, code, region = row.text("name"), row.text("code"), row.text("region")
        key = value_key(name or "")
        if name and key in seen:
            row.problem("name_twice", "name", value=name, row=seen[key])
        seen.setdefault(key, row.number)
        if row.bad:
            continue
        existing = index.delegation_rows.get(key)
        given = {k: v for k, v in dict(code=code, region=region).items() if v is not None}
        if existing is None:
            plan.changes.append(Change("delegations", (key,), dict(
                contest_id=contest.id, name=name, code=code, region=region)))
            plan.actions.append(RowAction(row.number, "create", name))
            continue
        changed = {k: v for k, v in given.items() if getattr(existing, k) != v}
        if changed:
            plan.changes.append(Change("delegations", (key,), changed, id=existing.id,
                                       old={k: getattr(existing, k) for k in changed}))
        plan.actions.append(RowAction(
            row.number, "update" if changed else "skip", existing.name,
            [change_text(kind.field(k).label, getattr(existing, k), v)
             for k, v in changed.items()]))


def contestants(plan: Plan, table: Table, mapping: list, contest) -> None:
    ContestantPlanner(plan, contest).run(table, mapping)


class ContestantPlanner:
    def __init__(self, plan: Plan, contest):
        self.plan, self.contest, self.index = plan, contest, ContestIndex(contest)
        self.kind = KINDS["contestants"]
        self.first: dict[str, tuple[int, dict]] = {}  # bib -> its first row in the file
        self.hashes: dict[str, tuple[int, str]] = {}
        self.draws: dict[int, str] = {}
        self.entries: dict[tuple, int] = {}
        self.new_delegations: dict[str, str] = {}  # key -> name as first written

    def run(self, table: Table, mapping: list) -> None:
        for row in rows(table, mapping, self.kind, self.plan.problems):
            person = self.person(row)
            entry = self.entry(row)
            if person is not None and not row.bad:
                self.check_person(row, person)
            if entry is not None and person is not None:
                key = (person["bib"], entry[0][0], entry[1][0])
                if key in self.entries:
                    row.problem("row_repeated", "event", row=self.entries[key])
                self.entries.setdefault(key, row.number)
            if row.bad:
                continue
            action = RowAction(row.number, "skip", f"{person['bib']} {person['name']}")
            self.contestant_change(row, person, action)
            if entry is not None:
                self.entry_change(person["bib"], entry, action)
            self.plan.actions.append(action)

    # reading the row -----------------------------------------------------------------
    def person(self, row: Row) -> dict | None:
        bib, name = row.text("bib"), row.text("name")
        unit = row.text("unit")
        person = dict(bib=bib, name=name, unit=unit, gender=None, delegation_id=None,
                      draw_number=None, id_number_masked=None, id_number_hash=None)
        if gender := row.get("gender"):
            person["gender"] = GENDERS.get(gender.casefold())
            if person["gender"] is None:
                row.problem("unknown_choice", "gender", value=gender, allowed="男, 女")
        if delegation := row.get("delegation"):
            found = self.index.delegations.get(value_key(delegation))
            if found is None:
                self.missing_delegation(row, delegation, person)
            else:
                person["delegation_id"] = found[0]
        if draw := row.get("draw_number"):
            if draw.isdigit() and int(draw) >= 1:
                person["draw_number"] = int(draw)
            else:
                row.problem("not_a_number", "draw_number", value=draw)
        self.id_number(row, person)
        return person if bib and name else None

    def missing_delegation(self, row: Row, name: str, person: dict) -> None:
        """A delegation the contest does not have: listed for the organizer; created with
        the import when they agreed (the contestant refers to it), else a row problem."""
        key = value_key(name)
        if key not in self.new_delegations:
            self.new_delegations[key] = name
            self.plan.missing_delegations.append(name)
            if self.plan.create_delegations:
                self.plan.changes.append(Change("delegations", (key,), dict(
                    contest_id=self.contest.id, name=name, code=None, region=None)))
        if self.plan.create_delegations:
            person["new_delegation"] = key
        else:
            row.problem("unknown_delegation", "delegation", value=name)

    def id_number(self, row: Row, person: dict) -> None:
        raw = row.get("id_number")
        if not raw:
            return
        number = idnumber.normalize(raw)
        if idnumber.is_masked(number):
            # Our own export. Unchanged for a contestant on file; for one without a number
            # (a copy into another contest) only the masked form is known and kept.
            stored = self.index.contestants.get(person["bib"])
            on_file = stored.id_number_masked if stored is not None else None
            if on_file is not None and on_file != number:
                row.problem("masked_id_unknown", "id_number", value=raw)
            elif on_file is None:
                person["id_number_masked"] = number
            return
        reason = idnumber.check(number)
        if reason is not None:
            row.problem("bad_id_number", "id_number", value=idnumber.shown(raw),
                        detail=reason)
            return
        person["id_number_masked"] = idnumber.mask(number)
        person["id_number_hash"] = idnumber.keyed_hash(number)

    def entry(self, row: Row) -> tuple | None:
        event_text, stage_text, heat_text = row.get("event"), row.get("stage"), row.get("heat")
        if not event_text:
            if stage_text or heat_text:
                row.problem("required", "event", field=self.kind.field("event").label)
            return None
        event = self.index.events.get(value_key(event_text))
        if event is None:
            row.problem("unknown_event", "event", value=event_text)
        if stage_text:
            stage = self.index.stages.get(value_key(stage_text))
            if stage is None:
                row.problem("unknown_stage", "stage", value=stage_text)
        else:
            stage = self.index.first_stage
            if stage is None:
                row.problem("no_stages", "event")
        heat = None
        if heat_text and stage is not None:
            heat = self.index.heats.get((stage[0], value_key(heat_text)))
            if heat is None:
                row.problem("unknown_heat", "heat", value=heat_text, stage=stage[1])
        guest = None
        if guest_text := row.get("guest"):
            guest = YES_NO.get(guest_text.strip().casefold())
            if guest is None:
                row.problem("unknown_choice", "guest", value=guest_text,
                            allowed=_l("是, 否 (yes, no)"))
        if event is None or stage is None or (heat_text and heat is None) or \
                (guest_text and guest is None):
            return None
        return event, stage, heat, guest

    # checks across rows and against the database ---------------------------------------
    def check_person(self, row: Row, person: dict) -> None:
        bib, name = person["bib"], person["name"]
        if bib in self.first:
            first_row, first = self.first[bib]
            if first["name"] != name:
                row.problem("bib_twice", "bib", bib=bib, row=first_row, other=first["name"])
                return
            for column in PERSON:
                if None not in (first[column], person[column]) and \
                        first[column] != person[column] and column != "id_number_hash":
                    row.problem("conflicting", _field_of(column), row=first_row,
                                other=self.shown(column, first[column]))
            return
        self.first[bib] = (row.number, person)
        stored = self.index.contestants.get(bib)
        if stored is not None and stored.name != name:
            row.problem("bib_taken", "bib", bib=bib, other=stored.name, name=name)
        elif stored is not None and None not in (stored.id_number_hash,
                                                 person["id_number_hash"]) \
                and stored.id_number_hash != person["id_number_hash"]:
            row.problem("id_differs", "id_number", bib=bib, masked=stored.id_number_masked)
        if digest := person["id_number_hash"]:
            other = self.index.by_hash.get(digest)
            if other is not None and other.bib != bib:
                row.problem("id_used_by_other", "id_number", other=other.name, bib=other.bib)
            seen = self.hashes.setdefault(digest, (row.number, bib))
            if seen[1] != bib:
                row.problem("id_used_in_file", "id_number", row=seen[0], bib=seen[1])
        if (draw := person["draw_number"]) is not None:
            other = self.index.by_draw.get(draw)
            holder = self.draws.setdefault(draw, bib)
            if other is not None and other.bib != bib:
                row.problem("draw_taken", "draw_number", value=draw, bib=other.bib)
            elif holder != bib:
                row.problem("draw_taken", "draw_number", value=draw, bib=holder)

    def shown(self, column: str, value):
        if column == "delegation_id":
            return self.index.delegation_names.get(value, value)
        return value

    # changes ---------------------------------------------------------------------------
    def contestant_change(self, row: Row, person: dict, action: RowAction) -> None:
        bib = person["bib"]
        if self.first[bib][0] != row.number:
            return  # another entry of a contestant planned on an earlier row
        stored = self.index.contestants.get(bib)
        new_delegation = person.pop("new_delegation", None)
        refs = {"delegation_id": ("delegations", (new_delegation,))} if new_delegation else {}
        if stored is None:
            self.plan.changes.append(Change("contestants", (bib,), dict(
                contest_id=self.contest.id, **person), refs=refs))
            action.verb = "create"
            action.details.append(_l("new contestant"))
            return
        changed = {k: person[k] for k in PERSON
                   if person[k] is not None and getattr(stored, k) != person[k]}
        if new_delegation:
            changed["delegation_id"] = None  # the new delegation's id, once created
        if not changed:
            return
        self.plan.changes.append(Change("contestants", (bib,), changed, id=stored.id,
                                        old={k: getattr(stored, k) for k in changed},
                                        refs=refs))
        action.verb = "update"
        action.details.extend(
            change_text(self.kind.field(_field_of(k)).label, self.shown(k, getattr(stored, k)),
                        self.new_delegations[new_delegation] if k == "delegation_id"
                        and new_delegation else self.shown(k, v))
            for k, v in changed.items() if k != "id_number_hash")

    def entry_change(self, bib: str, entry: tuple, action: RowAction) -> None:
        (event_id, event_name), (stage_id, stage_name), heat, guest = entry
        stored = self.index.contestants.get(bib)
        existing = self.index.entries.get((stored.id, event_id, stage_id)) if stored else None
        heat_id = heat[0] if heat else None
        where = f"{event_name} · {stage_name}" + (f" · {heat[1]}" if heat else "")
        if existing is None:
            values = dict(event_id=event_id, stage_id=stage_id, heat_id=heat_id,
                          status="registered", contestant_id=stored.id if stored else None,
                          guest=bool(guest))
            refs = {} if stored else {"contestant_id": ("contestants", (bib,))}
            self.plan.changes.append(Change("entries", (bib, event_id, stage_id), values,
                                            refs=refs))
            action.verb = "create" if action.verb == "skip" else action.verb
            action.details.append(_l("new entry: %(where)s", where=where))
            if guest:
                action.details.append(_l("guest, not competing for awards"))
            return
        changed, old, details = {}, {}, []
        if heat_id is not None and existing[1] != heat_id:
            changed["heat_id"], old["heat_id"] = heat_id, existing[1]
            details.append(_l("entry moved to heat: %(where)s", where=where))
        if guest is not None and existing[2] != guest:
            changed["guest"], old["guest"] = guest, existing[2]
            details.append(change_text(self.kind.field("guest").label,
                                       _yes_no(existing[2]), _yes_no(guest)))
        if changed:
            self.plan.changes.append(Change("entries", (bib, event_id, stage_id), changed,
                                            old=old, id=existing[0]))
            action.verb = "update" if action.verb == "skip" else action.verb
            action.details.extend(details)


def _yes_no(value: bool):
    return _l("yes") if value else _l("no")


def _field_of(column: str) -> str:
    return {"delegation_id": "delegation", "id_number_masked": "id_number",
            "id_number_hash": "id_number"}.get(column, column)
