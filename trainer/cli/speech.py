"""`trainer transcribe`, `trainer score-audio` and `trainer models convert-openai`.

Every file is processed even when an earlier one fails; a failure prints a one-line reason
on stderr (and, with --json, an error object in its place) and makes the exit code 1.
"""

import json
import os
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from trainer.cli.output import render_scorecard
from trainer.speech.models import ENGINES

EXIT_FAILED = 1


def _speech_config(engine, model):
    """Command-line values win; then the app config (which includes TRAINER_* variables)."""
    engine = engine or current_app.config.get("WHISPER_ENGINE") or None
    model = model or current_app.config.get("WHISPER_MODEL") or None
    return engine, model, current_app.instance_path


def _fail(path, error, as_json):
    """One line on stderr; with --json also an error object in the file's place."""
    message = _message(path, error)
    click.echo(f"error: {path}: {message}", err=True)
    sys.stderr.flush()
    if as_json:
        click.echo(json.dumps({"file": path, "error": {"code": error.code, "message": message}}))


def _message(path, error):
    # decode errors already start with the file's base name; do not say it twice
    prefix = f"{os.path.basename(path)}: "
    return error.message[len(prefix):] if error.message.startswith(prefix) else error.message


@click.command("transcribe")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--engine", type=click.Choice(ENGINES), default=None,
              help="Whisper engine (default: WHISPER_ENGINE config, else faster-whisper).")
@click.option("--model", metavar="NAME|PATH", default=None,
              help="Model name or folder/checkpoint (default: the bundled tiny.en).")
@click.option("--beam-size", type=click.IntRange(1, 20), default=5, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per file (JSON Lines).")
@with_appcontext
def transcribe_command(files, engine, model, beam_size, as_json):
    """Transcribe audio FILEs with word timestamps."""
    from trainer.speech import AudioError, transcribe

    engine, model, instance_path = _speech_config(engine, model)
    failures = 0
    for path in files:
        try:
            result = transcribe(path, engine=engine, model=model, beam_size=beam_size,
                                instance_path=instance_path)
        except AudioError as exc:
            failures += 1
            _fail(path, exc, as_json)
            if exc.code in ("bad_model", "bad_option"):
                break  # the same model fails for every file: say it once
            continue
        result.file = path
        if as_json:
            click.echo(json.dumps(result.to_dict(), ensure_ascii=False))
        else:
            click.echo(f"{path} ({result.duration:.1f} s, {result.engine} {result.model}, "
                       f"{result.seconds:.1f} s to transcribe)")
            click.echo(result.text)
    if failures:
        sys.exit(EXIT_FAILED)


@click.command("score-audio")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--context", "context", metavar="TEXT", default=None,
              help="The debtor's previous line.")
@click.option("--baseline", "baseline_file", type=click.Path(dir_okay=False), default=None,
              help="A calm read-aloud by the same speaker: loudness and pitch are judged "
                   "against it.")
@click.option("--engine", type=click.Choice(ENGINES), default=None)
@click.option("--model", metavar="NAME|PATH", default=None)
@click.option("--json", "as_json", is_flag=True, help="One Scorecard per file (JSON Lines).")
@with_appcontext
def score_audio_command(files, context, baseline_file, engine, model, as_json):
    """Transcribe audio FILEs, measure the delivery, and score each as one agent answer."""
    from trainer.scoring import ScoringInputError, score_utterance
    from trainer.speech import AudioError, analyse_answer, measure_baseline

    engine, model, instance_path = _speech_config(engine, model)
    baseline = None
    if baseline_file:
        try:
            baseline = measure_baseline(baseline_file)
        except AudioError as exc:
            click.echo(f"error: baseline {baseline_file}: {_message(baseline_file, exc)}",
                       err=True)
            sys.exit(EXIT_FAILED)  # every score would silently lack its baseline
    failures = 0
    for path in files:
        try:
            transcript, delivery = analyse_answer(path, engine=engine, model=model,
                                                  instance_path=instance_path)
            transcript.file = path
            card = score_utterance(transcript.text, {
                "debtor_line": context, "source": "transcribed",
                "delivery": delivery, "baseline": baseline})
        except (AudioError, ScoringInputError) as exc:
            failures += 1
            _fail(path, exc, as_json)
            if getattr(exc, "code", None) in ("bad_model", "bad_option"):
                break
            continue
        if as_json:
            out = card.to_dict()
            out.update(transcript=transcript.to_dict(), delivery=delivery)
            click.echo(json.dumps(out, ensure_ascii=False))
        else:
            click.echo(f"== {path} ({transcript.duration:.1f} s)")
            click.echo(render_scorecard(card))
            click.echo(_delivery_line(delivery))
    if failures:
        sys.exit(EXIT_FAILED)


def _delivery_line(d):
    def show(value, fmt):
        return "-" if value is None else format(value, fmt)

    return (f"delivery: {show(d.get('words_per_minute'), '.0f')} wpm, "
            f"pauses {show(d.get('pause_ratio'), '.0%')} (longest "
            f"{show(d.get('longest_pause_s'), '.1f')} s), pitch "
            f"{show(d.get('pitch_median_hz'), '.0f')} Hz +/- "
            f"{show(d.get('pitch_variability_st'), '.1f')} st, loudness "
            f"{show(d.get('loudness_db'), '.1f')} dBFS +/- "
            f"{show(d.get('loudness_variability_db'), '.1f')} dB")


@click.group("models")
def models_group():
    """Manage the Whisper models and the fitted voice calmness ramp."""


@models_group.command("convert-openai")
@click.option("--output", type=click.Path(dir_okay=False), default=None,
              help="Where to write the checkpoint (default: instance/models/).")
@click.option("--source", type=click.Path(file_okay=False), default=None,
              help="A CTranslate2 Whisper folder (default: the bundled tiny.en).")
@with_appcontext
def convert_openai_command(output, source):
    """Convert a CTranslate2 Whisper model to an openai-whisper checkpoint (offline)."""
    from trainer.speech import AudioError
    from trainer.speech.convert_openai import convert_ct2_to_openai
    from trainer.speech.models import bundled_model_dir, resolve_model

    try:
        if output is None:
            choice = resolve_model("openai-whisper", source,
                                   instance_path=current_app.instance_path)
            if choice.convert_from is None:
                raise AudioError("bad_model", f"{source} is not a CTranslate2 model folder")
            source, output = choice.convert_from, choice.location
        path = convert_ct2_to_openai(source or bundled_model_dir(), output)
    except AudioError as exc:
        click.echo(f"error: {exc.message}", err=True)
        sys.exit(EXIT_FAILED)
    click.echo(str(path))


@models_group.command("fit-calmness")
@click.option("--data", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The dev data folder with ravdess/ and emodb/ (default: ../shared/data/dev).")
@click.option("--dry-run", is_flag=True, help="Print the fit; do not write it.")
def fit_calmness_command(data, dry_run):
    """Refit the no-baseline voice calmness ramp on acted speech (a developer action)."""
    import json

    from trainer.scoring.delivery import FIT_FILE
    from trainer.scoring.delivery_fit import fit
    from trainer.speech.acted_speech import DEFAULT_DATA, load_acted_speech

    data = data or DEFAULT_DATA
    clips = load_acted_speech(data)
    if not clips:
        click.echo(f"{data}: no labelled RAVDESS or EmoDB clips", err=True)
        sys.exit(EXIT_FAILED)
    text = json.dumps({"how": "trainer models fit-calmness (see trainer/scoring/delivery_fit.py)",
                       **fit(clips)}, indent=2) + "\n"
    if dry_run:
        click.echo(text, nl=False)
    else:
        FIT_FILE.write_text(text, encoding="utf-8")
        click.echo(f"wrote {FIT_FILE} ({len(clips)} clips)")


commands = [transcribe_command, score_audio_command, models_group]
