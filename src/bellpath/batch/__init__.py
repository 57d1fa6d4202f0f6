"""Batch analysis: many case files, photos or videos, on this machine's cores or a Dask cluster.

* :mod:`bellpath.batch.jobs`: one pure task per file, returning a plain row (errors become rows);
* :mod:`bellpath.batch.cluster`: a local cluster, or a clinic's scheduler (:func:`open_client`);
* :mod:`bellpath.batch.run`: tasks submitted, gathered as they complete, streamed to CSV/JSONL;
* :mod:`bellpath.batch.flat`: the flat (CSV) form of each kind of row;
* :mod:`bellpath.batch.photos`: ``bellpath photo``'s photos on this machine's cores (a process
  pool, overlays drawn where the photo is measured), results in input order.

Every batch of files runs here; every table it writes goes through :mod:`bellpath.tabular`.

See docs/batch.md.

May import: the core (assess, case files, labs, grading), face, camera, video, interop, records
and the tabular writer; never the web or the CLI.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bellpath.batch.address import parse_scheduler
from bellpath.batch.jobs import FileKind, JobOptions
from bellpath.batch.run import BatchSummary, OutputFormat, iter_rows, run_batch, write_rows

if TYPE_CHECKING:
    from bellpath.batch.cluster import open_client

__all__ = [
    "BatchSummary",
    "FileKind",
    "JobOptions",
    "OutputFormat",
    "iter_rows",
    "open_client",
    "parse_scheduler",
    "run_batch",
    "write_rows",
]


def __getattr__(name: str) -> Any:
    """``open_client`` is imported on first use: Dask takes a fifth of a second to load."""
    if name == "open_client":
        from bellpath.batch.cluster import open_client  # noqa: PLC0415

        return open_client
    raise AttributeError(f"module 'bellpath.batch' has no attribute {name!r}")
