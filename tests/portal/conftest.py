"""A published contest with two delegations, each with its leader."""
from datetime import date

import pytest


@pytest.fixture
def portal(build):
    from contests.models import DelegationLeader
    from contests.services.results import publication

    data = build.scored_contest()
    contest = data["contest"]
    other = build.delegation(contest, name="对手代表队")
    rival = build.contestant(contest, delegation_id=other.id, name="对手选手")
    build.entry(rival, data["event"], data["stage"], heat_id=data["heat"].id)
    data["other"], data["rival"] = other, rival
    data["leader"] = build.user("delegation_leader")
    data["other_leader"] = build.user("delegation_leader")
    build.session.add_all([
        DelegationLeader(user_id=data["leader"].id, delegation_id=data["delegation"].id),
        DelegationLeader(user_id=data["other_leader"].id, delegation_id=other.id)])
    data["organizer"] = build.user("organizer")
    contest.is_listed = True
    build.session.commit()
    data["publish"] = lambda: publication.publish(contest, publicity_ends_on=date(2099, 1, 1),
                                                  change_note=None, user=None)
    return data
