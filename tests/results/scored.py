"""A small contest with confirmed sheets: two stages, five judges, six contestants,
a quota award rule and a title for the finalists. Used by the results tests."""
from decimal import Decimal as D

from contests.models import Mark, ScoreSheet

MARKS = {  # bib -> five judges' marks (trimmed mean drops one highest and one lowest)
    "A1": [90, 91, 92, 93, 99], "A2": [85, 86, 87, 88, 60], "A3": [80, 81, 82, 83, 84],
    "A4": [75, 76, 77, 78, 79], "A5": [70, 71, 72, 73, 74], "A6": [65, 66, 67, 68, 69],
}


def scored_contest(build, session):
    contest = build.contest(code="DEMO", name="测试技能竞赛", name_en="Test skills contest",
                            is_listed=True, organizer="测试总工会")
    first = build.stage(contest, name="复赛", advancement_rule="top_n",
                        advancement_value=D(3))
    final = build.stage(contest, name="决赛", carry_over_percent=D(30))
    event = build.event(contest, name="心理咨询")
    component = build.component(first, name="实操")
    group = build.rater_group(component, name="裁判组", aggregation="trimmed_mean", trim_k=1)
    criterion = build.criterion(component, name="咨询技能", max_points=D(100), step=D(1))
    judges = [build.user("judge", display_name=f"评委{i}") for i in range(1, 6)]
    panel = build.panel(first, event, component, group, name="复赛评审组")
    for judge in judges:
        build.panel_judge(panel, judge)
    delegation = build.delegation(contest, name="广州市代表队")
    entries = {}
    for bib, marks in MARKS.items():
        person = build.contestant(contest, bib=bib, name=f"选手{bib}",
                                  delegation_id=delegation.id)
        entries[bib] = entry = build.entry(person, event, first)
        for judge, value in zip(judges, marks):
            sheet = ScoreSheet(panel_id=panel.id, entry_id=entry.id, judge_id=judge.id,
                               status="confirmed")
            sheet.marks.append(Mark(criterion_id=criterion.id, value=D(value)))
            session.add(sheet)
    session.commit()
    rule = build.award_rule(contest, name="个人奖", stage_id=first.id)
    build.award_tier(rule, name="一等奖", quota=1, position=1)
    build.award_tier(rule, name="二等奖", quota=2, position=2)
    build.title_rule(contest, name="优秀选手", basis="stage_finalist", stage_id=final.id)
    return dict(contest=contest, first=first, final=final, event=event, judges=judges,
                panel=panel, criterion=criterion, entries=entries, delegation=delegation)
