"""expected units (the registry a province keeps) and their access codes; a submission records
the unit and the code (or the trainer) that made it; a registered unit's draft belongs to the unit

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "units",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("name_key", sa.String(length=300), nullable=False),
        sa.Column("level", sa.String(length=60), nullable=False),
        sa.Column("province", sa.String(length=200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_units")),
        sa.UniqueConstraint("code", name=op.f("uq_units_code")),
    )
    op.create_index(op.f("ix_units_name_key"), "units", ["name_key"])
    op.create_table(
        "unit_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("hint", sa.String(length=8), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_unit_codes_unit_id_units"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unit_codes")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_unit_codes_code_hash")),
    )
    op.create_index(op.f("ix_unit_codes_unit_id"), "unit_codes", ["unit_id"])
    with op.batch_alter_table("assessment_submissions") as batch:
        batch.add_column(sa.Column("unit_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("unit_code_id", sa.Integer(), nullable=True))
        batch.add_column(
            sa.Column("submitted_by", sa.String(length=20), nullable=False, server_default="")
        )
        batch.create_foreign_key(
            op.f("fk_assessment_submissions_unit_id_units"), "units", ["unit_id"], ["id"]
        )
        batch.create_foreign_key(
            op.f("fk_assessment_submissions_unit_code_id_unit_codes"),
            "unit_codes",
            ["unit_code_id"],
            ["id"],
        )
        batch.create_index(op.f("ix_assessment_submissions_unit_id"), ["unit_id"])
    # a registered unit's draft belongs to the unit (opened with its code), not to a person
    with op.batch_alter_table("assessment_drafts") as batch:
        batch.alter_column("trainee_id", existing_type=sa.Integer(), nullable=True)
        batch.add_column(sa.Column("unit_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_assessment_drafts_unit_id_units"),
            "units",
            ["unit_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch.create_unique_constraint(op.f("uq_assessment_drafts_unit_id"), ["unit_id"])


def downgrade() -> None:
    op.execute("DELETE FROM assessment_drafts WHERE trainee_id IS NULL")
    with op.batch_alter_table("assessment_drafts") as batch:
        batch.drop_constraint(op.f("uq_assessment_drafts_unit_id"), type_="unique")
        batch.drop_constraint(op.f("fk_assessment_drafts_unit_id_units"), type_="foreignkey")
        batch.drop_column("unit_id")
        batch.alter_column("trainee_id", existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table("assessment_submissions") as batch:
        batch.drop_index(op.f("ix_assessment_submissions_unit_id"))
        batch.drop_constraint(
            op.f("fk_assessment_submissions_unit_code_id_unit_codes"), type_="foreignkey"
        )
        batch.drop_constraint(op.f("fk_assessment_submissions_unit_id_units"), type_="foreignkey")
        batch.drop_column("submitted_by")
        batch.drop_column("unit_code_id")
        batch.drop_column("unit_id")
    op.drop_index(op.f("ix_unit_codes_unit_id"), table_name="unit_codes")
    op.drop_table("unit_codes")
    op.drop_index(op.f("ix_units_name_key"), table_name="units")
    op.drop_table("units")
