"""Database models, one module per area. Importing this package registers every table."""

from .audit import AuditRecord
from .calls import Call, CallBatch, CallCheck
from .jobs import Job
from .practice import PracticeSession, Turn
from .scenario_drafts import ScenarioDraft
from .users import ROLES, User

__all__ = ["ROLES", "AuditRecord", "Call", "CallBatch", "CallCheck", "Job", "PracticeSession",
           "ScenarioDraft", "Turn", "User"]
