"""Demo sign-ins: one administrator, one organizer and two clerks (members of every demo
contest), one chief judge and five judges (all fictional people)."""
from sqlalchemy import select

from ...extensions import db
from ...models import Contest, ContestMember, Delegation, DelegationLeader, User
from .records import Sync

DEMO_PASSWORD = "demo-password"

# username, display name, role, work unit (units drive the conflict-of-interest checks)
ACCOUNTS = (
    ("demo-admin", "演示系统管理员", "admin", "竞赛组委会办公室"),
    ("demo-organizer", "演示赛事办公室", "organizer", "竞赛组委会办公室"),
    ("demo-chief", "冯振昇", "chief_judge", "武汉商学院旅游与酒店管理学院"),
    ("demo-judge1", "林玥", "judge", "上海旅游高等专科学校"),
    ("demo-judge2", "高宇翀", "judge", "武汉楚天大酒店"),
    ("demo-judge3", "唐瑄", "judge", "邯郸市总工会"),
    ("demo-judge4", "蒋垚", "judge", "六盘水能源职业培训中心"),
    ("demo-judge5", "韦珺", "judge", "贵州省能源化学工会"),
    ("demo-clerk1", "许彧", "clerk", "竞赛组委会办公室"),
    ("demo-clerk2", "钱燚", "clerk", "竞赛组委会办公室"),
    ("demo-leader1", "罗昇", "delegation_leader", "北京市代表队"),
)
# 领队: the delegation each demo leader leads, (contest code, delegation name)
LEADERS = {"demo-leader1": ("HOTEL2026", "北京市代表队")}
JUDGES = tuple(f"demo-judge{n}" for n in range(1, 6))
ORGANIZERS = ("demo-organizer", "demo-clerk1", "demo-clerk2")  # members of every demo contest


class _Password:
    """Sets the demo password, hashing it at most once per run (hashing is slow on purpose):
    the demo accounts share one hash, and an unchanged hash is kept, not re-salted."""

    def __init__(self) -> None:
        self.good: set[str] = set()  # hashes known to match DEMO_PASSWORD

    def ensure(self, user: User) -> bool:
        """Give `user` the demo password; True when the stored hash had to change."""
        if user.password_hash in self.good:
            return False
        if user.password_hash and user.check_password(DEMO_PASSWORD):
            self.good.add(user.password_hash)
            return False
        if self.good:
            user.password_hash = next(iter(self.good))
        else:
            user.set_password(DEMO_PASSWORD)
            self.good.add(user.password_hash)
        return True


def load(sync: Sync) -> dict[str, User]:
    """Create or refresh the demo accounts; returns them by username."""
    users = {}
    password = _Password()
    for username, display_name, role, unit in ACCOUNTS:
        user = db.session.scalar(select(User).where(User.username == username))
        if user is None:
            user = User(username=username, display_name=display_name, role=role, unit=unit)
            password.ensure(user)
            db.session.add(user)
            sync.created += 1
        else:
            changed = False
            for name, value in dict(display_name=display_name, role=role, unit=unit,
                                    active=True).items():
                if getattr(user, name) != value:
                    setattr(user, name, value)
                    changed = True
            changed = password.ensure(user) or changed
            sync.updated += changed
        users[username] = user
    db.session.flush()
    return users


def members(sync: Sync, contest: Contest, users: dict[str, User]) -> None:
    """The demo organizer runs every demo contest; the demo clerks enter paper sheets in each."""
    db.session.flush()  # the contest's id
    for username in ORGANIZERS:
        user = users[username]
        if db.session.get(ContestMember, (contest.id, user.id)) is None:
            db.session.add(ContestMember(contest_id=contest.id, user_id=user.id))
            sync.created += 1
    for username, (code, name) in LEADERS.items():
        delegation = db.session.scalar(select(Delegation).where(
            Delegation.contest_id == contest.id, Delegation.name == name))
        if code != contest.code or delegation is None:
            continue
        if db.session.get(DelegationLeader, users[username].id) is None:
            db.session.add(DelegationLeader(user_id=users[username].id,
                                            delegation_id=delegation.id))
            sync.created += 1
