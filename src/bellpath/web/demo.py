"""A demonstration clinic: seeded on first run, then served on this computer only.

``python -m bellpath.web.demo`` (what ``make run`` calls after printing the example assessment)
opens a SQLite database in ``./bellpath-data`` (or ``--data-dir``), seeds it once with a demo
clinician, a demo patient account and six patients at different stages, prints the address and the
demo sign-in, and serves the pages and the API on 127.0.0.1.

The six patients, dated relative to the day of seeding:

=============  ==============================================================================
stage          what the record holds
=============  ==============================================================================
acute          day 1, complete palsy, eye not closing, no steroids yet
early          day 12, complete, steroids on day 1, House-Brackmann VI and a low Sunnybrook
regeneration   day 75, complete, no movement yet, a low B12 result, Sunnybrook series
recovering     day 150, movement from day 95, rising Sunnybrook series, labs, daily practice
plateau        day 420, synkinesis and crocodile tears, Sunnybrook plateau, SAQ and FaCE,
               practice log; linked to the demo patient account (the patient's own view)
red flag       day 5, forehead sparing and a gradual onset (urgent assessment first)
=============  ==============================================================================

The demo passwords are printed on purpose: this database is for trying bellpath, never for real
patients, and the server listens on the loopback address only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from bellpath import clock
from bellpath.auth.accounts import create_user
from bellpath.auth.passwords import PasswordService
from bellpath.case import (
    Analyte,
    Complication,
    EyeClosure,
    Finding,
    LabResult,
    RiskFactor,
    Severity,
    Side,
    Specimen,
)
from bellpath.records.db import transaction
from bellpath.records.entries import add_complication, add_finding, add_practice
from bellpath.records.inputs import EpisodeFields
from bellpath.records.models import Role, User
from bellpath.records.overview import account_with_email
from bellpath.records.patients import create_patient
from bellpath.records.practice_sessions import add_practice_session

__all__ = [
    "DEMO_CLINICIAN",
    "DEMO_PATIENT",
    "DemoAccount",
    "demo_sign_in",
    "main",
    "seed_demo",
]


@dataclass(frozen=True, slots=True)
class DemoAccount:
    """A demo sign-in (printed on start; demo data only)."""

    email: str
    password: str
    name: str
    role: Role


DEMO_CLINICIAN = DemoAccount(
    "clinician@demo.bellpath.local", "try-bellpath-robin", "Dr Robin Demo", Role.CLINICIAN
)
DEMO_PATIENT = DemoAccount(
    "patient@demo.bellpath.local", "try-bellpath-eve", "Eve Plateau", Role.PATIENT
)

DEFAULT_DATA_DIR = Path("bellpath-data")
"""Where ``make run`` keeps the demo database, secret key and photos (ignored by git)."""


def demo_sign_in() -> str:
    """The one-line demo sign-in shown on the sign-in page and printed on start."""
    return (
        f"clinician {DEMO_CLINICIAN.email} / {DEMO_CLINICIAN.password}; "
        f"patient {DEMO_PATIENT.email} / {DEMO_PATIENT.password}"
    )


def _saturating(day: int, *, start: int, level: float, floor: float, tau: float) -> float:
    """A recovery-shaped score: ``floor`` until ``start``, then rising towards ``level``."""
    if day <= start:
        return floor
    return floor + (level - floor) * (1 - math.exp(-(day - start) / tau))


def _composites(
    onset: dt.date, today: dt.date, days: Sequence[int], *, start: int, level: float, tau: float
) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    for i, day in enumerate(days):
        when = onset + dt.timedelta(days=day)
        if when > today:
            break
        wobble = (-2, 1, 0, 2, -1)[i % 5]
        value = round(_saturating(day, start=start, level=level, floor=8.0, tau=tau)) + wobble
        entries.append({"date": when, "scale": "sunnybrook", "composite": max(0, min(100, value))})
    return entries


def _full_sunnybrook(when: dt.date, *, voluntary: int, synkinesis: int) -> dict[str, Any]:
    keys = ("brow_lift", "gentle_eye_closure", "open_mouth_smile", "snarl", "lip_pucker")
    return {
        "date": when,
        "scale": "sunnybrook",
        "resting": {"eye": "narrow", "cheek": "less_pronounced", "mouth": "normal"},
        "voluntary": dict.fromkeys(keys, voluntary),
        "synkinesis": {k: (synkinesis if k != "brow_lift" else 0) for k in keys},
    }


def _patients(today: dt.date) -> list[tuple[str, EpisodeFields, int]]:
    """``(name, episode, practice days)`` of the six demo patients."""

    def ago(days: int) -> dt.date:
        return today - dt.timedelta(days=days)

    early_onset, regen_onset, rec_onset, plat_onset = ago(12), ago(75), ago(150), ago(420)
    return [
        (
            "Alex Acute",
            EpisodeFields(
                onset=ago(1),
                affected_side=Side.RIGHT,
                severity=Severity.COMPLETE,
                eye_closure=EyeClosure.INCOMPLETE,
                age=34,
            ),
            0,
        ),
        (
            "Bea Early",
            EpisodeFields(
                onset=early_onset,
                affected_side=Side.LEFT,
                severity=Severity.COMPLETE,
                eye_closure=EyeClosure.INCOMPLETE,
                steroids_started=early_onset + dt.timedelta(days=1),
                age=41,
                gradings=[
                    {
                        "date": early_onset + dt.timedelta(days=2),
                        "scale": "house_brackmann",
                        "grade": 6,
                    },
                    {
                        "date": early_onset + dt.timedelta(days=10),
                        "scale": "sunnybrook",
                        "composite": 8,
                    },
                ],
            ),
            5,
        ),
        (
            "Carl Regrowth",
            EpisodeFields(
                onset=regen_onset,
                affected_side=Side.RIGHT,
                severity=Severity.COMPLETE,
                eye_closure=EyeClosure.INCOMPLETE,
                steroids_started=regen_onset + dt.timedelta(days=2),
                age=63,
                labs=[
                    LabResult(
                        analyte=Analyte.B12,
                        value=182,
                        unit="pg/mL",
                        specimen=Specimen.SERUM,
                        date=regen_onset + dt.timedelta(days=30),
                    ),
                ],
                risk_factors=[RiskFactor.AGE_OVER_60, RiskFactor.METFORMIN],
                gradings=_composites(
                    regen_onset, today, [3, 20, 40, 60, 72], start=200, level=80, tau=60
                ),
            ),
            10,
        ),
        (
            "Dana Recovering",
            EpisodeFields(
                onset=rec_onset,
                affected_side=Side.LEFT,
                severity=Severity.COMPLETE,
                first_movement=rec_onset + dt.timedelta(days=95),
                eye_closure=EyeClosure.COMPLETE,
                steroids_started=rec_onset + dt.timedelta(days=1),
                age=29,
                labs=[
                    LabResult(
                        analyte=Analyte.B12,
                        value=410,
                        unit="pg/mL",
                        specimen=Specimen.SERUM,
                        date=rec_onset + dt.timedelta(days=20),
                    ),
                    LabResult(
                        analyte=Analyte.B6,
                        value=45,
                        unit="nmol/L",
                        specimen=Specimen.PLASMA,
                        date=rec_onset + dt.timedelta(days=20),
                    ),
                ],
                gradings=[
                    *_composites(
                        rec_onset, today, [3, 30, 60, 90, 105, 120, 135], start=92, level=78, tau=45
                    ),
                    _full_sunnybrook(rec_onset + dt.timedelta(days=148), voluntary=4, synkinesis=0),
                ],
            ),
            30,
        ),
        (
            DEMO_PATIENT.name,
            EpisodeFields(
                onset=plat_onset,
                affected_side=Side.RIGHT,
                severity=Severity.COMPLETE,
                first_movement=plat_onset + dt.timedelta(days=110),
                eye_closure=EyeClosure.COMPLETE,
                steroids_started=plat_onset + dt.timedelta(days=2),
                age=52,
                gradings=[
                    *_composites(
                        plat_onset,
                        today,
                        [3, 45, 100, 130, 160, 200, 240, 280, 320, 360, 400],
                        start=105,
                        level=71,
                        tau=50,
                    ),
                    {
                        "date": plat_onset + dt.timedelta(days=300),
                        "scale": "saq",
                        "items": [4, 3, 3, 2, 3, 2, 2, 4, 2],
                    },
                    {
                        "date": plat_onset + dt.timedelta(days=400),
                        "scale": "saq",
                        "items": [3, 3, 2, 2, 3, 2, 2, 3, 2],
                    },
                    {
                        "date": plat_onset + dt.timedelta(days=400),
                        "scale": "face",
                        "items": [3, 3, 3, 3, 4, 3, 4, 4, 4, 3, 3, 4, 4, 2, 4],
                    },
                ],
            ),
            60,
        ),
        (
            "Frank Redflag",
            EpisodeFields(
                onset=ago(5),
                affected_side=Side.LEFT,
                severity=Severity.INCOMPLETE,
                eye_closure=EyeClosure.COMPLETE,
                age=58,
            ),
            0,
        ),
    ]


_NOTED: dict[str, tuple[tuple[Complication, int], ...]] = {
    DEMO_PATIENT.name: ((Complication.SYNKINESIS, 200), (Complication.CROCODILE_TEARS, 260)),
}
"""Complications noted after onset (days), per demo patient."""
_FLAGS: dict[str, tuple[Finding, ...]] = {
    "Frank Redflag": (Finding.FOREHEAD_SPARING, Finding.GRADUAL_ONSET),
}
"""Red flags noted at the first visit (today), per demo patient."""


def _note(
    session: Session, clinician: User, patient_id: int, name: str, *, onset: dt.date, today: dt.date
) -> None:
    """Date complications and red flags explicitly (so a replayed timeline shows them in time)."""
    for complication, day in _NOTED.get(name, ()):
        add_complication(
            session,
            actor=clinician,
            patient_id=patient_id,
            complication=complication,
            noted_on=min(today, onset + dt.timedelta(days=day)),
            today=today,
        )
    for finding in _FLAGS.get(name, ()):
        add_finding(
            session,
            actor=clinician,
            patient_id=patient_id,
            finding=finding,
            noted_on=today,
            today=today,
        )


_EXERCISES = ("gentle smile in the mirror", "eye closure", "lip pucker", "cheek massage")


def _mirror_sessions(today: dt.date, side: Side) -> list[dict[str, Any]]:
    """Six weeks of live mirror sessions, every other day: the smile evening out slowly and the
    eye narrowing less during it (movement separation for synkinesis, docs/practice.md)."""
    sessions = []
    for back in range(42, -1, -2):
        progress = (42 - back) / 42
        smile = {
            "movement": "smile",
            "repetitions": 10,
            "affected_mm": round(8.6 + 0.9 * progress, 1),
            "healthy_mm": 11.8,
            "ratio": round((8.6 + 0.9 * progress) / 11.8, 3),
            "eye_narrowing_pct": round(36 - 10 * progress, 1),
            "narrowing_prompts": 3 if progress < 0.5 else 1,
            "overpower_prompts": 1,
        }
        brow_ratio = round(0.8 + 0.05 * progress, 3)
        brow = {"movement": "brow_raise", "repetitions": 8, "ratio": brow_ratio}
        sessions.append(
            {
                "date": (today - dt.timedelta(days=back)).isoformat(),
                "duration_s": 540,
                "affected_side": side.value,
                "exercises": [smile, brow],
            }
        )
    return sessions


def seed_demo(
    sessions: sessionmaker[Session], passwords: PasswordService, *, today: dt.date | None = None
) -> bool:
    """Seed the demo clinic once. Returns ``False`` when the demo clinician already exists."""
    today = today or clock.today()
    with transaction(sessions) as session:
        if account_with_email(session, email=DEMO_CLINICIAN.email) is not None:
            return False
        accounts = {
            a.role: create_user(
                session,
                email=a.email,
                password=a.password,
                role=a.role,
                passwords=passwords,
                name=a.name,
            )
            for a in (DEMO_CLINICIAN, DEMO_PATIENT)
        }
        clinician = accounts[Role.CLINICIAN]
        for name, episode, practice_days in _patients(today):
            link = DEMO_PATIENT.email if name == DEMO_PATIENT.name else None
            patient = create_patient(
                session,
                actor=clinician,
                name=name,
                episode=episode,
                patient_email=link,
                today=today,
            )
            _note(session, clinician, patient.id, name, onset=episode.onset, today=today)
            for back in range(practice_days, 0, -1):
                if back % 6 == 0:
                    continue  # a missed day now and then, as in real life
                add_practice(
                    session,
                    actor=clinician,
                    patient_id=patient.id,
                    date=today - dt.timedelta(days=back),
                    minutes=10 + (back * 7) % 15,
                    exercises=list(_EXERCISES[: 2 + back % 3]),
                    today=today,
                )
            if name == DEMO_PATIENT.name and episode.affected_side is not None:
                for body in _mirror_sessions(today, episode.affected_side):
                    add_practice_session(
                        session, actor=clinician, patient_id=patient.id, data=body, today=today
                    )
    return True


def main(argv: Sequence[str] | None = None) -> int:
    """Seed (first run) and serve the demonstration clinic on 127.0.0.1."""
    import uvicorn  # noqa: PLC0415  (only when serving)

    from bellpath.settings import load_settings  # noqa: PLC0415
    from bellpath.web.app import create_app  # noqa: PLC0415

    parser = argparse.ArgumentParser(
        prog="python -m bellpath.web.demo",
        description="Serve a demonstration clinic on this computer (demo data only).",
    )
    parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    parser.add_argument(
        "--data-dir", type=Path, default=DEFAULT_DATA_DIR, help="folder for the demo database"
    )
    args = parser.parse_args(argv)
    settings = load_settings(data_dir=args.data_dir.resolve())
    app = create_app(settings)
    services = app.state.services
    seeded = seed_demo(services.sessions, services.passwords)
    app.state.demo_sign_in = demo_sign_in()
    where = "seeded a new" if seeded else "using the"
    print(f"bellpath: {where} demonstration clinic in {args.data_dir}/", flush=True)
    print(f"bellpath: open http://127.0.0.1:{args.port}/", flush=True)
    print(f"bellpath: demo sign-in: {demo_sign_in()}", flush=True)
    print("bellpath: demo data only; Ctrl+C stops", flush=True)
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="warning", access_log=False)
    return 0


if __name__ == "__main__":  # pragma: no cover - entry point
    sys.exit(main())
