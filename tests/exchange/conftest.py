"""Fixtures for spreadsheet import / export: a small hotel-contest skeleton, file makers,
and uploads kept in a temporary folder."""
import pytest
from flask_babel import force_locale


@pytest.fixture(autouse=True)
def upload_folder(app, tmp_path):
    app.config["EXCHANGE_UPLOAD_FOLDER"] = str(tmp_path / "uploads")
    yield tmp_path / "uploads"
    app.config.pop("EXCHANGE_UPLOAD_FOLDER", None)


@pytest.fixture
def english(app):
    """Messages in English for code called outside a request (planning, CLI helpers)."""
    with force_locale("en"):
        yield


@pytest.fixture
def organizer(build, login):
    """Signed in, reading the pages in English (the assertions quote English text)."""
    user = build.user("organizer")
    client = login(user)
    with client.session_transaction() as session:
        session["lang"] = "en"
    return user


@pytest.fixture
def hotel(build):
    """Two stages, two events (with codes), heats in the first stage, two delegations."""
    contest = build.contest(code="HOTEL", name="星级饭店服务技能竞赛", decimal_places=2)
    heats = build.stage(contest, name="省内选拔赛")
    final = build.stage(contest, name="全国总决赛")
    front = build.event(contest, name="前厅服务", code="QT", position=1)
    rooms = build.event(contest, name="客房服务", code="KF", position=2)
    build.heat(heats, name="北京赛区")
    build.heat(heats, name="上海赛区")
    beijing = build.delegation(contest, name="北京市代表队", code="11", region="北京市")
    shanghai = build.delegation(contest, name="上海市代表队", code="31", region="上海市")
    return dict(contest=contest, heats=heats, final=final, front=front, rooms=rooms,
                beijing=beijing, shanghai=shanghai)
