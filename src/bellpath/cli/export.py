"""`bellpath export`: gradings, labs, photo and video measures as CSV or Excel, and back.

One row per observation; the columns are documented in docs/reports.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bellpath import clock
from bellpath.case import Case
from bellpath.caseio import load_case
from bellpath.cli._app import app, guard
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
from bellpath.interop.csv_xlsx import SheetFormat, read_sheet, write_sheet

__all__ = ["export_command"]


def _format(value: str | None, output: Path) -> SheetFormat:
    if value is None:
        return SheetFormat.from_path(output)
    try:
        return SheetFormat(value.strip().lower())
    except ValueError:
        allowed = [f.value for f in SheetFormat]
        raise InputError("--format", allowed=allowed, received=value) from None


def _stored(
    patient: int | None, all_patients: bool, user: str | None, database: str | None
) -> dict[str, Case]:
    from bellpath.interop.records_bridge import (  # noqa: PLC0415  (records only when asked)
        clinician_cases,
        patient_label,
        stored_case,
        user_by_email,
    )

    require(user, "--as", "with --patient or --all-patients (the account whose access applies)")
    today = clock.today()
    with records_session(database) as session:
        actor = user_by_email(session, str(user))
        if all_patients:
            return clinician_cases(session, actor=actor, as_of=today)
        _, case = stored_case(session, actor=actor, patient_id=int(str(patient)), as_of=today)
    return {patient_label(int(str(patient))): case}


def _import(source: Path, output: Path | None, only: str | None) -> None:
    require(output, "--output", "(the case file to write) with --import")
    target = Path(str(output))
    try:
        data = source.read_bytes()
    except OSError as exc:
        msg = f"'--import' {str(source)!r} cannot be read ({exc.strerror})"
        raise InputError("--import", msg, received=str(source)) from None
    cases = read_sheet(data, SheetFormat.from_path(source))
    if only is None and len(cases) > 1:
        msg = (
            f"the file holds {len(cases)} patients ({', '.join(sorted(cases))}); "
            "choose one with --only NAME"
        )
        raise InputError("--only", msg, allowed=sorted(cases), received=None)
    key = only if only is not None else next(iter(cases))
    if key not in cases:
        raise InputError("--only", allowed=sorted(cases), received=only)
    write_atomic(target, case_text(cases[key], target))
    typer.echo(f"wrote the case of {key} to {target}")


@app.command("export")
def export_command(  # noqa: PLR0917  (Typer maps each option to one parameter)
    case_files: Annotated[
        list[Path] | None,
        typer.Argument(help="Case files (YAML or JSON); each becomes one patient in the sheet."),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option("--format", help="csv or xlsx (default: from the output's suffix)."),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="The file to write.")
    ] = None,
    import_file: Annotated[
        Path | None,
        typer.Option("--import", help="Read a CSV/XLSX export back into a case file (-o)."),
    ] = None,
    only: Annotated[
        str | None,
        typer.Option(help="With --import: the patient to read from a multi-patient file."),
    ] = None,
    patient: PatientOption = None,
    all_patients: Annotated[
        bool, typer.Option("--all-patients", help="Every patient the --as account may see.")
    ] = False,
    as_user: AsUserOption = None,
    database: DatabaseOption = None,
) -> None:
    """Export observations as CSV or XLSX (one row each), or --import such a file back."""
    with guard():
        if import_file is not None:
            _import(import_file, output, only)
            return
        require(output, "--output", "(the .csv or .xlsx file to write)")
        target = Path(str(output))
        chosen = _format(fmt, target)
        sources = sum([bool(case_files), patient is not None, all_patients])
        if sources != 1:
            msg = "give CASE_FILE..., --patient ID or --all-patients (exactly one of them)"
            raise InputError("case_files", msg, received=None)
        if case_files:
            cases = {path.stem: load_case(path) for path in case_files}
            if len(cases) != len(case_files):
                msg = "two case files have the same name; rename one so each patient is distinct"
                raise InputError("case_files", msg, received=[str(p) for p in case_files])
        else:
            cases = _stored(patient, all_patients, as_user, database)
        data = write_sheet(cases, chosen)
        write_atomic(target, data)
        typer.echo(f"wrote {len(cases)} patient(s) as {chosen.value} to {target}")
