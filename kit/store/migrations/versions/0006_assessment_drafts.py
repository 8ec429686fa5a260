"""self-assessments being filled in the app

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "assessment_drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("trainee_id", sa.Integer(), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("step", sa.String(length=40), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["trainee_id"],
            ["trainees.id"],
            name=op.f("fk_assessment_drafts_trainee_id_trainees"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_drafts")),
        sa.UniqueConstraint("trainee_id", name=op.f("uq_assessment_drafts_trainee_id")),
    )


def downgrade() -> None:
    op.drop_table("assessment_drafts")
