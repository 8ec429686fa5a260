"""peer review of writing answers in a workshop: rounds, who reviews what, the reviews

Revision ID: 0012
Revises: 0010
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0010"
branch_labels = None
depends_on = None


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column],
        [f"{target}.id"],
        name=op.f(f"fk_{table}_{column}_{target}"),
        ondelete="CASCADE",
    )


def upgrade() -> None:
    op.create_table(
        "peer_rounds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.String(length=80), nullable=False),
        sa.Column("seed", sa.Integer(), nullable=False),
        sa.Column("calibration_attempt_id", sa.Integer(), nullable=False),
        sa.Column("calibration_marks", sa.Text(), nullable=False),
        sa.Column("calibration_total", sa.Float(), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        _fk("peer_rounds", "workshop_id", "workshops"),
        _fk("peer_rounds", "calibration_attempt_id", "attempts"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_peer_rounds")),
        sa.UniqueConstraint("workshop_id", "item_id", name=op.f("uq_peer_rounds_workshop_id")),
    )
    op.create_index(op.f("ix_peer_rounds_workshop_id"), "peer_rounds", ["workshop_id"])
    op.create_table(
        "peer_assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=False),
        sa.Column("attempt_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("calibration", sa.Boolean(), nullable=False),
        _fk("peer_assignments", "round_id", "peer_rounds"),
        _fk("peer_assignments", "reviewer_id", "trainees"),
        _fk("peer_assignments", "attempt_id", "attempts"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_peer_assignments")),
        sa.UniqueConstraint(
            "round_id",
            "reviewer_id",
            "attempt_id",
            name=op.f("uq_peer_assignments_round_id"),
        ),
    )
    op.create_index(op.f("ix_peer_assignments_round_id"), "peer_assignments", ["round_id"])
    op.create_table(
        "peer_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=False),
        sa.Column("attempt_id", sa.Integer(), nullable=False),
        sa.Column("marks", sa.Text(), nullable=False),
        sa.Column("total", sa.Float(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        _fk("peer_reviews", "round_id", "peer_rounds"),
        _fk("peer_reviews", "reviewer_id", "trainees"),
        _fk("peer_reviews", "attempt_id", "attempts"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_peer_reviews")),
        sa.UniqueConstraint("reviewer_id", "attempt_id", name=op.f("uq_peer_reviews_reviewer_id")),
    )
    op.create_index(op.f("ix_peer_reviews_round_id"), "peer_reviews", ["round_id"])


def downgrade() -> None:
    for table, column in (
        ("peer_reviews", "round_id"),
        ("peer_assignments", "round_id"),
        ("peer_rounds", "workshop_id"),
    ):
        op.drop_index(op.f(f"ix_{table}_{column}"), table_name=table)
        op.drop_table(table)
