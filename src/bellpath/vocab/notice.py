"""The one notice every interface shows: bellpath informs and supports a clinician; it never
prescribes (helper brief, rules of the domain). Every edge takes its wording from here."""

from __future__ import annotations

from typing import Final

__all__ = ["NOTICE", "NOTICE_DETAIL", "NOTICE_HEADLINE", "SEEK_CARE"]

NOTICE: Final = (
    "bellpath informs and supports your clinician; it does not diagnose and never prescribes doses."
)
"""The notice in one sentence (CLI help and output, API description, spreadsheets, video)."""

NOTICE_HEADLINE: Final = "bellpath informs; it does not prescribe."
"""The notice as a page headline."""

NOTICE_DETAIL: Final = (
    "It explains where a recovery stands and what the guidelines say, with reasons and sources, "
    "to discuss with a clinician. It does not diagnose, and it never suggests a dose."
)
"""What the headline means, under it on every page."""

SEEK_CARE: Final = "If anything changes suddenly or you notice a warning sign, seek medical care."
"""Added to the notice wherever an assessment is shown."""
