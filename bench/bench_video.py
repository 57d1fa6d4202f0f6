"""Video analysis speed on one CPU core, and memory that stays flat with video length.

Test videos are made here (never committed): the astronaut's face (``skimage.data.astronaut``)
moving through brow raise, gentle closure, smile and pucker (:mod:`bellpath.video.synthetic`),
scaled to fill 80 % of the frame height, encoded with libx264 at 30 fps, 720p and 1080p.

Printed, on the same run and the same core:

* **baseline** ("bare decode + landmark"): decode each frame scaled to the detection width (640 px)
  and run MediaPipe face mesh in tracking mode on it, nothing else; ms per frame.
* **end to end**: :func:`bellpath.video.analyse_video` with defaults (lids, brows and mouth corners
  refined from the image) and with ``refine=False``; ms per frame, frames per second, the ratio
  to the baseline, and the real-time factor (video seconds per second of processing; target 2x for
  30 fps 720p).
* **memory**: peak RSS and peak traced Python heap of a fresh process analysing 30 s and 120 s of
  720p (the 10 s clip remuxed end to end): flat means the 120 s figure is close to the 30 s one.

The process pins itself to one CPU (``os.sched_setaffinity``) and sets single-thread environment
variables before MediaPipe loads, so every figure is per core. Times are the CPU time of this
process (``time.process_time``, all its threads on that one core), so other work on a shared
machine slows the wall clock but barely moves the figures.

Run: ``.venv/bin/python -m bench.bench_video`` (about 3-5 minutes).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

for _var in (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "TF_NUM_INTEROP_THREADS",
):
    os.environ.setdefault(_var, "1")

import av  # noqa: E402
import cv2  # noqa: E402
import numpy as np  # noqa: E402

from bellpath.camera.mediapipe_detector import MediaPipeDetector  # noqa: E402
from bellpath.camera.synthetic import astronaut_face  # noqa: E402
from bellpath.case import Side  # noqa: E402
from bellpath.video.analysis import AnalysisOptions, analyse_video  # noqa: E402
from bellpath.video.decode import VideoReader  # noqa: E402
from bellpath.video.script import script_duration  # noqa: E402
from bellpath.video.synthetic import clip_frames, expression_clip  # noqa: E402

FPS = 30
SIZES = {"720p": (1280, 720), "1080p": (1920, 1080)}


def _pin_one_core() -> int:
    cpus = sorted(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpus[0]})
    return cpus[0]


def make_clip(path: Path, size: tuple[int, int]) -> float:
    """Encode the standard expression clip at ``size``; return its duration (s)."""

    face = astronaut_face(3.0)
    truth = expression_clip(face, affected_side=Side.LEFT, synkinesis_mm=5.0)
    duration = script_duration(truth.moves)
    width, height = size
    side = int(0.8 * height) // 2 * 2
    x0, y0 = (width - side) // 2, (height - side) // 2
    canvas = np.full((height, width, 3), 96, np.uint8)
    with av.open(str(path), "w") as container:
        stream: Any = container.add_stream("libx264", rate=FPS)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        stream.options = {"crf": "20", "preset": "veryfast"}
        for image in clip_frames(face, truth.moves, FPS, duration):
            canvas[y0 : y0 + side, x0 : x0 + side] = cv2.resize(
                image, (side, side), interpolation=cv2.INTER_LINEAR
            )
            for packet in stream.encode(av.VideoFrame.from_ndarray(canvas, format="rgb24")):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return duration


def loop_clip(source: Path, target: Path, seconds: float) -> None:
    """Remux ``source`` end to end until ``seconds`` are reached (no re-encoding)."""

    with av.open(str(source)) as probe:
        stream = probe.streams.video[0]
        clip_pts = int(stream.duration or 0)
        clip_s = float(clip_pts * (stream.time_base or 0))
    repeats = int(np.ceil(seconds / clip_s))
    with av.open(str(target), "w") as out:
        with av.open(str(source)) as first:
            template = first.streams.video[0]
            ostream: Any = out.add_stream_from_template(template)
        for k in range(repeats):
            with av.open(str(source)) as inp:
                for packet in inp.demux(inp.streams.video[0]):
                    if packet.dts is None:
                        continue
                    packet.pts = packet.pts + k * clip_pts if packet.pts is not None else None
                    packet.dts = packet.dts + k * clip_pts
                    packet.stream = ostream
                    out.mux(packet)


def bare_cost(path: Path) -> float:
    """Baseline: decode (scaled to 640 px) + MediaPipe tracking, ms per frame."""

    with MediaPipeDetector(static_image_mode=False, max_faces=2) as det:
        start = time.process_time()
        n = 0
        with VideoReader(path, max_width=640) as reader:
            for frame in reader.frames():
                det.detect(frame.image)
                n += 1
        return (time.process_time() - start) * 1000 / n


def end_to_end(path: Path, *, refine: bool) -> tuple[float, float, int]:
    """ms per frame, real-time factor, frames, for analyse_video."""

    start = time.process_time()
    result = analyse_video(path, affected_side="left", options=AnalysisOptions(refine=refine))
    elapsed = time.process_time() - start
    return elapsed * 1000 / result.frames, result.duration_s / elapsed, result.frames


_MEMORY_PROBE = """
import json, os, resource, sys, tracemalloc
os.sched_setaffinity(0, {int(sys.argv[2])})
from bellpath.video.analysis import analyse_video
tracemalloc.start()
r = analyse_video(sys.argv[1], affected_side="left")
_, peak = tracemalloc.get_traced_memory()
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"frames": r.frames, "rss_mb": rss, "heap_mb": peak / 2**20}))
"""


def memory(path: Path, cpu: int) -> dict[str, float]:
    """Peak RSS and traced heap of a fresh process analysing ``path``."""
    out = subprocess.run(
        [sys.executable, "-c", _MEMORY_PROBE, str(path), str(cpu)],
        check=True,
        capture_output=True,
        text=True,
    )
    data: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return data


def main() -> None:
    cpu = _pin_one_core()
    print(f"video analysis on one core (cpu {cpu}), {FPS} fps, detection width 640 px")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        clips = {}
        for name, size in SIZES.items():
            clips[name] = folder / f"{name}.mp4"
            duration = make_clip(clips[name], size)
        print(f"clip: {duration:.1f} s of brow raise, closure, smile, pucker per resolution")
        header = (
            f"{'':7}{'baseline':>10}{'bellpath':>10}{'ratio':>7}{'fps':>7}{'x real time':>13}"
            f"{'  | fast':>8}{'ratio':>7}{'x real time':>13}"
        )
        print(header)
        for name, path in clips.items():
            base = bare_cost(path)
            full, rt_full, _ = end_to_end(path, refine=True)
            fast, rt_fast, _ = end_to_end(path, refine=False)
            print(
                f"{name:7}{base:8.1f}ms{full:8.1f}ms{full / base:7.2f}{1000 / full:7.0f}"
                f"{rt_full:12.2f}x  | {fast:5.1f}ms{fast / base:7.2f}{rt_fast:12.2f}x"
            )
        print("memory (fresh process, 720p): peak RSS and peak traced Python heap")
        for seconds in (30, 120):
            long_clip = folder / f"720p_{seconds}s.mp4"
            loop_clip(clips["720p"], long_clip, seconds)
            m = memory(long_clip, cpu)
            print(
                f"  {seconds:4d} s ({m['frames']:.0f} frames): RSS {m['rss_mb']:.0f} MB, "
                f"heap {m['heap_mb']:.1f} MB"
            )


if __name__ == "__main__":
    main()
