"""Clinical grading scales: one module per scale, all pure (no I/O).

- :mod:`~bellpath.grading.house_brackmann`: House-Brackmann grade I-VI, direct or from regions;
- :mod:`~bellpath.grading.sunnybrook`: Sunnybrook resting, voluntary, synkinesis and composite;
- :mod:`~bellpath.grading.eface`: eFACE static, dynamic, synkinesis, total and regions;
- :mod:`~bellpath.grading.saq`: Synkinesis Assessment Questionnaire;
- :mod:`~bellpath.grading.face_scale`: FaCE scale, six domains and total;
- :mod:`~bellpath.grading.entries`: dated entries as they appear in a case, and their scores.

Every bad item raises :class:`bellpath.errors.GradingError` naming the field, the allowed values and
what was received. Sources are in ``docs/grading.md`` and beside each table.

May import: the vocabulary and errors only.
"""

from __future__ import annotations

from bellpath.grading.eface import EfaceScores, EfaceWeights, eface
from bellpath.grading.entries import (
    GradingEntry,
    Scale,
    ScoredEntry,
    parse_entry,
    score_entries,
    score_entry,
)
from bellpath.grading.face_scale import FaceScores, face_scale
from bellpath.grading.house_brackmann import (
    HouseBrackmann,
    HouseBrackmannRegions,
    derive_grade,
    parse_grade,
)
from bellpath.grading.saq import SaqScores, saq
from bellpath.grading.sunnybrook import SunnybrookScores, sunnybrook

__all__ = [
    "EfaceScores",
    "EfaceWeights",
    "FaceScores",
    "GradingEntry",
    "HouseBrackmann",
    "HouseBrackmannRegions",
    "SaqScores",
    "Scale",
    "ScoredEntry",
    "SunnybrookScores",
    "derive_grade",
    "eface",
    "face_scale",
    "parse_entry",
    "parse_grade",
    "saq",
    "score_entries",
    "score_entry",
    "sunnybrook",
]
