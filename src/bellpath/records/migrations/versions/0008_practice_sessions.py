"""practice sessions: one row per live mirror session, with what was measured per movement

Revision ID: 0008
Revises: 0006
Create Date: 2026-12-07 09:30:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "practice_sessions",
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("duration_s", sa.Integer(), nullable=False),
        sa.Column("affected_side", sa.String(length=8), nullable=False),
        sa.Column("exercises", sa.JSON(), nullable=False),
        sa.Column("log_entry_id", sa.Integer(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("episode_id", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
            name=op.f("fk_practice_sessions_created_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["log_entry_id"],
            ["practice_log.id"],
            name=op.f("fk_practice_sessions_log_entry_id_practice_log"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["episode_id"],
            ["episodes.id"],
            name=op.f("fk_practice_sessions_episode_id_episodes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_practice_sessions")),
    )
    with op.batch_alter_table("practice_sessions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_practice_sessions_episode_id"), ["episode_id"], unique=False
        )
        batch_op.create_index(
            "ix_practice_sessions_episode_date", ["episode_id", "date"], unique=False
        )


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("practice_sessions", schema=None) as batch_op:
        batch_op.drop_index("ix_practice_sessions_episode_date")
        batch_op.drop_index(batch_op.f("ix_practice_sessions_episode_id"))
    op.drop_table("practice_sessions")
