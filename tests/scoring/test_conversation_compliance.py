"""score_conversation as the QA pipeline calls it: a whole call, its state and its checklist."""

import pytest

from trainer.scoring import ScoringInputError, score_conversation
from trainer.scoring.compliance import load_rules

FACTS = {"debtor_name": "Ray Kowalski", "creditor": "Lakeshore Auto Finance", "balance": 4310.88,
         "agency": "Harbor Point Recovery"}
CALL = [
    {"speaker": "customer", "text": "Yeah? Who is this?", "start": 0.0, "end": 1.4},
    {"speaker": "agent", "text": "Hi, this is Sam. Am I speaking with Ray Kowalski?",
     "start": 1.6, "end": 4.0},
    {"speaker": "customer", "text": "Yeah, it's Ray.", "start": 4.2, "end": 5.0},
    {"speaker": "agent", "text": "Thanks, Ray. This is an attempt to collect a debt and any "
                                 "information obtained will be used for that purpose.",
     "start": 5.1, "end": 10.0},
    {"speaker": "customer", "text": "Stop calling me. And never at work, I can't take calls "
                                    "at work.", "start": 10.2, "end": 14.0},
    {"speaker": "agent", "text": "Sure, but can you put $50 toward the truck loan today?",
     "start": 14.1, "end": 17.0},
]


def checklist(result):
    return {item["rule"]: item for item in result.compliance}


def test_a_call_in_the_qa_shape_gives_flags_with_their_state_and_a_checklist():
    result = score_conversation(CALL, {"facts": FACTS, "started_at": "2026-03-02T10:15:00-06:00",
                                       "consumer_timezone": "America/Chicago"})
    items = checklist(result)
    assert set(items) == {r.code for r in load_rules()}
    assert all(set(i) == {"rule", "title", "citation", "status", "severity", "evidence"}
               for i in items.values())
    cease = items["pressing_after_cease"]
    assert (cease["status"], cease["severity"]) == ("fail", "critical")
    assert cease["evidence"][0]["turn"] == 5  # the index in the call's own list of turns
    assert "at turn 4" in cease["evidence"][0]["state"]
    assert items["missing_mini_miranda"]["status"] == "pass"
    assert items["missing_mini_miranda"]["evidence"][0]["turn"] == 3
    assert items["calling_hours"]["status"] == "pass"
    assert items["third_party_disclosure"]["status"] == "not_applicable"
    assert items["threat_arrest"]["status"] == "pass"
    assert result.critical_fail
    flag = next(f for f in result.flags if f["code"] == "pressing_after_cease")
    assert flag["turn"] == 5 and flag["state"].startswith("consumer asked to stop contact")
    data = result.to_dict()
    assert data["compliance_state"]["party"] == "right_party"
    assert {r["kind"] for r in data["compliance_state"]["requests"]} == {"cease", "no_work"}


CALLING_HOURS = [
    # (started_at, consumer_timezone, status): 8 am to 9 pm at the consumer's location
    ("2026-03-01T07:30:00-05:00", None, "fail"),
    ("2026-03-01T21:30:00-05:00", None, "fail"),
    ("2026-03-01T12:30:00Z", "America/Los_Angeles", "fail"),  # 4:30 am in Los Angeles
    ("2026-03-02T04:00:00Z", "America/Chicago", "fail"),  # 10 pm the evening before
    ("2026-07-01T06:59:00-04:00", None, "fail"),
    ("2026-07-01T21:01:00-04:00", None, "fail"),
    ("2026-01-15T23:45:00+00:00", "Europe/London", "fail"),
    ("2026-01-15T13:00:00Z", "America/Anchorage", "fail"),
    ("2026-06-15T14:00:00Z", "Pacific/Honolulu", "fail"),
    ("2026-03-01T00:15:00-08:00", None, "fail"),
    ("2026-11-01T12:30:00Z", "America/New_York", "fail"),  # 7:30 am: daylight time has ended
    ("2026-03-01T08:00:00-05:00", None, "pass"),
    ("2026-03-01T21:00:00-05:00", None, "pass"),
    ("2026-03-01T14:05:00-05:00", None, "pass"),
    ("2026-03-02T02:00:00Z", "America/Chicago", "pass"),  # 8 pm the evening before
    ("2026-03-01T17:00:00Z", "America/Los_Angeles", "pass"),
    ("2026-07-01T16:00:00Z", "America/Denver", "pass"),
    ("2026-03-08T12:30:00Z", "America/New_York", "pass"),  # 8:30 am: daylight time began
    ("2026-03-01T10:00:00", "America/Chicago", "pass"),  # a local time, with its zone
    ("2026-03-01T19:45:00+01:00", None, "pass"),
    ("2026-06-15T02:00:00Z", "Pacific/Honolulu", "pass"),
    ("2026-01-15T20:59:00-06:00", None, "pass"),
    (None, None, "not_applicable"),
    ("2026-03-01T10:00:00", None, "not_applicable"),  # no offset, no zone: cannot be judged
]


@pytest.mark.parametrize(("started_at", "zone", "status"), CALLING_HOURS)
def test_calling_hours_at_the_consumers_local_time(started_at, zone, status):
    context = {k: v for k, v in (("started_at", started_at), ("consumer_timezone", zone)) if v}
    result = score_conversation(["Hi, may I speak with Ray Kowalski?"], context)
    item = checklist(result)["calling_hours"]
    assert item["status"] == status
    flagged = [f for f in result.flags if f["code"] == "calling_hours"]
    assert bool(flagged) == (status == "fail")
    if status != "not_applicable":
        assert item["evidence"][0]["text"].startswith("the call started at")
    if flagged:
        assert flagged[0]["severity"] == "major" and "local time" in flagged[0]["state"]


@pytest.mark.parametrize(("context", "message"), [
    ({"started_at": "yesterday at ten"}, "not an ISO 8601"),
    ({"started_at": 1700000000}, "ISO 8601"),
    ({"started_at": "2026-03-01T10:00:00Z", "consumer_timezone": "Mars/Olympus"},
     "not an IANA time zone"),
    ({"no_such_field": 1}, "unknown context field"),
])
def test_bad_call_metadata_is_a_clear_error(context, message):
    with pytest.raises(ScoringInputError, match=message) as err:
        score_conversation(["Hello, is this Ray?"], context)
    assert err.value.code == "bad_context"


def test_an_empty_context_and_agent_only_turns_work():
    result = score_conversation(["Hi, is this Ray?", "Thanks. How are you today?"], {})
    assert result.flags == [] and checklist(result)["calling_hours"]["status"] == "not_applicable"


def test_a_500_turn_call_is_scored_and_a_huge_one_is_refused():
    turns = []
    for i in range(250):
        turns.append({"speaker": "customer", "text": "I understand, go on." if i else "Hello?"})
        turns.append({"speaker": "agent", "text": "Is this Ray Kowalski?" if not i
                      else "Thank you for your patience with me."})
    result = score_conversation(turns)
    assert len(result.turns) == 250 and result.state.turns == 500
    with pytest.raises(ScoringInputError) as err:
        score_conversation(["Thanks."] * 5001)
    assert err.value.code == "too_many_turns"


def test_bad_turns_name_the_turn():
    with pytest.raises(ScoringInputError, match="turn 1: speaker must be agent, debtor or "
                                                "customer") as err:
        score_conversation([{"speaker": "customer", "text": "Hi"},
                            {"speaker": "robot", "text": "Beep."}])
    assert err.value.code == "bad_turn"
    with pytest.raises(ScoringInputError, match="turn 2: text does not look like English") as err:
        score_conversation([{"speaker": "customer", "text": "Hola"},
                            {"speaker": "agent", "text": "Hi, is this Ray?"},
                            {"speaker": "agent",
                             "text": "Je ne peux pas payer maintenant, désolé"}])
    assert err.value.code == "not_english"


def test_a_consumer_line_in_another_language_is_noted_and_not_read():
    result = score_conversation([{"speaker": "customer", "text": "Hola, ¿quién habla?"},
                                 {"speaker": "agent", "text": "Hi, is this Ray Kowalski?"}])
    assert result.warnings == ["turn 0 (debtor) does not look like English: it was not read "
                               "for the compliance state"]
    assert result.to_dict()["warnings"] == result.warnings
