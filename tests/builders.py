"""Builders for test data: each makes a valid record with sensible defaults, commits it,
and takes keyword overrides. Tests state only what matters to them."""
from datetime import UTC, date, datetime
from decimal import Decimal
from itertools import count

from sqlalchemy import select

from contests.models import (
    AwardRule,
    AwardTier,
    Component,
    Conflict,
    Contest,
    Contestant,
    ContestMember,
    Criterion,
    Delegation,
    Entry,
    Event,
    Heat,
    Mark,
    Panel,
    PanelJudge,
    RaterGroup,
    ScoreSheet,
    Stage,
    TitleRule,
    User,
)

_serial = count(1)


class Builder:
    def __init__(self, session):
        self.session = session
        self.outsiders: set[int] = set()  # organizers who run none of the built contests

    def _save(self, obj):
        self.session.add(obj)
        self.session.commit()
        return obj

    def contest(self, **kw):
        n = next(_serial)
        kw.setdefault("code", f"C{n}")
        kw.setdefault("name", f"测试竞赛{n}")
        kw.setdefault("year", 2026)
        contest = self._save(Contest(**kw))
        self._members()
        return contest

    def event(self, contest, **kw):
        kw.setdefault("name", f"赛项{next(_serial)}")
        return self._save(Event(contest_id=contest.id, **kw))

    def stage(self, contest, **kw):
        """A stage whose judging is open (judges may mark) unless judging_opened_at=None."""
        kw.setdefault("position", len(contest.stages) + 1)
        kw.setdefault("name", f"阶段{kw['position']}")
        kw.setdefault("judging_opened_at", datetime.now(UTC))
        stage = self._save(Stage(contest_id=contest.id, **kw))
        self.session.refresh(contest)
        return stage

    def heat(self, stage, **kw):
        kw.setdefault("name", f"赛区{next(_serial)}")
        return self._save(Heat(stage_id=stage.id, **kw))

    def component(self, stage, **kw):
        kw.setdefault("name", f"模块{next(_serial)}")
        kw.setdefault("weight", Decimal(100))
        return self._save(Component(stage_id=stage.id, **kw))

    def rater_group(self, component, **kw):
        kw.setdefault("name", f"评审组{next(_serial)}")
        kw.setdefault("weight", Decimal(100))
        return self._save(RaterGroup(component_id=component.id, **kw))

    def criterion(self, component, **kw):
        kw.setdefault("name", f"评分项{next(_serial)}")
        kw.setdefault("max_points", Decimal(10))
        return self._save(Criterion(component_id=component.id, **kw))

    def delegation(self, contest, **kw):
        kw.setdefault("name", f"代表队{next(_serial)}")
        return self._save(Delegation(contest_id=contest.id, **kw))

    def contestant(self, contest, **kw):
        n = next(_serial)
        kw.setdefault("bib", f"B{n:04d}")
        kw.setdefault("name", f"选手{n}")
        return self._save(Contestant(contest_id=contest.id, **kw))

    def entry(self, contestant, event, stage, **kw):
        return self._save(Entry(contestant_id=contestant.id, event_id=event.id,
                                stage_id=stage.id, **kw))

    def user(self, role="judge", password="correct-horse", runs_contests=True, **kw):
        """An account; an organizer runs every contest built (before or after) unless
        `runs_contests` is false."""
        n = next(_serial)
        kw.setdefault("username", f"{role}{n}")
        kw.setdefault("display_name", f"{role} {n}")
        user = User(role=role, **kw)
        user.set_password(password)
        self._save(user)
        if role == "organizer" and not runs_contests:
            self.outsiders.add(user.id)
        self._members()
        return user

    def _members(self) -> None:
        """Every built organizer (but the outsiders) is a member of every contest."""
        organizers = self.session.scalars(select(User.id).where(User.role == "organizer"))
        contests = self.session.scalars(select(Contest.id)).all()
        have = {tuple(row) for row in self.session.execute(
            select(ContestMember.contest_id, ContestMember.user_id))}
        for user_id in organizers:
            for contest_id in contests:
                if user_id not in self.outsiders and (contest_id, user_id) not in have:
                    self.session.add(ContestMember(contest_id=contest_id, user_id=user_id))
        self.session.commit()

    def panel(self, stage, event, component, rater_group, **kw):
        kw.setdefault("name", f"评审组{next(_serial)}")
        return self._save(Panel(stage_id=stage.id, event_id=event.id, component_id=component.id,
                                rater_group_id=rater_group.id, **kw))

    def panel_judge(self, panel, user, **kw):
        return self._save(PanelJudge(panel_id=panel.id, user_id=user.id, **kw))

    def conflict(self, contest, user, **kw):
        kw.setdefault("reason", "同单位")
        return self._save(Conflict(contest_id=contest.id, user_id=user.id, **kw))

    def award_rule(self, contest, **kw):
        kw.setdefault("name", "个人奖")
        return self._save(AwardRule(contest_id=contest.id, **kw))

    def award_tier(self, rule, **kw):
        kw.setdefault("name", "一等奖")
        return self._save(AwardTier(rule_id=rule.id, **kw))

    def title_rule(self, contest, **kw):
        kw.setdefault("name", "优秀班组长")
        return self._save(TitleRule(contest_id=contest.id, **kw))

    def marked(self, panel, entry, judge, criterion, value="8"):
        """A judge's sheet with one mark on it."""
        sheet = ScoreSheet(panel_id=panel.id, entry_id=entry.id, judge_id=judge.id)
        sheet.marks.append(Mark(criterion_id=criterion.id, value=Decimal(value)))
        return self._save(sheet)

    def scored_contest(self):
        """A small contest with one mark entered: a stage, event, heat, component, group,
        criterion, delegation, contestant, entry, panel with a judge, and a sheet."""
        contest = self.contest(starts_on=date(2026, 5, 1), ends_on=date(2026, 5, 3))
        stage = self.stage(contest)
        event = self.event(contest)
        heat = self.heat(stage)
        component = self.component(stage)
        group = self.rater_group(component)
        criterion = self.criterion(component)
        delegation = self.delegation(contest)
        contestant = self.contestant(contest, delegation_id=delegation.id)
        entry = self.entry(contestant, event, stage, heat_id=heat.id)
        judge = self.user("judge")
        panel = self.panel(stage, event, component, group, heat_id=heat.id)
        panel_judge = self.panel_judge(panel, judge)
        sheet = self.marked(panel, entry, judge, criterion)
        return dict(contest=contest, stage=stage, event=event, heat=heat, component=component,
                    group=group, criterion=criterion, delegation=delegation,
                    contestant=contestant, entry=entry, judge=judge, panel=panel,
                    panel_judge=panel_judge, sheet=sheet)
