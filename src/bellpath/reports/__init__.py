"""Reports: the recovery chart (PNG/SVG) and the PDF reports built on it.

:func:`case_chart` / :func:`write_chart` draw a case's score over time with its fitted curve, the
phases of recovery shaded, the expected first-movement window and the plateau. No network, no
display: matplotlib's Agg and SVG canvases only.
"""

from __future__ import annotations

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
