"""self-assessment submissions, one row per version

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "assessment_submissions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_key", sa.String(length=800), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("unit_name", sa.String(length=300), nullable=False),
        sa.Column("unit_level", sa.String(length=60), nullable=False),
        sa.Column("province", sa.String(length=200), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("total", sa.Float(), nullable=True),
        sa.Column("level", sa.String(length=60), nullable=True),
        sa.Column("agreed_total", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_submissions")),
        sa.UniqueConstraint("unit_key", "version", name=op.f("uq_assessment_submissions_unit_key")),
    )
    op.create_index(
        op.f("ix_assessment_submissions_period_end"),
        "assessment_submissions",
        ["period_end"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_assessment_submissions_period_end"), table_name="assessment_submissions")
    op.drop_table("assessment_submissions")
