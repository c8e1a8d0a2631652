"""The pass decision says in plain words what kept a session below the mark and what would
have raised it (trainer.sessions.verdict)."""

from trainer.sessions.verdict import fail_reasons

SCORES = {"empathy": 48, "positive_language": 75, "assertiveness": 72, "calmness": 90}


def summary(**changes):
    base = {"scores": dict(SCORES), "overall": 71, "flags": [], "steps": [],
            "called_for": list(SCORES), "judged_turns": {"empathy": [2, 3, 5]}}
    base.update(changes)
    return base


def answers(empathy):
    return [{"scores": dict(SCORES, empathy=e)} for e in empathy]


def test_below_the_mark_names_the_dimension_its_worst_answer_and_the_score_that_passes():
    [reason] = fail_reasons(summary(), 75, answers([60, 60, 70, 22, 60, 52]))
    assert reason == (
        "overall 71 is below the pass mark 75. Empathy kept it down most: 48 over the 3 "
        "answers that called for it (answer 4 scored 22). Raising it to 64 would have reached "
        "the mark: acknowledge what the debtor tells you and ask about their situation before "
        "moving on.")


def test_a_dimension_the_call_never_called_for_is_never_blamed():
    scores = dict(SCORES, empathy=20)
    [reason] = fail_reasons(summary(scores=scores, overall=70, judged_turns={},
                                    called_for=["positive_language", "assertiveness",
                                                "calmness"]), 76)
    assert "Assertiveness kept it down most: 72." in reason
    assert "Empathy" not in reason
    assert "Raising it to 90 would have reached the mark" in reason  # 72 + (76 - 70) * 3


def test_when_one_dimension_cannot_close_the_gap_it_still_says_what_helps_most():
    [reason] = fail_reasons(summary(overall=40), 75)
    assert "Raising it would have helped most: acknowledge" in reason


def test_missed_steps_and_critical_flags_are_named_with_what_to_do():
    steps = [{"id": "mini_miranda", "name": "Mini-Miranda disclosure", "status": "missed"},
             {"id": "recap", "name": "Recap", "status": "not_applicable"},
             {"id": "verification", "name": "Right-party verification", "status": "done"}]
    flags = [{"code": "threat_arrest", "severity": "critical"},
             {"code": "threat_arrest", "severity": "critical"}]
    critical, missed = fail_reasons(summary(overall=80, steps=steps, flags=flags), 75)
    assert critical == ("a critical compliance flag was raised: Threat of arrest, jail or a "
                        "warrant. A critical flag fails the session whatever the scores.")
    assert missed.startswith("required steps missed: Mini-Miranda disclosure (once the debtor "
                             "is verified, say")
    assert "Recap" not in missed


def test_a_session_that_passed_has_no_reasons():
    assert fail_reasons(summary(overall=80), 75) == []
