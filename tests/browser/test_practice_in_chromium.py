"""The demo trainee logs in, finishes lost_job by typing, and reads the scorecard."""

import re

import pytest
from browser_helpers import log_in_and_start_lost_job
from good_trainee import good_answers
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

ANSWERS = good_answers("lost_job")
DIMENSIONS = ["Empathy", "Positive language", "Assertiveness", "Calmness"]


def test_trainee_finishes_lost_job_and_sees_the_scorecard(live_server, page):
    log_in_and_start_lost_job(page, live_server)
    expect(page.locator("dl.facts")).to_contain_text("$1,842.37")

    for i, answer in enumerate(ANSWERS):
        box = page.get_by_label("Your answer")
        box.fill(answer)
        expect(page.locator("#answer-count")).to_have_text(f"{len(answer)} / 2000")
        page.get_by_role("button", name="Send answer").click()
        if i < len(ANSWERS) - 1:
            feedback = page.locator("#feedback")
            expect(feedback).to_be_visible()
            for name in DIMENSIONS:
                expect(feedback.locator("table.scores th", has_text=name)).to_have_count(1)
            expect(page.locator("ol.transcript li.agent").last).to_contain_text(answer[:40])

    expect(page).to_have_url(re.compile(r"/practice/sessions/\d+/scorecard$"))
    expect(page.get_by_role("heading", name=re.compile("^Scorecard"))).to_be_visible()
    session_scores = page.locator("table.scores").first
    for name in DIMENSIONS:
        expect(session_scores.locator("th", has_text=name)).to_have_count(1)
    marks = page.locator("article.turn mark")
    assert marks.count() > 0
    # Evidence reasons are reachable from the keyboard: focus shows the tooltip.
    first = marks.first
    first.focus()
    tip = page.locator(f"#{first.get_attribute('aria-describedby')}")
    expect(tip).to_be_visible()
    expect(page.get_by_text("Promise to pay captured", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Try again")).to_be_visible()
