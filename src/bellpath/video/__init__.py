"""Video analysis: movement over time, expression peaks and ocular-oral synkinesis.

Layout (pure signal processing in the middle, edges around it)::

    decode.py         stream frames upright with PyAV (rotation metadata), one at a time
    frame.py          one frame -> landmarks -> photo measures (px) -> quality gate (marked rows)
    series.py         the per-frame table, built as frames arrive
    smoothing.py      Savitzky-Golay jitter filter that keeps peak heights
    segments.py       rest, movements, expression labels and peak frames
    segments_file.py  a user's labelled time ranges (CSV or JSON)
    dynamic.py        rest-to-peak excursions per side, affected/healthy ratio, symmetry
    synkinesis.py     ocular-oral (and oral-ocular) synkinesis index
    scale.py          mm per px from the iris over time; px -> mm
    checks.py         video-wide warnings (frequent quality flags, a side that may be mixed up)
    options.py        AnalysisOptions and the default video detector
    analysis.py       analyse_video(): the pipeline
    result.py         VideoResult and its JSON contract
    outputs.py        JSON, per-frame CSV, chart, annotated MP4, text
    script.py         movement scripts with known timings and sizes (ground truth)
    synthetic.py      test videos: the astronaut's face moving by known millimetres

This ``__init__`` stays light (no MediaPipe, no PyAV import): import the submodules.

May import: face, the Case, the vocabulary, errors and the clock; never recovery, guidance,
records or any edge above it.
"""

from __future__ import annotations

__all__: list[str] = []
