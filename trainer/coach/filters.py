"""Reading the coach pages' filters (team, scenario, date range, dimension) from the query
string: a value that makes no sense is dropped with a notice, never an error page."""

from __future__ import annotations

from dataclasses import dataclass, field

from trainer.review.access import coached_teams
from trainer.review.checks import check_date, day_end, day_start
from trainer.review.errors import BadReview
from trainer.review.trends import Filters
from trainer.scoring.types import DIMENSIONS
from trainer.sessions.library import get_library


@dataclass
class PageFilters:
    """The filters as understood, the viewer's teams, and what was dropped."""

    teams: list
    team: object | None = None
    filters: Filters = field(default_factory=Filters)
    notices: list[str] = field(default_factory=list)
    args: dict[str, str] = field(default_factory=dict)  # to rebuild links and forms


def read_filters(args, viewer) -> PageFilters:
    """Parse team, scenario, since, until and dimension; notices for what was dropped."""
    out = PageFilters(teams=coached_teams(viewer))
    team = args.get("team", "").strip()
    if team:
        out.team = next((t for t in out.teams if str(t.id) == team), None)
        if out.team is None:
            out.notices.append("That is not a team you lead; showing all your teams.")
        else:
            out.args["team"] = team
    scenario = args.get("scenario", "").strip()
    if scenario:
        if scenario in get_library().scenarios:
            out.filters.scenario = out.args["scenario"] = scenario
        else:
            out.notices.append(f"There is no scenario “{scenario[:80]}”; showing every scenario.")
    for name, edge in (("since", day_start), ("until", day_end)):
        value = args.get(name, "").strip()
        if not value:
            continue
        try:
            setattr(out.filters, name, edge(check_date(value, name)))
            out.args[name] = value
        except BadReview as exc:
            out.notices.append(f"{exc.message}; the {name} filter was dropped.")
    dimension = args.get("dimension", "").strip()
    if dimension:
        if dimension in DIMENSIONS:
            out.filters.dimension = out.args["dimension"] = dimension
        else:
            out.notices.append(f"There is no dimension “{dimension[:40]}”; showing all four.")
    return out
