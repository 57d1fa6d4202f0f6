"""initial schema

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-24 18:52:47.159784
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "role",
            sa.Enum("admin", "clinician", "patient", name="role", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("auth_epoch", sa.Integer(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("email", name=op.f("uq_users_email")),
    )
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("entity", sa.String(length=32), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("patient_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["users.id"],
            name=op.f("fk_audit_events_actor_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.create_index("ix_audit_events_patient_at", ["patient_id", "at"], unique=False)

    op.create_table(
        "patients",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["users.id"], name=op.f("fk_patients_owner_id_users"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_patients_user_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patients")),
        sa.UniqueConstraint("user_id", name=op.f("uq_patients_user_id")),
    )
    with op.batch_alter_table("patients", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_patients_owner_id"), ["owner_id"], unique=False)

    op.create_table(
        "episodes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("onset", sa.Date(), nullable=False),
        sa.Column(
            "affected_side",
            sa.Enum("left", "right", name="side", native_enum=False, length=8),
            nullable=True,
        ),
        sa.Column(
            "severity",
            sa.Enum("complete", "incomplete", name="severity", native_enum=False, length=16),
            nullable=True,
        ),
        sa.Column("first_movement", sa.Date(), nullable=True),
        sa.Column("recovered", sa.Boolean(), nullable=False),
        sa.Column(
            "eye_closure",
            sa.Enum("complete", "incomplete", name="eyeclosure", native_enum=False, length=16),
            nullable=True,
        ),
        sa.Column("steroids_started", sa.Date(), nullable=True),
        sa.Column("age", sa.Integer(), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"],
            ["patients.id"],
            name=op.f("fk_episodes_patient_id_patients"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_episodes")),
    )
    with op.batch_alter_table("episodes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_episodes_patient_id"), ["patient_id"], unique=False)

    op.create_table(
        "complications",
        sa.Column(
            "complication",
            sa.Enum(
                "synkinesis",
                "contracture",
                "rigidity",
                "pain",
                "crocodile_tears",
                name="complication",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("noted_on", sa.Date(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("episode_id", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
            name=op.f("fk_complications_created_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["episode_id"],
            ["episodes.id"],
            name=op.f("fk_complications_episode_id_episodes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complications")),
        sa.UniqueConstraint("episode_id", "complication", name=op.f("uq_complications_episode_id")),
    )
    with op.batch_alter_table("complications", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_complications_episode_id"), ["episode_id"], unique=False
        )

    op.create_table(
        "findings",
        sa.Column(
            "finding",
            sa.Enum(
                "forehead_sparing",
                "bilateral",
                "recurrent",
                "other_cranial_nerves",
                "limb_weakness",
                "cerebellar_signs",
                "gradual_onset",
                "vesicles",
                "parotid_mass",
                "neck_mass",
                "ear_discharge",
                "systemic_illness",
                "cancer_history",
                "severe_headache",
                "tick_exposure",
                name="finding",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("noted_on", sa.Date(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("episode_id", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
            name=op.f("fk_findings_created_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["episode_id"],
            ["episodes.id"],
            name=op.f("fk_findings_episode_id_episodes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_findings")),
        sa.UniqueConstraint("episode_id", "finding", name=op.f("uq_findings_episode_id")),
    )
    with op.batch_alter_table("findings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_findings_episode_id"), ["episode_id"], unique=False)

    op.create_table(
        "gradings",
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("scale", sa.String(length=32), nullable=False),
        sa.Column("items", sa.JSON(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("episode_id", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
            name=op.f("fk_gradings_created_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["episode_id"],
            ["episodes.id"],
            name=op.f("fk_gradings_episode_id_episodes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_gradings")),
    )
    with op.batch_alter_table("gradings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_gradings_episode_id"), ["episode_id"], unique=False)

    op.create_table(
        "labs",
        sa.Column(
            "analyte",
            sa.Enum(
                "b12",
                "holotc",
                "mma",
                "homocysteine",
                "folate",
                "b1",
                "b6",
                name="analyte",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(length=32), nullable=False),
        sa.Column(
            "specimen",
            sa.Enum(
                "serum",
                "plasma",
                "whole_blood",
                "hair",
                name="specimen",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("episode_id", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_labs_created_by_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["episode_id"],
            ["episodes.id"],
            name=op.f("fk_labs_episode_id_episodes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_labs")),
    )
    with op.batch_alter_table("labs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_labs_episode_id"), ["episode_id"], unique=False)

    op.create_table(
        "photos",
        sa.Column("taken_on", sa.Date(), nullable=False),
        sa.Column("expression", sa.String(length=32), nullable=False),
        sa.Column("content_type", sa.String(length=64), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("stored_name", sa.String(length=255), nullable=False),
        sa.Column("measurements", sa.JSON(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("episode_id", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
            name=op.f("fk_photos_created_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["episode_id"],
            ["episodes.id"],
            name=op.f("fk_photos_episode_id_episodes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_photos")),
        sa.UniqueConstraint("stored_name", name=op.f("uq_photos_stored_name")),
    )
    with op.batch_alter_table("photos", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_photos_episode_id"), ["episode_id"], unique=False)

    op.create_table(
        "practice_log",
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("exercises", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("episode_id", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
            name=op.f("fk_practice_log_created_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["episode_id"],
            ["episodes.id"],
            name=op.f("fk_practice_log_episode_id_episodes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_practice_log")),
    )
    with op.batch_alter_table("practice_log", schema=None) as batch_op:
        batch_op.create_index("ix_practice_log_episode_date", ["episode_id", "date"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_practice_log_episode_id"), ["episode_id"], unique=False
        )

    op.create_table(
        "risk_factors",
        sa.Column(
            "risk_factor",
            sa.Enum(
                "age_over_60",
                "vegan_diet",
                "metformin",
                "acid_suppressants",
                "pernicious_anaemia",
                "gastric_surgery",
                "alcohol",
                "nitrous_oxide",
                name="riskfactor",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("episode_id", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
            name=op.f("fk_risk_factors_created_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["episode_id"],
            ["episodes.id"],
            name=op.f("fk_risk_factors_episode_id_episodes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risk_factors")),
        sa.UniqueConstraint("episode_id", "risk_factor", name=op.f("uq_risk_factors_episode_id")),
    )
    with op.batch_alter_table("risk_factors", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_risk_factors_episode_id"), ["episode_id"], unique=False
        )

    op.create_table(
        "supplements",
        sa.Column(
            "vitamin",
            sa.Enum("b12", "b1", "b6", name="vitaminname", native_enum=False, length=8),
            nullable=False,
        ),
        sa.Column("daily_mg", sa.Float(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("episode_id", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
            name=op.f("fk_supplements_created_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["episode_id"],
            ["episodes.id"],
            name=op.f("fk_supplements_episode_id_episodes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supplements")),
        sa.UniqueConstraint("episode_id", "vitamin", name=op.f("uq_supplements_episode_id")),
    )
    with op.batch_alter_table("supplements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_supplements_episode_id"), ["episode_id"], unique=False)


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("supplements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_supplements_episode_id"))

    op.drop_table("supplements")
    with op.batch_alter_table("risk_factors", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_risk_factors_episode_id"))

    op.drop_table("risk_factors")
    with op.batch_alter_table("practice_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_practice_log_episode_id"))
        batch_op.drop_index("ix_practice_log_episode_date")

    op.drop_table("practice_log")
    with op.batch_alter_table("photos", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_photos_episode_id"))

    op.drop_table("photos")
    with op.batch_alter_table("labs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_labs_episode_id"))

    op.drop_table("labs")
    with op.batch_alter_table("gradings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_gradings_episode_id"))

    op.drop_table("gradings")
    with op.batch_alter_table("findings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_findings_episode_id"))

    op.drop_table("findings")
    with op.batch_alter_table("complications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_complications_episode_id"))

    op.drop_table("complications")
    with op.batch_alter_table("episodes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_episodes_patient_id"))

    op.drop_table("episodes")
    with op.batch_alter_table("patients", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_patients_owner_id"))

    op.drop_table("patients")
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_events_patient_at")

    op.drop_table("audit_events")
    op.drop_table("users")
