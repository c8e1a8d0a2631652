"""A second speech detector, for the voice the VAD misses: shouted, hard-clipped speech.

Silero VAD (transcribe.speech_regions) is trained on ordinary speech; a short shout clipped
flat by the microphone can score under its threshold, and the answer would be refused as
"no speech". Clipping smears the voice's energy into high harmonics but leaves the low
band periodic, so pitch is tracked on the signal low-passed below 900 Hz. Noise and silence
have no pitch; a steady tone or mains hum has pitch that does not move, and speech does.
"""

from __future__ import annotations

import numpy as np

from .prosody import compute_tracks

LOW_PASS_HZ = 900.0
MIN_PITCH_MOVE_ST = 1.0  # 10th to 90th percentile of the pitch: a beep or a hum moves ~0
JOIN_GAP_S = 0.25  # voiced stretches closer than this are one region (consonants between)
PAD_S = 0.05


def voiced_regions(samples: np.ndarray, sample_rate: int = 16000) -> list[tuple[float, float]]:
    """Stretches (seconds) with a moving, speech-range pitch; [] for noise, silence, tones."""
    from scipy.signal import butter, sosfiltfilt

    if len(samples) < sample_rate // 10:
        return []
    sos = butter(6, LOW_PASS_HZ, "lowpass", fs=sample_rate, output="sos")
    low = sosfiltfilt(sos, np.asarray(samples, np.float64)).astype(np.float32)
    tracks = compute_tracks(low, sample_rate)
    voiced = tracks.voiced
    if voiced.sum() < 3:
        return []
    semitones = 12.0 * np.log2(tracks.f0_hz[voiced])
    if np.percentile(semitones, 90) - np.percentile(semitones, 10) < MIN_PITCH_MOVE_ST:
        return []
    times = tracks.times()[voiced]
    regions: list[list[float]] = []
    for t in times:
        if regions and t - regions[-1][1] <= JOIN_GAP_S:
            regions[-1][1] = t
        else:
            regions.append([t, t])
    end = len(samples) / sample_rate
    return [(float(max(0.0, a - PAD_S)), float(min(end, b + tracks.hop + PAD_S)))
            for a, b in regions]
