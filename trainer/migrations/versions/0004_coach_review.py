"""Coach review: teams (users.team moves into team rows), deactivated users, scenario
versions, the session result as it stands, review records, assignments and calibration.

Revision ID: 0004_coach_review
Revises: 0003_calls_and_audit
Create Date: 2026-12-09
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

# As they were at this revision (a migration is a snapshot: later models may differ).
DIMENSIONS = ("empathy", "positive_language", "assertiveness", "calmness")
RESULT_COLUMNS = ("user_id", "finished_at", "started_at", "scenario_id", "reviewed_at",
                  "flags_to_review", "critical_flags", "result_overall", "result_passed",
                  "result_changed", *(f"result_{d}" for d in DIMENSIONS))

revision = "0004_coach_review"
down_revision = "0003_calls_and_audit"
branch_labels = None
depends_on = None



def _fk(table: str, column: str, target: str, ondelete: str | None = None):
    return sa.ForeignKeyConstraint([column], [f"{target}.id"],
                                   name=op.f(f"fk_{table}_{column}_{target}"), ondelete=ondelete)


def _pk(table: str, *columns: str):
    return sa.PrimaryKeyConstraint(*(columns or ("id",)), name=op.f(f"pk_{table}"))


def _created():
    return sa.Column("created_at", sa.DateTime(timezone=True), nullable=False)


def _review_columns(table: str):
    """The columns every review record has: its session, answer, author and calibration."""
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("turn_id", sa.Integer(), nullable=True),
        _fk(table, "session_id", "practice_sessions", "CASCADE"),
        _fk(table, "turn_id", "turns", "CASCADE"),
        _pk(table),
    ]


def _authored(table: str):
    return [
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("calibration_id", sa.Integer(), nullable=True),
        _created(),
        _fk(table, "author_id", "users", "SET NULL"),
        _fk(table, "calibration_id", "calibration_sessions", "CASCADE"),
    ]


def _index(table: str, name: str, columns: list[str]):
    with op.batch_alter_table(table) as batch_op:
        batch_op.create_index(name, columns, unique=False)


def _teams():
    op.create_table(
        "teams",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        _created(),
        _pk("teams"),
        sa.UniqueConstraint("name", name=op.f("uq_teams_name")),
    )
    op.create_table(
        "team_leads",
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        _fk("team_leads", "team_id", "teams", "CASCADE"),
        _fk("team_leads", "user_id", "users", "CASCADE"),
        _pk("team_leads", "team_id", "user_id"),
    )
    _index("team_leads", "ix_team_leads_user", ["user_id"])


def _move_teams_into_rows():
    """Every team name in users.team becomes a team row; coaches lead their own team."""
    conn = op.get_bind()
    users = sa.table("users", sa.column("id"), sa.column("role"), sa.column("team"),
                     sa.column("team_id"))
    teams = sa.table("teams", sa.column("id"), sa.column("name"), sa.column("created_at"))
    leads = sa.table("team_leads", sa.column("team_id"), sa.column("user_id"))
    rows = conn.execute(sa.select(users.c.id, users.c.role, users.c.team)).all()
    names = sorted({(team or "").strip() for _id, _role, team in rows} - {""})
    now = datetime.now(UTC)
    for name in names:
        conn.execute(teams.insert().values(name=name, created_at=now))
    team_ids = dict(conn.execute(sa.select(teams.c.name, teams.c.id)).all())
    for user_id, role, team in rows:
        team_id = team_ids.get((team or "").strip())
        if team_id is None:
            continue
        conn.execute(users.update().where(users.c.id == user_id).values(team_id=team_id))
        if role == "coach":
            conn.execute(leads.insert().values(team_id=team_id, user_id=user_id))


def _users():
    with op.batch_alter_table("users") as batch_op:
        batch_op.add_column(sa.Column("team_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("active", sa.Boolean(), nullable=False,
                                      server_default=sa.true()))
        batch_op.add_column(sa.Column("deactivated_at", sa.DateTime(timezone=True),
                                      nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_users_team_id_teams"), "teams",
                                    ["team_id"], ["id"], ondelete="SET NULL")
    _move_teams_into_rows()
    with op.batch_alter_table("users") as batch_op:
        batch_op.drop_index("ix_users_team_role")
        batch_op.drop_column("team")
        batch_op.create_index("ix_users_team_role", ["team_id", "role"], unique=False)


def _sessions():
    op.create_table(
        "scenario_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scenario_id", sa.String(length=80), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        _created(),
        _pk("scenario_versions"),
        sa.UniqueConstraint("scenario_id", "content_hash",
                            name="uq_scenario_versions_scenario_hash"),
    )
    with op.batch_alter_table("practice_sessions") as batch_op:
        batch_op.add_column(sa.Column("scenario_version_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("result", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("result_overall", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("result_passed", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("critical_flags", sa.Integer(), nullable=False,
                                      server_default="0"))
        batch_op.add_column(sa.Column("flags_to_review", sa.Integer(), nullable=False,
                                      server_default="0"))
        batch_op.add_column(sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("reviewed_by", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("result_changed", sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        for dimension in DIMENSIONS:
            batch_op.add_column(sa.Column(f"result_{dimension}", sa.Float(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_practice_sessions_scenario_version_id_scenario_versions"),
            "scenario_versions", ["scenario_version_id"], ["id"])
        batch_op.create_foreign_key(batch_op.f("fk_practice_sessions_reviewed_by_users"),
                                    "users", ["reviewed_by"], ["id"], ondelete="SET NULL")
    _results_of_finished_sessions()
    _index("practice_sessions", "ix_practice_sessions_results", list(RESULT_COLUMNS))


def _results_of_finished_sessions():
    """Finished sessions get their result as it stands: the engine's, nobody has reviewed."""
    conn = op.get_bind()
    sessions = sa.table("practice_sessions", sa.column("id"), sa.column("summary", sa.JSON()),
                        sa.column("passed"), sa.column("result", sa.JSON()),
                        sa.column("result_overall"), sa.column("result_passed"),
                        sa.column("critical_flags"), sa.column("flags_to_review"),
                        *(sa.column(f"result_{d}") for d in DIMENSIONS))
    rows = conn.execute(sa.select(sessions.c.id, sessions.c.summary, sessions.c.passed)
                        .where(sessions.c.summary.is_not(None))).all()
    for session_id, summary, passed in rows:
        flags = summary.get("flags") or []
        critical = sum(f.get("severity") == "critical" for f in flags)
        result = {"scores": summary.get("scores"), "overall": summary.get("overall"),
                  "passed": passed, "critical_fail": critical > 0,
                  "fail_reasons": summary.get("fail_reasons") or [], "changed": []}
        scores = summary.get("scores") or {}
        conn.execute(sessions.update().where(sessions.c.id == session_id).values(
            result=result, result_overall=summary.get("overall"), result_passed=passed,
            critical_flags=critical, flags_to_review=sum(map(_needs_review, flags)),
            **{f"result_{d}": scores.get(d) for d in DIMENSIONS}))


def _needs_review(flag: dict) -> bool:
    """A critical or major flag, or one marked for human review (sessions/results.py)."""
    return flag.get("severity") in ("critical", "major") or bool(flag.get("review"))


def _coaching():
    op.create_table(
        "assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scenario_id", sa.String(length=80), nullable=False),
        sa.Column("trainee_id", sa.Integer(), nullable=True),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("pass_mark", sa.Integer(), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        _created(),
        sa.CheckConstraint("(trainee_id IS NULL) <> (team_id IS NULL)",
                           name=op.f("ck_assignments_one_assignee")),
        _fk("assignments", "trainee_id", "users", "CASCADE"),
        _fk("assignments", "team_id", "teams", "CASCADE"),
        _fk("assignments", "created_by", "users", "SET NULL"),
        _pk("assignments"),
    )
    _index("assignments", "ix_assignments_trainee", ["trainee_id"])
    _index("assignments", "ix_assignments_team", ["team_id"])
    op.create_table(
        "calibration_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        _created(),
        _fk("calibration_sessions", "session_id", "practice_sessions", "CASCADE"),
        _fk("calibration_sessions", "created_by", "users", "SET NULL"),
        _pk("calibration_sessions"),
    )
    _index("calibration_sessions", "ix_calibration_sessions_session", ["session_id"])
    op.create_table(
        "calibration_reviewers",
        sa.Column("calibration_id", sa.Integer(), nullable=False),
        sa.Column("coach_id", sa.Integer(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        _fk("calibration_reviewers", "calibration_id", "calibration_sessions", "CASCADE"),
        _fk("calibration_reviewers", "coach_id", "users", "CASCADE"),
        _pk("calibration_reviewers", "calibration_id", "coach_id"),
    )
    _index("calibration_reviewers", "ix_calibration_reviewers_coach", ["coach_id"])


def _review():
    op.create_table(
        "score_judgements", *_review_columns("score_judgements"),
        sa.Column("dimension", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("engine_score", sa.Float(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        *_authored("score_judgements"),
    )
    _index("score_judgements", "ix_score_judgements_session", ["session_id", "created_at"])
    _index("score_judgements", "ix_score_judgements_author", ["author_id", "created_at"])
    _index("score_judgements", "ix_score_judgements_calibration", ["calibration_id"])
    op.create_table(
        "flag_decisions", *_review_columns("flag_decisions"),
        sa.Column("flag_index", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("severity", sa.String(length=16), nullable=False),
        sa.Column("decision", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        *_authored("flag_decisions"),
    )
    _index("flag_decisions", "ix_flag_decisions_session", ["session_id", "created_at"])
    op.create_table(
        "review_comments", *_review_columns("review_comments"),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        *_authored("review_comments"),
    )
    _index("review_comments", "ix_review_comments_session", ["session_id", "created_at"])
    op.create_table(
        "disputes", *_review_columns("disputes"),
        sa.Column("dimension", sa.String(length=32), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("raised_by", sa.Integer(), nullable=True),
        _created(),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("resolution", sa.Text(), nullable=True),
        sa.Column("new_score", sa.Float(), nullable=True),
        sa.Column("resolved_by", sa.Integer(), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        _fk("disputes", "raised_by", "users", "SET NULL"),
        _fk("disputes", "resolved_by", "users", "SET NULL"),
    )
    _index("disputes", "ix_disputes_session", ["session_id", "created_at"])
    _index("disputes", "ix_disputes_status", ["status", "created_at"])


def upgrade():
    """Teams and user states, scenario versions and session results, review records."""
    _teams()
    _users()
    _sessions()
    _coaching()
    _review()


def downgrade():
    """Back to 0003: team names return to users.team; review data is dropped."""
    for table in ("disputes", "review_comments", "flag_decisions", "score_judgements",
                  "calibration_reviewers", "calibration_sessions", "assignments"):
        op.drop_table(table)
    with op.batch_alter_table("practice_sessions") as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_practice_sessions_reviewed_by_users"),
                                 type_="foreignkey")
        batch_op.drop_constraint(
            batch_op.f("fk_practice_sessions_scenario_version_id_scenario_versions"),
            type_="foreignkey")
        batch_op.drop_index("ix_practice_sessions_results")
        for column in ("reviewed_by", "reviewed_at", "flags_to_review", "critical_flags",
                       "result_passed", "result_overall", "result", "scenario_version_id",
                       "result_changed", *(f"result_{d}" for d in DIMENSIONS)):
            batch_op.drop_column(column)
    op.drop_table("scenario_versions")
    with op.batch_alter_table("users") as batch_op:
        batch_op.add_column(sa.Column("team", sa.String(length=80), nullable=True))
    conn = op.get_bind()
    conn.execute(sa.text("UPDATE users SET team = (SELECT name FROM teams "
                         "WHERE teams.id = users.team_id)"))
    with op.batch_alter_table("users") as batch_op:
        batch_op.drop_index("ix_users_team_role")
        batch_op.drop_constraint(batch_op.f("fk_users_team_id_teams"), type_="foreignkey")
        for column in ("deactivated_at", "active", "team_id"):
            batch_op.drop_column(column)
        batch_op.create_index("ix_users_team_role", ["team", "role"], unique=False)
    op.drop_table("team_leads")
    op.drop_table("teams")
