"""Call metrics: agent talk ratio, silence ratio, overtalk, longest monologue, speaking rate.

Computed from when each side is active: per-channel audio activity on stereo calls, speaker
segments on mono calls, turn times on timed transcripts (untimed transcripts have none).
"""

from __future__ import annotations

from typing import Any

from .activity import Regions, intersect, total, union
from .transcript import Turn

MIN_OVERTALK_S = 0.2  # both sides active at least this long is talking over each other
MONOLOGUE_GAP_S = 2.0  # the agent keeps the floor across pauses shorter than this


def call_metrics(agent: Regions, customer: Regions, duration: float,
                 turns: list[Turn]) -> dict[str, Any]:
    """The INTERFACES.md metrics plus the totals they come from (seconds)."""
    agent_s, customer_s = total(agent), total(customer)
    talk_s = total(union(agent, customer))
    overtalk = [r for r in intersect(agent, customer) if r[1] - r[0] >= MIN_OVERTALK_S]
    agent_words = sum(len(t.text.split()) for t in turns if t.speaker == "agent")
    longest = longest_monologue(agent, customer)
    return {
        "agent_talk_ratio": round(agent_s / (agent_s + customer_s), 3)
        if agent_s + customer_s else None,
        "silence_ratio": round(max(0.0, 1 - talk_s / duration), 3) if duration else None,
        "overtalk_count": len(overtalk),
        "longest_monologue_s": round(longest[1] - longest[0], 1) if longest else 0.0,
        "agent_words_per_minute": round(agent_words / (agent_s / 60)) if agent_s >= 1 else None,
        "agent_speaking_s": round(agent_s, 2), "customer_speaking_s": round(customer_s, 2),
        "overtalk_s": round(total(overtalk), 2),
        "overtalk": [{"start": round(a, 2), "end": round(b, 2)} for a, b in overtalk],
        "longest_monologue": {"start": round(longest[0], 2), "end": round(longest[1], 2)}
        if longest else None,
    }


def longest_monologue(agent: Regions, customer: Regions) -> tuple[float, float] | None:
    """The longest stretch the agent holds the floor: agent activity joined across short
    pauses in which the customer says nothing."""
    best, current = None, None
    for start, end in agent:
        if current is not None and start - current[1] < MONOLOGUE_GAP_S and \
                not intersect([(current[1], start)], customer):
            current = (current[0], end)
        else:
            current = (start, end)
        if best is None or current[1] - current[0] > best[1] - best[0]:
            best = current
    return best


def turn_regions(turns: list[Turn], speaker: str) -> Regions:
    """(start, end) of a speaker's timed turns, merged where they touch."""
    return union([(t.start, t.end) for t in turns
                  if t.speaker == speaker and t.start is not None and t.end is not None])
