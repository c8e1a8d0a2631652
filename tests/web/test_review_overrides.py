"""Score overrides, confirmations, flag decisions, comments and "reviewed": each is audited,
the engine's own scores are never lost, every page and API answer says when a coach changed
a score, and bad input is refused with a message and changes nothing."""

import copy
import re

import pytest

from trainer.extensions import db
from trainer.models import AuditRecord, Comment, FlagDecision, PracticeSession, ScoreJudgement

FORM = {"turn": "2", "dimension": "empathy", "score": "12", "reason": "Calm down is not empathy"}


@pytest.fixture
def rough(play, app):
    """A finished stop_calling session with a critical and a review flag; app CSRF off."""
    app.config["WTF_CSRF_ENABLED"] = False
    return play("trainee")


def state(app, session_id):
    """Everything a review may change, to compare before and after."""
    with app.app_context():
        s = db.session.get(PracticeSession, session_id)
        return {"turns": [copy.deepcopy(t.scorecard) for t in s.turns],
                "summary": copy.deepcopy(s.summary), "result": copy.deepcopy(s.result),
                "counts": [db.session.query(m).count()
                           for m in (ScoreJudgement, FlagDecision, Comment, AuditRecord)]}


def test_an_override_is_audited_and_kept_beside_the_engines_score(app, rough, login_as, uid):
    before = state(app, rough)
    response = login_as("coach").post(f"/coach/sessions/{rough}/overrides", data=FORM)
    assert response.status_code == 302 and response.headers["Location"].endswith("#turn-2")
    after = state(app, rough)
    assert after["turns"] == before["turns"] and after["summary"] == before["summary"]
    with app.app_context():
        session = db.session.get(PracticeSession, rough)
        engine = session.turns[2].scorecard["scores"]["empathy"]
        [record] = db.session.scalars(db.select(AuditRecord)).all()
        assert (record.action, record.target_type, record.target_id) == (
            "score.override", "turn", str(session.turns[2].id))
        assert record.actor_id == uid("coach") and record.created_at is not None
        assert record.old_value == {"session": rough, "dimension": "empathy", "engine": engine,
                                    "score": engine}
        assert record.new_value == {"session": rough, "dimension": "empathy", "score": 12.0}
        assert record.reason == "Calm down is not empathy"
        [judgement] = db.session.scalars(db.select(ScoreJudgement)).all()
        assert (judgement.kind, judgement.engine_score, judgement.score) == ("override",
                                                                             engine, 12.0)
    # The next override of the same score records the coach's earlier value as "old".
    login_as("coach").post(f"/coach/sessions/{rough}/overrides", data={**FORM, "score": "20"})
    with app.app_context():
        latest = db.session.scalars(db.select(AuditRecord).order_by(AuditRecord.id.desc())).first()
        assert (latest.old_value["score"], latest.new_value["score"]) == (12.0, 20.0)


def test_every_page_and_the_api_say_a_coach_changed_the_score(app, rough, login_as, bearer):
    login_as("coach").post(f"/coach/sessions/{rough}/overrides",
                           data={"turn": "", "dimension": "calmness", "score": "5",
                                 "reason": "He shouted the threat"})
    with app.app_context():
        engine = db.session.get(PracticeSession, rough).summary["scores"]["calmness"]
    card = login_as("trainee").get(f"/api/v1/sessions/{rough}").get_json()
    assert card["scores"]["calmness"] == 5 and card["engine"]["scores"]["calmness"] == engine
    assert "calmness" in card["coach_changed"]
    assert card["review"]["scores"]["calmness"]["reason"] == "He shouted the threat"
    listed = login_as("trainee").get("/api/v1/sessions").get_json()
    [item] = [s for s in listed if s["id"] == rough]
    assert "calmness" in item["coach_changed"] and item["engine"]["overall"] != item["overall"]
    pages = {"trainee scorecard": login_as("trainee").get(f"/practice/sessions/{rough}/scorecard"),
             "history": login_as("trainee").get("/practice/history"),
             "review": login_as("coach").get(f"/coach/sessions/{rough}"),
             "trainee page": login_as("coach").get(f"/coach/trainees/{uid_of(app, rough)}"),
             "queue": login_as("coach").get("/coach/queue?reason=unreviewed")}
    for name, page in pages.items():
        assert page.status_code == 200, name
        assert 'class="coach-mark"' in page.get_data(as_text=True), name
    scorecard = pages["trainee scorecard"].get_data(as_text=True)
    assert "He shouted the threat" in scorecard and "the engine said overall" in scorecard


def uid_of(app, session_id):
    """The owner of a session."""
    with app.app_context():
        return db.session.get(PracticeSession, session_id).user_id


@pytest.mark.parametrize("change, message", [
    ({"score": "101"}, "from 0 to 100"), ({"score": "-1"}, "from 0 to 100"),
    ({"score": "lots"}, "must be a number"), ({"score": ""}, "must be a number"),
    ({"score": "nan"}, "must be a number"), ({"reason": ""}, "reason"),
    ({"reason": "   "}, "reason"), ({"reason": "x" * 2001}, "limit is 2000"),
    ({"dimension": "charm"}, "unknown dimension"), ({"turn": "99"}, "no answer 99"),
    ({"turn": "first"}, "number of an answer"),
])
def test_bad_overrides_are_refused_with_a_message_and_change_nothing(app, rough, login_as,
                                                                     change, message):
    before = state(app, rough)
    response = login_as("coach").post(f"/coach/sessions/{rough}/overrides",
                                      data={**FORM, **change})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert state(app, rough) == before


@pytest.mark.parametrize("body, message", [
    ({"turn": 2, "overrides": {"empathy": 101}, "reason": "r"}, "from 0 to 100"),
    ({"turn": 2, "overrides": {"empathy": -0.5}, "reason": "r"}, "from 0 to 100"),
    ({"turn": 2, "overrides": {"empathy": True}, "reason": "r"}, "must be a number"),
    ({"turn": 2, "overrides": {"empathy": "high"}, "reason": "r"}, "must be a number"),
    ({"turn": 2, "overrides": {"empathy": 40}}, "reason"),
    ({"turn": 2, "overrides": {"empathy": 40}, "reason": ""}, "reason"),
    ({"turn": 2, "overrides": [40], "reason": "r"}, "dimension"),
    ({"turn": -1, "comment": "hi"}, "no answer -1"),
    ({"turn": "2", "overrides": {"empathy": 40}, "reason": "r", "mood": 3}, "unknown field"),
    ({}, "send a comment"),
    # all or nothing: the good override is not stored when the flag decision is bad
    ({"turn": 3, "overrides": {"empathy": 40}, "reason": "r",
      "flags": [{"index": 7, "decision": "dismiss", "reason": "r"}]}, "no flag 7"),
    ({"turn": 3, "flags": [{"index": 0, "decision": "maybe", "reason": "r"}]}, "confirm"),
    ({"turn": 3, "flags": [{"index": 0, "decision": "dismiss"}]}, "reason"),
])
def test_bad_api_reviews_are_400_and_change_nothing(app, rough, client, bearer, body, message):
    before = state(app, rough)
    response = client.post(f"/api/v1/sessions/{rough}/reviews", json=body,
                           headers=bearer("coach"))
    assert response.status_code == 400, response.get_json()
    assert message in response.get_json()["error"]["message"]
    assert state(app, rough) == before


def test_an_api_review_stores_everything_in_one_go(app, rough, client, bearer):
    response = client.post(f"/api/v1/sessions/{rough}/reviews", headers=bearer("coach"), json={
        "turn": 3, "comment": "Never threaten a lawsuit", "overrides": {"assertiveness": 20},
        "reason": "A threat is not assertiveness", "confirm": ["empathy"],
        "flags": [{"index": 0, "decision": "confirm", "reason": "a real threat"}],
        "reviewed": True})
    assert response.status_code == 201, response.get_json()
    review = response.get_json()
    assert review["turn"] == 3 and review["comment"]["body"] == "Never threaten a lawsuit"
    assert review["overrides"][0]["score"] == 20 and review["overrides"][0]["reason"]
    assert review["confirmed"][0]["kind"] == "confirm"
    assert review["scores"]["assertiveness"] == 20 and review["coach_changed"] == ["assertiveness"]
    assert review["reviewed"]["by"]["name"] == "Casey Coach"
    with app.app_context():
        actions = sorted(db.session.scalars(db.select(AuditRecord.action)))
    assert actions == ["flag.confirm", "score.confirm", "score.override", "session.reviewed"]


def test_a_session_score_of_a_running_session_is_409(app, client, bearer, start_session):
    session_id = start_session("trainee")
    client.post(f"/api/v1/sessions/{session_id}/turns", headers=bearer("trainee"),
                json={"text": "Hello, is this Dana Whitfield?"})
    response = client.post(f"/api/v1/sessions/{session_id}/reviews", headers=bearer("coach"),
                           json={"overrides": {"empathy": 50}, "reason": "r"})
    assert response.status_code == 409
    answer = client.post(f"/api/v1/sessions/{session_id}/reviews", headers=bearer("coach"),
                         json={"turn": 0, "overrides": {"empathy": 50}, "reason": "r"})
    assert answer.status_code == 201


def _flag_index(app, session_id, turn, code):
    with app.app_context():
        flags = db.session.get(PracticeSession, session_id).turns[turn].scorecard["flags"]
        return next(i for i, f in enumerate(flags) if f["code"] == code), flags


def test_dismissing_the_critical_flag_clears_the_critical_fail_and_is_audited(app, rough,
                                                                               login_as):
    with app.app_context():
        session = db.session.get(PracticeSession, rough)
        assert session.critical_flags == 1 and session.result["critical_fail"]
        turn = next(t.index for t in session.turns if any(
            f["severity"] == "critical" for f in t.scorecard["flags"]))
        critical = next(f["code"] for f in session.turns[turn].scorecard["flags"]
                        if f["severity"] == "critical")
        waiting = session.flags_to_review
    index, _flags = _flag_index(app, rough, turn, critical)
    coach = login_as("coach")
    refused = coach.post(f"/coach/sessions/{rough}/flags",
                         data={"turn": str(turn), "flag": str(index), "decision": "dismiss"})
    assert refused.status_code == 400 and "reason" in refused.get_data(as_text=True)
    coach.post(f"/coach/sessions/{rough}/flags", data={
        "turn": str(turn), "flag": str(index), "decision": "dismiss",
        "reason": "He had withdrawn the cease request"})
    with app.app_context():
        session = db.session.get(PracticeSession, rough)
        assert session.critical_flags == 0 and not session.result["critical_fail"]
        assert session.summary["critical_fail"]  # the engine's summary keeps its flag
        assert "flags" in session.result["changed"]
        assert session.flags_to_review == waiting - 1
        record = db.session.scalars(db.select(AuditRecord)).one()
        assert record.action == "flag.dismiss" and record.new_value["code"] == critical
        assert record.old_value["decision"] is None
    page = login_as("trainee").get(f"/practice/sessions/{rough}/scorecard")
    assert "He had withdrawn the cease request" in page.get_data(as_text=True)


def test_confirming_keeps_the_engines_scores_and_counts_as_a_judgement(app, rough, login_as):
    before = state(app, rough)
    assert login_as("coach").post(f"/coach/sessions/{rough}/confirm",
                                  data={"turn": "1"}).status_code == 302
    after = state(app, rough)
    assert after["result"] == before["result"]
    with app.app_context():
        kinds = [(j.kind, j.score == j.engine_score)
                 for j in db.session.scalars(db.select(ScoreJudgement))]
    assert kinds == [("confirm", True)] * 4


def test_a_confirmation_after_an_override_puts_the_engines_score_back(app, rough, login_as):
    coach = login_as("coach")
    coach.post(f"/coach/sessions/{rough}/overrides", data=FORM)
    coach.post(f"/coach/sessions/{rough}/confirm", data={"turn": "2"})
    card = login_as("coach").get(f"/api/v1/sessions/{rough}").get_json()
    turn = card["turns"][2]
    assert turn["scores"] == turn["scorecard"]["scores"] and turn["coach_changed"] == []
    with app.app_context():
        assert db.session.query(ScoreJudgement).count() == 5  # the history stays


def test_marking_reviewed_records_who_and_when(app, rough, login_as, uid):
    login_as("coach").post(f"/coach/sessions/{rough}/reviewed")
    with app.app_context():
        session = db.session.get(PracticeSession, rough)
        assert session.reviewed_by == uid("coach") and session.reviewed_at is not None
    page = login_as("coach").get(f"/coach/sessions/{rough}").get_data(as_text=True)
    assert "Reviewed by Casey Coach" in page


def test_comments_show_to_the_trainee_and_only_their_author_edits_them(app, rough, login_as,
                                                                        extra_users):
    coach = login_as("coach")
    coach.post(f"/coach/sessions/{rough}/comments", data={"turn": "3", "body": "Never threaten"})
    refused = coach.post(f"/coach/sessions/{rough}/comments", data={"turn": "3", "body": " "})
    assert refused.status_code == 400 and "comment is required" in refused.get_data(as_text=True)
    with app.app_context():
        comment = db.session.scalars(db.select(Comment)).one()
    page = login_as("trainee").get(f"/practice/sessions/{rough}/scorecard")
    assert "Never threaten" in page.get_data(as_text=True)
    assert login_as("admin").post(f"/coach/comments/{comment.id}",
                                  data={"body": "changed"}).status_code == 403
    assert coach.post(f"/coach/comments/{comment.id}", data={"body": "Never threaten to sue"}
                      ).status_code == 302
    with app.app_context():
        assert db.session.get(Comment, comment.id).body == "Never threaten to sue"
        record = db.session.scalars(db.select(AuditRecord)).one()
        assert (record.action, record.old_value["body"], record.new_value["body"]) == (
            "comment.edit", "Never threaten", "Never threaten to sue")


def test_review_forms_need_the_csrf_token(app, rough, login_as):
    app.config["WTF_CSRF_ENABLED"] = True
    before = state(app, rough)
    response = login_as("coach").post(f"/coach/sessions/{rough}/overrides", data=FORM)
    assert response.status_code == 400
    assert state(app, rough) == before


def test_the_review_page_shows_every_turn_with_its_evidence_flags_and_forms(app, rough,
                                                                          login_as):
    page = login_as("coach").get(f"/coach/sessions/{rough}").get_data(as_text=True)
    with app.app_context():
        session = db.session.get(PracticeSession, rough)
        for turn in session.turns:
            assert f'id="turn-{turn.index}"' in page
            assert turn.debtor_line.replace("'", "&#39;") in page
    forms = re.findall(r'action="/coach/sessions/\d+/overrides"', page)
    assert len(forms) == session.turn_count + 1  # each answer, and the whole session
    assert "threat legal" in page and "Waiting for a reviewer." in page
