"""Certificate writes: issuing from final results (issuing), wording (wording), bulk
render jobs (jobs). The results service calls `issue_for_version` when a version becomes
final."""
from .issuing import IssueReport, issue_for_version

__all__ = ["IssueReport", "issue_for_version"]
