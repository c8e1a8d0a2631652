"""From decoded audio to labelled turns: a stereo call's two channels, or a mono call's voices."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .activity import Regions, active_regions, channel_verdict
from .errors import CallInputError
from .roles import assign_roles
from .transcript import CallTranscript
from .turns import build_turns, label_words

REASONS = {"left_silent": "the left channel is silent", "right_silent": "the right channel is "
           "silent", "identical": "both channels carry the same signal"}
CONTENT_DOUBT = 0.75  # on stereo, content this sure that the other channel is the agent: warn
# A "customer" with this many agent-act points, on the live channel of a stereo call whose
# other channel is silent, is the agent again: one voice, the customer was not recorded.
ONE_VOICE_POINTS = 3.0


@dataclass(slots=True)
class ChannelPlan:
    """Stereo: the agent's and the customer's channel. Mono: one signal and why it is mono."""

    stereo: bool
    agent: np.ndarray | None = None
    customer: np.ndarray | None = None
    mono: np.ndarray | None = None
    reason: str | None = None
    agent_channel: str = "left"
    sample_rate: int = 16000


@dataclass(slots=True)
class Heard:
    """A call as heard: labelled turns, each side's activity, the assignment and warnings."""

    call: CallTranscript
    activity: dict[str, Regions]
    assignment: dict[str, Any]
    warnings: list[str] = field(default_factory=list)


def plan_channels(planes: np.ndarray, sample_rate: int, agent_channel: str,
                  label: str) -> ChannelPlan:
    """Decide stereo (one speaker per channel) or mono (silent or duplicated channel)."""
    if len(planes) == 1:
        return ChannelPlan(False, mono=planes[0], reason="the recording is mono",
                           sample_rate=sample_rate)
    left, right = planes[0], planes[1]
    verdict = channel_verdict(left, right, sample_rate)
    if verdict == "both_silent":
        raise CallInputError("no_speech", f"{label}: both channels are silent")
    if verdict is None:
        agent, customer = (left, right) if agent_channel == "left" else (right, left)
        return ChannelPlan(True, agent=agent, customer=customer, agent_channel=agent_channel,
                           sample_rate=sample_rate)
    live = right if verdict == "left_silent" else left
    return ChannelPlan(False, mono=live, reason=REASONS[verdict], sample_rate=sample_rate)


def stereo_call(plan: ChannelPlan, duration: float, options, progress, timings,
                label: str) -> Heard:
    """Transcribe each channel on its own; the agent is the configured channel."""
    from .pipeline import transcribe_words

    mark = time.perf_counter()
    activity = {"agent": active_regions(plan.agent, plan.sample_rate),
                "customer": active_regions(plan.customer, plan.sample_rate)}
    timings["activity"] = time.perf_counter() - mark
    progress("transcribing agent", 0.15)
    mark = time.perf_counter()
    agent_words = transcribe_words(plan.agent, options, label)
    progress("transcribing customer", 0.5)
    customer_words = transcribe_words(plan.customer, options, label)
    timings["transcribe"] = time.perf_counter() - mark
    if not agent_words:
        raise CallInputError("no_speech", f"{label}: no words were heard on the agent's "
                             f"({plan.agent_channel}) channel")
    turns = build_turns([("agent", w) for w in agent_words] +
                        [("customer", w) for w in customer_words])
    assignment = {"method": "channel", "agent_channel": plan.agent_channel, "confidence": 1.0}
    warnings = []
    content = assign_roles(turns)
    if content.agent == "customer" and content.confidence >= CONTENT_DOUBT:
        other = "right" if plan.agent_channel == "left" else "left"
        warnings.append(f"what is said on the {other} channel sounds like the agent "
                        f"({content.confidence:.0%} sure): check the agent channel, or swap")
        assignment["content_confidence"] = round(1 - content.confidence, 2)
    call = CallTranscript(turns, duration=duration, source="stereo")
    return Heard(call, activity, assignment, warnings)


def mono_call(plan: ChannelPlan, duration: float, options, progress, timings,
              label: str) -> Heard:
    """Separate the two voices, transcribe once, and tell the agent from what they say."""
    from . import diarize
    from .pipeline import transcribe_words

    progress("separating speakers", 0.1)
    mark = time.perf_counter()
    try:
        segments, similarity = diarize.diarize(plan.mono, plan.sample_rate)
    except CallInputError as exc:
        raise CallInputError(exc.code, f"{label}: {exc.message}") from None
    timings["separate"] = time.perf_counter() - mark
    silent_channel = plan.reason in (REASONS["left_silent"], REASONS["right_silent"])
    if len({s.speaker for s in segments}) < 2 or (silent_channel and
                                                  similarity >= diarize.SAME_VOICE):
        why = (f"{plan.reason} and the other channel holds one voice: the customer's side was "
               "not recorded" if silent_channel else "only one voice is on the call, so there "
               "is no agent and customer to tell apart")
        raise CallInputError("one_speaker", f"{label}: {why}")
    progress("transcribing", 0.3)
    mark = time.perf_counter()
    words = transcribe_words(plan.mono, options, label)
    timings["transcribe"] = time.perf_counter() - mark
    if not words:
        raise CallInputError("no_speech", f"{label}: no words were heard on the call")
    labelled = build_turns(label_words(words, segments))
    roles = assign_roles(labelled)
    if silent_channel and roles.points.get(roles.customer, 0.0) >= ONE_VOICE_POINTS:
        raise CallInputError("one_speaker", f"{label}: {plan.reason} and the other one holds "
                             "only the agent's voice: the customer's side was not recorded")
    names = {roles.agent: "agent", roles.customer: "customer"}
    for turn in labelled:
        turn.speaker = names.get(turn.speaker, "customer")
    activity = {"agent": [(s.start, s.end) for s in segments if s.speaker == roles.agent],
                "customer": [(s.start, s.end) for s in segments if s.speaker != roles.agent]}
    assignment = {**roles.to_dict(), "voice_similarity": round(similarity, 2)}
    for item in assignment["evidence"]:
        item["speaker"] = names.get(item["speaker"], "customer")
    warnings = [f"{plan.reason}: the two voices were separated by the speaker model"]
    if roles.confidence < CONTENT_DOUBT:
        warnings.append(f"which voice is the agent is uncertain ({roles.confidence:.0%}): "
                        "check it, and swap the speakers if needed")
    call = CallTranscript(labelled, duration=duration, source="mono")
    return Heard(call, activity, assignment, warnings)
