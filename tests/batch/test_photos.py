"""Batches: input order kept, bad photos as rows, worker processes give the same numbers."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from bellpath.batch.photos import BatchOptions, measure_batch
from bellpath.camera.pipeline import PhotoFailure, PhotoResult
from bellpath.camera.synthetic import astronaut_face
from bellpath.errors import BellpathError
from bellpath.face.landmarks import FakeDetector, LandmarkDetector


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    root = tmp_path_factory.mktemp("batch")
    image = np.array(astronaut_face(2.0).image, dtype=np.uint8)
    paths = []
    for i, name in enumerate(["a_rest.png", "b_smile.png", "c_bad.jpg", "d_eee.png"]):
        path = root / name
        if name.endswith(".jpg"):
            path.write_bytes(b"not a photo")
        else:
            Image.fromarray(np.roll(image, 3 * i, axis=1)).save(path)
        paths.append(path)
    return paths


def _fake() -> LandmarkDetector:
    return FakeDetector([[astronaut_face(2.0).landmarks]])


def test_in_process_batch_keeps_order_and_writes_overlays(
    folder: list[Path], tmp_path: Path
) -> None:
    options = BatchOptions(affected_side=None, overlay_dir=tmp_path / "o")
    out = list(measure_batch(folder, options, detector_factory=_fake))
    assert [r.file for r in out] == [p.name for p in folder]
    assert [type(r) for r in out] == [PhotoResult, PhotoResult, PhotoFailure, PhotoResult]
    assert sorted(p.name for p in (tmp_path / "o").iterdir()) == [
        "a_rest_overlay.jpg",
        "b_smile_overlay.jpg",
        "d_eee_overlay.jpg",
    ]


def test_jobs_out_of_range(folder: list[Path]) -> None:
    with pytest.raises(BellpathError, match="'jobs' must be between 1 and 64"):
        list(measure_batch(folder, BatchOptions(affected_side=None), jobs=0))


@pytest.mark.slow
def test_worker_processes_give_the_same_rows(folder: list[Path]) -> None:
    options = BatchOptions(affected_side=None)
    one = [r.to_json() for r in measure_batch(folder, options, jobs=1)]
    two = [r.to_json() for r in measure_batch(folder, options, jobs=2)]
    assert two == one
