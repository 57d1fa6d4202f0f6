"""Where stored photo files live, and their removal once a deleting transaction commits.

Owns the photo folder of a database session and the after-commit removal of files. May import:
the records models and :mod:`bellpath.errors` (it stands below entries, patients and photos, so
none of them has to import another to delete a file).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from bellpath.errors import RecordError
from bellpath.records.models import Episode, Photo

__all__ = ["photo_dir", "remove_files", "schedule_patient_photo_removal", "schedule_removal"]


def photo_dir(session: Session) -> Path:
    """The photo folder configured on this database session."""
    folder = session.info.get("photo_dir")
    if folder is None:
        raise RecordError("no photo folder configured for this database session")
    return Path(folder)


def remove_files(paths: list[Path]) -> None:
    """Remove these files; a missing one is not an error."""
    for path in paths:
        path.unlink(missing_ok=True)


def schedule_removal(session: Session, stored_name: str) -> None:
    """Remove the stored file once the current transaction commits (kept if it rolls back)."""
    path = photo_dir(session) / stored_name
    event.listen(session, "after_commit", lambda _s: remove_files([path]), once=True)


def schedule_patient_photo_removal(session: Session, *, patient_id: int) -> int:
    """Remove every photo file of a patient once the deleting transaction commits; how many."""
    names = session.scalars(
        select(Photo.stored_name)
        .join(Episode, Episode.id == Photo.episode_id)
        .where(Episode.patient_id == patient_id)
    ).all()
    if names:
        folder = photo_dir(session)
        paths = [folder / n for n in names]
        event.listen(session, "after_commit", lambda _s: remove_files(paths), once=True)
    return len(names)
