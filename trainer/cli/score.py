"""`trainer score`: score text from the argument, stdin lines or JSON Lines."""

import json
import sys

import click

from trainer.cli.output import fail_line, render_scorecard, render_table_header, render_table_row


def _inputs(text, input_format, context):
    """Yield (line_no, id, text, context, error) for every input, in order."""
    if text is not None:
        yield 1, None, text, context, None
        return
    for line_no, raw in enumerate(sys.stdin.buffer, start=1):
        try:
            line = raw.decode("utf-8").rstrip("\r\n")
        except UnicodeDecodeError as exc:
            yield line_no, None, None, None, f"not valid UTF-8 (byte {exc.start})"
            continue
        if not line.strip():
            continue  # blank lines separate inputs; they are not inputs themselves
        if input_format == "text":
            yield line_no, None, line, context, None
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield line_no, None, None, None, f"malformed JSON: {exc.msg} at column {exc.colno}"
            continue
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
            yield line_no, obj.get("id") if isinstance(obj, dict) else None, None, None, \
                'expected an object with a string "text"'
            continue
        yield line_no, obj.get("id"), obj["text"], obj.get("context", context), None


@click.command("score")
@click.argument("text", required=False)
@click.option("--context", "context", metavar="DEBTOR_LINE", help="The debtor's previous line.")
@click.option("--json", "as_json", is_flag=True, help="One Scorecard per input, as JSON Lines.")
@click.option("--input", "input_format", type=click.Choice(["text", "jsonl"]), default="text",
              show_default=True,
              help='stdin format: one text per line, or {"id","text","context"}.')
def score_command(text, context, as_json, input_format):
    """Score TEXT, or every line of stdin, for the four dimensions and compliance flags."""
    from trainer.scoring import ScoringInputError, score_utterance

    failures = 0
    table = text is None and not as_json
    if table:
        click.echo(render_table_header())
    for line_no, item_id, item_text, item_context, error in _inputs(text, input_format, context):
        card, code = None, "bad_input"
        if error is None:
            try:
                card = score_utterance(item_text, item_context)
                card.id = item_id
            except ScoringInputError as exc:
                error, code = exc.message, exc.code
        if card is None:
            failures += 1
            fail_line(line_no if text is None else None, error)
            if as_json:
                click.echo(json.dumps({"id": item_id, "line": line_no,
                                       "error": {"code": code, "message": error}}))
        elif as_json:
            click.echo(json.dumps(card.to_dict(), ensure_ascii=False))
        elif table:
            click.echo(render_table_row(card))
        else:
            click.echo(render_scorecard(card))
    if failures:
        sys.exit(1)



@click.command("signals")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per signal.")
def signals_command(as_json):
    """List every language signal: its effects per dimension (fitted), tags, reason and source."""
    from trainer.scoring.lexicon import load_signals

    for sig in load_signals():
        effects = {k: round(v, 1) for k, v in sig.effects.items() if v}
        if as_json:
            click.echo(json.dumps({"id": sig.id, "file": sig.file, "effects": effects,
                                   "tags": list(sig.tags), "why": sig.why, "source": sig.source}))
            continue
        moves = " ".join(f"{k[:3]}{v:+g}" for k, v in effects.items()) or "(tags only)"
        click.echo(f"{sig.id:<26} {moves:<34} {sig.why}  [{sig.source}]")


@click.command("rules")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per rule.")
def rules_command(as_json):
    """List the compliance rule pack: code, severity, citation and what triggers each rule."""
    from trainer.scoring.compliance import load_rules

    for rule in load_rules():
        if as_json:
            click.echo(json.dumps({"code": rule.code, "severity": rule.severity,
                                   "rule": rule.rule, "title": rule.title, "why": rule.why,
                                   "scope": rule.scope, "when_any": sorted(rule.when_any),
                                   "requires": rule.requires, "review": rule.review}))
            continue
        context = ", ".join(f"{k}={v}" for k, v in rule.requires.items())
        click.echo(f"{rule.code:<26} {rule.severity:<8} {rule.rule:<30} {rule.title}"
                   + (f"  (when {context})" if context else ""))


commands = [score_command, signals_command, rules_command]
