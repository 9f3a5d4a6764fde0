"""Fixtures for certificates: a listed hotel contest with final results, generated files
in a temporary folder, background jobs run in the request."""
import pytest

from contests.services.certificates.issuing import issue_for_version
from tests.certificates.snapshots import RARE_NAME, award, final_version, person, title


@pytest.fixture(autouse=True)
def certificate_files(app, tmp_path):
    app.config.update(CERTIFICATE_OUTPUT_DIR=str(tmp_path / "out"),
                      CERTIFICATE_JOBS_INLINE=True, PUBLIC_URL="https://contests.example.cn")
    yield tmp_path / "out"
    for key in ("CERTIFICATE_OUTPUT_DIR", "CERTIFICATE_JOBS_INLINE", "PUBLIC_URL"):
        app.config.pop(key, None)


@pytest.fixture
def hotel(build):
    """全国星级饭店从业人员服务技能竞赛: three individual prizes, a team prize, a title."""
    contest = build.contest(code="HOTEL", name="全国星级饭店从业人员服务技能竞赛", year=2026,
                            organizer="中华全国总工会\n文化和旅游部", is_listed=True)
    people = [person(RARE_NAME), person("李玥"), person("王彧", delegation="上海代表队",
                                                       delegation_id=2)]
    return {"contest": contest, "people": people,
            "awards": [award(people[0]), award(people[1], "二等奖", tier_position=2),
                       award(people[2], "三等奖", tier_position=3),
                       award(people[0], scope="team", rule_id=2, rule="团体奖", event="")],
            "titles": [title(people[0], "技术能手")]}


@pytest.fixture
def issued(hotel, db):
    """The hotel contest with version 1 final and its certificates issued."""
    version = final_version(db.session, hotel["contest"], hotel["awards"], hotel["titles"])
    report = issue_for_version(version)
    return dict(hotel, version=version, report=report)


@pytest.fixture
def organizer(build, login):
    user = build.user("organizer")
    login(user)
    return user
