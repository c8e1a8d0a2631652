"""Turn a real call into a practice scenario: QA drafts it, an admin reviews and publishes it.

A draft is anonymised YAML in the database (models/scenario_drafts.py), checked by the
scenario loader (JSON Schema and the graph checks) whenever it is made or edited. Publishing
checks it again and writes it into the published-scenarios folder, from which the library
reads it; until then no page, API or runner can see it. Every step is audited.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import yaml

from trainer import audit
from trainer.errors import ServiceError
from trainer.extensions import db
from trainer.models import ScenarioDraft, User
from trainer.models.clock import utcnow

from .calls import CallNotReady, visible_call
from .library import get_library, published_dir

MAX_YAML = 100_000


class DraftNotFound(ServiceError):
    """No such draft."""

    status, code = 404, "draft_not_found"


class DraftInvalid(ServiceError):
    """A draft the scenario loader refuses, or one that cannot be published as it is."""

    status, code = 400, "invalid_scenario"

    def __init__(self, message: str, problems: list[str]):
        super().__init__(message)
        self.problems = problems


def check_yaml(text: str) -> list[str]:
    """Every problem the scenario loader finds in the text (none: it would load)."""
    from trainer.scenarios.loader import ScenarioError, load_file

    if len(text) > MAX_YAML:
        return [f"the scenario is {len(text):,} characters; keep it under {MAX_YAML:,}"]
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        data = None  # the loader reports the line
    scenario_id = data.get("id") if isinstance(data, dict) else None
    stem = scenario_id if isinstance(scenario_id, str) and scenario_id.isidentifier() \
        else "draft"
    with tempfile.TemporaryDirectory(prefix="scenario-draft-") as folder:
        path = Path(folder) / f"{stem.lower()}.yaml"
        path.write_text(text, encoding="utf-8")
        try:
            load_file(path)
        except ScenarioError as exc:
            return [f"line {p.line}: {p.message}" if p.line else p.message
                    for p in exc.problems]
    return []


def draft_from_call(call_id: int, actor: User) -> ScenarioDraft:
    """The anonymised draft of a scored call (the open one, if the call has one already)."""
    from trainer.calls.scenario_draft import customer_lines, draft_scenario, to_yaml

    call = visible_call(call_id, actor)
    if call.status != "done" or call.scorecard is None:
        raise CallNotReady(f"call {call.id} is {call.status}; draft a scenario once it is scored")
    existing = db.session.scalar(db.select(ScenarioDraft).where(
        ScenarioDraft.call_id == call.id, ScenarioDraft.status == "draft"))
    if existing is not None:
        return existing
    card = call.effective_scorecard()
    if not customer_lines(card):
        raise CallNotReady(f"call {call.id} has no customer lines to practise against")
    data, counts = draft_scenario(card, call.id)
    text = to_yaml(data, call.id, counts)
    problems = check_yaml(text)
    if problems:  # the builder's own output must always load: a bug, said plainly
        raise DraftInvalid("the draft built from this call does not load: "
                           + "; ".join(problems[:3]), problems)
    draft = ScenarioDraft(call_id=call.id, scenario_id=data["id"], title=data["title"],
                          yaml_text=text, status="draft", created_by=actor.id)
    db.session.add(draft)
    db.session.flush()
    audit.record("scenario.drafted", "scenario_draft", draft.id, actor=actor,
                 new={"call": call.id, "scenario": data["id"], "anonymised": counts})
    db.session.commit()
    return draft


def get_draft(draft_id: int) -> ScenarioDraft:
    """A draft by id; DraftNotFound otherwise."""
    draft = db.session.get(ScenarioDraft, draft_id) if isinstance(draft_id, int) else None
    if draft is None:
        raise DraftNotFound(f"no scenario draft {draft_id}")
    return draft


def _open(draft_id: int) -> ScenarioDraft:
    draft = get_draft(draft_id)
    if draft.status != "draft":
        raise DraftInvalid(f"this draft was {draft.status} already", [])
    return draft


def save_draft(draft_id: int, text: str, actor: User) -> list[str]:
    """Keep an admin's edit (even one with problems, so nothing typed is lost); its problems."""
    draft = _open(draft_id)
    text = (text or "").replace("\r\n", "\n")
    if not text.strip():
        raise DraftInvalid("the scenario is empty", ["the scenario is empty"])
    if len(text) > MAX_YAML:
        raise DraftInvalid(f"keep the scenario under {MAX_YAML:,} characters", [])
    problems = check_yaml(text)
    data = yaml.safe_load(text) if not problems else None
    if data is not None:
        draft.scenario_id, draft.title = data["id"], data["title"]
    old_chars = len(draft.yaml_text)
    draft.yaml_text = text
    audit.record("scenario.draft_edited", "scenario_draft", draft.id, actor=actor,
                 old={"chars": old_chars}, new={"chars": len(text), "problems": len(problems)})
    db.session.commit()
    return problems


def publish_draft(draft_id: int, actor: User) -> ScenarioDraft:
    """Check the draft again, write it into the library's published folder, audit it."""
    draft = _open(draft_id)
    problems = check_yaml(draft.yaml_text)
    if problems:
        raise DraftInvalid("fix the scenario's problems before publishing it", problems)
    scenario_id = yaml.safe_load(draft.yaml_text)["id"]
    if scenario_id in get_library().scenarios:
        raise DraftInvalid(f"the library already has a scenario {scenario_id!r}: change the id",
                           [f"id: {scenario_id!r} is taken"])
    folder = published_dir()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{scenario_id}.yaml"
    partial = target.with_name(target.name + ".part")  # not *.yaml: the loader never sees it
    partial.write_text(draft.yaml_text, encoding="utf-8")
    os.replace(partial, target)
    draft.status, draft.scenario_id = "published", scenario_id
    draft.reviewed_by, draft.reviewed_at, draft.published_file = actor.id, utcnow(), target.name
    audit.record("scenario.published", "scenario_draft", draft.id, actor=actor,
                 new={"scenario": scenario_id, "file": target.name, "call": draft.call_id})
    db.session.commit()
    return draft


def discard_draft(draft_id: int, actor: User) -> ScenarioDraft:
    """Drop a draft (kept as a record, never published)."""
    draft = _open(draft_id)
    draft.status, draft.reviewed_by, draft.reviewed_at = "discarded", actor.id, utcnow()
    audit.record("scenario.discarded", "scenario_draft", draft.id, actor=actor,
                 new={"scenario": draft.scenario_id, "call": draft.call_id})
    db.session.commit()
    return draft


def drafts(status: str | None = "draft") -> list[ScenarioDraft]:
    """Drafts (of one status), newest first."""
    query = db.select(ScenarioDraft).order_by(ScenarioDraft.created_at.desc(),
                                              ScenarioDraft.id.desc())
    if status:
        query = query.where(ScenarioDraft.status == status)
    return list(db.session.scalars(query))
