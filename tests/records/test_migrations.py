"""Alembic migrations: upgrade from empty, models and migrations agree, downgrade/upgrade."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, select, text

from bellpath.records.db import (
    alembic_config,
    downgrade,
    make_session_factory,
    migrate,
    transaction,
)
from bellpath.records.models import Base, Patient, Role, User


def _tables(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names())


def test_upgrade_from_empty_creates_every_table(empty_engine: Engine) -> None:
    assert _tables(empty_engine) == set()
    migrate(empty_engine)
    assert _tables(empty_engine) == set(Base.metadata.tables) | {"alembic_version"}


def test_models_and_migrations_agree(empty_engine: Engine) -> None:
    # A model change without a migration shows up here as a difference.
    migrate(empty_engine)
    with empty_engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_downgrade_then_upgrade_round_trip(empty_engine: Engine) -> None:
    migrate(empty_engine)
    downgrade(empty_engine, "base")
    assert _tables(empty_engine) <= {"alembic_version"}
    migrate(empty_engine)
    assert _tables(empty_engine) == set(Base.metadata.tables) | {"alembic_version"}
    # The schema works after the round trip: write and read a row through the ORM.
    factory = make_session_factory(empty_engine)
    with transaction(factory) as session:
        doc = User(email="d@example.org", name="", role=Role.CLINICIAN, password_hash="x")
        session.add(doc)
        session.flush()
        session.add(Patient(name="P", owner_id=doc.id))
    with transaction(factory) as session:
        assert session.scalar(select(Patient.name)) == "P"
        assert session.scalar(select(User.created_at)) is not None


def test_upgrade_is_idempotent_and_records_head(empty_engine: Engine) -> None:
    migrate(empty_engine)
    migrate(empty_engine)  # a second upgrade is a no-op, not an error
    script = ScriptDirectory.from_config(alembic_config(empty_engine))
    with empty_engine.connect() as conn:
        versions = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    assert versions == [script.get_current_head()]


def test_0003_adds_exclusions_and_pregnancy_and_downgrades_cleanly(empty_engine: Engine) -> None:
    migrate(empty_engine)
    columns = {c["name"] for c in inspect(empty_engine).get_columns("findings")}
    assert {"excluded_on", "excluded_by", "excluded_by_name"} <= columns
    assert "pregnant" in {c["name"] for c in inspect(empty_engine).get_columns("episodes")}
    downgrade(empty_engine, "0003-1")  # the revision before this one
    columns = {c["name"] for c in inspect(empty_engine).get_columns("findings")}
    assert columns.isdisjoint({"excluded_on", "excluded_by", "excluded_by_name"})
    assert "pregnant" not in {c["name"] for c in inspect(empty_engine).get_columns("episodes")}
    migrate(empty_engine)
    assert "excluded_on" in {c["name"] for c in inspect(empty_engine).get_columns("findings")}


def test_0004_adds_auth_sessions_and_the_reset_flag_and_removes_them(
    empty_engine: Engine,
) -> None:
    migrate(empty_engine, "0004-1")  # the revision before this one
    with empty_engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO users (email, name, role, password_hash, active, auth_epoch, created_at) "
            "VALUES ('k@example.org', '', 'clinician', 'x', true, 0, CURRENT_TIMESTAMP)"
        )
    migrate(empty_engine, "0004")
    assert "auth_sessions" in _tables(empty_engine)
    with empty_engine.connect() as conn:
        flag = conn.exec_driver_sql("SELECT must_change_password FROM users").scalar()
    assert not flag
    downgrade(empty_engine, "0004-1")
    assert "auth_sessions" not in _tables(empty_engine)
    columns = {c["name"] for c in inspect(empty_engine).get_columns("users")}
    assert "must_change_password" not in columns
    with empty_engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT email FROM users").scalar() == "k@example.org"


def test_lab_comparator_migration_0005(empty_engine: Engine) -> None:
    """0005 adds labs.comparator (existing results: none); its downgrade removes it again."""
    migrate(empty_engine)
    assert "comparator" in {c["name"] for c in inspect(empty_engine).get_columns("labs")}
    downgrade(empty_engine, "0005-1")  # the revision before this one
    assert "comparator" not in {c["name"] for c in inspect(empty_engine).get_columns("labs")}
    migrate(empty_engine)
    assert "comparator" in {c["name"] for c in inspect(empty_engine).get_columns("labs")}


def test_record_version_migration_downgrades_and_upgrades(empty_engine: Engine) -> None:
    def columns() -> set[str]:
        return {c["name"] for c in inspect(empty_engine).get_columns("patients")}

    migrate(empty_engine)
    assert {"record_version", "record_changed_at"} <= columns()
    downgrade(empty_engine, "0007-1")  # the revision before this one
    assert not {"record_version", "record_changed_at"} & columns()
    factory = make_session_factory(empty_engine)
    with empty_engine.begin() as conn:
        conn.execute(
            text("INSERT INTO users (email, name, role, password_hash, active, auth_epoch) "
                 "VALUES ('d@example.org', '', 'clinician', 'x', true, 0)")
        )  # fmt: skip
        conn.execute(text("INSERT INTO patients (name, owner_id) VALUES ('Old', 1)"))
    migrate(empty_engine)
    with transaction(factory) as session:
        old = session.scalars(select(Patient)).one()
        assert old.record_version == 1  # rows from before the migration start at version 1
