"""Every page, for the roles that may open it: status, content and database effects."""

import re

import pytest

from trainer.extensions import db
from trainer.models import PracticeSession, Turn, User


def text_of(response) -> str:
    """The response body as text."""
    return response.get_data(as_text=True)


def test_anonymous_home_and_pages_redirect_to_login(client):
    assert client.get("/").headers["Location"].endswith("/login")
    response = client.get("/practice/history")
    assert response.status_code == 302
    assert "/login?next=/practice/history" in response.headers["Location"]


@pytest.mark.parametrize("role, start", [
    ("trainee", "/practice/"), ("coach", "/coach/"), ("qa", "/qa/score"), ("admin", "/admin/users"),
])
def test_home_sends_each_role_to_its_start_page(login_as, role, start):
    assert login_as(role).get("/").headers["Location"].endswith(start)


def test_login_with_the_right_password_then_logout(client, csrf):
    token = csrf(client, "/login")
    response = client.post("/login?next=/practice/history", data={
        "csrf_token": token, "email": "Trainee@Example.com ", "password": "correct-horse"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/practice/history"
    assert client.get("/practice/history").status_code == 200
    token = csrf(client, "/practice/history")
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/practice/history").status_code == 302


@pytest.mark.parametrize("email, password", [
    ("trainee@example.com", "wrong-password"), ("nobody@example.com", "correct-horse"),
])
def test_login_failure_is_one_message_and_no_session(client, csrf, email, password):
    token = csrf(client, "/login")
    response = client.post("/login", data={"csrf_token": token, "email": email,
                                           "password": password})
    assert response.status_code == 400
    assert "Wrong email or password." in text_of(response)
    assert client.get("/practice/").status_code == 302


def test_login_ignores_an_offsite_next(client, csrf):
    token = csrf(client, "/login")
    response = client.post("/login?next=https://evil.example/", data={
        "csrf_token": token, "email": "trainee@example.com", "password": "correct-horse"})
    assert response.headers["Location"] == "/"


def test_login_with_a_malformed_email_says_so(client, csrf):
    token = csrf(client, "/login")
    response = client.post("/login", data={"csrf_token": token, "email": "not-an-email",
                                           "password": "x"})
    assert response.status_code == 400
    assert "Enter an email address" in text_of(response)


def test_library_lists_scenarios_with_badges_and_start_forms(login_as):
    page = text_of(login_as("trainee").get("/practice/"))
    assert "Laid off three weeks ago" in page
    assert re.search(r'class="badge difficulty difficulty-easy"', page)
    assert 'name="scenario" value="lost_job"' in page
    assert 'name="csrf_token"' in page


def test_library_filters_by_text_and_difficulty(login_as):
    client = login_as("trainee")
    page = text_of(client.get("/practice/?q=warehouse"))
    assert 'value="lost_job"' in page
    assert 'value="stop_calling"' not in page
    hard = text_of(client.get("/practice/?difficulty=hard"))
    assert 'difficulty-easy"' not in hard
    nothing = text_of(client.get("/practice/?q=zzzz-no-such-words"))
    assert "No scenario matches" in nothing


def test_library_unknown_difficulty_is_explained_not_an_error(login_as):
    response = login_as("trainee").get("/practice/?difficulty=impossible")
    assert response.status_code == 200
    assert "There is no difficulty called" in text_of(response)
    assert 'value="lost_job"' in text_of(response)


def test_starting_a_scenario_creates_a_session_and_shows_the_call(app, login_as, csrf, uid):
    client = login_as("trainee")
    token = csrf(client, "/practice/")
    response = client.post("/practice/sessions", data={"csrf_token": token,
                                                       "scenario": "lost_job"})
    assert response.status_code == 302
    with app.app_context():
        session = db.session.scalars(db.select(PracticeSession)).one()
        assert session.user_id == uid("trainee") and session.scenario_id == "lost_job"
        assert session.debtor_line == "Hello?"
    page = text_of(client.get(response.headers["Location"]))
    assert "Dana Whitfield" in page and "$1,842.37" in page  # account screen
    assert '<label for="text">Your answer</label>' in page
    assert 'maxlength="2000"' in page
    assert "Hello?" in page


def test_answering_shows_scores_evidence_flags_suggestion_and_next_line(
        app, login_as, csrf, start_session):
    session_id = start_session("trainee")
    client = login_as("trainee")
    token = csrf(client, f"/practice/sessions/{session_id}")
    response = client.post(f"/practice/sessions/{session_id}/turns", data={
        "csrf_token": token,
        "text": "You owe $1,842 on your Visa and you need to pay it today."})
    assert response.status_code == 302
    page = text_of(client.get(f"/practice/sessions/{session_id}"))
    for label in ("Empathy", "Positive language", "Assertiveness", "Calmness"):
        assert label in page
    assert "<mark class=\"ev " in page  # evidence spans are highlighted
    assert 'role="tooltip"' in page
    assert "Debt details before right-party verification" in page  # the flag by name
    assert "debt_before_verification" not in page.split('id="feedback"')[1].split("<details")[0]
    assert "FDCPA 1692c(b)" in page
    assert "Whoa, hold on" in page  # the debtor's branch line
    assert "angrier by 2" in page
    with app.app_context():
        turn = db.session.scalars(db.select(Turn)).one()
        assert turn.scorecard["flags"][0]["severity"] == "critical"
        assert turn.mood == 5 and turn.source == "typed"


def test_finished_session_scorecard_and_try_again(app, login_as, csrf, finish_session,
                                                   good_answers):
    session_id = finish_session("trainee")
    client = login_as("trainee")
    assert client.get(f"/practice/sessions/{session_id}").headers["Location"].endswith(
        f"/practice/sessions/{session_id}/scorecard")
    page = text_of(client.get(f"/practice/sessions/{session_id}/scorecard"))
    assert "Scorecard: Laid off three weeks ago" in page
    assert "Promise to pay captured" in page
    assert "Right-party verification <span class=\"step-status\">done</span>" in page
    assert page.count('class="panel turn"') == len(good_answers)
    assert "<mark" in page
    assert "Try again" in page
    with app.app_context():
        session = db.session.get(PracticeSession, session_id)
        assert session.summary["steps_missed"] == []
        verdict = "passed" if session.passed else "not passed"
    assert f'<span class="badge {"pass" if verdict == "passed" else "fail"}">{verdict}' in page
    token = csrf(client, f"/practice/sessions/{session_id}/scorecard")
    again = client.post("/practice/sessions", data={"csrf_token": token,
                                                    "scenario": "lost_job"})
    assert again.status_code == 302
    with app.app_context():
        assert db.session.query(PracticeSession).count() == 2


def test_history_lists_only_my_sessions(login_as, start_session, finish_session):
    finish_session("trainee")
    start_session("outsider", "stop_calling")
    page = text_of(login_as("trainee").get("/practice/history"))
    assert "Laid off three weeks ago" in page
    assert page.split("All sessions")[1].count("<tr>") == 2  # header + one session
    assert "Continue" not in page and "Scorecard<span" in page


def test_coach_team_page_shows_team_members_and_pass_rate(login_as, finish_session):
    finish_session("trainee")
    page = text_of(login_as("coach").get("/coach/"))
    assert "Terry Trainee" in page
    assert "Olly Outsider" not in page  # another team
    assert re.search(r"(0|100)% <span class=\"muted\">\((0|1)/1\)", page)


def test_coach_sees_team_member_sessions_and_read_only_scorecard(
        login_as, uid, finish_session):
    session_id = finish_session("trainee")
    coach = login_as("coach")
    page = text_of(coach.get(f"/coach/trainees/{uid('trainee')}"))
    assert f"/coach/sessions/{session_id}" in page  # the coach's list opens the review
    card = coach.get(f"/practice/sessions/{session_id}/scorecard")
    assert card.status_code == 200
    assert "Try again" not in text_of(card)
    assert coach.get(f"/practice/sessions/{session_id}").status_code == 302  # -> scorecard


def test_coach_cannot_open_another_teams_trainee(login_as, uid, finish_session):
    session_id = finish_session("outsider")
    coach = login_as("coach")
    # the coach pages say "not in a team you lead" (403); the trainee's page stays a 404
    assert coach.get(f"/coach/trainees/{uid('outsider')}").status_code == 403
    assert coach.get(f"/practice/sessions/{session_id}/scorecard").status_code == 404


def test_admin_sees_everyone_on_the_team_page(login_as):
    page = text_of(login_as("admin").get("/coach/"))
    assert "Terry Trainee" in page and "Olly Outsider" in page


def test_admin_creates_a_user(app, login_as, csrf):
    client = login_as("admin")
    token = csrf(client, "/admin/users")
    response = client.post("/admin/users", data={
        "csrf_token": token, "email": "new.hire@example.com", "name": "New Hire",
        "role": "trainee", "team": "north", "password": "long-enough"})
    assert response.status_code == 302
    with app.app_context():
        user = User.by_email("new.hire@example.com")
        assert user.role == "trainee" and user.team == "north"
        assert user.check_password("long-enough")
    assert "new.hire@example.com" in text_of(client.get("/admin/users"))


@pytest.mark.parametrize("field, value, message", [
    ("email", "trainee@example.com", "already exists"),
    ("email", "nope", "Enter an email address"),
    ("role", "boss", "Not a valid choice"),
    ("password", "short", "Use 8 to 200 characters"),
])
def test_admin_create_user_bad_input_changes_nothing(app, login_as, csrf, field, value,
                                                     message):
    client = login_as("admin")
    token = csrf(client, "/admin/users")
    data = {"csrf_token": token, "email": "fresh@example.com", "name": "", "role": "coach",
            "team": "", "password": "long-enough", field: value}
    with app.app_context():
        before = db.session.query(User).count()
    response = client.post("/admin/users", data=data)
    assert response.status_code == 400
    assert message in text_of(response)
    with app.app_context():
        assert db.session.query(User).count() == before


def test_admin_scenarios_page_lists_the_library(login_as):
    page = text_of(login_as("admin").get("/admin/scenarios"))
    assert "Every scenario file loaded." in page
    assert "<code>lost_job</code>" in page


def test_settings_generates_a_token_shown_once_and_stored_hashed(app, login_as, csrf):
    client = login_as("trainee")
    token = csrf(client, "/settings")
    page = text_of(client.post("/settings", data={"csrf_token": token}))
    api_token = re.search(r'id="new-token"[^>]*value="(trn_[^"]+)"', page).group(1)
    with app.app_context():
        user = User.by_email("trainee@example.com")
        assert user.api_token_hash and api_token not in user.api_token_hash
        assert User.by_token(api_token).id == user.id
    assert api_token not in text_of(client.get("/settings"))
    response = client.get("/api/v1/sessions", headers={"Authorization": f"Bearer {api_token}"})
    assert response.status_code == 200


def test_unknown_page_is_a_friendly_404(login_as):
    response = login_as("trainee").get("/no/such/page")
    assert response.status_code == 404
    assert "Not Found" in text_of(response) and "Back to the start page" in text_of(response)


def _play(app, uid, key, scenario, answers):
    from trainer.sessions import service

    with app.app_context():
        session_id = service.start_session(uid(key), scenario).id
        for text in answers:
            _turn, step = service.submit_answer(session_id, uid(key), text)
            if step.finished:
                break
        return session_id


def test_a_running_call_shows_steps_not_reached_yet_never_missed(app, uid, login_as):
    session_id = _play(app, uid, "trainee", "lost_job",
                       ["Hi, this is Sam from Harbor Point Recovery. Am I speaking with "
                        "Dana Whitfield?"])
    page = text_of(login_as("trainee").get(f"/practice/sessions/{session_id}/scorecard"))
    assert "Right-party verification <span class=\"step-status\">done</span>" in page
    assert page.count("not reached yet</span>") == 6
    assert 'class="step-missed"' not in page
    assert "status-fail" not in page  # the disclosure is not due yet: the rules table agrees


def test_the_rules_table_and_the_steps_list_agree_on_a_finished_call(app, uid, login_as):
    # Ray is verified, never hears the disclosure and hangs up: the disclosure was missed,
    # and no cease request was ever made, so acknowledging one does not apply.
    session_id = _play(app, uid, "trainee", "stop_calling",
                       ["Hi, this is Sam from Harbor Point Recovery. Am I speaking with "
                        "Raymond Kowalski?"] + ["Okay."] * 9)
    with app.app_context():
        session = db.session.get(PracticeSession, session_id)
        assert session.finished and session.passed is False
        summary = session.summary
    steps = {s["id"]: s["status"] for s in summary["steps"]}
    assert steps == {"verification": "done", "mini_miranda": "missed",
                     "cease_ack": "not_applicable"}
    rules = {c["rule"]: c["status"] for c in summary["compliance"]}
    assert rules["missing_mini_miranda"] == "fail"
    [missed] = [r for r in summary["fail_reasons"] if r.startswith("required steps missed")]
    assert missed.startswith("required steps missed: Mini-Miranda disclosure (once the debtor")
    page = text_of(login_as("trainee").get(f"/practice/sessions/{session_id}/scorecard"))
    assert "<li>required steps missed: Mini-Miranda disclosure (" in page
    assert "mini_miranda" not in page.split("Every answer")[0]  # names, not ids, above the turns


def test_a_dimension_the_moment_did_not_call_for_is_greyed_with_one_line_why(
        login_as, csrf, start_session):
    session_id = start_session("trainee")
    client = login_as("trainee")
    token = csrf(client, f"/practice/sessions/{session_id}")
    client.post(f"/practice/sessions/{session_id}/turns", data={
        "csrf_token": token, "text": "Hi, this is Sam from Harbor Point Recovery. Am I speaking "
                                     "with Dana Whitfield?"})
    page = text_of(client.get(f"/practice/sessions/{session_id}"))
    latest = page.split('id="feedback"')[1]
    assert "This moment called for</strong> assertiveness, calmness, and Right-party " \
           "verification" in latest
    assert latest.count('class="score-chip band-') == 4
    assert latest.count(" not-called") >= 2  # empathy and positive language, in the line
    assert "Not called for: nobody has shared anything to respond to yet" in latest
