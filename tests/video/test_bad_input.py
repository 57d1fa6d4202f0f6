"""Bad input: clear errors, or warnings with the partial result kept."""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from bellpath.camera.synthetic import SyntheticFace
from bellpath.errors import InputError, VideoError
from bellpath.face.landmarks import FakeDetector
from bellpath.video.analysis import AnalysisOptions, analyse_video
from bellpath.video.decode import VideoReader, probe
from bellpath.video.outputs import write_chart, write_frames_csv
from bellpath.video.script import Move
from bellpath.video.synthetic import clip_frames, write_clip

pytestmark = pytest.mark.slow

CLIP_FPS = 15
ImageWriter = Callable[[Path, Iterable[npt.NDArray[np.uint8]]], Path]


def _codes(result: object) -> list[str]:
    return [w.code.value for w in result.warnings]  # type: ignore[attr-defined]


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(VideoError) as info:
        analyse_video(tmp_path / "nope.mp4", affected_side="left")
    assert info.value.code == "not_found"


def test_not_a_video(tmp_path: Path) -> None:
    fake = tmp_path / "notes.mp4"
    fake.write_text("this is not a video\n" * 50)
    with pytest.raises(VideoError) as info:
        analyse_video(fake, affected_side="left")
    assert info.value.code == "unreadable"
    assert "mp4, mov, webm or avi" in info.value.message


def test_mp4_cut_before_its_index_is_unreadable(smile_clip: Path, tmp_path: Path) -> None:
    # An mp4 written by a camera keeps its index at the end: cut short, nothing can be read.
    cut = tmp_path / "cut.mp4"
    cut.write_bytes(smile_clip.read_bytes()[: smile_clip.stat().st_size // 2])
    with pytest.raises(VideoError) as info:
        analyse_video(cut, affected_side="left")
    assert info.value.code in {"unreadable", "truncated"}


def test_truncated_stream_keeps_the_decoded_part(
    face: SyntheticFace, smile_moves: list[Move], tmp_path: Path
) -> None:
    whole = write_clip(
        tmp_path / "whole.mkv",
        face,
        smile_moves,
        fps=CLIP_FPS,
        duration_s=4.0,
        keyframe_interval=10,  # most bytes are in key frames: cut between them
    )
    cut = tmp_path / "cut.mkv"
    cut.write_bytes(whole.read_bytes()[: int(whole.stat().st_size * 0.6)])
    result = analyse_video(cut, affected_side="left")
    assert 0 < result.frames < 60
    assert "truncated" in _codes(result)


def test_no_face_in_any_frame(tmp_path: Path, image_writer: ImageWriter) -> None:
    grey = (np.full((240, 320, 3), 128, np.uint8) for _ in range(20))
    path = image_writer(tmp_path / "grey.mp4", grey)
    with pytest.raises(VideoError) as info:
        analyse_video(path, affected_side="left")
    assert info.value.code == "no_face"
    assert "20 frames" in info.value.message


def test_face_missing_in_most_frames_is_marked_not_dropped(
    face: SyntheticFace, smile_moves: list[Move], tmp_path: Path, image_writer: ImageWriter
) -> None:
    blank = np.full_like(face.image, 90)
    frames = [
        image if i < 20 else blank
        for i, image in enumerate(clip_frames(face, smile_moves, CLIP_FPS, 4.0))
    ]
    path = image_writer(tmp_path / "gone.mp4", frames)
    result = analyse_video(path, affected_side="left")
    assert result.frames == 60
    assert result.frames_rejected == 40
    assert result.rejected_by_reason == {"no_face": 40}
    assert "mostly_rejected" in _codes(result)
    reasons = result.table.reject_reason
    assert reasons[:20] == [None] * 20
    assert set(reasons[20:]) == {"no_face"}
    assert np.isnan(result.table.column("commissure_excursion.right")[30])
    # The per-frame CSV keeps every frame, rejected ones marked; the chart draws them.
    buffer = io.StringIO()
    assert write_frames_csv(result, buffer) == 60
    rows = list(csv.DictReader(io.StringIO(buffer.getvalue())))
    assert rows[30]["accepted"] == "False"
    assert rows[30]["reject_reason"] == "no_face"
    assert rows[30]["commissure_excursion.right"] == ""
    assert rows[10]["accepted"] == "True"
    assert float(rows[10]["commissure_excursion.right"]) > 10
    chart = write_chart(result, tmp_path / "chart.svg")
    assert "<svg" in chart.read_text()


def test_too_short_for_an_expression(face: SyntheticFace, tmp_path: Path) -> None:
    path = write_clip(tmp_path / "short.mp4", face, [], fps=CLIP_FPS, duration_s=1.0)
    result = analyse_video(path, affected_side="left")
    assert result.frames == 15
    assert result.expressions == []
    assert "too_short" in _codes(result)
    assert not result.ocular_oral.detected


def test_long_video_is_cut_with_a_warning(smile_clip: Path) -> None:
    result = analyse_video(
        smile_clip, affected_side="left", options=AnalysisOptions(max_duration_s=2.0)
    )
    assert result.frames == 30
    assert "long_video" in _codes(result)


def test_still_face_has_no_expression(face: SyntheticFace, tmp_path: Path) -> None:
    path = write_clip(tmp_path / "still.mp4", face, [], fps=CLIP_FPS, duration_s=3.0)
    result = analyse_video(path, affected_side="left")
    assert result.expressions == []
    assert "no_expression" in _codes(result)


def test_side_unknown_gives_no_ratios(smile_clip: Path) -> None:
    result = analyse_video(smile_clip, affected_side="unknown")
    assert "side_unknown" in _codes(result)
    [smile] = result.expressions
    assert smile.label == "smile"
    assert all(x.ratio is None for x in smile.excursion.values())


def test_bad_side_names_the_field(smile_clip: Path) -> None:
    with pytest.raises(InputError) as info:
        analyse_video(smile_clip, affected_side="middle")
    assert info.value.field == "affected_side"
    assert "left" in str(info.value)


def test_two_faces_of_similar_size_reject_the_frame(face: SyntheticFace, smile_clip: Path) -> None:
    detector = FakeDetector([[face.landmarks, face.landmarks]])
    with pytest.raises(VideoError) as info:
        analyse_video(smile_clip, affected_side="left", detector=detector)
    assert info.value.code == "no_face"
    assert "multiple_faces: 60" in info.value.message


def test_rotation_metadata_is_honoured(
    face: SyntheticFace, smile_moves: list[Move], tmp_path: Path
) -> None:
    path = write_clip(
        tmp_path / "portrait.mov", face, smile_moves, fps=CLIP_FPS, duration_s=4.0, rotation=90
    )
    info = probe(path)
    assert info.rotation == 90
    with VideoReader(path) as reader:
        first = next(iter(reader.frames()))
    assert first.image.shape[:2] == face.image.shape[:2]
    result = analyse_video(path, affected_side="left")
    assert [e.label for e in result.expressions] == ["smile"]
    assert result.rotation == 90


def test_user_segments_file(smile_clip: Path, smile_moves: list[Move], tmp_path: Path) -> None:
    segments = tmp_path / "segments.csv"
    segments.write_text("label,start_s,end_s\nrest,0,0.9\nEEE,0.9,3.2\n")
    result = analyse_video(smile_clip, affected_side="left", segments=segments)
    [eee] = result.expressions
    assert eee.label == "eee"
    assert eee.segment.source == "user"
    assert eee.peak_s == pytest.approx(smile_moves[0].peak_s, abs=0.35)


def test_webm_and_avi_are_read(smile_clip: Path, tmp_path: Path, face: SyntheticFace) -> None:
    for name, codec in (("clip.webm", "libvpx-vp9"), ("clip.avi", "mpeg4")):
        path = write_clip(tmp_path / name, face, [], fps=CLIP_FPS, duration_s=0.6, codec=codec)
        assert probe(path).fps == pytest.approx(CLIP_FPS)
        with VideoReader(path) as reader:
            assert sum(1 for _ in reader.frames()) == 9
    shutil.copy(smile_clip, tmp_path / "copy.MOV")
    assert probe(tmp_path / "copy.MOV").frames == 60


def test_low_frame_rate_warns(face: SyntheticFace, smile_moves: list[Move], tmp_path: Path) -> None:
    path = write_clip(tmp_path / "slow.mp4", face, smile_moves, fps=8, duration_s=4.0)
    result = analyse_video(path, affected_side="left")
    assert "low_frame_rate" in _codes(result)
    assert result.frames == 32
