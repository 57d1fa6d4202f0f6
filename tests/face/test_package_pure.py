"""The pure geometry package loads no image library and no detector (issue 18 item 6)."""

from __future__ import annotations

import subprocess
import sys

PURE = (
    "calibration",
    "expression_check",
    "expressions",
    "geometry",
    "indices",
    "landmarks",
    "measures",
    "pose",
    "quality",
    "testing",
)
EDGE_LIBRARIES = ("PIL", "cv2", "mediapipe", "bellpath.camera")


def test_importing_every_pure_module_loads_no_image_library_or_detector() -> None:
    imports = "; ".join(f"import bellpath.face.{name}" for name in PURE)
    loaded = f"sorted(m for m in {EDGE_LIBRARIES!r} if m in sys.modules)"
    probe = f"{imports}; import sys; print({loaded})"
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_the_probe_would_see_an_edge_module_if_one_were_loaded() -> None:
    probe = "import bellpath.camera.image_io; import sys; print('PIL' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "True"
