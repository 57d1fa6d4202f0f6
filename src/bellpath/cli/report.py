"""`bellpath report`: a PDF report of a case file or of a stored patient."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bellpath import clock
from bellpath.case import Case
from bellpath.caseio import load_case, parse_case
from bellpath.cli._app import app, guard
from bellpath.cli._common import parse_date_option
from bellpath.cli._interop_io import (
    AsOfOption,
    AsUserOption,
    DatabaseOption,
    PatientOption,
    parse_as_of,
    records_session,
    require,
    write_atomic,
)
from bellpath.errors import InputError
from bellpath.reports._pdf_content import ReportImage
from bellpath.reports.pdf import Audience, render_report

__all__ = ["report_command"]


def _audience(value: str) -> Audience:
    try:
        return Audience(value.strip().lower())
    except ValueError:
        raise InputError(
            "--audience", allowed=[a.value for a in Audience], received=value
        ) from None


def _stored(
    patient: int, user: str | None, database: str | None, as_of: str | None, photo: bool
) -> tuple[Case, str, ReportImage | None]:
    from bellpath.interop.records_bridge import (  # noqa: PLC0415  (records only when asked)
        latest_photo,
        stored_case,
        user_by_email,
    )

    require(user, "--as", "with --patient (the account whose access applies)")
    when = parse_as_of(as_of) or clock.today()
    with records_session(database) as session:
        actor = user_by_email(session, str(user))
        name, case = stored_case(session, actor=actor, patient_id=patient, as_of=when)
        stored = (
            latest_photo(session, actor=actor, patient_id=patient, as_of=when) if photo else None
        )
    if stored is None:
        return case, name, None
    from bellpath.reports._pdf_photos import overlay_thumbnail  # noqa: PLC0415  (MediaPipe)

    thumbnail = overlay_thumbnail(
        stored.data,
        affected_side=case.affected_side,
        expression=stored.expression,
        name=f"{stored.expression or 'photo'} of {stored.taken_on.isoformat()}",
    )
    return case, name, thumbnail


def _beside(case: Case, folder: Path) -> list[ReportImage]:
    """The overlay of the case's latest measured photo, when its file lies beside the case file."""
    entries = [e for e in case.photo_measures if e.file_name]
    if not entries:
        return []
    latest = max(entries, key=lambda e: e.date)
    path = folder / str(latest.file_name)
    if not path.is_file():
        return []
    from bellpath.reports._pdf_photos import overlay_thumbnail  # noqa: PLC0415  (MediaPipe)

    expression = latest.expression.value if latest.expression else None
    side = latest.affected_side or case.affected_side
    return [overlay_thumbnail(path, affected_side=side, expression=expression)]


@app.command("report")
def report_command(  # noqa: PLR0917  (Typer maps each option to one parameter)
    case_file: Annotated[
        Path | None, typer.Argument(help="Case file (YAML or JSON); or use --patient.")
    ] = None,
    output: Annotated[Path, typer.Option("--output", "-o", help="The PDF to write.")] = Path(
        "report.pdf"
    ),
    audience: Annotated[
        str, typer.Option(help="clinician (full detail) or patient (plain words).")
    ] = "clinician",
    name: Annotated[str | None, typer.Option(help="The person's name, printed on it.")] = None,
    photo: Annotated[
        list[Path] | None,
        typer.Option(help="A face photo: its measurement overlay goes in the report (repeatable)."),
    ] = None,
    expression: Annotated[
        str | None, typer.Option(help="Expression of the --photo (rest, smile, ...).")
    ] = None,
    as_of: AsOfOption = None,
    generated: Annotated[
        str | None,
        typer.Option(
            "--generated",
            help="The day printed as the report's date (YYYY-MM-DD; default today), for a "
            "reproducible file.",
        ),
    ] = None,
    thumbnail: Annotated[
        bool,
        typer.Option(
            "--thumbnail/--no-thumbnail",
            help=(
                "The latest photo's measurement overlay (clinician report): a stored photo with "
                "--patient, or the photo file named in the case, when it lies beside the case file."
            ),
        ),
    ] = True,
    patient: PatientOption = None,
    as_user: AsUserOption = None,
    database: DatabaseOption = None,
) -> None:
    """Write a PDF report: red flags first, phase, actions with sources, scores, labs, photos."""
    with guard():
        chosen = _audience(audience)
        if output.suffix.lower() != ".pdf":
            msg = f"'--output' must end in .pdf (got {output.name!r})"
            raise InputError("--output", msg, allowed=[".pdf"], received=output.name)
        if (case_file is None) == (patient is None):
            msg = "give either a CASE_FILE or --patient ID (not both, not neither)"
            raise InputError("case_file", msg, received=None)
        record_id = None
        photos: list[ReportImage] = []
        if case_file is not None:
            case = load_case(case_file)
            when = parse_as_of(as_of)
            if when is not None:
                case = parse_case({**case.model_dump(mode="json"), "as_of": when.isoformat()})
            if thumbnail and chosen is Audience.CLINICIAN and not photo:
                photos = _beside(case, case_file.parent)
        else:
            wanted = thumbnail and chosen is Audience.CLINICIAN and not photo
            case, stored_name, latest = _stored(int(str(patient)), as_user, database, as_of, wanted)
            name = name or stored_name
            record_id = f"patient {patient}"
            photos = [latest] if latest is not None else []
        if photo and chosen is Audience.CLINICIAN:
            from bellpath.reports._pdf_photos import overlay_thumbnail  # noqa: PLC0415

            photos = [
                overlay_thumbnail(p, affected_side=case.affected_side, expression=expression)
                for p in photo
            ]
        pdf = render_report(
            case,
            audience=chosen,
            patient_name=name,
            patient_id=record_id,
            photos=photos,
            generated=parse_date_option(generated, "--generated") if generated else None,
        )
        write_atomic(output, pdf)
        typer.echo(f"wrote {chosen.value} report to {output} ({len(pdf) // 1024} KB)")
