"""Reports: charts and PDF documents of a case."""

from __future__ import annotations

__all__: list[str] = []
