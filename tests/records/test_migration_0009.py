"""Migration 0009: the practice-plan settings table; downgrade removes it, patients stay."""

from __future__ import annotations

from sqlalchemy import Engine, inspect, text

from bellpath.records.db import downgrade, migrate


def test_0009_adds_the_practice_plan_settings_and_downgrades(empty_engine: Engine) -> None:
    migrate(empty_engine)
    assert "practice_plan_settings" in inspect(empty_engine).get_table_names()
    with empty_engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO users (email, name, role, password_hash, active, auth_epoch) "
                "VALUES ('d@x.org', '', 'clinician', 'x', true, 0)"
            )
        )
        conn.execute(text("INSERT INTO patients (name, owner_id) VALUES ('P', 1)"))
        conn.execute(
            text(
                "INSERT INTO practice_plan_settings (patient_id, families, note, reminders) "
                "VALUES (1, '{\"eye_care\": {\"off\": true}}', 'n', false)"
            )
        )
    downgrade(empty_engine, "0008")
    assert "practice_plan_settings" not in inspect(empty_engine).get_table_names()
    with empty_engine.connect() as conn:
        assert conn.execute(text("SELECT name FROM patients")).scalars().all() == ["P"]
    migrate(empty_engine)
    assert "practice_plan_settings" in inspect(empty_engine).get_table_names()
