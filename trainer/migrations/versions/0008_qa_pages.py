"""QA pages: corrections and the scores as they stand on calls; scenario drafts from calls.

Revision ID: 0008_qa_pages
Revises: 0004_coach_review
Create Date: 2026-12-09
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_qa_pages"
down_revision = "0004_coach_review"
branch_labels = None
depends_on = None


def _fk(column: str, target: str):
    return sa.ForeignKeyConstraint([column], [f"{target}.id"],
                                   name=op.f(f"fk_scenario_drafts_{column}_{target}"),
                                   ondelete="SET NULL")


def upgrade():
    """Add calls.agent_scores and calls.corrections; create scenario_drafts."""
    with op.batch_alter_table("calls") as batch_op:
        batch_op.add_column(sa.Column("agent_scores", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("corrections", sa.JSON(), nullable=True))
    op.create_table(
        "scenario_drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("call_id", sa.Integer(), nullable=True),
        sa.Column("scenario_id", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("yaml_text", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reviewed_by", sa.Integer(), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("published_file", sa.String(length=255), nullable=True),
        _fk("call_id", "calls"), _fk("created_by", "users"), _fk("reviewed_by", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scenario_drafts")),
    )
    with op.batch_alter_table("scenario_drafts") as batch_op:
        batch_op.create_index("ix_scenario_drafts_status_created", ["status", "created_at"])
        batch_op.create_index("ix_scenario_drafts_call", ["call_id"])


def downgrade():
    """Drop scenario_drafts and the two call columns."""
    op.drop_table("scenario_drafts")
    with op.batch_alter_table("calls") as batch_op:
        batch_op.drop_column("corrections")
        batch_op.drop_column("agent_scores")
