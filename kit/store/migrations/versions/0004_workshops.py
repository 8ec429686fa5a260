"""workshops, members, survey responses; trainer grading on attempts

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("attempts") as batch:
        batch.add_column(sa.Column("trainer_score", sa.Float(), nullable=True))
        batch.add_column(sa.Column("trainer_comment", sa.Text(), nullable=True))
        batch.add_column(sa.Column("graded_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "workshops",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=12), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("track", sa.String(length=1), nullable=False),
        sa.Column("lessons", sa.Text(), nullable=False),
        sa.Column("pre_items", sa.Text(), nullable=False),
        sa.Column("post_items", sa.Text(), nullable=False),
        sa.Column("survey", sa.Integer(), nullable=False),
        sa.Column("expected", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workshops")),
        sa.UniqueConstraint("code", name=op.f("uq_workshops_code")),
    )
    for table in ("workshop_members", "survey_responses"):
        extra = (
            [sa.Column("joined_at", sa.DateTime(timezone=True), nullable=False)]
            if table == "workshop_members"
            else [
                sa.Column("answers", sa.Text(), nullable=False),
                sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
            ]
        )
        op.create_table(
            table,
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("workshop_id", sa.Integer(), nullable=False),
            sa.Column("trainee_id", sa.Integer(), nullable=False),
            *extra,
            sa.ForeignKeyConstraint(
                ["workshop_id"],
                ["workshops.id"],
                name=op.f(f"fk_{table}_workshop_id_workshops"),
                ondelete="CASCADE",
            ),
            sa.ForeignKeyConstraint(
                ["trainee_id"],
                ["trainees.id"],
                name=op.f(f"fk_{table}_trainee_id_trainees"),
                ondelete="CASCADE",
            ),
            sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
            sa.UniqueConstraint("workshop_id", "trainee_id", name=op.f(f"uq_{table}_workshop_id")),
        )
        op.create_index(op.f(f"ix_{table}_workshop_id"), table, ["workshop_id"], unique=False)


def downgrade() -> None:
    for table in ("survey_responses", "workshop_members"):
        op.drop_index(op.f(f"ix_{table}_workshop_id"), table_name=table)
        op.drop_table(table)
    op.drop_table("workshops")
    with op.batch_alter_table("attempts") as batch:
        batch.drop_column("graded_at")
        batch.drop_column("trainer_comment")
        batch.drop_column("trainer_score")
