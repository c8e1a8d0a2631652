"""QA in real Chromium: upload a stereo call, watch it being scored, open the scorecard, and
click a word: the recording plays from that word."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]

STEREO = Path(__file__).parents[1] / "data" / "calls" / "call_stereo.mp3"


def _log_in_as_qa(page, base):
    page.goto(f"{base}/login")
    page.get_by_label("Email").fill("qa@example.com")
    page.get_by_label("Password").fill("quality-demo")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name="Upload calls")).to_be_visible()


def test_qa_uploads_a_stereo_call_and_a_word_click_plays_the_call_from_there(qa_server, page):
    _log_in_as_qa(page, qa_server)
    page.get_by_role("link", name="Upload calls").click()
    page.get_by_label("Call files").set_input_files(str(STEREO))
    page.get_by_label("Agent id (optional)").fill("sam.agent")
    page.get_by_role("button", name="Upload and score").click()
    # Each file gets its own upload bar, then the batch page opens and follows the scoring.
    expect(page.locator("#upload-list progress")).to_have_count(1)
    expect(page).to_have_url(re.compile(r"/qa/batches/\d+$"), timeout=30_000)
    row = page.locator("table.batch-files tbody tr").first
    expect(row).to_contain_text("call_stereo.mp3")
    expect(page.locator("#batch-progress")).to_be_visible()
    expect(row.locator(".file-stage")).to_have_text("scored", timeout=120_000)
    expect(row.locator(".file-result")).to_contain_text(re.compile(r"overall \d+"))
    expect(page.locator("#batch-summary")).to_contain_text("1 scored")
    assert page.locator("#batch-progress").evaluate("p => p.value") == 1

    row.get_by_role("link", name="call_stereo.mp3").click()
    expect(page.get_by_role("heading", name="Compliance checklist")).to_be_visible()
    expect(page.locator(".qa-item").first).to_be_visible()
    expect(page.locator(".call-turn.agent").first).to_be_visible()
    expect(page.locator(".call-turn.customer").first).to_be_visible()
    player = page.locator("#call-audio")
    page.wait_for_function("a => a.readyState >= 1 && isFinite(a.duration)",
                           arg=player.element_handle(), timeout=15_000)
    # A word well into the call (a customer turn: both sides are clickable).
    word = page.locator(".call-turn.customer button.word").nth(3)
    start = float(word.get_attribute("data-start"))
    assert start > 5.0
    import os
    if os.environ.get("QA_SHOT"):
        page.screenshot(path=os.environ["QA_SHOT"], full_page=True)
    word.click()
    now = player.evaluate("a => a.currentTime")
    assert start - 0.05 <= now <= start + 1.5, (start, now)
    expect(word).to_have_class(re.compile(r"\bplaying\b"))
    # The range request the seek needs is answered (206), behind the QA login.
    assert page.evaluate("u => fetch(u, {headers: {Range: 'bytes=0-99'}}).then(r => r.status)",
                         player.get_attribute("src")) == 206
