"""Who may open what: every registered route, generated from the URL map, for every role.
A new route is covered automatically; a new blueprint fails until it gets a policy.

Besides the roles of the contest under test, two insiders of *other* contests: an
organizer who runs none of this contest ("outsider": every page of the contest is 404, as
if it did not exist) and the chief judge of another contest's panel ("other_judge": every
page of this contest's panel is 404)."""
import pytest

from contests.organizer.specs import PARENT_ROWS, RESOURCES

# Roles allowed per blueprint; None means everyone, signed in or not.
POLICY = {
    "admin": {"admin"},
    "organizer": {"organizer", "outsider"},
    "judging": {"judge", "chief_judge", "other_judge"},
    "clerk": {"clerk"},
    # the delegation portal: leaders, each of their own delegation only (other_leader: 403)
    "portal": {"delegation_leader", "other_leader"},
    # settling differing paper copies: organizers of the contest, the panel's chief judge
    "paper": {"organizer", "outsider", "chief_judge", "other_judge"},
    "public": None,
    "auth": None,
    "operations": None,  # /healthz: load balancers and monitors, never signed in
    None: None,  # static files
}
# Signed-in visitors the blueprint admits but who reach only their own contests or panels:
# any URL naming this contest (or this panel) answers 404 for them.
SCOPED = {"outsider": "contest_id", "other_judge": "panel_id"}
ROLES = ["anonymous", "admin", "organizer", "outsider", "chief_judge", "judge", "other_judge",
         "clerk", "delegation_leader", "other_leader"]
ACCOUNT_ROLES = {"outsider": "organizer", "other_judge": "chief_judge",
                 "other_leader": "delegation_leader"}
# Judging pages only a panel's chief judge may open; an ordinary judge of the panel gets 403.
CHIEF_ONLY = {"judging.panel_progress", "judging.confirm_sheet", "judging.reopen_sheet",
              "judging.panel_consistency", "judging.panel_audit", "judging.confirm_all",
              "judging.resolve_spread"}
# Contest pages a chief judge opens only for a contest where they chair a panel.
CHAIRED_ONLY = {"paper.contest"}


@pytest.fixture
def world(build):
    data = build.scored_contest()
    contest = data["contest"]
    data["conflicts"] = build.conflict(contest, data["judge"], unit="某单位")
    data["award_rules"] = build.award_rule(contest)
    data["title_rules"] = build.title_rule(contest, stage_id=data["stage"].id)
    from contests.models import TeamStanding
    data["team_standings"] = build._save(TeamStanding(contest_id=contest.id, name="团体总分",
                                                      team_aggregation="sum"))
    data["users"] = {role: build.user(ACCOUNT_ROLES.get(role, role),
                                      runs_contests=role != "outsider")
                     for role in ROLES[1:]}
    other = build.scored_contest()  # another contest, with a panel of its own
    build.panel_judge(other["panel"], data["users"]["other_judge"], is_chief=True)
    build.panel_judge(data["panel"], data["users"]["chief_judge"], is_chief=True)
    build.panel_judge(data["panel"], data["users"]["judge"])
    from contests.models import ContestMember  # a clerk types this contest's paper sheets
    build.session.add(ContestMember(contest_id=contest.id, user_id=data["users"]["clerk"].id))
    from contests.services.judging import links
    data["token"] = links.create(data["judge"], 24)
    data["link"] = links.live_links(data["judge"])[0]
    contest.is_listed = True
    build.session.commit()
    from datetime import date

    from contests.services.results import publication
    data["version"] = publication.publish(contest, publicity_ends_on=date.today(),
                                          change_note=None, user=None)
    data["objection"] = publication.file_objection(
        data["version"], entry_text="B0001", entry_id=None, name="王", contact="x",
        grounds="matrix objection")
    from contests.models import Draw  # a recorded draw (marks exist: drawing now is refused)
    data["draw"] = build._save(Draw(contest_id=contest.id, stage_id=data["stage"].id,
                                    kind="order", seed="matrix", seed_sha256="0" * 64,
                                    algorithm="sha256-fisher-yates/1", inputs="{}",
                                    result="[]"))
    from tests.certificates.snapshots import certificate_and_job
    data["certificate"], data["certificate_job"] = certificate_and_job(build.session, contest)
    from contests.models import Job  # a queued export, done (its file is gone)
    data["job"] = build._save(Job(contest_id=contest.id, kind="export", status="done"))
    from contests.models import DelegationLeader  # 领队 of this contest's delegation, and of
    leaders = (data["users"]["delegation_leader"], data["users"]["other_leader"])
    other_delegation = build.delegation(other["contest"])  # another contest's
    build.session.add_all([
        DelegationLeader(user_id=leaders[0].id, delegation_id=data["delegation"].id),
        DelegationLeader(user_id=leaders[1].id, delegation_id=other_delegation.id)])
    from contests.services import appeals
    build.session.commit()
    data["appeal"] = appeals.file(leaders[0], data["delegation"], data["stage"], entry_id=None,
                                  subject="matrix", grounds="matrix appeal grounds")
    data["leader"] = leaders[0]
    return data


def _object_for(endpoint: str, world):
    """The record an endpoint's obj_id / parent_id should point at."""
    name = endpoint.split(".", 1)[1]
    by_resource = {"events": "event", "heats": "heat", "criteria": "criterion",
                   "delegations": "delegation", "contestants": "contestant", "entries": "entry",
                   "panels": "panel", "conflicts": "conflicts", "award_rules": "award_rules",
                   "title_rules": "title_rules", "team_standings": "team_standings"}
    for resource in RESOURCES:
        if name.startswith(resource + "_"):
            return world[by_resource[resource]]
    if name in ("panel_conflicts",):
        return world["panel"]
    if name.startswith("advancement_") or name in ("ranking_order", "stage_copy"):
        return world["stage"]
    if name == "event_copy":
        return world["event"]
    if name == "finalize":
        return world["version"]
    if name == "objection_decide":
        return world["objection"]
    if name == "draw_unseal":
        return world["draw"]
    editors = {"rows_components": "stage", "rows_rater_groups": "component",
               "rows_judges": "panel", "rows_tiers": "award_rules",
               "rubric_editor": "component"}
    if name in editors:
        return world[editors[name]]
    raise AssertionError(f"no test object for {endpoint}; extend _object_for")


def _url(app, rule, world) -> str:
    values = {}
    for arg in rule.arguments:
        if arg == "contest_id":
            values[arg] = world["contest"].id
        elif arg in ("obj_id", "parent_id"):
            values[arg] = _object_for(rule.endpoint, world).id
        elif arg == "user_id":
            values[arg] = world["judge"].id
        elif arg in ("panel_id", "entry_id", "sheet_id", "link_id", "stage_id",
                     "delegation_id", "component_id", "criterion_id"):
            values[arg] = world[arg.removesuffix("_id")].id
        elif arg == "entry_code":  # an entry as a judge addresses it on the panel
            from contests.services.judging.access import entry_code
            values[arg] = entry_code(world["panel"].id, world["entry"].id)
        elif arg == "token":  # a judge's sign-in link, or a certificate's QR token
            values[arg] = (world["certificate"].token
                           if rule.endpoint.startswith("public.certificate") else world["token"])
        elif arg == "job_id" and rule.endpoint.startswith("organizer.job_"):
            values[arg] = world["job"].id  # long work (services/long_work.py)
        elif arg == "appeal_id":
            values[arg] = world["appeal"].id
        elif arg == "leader_id":
            values[arg] = world["leader"].id
        elif arg in ("certificate_id", "job_id"):
            values[arg] = world["certificate" if arg == "certificate_id" else "certificate_job"].id
        elif arg == "wording_kind":
            values[arg] = "individual"
        elif arg == "kind":  # exchange pages: an import kind, or an export kind
            values[arg] = "marks" if rule.endpoint.endswith("_export") else "contestants"
        elif arg == "shape":  # marks imports: a theory exam, or marks per judge
            values[arg] = "exam"
        elif arg == "code":
            values[arg] = world["contest"].code
        elif arg == "filename":
            values[arg] = "css/site.css"
        else:
            raise AssertionError(f"{rule.endpoint}: unknown argument {arg}; extend _url")
    with app.test_request_context():
        from flask import url_for
        return url_for(rule.endpoint, **values)


def _expected(rule, blueprint, role) -> str:
    if role == "other_leader" and blueprint == "portal" and "delegation_id" in rule.arguments:
        return "forbidden"  # another delegation's leader: its portal is not theirs
    if rule.endpoint in CHIEF_ONLY and role == "judge":
        return "forbidden"
    if rule.endpoint in CHAIRED_ONLY and role == "other_judge":
        return "missing"
    allowed = POLICY[blueprint]
    if allowed is None or role in allowed:
        return "missing" if SCOPED.get(role) in rule.arguments else "allowed"
    return "login" if role == "anonymous" else "forbidden"


def test_every_blueprint_has_a_policy(app):
    used = {r.endpoint.rpartition(".")[0] or None for r in app.url_map.iter_rules()}
    assert used - set(POLICY) == set(), "blueprints without an access policy"


@pytest.mark.parametrize("role", ROLES)
def test_role_route_matrix(app, client, login, world, role):
    login(None if role == "anonymous" else world["users"][role])
    wrong = []
    checked = 0
    for rule in app.url_map.iter_rules():
        blueprint = rule.endpoint.rpartition(".")[0] or None
        method = "GET" if "GET" in rule.methods else "POST"
        if rule.endpoint in ("auth.logout",):
            continue  # signing out would end this loop's session
        url = _url(app, rule, world)
        expected = _expected(rule, blueprint, role)
        if expected == "allowed" and method == "POST":
            continue  # a permitted POST would change data; forms have their own tests
        response = client.open(url, method=method)
        checked += 1
        got = response.status_code
        if expected == "login" and "/api/" in url:  # the tablet's script reads a 401
            ok = got == 401
        elif expected == "login":
            ok = got == 302 and "/auth/login" in response.headers["Location"]
        elif expected == "forbidden":
            ok = got == 403
        elif expected == "missing":
            ok = got == 404
        else:
            ok = got in (200, 302) and "/auth/login" not in response.headers.get("Location", "")
        if not ok:
            wrong.append(f"{method} {url} as {role}: {got}, expected {expected}")
    assert checked > 20
    assert not wrong, "\n".join(wrong)


def test_judge_cannot_open_organizer_home(client, login, build):
    login(build.user("judge"))
    assert client.get("/organizer/").status_code == 403


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get("/organizer/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login")


def test_every_organizer_route_appears_in_matrix(app):
    organizer_rules = [r for r in app.url_map.iter_rules() if r.endpoint.startswith("organizer.")]
    # One list/new/edit/delete set per resource, the contest pages, accounts and row editors.
    assert len(organizer_rules) >= 4 * len(RESOURCES) + len(PARENT_ROWS)
