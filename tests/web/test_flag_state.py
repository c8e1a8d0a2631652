"""Flags show the conversation state they relied on, in the API and on the page."""

from flask import render_template_string


def test_score_endpoint_infers_the_state_from_the_debtor_line(client, bearer):
    response = client.post("/api/v1/score", headers=bearer("qa"), json={
        "text": "Tell her Harbor Point called about her Northside Medical bill.",
        "context": {"debtor_line": "No, this is her roommate. She's at work.",
                    "facts": {"creditor": "Northside Medical"}}})
    flag = next(f for f in response.get_json()["flags"] if f["code"] == "third_party_disclosure")
    assert response.status_code == 200
    # one line out of its conversation is a guess: a reviewer should check it
    assert flag["severity"] == "review"
    assert flag["state"] == "third party on the line (from the debtor's line) (her roommate)"
    response = client.post("/api/v1/score", headers=bearer("qa"), json={
        "text": "Tell her the Northside Medical bill is overdue.",
        "context": {"debtor_line": "No, this is her roommate.", "listener": "third_party"}})
    flag = response.get_json()["flags"][0]
    assert (flag["code"], flag["severity"]) == ("third_party_disclosure", "critical")


def test_bad_state_in_the_context_is_a_400(client, bearer):
    response = client.post("/api/v1/score", headers=bearer("qa"), json={
        "text": "Thanks.", "context": {"state": {"party": "martian"}}})
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "bad_context"


def test_the_flag_list_shows_the_state_and_review(app):
    flags = [{"code": "third_party_disclosure", "severity": "critical", "rule": "FDCPA 1692c(b)",
              "why": "not the consumer", "text": "her Visa",
              "state": "third party on the line since turn 2 (her roommate)"},
             {"code": "false_credit_statement", "severity": "review", "rule": "FDCPA 1692e(8)",
              "why": "a guess", "text": "might help your score"}]
    with app.test_request_context():
        html = render_template_string(
            '{% from "macros.html" import flag_list %}{{ flag_list(flags) }}', flags=flags)
    assert "Relied on: third party on the line since turn 2 (her roommate)" in html
    assert 'class="flag severity-review"' in html
    assert html.count("a reviewer should check this") == 1
