"""The trainee's progress in Chromium: after two calls My sessions draws each dimension per
session as a trend chart (server-drawn SVG with its numbers), and the library marks the
scenario done and suggests what to practise next."""

import re

import pytest
from browser_helpers import log_in_and_start_lost_job
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

# The debt to the debtor's mother: the call ends on the first answer (a disclosure).
DISCLOSES = "This is Harbor Point Recovery. Marcus owes us $2,960.15 and needs to pay it today."


def play_wrong_party(page, base):
    page.goto(f"{base}/practice/")
    card = page.locator("li.card").filter(has=page.locator('input[value="wrong_party"]'))
    card.get_by_role("button", name="Start this call").click()
    page.get_by_label("Your answer").fill(DISCLOSES)
    page.get_by_role("button", name="Send answer").click()
    expect(page).to_have_url(re.compile(r"/scorecard$"))


def test_history_draws_each_dimension_per_session_as_a_trend(live_server, page):
    log_in_and_start_lost_job(page, live_server)  # logs in; this call stays unfinished
    play_wrong_party(page, live_server)
    play_wrong_party(page, live_server)

    page.goto(f"{live_server}/practice/history")
    chart = page.locator("figure.chart")
    expect(chart).to_be_visible()
    svg = chart.locator("svg.plot")
    expect(svg).to_have_attribute("role", "img")
    expect(svg.locator("title").first).to_contain_text("scores per session")
    # a third party is judged on positive language, assertiveness and calmness: two points
    # each; empathy was never called for, so it has none (a gap, not a zero)
    for key in ("positive_language", "assertiveness", "calmness"):
        expect(svg.locator(f"g.series-{key} circle")).to_have_count(2)
    expect(svg.locator("g.series-empathy circle")).to_have_count(0)
    box = svg.bounding_box()
    assert box["width"] > 300 and box["height"] > 100
    # the numbers behind it, from the keyboard
    numbers = chart.locator("details.chart-data")
    numbers.locator("summary").focus()
    page.keyboard.press("Enter")
    expect(numbers.locator("tbody tr")).to_have_count(2)
    # the table beside it says the same, with a dash where empathy was not called for
    rows = page.locator("table.progress tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first.locator("td").nth(2)).to_have_text("—")

    page.goto(f"{live_server}/practice/")
    card = page.locator("li.card").filter(has=page.locator('input[value="wrong_party"]'))
    expect(card.locator(".badge.mark")).to_contain_text("Done · not passed yet")
    expect(page.locator("section.next-up h2")).to_contain_text("Suggested next:")
