"""Demo activity for `trainer seed-demo` (development only): the demo coach's team gets three
more trainees, scripted sessions over the last six weeks, two assignments, a coach review
and an open dispute, so `make run` shows a living coach dashboard."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import yaml

from trainer.extensions import db
from trainer.models import Assignment, PracticeSession, User
from trainer.models.clock import utcnow

RUNS = Path(__file__).with_name("demo_runs.yaml")
PASSWORD = "trainee-demo"
TEAMMATES = (("jordan@example.com", "Jordan Lee"), ("riley@example.com", "Riley Park"),
             ("morgan@example.com", "Morgan Diaz"))
# Who practised what, oldest first; sessions are spread over the last six weeks.
PLAN = {"trainee@example.com": ["careful", "hurried", "careful"],
        "jordan@example.com": ["hurried", "hurried", "careful", "careful", "careful"],
        "riley@example.com": ["rough", "hurried", "rough"],
        "morgan@example.com": ["careful", "medical", "dispute", "medical"]}
WEEKS = 6


def _play(user: User, run: dict, days_ago: float) -> PracticeSession:
    """Play one scripted run to its end, then date it `days_ago`."""
    from trainer.sessions import service

    session = service.start_session(user.id, run["scenario"])
    answers = run["answers"]
    for i in range(40):  # scenarios end by max_turns long before this
        _turn, step = service.submit_answer(session.id, user.id,
                                            answers[min(i, len(answers) - 1)])
        if step.finished:
            break
    when = utcnow() - timedelta(days=days_ago)
    session.started_at, session.finished_at = when, when + timedelta(minutes=6)
    db.session.commit()
    return session


def _review(coach: User, sessions: dict[str, list[PracticeSession]]) -> None:
    """A coach's override and comments, and a trainee's open dispute."""
    from trainer.review import comments, disputes, judgements

    first, last = sessions["jordan@example.com"][0], sessions["jordan@example.com"][-1]
    judgements.override_scores(first, coach, {"empathy": 10, "calmness": 55},
                               "A bare 'why haven't you paid?' sounds like blame, not a "
                               "question about her situation.", turn_index=2)
    for index in range(3):
        judgements.confirm_scores(last, coach, turn_index=index)
    comments.add_comment(last, coach, "Much better flow than in your first calls; keep reading "
                         "the promise back like this.")
    riley = sessions["riley@example.com"][0]
    comments.add_comment(riley, coach, "He asked us to stop calling: acknowledge it and end "
                         "the call. Never threaten a lawsuit.", turn_index=3)
    morgan = next(s for s in sessions["morgan@example.com"] if s.scenario_id == "not_my_debt")
    user = db.session.get(User, morgan.user_id)
    disputes.open_dispute(morgan.id, user, "empathy", "I acknowledged her dispute straight "
                          "away; I think that deserves more than this.", turn_index=3)


def seed_demo_activity() -> bool:
    """Add the demo team's activity once; False when it is already there (or no coach)."""
    from trainer.admin.users import create_user

    coach = User.by_email("coach@example.com")
    if coach is None or not coach.led_teams:
        return False
    if db.session.scalar(db.select(Assignment.id).filter_by(created_by=coach.id).limit(1)):
        return False
    team = coach.led_teams[0]
    for email, name in TEAMMATES:
        if User.by_email(email) is None:
            create_user(email, "trainee", PASSWORD, name, team.name)
    start = utcnow() - timedelta(weeks=WEEKS)
    db.session.add_all([
        Assignment(scenario_id="lost_job", team_id=team.id, pass_mark=70, created_by=coach.id,
                   created_at=start, due_at=utcnow() + timedelta(days=7),
                   note="Certification for live calls"),
        Assignment(scenario_id="stop_calling", trainee_id=User.by_email("riley@example.com").id,
                   pass_mark=75, created_by=coach.id, created_at=start,
                   due_at=utcnow() - timedelta(days=3), note="After last month's complaint")])
    db.session.commit()
    runs = yaml.safe_load(RUNS.read_text())
    sessions: dict[str, list[PracticeSession]] = {}
    for email, plan in PLAN.items():
        user = User.by_email(email)
        for i, name in enumerate(plan):
            days_ago = WEEKS * 7 * (1 - (i + 1) / (len(plan) + 1))
            sessions.setdefault(email, []).append(_play(user, runs[name], days_ago))
    _review(coach, sessions)
    return True
