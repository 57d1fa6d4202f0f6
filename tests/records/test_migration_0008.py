"""Migration 0008: the practice_sessions table, its index, and a clean downgrade."""

from __future__ import annotations

from sqlalchemy import Engine, inspect

from bellpath.records.db import downgrade, migrate


def test_0008_adds_practice_sessions_and_removes_them(empty_engine: Engine) -> None:
    migrate(empty_engine)
    columns = {c["name"] for c in inspect(empty_engine).get_columns("practice_sessions")}
    assert columns == {
        "id",
        "episode_id",
        "created_by",
        "created_at",
        "date",
        "duration_s",
        "affected_side",
        "exercises",
        "log_entry_id",
    }
    indexes = {i["name"] for i in inspect(empty_engine).get_indexes("practice_sessions")}
    assert "ix_practice_sessions_episode_date" in indexes
    downgrade(empty_engine, "0006")  # the revision 0008 follows
    assert "practice_sessions" not in inspect(empty_engine).get_table_names()
    assert "care_team" in inspect(empty_engine).get_table_names()  # 0006 is intact
    migrate(empty_engine)
    assert "practice_sessions" in inspect(empty_engine).get_table_names()
