"""trainees and attempts

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "trainees",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("unit", sa.String(length=200), nullable=False),
        sa.Column("track", sa.String(length=1), nullable=False),
        sa.Column("pin_salt", sa.String(length=32), nullable=False),
        sa.Column("pin_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trainees")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_trainees_token_hash")),
    )
    op.create_table(
        "attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("trainee_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.String(length=80), nullable=False),
        sa.Column("context", sa.String(length=40), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("max_score", sa.Integer(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["trainee_id"],
            ["trainees.id"],
            name=op.f("fk_attempts_trainee_id_trainees"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attempts")),
        sa.UniqueConstraint(
            "trainee_id", "item_id", "context", name=op.f("uq_attempts_trainee_id")
        ),
    )
    op.create_index(op.f("ix_attempts_trainee_id"), "attempts", ["trainee_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_attempts_trainee_id"), table_name="attempts")
    op.drop_table("attempts")
    op.drop_table("trainees")
