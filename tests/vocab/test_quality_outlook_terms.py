"""The quality and outlook families: every photo error, photo warning, video warning, trajectory
status and movement evidence has words for a clinician and for the person, the codes keep their
running-text words (outputs unchanged), and the old modules hand the same enums on."""

from __future__ import annotations

import pytest

import bellpath.face.quality
import bellpath.outlook
import bellpath.video.result
from bellpath.vocab import (
    Coded,
    MovementEvidence,
    Phase,
    PhotoErrorCode,
    QualityWarning,
    TrajectoryStatus,
    VideoWarning,
    words,
)

NEW_FAMILIES: list[type[Coded]] = [
    PhotoErrorCode,
    QualityWarning,
    VideoWarning,
    TrajectoryStatus,
    MovementEvidence,
]


@pytest.mark.parametrize("kind", NEW_FAMILIES, ids=lambda k: k.__name__)
def test_every_member_has_a_label_patient_words_and_a_source(kind: type[Coded]) -> None:
    for member in kind:
        assert member.label.strip() and "_" not in member.label, member
        assert member.patient.strip() and "_" not in member.patient, member
        assert member.source.strip(), member
        assert member.term.unit is None, member  # codes, not quantities


@pytest.mark.parametrize("kind", NEW_FAMILIES, ids=lambda k: k.__name__)
def test_running_text_words_are_the_code_spelt_out(kind: type[Coded]) -> None:
    # the CSV, FHIR, PDF and page text that spelt these codes out keep the same words
    for member in kind:
        assert member.words == member.value.replace("_", " ")


@pytest.mark.parametrize("kind", [PhotoErrorCode, QualityWarning], ids=lambda k: k.__name__)
def test_every_photo_code_carries_its_advice(kind: type[PhotoErrorCode | QualityWarning]) -> None:
    for member in kind:
        assert member.advice.strip(), member


def test_old_homes_hand_on_the_vocabulary_enums() -> None:
    assert bellpath.face.quality.QualityWarning is QualityWarning
    assert bellpath.face.quality.PhotoErrorCode is PhotoErrorCode
    assert bellpath.video.result.VideoWarning is VideoWarning
    assert bellpath.outlook.TrajectoryStatus is TrajectoryStatus
    assert bellpath.outlook.MovementEvidence is MovementEvidence


def test_bare_warning_codes_find_their_words() -> None:
    # stored warnings are bare strings (case files, records): words() finds their row
    assert words("side_check") == VideoWarning.SIDE_CHECK.words
    assert words("eyes_not_closed") == QualityWarning.EYES_NOT_CLOSED.words
    assert words("not_a_code") == "not a code"


def test_every_phase_has_a_longer_explanation_for_the_person() -> None:
    for phase in Phase:
        assert phase.explain and len(phase.explain) > len(phase.patient), phase
        assert "_" not in phase.explain


def test_only_the_phases_give_a_longer_explanation() -> None:
    assert all(member.explain is None for member in VideoWarning)
