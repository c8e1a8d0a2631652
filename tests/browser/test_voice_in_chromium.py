"""Spoken answers in real Chromium with a fake microphone that plays a fixture recording."""

import re
from pathlib import Path

import pytest
from browser_helpers import log_in_and_start_lost_job
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ANSWER_WAV = Path(__file__).parents[1] / "data" / "audio" / "answer.wav"  # 5.7 s, 16 kHz mono
DIMENSIONS = ["Empathy", "Positive language", "Assertiveness", "Calmness"]


def test_trainee_records_an_answer_and_sees_transcript_scores_and_delivery(voice_server,
                                                                           mic_page):
    page = mic_page(ANSWER_WAV)
    log_in_and_start_lost_job(page, voice_server)
    record = page.get_by_role("button", name="Start recording")
    expect(record).to_be_visible()
    record.click()
    stop = page.get_by_role("button", name="Stop recording")
    expect(stop).to_be_visible()
    expect(page.locator("[data-role=timer]")).to_contain_text("0:03", timeout=10_000)
    # the level meter follows the voice (the fixture speaks; silence would stay near 0)
    page.wait_for_function("() => document.getElementById('voice-level').value > 0.3")
    page.wait_for_timeout(3_200)  # the fixture lasts 5.7 s
    stop.click()
    expect(page.locator("#voice-status")).to_contain_text(
        re.compile("Uploading|Transcribing|Scoring|Reading|Waiting|Loading"))

    feedback = page.locator("#feedback")
    expect(feedback).to_be_visible(timeout=60_000)
    expect(page).to_have_url(re.compile(r"/practice/sessions/\d+#feedback$"))
    agent = page.locator("ol.transcript li.agent").last
    expect(agent).to_contain_text("difficult time")
    expect(agent).to_contain_text("(spoken)")
    for name in DIMENSIONS:
        expect(feedback.locator("table.scores th", has_text=name)).to_have_count(1)
    feedback.locator("details.turn-feedback > summary").click()  # the evidence, one click away
    expect(feedback.locator("mark.ev").first).to_be_visible()  # highlighted evidence
    metrics = feedback.locator("table.delivery-metrics")
    expect(metrics).to_contain_text("words/min")
    expect(metrics).to_contain_text("Hz")
    expect(metrics).to_contain_text("dBFS")
    player = feedback.locator("audio")
    expect(player).to_have_count(1)
    # The recording plays back: the browser reads its duration from our audio route.
    duration = page.wait_for_function(
        "a => a.readyState >= 1 && isFinite(a.duration) ? a.duration : null",
        arg=player.element_handle(), timeout=15_000).json_value()
    assert 4.0 < duration < 9.0
    # The debtor moved on and the typed box is still there.
    expect(page.locator("#debtor-line")).not_to_have_text("Hello?")
    expect(page.get_by_label("Your answer")).to_be_editable()


def test_a_blocked_microphone_says_so_and_typing_still_works(voice_server, mic_page):
    page = mic_page(ANSWER_WAV, deny=True)
    log_in_and_start_lost_job(page, voice_server)
    page.get_by_role("button", name="Start recording").click()
    expect(page.locator("#voice-status")).to_contain_text(
        re.compile("blocked|No microphone|could not be started"))
    page.get_by_label("Your answer").fill("Hello, am I speaking with Dana Whitfield?")
    page.get_by_role("button", name="Send answer").click()
    expect(page.locator("#feedback")).to_be_visible()


@pytest.mark.parametrize("voice_server", [{"ANSWER_MAX_SECONDS": 3}], indirect=True)
def test_the_recorder_stops_itself_at_the_limit_and_works_from_the_keyboard(voice_server,
                                                                          mic_page):
    page = mic_page(ANSWER_WAV)
    log_in_and_start_lost_job(page, voice_server)
    expect(page.locator("[data-role=timer]")).to_have_text("0:00 / 0:03")
    record = page.get_by_role("button", name="Start recording")
    record.focus()
    page.keyboard.press("Space")
    expect(page.get_by_role("button", name="Stop recording")).to_be_visible()
    # Nobody presses stop: at 3 s the recorder stops, says so, and sends what it has.
    expect(page.locator("#voice-status")).to_contain_text("Stopped at the 0:03 limit",
                                                          timeout=10_000)
    expect(page.locator("#feedback")).to_be_visible(timeout=60_000)
    expect(page.locator("ol.transcript li.agent").last).to_contain_text("understand")
