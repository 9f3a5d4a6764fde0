"""The columns each import kind understands, and how a header in the file is recognised.

Header names come in Chinese and English, with full-width characters, stray spaces,
required-markers (*) and notes in brackets (工作单位（全称）). Recognition normalises all of
that away and compares with each field's synonyms and its label in every UI language."""
import re
import unicodedata
from dataclasses import dataclass

from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Field:
    name: str
    label: object  # lazy, English source
    synonyms: tuple[str, ...]
    required: bool = False
    max_length: int | None = None


@dataclass(frozen=True)
class ImportKind:
    name: str
    title: object
    fields: tuple[Field, ...]

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


DELEGATION_FIELDS = (
    Field("name", _l("Delegation"), ("代表队", "代表队名称", "名称", "队名", "参赛单位",
                                     "代表单位", "name", "delegation", "team"),
          required=True, max_length=200),
    Field("code", _l("Code"), ("编号", "代码", "代表队编号", "code"), max_length=40),
    Field("region", _l("Region"), ("地区", "省份", "所在地区", "省市", "region", "province"),
          max_length=100),
)

CONTESTANT_FIELDS = (
    Field("bib", _l("Bib number"), ("参赛编号", "编号", "参赛号", "参赛证号", "选手编号",
                                    "bib", "bibnumber", "bibno", "number"),
          required=True, max_length=40),
    Field("name", _l("Name"), ("姓名", "选手姓名", "name", "fullname"), required=True,
          max_length=100),
    Field("gender", _l("Gender"), ("性别", "gender", "sex")),
    Field("unit", _l("Work unit"), ("单位", "工作单位", "所在单位", "单位名称", "unit",
                                    "workunit", "employer"), max_length=200),
    Field("delegation", _l("Delegation"), ("代表队", "所属代表队", "参赛队", "代表团",
                                           "参赛单位", "delegation", "team")),
    Field("id_number", _l("ID number"), ("身份证号", "身份证号码", "身份证", "公民身份号码",
                                         "证件号码", "idnumber", "idcard", "idno")),
    Field("draw_number", _l("Draw number"), ("抽签号", "抽签序号", "抽签编号", "drawnumber",
                                             "draw")),
    Field("event", _l("Event"), ("项目", "赛项", "参赛项目", "比赛项目", "竞赛项目", "event")),
    Field("stage", _l("Stage"), ("阶段", "赛段", "比赛阶段", "stage", "round")),
    Field("heat", _l("Heat"), ("赛区", "分组", "场次", "组别", "heat", "group", "session")),
    Field("guest", _l("Guest (not competing for awards)"),
          ("不参与评奖", "不参评", "特邀", "特邀选手", "guest", "notcompeting")),
)

JUDGE_FIELDS = (
    Field("username", _l("Username"), ("用户名", "账号", "帐号", "登录名", "username",
                                       "account", "login"), required=True, max_length=80),
    Field("display_name", _l("Name"), ("姓名", "名字", "裁判姓名", "评委姓名", "name",
                                       "displayname"), max_length=100),
    Field("unit", _l("Work unit"), ("单位", "工作单位", "所在单位", "unit", "workunit"),
          max_length=200),
    Field("role", _l("Role"), ("角色", "身份", "职责", "role")),
    Field("password", _l("Password"), ("密码", "初始密码", "password")),
)

KINDS = {kind.name: kind for kind in (
    ImportKind("delegations", _l("Delegations"), DELEGATION_FIELDS),
    ImportKind("contestants", _l("Contestants and entries"), CONTESTANT_FIELDS),
    ImportKind("judges", _l("Judges"), JUDGE_FIELDS),
)}

_NOTES = re.compile(r"[(\[【（].*?[)\]】）]")
_NOISE = re.compile(r"[\s*:：_\-./]+")


def normalize(header: str) -> str:
    """姓 名* → 姓名; 'Bib Number' → bibnumber; 工作单位（全称） → 工作单位."""
    text = unicodedata.normalize("NFKC", header or "").casefold()
    return _NOISE.sub("", _NOTES.sub("", text))


def _names(field: Field) -> set[str]:
    names = {normalize(s) for s in field.synonyms}
    for language in current_app.config["LANGUAGES"]:
        with force_locale(language):
            names.add(normalize(str(field.label)))
    return names


def recognise(kind: ImportKind, headers: list[str]) -> list[str | None]:
    """The field each column holds (None when unknown). A field is taken by its first
    column only; a second column with the same meaning is left for the organizer."""
    names = {field.name: _names(field) for field in kind.fields}
    taken: set[str] = set()
    result: list[str | None] = []
    for header in headers:
        key = normalize(header)
        found = next((name for name, known in names.items()
                      if key and key in known and name not in taken), None)
        if found:
            taken.add(found)
        result.append(found)
    return result


def looks_like_header(kind: ImportKind, cells: list[str]) -> int:
    """How many cells of a row are recognised headers (to skip a title row above them)."""
    return sum(1 for found in recognise(kind, cells) if found)
