"""`bellpath fhir export|import`: a case (or a stored patient) as a FHIR R4 Bundle, and back."""

from __future__ import annotations

import json
import mimetypes
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from bellpath import clock
from bellpath.case import Case
from bellpath.caseio import load_case
from bellpath.cli._app import EXIT_INPUT, app, err_console, guard
from bellpath.cli._common import parse_date_option
from bellpath.cli._interop_io import (
    AsUserOption,
    DatabaseOption,
    PatientOption,
    case_text,
    records_session,
    require,
    write_atomic,
)
from bellpath.errors import InputError
from bellpath.interop.fhir_export import PhotoAttachment, export_bundle
from bellpath.interop.fhir_import import PatientIdentity, import_bundle, read_bundle
from bellpath.interop.import_report import ImportRefusedError, ImportReport

__all__ = ["export_command", "fhir_app", "import_command"]

fhir_app = typer.Typer(
    help="Exchange an episode with hospital systems as a FHIR R4 Bundle (JSON).",
    no_args_is_help=True,
)
app.add_typer(fhir_app, name="fhir")


def _one_source(case_file: Path | None, patient: int | None, what: str) -> None:
    if (case_file is None) == (patient is None):
        msg = f"give either {what} or --patient ID (not both, not neither)"
        raise InputError(what, msg, received=None)


def _photo(path: Path) -> PhotoAttachment:
    kind = mimetypes.guess_type(path.name)[0]
    if kind is None or not kind.startswith("image/"):
        msg = f"'--photo' must be an image file such as .jpg or .png (got {path.name!r})"
        raise InputError("--photo", msg, received=path.name)
    try:
        data = path.read_bytes()
    except OSError as exc:
        msg = f"'--photo' {str(path)!r} cannot be read ({exc.strerror})"
        raise InputError("--photo", msg, received=str(path)) from None
    return PhotoAttachment(data=data, content_type=kind, title=path.name)


@fhir_app.command("export")
def export_command(  # noqa: PLR0917  (Typer maps each option to one parameter)
    case_file: Annotated[
        Path | None, typer.Argument(help="Case file (YAML or JSON); or use --patient.")
    ] = None,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="The bundle to write (.json).")
    ] = Path("bundle.json"),
    name: Annotated[str | None, typer.Option(help="The person's name, for the Patient.")] = None,
    photo: Annotated[
        list[Path] | None,
        typer.Option(help="Attach this photo as a Media resource (only when asked; repeatable)."),
    ] = None,
    photos: Annotated[
        bool, typer.Option("--photos", help="With --patient: attach the stored photos as Media.")
    ] = False,
    mrn: Annotated[
        str | None, typer.Option(help="The person's medical record number, for the Patient.")
    ] = None,
    birth_date: Annotated[
        str | None, typer.Option("--birth-date", help="The person's birth date (YYYY-MM-DD).")
    ] = None,
    patient: PatientOption = None,
    as_user: AsUserOption = None,
    database: DatabaseOption = None,
) -> None:
    """Export an episode: Patient, Condition (SNOMED CT 193093009, ICD-10 G51.0), Observations."""
    with guard():
        _one_source(case_file, patient, "CASE_FILE")
        attachments = [_photo(p) for p in photo or []]
        born = parse_date_option(birth_date, "--birth-date") if birth_date else None
        if case_file is not None:
            case = load_case(case_file)
            patient_id = case_file.stem
            identity = PatientIdentity(mrn=mrn, birth_date=born)
        else:
            case, stored_name, patient_id, stored, identity = _stored(
                patient, as_user, database, photos
            )
            name = name or stored_name
            attachments = [*attachments, *stored]
        bundle = export_bundle(
            case,
            patient_id=patient_id,
            patient_name=name,
            photos=attachments,
            mrn=mrn or identity.mrn,
            birth_date=born or identity.birth_date,
        )
        text = json.dumps(bundle, indent=2, ensure_ascii=False) + "\n"
        write_atomic(output, text.encode("utf-8"))
        typer.echo(f"wrote {len(bundle['entry'])} resources to {output}")


def _stored(
    patient: int | None, user: str | None, database: str | None, photos: bool
) -> tuple[Case, str, str, list[PhotoAttachment], PatientIdentity]:
    from bellpath.interop.records_bridge import (  # noqa: PLC0415  (records only when asked)
        patient_identity,
        patient_label,
        stored_case,
        stored_photos,
        user_by_email,
    )

    require(user, "--as", "with --patient (the account whose access applies)")
    pid = int(str(patient))
    today = clock.today()
    with records_session(database) as session:
        actor = user_by_email(session, str(user))
        name, case = stored_case(session, actor=actor, patient_id=pid, as_of=today)
        media = stored_photos(session, actor=actor, patient_id=pid, as_of=today) if photos else []
        identity = patient_identity(session, actor=actor, patient_id=pid)
    return case, name, patient_label(pid), media, identity


def _read(path: Path) -> dict[str, Any]:
    try:
        text = path.read_bytes()
    except OSError as exc:
        msg = f"'BUNDLE' {str(path)!r} cannot be read ({exc.strerror})"
        raise InputError("bundle", msg, received=str(path)) from None
    return read_bundle(text)


@contextmanager
def _reporting(as_json: bool) -> Iterator[None]:
    """A refused import prints its review (what was refused and why) and exits with code 2."""
    try:
        yield
    except ImportRefusedError as exc:
        if as_json:
            typer.echo(json.dumps(exc.report.to_json(), indent=2, ensure_ascii=False))
        err_console.print(f"error: {exc.message}", markup=False)
        if not as_json:
            err_console.print(exc.report.to_text(), markup=False, end="")
        raise typer.Exit(EXIT_INPUT) from None


def _show(report: ImportReport, as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
    else:
        typer.echo(report.to_text(), nl=False)


@fhir_app.command("import")
def import_command(  # noqa: PLR0917  (Typer maps each option to one parameter)
    bundle_file: Annotated[Path, typer.Argument(help="A FHIR R4 Bundle (JSON).")],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="The case file to write (.yaml, .yml or .json)."),
    ] = None,
    into: Annotated[
        Path | None,
        typer.Option(help="Add the bundle's labs and conditions to this existing case file."),
    ] = None,
    skip_unknown: Annotated[
        bool,
        typer.Option(
            "--skip-unknown-codes",
            help="Leave out lab results whose LOINC code bellpath does not read (listed).",
        ),
    ] = False,
    skip_other_patients: Annotated[
        bool,
        typer.Option(
            "--skip-other-patients",
            help="Leave out (and list) other patients' resources instead of refusing the bundle.",
        ),
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the review; write and store nothing.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the review as JSON.")] = False,
    mrn: Annotated[
        str | None, typer.Option(help="The target patient's identifier (MRN) in the bundle.")
    ] = None,
    name: Annotated[str | None, typer.Option(help="The target patient's name.")] = None,
    birth_date: Annotated[
        str | None, typer.Option("--birth-date", help="The target's birth date (YYYY-MM-DD).")
    ] = None,
    patient: PatientOption = None,
    as_user: AsUserOption = None,
    database: DatabaseOption = None,
) -> None:
    """Review a bundle, then import its labs and conditions into a case file or a stored patient.

    Only the target patient's final results are imported; see docs/reports.md for the rules.
    """
    with guard(), _reporting(as_json):
        bundle = _read(bundle_file)
        born = parse_date_option(birth_date, "--birth-date") if birth_date else None
        target = PatientIdentity(mrn=mrn, name=name, birth_date=born)
        if patient is not None:
            skips = (skip_unknown, skip_other_patients)
            _into_patient(
                bundle, patient, as_user, database, skips, dry_run=dry_run, as_json=as_json
            )
            return
        if not dry_run:
            require(output, "--output", "(the case file to write) unless --patient is given")
        base = load_case(into) if into is not None else None
        result = import_bundle(
            bundle,
            into=base,
            episode=base is None,
            skip_unknown=skip_unknown,
            target=target,
            skip_other_patients=skip_other_patients,
        )
        result.report.dry_run = dry_run
        _show(result.report, as_json)
        if not dry_run:
            target_file = Path(str(output))
            write_atomic(target_file, case_text(result.case, target_file))
            if not as_json:
                typer.echo(f"wrote case with {len(result.case.labs)} labs to {target_file}")


def _into_patient(
    bundle: dict[str, Any],
    patient: int,
    user: str | None,
    database: str | None,
    skips: tuple[bool, bool],
    *,
    dry_run: bool = False,
    as_json: bool = False,
) -> None:
    from bellpath.interop.records_bridge import (  # noqa: PLC0415  (records only when asked)
        import_bundle_into_patient,
        user_by_email,
    )

    require(user, "--as", "with --patient (the account whose access applies)")
    with records_session(database) as session:
        actor = user_by_email(session, str(user))
        added = import_bundle_into_patient(
            session,
            actor=actor,
            patient_id=patient,
            bundle=bundle,
            today=clock.today(),
            skip_unknown=skips[0],
            skip_other_patients=skips[1],
            dry_run=dry_run,
        )
    _show(added.report, as_json)
    if not as_json and not dry_run:
        typer.echo(
            f"patient {patient}: added {added.labs_added} labs and "
            f"{added.complications_added} complications"
        )
