"""lab comparator: a censored result keeps its comparator ("<150" = below 150)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07 05:45:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision: existing results are measured values (no comparator)."""
    with op.batch_alter_table("labs", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "comparator",
                sa.Enum("<", "<=", ">", ">=", name="comparator", native_enum=False, length=2),
                nullable=True,
            )
        )


def downgrade() -> None:
    """Revert this revision (censored results then read as their bound: upgrade again first)."""
    with op.batch_alter_table("labs", schema=None) as batch_op:
        batch_op.drop_column("comparator")
