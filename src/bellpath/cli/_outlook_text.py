"""Report lines for the outlook part of an assessment: scores, trajectory and prognosis."""

from __future__ import annotations

from bellpath.case import Assessment
from bellpath.grading.entries import Scale, ScoredEntry, describe_scores
from bellpath.outlook import MovementEvidence, Trajectory, TrajectoryStatus
from bellpath.recovery.photo_trajectory import PHOTO_SCORE, has_clinician_scores
from bellpath.recovery.practice_evidence import PRACTICE_SCORE
from bellpath.vocab import score_words

__all__ = ["outlook_lines"]

Line = tuple[str, str]


def _score_lines(scores: list[ScoredEntry]) -> list[Line]:
    latest: dict[Scale, ScoredEntry] = {}
    counts: dict[Scale, int] = {}
    for s in scores:
        latest[s.scale] = s
        counts[s.scale] = counts.get(s.scale, 0) + 1
    lines: list[Line] = [("bold", "Scores (latest of each scale)")]
    for scale, s in latest.items():
        n = counts[scale]
        more = f" [{n} entries]" if n > 1 else ""
        text = describe_scores(scale, s.scores)
        lines.append(("", f"- {scale.label} {s.date.isoformat()}: {text}{more}"))
    return lines


def _title(t: Trajectory) -> str:
    if t.score == PHOTO_SCORE:
        return (
            f"Trajectory on smile photos: mouth corner excursion, affected side as % of the "
            f"healthy side ({t.points} dates)"
        )
    if t.score == PRACTICE_SCORE:
        return (
            f"Trajectory in live mirror sessions: smile, affected side as % of the healthy side "
            f"({t.points} dates)"
        )
    return f"Trajectory of the {score_words(t.score)} ({t.points} scores)"


def _trajectory_lines(t: Trajectory, *, clinician_scores: bool = False) -> list[Line]:
    lines: list[Line] = [("bold", _title(t))]
    unit = "%" if t.score in {PHOTO_SCORE, PRACTICE_SCORE} else ""
    if t.movement_began is not None:
        how = (
            f"the first rise of more than {t.noise:g}, the measurement noise"
            if t.movement_evidence is MovementEvidence.RISE
            else "movement was already present at the first grading"
        )
        lines.append(("", f"  Movement began: {t.movement_began.isoformat()} ({how})"))
    else:
        lines.append(("", "  Movement began: no rise beyond the measurement noise yet"))
    if t.rate_per_month is not None:
        direction = "" if t.higher_is_better else " (lower is better on this scale)"
        per = " percentage points" if unit else ""
        lines.append(("", f"  Recent change: {t.rate_per_month:+.1f}{per} per month{direction}"))
    if t.plateau_level is not None and t.plateau_date is not None:
        lines.append(
            (
                "",
                f"  Expected plateau: about {t.plateau_level:g}{unit}, reached around "
                f"{t.plateau_date.isoformat()} (95% of the fitted rise)",
            )
        )
    if t.plateaued:
        lines.append(("", "  Levelled off: the recent weeks are flat within the measurement noise"))
    if t.status is not TrajectoryStatus.FITTED or t.reason != "curve fitted":
        label = t.status.label if t.status is TrajectoryStatus.NOT_ENOUGH_DATA else "Note"
        lines.append(("dim", f"  {label}: {t.reason}"))
    if t.score in {PHOTO_SCORE, PRACTICE_SCORE}:
        used = (
            "not used for the phase: the clinician's gradings decide it"
            if clinician_scores
            else "used for the phase, as there are no clinician gradings"
        )
        source = "From photos" if t.score == PHOTO_SCORE else "From live mirror sessions"
        lines.append(("dim", f"  {source}, {used}"))
    return lines


def outlook_lines(a: Assessment) -> list[Line]:
    """Scores, trajectory and prognosis as (style, text) lines; empty when there is nothing."""
    lines: list[Line] = []
    if a.scores:
        lines.extend(_score_lines(a.scores))
        lines.append(("", ""))
    if a.trajectory is not None:
        lines.extend(_trajectory_lines(a.trajectory))
        lines.append(("", ""))
    if a.photo_trajectory is not None:
        graded = has_clinician_scores(a.scores)
        lines.extend(_trajectory_lines(a.photo_trajectory, clinician_scores=graded))
        lines.append(("", ""))
    if a.practice_trajectory is not None:
        graded = has_clinician_scores(a.scores)
        lines.extend(_trajectory_lines(a.practice_trajectory, clinician_scores=graded))
        lines.append(("", ""))
    if a.prognosis:
        lines.append(("bold", "What happened to people in a similar situation"))
        for p in a.prognosis:
            lines.append(("", f"- {p.text}"))
            lines.append(("dim", f"   Source: {p.source}"))
        lines.append(("", ""))
    return lines
