"""One exception tree for bellpath.

Every error that bellpath raises on purpose derives from :class:`BellpathError`; third-party
errors (pydantic, MediaPipe, OpenCV, PyAV, SQLAlchemy, FHIR models) are mapped into it at the edge
where they occur. The CLI and the API catch only the base class::

    BellpathError
    ├── InputError              bad input: names the field, the allowed values, what was received
    │   ├── LabUnitError        a unit that does not belong to its analyte
    │   └── GradingError        a scale item out of range or of an unknown category
    ├── PhotoError              a photo that cannot be measured (code: no_face, multiple_faces, ...)
    ├── VideoError              a video that cannot be analysed
    ├── RecordError             storage problems (not found, conflict)
    │   ├── NotFoundError
    │   ├── AccessDeniedError
    │   ├── DuplicateRecordError  the same person or MRN is already recorded (409)
    │   ├── BackupError         a damaged, partial or unreadable backup archive; a non-empty target
    │   └── PhotoKeyError       a stored photo that cannot be decrypted with the configured keys
    └── InteropError            an invalid FHIR resource or spreadsheet row

Messages say how to recover, e.g. ``'unit' for b12 must be one of pg/mL, ng/L, pmol/L (got 'mg')``.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = [
    "AccessDeniedError",
    "BackupError",
    "BellpathError",
    "DuplicateRecordError",
    "GradingError",
    "InputError",
    "InteropError",
    "LabUnitError",
    "NotFoundError",
    "PhotoError",
    "PhotoKeyError",
    "RecordError",
    "VideoError",
    "format_allowed",
]


def format_allowed(allowed: Iterable[object]) -> str:
    """Join allowed values for a message: ``a, b, c``."""
    return ", ".join(str(a) for a in allowed)


class BellpathError(Exception):
    """Base class of every error bellpath raises on purpose."""

    code: str = "error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InputError(BellpathError, ValueError):
    """Bad input. ``field`` is a dotted path such as ``labs.0.unit``."""

    code = "invalid_input"

    def __init__(
        self,
        field: str,
        message: str | None = None,
        *,
        allowed: Iterable[object] | None = None,
        received: object = None,
    ) -> None:
        self.field = field
        self.allowed = list(allowed) if allowed is not None else None
        self.received = received
        if message is None:
            parts = [f"'{field}'"]
            if self.allowed is not None:
                parts.append(f"must be one of {format_allowed(self.allowed)}")
            else:
                parts.append("is invalid")
            message = " ".join(parts) + f" (got {received!r})"
        super().__init__(message)


class LabUnitError(InputError):
    """A lab unit that does not belong to its analyte; never silently converted."""

    code = "invalid_unit"


class GradingError(InputError):
    """A grading-scale item out of range or of an unknown category."""

    code = "invalid_grading"


class PhotoError(BellpathError):
    """A photo that cannot be measured; ``code`` is machine-readable (no_face, pose, ...)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class VideoError(BellpathError):
    """A video that cannot be analysed; ``code`` is machine-readable."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class RecordError(BellpathError):
    """A storage problem."""

    code = "record_error"


class NotFoundError(RecordError):
    """A record that does not exist, or that the caller may not see (same answer, on purpose)."""

    code = "not_found"


class AccessDeniedError(RecordError):
    """The caller may not do this."""

    code = "forbidden"


class DuplicateRecordError(RecordError):
    """A record that would duplicate an existing one; ``existing_id`` names it, ``field`` says
    what matched (``mrn``, or ``name`` for the same name and birth date)."""

    code = "duplicate"

    def __init__(self, message: str, *, field: str, existing_id: int) -> None:
        super().__init__(message)
        self.field = field
        self.existing_id = existing_id


class BackupError(RecordError):
    """A backup archive that is damaged, partial or unreadable, or a restore target not empty."""

    code = "backup_error"


class PhotoKeyError(RecordError):
    """A stored photo that cannot be decrypted: the key is missing, wrong or the file damaged."""

    code = "photo_key_error"


class InteropError(BellpathError):
    """An invalid FHIR resource or spreadsheet row; the message names the resource/row and field."""

    code = "invalid_interop"
