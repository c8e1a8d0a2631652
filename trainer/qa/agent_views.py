"""QA trends per agent: every agent with calls, and one agent's scores week by week."""

from flask import abort, render_template, request

from trainer.auth.roles import calls_required
from trainer.sessions import call_list

from . import bp
from .charts import trend_chart

WEEKS = (4, 12, 26, 52)


@bp.route("/agents")
@calls_required
def agents():
    """Every agent id found on calls, with how many calls each has."""
    return render_template("qa/agents.html", agents=call_list.known_agents())


@bp.route("/agents/<agent>")
@calls_required
def agent_page(agent):
    """One agent's weekly scores, critical fails and most-failed checklist items."""
    weeks = request.args.get("weeks", 12, type=int)
    if weeks not in WEEKS:
        weeks = 12
    if not any(a == agent for a, _count in call_list.known_agents()):
        abort(404, description=f"No calls from an agent called “{agent}”.")
    trends = call_list.agent_trends(agent, weeks)
    return render_template("qa/agent.html", trends=trends, chart=trend_chart(trends),
                           weeks=weeks, choices=WEEKS)
