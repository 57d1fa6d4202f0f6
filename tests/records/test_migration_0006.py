"""Migration 0006: identity columns, care teams and amendments; upgrade and downgrade keep data."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, inspect, text

from bellpath.records.db import downgrade, migrate


def _patient_columns(engine: Engine) -> set[str]:
    return {c["name"] for c in inspect(engine).get_columns("patients")}


def test_0006_adds_identity_and_tables_and_downgrades_without_losing_patients(
    empty_engine: Engine,
) -> None:
    migrate(empty_engine)
    assert {"birth_date", "sex", "mrn"} <= _patient_columns(empty_engine)
    assert {"care_team", "amendments"} <= set(inspect(empty_engine).get_table_names())
    with empty_engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO users (email, name, role, password_hash, active, auth_epoch) "
                "VALUES ('d@x.org', '', 'clinician', 'x', true, 0)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO patients (name, owner_id, birth_date, sex, mrn) "
                "VALUES ('P', 1, :born, 'female', 'A-1')"
            ),
            {"born": dt.date(1960, 5, 2)},
        )
    downgrade(empty_engine, "0005")  # the revision before 0006, whatever the head
    assert not {"birth_date", "sex", "mrn"} & _patient_columns(empty_engine)
    assert not {"care_team", "amendments"} & set(inspect(empty_engine).get_table_names())
    with empty_engine.connect() as conn:
        assert conn.execute(text("SELECT name FROM patients")).scalars().all() == ["P"]
    migrate(empty_engine)
    with empty_engine.connect() as conn:
        row = conn.execute(text("SELECT name, mrn FROM patients")).one()
    assert tuple(row) == ("P", None)  # back up: the person is there, the new fields empty
