"""The PDF words a video's and a photo's warnings from the vocabulary, never as codes."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image
from pypdf import PdfReader

from bellpath.camera import pipeline
from bellpath.camera.synthetic import astronaut_face
from bellpath.case import Case
from bellpath.caseio import load_case
from bellpath.examples import example_path
from bellpath.face.landmarks import FakeDetector
from bellpath.reports._pdf_photos import overlay_thumbnail
from bellpath.reports.pdf import render_report
from bellpath.vocab import QualityWarning, VideoWarning


def _flat_text(case: Case) -> str:
    reader = PdfReader(io.BytesIO(render_report(case)))
    return " ".join("\n".join(page.extract_text() for page in reader.pages).split())


def test_video_warnings_are_words_not_codes() -> None:
    data = load_case(example_path("long_recovery")).model_dump(mode="json")
    data["video_measures"] = [
        {
            "date": "2026-02-21",
            "duration_s": 10.0,
            "frames": 300,
            "frames_rejected": 4,
            "expressions": [],
            "warnings": ["low_frame_rate", "side_unknown"],
        }
    ]
    text = _flat_text(Case.model_validate(data))
    words = f"{VideoWarning.LOW_FRAME_RATE.words}; {VideoWarning.SIDE_UNKNOWN.words}"
    assert f"300 frames, 4 rejected; {words}." in text
    assert "low_frame_rate" not in text
    assert "side_unknown" not in text


def test_a_photo_caption_words_its_warnings(monkeypatch: pytest.MonkeyPatch) -> None:
    face = astronaut_face(2.0)
    monkeypatch.setattr(pipeline, "default_detector", lambda: FakeDetector([[face.landmarks]]))
    buffer = io.BytesIO()
    Image.fromarray(np.asarray(face.image, dtype=np.uint8)).save(buffer, format="PNG")
    image = overlay_thumbnail(buffer.getvalue(), affected_side=None, name="visit.png")
    assert image.caption.startswith("visit.png: landmarks, midline and measures (")
    assert QualityWarning.SIDE_UNKNOWN.words in image.caption  # "side unknown"
    assert "_" not in image.caption
