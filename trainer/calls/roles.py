"""Which of two voices is the agent, from what they say, with how sure that is.

The agent names the company, gives the debt-collector disclosure, verifies identity and asks
for payment; the engine tags those acts on every utterance, so each voice gets points for
the acts it performs, and the evidence says which turns earned them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .transcript import Turn

# Engine tags of what the collector's side says, weighted by how surely only the agent says
# it: a customer also thanks, names a payment method and says "I could pay", so those weigh
# little or nothing; nobody but the agent gives the disclosure or verifies identity.
AGENT_ACTS = {"mini_miranda": 3.0, "collector_identity": 3.0, "verification": 2.0,
              "payment_ask": 1.0, "debt_detail": 1.0, "options": 1.0, "recap": 1.0,
              "promise": 1.0}


@dataclass(slots=True)
class Assignment:
    """Which label is the agent, how sure (0.5 = a coin toss, 1 = certain), and why."""

    agent: str
    customer: str
    confidence: float
    evidence: list[dict[str, Any]] = field(default_factory=list)
    points: dict[str, float] = field(default_factory=dict)
    method: str = "content"

    def to_dict(self) -> dict[str, Any]:
        """The scorecard's `speaker_assignment` shape."""
        return {"method": self.method, "confidence": round(self.confidence, 2),
                "points": {"agent": self.points.get(self.agent, 0.0),
                           "customer": self.points.get(self.customer, 0.0)},
                "evidence": self.evidence[:8]}


def assign_roles(turns: list[Turn]) -> Assignment:
    """Decide which of the (two) speaker labels on the turns is the agent."""
    from trainer.scoring import ScoringInputError, score_utterance

    labels = list(dict.fromkeys(t.speaker for t in turns))
    if len(labels) == 1:
        labels.append("(nobody)")
    points = {label: 0.0 for label in labels[:2]}
    evidence = []
    for index, turn in enumerate(turns):
        if turn.speaker not in points:
            continue
        try:
            tags = score_utterance(turn.text).tags
        except ScoringInputError:
            continue
        acts = [act for act in AGENT_ACTS if act in tags]
        for act in acts:
            points[turn.speaker] += AGENT_ACTS[act]
        if acts:
            evidence.append({"turn": index, "speaker": turn.speaker, "acts": acts,
                             "text": turn.text[:160]})
    first, second = labels[0], labels[1]
    agent = first if points[first] >= points[second] else second
    customer = second if agent == first else first
    total = points[first] + points[second]
    confidence = 0.5 + 0.5 * abs(points[first] - points[second]) / total if total else 0.5
    return Assignment(agent, customer, confidence,
                      [e for e in evidence if e["speaker"] == agent] +
                      [e for e in evidence if e["speaker"] != agent], points)
