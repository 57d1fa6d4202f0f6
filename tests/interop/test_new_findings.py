"""New findings (hearing loss, trauma, speech disturbance) travel through case files and FHIR."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bellpath.case import Case, Finding
from bellpath.caseio import load_case
from bellpath.interop.fhir_export import export_bundle
from bellpath.interop.fhir_import import import_bundle, read_bundle

NEW = [Finding.HEARING_LOSS, Finding.TRAUMA, Finding.SPEECH_DISTURBANCE]


def test_a_case_file_accepts_the_new_findings(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(
        "onset: 2026-01-05\nas_of: 2026-01-07\nfindings: [hearing_loss, trauma]\n"
        "pregnant: true\nexcluded_findings:\n"
        "  - {finding: trauma, date: 2026-01-06, by: Dr Lee}\n",
        encoding="utf-8",
    )
    case = load_case(path)
    assert case.findings == [Finding.HEARING_LOSS, Finding.TRAUMA]
    assert case.pregnant is True
    assert case.excluded_findings[0].by == "Dr Lee"


@pytest.mark.parametrize("finding", NEW, ids=[f.value for f in NEW])
def test_fhir_export_and_import_keep_the_new_findings(finding: Finding) -> None:
    case = Case.model_validate(
        {"onset": "2026-01-05", "as_of": "2026-01-07", "findings": [finding.value]}
    )
    bundle = read_bundle(json.dumps(export_bundle(case)))
    assert import_bundle(bundle).case.findings == [finding]


def test_fhir_keeps_pregnancy_and_a_clinicians_exclusion() -> None:
    case = Case.model_validate(
        {
            "onset": "2026-01-05",
            "as_of": "2026-01-07",
            "findings": ["trauma"],
            "pregnant": True,
            "excluded_findings": [{"finding": "trauma", "date": "2026-01-06", "by": "Dr X"}],
        }
    )
    result = import_bundle(read_bundle(json.dumps(export_bundle(case))))
    assert result.case == case
    assert result.skipped == []
