"""Small file helpers shared by the commands and the batch engine."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Collection
from pathlib import Path

__all__ = ["collect_files", "replace_text"]


def collect_files(paths: list[Path], suffixes: Collection[str]) -> list[Path]:
    """Expand folders into their files with these endings (sorted by name); keep named files.

    Folders are read one level deep and hidden files are skipped; endings match without regard to
    case (``suffixes`` are lower case, with their dot). A file named explicitly is kept whatever its
    ending, so that it gets its own error row if it is not of the expected kind.
    """
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(
                sorted(
                    (
                        child
                        for child in path.iterdir()
                        if child.is_file()
                        and not child.name.startswith(".")
                        and child.suffix.lower() in suffixes
                    ),
                    key=lambda p: p.name.lower(),
                )
            )
        else:
            out.append(path)
    return out


def replace_text(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to a temporary file beside ``path``, then rename it over ``path``.

    A reader sees the old file or the new one, never half of either. Raises :class:`OSError` when
    the folder or the file cannot be written; the temporary file is removed then.
    """
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        Path(tmp).replace(path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
        raise
