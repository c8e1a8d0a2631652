"""The call models: a stored scorecard fills the columns and checklist rows the list filters on."""

from trainer.extensions import db
from trainer.models import Call, CallBatch, CallCheck, Job


def _card(**changes):
    card = {"file": "a.wav", "duration": 61.5, "overall": 72.4, "critical_fail": False,
            "agent": "agent-7", "compliance": [
                {"rule": "mini_miranda", "status": "pass", "severity": "major", "evidence": []},
                {"rule": "no_threats", "status": "pass", "severity": "critical", "evidence": []},
                {"rule": "calling_hours", "status": "not_applicable", "severity": "major",
                 "evidence": []}]}
    card.update(changes)
    return card


def test_a_scorecard_is_copied_into_the_filter_columns_and_checks(app, uid):
    with app.app_context():
        batch = CallBatch(created_by=uid("qa"), label="March")
        call = Call(uploaded_by=uid("qa"), file_name="a.wav", batch=batch, status="done")
        db.session.add(call)
        call.set_scorecard(_card())
        db.session.commit()
        assert (call.overall, call.critical_fail, call.duration_s, call.agent) == (
            72.4, False, 61.5, "agent-7")
        assert call.scored_at is not None and batch.calls == [call]
        fails = db.select(Call.id).join(CallCheck).where(CallCheck.rule == "no_threats",
                                                         CallCheck.status == "fail")
        assert db.session.scalars(fails).all() == []

        # a rescore (speakers swapped, a QA correction) replaces the checks: no duplicates
        call.set_scorecard(_card(critical_fail=True, compliance=[
            {"rule": "no_threats", "status": "fail", "severity": "critical", "evidence": []}]))
        db.session.commit()
        assert db.session.scalars(fails).all() == [call.id]
        assert [(c.rule, c.status) for c in call.checks] == [("no_threats", "fail")]
        assert call.critical_fail is True and call.to_summary()["critical_fail"] is True


def test_a_job_points_at_its_call_and_deleting_the_call_removes_its_checks(app, uid):
    with app.app_context():
        call = Call(uploaded_by=uid("qa"), file_name="b.wav")
        db.session.add(call)
        call.set_scorecard(_card())
        db.session.flush()
        db.session.add(Job(kind="call", user_id=uid("qa"), call_id=call.id))
        db.session.commit()
        assert db.session.scalar(db.select(Job.call_id).where(Job.kind == "call")) == call.id
        db.session.delete(call)
        db.session.commit()
        assert db.session.query(CallCheck).count() == 0
