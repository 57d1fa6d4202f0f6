"""Assess once per change: the assessment of a record, cached by record version and as-of date.

:func:`record_assessment` returns the Case and the engine's Assessment of a patient's current
episode as of a date. The result is kept per database engine, keyed by the record's stamp
(patient id, creation time, ``record_version``; see :mod:`bellpath.records.versioning`) and the
as-of date. Any write to the record bumps its version in the same transaction, so the next read
in any worker process looks up a new key: nothing can serve an assessment of an older record.

Single flight: when several requests ask for the same key at once, one computes it and the others
wait for that one result (each waits at most once); a failure is handed to the waiters and not
kept. Only the newest version of each record is kept, and at most ``maxsize`` keys in all (least
recently used go first).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from functools import cached_property
from typing import ClassVar, Generic, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from bellpath.assess import assess
from bellpath.case import Assessment, Case
from bellpath.caseio import dump_assessment_json
from bellpath.errors import NotFoundError
from bellpath.observe import note
from bellpath.records.case_builder import build_case
from bellpath.records.db import per_database
from bellpath.records.models import Episode
from bellpath.records.versioning import RecordStamp, RecordState, record_state

__all__ = [
    "DEFAULT_CACHE_SIZE",
    "DERIVED_CACHE_SIZE",
    "AssessmentCache",
    "CacheStats",
    "RecordAssessment",
    "SingleFlightCache",
    "cache_for",
    "compute_assessment",
    "record_assessment",
]

DEFAULT_CACHE_SIZE = int(os.environ.get("BELLPATH_ASSESSMENT_CACHE_SIZE", "256"))
"""Keys kept per database engine and worker (each a Case and its Assessment)."""

K = TypeVar("K")
V = TypeVar("V")


@dataclass(frozen=True)
class RecordAssessment:
    """A record's Case and Assessment as of a date, with the validators HTTP needs."""

    stamp: RecordStamp
    case: Case
    assessment: Assessment
    changed_at: dt.datetime | None

    @cached_property
    def json(self) -> bytes:
        """The Assessment as compact JSON (the API's body), made once per cached value."""
        return dump_assessment_json(self.assessment, indent=None).encode()

    @property
    def version(self) -> str:
        """An opaque token naming this record state and as-of date (an ETag's core)."""
        patient_id, created, version = self.stamp
        raw = f"{patient_id}:{created.isoformat()}:{version}:{self.case.as_of.isoformat()}"
        return hashlib.sha256(raw.encode()).hexdigest()[:20]


@dataclass
class CacheStats:
    """Counters (per cache): served from the cache, computed, and waits on another's work."""

    hits: int = 0
    computed: int = 0
    waited: int = 0


class SingleFlightCache(Generic[K, V]):
    """A bounded LRU map whose misses are computed once, however many ask at the same time."""

    event_kind: ClassVar[str | None] = None
    """Kind of :func:`bellpath.observe.note` event sent when a value is served from the cache."""

    def __init__(self, maxsize: int = DEFAULT_CACHE_SIZE) -> None:
        self.maxsize = max(1, maxsize)
        self.stats = CacheStats()
        self._entries: OrderedDict[K, V] = OrderedDict()
        self._flights: dict[K, Future[V]] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: K, compute: Callable[[], V]) -> V:
        """The value of ``key``: cached, or another caller's result, or ``compute()``."""
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                self.stats.hits += 1
                self._note_served()
                return self._entries[key]
            flight = self._flights.get(key)
            owner = flight is None
            if flight is None:
                flight = self._flights[key] = Future()
            else:
                self.stats.waited += 1
        if not owner:
            self._note_served()  # another request's result, computed once
            return flight.result()
        try:
            value = compute()
        except BaseException as exc:
            with self._lock:
                del self._flights[key]
            flight.set_exception(exc)
            raise
        with self._lock:
            self._store(key, value)
            del self._flights[key]
            self.stats.computed += 1
        flight.set_result(value)
        return value

    def _note_served(self) -> None:
        """Report a value served without computing it (``/metrics`` counts these)."""
        if self.event_kind is not None:
            note(self.event_kind, "cache")

    def discard(self, keep: Callable[[K], bool]) -> None:
        """Drop every key for which ``keep(key)`` is false."""
        with self._lock:
            for key in [k for k in self._entries if not keep(k)]:
                del self._entries[key]

    def _store(self, key: K, value: V) -> None:
        self._entries[key] = value
        self._entries.move_to_end(key)
        while len(self._entries) > self.maxsize:
            self._entries.popitem(last=False)


CacheKey = tuple[RecordStamp, dt.date]


DERIVED_CACHE_SIZE = 256
"""Derived artefacts (chart images, rendered pages) kept per engine and worker."""


class AssessmentCache(SingleFlightCache[CacheKey, RecordAssessment]):
    """Assessments by (record stamp, as-of date); an older version of a record is dropped.

    ``derived`` keeps what is made from an assessed record (chart images, rendered pages), keyed
    by the caller with the record's stamp in the key, so it goes stale with the record.
    """

    event_kind = "assessment"

    def __init__(self, maxsize: int = DEFAULT_CACHE_SIZE) -> None:
        super().__init__(maxsize)
        self.derived: SingleFlightCache[tuple[object, ...], bytes] = SingleFlightCache(
            DERIVED_CACHE_SIZE
        )

    def _store(self, key: CacheKey, value: RecordAssessment) -> None:
        (patient_id, created, version), _ = key
        for old in [k for k in self._entries if k[0][0] == patient_id]:
            if old[0][1] != created or old[0][2] < version:
                del self._entries[old]
        super()._store(key, value)


def cache_for(session: Session) -> AssessmentCache:
    """The cache of the database ``session`` is bound to (one per engine and process)."""
    return per_database(session, AssessmentCache)


def compute_assessment(
    session: Session, episode_id: int, as_of: dt.date
) -> tuple[Case, Assessment]:
    """A fresh Case and Assessment of an episode (no cache): the reference the cache must equal."""
    case = build_case(session, episode_id, as_of)
    return case, assess(case)


def record_assessment(
    session: Session, *, patient_id: int, as_of: dt.date, state: RecordState | None = None
) -> RecordAssessment:
    """The Case and Assessment of the patient's current episode as of ``as_of``, once per change.

    Access is the caller's business (:func:`bellpath.records.patients.patient_assessment` checks
    it). The stamp is read before the record, so a write that commits in between makes the value
    newer than its key, never older. ``state``: the record's state the caller has just read in
    this session (saves reading it twice); read here when not given.

    Raises
    ------
    NotFoundError
        No such patient.
    InputError
        ``as_of`` before the onset, or stored data the engine no longer accepts (not cached).
    """
    if state is None:  # a caller that just read it (e.g. for an ETag) passes it on
        session.flush()
        state = record_state(session, patient_id)
    if state is None:
        raise NotFoundError(f"patient {patient_id} not found")

    def compute() -> RecordAssessment:
        episode_id = _current_episode_id(session, patient_id)
        case, assessment = compute_assessment(session, episode_id, as_of)
        return RecordAssessment(
            stamp=state.stamp, case=case, assessment=assessment, changed_at=state.changed_at
        )

    return cache_for(session).get((state.stamp, as_of), compute)


def _current_episode_id(session: Session, patient_id: int) -> int:
    episode_id = session.scalar(
        select(Episode.id)
        .where(Episode.patient_id == patient_id)
        .order_by(Episode.onset.desc(), Episode.id.desc())
        .limit(1)
    )
    if episode_id is None:  # pragma: no cover - every patient is created with one
        raise NotFoundError(f"patient {patient_id} has no episode")
    return episode_id
