"""Review commands: export what coaches taught the engine as gold-set items."""

import json
import sys

import click
from flask.cli import with_appcontext

from .admin import fail


@click.group("review")
def review_group():
    """Coach review data."""


@review_group.command("export-gold")
@click.option("--out", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write the JSON Lines here (default: standard output).")
@click.option("--team", default=None, help="Only the sessions of this team's trainees.")
@with_appcontext
def export_gold(out, team):
    """Coach-reviewed answers as gold-set items (tests/data/GOLD.md format), one per line.

    An answer is exported when a coach judged all four of its dimensions; refit the engine
    on them yourself (python -m trainer.scoring.calibration fit), after reading them.
    """
    from trainer.extensions import db
    from trainer.models import Team, User
    from trainer.review.gold import gold_items

    ids = None
    if team is not None:
        found = Team.named(team, create=False)
        if found is None:
            fail(f"no team called {team!r}")
        ids = list(db.session.scalars(db.select(User.id).filter_by(team_id=found.id)))
    items, skipped = gold_items(ids)
    lines = "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items)
    if out:
        with open(out, "w", encoding="utf-8") as fh:
            fh.write(lines)
    else:
        sys.stdout.write(lines)
    click.echo(f"{len(items)} reviewed answers exported; {skipped} skipped because a coach "
               "did not judge all four dimensions", err=True)


commands = [review_group]
