"""QA pages: score a line (moved from /score, which still redirects there)."""

import pytest


def text_of(response) -> str:
    """The response body as text."""
    return response.get_data(as_text=True)


def test_score_a_line_page_explains_the_score(login_as, csrf):
    client = login_as("qa")
    token = csrf(client, "/qa/score")
    response = client.post("/qa/score", data={
        "csrf_token": token, "debtor": "I lost my job last month.",
        "text": "I'm really sorry to hear about your job loss, that sounds incredibly stressful."})
    page = text_of(response)
    assert response.status_code == 200
    assert "Scorecard" in page and "<mark" in page and "Empathy" in page


def test_score_a_line_rejects_empty_and_too_long(login_as, csrf):
    client = login_as("coach")
    token = csrf(client, "/qa/score")
    empty = client.post("/qa/score", data={"csrf_token": token, "text": "   "})
    assert empty.status_code == 400 and "Type the agent&#39;s line" in text_of(empty)
    long = client.post("/qa/score", data={"csrf_token": token, "text": "a" * 2001})
    assert long.status_code == 400 and "under 2000 characters" in text_of(long)


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_the_old_score_url_redirects_keeping_the_method(client, method):
    response = client.open("/score", method=method)
    assert response.status_code == 308
    assert response.headers["Location"].endswith("/qa/score")


def test_a_form_posted_to_the_old_url_is_scored_at_the_new_one(login_as, csrf):
    client = login_as("coach")
    token = csrf(client, "/qa/score")
    response = client.post("/score", data={"csrf_token": token, "text": "I understand."},
                           follow_redirects=True)
    assert response.status_code == 200 and "Scorecard" in text_of(response)


def test_the_nav_links_to_the_qa_page(login_as):
    assert 'href="/qa/score"' in text_of(login_as("qa").get("/qa/score"))
