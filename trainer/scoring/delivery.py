"""Audio calmness evidence: delivery features in, signed calmness effects with time ranges out.

Pure Python on the plain dict that trainer.speech.delivery.measure_delivery returns (no numpy,
no Flask), so the calmness scorer can add these effects to its text score. The thresholds,
weights and sources live in data/delivery.yaml, the fitted ones in data/delivery_fit.json
(delivery_rules.py loads both).
"""

from __future__ import annotations

import math
from typing import Any

from .delivery_rules import (  # noqa: F401  (re-exported: the rules' public names)
    FIT_FILE,
    RULES_FILE,
    DeliveryRulesError,
    fitted_features,
    load_delivery_rules,
    read_rules,
    with_fit,
)
from .types import Evidence, ScoringInputError

DIMENSION = "calmness"


def delivery_evidence(delivery: dict | None, baseline: dict | None = None,
                      rules: dict | None = None) -> list[Evidence]:
    """Calmness evidence from the delivery dict, judged against the baseline when given."""
    if delivery is None:
        return []
    if not isinstance(delivery, dict) or (baseline is not None and not isinstance(baseline, dict)):
        raise ScoringInputError("bad_context", "delivery and baseline must be objects")
    rules = rules or load_delivery_rules()
    if (_num(delivery.get("speaking_s")) or 0.0) < rules["min_speaking_s"]:
        return []
    evidence: list[Evidence] = []
    bonus_rules = []
    for signal in rules["signals"]:
        if "bonus" in signal:
            bonus_rules.append(signal)
        else:
            evidence.extend(_signal_evidence(signal, delivery, baseline, rules["outburst_share"]))
    total = sum(e.effect for e in evidence)
    for signal in bonus_rules:
        evidence.extend(_bonus_evidence(signal, delivery, total))
    return evidence


def audio_calmness(delivery: dict | None, baseline: dict | None = None,
                   rules: dict | None = None) -> float:
    """0-100 calmness of a neutral sentence said this way (for validating the audio rules).

    The starting point is the calmness scorer's own base (fitted), i.e. a civil sentence
    scored on its words alone.
    """
    from .scorers.base import feature_config

    rules = rules or load_delivery_rules()
    effect = sum(e.effect for e in delivery_evidence(delivery, baseline, rules))
    return max(0.0, min(100.0, feature_config()["base"]["calmness"] + effect))


def _num(value: Any) -> float | None:
    """A finite number, or None for anything else (missing, null, text, NaN)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) else None


def _ramp(value: float, rule: dict) -> float:
    """0 at start, 1 at full; a `curve` above 1 keeps it low near start and steep near full."""
    share = max(0.0, min(1.0, (value - rule["start"]) / (rule["full"] - rule["start"])))
    return share ** rule.get("curve", 1)


def _relative(value: float | None, reference: float | None, rule: dict) -> float | None:
    """value minus reference; for a frequency shown in semitones, 12 * log2 of their ratio."""
    if value is None or reference is None:
        return None
    if rule["feature"].endswith("_hz") and rule["unit"] == "st":
        return 12.0 * math.log2(value / reference) if value > 0 and reference > 0 else None
    return value - reference


def _mode(signal: dict, delivery: dict, baseline: dict | None) -> tuple[str, dict] | None:
    """Which rule applies: baseline when the baseline has the feature, else absolute, else
    the fallback feature when the absolute one is missing, else the within-answer rule."""
    if baseline is not None and "baseline" in signal:
        if _num(baseline.get(signal["baseline"]["feature"])) is not None:
            return "baseline", signal["baseline"]
    if "absolute" in signal:
        feature = signal["absolute"]["feature"]
        if _num(delivery.get(feature)) is not None or "fallback" not in signal:
            return "absolute", signal["absolute"]
    if "fallback" in signal:
        return "fallback", signal["fallback"]
    if "within" in signal:
        return "within", signal["within"]
    return None


def _values(items: list[dict], rule: dict, mode: str, baseline: dict | None) -> list:
    raw = [_num(item.get(rule["feature"])) for item in items]
    if mode == "baseline":
        reference = _num(baseline.get(rule["feature"]))
        return [_relative(v, reference, rule) for v in raw]
    if mode == "within":  # each span against the median of the others: "the rest"
        if sum(v is not None for v in raw) < 2:
            return [None] * len(raw)
        return [_relative(v, _median([o for j, o in enumerate(raw) if j != i and o is not None]),
                          rule) for i, v in enumerate(raw)]
    return raw


def _median(values: list[float]) -> float:
    ordered, middle = sorted(values), len(values) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def _spans(signal: dict, delivery: dict) -> list[dict]:
    """What the signal is judged over: windows, the whole answer, or each burst."""
    whole = {"start_s": delivery.get("speech_start_s"), "end_s": delivery.get("speech_end_s"),
             "speaking_s": delivery.get("speaking_s")}
    if signal["scope"] == "windows" and delivery.get("windows"):
        return [w for w in delivery["windows"] if isinstance(w, dict)]
    if signal["scope"] == "bursts" and delivery.get("bursts"):
        return [{"start_s": a, "end_s": b, "speaking_s": b - a,
                 "longest_burst_s": b - a} for a, b in delivery["bursts"]]
    return [{**delivery, **whole}]


def _signal_evidence(signal: dict, delivery: dict, baseline: dict | None,
                     outburst_share: float) -> list[Evidence]:
    chosen = _mode(signal, delivery, baseline)
    if chosen is None:
        return []
    mode, rule = chosen
    weight = rule.get("weight", signal["weight"])
    if weight <= 0:
        return []
    spans = _spans(signal, delivery)
    values = _values(spans, rule, mode, baseline)
    judged = [(span, v, _ramp(v, rule), _num(span.get("speaking_s")) or 0.0)
              for span, v in zip(spans, values, strict=True) if v is not None]
    speaking = sum(t for _, _, _, t in judged)
    if not judged or speaking <= 0:
        return []
    if signal["scope"] == "bursts":  # the longest burst decides; each long one is shown
        share = max(r for _, _, r, _ in judged)
    else:
        share = max(sum(r * t for _, _, r, t in judged) / speaking,
                    outburst_share * max(r for _, _, r, _ in judged))
    total = weight * share
    mass = sum(r * t for _, _, r, t in judged)
    if total <= 0.05 or mass <= 0:
        return []
    return [_evidence(signal, rule, mode, group, -total * sum(r * t for _, _, r, t in group) / mass)
            for group in _contiguous(judged)]


def _contiguous(judged: list) -> list[list]:
    """Adjacent spans that fired, grouped, so one stretch gives one piece of evidence."""
    groups: list[list] = []
    previous_fired = False
    for item in judged:
        fired = item[2] > 0
        if fired and previous_fired:
            groups[-1].append(item)
        elif fired:
            groups.append([item])
        previous_fired = fired
    return groups


def _evidence(signal: dict, rule: dict, mode: str, group: list, effect: float) -> Evidence:
    time = sum(t for *_, t in group) or 1.0
    value = sum(v * t for _, v, _, t in group) / time
    start, end = group[0][0].get("start_s"), group[-1][0].get("end_s")
    why = f"{signal['why']}: {_describe(value, rule, mode)}"
    if start is not None and end is not None:
        why += f" from {start:.1f} s to {end:.1f} s"
    return Evidence(dimension=DIMENSION, signal=signal["id"], effect=round(effect, 2), why=why,
                    start_s=start, end_s=end)


def _describe(value: float, rule: dict, mode: str) -> str:
    unit = rule["unit"]
    digits = 0 if unit in ("wpm", "Hz") else 1
    label = rule["label"] + " " if rule.get("label") else ""
    if mode == "baseline":
        return (f"{label}{value:+.{digits}f} {unit} above your calm baseline "
                f"(calm: under +{rule['start']:g} {unit})")
    if mode == "within":
        return f"{label}{value:.{digits}f} {unit} louder than the rest of the answer"
    if rule.get("fitted"):  # the ramp spans what calm and angry speakers did
        return (f"{label}{value:.{digits}f} {unit} (calmest voices about {rule['start']:g}, "
                f"most strained about {rule['full']:g} {unit})")
    limit = "under" if rule["start"] >= 0 else "below"
    return f"{label}{value:.{digits}f} {unit} (calm: {limit} {rule['start']:g} {unit})"


def _bonus_evidence(signal: dict, delivery: dict, total_effect: float) -> list[Evidence]:
    """A small reward, fading as other signals fire, when the pace (if known) is conversational."""
    fade = 1.0 + min(total_effect, 0.0) / signal["fade_points"]
    if fade <= 0:
        return []
    bounds = signal["range"]
    value = _num(delivery.get(bounds["feature"]))
    if value is not None and not bounds["low"] <= value <= bounds["high"]:
        return []
    detail = f"{value:.0f} {bounds['unit']}, " if value is not None else ""
    return [Evidence(dimension=DIMENSION, signal=signal["id"],
                     effect=round(signal["bonus"] * fade, 2),
                     why=f"{signal['why']}: {detail}no raised voice, pitch or pace",
                     start_s=delivery.get("speech_start_s"), end_s=delivery.get("speech_end_s"))]
