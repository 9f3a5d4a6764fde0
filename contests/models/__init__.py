"""The domain model, one aggregate per module. Import models from here."""
from .assessment import CRITERION_KINDS, Component, Criterion, RaterGroup
from .audit import AuditEntry
from .awards import AWARD_SCOPES, AwardRule, AwardTier, TitleRule
from .certificates import (CERTIFICATE_KINDS, CERTIFICATE_STATUSES, JOB_STATUSES, Certificate,
                           CertificateJob, CertificateWording)
from .contest import Contest, Event, Heat, Stage
from .judging import (SHEET_STATUSES, AppliedChange, Conflict, Mark, Panel, PanelJudge,
                      ScoreSheet, SignInLink)
from .people import ENTRY_STATUSES, Contestant, Delegation, Entry
from .results import (OBJECTION_STATUSES, VERSION_STATUSES, AdvancementException,
                      NominationDecision, Objection, ResultVersion)
from .user import ROLES, User

__all__ = [
    "CERTIFICATE_KINDS", "CERTIFICATE_STATUSES", "JOB_STATUSES", "Certificate", "CertificateJob",
    "CertificateWording",
    "AWARD_SCOPES", "CRITERION_KINDS", "ENTRY_STATUSES", "OBJECTION_STATUSES", "ROLES",
    "SHEET_STATUSES", "VERSION_STATUSES", "AdvancementException", "NominationDecision",
    "Objection", "ResultVersion",
    "AppliedChange", "AuditEntry", "AwardRule", "AwardTier", "Component", "Conflict", "Contest", "Contestant",
    "Criterion", "Delegation", "Entry", "Event", "Heat", "Mark", "Panel", "PanelJudge",
    "RaterGroup", "ScoreSheet", "SignInLink", "Stage", "TitleRule", "User",
]
