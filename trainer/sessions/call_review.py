"""QA corrections of a scored call: a checklist item's status or a score, with a reason.

Each correction is an audit record (trainer.audit: who, when, old, new, why) written in the
same transaction as the correction in force on the call (`Call.corrections`). The engine's
scorecard is never changed: pages and the API show the corrected values, say a human set
them, and keep the engine's beside them. Setting a value back to the engine's lifts the
correction (and is audited too).
"""

from __future__ import annotations

from typing import Any

from trainer import audit
from trainer.errors import ServiceError
from trainer.extensions import db
from trainer.models import Call, User
from trainer.models.calls import CHECK_STATUSES, SCORE_NAMES
from trainer.models.clock import iso, utcnow

from .calls import CallNotReady, visible_call

MAX_REASON = 1000


class BadCorrection(ServiceError):
    """A correction that cannot be applied: no reason, an unknown item, a value out of range."""

    status, code = 400, "bad_correction"


def _reason(reason: Any) -> str:
    text = " ".join(str(reason or "").split())
    if not text:
        raise BadCorrection("give a reason for the correction: it is kept in the audit log")
    if len(text) > MAX_REASON:
        raise BadCorrection(f"keep the reason under {MAX_REASON} characters")
    return text


def _scored(call_id: int, viewer: User) -> Call:
    call = visible_call(call_id, viewer)
    if call.status != "done" or call.scorecard is None:
        raise CallNotReady(f"call {call.id} is {call.status}; correct it once it is scored")
    return call


def _apply(call: Call, group: str, name: str, value: Any, engine: Any, old: Any, reason: str,
           actor: User) -> Call:
    """Audit the change and put it in force (or lift it when it restores the engine's)."""
    action = "call.check_corrected" if group == "compliance" else "call.score_corrected"
    key = "rule" if group == "compliance" else "score"
    entry = audit.record(action, "call", call.id, actor=actor, old={key: name, "value": old},
                         new={key: name, "value": value}, reason=reason)
    db.session.flush()
    fix = None if value == engine else {"value": value, "by": actor.email, "by_id": actor.id,
                                        "at": iso(utcnow()), "reason": reason,
                                        "record": entry.id}
    call.set_correction(group, name, fix)
    db.session.commit()
    return call


def correct_check(call_id: int, rule: str, status: str, reason: Any, actor: User) -> Call:
    """Set a checklist item's status (pass, fail, not_applicable) with a reason."""
    call = _scored(call_id, actor)
    reason = _reason(reason)
    if status not in CHECK_STATUSES:
        raise BadCorrection(f"a checklist item is pass, fail or not_applicable, not {status!r}")
    current = {i["rule"]: i for i in call.effective_scorecard()["compliance"]}
    if rule not in current:
        raise BadCorrection(f"call {call.id} has no checklist item {rule!r}")
    item = current[rule]
    if item["status"] == status:
        raise BadCorrection(f"{rule} is already {status}")
    return _apply(call, "compliance", rule, status, item.get("engine_status", item["status"]),
                  item["status"], reason, actor)


def correct_score(call_id: int, name: str, value: Any, reason: Any, actor: User) -> Call:
    """Set the overall score or one dimension (0-100) with a reason."""
    call = _scored(call_id, actor)
    reason = _reason(reason)
    if name not in SCORE_NAMES:
        raise BadCorrection(f"the scores are {', '.join(SCORE_NAMES)}; not {name!r}")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise BadCorrection("a score is a number from 0 to 100") from None
    if not 0 <= number <= 100:
        raise BadCorrection("a score is a number from 0 to 100")
    number = round(number)
    card = call.effective_scorecard()
    old = card["overall"] if name == "overall" else (card.get("agent_scores") or {}).get(name)
    engine = card["engine"]["overall"] if name == "overall" \
        else (card["engine"]["agent_scores"] or {}).get(name)
    if old is not None and round(old) == number:
        raise BadCorrection(f"{name} is already {number}")
    return _apply(call, "scores", name, number, engine, old, reason, actor)


def call_history(call_id: int) -> list[dict[str, Any]]:
    """Every audited change to the call, newest first (corrections, swaps, retries...)."""
    return [r.to_dict() for r in audit.history("call", call_id)]
