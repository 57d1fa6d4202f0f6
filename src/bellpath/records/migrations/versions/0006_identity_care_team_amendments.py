"""identity, care teams, amendments: birth date, sex and MRN on patients; who else may see a
record; what a correction changed

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 05:20:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("patients", schema=None) as batch_op:
        batch_op.add_column(sa.Column("birth_date", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("sex", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("mrn", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_patients_mrn"), ["mrn"])
        batch_op.create_index(
            "ix_patients_owner_name_birth", ["owner_id", "name", "birth_date"], unique=False
        )

    op.create_table(
        "care_team",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("added_by", sa.Integer(), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["added_by"],
            ["users.id"],
            name=op.f("fk_care_team_added_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"],
            ["patients.id"],
            name=op.f("fk_care_team_patient_id_patients"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_care_team_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_care_team")),
        sa.UniqueConstraint("patient_id", "user_id", name=op.f("uq_care_team_patient_id")),
    )
    with op.batch_alter_table("care_team", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_care_team_user_id"), ["user_id"], unique=False)

    op.create_table(
        "amendments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["audit_events.id"],
            name=op.f("fk_amendments_event_id_audit_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"],
            ["patients.id"],
            name=op.f("fk_amendments_patient_id_patients"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_amendments")),
        sa.UniqueConstraint("event_id", name=op.f("uq_amendments_event_id")),
    )
    with op.batch_alter_table("amendments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_amendments_patient_id"), ["patient_id"], unique=False)


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("amendments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_amendments_patient_id"))
    op.drop_table("amendments")

    with op.batch_alter_table("care_team", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_care_team_user_id"))
    op.drop_table("care_team")

    with op.batch_alter_table("patients", schema=None) as batch_op:
        batch_op.drop_index("ix_patients_owner_name_birth")
        batch_op.drop_constraint(batch_op.f("uq_patients_mrn"), type_="unique")
        batch_op.drop_column("mrn")
        batch_op.drop_column("sex")
        batch_op.drop_column("birth_date")
