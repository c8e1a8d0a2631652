"""A session records the scenario version it was played on, so a scenario that is changed or
removed keeps its past sessions readable (and a running one goes on as it started)."""

import shutil
from pathlib import Path

import pytest

import trainer.scenarios
from trainer.extensions import db
from trainer.models import PracticeSession, ScenarioVersion
from trainer.sessions import service

LIBRARY = Path(trainer.scenarios.__file__).with_name("library")


@pytest.fixture
def library(app, tmp_path):
    """The app reads its scenarios from a copy that the test may edit."""
    folder = tmp_path / "scenarios"
    shutil.copytree(LIBRARY, folder)
    app.config["SCENARIOS_DIR"] = str(folder)
    return folder


def test_a_session_records_its_version_once_per_content(app, library, start_session):
    first, second = start_session("trainee"), start_session("coach")
    with app.app_context():
        a, b = (db.session.get(PracticeSession, i) for i in (first, second))
        assert a.scenario_version_id == b.scenario_version_id is not None
        version = a.scenario_version
        assert len(version.content_hash) == 64 and version.data["id"] == "lost_job"
    path = library / "lost_job.yaml"
    path.write_text(path.read_text() + "\n# a comment is not a new version\n")
    third = start_session("trainee")
    with app.app_context():
        assert db.session.get(PracticeSession, third).scenario_version_id == version.id
        assert db.session.query(ScenarioVersion).count() == 1


def test_a_changed_scenario_keeps_old_sessions_readable_and_running(app, library, login_as,
                                                                    finish_session, uid,
                                                                    good_answers):
    finished = finish_session("trainee")
    with app.app_context():
        running = service.start_session(uid("trainee"), "lost_job").id
        service.submit_answer(running, uid("trainee"), good_answers[0])
    path = library / "lost_job.yaml"
    text = path.read_text()
    path.write_text(text.replace("title: Laid off three weeks ago", "title: Laid off")
                    .replace("pass_mark: 70", "pass_mark: 90")
                    .replace('say: "Oh. Oh, okay. Yeah... I figured somebody would call about '
                             'that card eventually."', 'say: "Right."'))
    trainee = login_as("trainee")
    page = trainee.get(f"/practice/sessions/{finished}/scorecard")
    assert page.status_code == 200 and "Laid off three weeks ago" in page.get_data(as_text=True)
    review = login_as("coach").get(f"/coach/sessions/{finished}").get_data(as_text=True)
    assert "played on an earlier version" in review
    # the running session goes on with the version it started on: the old pass mark too
    conversation = trainee.get(f"/practice/sessions/{running}").get_data(as_text=True)
    assert "Pass mark 70" in conversation
    with app.app_context():
        _turn, step = service.submit_answer(running, uid("trainee"), good_answers[1])
        assert db.session.get(PracticeSession, running).debtor_line.startswith("Oh. Oh, okay")
        assert db.session.query(ScenarioVersion).count() == 1
        fresh = service.start_session(uid("trainee"), "lost_job")  # a new one: the new version
        assert fresh.scenario_title == "Laid off"
        assert db.session.query(ScenarioVersion).count() == 2


def test_a_removed_scenario_keeps_its_sessions_readable(app, library, login_as, bearer,
                                                        client, finish_session, uid,
                                                        good_answers):
    finished = finish_session("trainee")
    with app.app_context():
        running = service.start_session(uid("trainee"), "lost_job").id
    (library / "lost_job.yaml").unlink()
    assert login_as("trainee").get(f"/practice/sessions/{finished}/scorecard").status_code == 200
    assert login_as("coach").get(f"/coach/sessions/{finished}").status_code == 200
    card = client.get(f"/api/v1/sessions/{finished}", headers=bearer("trainee")).get_json()
    assert card["title"] == "Laid off three weeks ago" and card["scenario_version"]
    assert login_as("trainee").get(f"/practice/sessions/{running}").status_code == 200
    answer = client.post(f"/api/v1/sessions/{running}/turns", headers=bearer("trainee"),
                         json={"text": good_answers[0]})
    assert answer.status_code == 200
    started = client.post("/api/v1/sessions", headers=bearer("trainee"),
                          json={"scenario": "lost_job"})
    assert started.status_code == 404  # no new session of a removed scenario
