"""`trainer scenarios list | validate [PATH...] | show ID`."""

import json
import os
import sys

import click


def _where(path: str) -> str:
    """A path relative to the working directory when it is inside it (shorter messages)."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return path
    return path if rel.startswith("..") else rel


def _problem_line(problem) -> str:
    where = _where(problem.file)
    return f"{where}:{problem.line}: {problem.message}" if problem.line else \
        f"{where}: {problem.message}"


@click.group("scenarios")
def scenarios_group():
    """List, check or print the debtor scenarios."""


@scenarios_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="A JSON array of scenario cards.")
def list_command(as_json):
    """List the scenario library: id, difficulty and title."""
    from trainer.scenarios import load_library

    lib = load_library()
    for problem in lib.errors:
        click.echo(f"warning: skipped {_problem_line(problem)}", err=True)
    if as_json:
        click.echo(json.dumps([sc.card() for sc in lib], indent=2))
        return
    width = max((len(sc.id) for sc in lib), default=2)
    click.echo(f"{'ID':<{width}}  {'LEVEL':<6}  TITLE")
    for sc in lib:
        click.echo(f"{sc.id:<{width}}  {sc.difficulty:<6}  {sc.title}")


@scenarios_group.command("validate")
@click.argument("paths", nargs=-1, type=click.Path())
def validate_command(paths):
    """Check scenario files (default: the library); print file:line: reason per problem."""
    from trainer.scenarios.loader import LIBRARY_DIR, load_paths

    loaded, problems = load_paths(list(paths) or [LIBRARY_DIR])
    for problem in problems:
        click.echo(_problem_line(problem), err=True)
    if problems:
        sys.stderr.flush()
        click.echo(f"failed: {len(problems)} problem(s); {len(loaded)} scenario(s) ok", err=True)
        sys.exit(1)
    click.echo(f"ok: {len(loaded)} scenarios")


@scenarios_group.command("show")
@click.argument("scenario_id")
@click.option("--json", "as_json", is_flag=True, help="The whole scenario as JSON.")
def show_command(scenario_id, as_json):
    """Print one scenario: persona, facts, steps, pass mark and the dialogue graph."""
    from trainer.scenarios import get_scenario
    from trainer.scenarios.render import render_scenario

    try:
        sc = get_scenario(scenario_id)
    except KeyError:
        click.echo(f"error: unknown scenario {scenario_id!r} (see `trainer scenarios list`)",
                   err=True)
        sys.exit(1)
    click.echo(json.dumps(sc.to_dict(), indent=2) if as_json else render_scenario(sc))


commands = [scenarios_group]
