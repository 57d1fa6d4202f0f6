"""Data exchange: FHIR R4 bundles and CSV/XLSX spreadsheets, both ways, checked before import.

May import: the core (Case, assess, case files, vocabulary), records and reports; never the web
or the CLI.
"""

from __future__ import annotations

__all__: list[str] = []
