"""Coach pages: exports of a team's practice (CSV tables or one JSON document)."""

from flask import Response, jsonify, render_template, request
from flask_login import current_user

from trainer.auth.roles import coach_required
from trainer.review.access import trainees
from trainer.review.export import KINDS, collect, to_csv, to_json
from trainer.sessions.library import get_library

from . import bp
from .filters import read_filters


@bp.route("/coach/export")
@coach_required
def export():
    """Choose a team, a date range and a format."""
    pf = read_filters(request.args, current_user)
    return render_template("coach/export.html", pf=pf, kinds=KINDS,
                           scenarios=get_library().scenarios.values())


@bp.route("/coach/export.<fmt>")
@coach_required
def export_file(fmt):
    """The export itself: export.json, or export.csv?kind=sessions|turns|..."""
    pf = read_filters(request.args, current_user)
    if pf.notices:
        return render_template("coach/export.html", pf=pf, kinds=KINDS,
                               scenarios=get_library().scenarios.values()), 400
    data = collect(trainees(current_user, pf.team), pf.filters.since, pf.filters.until,
                   pf.filters.scenario)
    team = pf.team.name if pf.team else None
    stem = f"trainer-{team or 'all-teams'}"
    if fmt == "json":
        response = jsonify(to_json(data, team, pf.filters.since, pf.filters.until))
        response.headers["Content-Disposition"] = f'attachment; filename="{stem}.json"'
        return response
    kind = request.args.get("kind", "sessions")
    if fmt != "csv" or kind not in KINDS:
        pf.notices.append(f"Choose export.json, or export.csv with kind one of {', '.join(KINDS)}.")
        return render_template("coach/export.html", pf=pf, kinds=KINDS,
                               scenarios=get_library().scenarios.values()), 400
    return Response(to_csv(data[kind]), mimetype="text/csv",
                    headers={"Content-Disposition":
                             f'attachment; filename="{stem}-{kind}.csv"'})
