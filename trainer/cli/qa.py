"""`trainer qa score`: call scorecards for call recordings and transcripts, one per file.

Every file is processed even when another fails; a failure prints a one-line reason on
stderr (and, with --json, an error object in its place) and makes the exit code 1.
"""

import csv
import json
import os
import sys

import click
from flask import current_app
from flask.cli import with_appcontext

EXIT_FAILED = 1
CSV_FIELDS = ("file", "id", "error", "duration", "overall", "empathy", "positive_language",
              "assertiveness", "calmness", "critical_fail", "failed_checks", "agent_talk_ratio",
              "silence_ratio", "overtalk_count", "longest_monologue_s", "agent_words_per_minute",
              "sentiment_start", "sentiment_end", "promise_amount", "promise_currency",
              "promise_date", "promise_method", "redactions", "speaker_confidence")


@click.group("qa")
def qa_group():
    """Score real calls (QA): recordings or transcripts."""


@qa_group.command("score")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=False))
@click.option("--json", "as_json", is_flag=True, help="One call scorecard per file (JSON Lines).")
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False, writable=True),
              help="Write one summary row per file to this CSV file.")
@click.option("--agent-channel", type=click.Choice(["left", "right"]), default=None,
              help="Stereo calls: the agent's channel (default: QA_AGENT_CHANNEL, left).")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Files scored at once, each in its own process.")
@click.option("--model", metavar="NAME|PATH", default=None,
              help="Whisper model (default: QA_WHISPER_MODEL).")
@click.option("--started-at", default=None, help="When the call(s) started, ISO 8601 with offset.")
@click.option("--timezone", "consumer_timezone", default=None,
              help="The consumer's IANA time zone, e.g. America/New_York.")
@click.option("--agent", default=None, help="The agent's id.")
@with_appcontext
def qa_score_command(inputs, as_json, csv_path, agent_channel, workers, model, started_at,
                     consumer_timezone, agent):
    """Score call audio (mono or stereo) or transcripts (.json, .vtt, .srt, .txt); a folder
    is searched for call files. Writes one call scorecard per file."""
    from trainer.calls.batch import expand, score_many
    from trainer.calls.errors import CallInputError
    from trainer.calls.pipeline import CallOptions
    from trainer.calls.transcript import parse_metadata

    if as_json and csv_path:
        raise click.UsageError("choose --json or --csv, not both")
    try:
        metadata = parse_metadata({"started_at": started_at,
                                   "consumer_timezone": consumer_timezone, "agent": agent})
    except CallInputError as exc:
        raise click.BadParameter(exc.message) from None
    paths = expand(list(inputs))
    if not paths:
        click.echo("error: no call files found (audio: wav, mp3, m4a, ogg, flac, webm; "
                   "transcripts: json, vtt, srt, txt)", err=True)
        sys.exit(EXIT_FAILED)
    options = CallOptions.from_config(current_app.config, current_app.instance_path,
                                      agent_channel=agent_channel, model=model,
                                      metadata=metadata)
    rows, failures = [], 0
    outcomes = score_many(paths, options, workers)
    show_bar = len(paths) > 1 and sys.stderr.isatty()
    with click.progressbar(outcomes, length=len(paths), label="Scoring calls", file=sys.stderr,
                           show_pos=True) if show_bar else _plain(outcomes) as bar:
        for outcome in bar:
            if outcome.error:
                failures += 1
                _report_failure(outcome, as_json)
            elif as_json:
                click.echo(json.dumps(outcome.card))
            elif not csv_path:
                click.echo(summary_line(outcome.card))
            rows.append(csv_row(outcome))
    if csv_path:
        with open(csv_path, "w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=CSV_FIELDS)
            writer.writeheader()
            writer.writerows(rows)
    if failures:
        sys.exit(EXIT_FAILED)


class _plain:
    """A stand-in for the progress bar (one file, or stderr is not a terminal)."""

    def __init__(self, items):
        self.items = items

    def __enter__(self):
        return self.items

    def __exit__(self, *exc):
        return False


def _report_failure(outcome, as_json) -> None:
    message = outcome.error["message"]
    prefix = f"{os.path.basename(outcome.path)}: "  # the pipeline names the file already
    message = message[len(prefix):] if message.startswith(prefix) else message
    outcome.error = {**outcome.error, "message": message}
    click.echo(f"{chr(10) if sys.stderr.isatty() else ''}error: {outcome.path}: {message}",
               err=True)
    sys.stderr.flush()
    if as_json:
        click.echo(json.dumps({"file": outcome.path, "error": outcome.error}))


def summary_line(card) -> str:
    """One readable line per call."""
    failed = [c["rule"] for c in card["compliance"] if c["status"] == "fail"]
    promise = card.get("promise_to_pay")
    told = (f"promise {promise['amount']} {promise['currency']} on {promise['date']} by "
            f"{promise['method']}" if promise else "no promise to pay")
    verdict = "CRITICAL FAIL" if card["critical_fail"] else "no critical fail"
    checks = f"failed: {', '.join(failed)}" if failed else "checklist passed"
    return (f"{card['file']}: overall {card['overall']}, {verdict}, {checks}; "
            f"{len(card['turns'])} turns; {told}")


def csv_row(outcome) -> dict:
    """The CSV row of one file (scores and metrics, or the error)."""
    card = outcome.card
    if card is None:
        return {"file": outcome.path, "error": outcome.error["message"]}
    metrics = card.get("metrics") or {}
    promise = card.get("promise_to_pay") or {}
    sentiment = card.get("customer_sentiment") or {}
    return {"file": outcome.path, "id": card.get("id"), "error": "",
            "duration": card.get("duration"), "overall": card["overall"],
            **card["agent_scores"], "critical_fail": card["critical_fail"],
            "failed_checks": " ".join(c["rule"] for c in card["compliance"]
                                      if c["status"] == "fail"),
            **{k: metrics.get(k) for k in ("agent_talk_ratio", "silence_ratio",
                                           "overtalk_count", "longest_monologue_s",
                                           "agent_words_per_minute")},
            "sentiment_start": sentiment.get("start"), "sentiment_end": sentiment.get("end"),
            "promise_amount": promise.get("amount"), "promise_currency": promise.get("currency"),
            "promise_date": promise.get("date"), "promise_method": promise.get("method"),
            "redactions": card["redactions"]["count"],
            "speaker_confidence": card["speaker_assignment"].get("confidence")}


commands = [qa_group]
