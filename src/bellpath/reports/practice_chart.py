"""The weekly practice chart: the median ratio per movement and the days practised, per week.

Top panel: each movement's weekly median affected/healthy ratio as a percentage (100 % = both sides
move as far), one line per movement, from :func:`bellpath.recovery.practice_weeks.practice_weeks`.
Bottom panel: days practised in each week (0 to 7). Drawn like the recovery chart
(:mod:`bellpath.reports.charts`): matplotlib's object API on the Agg/SVG canvases, no pyplot
state, no network, no dates in the file's metadata, so the same weeks give the same bytes.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence

from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from bellpath.recovery.practice_weeks import PracticeWeek
from bellpath.reports.charts import ChartFormat
from bellpath.vocab import Expression
from bellpath.vocab.expressions import EXPRESSION_TERMS

__all__ = ["MAX_WEEK_LABELS", "practice_chart"]

MAX_WEEK_LABELS = 13
"""Week labels drawn on the axis at most (every k-th week, the latest always labelled)."""

_COLOURS = ("#1c4587", "#b45f06", "#38761d", "#741b47", "#134f5c", "#7f6000", "#444444", "#990000")


def practice_chart(
    weeks: Sequence[PracticeWeek],
    *,
    fmt: ChartFormat | str = ChartFormat.SVG,
    width_in: float = 8.0,
    height_in: float = 4.5,
    dpi: int = 110,
) -> bytes:
    """Draw the weekly medians and the days practised; PNG or SVG bytes."""
    kind = ChartFormat(fmt)
    fig = Figure(figsize=(width_in, height_in), dpi=dpi, layout="constrained")
    FigureCanvasAgg(fig)
    top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=(2, 1))
    x = list(range(len(weeks)))
    labels = [w.end.strftime("%d %b") for w in weeks]
    movements: list[Expression] = sorted({m for w in weeks for m in w.median_ratio})
    for i, movement in enumerate(movements):
        xs = [k for k, w in enumerate(weeks) if movement in w.median_ratio]
        ys = [100.0 * weeks[k].median_ratio[movement] for k in xs]
        top.plot(
            xs,
            ys,
            "o-",
            color=_COLOURS[i % len(_COLOURS)],
            ms=4,
            lw=1.5,
            label=EXPRESSION_TERMS[movement].label,
        )
    top.axhline(100.0, color="#666666", lw=0.8, ls="--")
    top.text(0.0, 101.0, "both sides even", fontsize=7, color="#666666")
    top.set_ylim(0, 130)
    top.set_ylabel("weaker side, % of other")
    top.set_title("Practice: weekly median movement and days practised")
    if movements:
        top.legend(loc="lower right", fontsize=7, framealpha=0.9)
    else:
        top.text(0.5, 0.5, "no movement measured yet", transform=top.transAxes, ha="center",
                 fontsize=8, color="#666666")  # fmt: skip
    bottom.bar(x, [w.days_practised for w in weeks], color="#6d9eeb", width=0.6)
    bottom.set_ylim(0, 7)
    bottom.set_yticks([0, 7])
    bottom.set_ylabel("days")
    step = max(1, math.ceil(len(weeks) / MAX_WEEK_LABELS))  # a readable axis, and a quick one
    shown = x[::-1][::step][::-1]
    bottom.set_xticks(shown, [labels[k] for k in shown], fontsize=7, rotation=45, ha="right")
    bottom.set_xlabel("week ending")
    buffer = io.BytesIO()
    metadata: dict[str, str | None] = (
        {"Date": None} if kind is ChartFormat.SVG else {"Software": "bellpath"}
    )
    with rc_context({"svg.hashsalt": "bellpath"}):  # stable ids: same weeks, same file
        fig.savefig(buffer, format=kind.value, metadata=metadata)
    return buffer.getvalue()
