"""The domain model, one aggregate per module. Import models from here."""
from .appeals import Appeal
from .assessment import CRITERION_KINDS, Component, Criterion, RaterGroup
from .audit import AuditEntry
from .awards import (
    AWARD_RANKED_TOGETHER_VOCABULARY,
    AWARD_SCOPE_VOCABULARY,
    AWARD_SCOPES,
    AwardRule,
    AwardTier,
    TeamStanding,
    TitleRule,
)
from .certificates import (
    CERTIFICATE_KIND_VOCABULARY,
    CERTIFICATE_KINDS,
    CERTIFICATE_STATUS_VOCABULARY,
    CERTIFICATE_STATUSES,
    JOB_STATUS_VOCABULARY,
    JOB_STATUSES,
    Certificate,
    CertificateJob,
    CertificateWording,
)
from .contest import Contest, Event, Heat, Stage
from .draws import Draw, SealedCode
from .jobs import JOB_KIND_VOCABULARY, JOB_KINDS, Job
from .judging import (
    SHEET_STATUS_VOCABULARY,
    SHEET_STATUSES,
    AppliedChange,
    Conflict,
    Mark,
    Panel,
    PanelJudge,
    ScoreSheet,
    SignInLink,
)
from .membership import ContestMember, DelegationLeader
from .paper import PaperCopy, PaperMark, PaperSheet
from .people import ENTRY_STATUS_VOCABULARY, ENTRY_STATUSES, Contestant, Delegation, Entry
from .rate_limit import RateLimit
from .resolutions import SpreadResolution
from .results import (
    ADVANCEMENT_ACTION_VOCABULARY,
    OBJECTION_STATUS_VOCABULARY,
    OBJECTION_STATUSES,
    VERSION_STATUS_VOCABULARY,
    VERSION_STATUSES,
    AdvancementException,
    NominationDecision,
    Objection,
    ResultVersion,
)
from .sessions import UserSession
from .user import ROLE_VOCABULARY, ROLES, User

__all__ = [
    "ADVANCEMENT_ACTION_VOCABULARY", "AWARD_RANKED_TOGETHER_VOCABULARY",
    "AWARD_SCOPE_VOCABULARY", "CERTIFICATE_KIND_VOCABULARY",
    "CERTIFICATE_STATUS_VOCABULARY", "ENTRY_STATUS_VOCABULARY", "JOB_STATUS_VOCABULARY",
    "OBJECTION_STATUS_VOCABULARY", "ROLE_VOCABULARY", "SHEET_STATUS_VOCABULARY",
    "VERSION_STATUS_VOCABULARY",
    "CERTIFICATE_KINDS", "CERTIFICATE_STATUSES", "JOB_STATUSES", "Certificate", "CertificateJob",
    "CertificateWording", "JOB_KIND_VOCABULARY", "JOB_KINDS", "Job",
    "AWARD_SCOPES", "CRITERION_KINDS", "ENTRY_STATUSES", "OBJECTION_STATUSES", "ROLES",
    "SHEET_STATUSES", "VERSION_STATUSES", "AdvancementException", "NominationDecision",
    "Objection", "RateLimit", "ResultVersion",
    "Appeal", "DelegationLeader",
    "AppliedChange", "AuditEntry", "AwardRule", "AwardTier", "Component", "Conflict", "Contest",
    "ContestMember", "PaperCopy", "PaperMark", "PaperSheet",
    "Contestant",
    "Criterion", "Delegation", "Draw", "Entry", "SealedCode", "Event", "Heat", "Mark", "Panel", "PanelJudge",
    "SpreadResolution",
    "RaterGroup", "ScoreSheet", "SignInLink", "Stage", "TeamStanding", "TitleRule", "User", "UserSession",
]
