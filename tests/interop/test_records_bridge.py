"""Exports and imports of stored patients: access rules apply; a failed import changes nothing."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bellpath.auth.accounts import create_user
from bellpath.auth.passwords import PasswordService
from bellpath.case import Case, LabResult, Side
from bellpath.errors import InputError, InteropError, NotFoundError
from bellpath.interop import records_bridge
from bellpath.interop.fhir_export import export_bundle
from bellpath.interop.records_bridge import (
    clinician_cases,
    import_bundle_into_patient,
    patient_label,
    stored_case,
    user_by_email,
)
from bellpath.records.db import make_engine, make_session_factory, migrate, transaction
from bellpath.records.inputs import EpisodeFields
from bellpath.records.models import Role
from bellpath.records.patients import create_patient

TODAY = dt.date(2026, 3, 1)
ONSET = dt.date(2026, 1, 10)
PASSWORD = "correct horse battery staple"


def make_clinic(url: str) -> int:
    """Two clinicians; the first owns one patient. Returns the patient's id."""
    engine = make_engine(url)
    try:
        migrate(engine)
        passwords = PasswordService(time_cost=1, memory_kib=64)
        with transaction(make_session_factory(engine)) as session:
            owner = create_user(
                session,
                email="doc@example.org",
                password=PASSWORD,
                role=Role.CLINICIAN,
                passwords=passwords,
            )
            create_user(
                session,
                email="other@example.org",
                password=PASSWORD,
                role=Role.CLINICIAN,
                passwords=passwords,
            )
            patient = create_patient(
                session,
                actor=owner,
                name="Zoë Ångström",
                episode=EpisodeFields(
                    onset=ONSET,
                    affected_side=Side.LEFT,
                    labs=[
                        LabResult.model_validate(
                            {"analyte": "b12", "value": 240, "unit": "pg/mL", "date": "2026-02-01"}
                        )
                    ],
                ),
                today=TODAY,
            )
            return patient.id
    finally:
        engine.dispose()


@pytest.fixture
def clinic(tmp_path: Path) -> Iterator[tuple[sessionmaker[Session], int]]:
    url = f"sqlite:///{tmp_path / 'clinic.sqlite3'}"
    patient_id = make_clinic(url)
    engine = make_engine(url)
    yield make_session_factory(engine), patient_id
    engine.dispose()


def _bundle_with_new_lab(case: Case) -> dict[str, Any]:
    data = case.model_dump(mode="json")
    data["labs"].append({"analyte": "mma", "value": 0.6, "unit": "umol/L", "date": "2026-02-20"})
    data["complications"] = ["synkinesis"]
    data["onset"] = "2026-01-01"  # the record's own onset must win
    return export_bundle(Case.model_validate(data))


def test_stored_case_and_access(clinic: tuple[sessionmaker[Session], int]) -> None:
    sessions, patient_id = clinic
    with transaction(sessions) as session:
        doc = user_by_email(session, "DOC@example.org ")
        name, case = stored_case(session, actor=doc, patient_id=patient_id, as_of=TODAY)
        assert name == "Zoë Ångström"
        assert case.onset == ONSET
        assert list(clinician_cases(session, actor=doc, as_of=TODAY)) == [patient_label(patient_id)]
        other = user_by_email(session, "other@example.org")
        with pytest.raises(NotFoundError):
            stored_case(session, actor=other, patient_id=patient_id, as_of=TODAY)
        assert clinician_cases(session, actor=other, as_of=TODAY) == {}
        with pytest.raises(NotFoundError, match="bellpath user list"):
            user_by_email(session, "nobody@example.org")


def test_import_adds_labs_and_complications_once(clinic: tuple[sessionmaker[Session], int]) -> None:
    sessions, patient_id = clinic
    with transaction(sessions) as session:
        doc = user_by_email(session, "doc@example.org")
        _, case = stored_case(session, actor=doc, patient_id=patient_id, as_of=TODAY)
        bundle = _bundle_with_new_lab(case)
        added = import_bundle_into_patient(
            session, actor=doc, patient_id=patient_id, bundle=bundle, today=TODAY
        )
        assert (added.labs_added, added.complications_added) == (1, 1)
        again = import_bundle_into_patient(
            session, actor=doc, patient_id=patient_id, bundle=bundle, today=TODAY
        )
        assert (again.labs_added, again.complications_added) == (0, 0)
    with transaction(sessions) as session:
        doc = user_by_email(session, "doc@example.org")
        _, after = stored_case(session, actor=doc, patient_id=patient_id, as_of=TODAY)
    assert after.onset == ONSET
    assert [lab.analyte.value for lab in after.labs] == ["b12", "mma"]
    assert [c.value for c in after.complications] == ["synkinesis"]


def test_failed_import_changes_nothing(
    clinic: tuple[sessionmaker[Session], int], monkeypatch: pytest.MonkeyPatch
) -> None:
    sessions, patient_id = clinic
    with transaction(sessions) as session:
        doc = user_by_email(session, "doc@example.org")
        _, before = stored_case(session, actor=doc, patient_id=patient_id, as_of=TODAY)
        bundle = _bundle_with_new_lab(before)

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise InputError("complication", "refused for the test")

    # the lab is added first, then the complication is refused: the lab must not stay
    monkeypatch.setattr(records_bridge, "add_complication", refuse)
    with pytest.raises(InputError, match="refused"), transaction(sessions) as session:
        doc = user_by_email(session, "doc@example.org")
        import_bundle_into_patient(
            session, actor=doc, patient_id=patient_id, bundle=bundle, today=TODAY
        )
    with transaction(sessions) as session:
        doc = user_by_email(session, "doc@example.org")
        _, after = stored_case(session, actor=doc, patient_id=patient_id, as_of=TODAY)
    assert after == before


def test_broken_bundle_adds_nothing(clinic: tuple[sessionmaker[Session], int]) -> None:
    sessions, patient_id = clinic
    with transaction(sessions) as session:
        doc = user_by_email(session, "doc@example.org")
        _, before = stored_case(session, actor=doc, patient_id=patient_id, as_of=TODAY)
        bundle = copy.deepcopy(_bundle_with_new_lab(before))
        bundle["entry"].append({"resource": {"resourceType": "Observation", "id": "bad"}})
        with pytest.raises(InteropError, match="Observation/bad"):
            import_bundle_into_patient(
                session, actor=doc, patient_id=patient_id, bundle=bundle, today=TODAY
            )
        _, after = stored_case(session, actor=doc, patient_id=patient_id, as_of=TODAY)
    assert after == before


def test_other_clinician_cannot_import(clinic: tuple[sessionmaker[Session], int]) -> None:
    sessions, patient_id = clinic
    with transaction(sessions) as session:
        other = user_by_email(session, "other@example.org")
        bundle = export_bundle(Case.model_validate({"onset": "2026-01-10", "as_of": "2026-02-01"}))
        with pytest.raises(NotFoundError):
            import_bundle_into_patient(
                session, actor=other, patient_id=patient_id, bundle=bundle, today=TODAY
            )


def test_a_censored_result_is_stored_with_its_comparator(
    clinic: tuple[sessionmaker[Session], int],
) -> None:
    sessions, patient_id = clinic
    censored = {"analyte": "b12", "value": 150, "unit": "pg/mL", "comparator": "<"}
    bundle = export_bundle(
        Case.model_validate(
            {
                "onset": "2026-01-10",
                "as_of": "2026-02-20",
                "labs": [{**censored, "date": "2026-02-15"}],
            }
        )
    )
    with transaction(sessions) as session:
        doc = user_by_email(session, "doc@example.org")
        import_bundle_into_patient(
            session, actor=doc, patient_id=patient_id, bundle=bundle, today=TODAY
        )
    with transaction(sessions) as session:
        doc = user_by_email(session, "doc@example.org")
        _, after = stored_case(session, actor=doc, patient_id=patient_id, as_of=TODAY)
    new = after.labs[-1]
    assert (new.value, new.comparator is not None and new.comparator.value) == (150, "<")


def test_a_stored_mrn_decides_whose_bundle_it_is(tmp_path: Path) -> None:
    from bellpath.interop.import_report import ImportRefusedError  # noqa: PLC0415
    from bellpath.records.identity import PatientIdentity as StoredIdentity  # noqa: PLC0415

    url = f"sqlite:///{tmp_path / 'mrn.sqlite3'}"
    engine = make_engine(url)
    migrate(engine)
    sessions = make_session_factory(engine)
    with transaction(sessions) as session:
        doc = create_user(
            session,
            email="mrn@example.org",
            password=PASSWORD,
            role=Role.CLINICIAN,
            passwords=PasswordService(time_cost=1, memory_kib=64),
        )
        patient = create_patient(
            session,
            actor=doc,
            name="Ana Souza",
            episode=EpisodeFields(onset=ONSET),
            identity=StoredIdentity(birth_date=dt.date(1970, 4, 2), mrn="MRN-5"),
            today=TODAY,
        )
        case = Case.model_validate(
            {
                "onset": str(ONSET),
                "as_of": "2026-02-20",
                "labs": [{"analyte": "b12", "value": 150, "unit": "pg/mL", "comparator": "<"}],
            }
        )
        other = export_bundle(case, patient_name="Ana Souza", mrn="MRN-6")
        with pytest.raises(ImportRefusedError, match="no identifier MRN-5"):
            import_bundle_into_patient(
                session, actor=doc, patient_id=patient.id, bundle=other, today=TODAY
            )
        ours = export_bundle(case, patient_name="A. Souza", mrn="MRN-5")
        added = import_bundle_into_patient(
            session, actor=doc, patient_id=patient.id, bundle=ours, today=TODAY
        )
        assert added.labs_added == 1
        assert added.report.patient is not None
        assert "matched on identifier MRN-5" in added.report.patient
    engine.dispose()


def test_a_sheet_with_sessions_adds_labs_only_and_says_the_sessions_were_skipped(
    clinic: tuple[sessionmaker[Session], int],
) -> None:
    from bellpath.interop.csv_xlsx import SheetFormat, write_sheet  # noqa: PLC0415
    from bellpath.interop.records_bridge import import_sheet_into_patient  # noqa: PLC0415

    sessions, patient_id = clinic
    with transaction(sessions) as session:
        doc = user_by_email(session, "doc@example.org")
        _, case = stored_case(session, actor=doc, patient_id=patient_id, as_of=TODAY)
        session_entry = {
            "date": "2026-02-20",
            "duration_s": 300,
            "affected_side": "left",
            "exercises": [{"movement": "smile", "repetitions": 5, "ratio": 0.5}],
        }
        data = case.model_dump(mode="json") | {"practice_sessions": [session_entry]}
        sheet = write_sheet({patient_label(patient_id): Case.model_validate(data)}, SheetFormat.CSV)
        added = import_sheet_into_patient(
            session, actor=doc, patient_id=patient_id, data=sheet, fmt=SheetFormat.CSV, today=TODAY
        )
    assert any("practice_sessions" in line for line in added.skipped)
    with transaction(sessions) as session:
        doc = user_by_email(session, "doc@example.org")
        _, after = stored_case(session, actor=doc, patient_id=patient_id, as_of=TODAY)
    assert after.practice_sessions == []
