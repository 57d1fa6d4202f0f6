"""Where a batch runs: a Dask cluster of worker processes on this machine, or a clinic's cluster.

:func:`open_client` starts a :class:`distributed.LocalCluster` (one single-threaded worker process
per core, listening on the loopback interface only, no dashboard, so no port is reachable from
the network) or connects to the scheduler of a clinic's cluster (``tcp://host:8786``; ``tls://``
with the certificates of the Dask configuration).

Workers read the files themselves, where they run: on a clinic's cluster every worker must see
the files at the same path (a shared folder). Nothing is uploaded anywhere else.
"""

from __future__ import annotations

import logging
import os

from distributed import Client, WorkerPlugin

from bellpath.batch.address import (
    CONNECT_TIMEOUT_S,
    MAX_WORKERS,
    SCHEDULER_SCHEMES,
    SchedulerAddress,
    parse_scheduler,
)
from bellpath.errors import InputError

__all__ = [
    "CONNECT_TIMEOUT_S",
    "MAX_WORKERS",
    "SCHEDULER_SCHEMES",
    "QuietNativeLogs",
    "SchedulerAddress",
    "open_client",
    "parse_scheduler",
]


class QuietNativeLogs(WorkerPlugin):
    """Send a local worker's native stderr to the null device.

    MediaPipe's C++ core writes start-up lines (TensorFlow Lite delegates, feedback managers)
    straight to the process's stderr; they mean nothing to a user. Set
    ``BELLPATH_NATIVE_LOGS=1`` to keep them. Only used on the local cluster bellpath starts.
    """

    name = "bellpath-quiet-native-logs"

    def setup(self, worker: object) -> None:
        """Called by Dask in each worker process when it starts."""
        null = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(null, 2)
        finally:
            os.close(null)


def _connect(address: SchedulerAddress, timeout_s: float) -> Client:
    try:
        client = Client(  # type: ignore[no-untyped-call]
            str(address), timeout=timeout_s, set_as_default=False
        )
    except (OSError, TimeoutError) as exc:
        raise InputError(
            "--scheduler",
            f"cannot reach the Dask scheduler at {address} within {timeout_s:g} s "
            f"({type(exc).__name__}); start it with `dask scheduler` and workers with "
            f"`dask worker {address}`, or leave out --scheduler to use this machine's cores",
            received=str(address),
        ) from None
    try:
        client.wait_for_workers(1, timeout=timeout_s)
    except TimeoutError:
        client.close()  # type: ignore[no-untyped-call]
        raise InputError(
            "--scheduler",
            f"the Dask scheduler at {address} has no workers (waited {timeout_s:g} s); start "
            f"them with `dask worker {address}` on the machines that can read the files",
            received=str(address),
        ) from None
    return client


def open_client(
    scheduler: str | SchedulerAddress | None,
    workers: int,
    *,
    timeout_s: float = CONNECT_TIMEOUT_S,
    quiet_native_logs: bool | None = None,
) -> Client:
    """A Dask client: on a new local cluster, or connected to a clinic's scheduler.

    Parameters
    ----------
    scheduler : str, SchedulerAddress or None
        ``None``: start a :class:`~distributed.LocalCluster` of ``workers`` processes, one thread
        each, on 127.0.0.1 with no dashboard (closed again with the client). Otherwise the
        address of a running scheduler (its workers are started with ``dask worker``).
    workers : int
        Local worker processes (1 to :data:`MAX_WORKERS`); ignored with ``scheduler``.
    timeout_s : float
        How long to try to reach ``scheduler``.
    quiet_native_logs : bool or None
        Silence local workers' native stderr (:class:`QuietNativeLogs`); default: unless
        ``BELLPATH_NATIVE_LOGS=1``.

    Raises
    ------
    InputError
        A malformed or unreachable scheduler address (field ``--scheduler``), or ``workers`` out
        of range (field ``--workers``).
    """
    if scheduler is not None:
        address = (
            scheduler if isinstance(scheduler, SchedulerAddress) else parse_scheduler(scheduler)
        )
        return _connect(address, timeout_s)
    if not 1 <= workers <= MAX_WORKERS:
        raise InputError(
            "--workers",
            f"'--workers' must be between 1 and {MAX_WORKERS} (got {workers})",
            received=workers,
        )
    client = Client(  # type: ignore[no-untyped-call]
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        worker_dashboard_address=None,
        # The scheduler keeps a small HTTP server (health checks) even without a dashboard: on
        # the loopback interface and a free port, never the shared default 8787.
        scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
        silence_logs=logging.ERROR,
        set_as_default=False,
    )
    quiet = (
        os.environ.get("BELLPATH_NATIVE_LOGS") != "1"
        if quiet_native_logs is None
        else quiet_native_logs
    )
    if quiet:
        client.register_plugin(QuietNativeLogs())
    return client
