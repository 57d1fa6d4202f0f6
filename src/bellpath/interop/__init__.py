"""Data exchange: FHIR R4 bundles and CSV/XLSX spreadsheets, both ways, checked before import."""

from __future__ import annotations

__all__: list[str] = []
