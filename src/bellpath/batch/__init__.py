"""Batch analysis: many case files, photos or videos, on this machine's cores or a Dask cluster.

* :mod:`bellpath.batch.jobs`: one pure task per file, returning a plain row (errors become rows);
* :mod:`bellpath.batch.cluster`: a local cluster, or a clinic's scheduler (:func:`open_client`);
* :mod:`bellpath.batch.run`: tasks submitted, gathered as they complete, streamed to CSV/JSONL;
* :mod:`bellpath.batch.flat`: the flat (CSV) form of each kind of row.

See docs/batch.md.
"""

from __future__ import annotations

from bellpath.batch.cluster import open_client, parse_scheduler
from bellpath.batch.jobs import FileKind, JobOptions
from bellpath.batch.run import BatchSummary, OutputFormat, iter_rows, run_batch, write_rows

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
