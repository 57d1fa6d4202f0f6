"""Reports: the recovery chart (PNG/SVG) and the PDF reports built on it.

:func:`case_chart` / :func:`write_chart` draw a case's score over time with its fitted curve, the
phases of recovery shaded, the expected first-movement window and the plateau. No network, no
display: matplotlib's Agg and SVG canvases only. The chart names are loaded on first use, so
importing :mod:`bellpath.reports.pdf` alone does not import matplotlib.

May import: the core (Case, Assessment, vocabulary, recovery) and records; never the web or the
CLI.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bellpath.reports.charts import (
        ChartData,
        ChartFormat,
        PhaseSpan,
        case_chart,
        chart_data,
        phase_spans,
        render_chart,
        write_chart,
    )

__all__ = [
    "ChartData",
    "ChartFormat",
    "PhaseSpan",
    "case_chart",
    "chart_data",
    "phase_spans",
    "render_chart",
    "write_chart",
]


def __getattr__(name: str) -> object:
    if name in __all__:
        return getattr(importlib.import_module("bellpath.reports.charts"), name)
    msg = f"module 'bellpath.reports' has no attribute {name!r}"
    raise AttributeError(msg)
