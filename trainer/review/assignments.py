"""Assignments (a scenario to pass at a mark by a date) and certification for live calls.

A trainee is certified when, for every scenario assigned to them or to their team, a session
started after the assignment was made finished at or above its pass mark with no critical
flag (both as they stand, after any coach review).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import case, func

from trainer import audit
from trainer.extensions import db
from trainer.models import Assignment, PracticeSession, User
from trainer.models.clock import as_utc, iso, utcnow
from trainer.sessions.library import find_scenario

from .access import coached_teams, coached_trainee, trainees
from .checks import check_date, check_score, day_end
from .errors import BadReview, NotAllowed, NotFound

CLOSE_POINTS = 10  # "close": every scenario still to pass has a clean attempt this near


@dataclass
class AssignmentStatus:
    """How one trainee stands on one assignment."""

    assignment: Assignment
    attempts: int = 0
    best: float | None = None  # best overall of a clean attempt (no critical flag)
    met: bool = False

    @property
    def overdue(self) -> bool:
        """Not passed and past its due date."""
        return not self.met and as_utc(self.assignment.due_at) < utcnow()


@dataclass
class Certification:
    """A trainee's standing on all their assignments."""

    user: User
    statuses: list[AssignmentStatus] = field(default_factory=list)

    @property
    def certified(self) -> bool:
        """Every assigned scenario passed at its mark with no critical flag."""
        return bool(self.statuses) and all(s.met for s in self.statuses)

    @property
    def overdue(self) -> list[AssignmentStatus]:
        """The assignments not passed by their due date."""
        return [s for s in self.statuses if s.overdue]

    @property
    def close(self) -> bool:
        """Not certified yet, but within CLOSE_POINTS of the mark on everything left."""
        left = [s for s in self.statuses if not s.met]
        return bool(left) and all(s.best is not None and
                                  s.best >= s.assignment.pass_mark - CLOSE_POINTS for s in left)

    @property
    def label(self) -> str:
        """certified / overdue / close / in progress / no assignments."""
        if not self.statuses:
            return "no assignments"
        if self.certified:
            return "certified"
        return "overdue" if self.overdue else "close" if self.close else "in progress"

    def to_dict(self) -> dict[str, Any]:
        """As JSON (exports and the API)."""
        return {"certified": self.certified, "status": self.label,
                "assignments": [{"scenario": s.assignment.scenario_id,
                                 "pass_mark": s.assignment.pass_mark,
                                 "due": iso(s.assignment.due_at), "attempts": s.attempts,
                                 "best": s.best, "passed": s.met, "overdue": s.overdue}
                                for s in self.statuses]}


def assignments_query(users: list[User]):
    """A select of the assignments of these users, directly or through their teams."""
    team_ids = {u.team_id for u in users if u.team_id is not None}
    user_ids = [u.id for u in users]
    return (db.select(Assignment)
            .where(Assignment.trainee_id.in_(user_ids) | Assignment.team_id.in_(team_ids))
            .order_by(Assignment.due_at, Assignment.id))


def certification(users: list[User]) -> dict[int, Certification]:
    """Each user's certification, in two queries whatever the number of users: the
    database counts each (user, assignment)'s attempts and finds its best clean one."""
    out = {u.id: Certification(u) for u in users}
    if not users:
        return out
    assignments = list(db.session.scalars(assignments_query(users)))
    if not assignments:
        return out
    s, a = PracticeSession, Assignment
    counts = {}
    query = (db.select(s.user_id, a.id, func.count(s.id),
                       func.max(case((s.critical_flags == 0, s.result_overall))))
             .select_from(s).join(User, User.id == s.user_id)
             .join(a, (a.scenario_id == s.scenario_id) & (s.started_at >= a.created_at)
                   & ((a.trainee_id == s.user_id) | (a.team_id == User.team_id)))
             .where(s.user_id.in_(list(out)), a.id.in_([x.id for x in assignments]),
                    s.finished_at.is_not(None), s.result_overall.is_not(None))
             .group_by(s.user_id, a.id))
    for user_id, assignment_id, attempts, best in db.session.execute(query):
        counts[(user_id, assignment_id)] = (attempts, best)
    for user in users:
        for x in assignments:
            if x.trainee_id != user.id and (x.team_id is None or x.team_id != user.team_id):
                continue
            attempts, best = counts.get((user.id, x.id), (0, None))
            out[user.id].statuses.append(AssignmentStatus(
                x, attempts=attempts, best=best, met=best is not None and best >= x.pass_mark))
    return out


def create_assignment(author: User, scenario_id: Any, due: Any, pass_mark: Any = None,
                      trainee_id: Any = None, team_id: Any = None, note: Any = "") -> Assignment:
    """Assign a scenario to a trainee or a team the author coaches."""
    scenario = find_scenario(scenario_id)
    if scenario is None:
        raise BadReview(f"no scenario {scenario_id!r} in the library")
    due_day = check_date(due, "the due date")
    if due_day is None:
        raise BadReview("the due date is required")
    due_at = day_end(due_day)
    if due_at < datetime.now(UTC):
        raise BadReview("the due date has passed; choose today or a later day")
    mark = scenario.pass_mark if pass_mark in (None, "") else check_score(pass_mark, "the mark")
    if (trainee_id in (None, "")) == (team_id in (None, "")):
        raise BadReview("assign it to one trainee or to one team")
    trainee = team = None
    if trainee_id not in (None, ""):
        trainee = coached_trainee(_as_int(trainee_id), author)
    else:
        team = next((t for t in coached_teams(author) if t.id == _as_int(team_id)), None)
        if team is None:
            raise NotAllowed("that is not a team you lead")
    note = note.strip()[:1000] if isinstance(note, str) else ""
    assignment = Assignment(scenario_id=scenario.id, pass_mark=round(mark), due_at=due_at,
                            trainee_id=trainee.id if trainee else None,
                            team_id=team.id if team else None, note=note,
                            created_by=author.id)
    db.session.add(assignment)
    db.session.flush()
    audit.record("assignment.create", "assignment", assignment.id, actor=author,
                 new={"scenario": scenario.id, "pass_mark": assignment.pass_mark,
                      "due": iso(due_at), "trainee": assignment.trainee_id,
                      "team": assignment.team_id})
    db.session.commit()
    return assignment


def delete_assignment(assignment_id: Any, author: User) -> None:
    """Withdraw an assignment of a trainee or team the author coaches."""
    assignment = db.session.get(Assignment, assignment_id) \
        if isinstance(assignment_id, int) else None
    if assignment is None:
        raise NotFound(f"no assignment {assignment_id}")
    if assignment.trainee_id is not None:
        coached_trainee(assignment.trainee_id, author)
    elif assignment.team_id not in {t.id for t in coached_teams(author)}:
        raise NotAllowed("that assignment is for a team you do not lead")
    audit.record("assignment.delete", "assignment", assignment.id, actor=author,
                 old={"scenario": assignment.scenario_id, "pass_mark": assignment.pass_mark,
                      "due": iso(assignment.due_at), "trainee": assignment.trainee_id,
                      "team": assignment.team_id})
    db.session.delete(assignment)
    db.session.commit()


def visible_assignments(viewer: User) -> list[Assignment]:
    """The assignments of the trainees and teams a coach follows (an admin: all)."""
    query = db.select(Assignment).order_by(Assignment.due_at, Assignment.id)
    if viewer.role != "admin":
        team_ids = [t.id for t in coached_teams(viewer)]
        user_ids = [u.id for u in trainees(viewer)]
        query = query.where(Assignment.team_id.in_(team_ids)
                            | Assignment.trainee_id.in_(user_ids))
    return list(db.session.scalars(query))


def _as_int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise BadReview(f"{value!r} is not an id") from None
