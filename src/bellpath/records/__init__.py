"""Stored patient records: models, migrations, repository functions and the one path to a Case.

Import the pieces from their modules (``bellpath.records.patients``, ``.entries``, ``.photos``,
``.case_builder``, ``.db``); the most used names are re-exported here.

May import: the core (assess, Case, vocabulary, face for photo measures, video for summaries),
the photo edge (``bellpath.camera``, loaded lazily for measuring an upload),
settings' helpers and the clock; never the web or the CLI.
"""

from __future__ import annotations

import bellpath.records.versioning  # noqa: F401  (installs the record-version bump)
from bellpath.records.access import EntryKind
from bellpath.records.case_builder import build_case
from bellpath.records.db import make_engine, make_session_factory, migrate, transaction
from bellpath.records.inputs import EpisodeFields, EpisodePatch
from bellpath.records.models import Base, Episode, Patient, Role, User

__all__ = [
    "Base",
    "EntryKind",
    "Episode",
    "EpisodeFields",
    "EpisodePatch",
    "Patient",
    "Role",
    "User",
    "build_case",
    "make_engine",
    "make_session_factory",
    "migrate",
    "transaction",
]
