"""Users, scripted answers and finished sessions the coach review tests share."""

from datetime import UTC, datetime, timedelta

from trainer.extensions import db
from trainer.models import PracticeSession
from trainer.sessions.results import set_result

SCORES = {"empathy": 70, "positive_language": 70, "assertiveness": 70, "calmness": 70}

# A coach who leads another team, and a deactivated trainee of the coach's team: the role
# matrix's "coach of another team" and "deactivated user".
EXTRA_USERS = {
    "other_coach": {"email": "other.coach@example.com", "role": "coach", "team": "south",
                    "name": "Odie Other", "leads": ["south"]},
    "deactivated": {"email": "gone@example.com", "role": "trainee", "team": "north",
                    "name": "Gwen Gone", "active": False},
}
ROUGH_RUN = ("Is this Raymond Kowalski?",
             "This is an attempt to collect a debt and any information obtained will be used "
             "for that purpose.",
             "Calm down. You owe this money and you need to pay it today.",
             "If you don't pay by Friday we will sue you and garnish your wages.")


def attempt(user_id, scenario, overall, critical=0, days_ago=1.0, scores=None, changed=()):
    """A finished session with this result as it stands (added, not committed)."""
    when = datetime.now(UTC) - timedelta(days=days_ago)
    result = {"scores": scores or SCORES, "overall": overall,
              "passed": overall >= 70 and not critical, "critical_fail": critical > 0,
              "fail_reasons": [], "changed": list(changed)}
    session = PracticeSession(user_id=user_id, scenario_id=scenario, scenario_title=scenario,
                              state={}, started_at=when, finished_at=when,
                              summary={**result, "pass_mark": 70}, passed=result["passed"],
                              critical_flags=critical)
    set_result(session, result)
    db.session.add(session)
    return session
