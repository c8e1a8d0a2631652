"""The practice page stays usable: after five answers the debtor's newest line and the answer
box are in view on a desktop and on a phone, earlier feedback is one line that expands on
demand (keyboard included), and on a phone the account facts are one tap away."""

import pytest
from browser_helpers import log_in_and_start_lost_job
from good_trainee import good_answers
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

ANSWERS = good_answers("lost_job")[:5]  # the call goes on after five of its seven answers
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def answer_five(page):
    for answer in ANSWERS:
        page.get_by_label("Your answer").fill(answer)
        page.get_by_role("button", name="Send answer").click()
        expect(page.locator("ol.transcript li.agent").last).to_contain_text(answer[:30])
        # The newest line and the box to answer it are on screen without scrolling.
        for selector in ("#debtor-line", "#text", "form.answer-form [type=submit]"):
            expect(page.locator(selector)).to_be_in_viewport(ratio=1)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_after_five_answers_the_line_and_the_answer_box_are_in_view(live_server, page,
                                                                     viewport):
    page.set_viewport_size(viewport)
    log_in_and_start_lost_job(page, live_server)
    answer_five(page)
    # Focus went to the feedback on the last answer, so a screen reader hears it first.
    expect(page.locator("#feedback")).to_be_focused()
    expect(page.locator("#feedback .feedback-line")).to_contain_text("Empathy")
    # Earlier feedback: four one-line summaries with the scores, folded.
    earlier = page.locator("ol.transcript details.turn-feedback")
    expect(earlier).to_have_count(len(ANSWERS) - 1)
    for i in range(len(ANSWERS) - 1):
        item = earlier.nth(i)
        assert item.get_attribute("open") is None
        summary = item.locator("summary")
        for name in ("Empathy", "Positive language", "Assertiveness", "Calmness", "Overall"):
            expect(summary).to_contain_text(name)
        assert item.locator(".evidence-grid").is_hidden()
        box = summary.bounding_box()
        assert box["height"] <= (60 if viewport is DESKTOP else 140)  # a line, a few on a phone
    # The page no longer grows by a full panel per answer.
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < (2600 if viewport is DESKTOP else 4200), height


def test_earlier_feedback_expands_on_demand_by_mouse_and_keyboard(live_server, page):
    page.set_viewport_size(DESKTOP)
    log_in_and_start_lost_job(page, live_server)
    answer_five(page)
    first, second = (page.locator("ol.transcript details.turn-feedback").nth(i) for i in (0, 1))
    first.locator("summary").click()
    expect(first.locator(".evidence-grid")).to_be_visible()
    expect(first.locator("table.scores")).to_be_visible()
    second.locator("summary").focus()
    page.keyboard.press("Enter")
    expect(second.locator(".evidence-grid")).to_be_visible()
    page.keyboard.press("Enter")
    expect(second.locator(".evidence-grid")).to_be_hidden()
    # The latest answer's evidence is one more click away, right above the answer box.
    latest = page.locator("#feedback details.turn-feedback")
    latest.locator("summary").click()
    expect(latest.locator(".evidence-grid")).to_be_visible()


def test_on_a_phone_the_account_facts_are_one_tap_away_not_above_the_call(live_server, page):
    page.set_viewport_size(PHONE)
    log_in_and_start_lost_job(page, live_server)
    facts = page.locator("dl.facts")
    expect(facts).to_be_hidden()
    summary = page.locator(".account-facts > summary")
    expect(summary).to_contain_text("Dana Whitfield")
    for selector in ("#debtor-line", "#text"):
        expect(page.locator(selector)).to_be_in_viewport(ratio=1)
    summary.click()
    expect(facts).to_be_visible()
    expect(facts).to_contain_text("$1,842.37")


def test_on_a_desktop_the_account_facts_stay_open_beside_the_call(live_server, page):
    page.set_viewport_size(DESKTOP)
    log_in_and_start_lost_job(page, live_server)
    expect(page.locator("dl.facts")).to_be_visible()
    facts = page.locator("aside.account").bounding_box()
    line = page.locator("#debtor-line").bounding_box()
    assert facts["x"] + facts["width"] <= line["x"]  # beside, not above
