"""Video summaries through the repository: access, container sniffing, only the summary kept."""

from __future__ import annotations

import datetime as dt
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bellpath.auth.accounts import create_user
from bellpath.auth.passwords import PasswordService
from bellpath.case import Complication, Side
from bellpath.errors import AccessDeniedError, InputError, NotFoundError, VideoError
from bellpath.records.access import EntryKind
from bellpath.records.audit import audit_events
from bellpath.records.case_builder import build_case
from bellpath.records.db import transaction
from bellpath.records.entries import add_complication, delete_entry, list_entries
from bellpath.records.inputs import EpisodeFields
from bellpath.records.models import AuditEvent, ComplicationEntry, Patient, Role, User, Video
from bellpath.records.patients import create_patient, current_episode, delete_patient, get_patient
from bellpath.records.videos import (
    VIDEO_TYPES,
    VideoAdded,
    add_video,
    private_temp_file,
    sniff_video,
)

TODAY = dt.date(2026, 6, 1)
ONSET = dt.date(2026, 4, 1)
MP4 = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2" + b"\x00" * 200
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200


class FakeAnalyser:
    """Counts calls; a summary shaped like ``VideoResult.to_json()``."""

    def __init__(self, *, synkinesis: bool = False, error: VideoError | None = None) -> None:
        self.synkinesis = synkinesis
        self.error = error
        self.calls: list[tuple[Path, Side | None]] = []

    def __call__(self, path: Path, side: Side | None) -> dict[str, Any]:
        self.calls.append((path, side))
        assert path.exists()
        if self.error is not None:
            raise self.error
        return {
            "file": "Ann Example smile.mp4",
            "frames": 90,
            "frames_rejected": 1,
            "duration_s": 6.0,
            "affected_side": side.value if side else None,
            "expressions": [
                {
                    "label": "smile",
                    "peak_s": 2.0,
                    "excursion": {
                        "commissure_excursion": {"right": 5.0, "left": 2.0, "ratio": 0.4}
                    },
                }
            ],
            "synkinesis": {
                "ocular_oral": {
                    "detected": self.synkinesis,
                    "side": "left" if self.synkinesis else None,
                    "index": 30.0 if self.synkinesis else 2.0,
                    "during": ["smile"],
                },
                "oral_ocular": None,
            },
            "warnings": [{"code": "low_resolution", "message": "small face"}],
        }


@pytest.fixture
def people(sessions: sessionmaker[Session], passwords: PasswordService) -> dict[str, int]:
    """Clinicians A and B, an admin, A's patient with a linked account, a stranger patient."""
    with transaction(sessions) as s:
        made = {
            key: create_user(
                s, email=f"{key}@x.org", password="long enough pw", role=role, passwords=passwords
            )
            for key, role in [
                ("a", Role.CLINICIAN),
                ("b", Role.CLINICIAN),
                ("admin", Role.ADMIN),
                ("me", Role.PATIENT),
                ("stranger", Role.PATIENT),
            ]
        }
        patient = create_patient(
            s,
            actor=made["a"],
            name="Ann Example",
            patient_email="me@x.org",
            episode=EpisodeFields(onset=ONSET, affected_side=Side.LEFT),
        )
        return {**{k: u.id for k, u in made.items()}, "patient": patient.id}


@pytest.fixture
def video_file(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "clip.mp4"
    path.write_bytes(MP4)
    yield path


def _add(
    sessions: sessionmaker[Session],
    people: dict[str, int],
    who: str,
    video: Path,
    analyser: FakeAnalyser,
    *,
    recorded_on: dt.date = TODAY,
    max_bytes: int = 10_000,
) -> VideoAdded:
    with transaction(sessions) as s:
        actor = s.get(User, people[who])
        assert actor is not None
        return add_video(
            s,
            actor=actor,
            patient_id=people["patient"],
            video=video,
            recorded_on=recorded_on,
            max_bytes=max_bytes,
            analyser=analyser,
            today=TODAY,
        )


def _count(sessions: sessionmaker[Session], model: type[Any]) -> int:
    with sessions() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def test_only_the_summary_is_stored_and_the_case_knows_it_as_of_its_date(
    sessions: sessionmaker[Session], people: dict[str, int], video_file: Path
) -> None:
    analyser = FakeAnalyser()
    added = _add(sessions, people, "a", video_file, analyser, recorded_on=TODAY)
    assert analyser.calls == [(video_file, Side.LEFT)]  # the episode's side, never guessed
    assert added.synkinesis_added is False
    with sessions() as s:
        row = s.get(Video, added.video.id)
        assert row is not None
        assert row.content_type == "video/mp4"
        assert row.size_bytes == len(MP4)
        assert "file_name" not in row.summary and "date" not in row.summary
        assert "Ann Example" not in str(row.summary)  # the upload's name is not kept
        patient = s.get(Patient, people["patient"])
        assert patient is not None
        episode = current_episode(s, patient=patient)
        case = build_case(s, episode.id, TODAY)
        earlier = build_case(s, episode.id, TODAY - dt.timedelta(days=1))
    assert [v.date for v in case.video_measures] == [TODAY]
    assert case.video_measures[0].expressions[0].excursion["commissure_excursion"]["ratio"] == 0.4
    assert case.video_measures[0].warnings == ["low_resolution"]
    assert earlier.video_measures == []


def test_linked_patient_may_add_and_remove_their_own_video(
    sessions: sessionmaker[Session], people: dict[str, int], video_file: Path
) -> None:
    added = _add(sessions, people, "me", video_file, FakeAnalyser())
    with transaction(sessions) as s:
        me = s.get(User, people["me"])
        assert me is not None
        rows = list_entries(s, actor=me, patient_id=people["patient"], kind=EntryKind.VIDEO)
        assert [r.id for r in rows] == [added.video.id]
        delete_entry(
            s, actor=me, patient_id=people["patient"], kind=EntryKind.VIDEO, entry_id=rows[0].id
        )
    assert _count(sessions, Video) == 0


@pytest.mark.parametrize("who", ["b", "admin", "stranger"])
def test_others_are_answered_as_if_the_patient_did_not_exist(
    sessions: sessionmaker[Session], people: dict[str, int], video_file: Path, who: str
) -> None:
    analyser = FakeAnalyser()
    with pytest.raises(NotFoundError):
        _add(sessions, people, who, video_file, analyser)
    assert analyser.calls == []  # refused before any analysis
    assert _count(sessions, Video) == 0


def test_synkinesis_adds_the_complication_once_and_audits_without_content(
    sessions: sessionmaker[Session], people: dict[str, int], video_file: Path
) -> None:
    first = _add(sessions, people, "a", video_file, FakeAnalyser(synkinesis=True))
    second = _add(sessions, people, "me", video_file, FakeAnalyser(synkinesis=True))
    assert (first.synkinesis_added, second.synkinesis_added) == (True, False)
    with sessions() as s:
        coded = s.scalars(select(ComplicationEntry.complication)).all()
        events = audit_events(s, patient_id=people["patient"])
        assert list(coded) == [Complication.SYNKINESIS]
        created = sorted(
            (e.entity, e.entity_id is not None) for e in events if e.action == "create"
        )
    assert ("video", True) in created and ("complication", True) in created
    assert {c.name for c in AuditEvent.__table__.columns} == {
        "id",
        "at",
        "actor_id",
        "action",
        "entity",
        "entity_id",
        "patient_id",
    }


def test_a_clinician_complication_already_recorded_is_not_repeated(
    sessions: sessionmaker[Session], people: dict[str, int], video_file: Path
) -> None:
    with transaction(sessions) as s:
        a = s.get(User, people["a"])
        assert a is not None
        add_complication(
            s,
            actor=a,
            patient_id=people["patient"],
            complication=Complication.SYNKINESIS,
            noted_on=ONSET + dt.timedelta(days=30),
            today=TODAY,
        )
    added = _add(sessions, people, "a", video_file, FakeAnalyser(synkinesis=True))
    assert added.synkinesis_added is False
    assert _count(sessions, ComplicationEntry) == 1


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (PNG, "not_a_video"),
        (b"\x00\x00\x00\x18ftypheic" + b"\x00" * 100, "not_a_video"),  # a HEIC photo
        (b"just some text, not a video at all", "not_a_video"),
        (b"", "empty"),
        (MP4 + b"\x00" * 20_000, "too_large"),
    ],
)
def test_a_refused_upload_stores_nothing_and_is_never_analysed(
    sessions: sessionmaker[Session],
    people: dict[str, int],
    tmp_path: Path,
    data: bytes,
    code: str,
) -> None:
    path = tmp_path / "upload.mp4"  # the name says video; the bytes decide
    path.write_bytes(data)
    analyser = FakeAnalyser()
    with pytest.raises(VideoError) as caught:
        _add(sessions, people, "a", path, analyser)
    assert caught.value.code == code
    assert analyser.calls == []
    assert _count(sessions, Video) == 0


def test_no_face_stores_nothing(
    sessions: sessionmaker[Session], people: dict[str, int], video_file: Path
) -> None:
    analyser = FakeAnalyser(synkinesis=True, error=VideoError("no_face", "no face"))
    with pytest.raises(VideoError, match="no face"):
        _add(sessions, people, "a", video_file, analyser)
    assert _count(sessions, Video) == 0
    assert _count(sessions, ComplicationEntry) == 0


def test_a_future_date_is_refused_by_name(
    sessions: sessionmaker[Session], people: dict[str, int], video_file: Path
) -> None:
    with pytest.raises(InputError) as caught:
        _add(sessions, people, "a", video_file, FakeAnalyser(), recorded_on=TODAY.replace(day=2))
    assert caught.value.field == "recorded_on"
    assert _count(sessions, Video) == 0


def test_a_patient_may_not_remove_the_complication_a_video_added(
    sessions: sessionmaker[Session], people: dict[str, int], video_file: Path
) -> None:
    _add(sessions, people, "me", video_file, FakeAnalyser(synkinesis=True))
    with transaction(sessions) as s:
        me = s.get(User, people["me"])
        assert me is not None
        row = s.scalars(select(ComplicationEntry)).one()
        with pytest.raises(AccessDeniedError):
            delete_entry(
                s,
                actor=me,
                patient_id=people["patient"],
                kind=EntryKind.COMPLICATION,
                entry_id=row.id,
            )
        assert get_patient(s, actor=me, patient_id=people["patient"]).id == people["patient"]


@pytest.mark.parametrize(
    ("head", "content_type"),
    [
        (b"\x00\x00\x00\x18ftypisom", "video/mp4"),
        (b"\x00\x00\x00\x18ftypmp42", "video/mp4"),
        (b"\x00\x00\x00\x14ftypqt  ", "video/quicktime"),
        (b"\x00\x00\x00\x08wide\x00\x00", "video/quicktime"),
        (b"\x00\x00\x00\x18ftyp3gp4", "video/3gpp"),
        (b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x84webm", "video/webm"),
        (b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x88matroska", "video/x-matroska"),
        (b"RIFF\x00\x10\x00\x00AVI LIST", "video/x-msvideo"),
    ],
)
def test_containers_are_known_by_their_bytes(head: bytes, content_type: str) -> None:
    assert sniff_video(head + b"\x00" * 16)[0] == content_type


@given(st.binary(max_size=80))
def test_sniffing_any_bytes_gives_a_known_type_or_a_video_error(data: bytes) -> None:
    try:
        found = sniff_video(data)
    except VideoError as exc:
        assert exc.code == "not_a_video"
    else:
        assert found in VIDEO_TYPES.values()


def test_the_temporary_file_is_private_and_removed_even_on_error(tmp_path: Path) -> None:
    folder = tmp_path / "tmp"
    kept: list[Path] = []
    with pytest.raises(RuntimeError), private_temp_file(folder) as (handle, path):
        handle.write(b"frames")
        handle.close()
        kept.append(path)
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        raise RuntimeError
    assert not kept[0].exists()
    assert list(folder.iterdir()) == []


def test_deleting_the_patient_deletes_their_video_summaries(
    sessions: sessionmaker[Session], people: dict[str, int], video_file: Path
) -> None:
    _add(sessions, people, "a", video_file, FakeAnalyser(synkinesis=True))
    with transaction(sessions) as s:
        a = s.get(User, people["a"])
        assert a is not None
        delete_patient(s, actor=a, patient_id=people["patient"])
    assert _count(sessions, Video) == 0
    assert _count(sessions, ComplicationEntry) == 0
