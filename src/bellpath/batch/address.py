"""Scheduler addresses and the limits of a local cluster (no Dask import: cheap for the CLI)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from bellpath.errors import InputError

__all__ = [
    "CONNECT_TIMEOUT_S",
    "MAX_WORKERS",
    "SCHEDULER_SCHEMES",
    "SchedulerAddress",
    "parse_scheduler",
]

MAX_WORKERS: Final = 64
"""Most local worker processes accepted (a sanity bound)."""

CONNECT_TIMEOUT_S: Final = 10.0
"""How long to try to reach a scheduler before saying it cannot be reached."""

SCHEDULER_SCHEMES: Final = ("tcp", "tls")
"""Address schemes accepted for ``--scheduler``."""

_ADDRESS = re.compile(
    r"^(?P<scheme>[a-z]+)://(?P<host>\[[0-9a-fA-F:]+\]|[A-Za-z0-9.\-]+):(?P<port>\d+)$"
)


@dataclass(frozen=True)
class SchedulerAddress:
    """A Dask scheduler address, ``scheme://host:port``."""

    scheme: str
    host: str
    port: int

    def __str__(self) -> str:
        return f"{self.scheme}://{self.host}:{self.port}"


def parse_scheduler(value: str, *, field: str = "--scheduler") -> SchedulerAddress:
    """Read ``tcp://HOST:PORT`` (or ``tls://``), or raise :class:`InputError` saying why.

    Raises
    ------
    InputError
        Naming ``field``, the expected form and what was received.
    """
    text = value.strip()
    example = "e.g. tcp://10.0.0.5:8786 (the address `dask scheduler` prints)"
    match = _ADDRESS.match(text)
    if match is None:
        raise InputError(
            field,
            f"'{field}' must look like tcp://HOST:PORT, {example} (got {value!r})",
            allowed=[f"{s}://HOST:PORT" for s in SCHEDULER_SCHEMES],
            received=value,
        )
    scheme = match["scheme"]
    if scheme not in SCHEDULER_SCHEMES:
        raise InputError(
            field,
            f"'{field}' must start with tcp:// or tls://, {example} (got {value!r})",
            allowed=[f"{s}://HOST:PORT" for s in SCHEDULER_SCHEMES],
            received=value,
        )
    port = int(match["port"])
    if not 1 <= port <= 65535:
        raise InputError(
            field,
            f"'{field}' port must be between 1 and 65535, {example} (got {value!r})",
            received=value,
        )
    return SchedulerAddress(scheme, match["host"], port)
