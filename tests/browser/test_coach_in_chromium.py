"""The coach's review in real Chromium: from the queue to a spoken answer, a click on a word
seeks the recording, an override with a reason; the trainee sees it and disputes; the coach
resolves the dispute."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from good_trainee import good_answers
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ANSWER_WAV = Path(__file__).parents[1] / "data" / "audio" / "answer.wav"  # "I understand..."
SPOKEN_AT = 3  # the empathy answer of the good lost_job run is spoken instead


def seed_voice_session():
    """A failed attempt at an assigned scenario, its fourth answer spoken (answer.wav)."""
    from flask import current_app

    from trainer.extensions import db
    from trainer.models import Assignment, User
    from trainer.sessions import service
    from trainer.sessions.recordings import store_recording
    from trainer.speech import analyse_answer, decode_audio

    coach, trainee = User.by_email("coach@example.com"), User.by_email("trainee@example.com")
    db.session.add(Assignment(scenario_id="lost_job", team_id=coach.led_teams[0].id,
                              pass_mark=95, created_by=coach.id,
                              created_at=datetime.now(UTC) - timedelta(days=1),
                              due_at=datetime.now(UTC) + timedelta(days=7)))
    db.session.commit()
    data = ANSWER_WAV.read_bytes()
    transcript, delivery = analyse_answer(decode_audio(data),
                                          instance_path=current_app.instance_path)
    session_id = service.start_session(trainee.id, "lost_job").id
    answers = good_answers("lost_job")
    for i in range(30):
        if i == SPOKEN_AT:
            path = store_recording(data, trainee.id, "seeded-answer", "wav")
            _turn, step = service.submit_answer(
                session_id, trainee.id, transcript.text, source="spoken", delivery=delivery,
                transcript=transcript.to_dict(), audio_path=path)
        else:
            _turn, step = service.submit_answer(session_id, trainee.id,
                                                answers[min(i, len(answers) - 1)])
        if step.finished:
            return
    raise AssertionError("the seeded session did not finish")


def log_in(page, base, email, password):
    """Log in (logging out first when someone is logged in)."""
    logout = page.get_by_role("button", name="Log out")
    if logout.count():
        logout.click()
    page.goto(f"{base}/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


@pytest.mark.parametrize("seeded_server", [seed_voice_session], indirect=True)
def test_review_override_dispute_and_resolution(seeded_server, page):
    base = seeded_server
    log_in(page, base, "coach@example.com", "coach-demo")
    page.get_by_role("link", name="Review queue").first.click()
    row = page.locator("table.queue tbody tr").filter(has_text="Terry Trainee")
    expect(row).to_contain_text("failed an assigned scenario")
    row.get_by_role("link", name="Review").click()
    expect(page.get_by_role("heading", name="Review: Laid off three weeks ago")).to_be_visible()

    answer = page.locator(f"#turn-{SPOKEN_AT}")
    expect(answer).to_contain_text("spoken")
    player = answer.locator("audio")
    page.wait_for_function("a => a.readyState >= 1 && isFinite(a.duration)",
                           arg=player.element_handle(), timeout=15_000)
    word = answer.locator("button.word", has_text="difficult")
    start = float(word.get_attribute("data-start"))
    assert start > 1.0  # well into the recording, so a seek is visible
    word.click()
    expect(word).to_have_class("word playing")
    now = player.evaluate("a => a.currentTime")
    assert start - 0.05 <= now < start + 1.5
    # keyboard: the words are one tab stop, arrows move along them
    word.focus()
    page.keyboard.press("ArrowRight")
    expect(answer.locator("button.word", has_text="time")).to_be_focused()

    form = answer.locator("form.override-form")
    form.get_by_label("Dimension").select_option("empathy")
    form.get_by_label("New score (0–100)").fill("150")
    form.get_by_label("Why (required)").fill("Warm, but it skips her words.")
    form.get_by_role("button", name="Override").click()
    expect(page.get_by_role("alert")).to_contain_text("must be from 0 to 100")
    form = page.locator(f"#turn-{SPOKEN_AT} form.override-form")
    form.get_by_label("New score (0–100)").fill("45")
    form.get_by_role("button", name="Override").click()
    answer = page.locator(f"#turn-{SPOKEN_AT}")
    expect(answer.locator("table.review-scores")).to_contain_text(
        "set to 45 by Casey Coach")
    expect(answer.locator("table.review-scores")).to_contain_text("Warm, but it skips her words.")

    log_in(page, base, "trainee@example.com", "trainee-demo")
    page.goto(f"{base}/practice/history")
    page.get_by_role("link", name="Scorecard").first.click()
    mine = page.locator(f"#turn-{SPOKEN_AT}")
    expect(mine.locator(".coach-mark").first).to_be_visible()
    expect(mine).to_contain_text("Warm, but it skips her words.")
    mine.locator("details.dispute-form summary").click()
    mine.get_by_label("Which score").select_option("empathy")
    mine.get_by_label("Why you think it is wrong (required)").fill(
        "I said I understood and offered to find a plan together.")
    mine.get_by_role("button", name="Send the dispute to my coach").click()
    expect(page.locator(f"#turn-{SPOKEN_AT} .dispute")).to_contain_text("Open: waiting")

    log_in(page, base, "coach@example.com", "coach-demo")
    page.goto(f"{base}/coach/queue?reason=dispute")
    page.locator("table.queue tbody tr").filter(has_text="Terry Trainee").get_by_role(
        "link", name="Review").click()
    resolve = page.locator(f"#turn-{SPOKEN_AT} form.resolve-form")
    resolve.get_by_label("Decision").select_option("uphold")
    resolve.get_by_label("New empathy score (when upheld)").fill("70")
    resolve.get_by_label("Why (required)").fill("Fair: she named the plan together.")
    resolve.get_by_role("button", name="Resolve the dispute").click()
    done = page.locator(f"#turn-{SPOKEN_AT}")
    expect(done.locator(".dispute")).to_contain_text("upheld")
    expect(done.locator(".dispute")).to_contain_text("I said I understood")
    expect(done.locator("table.review-scores")).to_contain_text("set to 70 by Casey Coach")
