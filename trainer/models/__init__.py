"""Database models, one module per area. Importing this package registers every table."""

from .jobs import Job
from .practice import PracticeSession, Turn
from .users import ROLES, User

__all__ = ["ROLES", "Job", "PracticeSession", "Turn", "User"]
