"""QA calls (batches, calls, checklist items), the audit log, and jobs.call_id.

Revision ID: 0003_calls_and_audit
Revises: 0002_jobs_and_calm_baseline
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_calls_and_audit"
down_revision = "0002_jobs_and_calm_baseline"
branch_labels = None
depends_on = None

CALL_INDEXES = {
    "ix_calls_agent_started": ["agent", "started_at"], "ix_calls_batch": ["batch_id"],
    "ix_calls_created": ["created_at"],
    "ix_calls_critical_created": ["critical_fail", "created_at"],
    "ix_calls_overall": ["overall"], "ix_calls_started": ["started_at"],
    "ix_calls_status_created": ["status", "created_at"],
    "ix_calls_uploaded_by": ["uploaded_by", "created_at"],
}
AUDIT_INDEXES = {
    "ix_audit_records_action_created": ["action", "created_at"],
    "ix_audit_records_actor_created": ["actor_id", "created_at"],
    "ix_audit_records_created": ["created_at"],
    "ix_audit_records_target": ["target_type", "target_id", "created_at"],
}


def _fk(table: str, column: str, target: str, ondelete: str):
    return sa.ForeignKeyConstraint([column], [f"{target}.id"],
                                   name=op.f(f"fk_{table}_{column}_{target}"), ondelete=ondelete)


def _indexes(table: str, indexes: dict[str, list[str]], unique: tuple[str, ...] = ()):
    with op.batch_alter_table(table) as batch_op:
        for name, columns in indexes.items():
            batch_op.create_index(name, columns, unique=name in unique)


def upgrade():
    """Create audit_records, call_batches, calls, call_checks; add jobs.call_id."""
    op.create_table(
        "audit_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_label", sa.String(length=254), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("target_type", sa.String(length=32), nullable=False),
        sa.Column("target_id", sa.String(length=64), nullable=False),
        sa.Column("old_value", sa.JSON(), nullable=True),
        sa.Column("new_value", sa.JSON(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        _fk("audit_records", "actor_id", "users", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_records")),
    )
    _indexes("audit_records", AUDIT_INDEXES)
    op.create_table(
        "call_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        _fk("call_batches", "created_by", "users", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_call_batches")),
    )
    _indexes("call_batches", {"ix_call_batches_created_by": ["created_by", "created_at"]})
    op.create_table(
        "calls",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.Column("uploaded_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("upload_path", sa.String(length=500), nullable=True),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=True),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("error_code", sa.String(length=32), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("agent", sa.String(length=80), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("consumer_timezone", sa.String(length=64), nullable=True),
        sa.Column("duration_s", sa.Float(), nullable=True),
        sa.Column("overall", sa.Float(), nullable=True),
        sa.Column("critical_fail", sa.Boolean(), nullable=True),
        sa.Column("scorecard", sa.JSON(), nullable=True),
        sa.Column("scored_at", sa.DateTime(timezone=True), nullable=True),
        _fk("calls", "batch_id", "call_batches", "SET NULL"),
        _fk("calls", "uploaded_by", "users", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calls")),
    )
    _indexes("calls", CALL_INDEXES)
    op.create_table(
        "call_checks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("call_id", sa.Integer(), nullable=False),
        sa.Column("rule", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("severity", sa.String(length=16), nullable=True),
        _fk("call_checks", "call_id", "calls", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_call_checks")),
    )
    _indexes("call_checks", {"ix_call_checks_call_rule": ["call_id", "rule"],
                             "ix_call_checks_rule_status": ["rule", "status"]},
             unique=("ix_call_checks_call_rule",))
    with op.batch_alter_table("jobs") as batch_op:
        batch_op.add_column(sa.Column("call_id", sa.Integer(), nullable=True))
        batch_op.create_index("ix_jobs_call", ["call_id"], unique=False)
        batch_op.create_foreign_key(batch_op.f("fk_jobs_call_id_calls"), "calls", ["call_id"],
                                    ["id"], ondelete="CASCADE")


def downgrade():
    """Drop jobs.call_id and the call and audit tables."""
    with op.batch_alter_table("jobs") as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_jobs_call_id_calls"), type_="foreignkey")
        batch_op.drop_index("ix_jobs_call")
        batch_op.drop_column("call_id")
    for table in ("call_checks", "calls", "call_batches", "audit_records"):
        op.drop_table(table)
