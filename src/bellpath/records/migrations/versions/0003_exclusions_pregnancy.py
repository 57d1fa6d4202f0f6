"""finding exclusions and pregnancy: a clinician records that a finding's other cause was excluded
(date and who); an episode records whether the person is pregnant

Revision ID: 0003
Revises: 0007
Create Date: 2026-12-07 05:40:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("episodes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("pregnant", sa.Boolean(), nullable=True))
    with op.batch_alter_table("findings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("excluded_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("excluded_by", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("excluded_by_name", sa.String(length=200), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_findings_excluded_by_users"),
            "users",
            ["excluded_by"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("findings", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_findings_excluded_by_users"), type_="foreignkey")
        batch_op.drop_column("excluded_by_name")
        batch_op.drop_column("excluded_by")
        batch_op.drop_column("excluded_on")
    with op.batch_alter_table("episodes", schema=None) as batch_op:
        batch_op.drop_column("pregnant")
