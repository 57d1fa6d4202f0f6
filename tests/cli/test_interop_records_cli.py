"""`bellpath report|fhir|export --patient ID --as EMAIL --database URL`: stored patients."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from bellpath.auth.accounts import create_user
from bellpath.auth.passwords import PasswordService
from bellpath.case import Case, LabResult, Side
from bellpath.cli import app
from bellpath.interop.fhir_export import export_bundle
from bellpath.records.db import make_engine, make_session_factory, migrate, transaction
from bellpath.records.inputs import EpisodeFields
from bellpath.records.models import Role
from bellpath.records.patients import create_patient

runner = CliRunner()
ONSET = dt.date.today() - dt.timedelta(days=40)


@pytest.fixture
def clinic(tmp_path: Path) -> tuple[str, int]:
    """A SQLite clinic: doc@ owns one patient, other@ owns none. Returns (url, patient id)."""
    url = f"sqlite:///{tmp_path / 'clinic.sqlite3'}"
    engine = make_engine(url)
    try:
        migrate(engine)
        passwords = PasswordService(time_cost=1, memory_kib=64)
        with transaction(make_session_factory(engine)) as session:
            doc, _ = (
                create_user(
                    session,
                    email=email,
                    password="correct horse battery staple",
                    role=Role.CLINICIAN,
                    passwords=passwords,
                )
                for email in ("doc@example.org", "other@example.org")
            )
            lab = LabResult.model_validate(
                {"analyte": "b12", "value": 180, "unit": "pg/mL", "date": str(ONSET)}
            )
            patient = create_patient(
                session,
                actor=doc,
                name="Zoë Ångström",
                episode=EpisodeFields(onset=ONSET, affected_side=Side.RIGHT, labs=[lab]),
            )
            return url, patient.id
    finally:
        engine.dispose()


def test_report_of_a_stored_patient(tmp_path: Path, clinic: tuple[str, int]) -> None:
    url, pid = clinic
    out = tmp_path / "r.pdf"
    args = ["report", "--patient", str(pid), "--as", "doc@example.org", "--database", url]
    result = runner.invoke(app, [*args, "-o", str(out)])
    assert result.exit_code == 0, result.output
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "Zoë Ångström" in text
    assert f"patient {pid}" in text


def test_other_clinician_learns_nothing(tmp_path: Path, clinic: tuple[str, int]) -> None:
    url, pid = clinic
    base = ["--patient", str(pid), "--as", "other@example.org", "--database", url]
    for command in (
        ["report", *base, "-o", str(tmp_path / "r.pdf")],
        ["fhir", "export", *base, "-o", str(tmp_path / "b.json")],
        ["export", *base, "-o", str(tmp_path / "o.csv")],
    ):
        result = runner.invoke(app, command)
        assert result.exit_code == 2, result.output
        assert f"patient {pid} not found" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clinic.sqlite3"]


def test_fhir_export_and_import_into_the_record(tmp_path: Path, clinic: tuple[str, int]) -> None:
    url, pid = clinic
    who = ["--as", "doc@example.org", "--database", url]
    bundle = tmp_path / "b.json"
    result = runner.invoke(app, ["fhir", "export", "--patient", str(pid), *who, "-o", str(bundle)])
    assert result.exit_code == 0, result.output
    exported = json.loads(bundle.read_text(encoding="utf-8"))
    assert exported["entry"][0]["resource"]["name"] == [{"text": "Zoë Ångström"}]
    with_photos = runner.invoke(
        app, ["fhir", "export", "--patient", str(pid), *who, "--photos", "-o", str(bundle)]
    )
    assert with_photos.exit_code == 0, with_photos.output  # no photos stored: none attached
    hospital = export_bundle(
        Case.model_validate(
            {
                "onset": str(ONSET),
                "as_of": str(dt.date.today()),
                "labs": [{"analyte": "folate", "value": 3.1, "unit": "ng/mL"}],
                "complications": ["pain"],
            }
        )
    )
    source = tmp_path / "hospital.json"
    source.write_text(json.dumps(hospital))
    result = runner.invoke(app, ["fhir", "import", str(source), "--patient", str(pid), *who])
    assert result.exit_code == 0, result.output
    assert "added 1 labs and 1 complications" in result.output
    sheet = tmp_path / "all.csv"
    result = runner.invoke(app, ["export", "--all-patients", *who, "-o", str(sheet)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(sheet.read_text(encoding="utf-8-sig"))))
    assert {r["patient"] for r in rows} == {f"patient-{pid}"}
    assert sorted(r["group"] for r in rows if r["record"] == "lab") == ["b12", "folate"]
    assert "Zoë" not in sheet.read_text(encoding="utf-8-sig")  # exports name no one


def test_unknown_account(tmp_path: Path, clinic: tuple[str, int]) -> None:
    url, pid = clinic
    args = ["report", "--patient", str(pid), "--as", "x@example.org", "--database", url]
    result = runner.invoke(app, [*args, "-o", str(tmp_path / "r.pdf")])
    assert result.exit_code == 2
    assert "no account with e-mail" in result.output
