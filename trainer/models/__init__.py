"""Database models, one module per area. Importing this package registers every table."""

from .audit import AuditRecord
from .calls import Call, CallBatch, CallCheck
from .coaching import Assignment, CalibrationReviewer, CalibrationSession
from .jobs import Job
from .practice import PracticeSession, ScenarioVersion, Turn
from .review import Comment, Dispute, FlagDecision, ScoreJudgement
from .teams import Team
from .users import ROLES, User

__all__ = ["ROLES", "Assignment", "AuditRecord", "CalibrationReviewer", "CalibrationSession",
           "Call", "CallBatch", "CallCheck", "Comment", "Dispute", "FlagDecision", "Job",
           "PracticeSession", "ScenarioVersion", "ScoreJudgement", "Team", "Turn", "User"]
