"""Trainee disputes: raised with a reason on their own finished session, resolved by a coach
with a reason; the dispute and its resolution both stay in the record."""

import pytest

from trainer.extensions import db
from trainer.models import AuditRecord, Dispute, PracticeSession, ScoreJudgement


@pytest.fixture
def finished(play, app):
    """A finished session of the trainee (CSRF off: the forms are what is tested)."""
    app.config["WTF_CSRF_ENABLED"] = False
    return play("trainee")


def dispute_form(**change):
    """The trainee's dispute of answer 3's empathy score."""
    return {"turn": "2", "dimension": "empathy", "reason": "I did say I understood", **change}


def counts(app):
    """Disputes, judgements and audit records."""
    with app.app_context():
        return [db.session.query(m).count() for m in (Dispute, ScoreJudgement, AuditRecord)]


def test_the_trainee_disputes_and_the_coach_upholds_with_a_new_score(app, finished, login_as,
                                                                     uid):
    trainee, coach = login_as("trainee"), login_as("coach")
    assert trainee.post(f"/practice/sessions/{finished}/disputes",
                        data=dispute_form()).status_code == 302
    with app.app_context():
        dispute = db.session.scalars(db.select(Dispute)).one()
        session = db.session.get(PracticeSession, finished)
        engine = session.turns[2].scorecard["scores"]["empathy"]
        assert (dispute.status, dispute.score, dispute.raised_by) == ("open", engine,
                                                                       uid("trainee"))
    queue = coach.get("/coach/queue?reason=dispute").get_data(as_text=True)
    assert f"/coach/sessions/{finished}" in queue
    refused = coach.post(f"/coach/disputes/{dispute.id}",
                         data={"decision": "uphold", "score": "65"})
    assert refused.status_code == 400 and "reason" in refused.get_data(as_text=True)
    assert counts(app) == [1, 0, 1]
    assert coach.post(f"/coach/disputes/{dispute.id}", data={
        "decision": "uphold", "score": "65", "reason": "She did acknowledge him"}
    ).status_code == 302
    with app.app_context():
        dispute = db.session.get(Dispute, dispute.id)
        assert (dispute.status, dispute.new_score, dispute.resolved_by) == ("upheld", 65.0,
                                                                            uid("coach"))
        judgement = db.session.scalars(db.select(ScoreJudgement)).one()
        assert judgement.score == 65 and judgement.reason.startswith("dispute upheld")
        actions = [r.action for r in db.session.scalars(
            db.select(AuditRecord).order_by(AuditRecord.id))]
    assert actions == ["dispute.open", "score.override", "dispute.resolve"]
    page = trainee.get(f"/practice/sessions/{finished}/scorecard").get_data(as_text=True)
    assert "I did say I understood" in page and "She did acknowledge him" in page
    assert "upheld" in page
    again = coach.post(f"/coach/disputes/{dispute.id}",
                       data={"decision": "reject", "reason": "changed my mind"})
    assert again.status_code == 409
    assert f"/coach/sessions/{finished}" not in coach.get(
        "/coach/queue?reason=dispute").get_data(as_text=True)


def test_a_rejected_dispute_keeps_the_score_and_both_texts(app, finished, login_as):
    login_as("trainee").post(f"/practice/sessions/{finished}/disputes", data=dispute_form())
    with app.app_context():
        dispute_id = db.session.scalars(db.select(Dispute.id)).one()
    coach = login_as("coach")
    with_score = coach.post(f"/coach/disputes/{dispute_id}",
                            data={"decision": "reject", "score": "80", "reason": "no"})
    assert with_score.status_code == 400
    assert "leave the new score empty" in with_score.get_data(as_text=True)
    coach.post(f"/coach/disputes/{dispute_id}",
               data={"decision": "reject", "reason": "Saying 'calm down' is not empathy"})
    card = login_as("trainee").get(f"/api/v1/sessions/{finished}").get_json()
    [dispute] = card["disputes"]
    assert dispute["status"] == "rejected" and dispute["reason"] == "I did say I understood"
    assert dispute["resolution"] == "Saying 'calm down' is not empathy"
    assert card["turns"][2]["coach_changed"] == []


@pytest.mark.parametrize("change, status, message", [
    ({"reason": ""}, 400, "reason"),
    ({"dimension": "overall"}, 400, "unknown dimension"),
    ({"turn": "12"}, 400, "no answer 12"),
])
def test_bad_disputes_are_refused_and_change_nothing(app, finished, login_as, change, status,
                                                     message):
    response = login_as("trainee").post(f"/practice/sessions/{finished}/disputes",
                                        data=dispute_form(**change))
    assert response.status_code == status
    assert message in response.get_data(as_text=True)
    assert counts(app) == [0, 0, 0]


def test_one_open_dispute_per_score_and_only_on_ones_own_finished_session(
        app, finished, login_as, start_session, extra_users):
    trainee = login_as("trainee")
    trainee.post(f"/practice/sessions/{finished}/disputes", data=dispute_form())
    assert trainee.post(f"/practice/sessions/{finished}/disputes",
                        data=dispute_form()).status_code == 409
    assert login_as("outsider").post(f"/practice/sessions/{finished}/disputes",
                                     data=dispute_form()).status_code == 404
    running = start_session("trainee")
    assert trainee.post(f"/practice/sessions/{running}/disputes",
                        data=dispute_form(turn="")).status_code == 409
    assert counts(app) == [1, 0, 1]


def test_a_coach_of_another_team_cannot_resolve(app, finished, login_as, extra_users):
    login_as("trainee").post(f"/practice/sessions/{finished}/disputes", data=dispute_form())
    with app.app_context():
        dispute_id = db.session.scalars(db.select(Dispute.id)).one()
    other = app.test_client()
    with other.session_transaction() as sess:
        sess["_user_id"] = str(extra_users["other_coach"])
    response = other.post(f"/coach/disputes/{dispute_id}",
                          data={"decision": "reject", "reason": "no"})
    assert response.status_code == 403
    with app.app_context():
        assert db.session.get(Dispute, dispute_id).status == "open"
