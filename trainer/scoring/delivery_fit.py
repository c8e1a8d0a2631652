"""Fit the no-baseline audio calmness ramps on acted speech: angry against calm or neutral.

    trainer models fit-calmness [--data ../shared/data/dev] [--dry-run]

The signals in data/delivery.yaml whose `absolute` ramp says `fitted: true` get their ramp
and weight from data/delivery_fit.json, which this writes. The fit is deliberately tiny, so
six speakers cannot be memorised:

1. Each fitted feature's ramp starts at the calmest tenth of the calm and neutral clips
   (their 10th percentile) and is full at the most strained tenth of the angry clips (their
   90th percentile), so it spans what the speakers did and keeps their order; ramps that
   start or end at the medians tie half the clips at 0 or at full and separate less. Every
   speaker weighs the same, however many clips they have. A feature that is not higher in
   anger gets no weight.
2. The weights are a logistic regression of "angry" on the ramp values (how far each clip
   is along each ramp, shaped by its `curve`), non-negative and L2-penalised, speakers
   weighted equally, rescaled so that together they can take `fit_points` (delivery.yaml)
   off the calmness score. With one fitted signal, it simply gets all of them.

`fit(clips)` takes any clips with `speaker`, `angry` and `delivery` (the loader is
trainer.speech.acted_speech: this package never imports speech), so
benchmarks/calmness_audio.py refits it without the speaker it measures
(leave-one-speaker-out). The clips are read in place, never copied: their
licences allow evaluation, not redistribution.
"""

from __future__ import annotations

import math

from .delivery import fitted_features, read_rules

PENALTY = 1.0  # L2 on the logistic weights (ramp values are 0-1, so weights are comparable)
CALM_QUANTILE, ANGRY_QUANTILE = 0.1, 0.9  # where each ramp starts and where it is full
DECIMALS = {"Hz": 0, "wpm": 0}  # everything else: one decimal


def fit(clips: list, rules: dict | None = None) -> dict:
    """The fitted ramps and weights (the content of delivery_fit.json) for these clips."""
    import numpy as np

    rules = rules or read_rules()
    features = fitted_features(rules)
    if not features:
        return {"clips": len(clips), "speakers": sorted({c.speaker for c in clips}),
                "signals": {}}
    angry = np.array([c.angry for c in clips])
    speakers = [c.speaker for c in clips]
    counts = {s: speakers.count(s) for s in set(speakers)}
    weight = np.array([1.0 / counts[s] for s in speakers])
    weight *= len(clips) / weight.sum()
    ramps, signals = [], {}
    for signal_id, rule in features.items():
        feature, unit = rule["feature"], rule["unit"]
        values = np.array([_value(c.delivery, feature) for c in clips], float)
        known = ~np.isnan(values)
        start = _quantile(values[known & ~angry], weight[known & ~angry], CALM_QUANTILE)
        full = _quantile(values[known & angry], weight[known & angry], ANGRY_QUANTILE)
        digits = DECIMALS.get(unit, 1)
        signals[signal_id] = {"feature": feature, "start": round(start, digits),
                              "full": round(full, digits)}
        rising = full > start
        ramps.append(np.clip((values - start) / (full - start), 0, 1) ** rule.get("curve", 1)
                     if rising else np.zeros(len(values)))
    ramp = np.nan_to_num(np.array(ramps).T)  # a missing feature is no evidence
    coefficients = _nonnegative_logistic(ramp, angry, weight)
    total = coefficients.sum()
    for values, c in zip(signals.values(), coefficients, strict=True):
        values["weight"] = round(float(rules["fit_points"] * c / total), 1) if total > 0 else 0.0
    return {"clips": len(clips), "speakers": sorted(counts), "signals": signals}


def _value(delivery: dict, feature: str) -> float:
    value = delivery.get(feature)
    return float(value) if isinstance(value, (int, float)) and math.isfinite(value) else math.nan


def _quantile(values, weights, q: float) -> float:
    """The weighted q-quantile, interpolated between the clips' weight midpoints (so copying
    every clip of a speaker changes nothing)."""
    import numpy as np

    order = np.argsort(values)
    middle = np.cumsum(weights[order]) - weights[order] / 2
    return float(np.interp(q * weights.sum(), middle, values[order]))


def _nonnegative_logistic(x, y, weight):
    """Logistic regression weights (no intercept returned), each >= 0, L2-penalised."""
    import numpy as np
    from scipy.optimize import minimize

    def loss(p):
        z = p[0] + x @ p[1:]
        probability = 1.0 / (1.0 + np.exp(-z))
        value = np.sum(weight * (np.logaddexp(0.0, z) - y * z)) + PENALTY * p[1:] @ p[1:]
        gradient = np.concatenate([[0.0], 2.0 * PENALTY * p[1:]])
        residual = weight * (probability - y)
        gradient[0] += residual.sum()
        gradient[1:] += x.T @ residual
        return value, gradient

    start = np.concatenate([[0.0], np.ones(x.shape[1])])
    bounds = [(None, None)] + [(0.0, None)] * x.shape[1]
    return minimize(loss, start, jac=True, bounds=bounds, method="L-BFGS-B").x[1:]
