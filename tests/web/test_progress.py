"""Progress for the trainee: each dimension per session, the library's done and passed marks,
and the next scenario suggested from the weakest dimension and the scenarios not passed."""

from datetime import timedelta

import pytest

from trainer.extensions import db
from trainer.models import PracticeSession
from trainer.models.clock import utcnow
from trainer.sessions import progress


@pytest.fixture
def finished(app, uid):
    """finished(role, scenario, scores, passed, called_for=all) -> id of a finished session."""
    count = [0]

    def _add(key, scenario, scores, passed, called_for=None):
        count[0] += 1
        with app.app_context():
            when = utcnow() - timedelta(days=30 - count[0])
            session = PracticeSession(
                user_id=uid(key), scenario_id=scenario, scenario_title=scenario, state={},
                started_at=when, finished_at=when + timedelta(minutes=5), passed=passed,
                summary={"scores": scores, "called_for": called_for or list(scores),
                         "overall": sum(scores[d] for d in called_for or scores)
                         / len(called_for or scores)})
            db.session.add(session)
            db.session.commit()
            return session.id

    return _add


def scores(empathy=80, positive=80, assertive=80, calm=80):
    return {"empathy": empathy, "positive_language": positive, "assertiveness": assertive,
            "calmness": calm}


def test_a_new_trainee_is_pointed_at_an_easy_call(login_as):
    page = login_as("trainee").get("/practice/").get_data(as_text=True)
    assert "Suggested next: Laid off three weeks ago" in page
    assert "Start with an easy call" in page
    assert 'class="badge pass mark"' not in page and "not passed yet" not in page


def test_the_library_marks_scenarios_done_and_passed(login_as, finished):
    finished("trainee", "lost_job", scores(), passed=True)
    finished("trainee", "lost_job", scores(empathy=20), passed=False)
    finished("trainee", "stop_calling", scores(calm=40), passed=False)
    finished("outsider", "cooperative_plan", scores(), passed=True)  # someone else's
    page = login_as("trainee").get("/practice/").get_data(as_text=True)
    lost_job = page.split('id="sc-lost_job"')[1].split("</li>")[0]
    assert "Passed · best 80" in lost_job
    stop = page.split('id="sc-stop_calling"')[1].split("</li>")[0]
    assert "Done · not passed yet · best" in stop
    plan = page.split('id="sc-cooperative_plan"')[1].split("</li>")[0]
    assert "badge pass mark" not in plan and "badge pending mark" not in plan


def test_the_suggestion_works_on_the_weakest_dimension_in_a_scenario_not_passed(
        app, uid, login_as, finished):
    finished("trainee", "lost_job", scores(empathy=40), passed=True)
    finished("trainee", "cooperative_plan", scores(empathy=30, assertive=70), passed=True,
             called_for=["positive_language", "assertiveness", "calmness"])
    with app.app_context():
        from trainer.sessions.library import get_library

        suggestion = progress.next_scenario(uid("trainee"), list(get_library().scenarios.values()))
    # empathy: 40 where it was called for (the 30 of a call that never called for it is left
    # out); lost_job is passed, so the scenario not passed that calls for it most often
    assert suggestion.dimension == "empathy"
    assert suggestion.scenario.id == "medical_hardship"
    assert "over your last 2 calls is empathy (average 40 in the 1 that called for it)" \
        in suggestion.why
    assert "calls for it at 3 of its 8 moments, and you have not tried it yet" in suggestion.why
    page = login_as("trainee").get("/practice/").get_data(as_text=True)
    assert "Suggested next: " + suggestion.scenario.title in page


def test_an_easier_scenario_comes_first_and_hard_ones_wait_for_a_medium_pass(
        app, uid, finished):
    def suggested():
        with app.app_context():
            from trainer.sessions.library import get_library

            return progress.next_scenario(uid("trainee"),
                                          list(get_library().scenarios.values()))

    finished("trainee", "lost_job", scores(assertive=35), passed=True)
    suggestion = suggested()
    assert suggestion.dimension == "assertiveness"
    assert suggestion.scenario.id == "cooperative_plan"  # 8 of 8 moments, and easy
    finished("trainee", "cooperative_plan", scores(positive=30), passed=True)
    # positive language: all of wrong_party's 5 moments, but it is hard and nothing medium is
    # passed yet, so the medium call that asks for it most often comes first
    suggestion = suggested()
    assert suggestion.dimension == "positive_language"
    assert suggestion.scenario.difficulty == "medium"
    assert suggestion.scenario.id == "credit_question"  # 7 of 9


def test_history_shows_each_dimension_per_session_and_dashes_what_was_not_called_for(
        login_as, finished):
    finished("trainee", "cooperative_plan", scores(empathy=30, positive=71, assertive=72,
                                                   calm=93), passed=True,
             called_for=["positive_language", "assertiveness", "calmness"])
    page = login_as("trainee").get("/practice/history").get_data(as_text=True)
    table = page.split('class="progress"')[1].split("</table>")[0]
    row = table.split("<tbody>")[1]
    assert '<span aria-label="not called for">—</span>' in row  # empathy
    for value in ("71", "72", "93"):
        assert f">{value}</td>" in row
