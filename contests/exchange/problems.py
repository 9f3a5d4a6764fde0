"""What can be wrong with an uploaded file, as codes with translatable reasons. A problem
names the row as the spreadsheet shows it and the column by letter and header text."""
from dataclasses import asdict, dataclass, field

from flask_babel import lazy_gettext as _l

from ..refusals import Invalid

REASONS = {
    # the file as a whole
    "too_large": _l("The file is larger than %(limit)s MiB."),
    "empty_file": _l("The file is empty."),
    "old_excel": _l("This is an old Excel (.xls) workbook: save it as .xlsx or CSV and "
                    "upload again."),
    "wrong_type": _l("This is not a spreadsheet (.xlsx or .csv) but %(what)s."),
    "unreadable": _l("The file cannot be read as a spreadsheet: %(detail)s"),
    "no_rows": _l("The file has a header row but no data rows."),
    "no_header": _l("No header row found: the first rows should name the columns "
                    "(for example 姓名, 参赛编号, 项目)."),
    "missing_column": _l("The file has no column for “%(field)s”."),
    # cells that cannot be trusted
    "formula": _l("The cell holds a formula (%(formula)s): paste values instead."),
    "merged": _l("Cells %(range)s are merged: unmerge them and fill every cell."),
    # values
    "required": _l("“%(field)s” is required."),
    "too_long": _l("Longer than %(max)d characters."),
    "not_a_number": _l("“%(value)s” is not a whole number of 1 or more."),
    "unknown_choice": _l("“%(value)s” is not one of: %(allowed)s."),
    "unknown_event": _l("There is no event “%(value)s” in this contest."),
    "unknown_stage": _l("There is no stage “%(value)s” in this contest."),
    "no_stages": _l("The contest has no stages yet: add them before importing entries."),
    "unknown_heat": _l("Stage “%(stage)s” has no heat “%(value)s”."),
    "unknown_delegation": _l("There is no delegation “%(value)s” in this contest: import "
                             "the delegations first or correct the name."),
    "bad_id_number": _l("“%(value)s” is not a valid ID number: %(detail)s"),
    "masked_id_unknown": _l("A masked ID number (%(value)s) does not match the number on "
                            "file; give the full number to change it."),
    "id_used_by_other": _l("This ID number belongs to contestant %(other)s (bib %(bib)s)."),
    "id_used_in_file": _l("This ID number is also given on row %(row)d for bib %(bib)s."),
    "bib_taken": _l("Bib %(bib)s already belongs to %(other)s; this row names %(name)s."),
    "id_differs": _l("Bib %(bib)s is on file with another ID number (%(masked)s)."),
    "bib_twice": _l("Bib %(bib)s is also used on row %(row)d for %(other)s."),
    "conflicting": _l("Row %(row)d gives “%(other)s” for the same bib."),
    "draw_taken": _l("Draw number %(value)s already belongs to bib %(bib)s."),
    "row_repeated": _l("This row repeats row %(row)d."),
    "name_twice": _l("“%(value)s” is also on row %(row)d."),
    "not_a_judge": _l("The account “%(value)s” exists and is not a judge's account."),
    "bad_username": _l("Use letters, digits and _ . - only."),
    "short_password": _l("A password needs at least %(min)d characters."),
}


@dataclass
class Problem:
    code: str
    row: int | None = None  # as the spreadsheet shows it (the header is usually row 1)
    column: str | None = None  # letter: A, B, … AA
    header: str | None = None  # the column's header text in the file
    params: dict = field(default_factory=dict)

    @property
    def reason(self) -> str:
        return str(REASONS[self.code]) % self.params

    @property
    def where(self) -> str:
        from flask_babel import gettext as _

        parts = []
        if self.row is not None:
            parts.append(_("row %(row)d", row=self.row))
        if self.column:
            parts.append(_("column %(column)s (%(header)s)", column=self.column,
                           header=self.header or "—"))
        return ", ".join(parts)

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}" if self.where else self.reason

    def to_dict(self) -> dict:
        return asdict(self)


def file_refused(problem: Problem) -> Invalid:
    """The upload cannot be read at all; nothing is stored and nothing is written. The
    refusal's code is the problem's ("too_large", "wrong_type" ...)."""
    return Invalid(problem.reason, code=problem.code)
