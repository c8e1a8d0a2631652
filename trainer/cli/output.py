"""Readable terminal rendering of Scorecards (the non --json output)."""

import sys

import click

from trainer.scoring.types import DIMENSIONS

SHORT = {"empathy": "EMP", "positive_language": "POS", "assertiveness": "ASR", "calmness": "CLM"}


def fail_line(line_no, message):
    """One-line reason on stderr, naming the input line when there is one."""
    where = f"line {line_no}: " if line_no else ""
    click.echo(f"error: {where}{message}", err=True)
    sys.stderr.flush()


def render_table_header() -> str:
    """Column titles for the batch table."""
    cols = " ".join(f"{SHORT[d]:>4}" for d in DIMENSIONS)
    return f"{cols}  ALL  FLAGS                     TEXT"


def render_table_row(card) -> str:
    """One Scorecard as one table row."""
    cols = " ".join(f"{round(card.scores[d]):>4}" for d in DIMENSIONS)
    flags = ",".join(f.code for f in card.flags) or "-"
    text = card.text if len(card.text) <= 60 else card.text[:57] + "..."
    return f"{cols} {round(card.overall):>4}  {flags:<25.25} {text}"


def render_scorecard(card) -> str:
    """One Scorecard in full: scores, evidence per dimension, flags and a suggestion."""
    lines = [card.text, ""]
    for dim in DIMENSIONS:
        lines.append(f"{dim.replace('_', ' '):<18} {round(card.scores[dim]):>3}")
        for ev in (e for e in card.evidence if e.dimension == dim):
            where = f'"{ev.text}"' if ev.text else f"{ev.start_s:.1f}-{ev.end_s:.1f} s"
            lines.append(f"    {ev.effect:+6.1f}  {where}  {ev.why}")
    lines.append(f"{'overall':<18} {round(card.overall):>3}")
    if card.moment is not None and card.moment.kind != "unknown":
        lines.append(f"called for: {', '.join(card.moment.called_for)} "
                     f"({card.moment.kind}: {card.moment.why})")
    for flag in card.flags:
        lines.append(f"FLAG {flag.severity.upper()} {flag.code} ({flag.rule}): "
                     f'"{flag.text}" {flag.why}')
        if flag.state:
            lines.append(f"    relied on: {flag.state}")
    for tip in card.suggestions:
        what = (tip.get("step") or tip["dimension"]).replace("_", " ")
        lines.append(f"Say it better ({what}): {tip['text']}")
    for warning in card.warnings:
        lines.append(f"note: {warning}")
    return "\n".join(lines)
