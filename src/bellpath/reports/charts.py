"""The recovery chart: a score over time with its fitted curve, the phases and the expected windows.

One function serves the command line (``bellpath chart``), the web app and the PDF report. It uses
matplotlib's object API with the Agg/SVG canvases only (no pyplot state, no display, no network), so
it is safe in a web worker. Output is PNG or SVG bytes; metadata dates are left out so the same case
gives the same file.

What the chart shows:

* the dated primary score of one scale (Sunnybrook composite, eFACE total, House-Brackmann grade,
  SAQ or FaCE total), drawn so that **up is better** (House-Brackmann and SAQ axes are inverted);
* the fitted recovery curve when :func:`bellpath.recovery.trajectory.fit_trajectory` could fit one,
  dashed beyond the last score;
* the phases of the recovery model shaded behind (acute, early, regeneration, recovering, plateau);
* the expected first-movement window from the regrowth model while no movement has been seen;
* the date movement began and the plateau (level and date) when known.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from matplotlib import rc_context
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from bellpath.case import Case, DateWindow, Phase
from bellpath.dates import format_day
from bellpath.errors import InputError
from bellpath.grading.entries import Scale, score_entries
from bellpath.outlook import Trajectory
from bellpath.recovery import (
    DEFAULT_PARAMETERS,
    RecoveryParameters,
    add_months,
    first_movement_window,
    movement_date,
)
from bellpath.recovery.trajectory import choose_scale, series_for, trajectory_for

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


class ChartFormat(StrEnum):
    """Image formats the chart can be written in."""

    PNG = "png"
    SVG = "svg"


@dataclass(frozen=True, slots=True)
class PhaseSpan:
    """A phase of recovery between two dates (end exclusive)."""

    phase: Phase
    start: dt.date
    end: dt.date


@dataclass(frozen=True, slots=True)
class ChartData:
    """Everything the chart draws, already computed (build it with :func:`chart_data`)."""

    title: str
    y_label: str
    onset: dt.date
    as_of: dt.date
    points: list[tuple[dt.date, float]]
    y_range: tuple[float, float]
    invert_y: bool = False
    trajectory: Trajectory | None = None
    phases: list[PhaseSpan] = field(default_factory=list)
    first_movement_window: DateWindow | None = None
    note: str = ""


# scale -> (axis label, axis range); House-Brackmann and SAQ are drawn inverted (up is better)
_AXES: dict[Scale, tuple[str, tuple[float, float]]] = {
    Scale.SUNNYBROOK: ("Sunnybrook composite (0-100)", (-15.0, 100.0)),
    Scale.EFACE: ("eFACE total (0-100)", (0.0, 100.0)),
    Scale.HOUSE_BRACKMANN: ("House-Brackmann grade (VI to I)", (0.8, 6.2)),
    Scale.SAQ: ("SAQ total (100 = most synkinesis)", (20.0, 100.0)),
    Scale.FACE: ("FaCE total (0-100)", (0.0, 100.0)),
}
_EPOCH = dt.date(1970, 1, 1)
_PHASE_COLOURS = {
    Phase.ACUTE: "#f4cccc",
    Phase.EARLY: "#fce5cd",
    Phase.REGENERATION: "#fff2cc",
    Phase.RECOVERING: "#d9ead3",
    Phase.PLATEAU: "#cfe2f3",
    Phase.RECOVERED: "#d9d2e9",
}


def phase_spans(
    case: Case,
    *,
    movement_began: dt.date | None = None,
    plateau_from: dt.date | None = None,
    until: dt.date | None = None,
    parameters: RecoveryParameters = DEFAULT_PARAMETERS,
) -> list[PhaseSpan]:
    """The phases of the recovery model laid out on the calendar, from onset to ``until``.

    ``plateau_from`` is a detected plateau (it starts the plateau phase before ``plateau_months``).
    """
    end = until or case.as_of
    moved = movement_date(case, movement_began)
    plateau = add_months(case.onset, parameters.plateau_months)
    if plateau_from is not None:
        plateau = min(plateau, plateau_from)
    acute_end = case.onset + dt.timedelta(days=parameters.acute_days)
    quick_end = case.onset + dt.timedelta(days=parameters.quick_recovery_days)
    marks: list[tuple[Phase, dt.date]] = [(Phase.ACUTE, case.onset), (Phase.EARLY, acute_end)]
    if moved is None or moved > quick_end:
        marks.append((Phase.REGENERATION, quick_end))
    if moved is not None:
        marks.append((Phase.RECOVERING, max(moved, acute_end)))
    marks.append((Phase.PLATEAU, plateau))
    marks.sort(key=lambda m: m[1])
    spans = []
    for i, (phase, start) in enumerate(marks):
        stop = marks[i + 1][1] if i + 1 < len(marks) else end
        stop = min(stop, end)
        if stop > start:
            spans.append(PhaseSpan(phase, start, stop))
    return spans


def chart_data(
    case: Case,
    scale: Scale | str | None = None,
    *,
    parameters: RecoveryParameters = DEFAULT_PARAMETERS,
) -> ChartData:
    """Collect what the chart of ``case`` draws for ``scale`` (default: the most graded scale).

    A case without gradings still gets a chart: the phases and the first-movement window.
    """
    scored = score_entries(case.gradings)
    chosen = _scale(scale) if scale is not None else choose_scale(scored)
    if chosen is None and scored:
        chosen = scored[0].scale
    points = series_for(scored, chosen) if chosen is not None else []
    traj = trajectory_for(scored, chosen) if chosen is not None else None
    began = traj.movement_began if traj is not None else None
    plateau_from = None
    if traj is not None and traj.plateaued:
        plateau_from = traj.plateau_date or traj.last_date
    window = first_movement_window(case, began, parameters=parameters)
    horizon = [case.as_of, *(d for d, _ in points)]
    if window is not None:
        horizon.append(window.latest + dt.timedelta(days=14))
    if traj is not None and traj.plateau_date is not None:
        horizon.append(traj.plateau_date)
    spans = phase_spans(
        case,
        movement_began=began,
        plateau_from=plateau_from,
        until=max(horizon),
        parameters=parameters,
    )
    label, y_range = _AXES[chosen] if chosen is not None else ("score", (0.0, 100.0))
    title = (
        f"{chosen.label} {chosen.primary_name} over time"
        if chosen is not None
        else "Recovery phases"
    )
    note = "" if traj is None or traj.reason == "curve fitted" else traj.reason
    if chosen is not None and not points:
        note = f"no {chosen.label} scores recorded yet"
    return ChartData(
        title=title,
        y_label=label,
        onset=case.onset,
        as_of=case.as_of,
        points=points,
        y_range=y_range,
        invert_y=chosen is not None and not chosen.higher_is_better,
        trajectory=traj,
        phases=spans,
        first_movement_window=window,
        note=note,
    )


def _scale(value: Scale | str) -> Scale:
    try:
        return Scale(value)
    except ValueError:
        allowed = [s.value for s in Scale]
        raise InputError("scale", allowed=allowed, received=value) from None


def _x(day: dt.date) -> float:
    """A date as a matplotlib x coordinate (days since matplotlib's default 1970 epoch)."""
    return float((day - _EPOCH).days)


def _curve_dates(start: dt.date, end: dt.date, n: int = 200) -> list[dt.date]:
    days = max((end - start).days, 1)
    return [start + dt.timedelta(days=round(days * i / (n - 1))) for i in range(n)]


def _draw_background(ax: Axes, data: ChartData, end: dt.date) -> None:
    """Phases (past solid, expected lighter), the as-of line and the first-movement window."""
    x_span = max((end - data.onset).days, 1)
    for span in data.phases:
        colour = _PHASE_COLOURS[span.phase]
        past_end = min(span.end, data.as_of)
        if past_end > span.start:
            ax.axvspan(_x(span.start), _x(past_end), color=colour, alpha=0.7, lw=0)
        if span.end > data.as_of:  # what the model expects next, lighter
            ax.axvspan(_x(max(span.start, data.as_of)), _x(span.end), color=colour, alpha=0.3, lw=0)
        if (span.end - span.start).days >= x_span / 14:  # label only spans wide enough to read
            mid = (_x(span.start) + _x(span.end)) / 2
            ax.text(mid, 0.98, span.phase.words, transform=ax.get_xaxis_transform(),
                    ha="center", va="top", fontsize=7, color="#444444")  # fmt: skip
    if end > data.as_of:
        ax.axvline(_x(data.as_of), color="#666666", lw=0.8)
        ax.text(_x(data.as_of), 0.5, " as of", transform=ax.get_xaxis_transform(), fontsize=7,
                color="#666666", rotation=90, va="center")  # fmt: skip
    window = data.first_movement_window
    if window is not None:
        ax.axvspan(_x(window.earliest), _x(window.latest), ymin=0, ymax=0.06, color="#e69138", lw=0)
        ax.text(
            _x(window.earliest),
            0.07,
            "first movement expected",
            transform=ax.get_xaxis_transform(),
            fontsize=7,
            color="#b45f06",
        )


def render_chart(
    data: ChartData,
    *,
    fmt: ChartFormat | str = ChartFormat.PNG,
    width_in: float = 8.0,
    height_in: float = 4.5,
    dpi: int = 110,
) -> bytes:
    """Draw ``data`` and return the PNG or SVG bytes."""
    kind = ChartFormat(fmt)
    fig = Figure(figsize=(width_in, height_in), dpi=dpi, layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    lo, hi = data.y_range
    end = max([data.as_of, *(d for d, _ in data.points), *(p.end for p in data.phases)])
    traj = data.trajectory
    _draw_background(ax, data, end)
    if traj is not None and traj.curve is not None and data.points:
        first, last = data.points[0][0], data.points[-1][0]
        seen = _curve_dates(first, last)
        ahead = _curve_dates(last, end)
        ax.plot(
            [_x(d) for d in seen],
            [traj.curve.value_at(d) for d in seen],
            color="#1c4587",
            lw=1.8,
            label="fitted recovery curve",
        )
        ax.plot(
            [_x(d) for d in ahead],
            [traj.curve.value_at(d) for d in ahead],
            color="#1c4587",
            lw=1.2,
            ls="--",
        )
    if data.points:
        ax.plot(
            [_x(d) for d, _ in data.points],
            [v for _, v in data.points],
            "o",
            color="#000000",
            ms=4,
            label="recorded score",
        )
    if traj is not None and traj.movement_began is not None:
        ax.axvline(_x(traj.movement_began), color="#38761d", lw=1.2, ls=":")
        ax.text(
            _x(traj.movement_began),
            0.12,
            " movement began",
            transform=ax.get_xaxis_transform(),
            fontsize=7,
            color="#38761d",
        )
    if traj is not None and traj.plateau_level is not None and traj.plateau_date is not None:
        ax.axhline(traj.plateau_level, color="#1c4587", lw=0.8, ls="--", alpha=0.6)
        reached = traj.curve.value_at(traj.plateau_date) if traj.curve else traj.plateau_level
        ax.plot(
            [_x(traj.plateau_date)],
            [reached],
            "D",
            color="#1c4587",
            ms=6,
            label=(
                f"plateau about {traj.plateau_level:.0f} (95% by {format_day(traj.plateau_date)})"
            ),
        )
    ax.set_xlim(_x(data.onset), _x(end + dt.timedelta(days=max(7, (end - data.onset).days // 40))))
    ax.set_ylim((hi, lo) if data.invert_y else (lo, hi))
    ax.set_ylabel(data.y_label)
    ax.set_title(data.title)
    if data.note:
        ax.text(0.01, 0.90, data.note, transform=ax.transAxes, fontsize=7, color="#666666")
    if data.points:
        ax.legend(loc="lower right", fontsize=7, framealpha=0.9)
    ax.xaxis_date()
    fig.autofmt_xdate()
    buffer = io.BytesIO()
    metadata: dict[str, str | None] = (
        {"Date": None} if kind is ChartFormat.SVG else {"Software": "bellpath"}
    )
    with rc_context({"svg.hashsalt": "bellpath"}):  # stable ids: same case, same file
        fig.savefig(buffer, format=kind.value, metadata=metadata)
    return buffer.getvalue()


def case_chart(
    case: Case,
    scale: Scale | str | None = None,
    *,
    fmt: ChartFormat | str = ChartFormat.PNG,
) -> bytes:
    """Chart of ``case`` as PNG or SVG bytes (what the web app and the PDF embed)."""
    return render_chart(chart_data(case, scale), fmt=fmt)


def write_chart(case: Case, path: Path, scale: Scale | str | None = None) -> Path:
    """Write the chart to ``path``; the suffix (``.png`` or ``.svg``) picks the format."""
    suffix = path.suffix.lower().lstrip(".")
    allowed = [f.value for f in ChartFormat]
    if suffix not in allowed:
        raise InputError(
            "output",
            f"'output' must end in .png or .svg (got {path.name!r})",
            allowed=allowed,
            received=path.name,
        )
    content = case_chart(case, scale, fmt=suffix)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(content)
    tmp.replace(path)  # nothing half-written
    return path
