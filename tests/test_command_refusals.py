"""The command line answers a refusal like the pages do: its message (in the default
language), exit status 1, no traceback and nothing written."""
from sqlalchemy import func, select

from contests.models import Certificate


def test_a_refused_command_prints_the_reason_and_exits_1(runner, build, db):
    build.contest(code="NOFINAL")
    result = runner.invoke(args=["certificates", "issue", "--contest", "NOFINAL"])
    assert result.exit_code == 1
    assert "Error: 尚无最终成绩：公示期结束、成绩确定后方可颁发证书。" in result.output
    assert "Traceback" not in result.output
    assert db.session.scalar(select(func.count()).select_from(Certificate)) == 0
