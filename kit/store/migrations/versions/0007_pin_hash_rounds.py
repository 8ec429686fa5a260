"""PIN hashes carry their PBKDF2 rounds ("12000$<hex>"): room for the prefix

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("trainees") as batch:
        batch.alter_column(
            "pin_hash", existing_type=sa.String(length=64), type_=sa.String(length=96)
        )


def downgrade() -> None:
    with op.batch_alter_table("trainees") as batch:
        batch.alter_column(
            "pin_hash", existing_type=sa.String(length=96), type_=sa.String(length=64)
        )
