"""The audio calmness rules: data/delivery.yaml, with the fitted ramps of delivery_fit.json.

A signal's `absolute` ramp (how it is judged without a calm baseline) may say `fitted: true`:
its start, full and weight then come from delivery_fit.json, written by
`trainer models fit-calmness`. Everything is validated after the merge, so a rule
that is missing, malformed or not fitted is refused with its place named.
"""

from __future__ import annotations

import copy
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

DATA = Path(__file__).with_name("data")
RULES_FILE = DATA / "delivery.yaml"
FIT_FILE = DATA / "delivery_fit.json"

_RAMP = {"type": "object", "additionalProperties": False,
         "required": ["feature", "unit", "start", "full"],
         "properties": {"feature": {"type": "string"}, "unit": {"type": "string"},
                        "start": {"type": "number"}, "full": {"type": "number"},
                        "label": {"type": "string"}, "fitted": {"type": "boolean"},
                        "curve": {"type": "number", "minimum": 1, "maximum": 4},
                        # points for this ramp when fitted (0: the fit found no evidence)
                        "weight": {"type": "number", "minimum": 0, "maximum": 100}}}
SCHEMA = {
    "type": "object", "additionalProperties": False,
    "required": ["min_speaking_s", "outburst_share", "fit_points", "signals"],
    "properties": {
        "description": {"type": "string"},
        "min_speaking_s": {"type": "number", "minimum": 0},
        "outburst_share": {"type": "number", "minimum": 0, "maximum": 1},
        "fit_points": {"type": "number", "exclusiveMinimum": 0, "maximum": 100},
        "signals": {"type": "array", "minItems": 1, "items": {
            "type": "object", "additionalProperties": False,
            "required": ["id", "why", "source", "scope"],
            "properties": {
                "id": {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"},
                "why": {"type": "string", "minLength": 3},
                "source": {"type": "string", "minLength": 10},
                "scope": {"enum": ["windows", "answer", "bursts"]},
                "weight": {"type": "number", "exclusiveMinimum": 0, "maximum": 50},
                "bonus": {"type": "number", "exclusiveMinimum": 0, "maximum": 20},
                "fade_points": {"type": "number", "exclusiveMinimum": 0},
                "absolute": _RAMP, "baseline": _RAMP, "within": _RAMP, "fallback": _RAMP,
                "range": {"type": "object", "additionalProperties": False,
                          "required": ["feature", "unit", "low", "high"],
                          "properties": {"feature": {"type": "string"},
                                         "unit": {"type": "string"},
                                         "low": {"type": "number"}, "high": {"type": "number"}}},
            },
            "oneOf": [{"required": ["weight"], "anyOf": [
                {"required": ["absolute"]}, {"required": ["baseline"]}]},
                {"required": ["bonus", "range", "fade_points"]}],
        }},
    },
}


class DeliveryRulesError(ValueError):
    """delivery.yaml is malformed; the message names the place and the problem."""


def read_rules(path: Path = RULES_FILE) -> dict[str, Any]:
    """delivery.yaml as written (fitted ramps not filled in, not validated)."""
    try:
        doc = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DeliveryRulesError(f"{Path(path).name}: cannot read: {exc}") from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("signals"), list):
        raise DeliveryRulesError(f"{Path(path).name}: top level: needs a list of signals")
    return doc


def fitted_features(rules: dict) -> dict[str, dict]:
    """{signal id: its `absolute` ramp} of the ramps that delivery_fit.json fills in."""
    return {s["id"]: s["absolute"] for s in rules["signals"] if isinstance(s, dict)
            and isinstance(s.get("absolute"), dict) and s["absolute"].get("fitted")}


def with_fit(rules: dict, fit: dict, name: str = RULES_FILE.name) -> dict[str, Any]:
    """The rules with each fitted ramp's start, full and weight taken from `fit`, validated."""
    merged = copy.deepcopy(rules)
    fitted = fit.get("signals", {}) if isinstance(fit, dict) else {}
    for signal_id, ramp in fitted_features(merged).items():
        feature, values = ramp.get("feature"), fitted.get(signal_id)
        if not isinstance(values, dict) or values.get("feature") != feature:
            raise DeliveryRulesError(
                f"{name}: {signal_id}/absolute: not fitted for {feature}; "
                f"run trainer models fit-calmness")
        ramp.update({k: values.get(k) for k in ("start", "full", "weight")})
    _validate(merged, name)
    return merged


def _validate(doc: dict, name: str) -> None:
    try:
        jsonschema.validate(doc, SCHEMA)
    except jsonschema.ValidationError as exc:
        where = "/".join(str(p) for p in exc.absolute_path) or "top level"
        raise DeliveryRulesError(f"{name}: {where}: {exc.message}") from exc
    ids = [s["id"] for s in doc["signals"]]
    if len(ids) != len(set(ids)):
        raise DeliveryRulesError(f"{name}: duplicate signal ids")
    for signal in doc["signals"]:
        for mode in ("absolute", "baseline", "within", "fallback"):
            ramp = signal.get(mode)
            if ramp and ramp.get("weight") != 0 and ramp["full"] <= ramp["start"]:
                raise DeliveryRulesError(f"{name}: {signal['id']}/{mode}: "
                                         f"full must exceed start")


@lru_cache(maxsize=8)
def load_delivery_rules(path: Path = RULES_FILE, fit_path: Path = FIT_FILE) -> dict[str, Any]:
    """Parse, merge with the fit and validate the audio calmness rules (cached per path)."""
    rules = read_rules(path)
    if not fitted_features(rules):
        return with_fit(rules, {}, Path(path).name)
    try:
        fit = json.loads(Path(fit_path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DeliveryRulesError(f"{Path(fit_path).name}: cannot read: {exc}") from exc
    return with_fit(rules, fit, Path(path).name)
