"""What the customer felt and what they promised: sentiment over the call, promise to pay."""

from __future__ import annotations

from typing import Any

from .transcript import Turn

EDGE_TURNS = 2  # "start" and "end" sentiment average this many customer turns


def customer_sentiment(turns: list[Turn]) -> dict[str, Any]:
    """Sentiment (-1..1, the engine's VADER with collections words neutralised) of every
    customer turn, and its mean over the first and the last turns, with the words behind it."""
    from trainer.scoring.sentiment import sentiment

    series = []
    for index, turn in enumerate(turns):
        if turn.speaker != "customer":
            continue
        result = sentiment(turn.text)
        series.append({"turn": index, "start": turn.start, "compound": round(result.compound, 3),
                       "words": [{"text": turn.text[a:b], "valence": v}
                                 for a, b, v in result.words]})
    if not series:
        return {"start": None, "end": None, "series": [], "why": "the customer says nothing"}
    first, last = series[:EDGE_TURNS], series[-EDGE_TURNS:]
    start = sum(s["compound"] for s in first) / len(first)
    end = sum(s["compound"] for s in last) / len(last)
    return {"start": round(start, 2), "end": round(end, 2), "series": series,
            "why": f"mean of the first {len(first)} and the last {len(last)} customer turns"}


def promise_to_pay(turns: list[Turn], cards: dict[int, dict]) -> dict[str, Any] | None:
    """The last promise to pay an agent turn reads back (amount, date, method), or None.

    `cards` maps turn index to that agent turn's scorecard (with its negotiation facts).
    """
    for index in sorted(cards, reverse=True):
        promise = (cards[index].get("negotiation") or {}).get("promise")
        if promise:
            return {"amount": promise.get("amount"), "currency": promise.get("currency", "USD"),
                    "date": promise.get("date"), "method": promise.get("method"),
                    "turn": index, "text": turns[index].text}
    return None
