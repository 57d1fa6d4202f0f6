"""Property tests: how files are grouped into tasks, and rows surviving both output formats."""

from __future__ import annotations

import csv
import json
import math
import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from bellpath.batch.jobs import FileKind, error_row
from bellpath.batch.run import TASKS_PER_WORKER, OutputFormat, chunk_size_for, write_rows


@given(
    kind=st.sampled_from(list(FileKind)),
    files=st.integers(1, 200_000),
    workers=st.integers(1, 64),
)
def test_chunks_amortise_yet_keep_every_worker_busy(
    kind: FileKind, files: int, workers: int
) -> None:
    size = chunk_size_for(kind, files, workers)
    assert 1 <= size <= kind.max_chunk
    tasks = math.ceil(files / size)
    assert tasks >= min(files, TASKS_PER_WORKER * workers)  # enough tasks to balance
    if files >= TASKS_PER_WORKER * workers * kind.max_chunk:
        assert size == kind.max_chunk  # big batches: the full amortisation


_text = st.text()
_rows = st.lists(
    st.builds(
        error_row,
        file=_text.filter(bool),
        code=st.sampled_from(["invalid_input", "no_face", "internal_error"]),
        message=_text,
    ),
    max_size=8,
)


@given(rows=_rows)
def test_any_text_survives_both_formats(rows: list[dict[str, object]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        jsonl = Path(tmp) / "rows.jsonl"
        assert write_rows(iter(rows), jsonl, OutputFormat.JSONL, FileKind.PHOTOS) == len(rows)
        with jsonl.open(encoding="utf-8", newline="") as handle:
            assert [json.loads(line) for line in handle] == rows
        table = Path(tmp) / "rows.csv"
        write_rows(iter(rows), table, OutputFormat.CSV, FileKind.CASES)
        with table.open(encoding="utf-8", newline="") as handle:
            back = list(csv.DictReader(handle))
        assert [(r["file"], r["error_code"], r["error_message"]) for r in back] == [
            (r["file"], r["error"]["code"], r["error"]["message"])  # type: ignore[index]
            for r in rows
        ]
