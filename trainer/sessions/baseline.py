"""The trainee's calm baseline: a short read-aloud that spoken answers are judged against.

Absolute loudness depends on the microphone and pitch on the speaker, so the calmness
scorer compares each spoken answer with the trainee's own calm voice when it has one.
Measuring takes a fraction of a second (no transcription), so it runs in the request.
"""

from __future__ import annotations

from typing import Any

from trainer.extensions import db
from trainer.models import User
from trainer.models.clock import utcnow

from .errors import SessionNotFound
from .recordings import RecordingRejected, check_recording

MAX_SECONDS = 90
MIN_SPEECH_S = 8.0  # medians of pitch and loudness need a few phrases, not one word
# Calm, everyday sentences with no numbers (tiny.en mishears spoken numbers) and no
# collections words that might tempt an actor's voice: read at an ordinary pace.
PASSAGE = (
    "Good morning. Thank you for taking a moment to read this with me. "
    "I am going to speak in my normal voice, at the pace I use when I explain something "
    "to a friend. The weather today is mild, and the park near my home is quiet. "
    "In the afternoon I like to walk there, look at the trees and listen to the birds. "
    "When I get back, I make a cup of tea and plan the rest of my week. "
    "There is no hurry. I will finish this passage calmly and clearly."
)
# The features the calmness rules compare with (scalars only; the windows stay out).
KEYS = ("duration_s", "speaking_s", "words_per_minute", "syllables_per_second", "pause_ratio",
        "longest_pause_s", "pitch_median_hz", "pitch_variability_st", "pitch_range_st",
        "loudness_db", "loudness_variability_db", "alpha_ratio_db", "version")


def record_baseline(user_id: int, data: bytes) -> dict[str, Any]:
    """Measure a read-aloud and store it on the user, replacing any earlier one."""
    from trainer.speech import AudioError, measure_baseline

    from .voice import check_size

    user = db.session.get(User, user_id)
    if user is None:
        raise SessionNotFound("no such user")
    check_size(len(data))
    check_recording(data, MAX_SECONDS)
    try:
        measured = measure_baseline(data, max_duration_s=MAX_SECONDS)
    except AudioError as exc:
        raise RecordingRejected(exc.message, code=exc.code) from None
    spoken = float(measured.get("speaking_s") or 0.0)
    if spoken < MIN_SPEECH_S:
        raise RecordingRejected(f"only {spoken:.1f} s of speech was heard; read the whole "
                                f"passage (at least {MIN_SPEECH_S:.0f} s)", code="too_short")
    user.calm_baseline = {k: measured.get(k) for k in KEYS if k in measured}
    user.baseline_at = utcnow()
    db.session.commit()
    return user.calm_baseline


def delete_baseline(user_id: int) -> bool:
    """Forget the user's baseline; True when there was one."""
    user = db.session.get(User, user_id)
    if user is None or user.calm_baseline is None:
        return False
    user.calm_baseline = None
    user.baseline_at = None
    db.session.commit()
    return True
