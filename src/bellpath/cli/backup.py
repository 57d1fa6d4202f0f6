"""``bellpath backup``, ``restore`` and ``rotate-key``: a clinic's data kept safe."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any

import typer

from bellpath.cli._app import app, err_console, guard
from bellpath.cli._interop_io import DatabaseOption
from bellpath.errors import BackupError, InputError
from bellpath.settings import Settings, load_settings

__all__ = ["PASSPHRASE_ENV", "backup_command", "restore_command", "rotate_key_command"]

PASSPHRASE_ENV = "BELLPATH_BACKUP_PASSPHRASE"  # noqa: S105  (a variable name, not a secret)
"""Environment variable holding the archive passphrase (or use ``--passphrase-file``)."""

DataDirOption = Annotated[
    Path | None,
    typer.Option("--data-dir", help="Data folder: photos, default database (BELLPATH_DATA_DIR)."),
]
PassphraseOption = Annotated[
    Path | None,
    typer.Option(
        "--passphrase-file",
        help=f"File whose first line is the archive passphrase (or set {PASSPHRASE_ENV}).",
    ),
]


def _settings(database: str | None, data_dir: Path | None) -> Settings:
    overrides: dict[str, Any] = {}
    if database:
        overrides["database_url"] = database
    if data_dir is not None:
        overrides["data_dir"] = data_dir
    return load_settings(**overrides)


def _passphrase(path: Path | None) -> str | None:
    if path is None:
        return os.environ.get(PASSPHRASE_ENV) or None
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(
            "--passphrase-file", f"cannot read {path} ({exc.strerror or exc})", received=str(path)
        ) from None
    if not lines or not lines[0].strip():
        raise InputError("--passphrase-file", f"{path} is empty", received=str(path))
    return lines[0].strip()


def _prune(folder: Path, keep: int, encrypted: bool) -> list[Path]:
    pattern = "bellpath-backup-*.tar" + (".enc" if encrypted else "")
    archives = sorted(folder.glob(pattern))  # the names sort by date
    old = archives[:-keep] if keep else []
    for path in old:
        path.unlink()
    return old


@app.command("backup")
def backup_command(  # noqa: PLR0917  (Typer options are parameters)
    output: Annotated[
        Path,
        typer.Option("--output", "-o", help="Archive file, or a folder for a dated archive."),
    ] = Path(),
    verify: Annotated[
        Path | None,
        typer.Option("--verify", help="Only check this archive's checksums; write nothing."),
    ] = None,
    keep: Annotated[
        int | None,
        typer.Option(
            "--keep", help="With a folder --output: keep only the newest N archives there."
        ),
    ] = None,
    passphrase_file: PassphraseOption = None,
    database: DatabaseOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Back up the records database and every photo into one archive (the server may run on)."""
    from bellpath.backup import make_backup, verify_backup  # noqa: PLC0415  (keeps CLI start fast)

    with guard():
        passphrase = _passphrase(passphrase_file)
        if verify is not None:
            manifest = verify_backup(verify, passphrase=passphrase)
            typer.echo(
                f"ok: {verify} is complete and every checksum matches "
                f"({sum(manifest.rows.values())} rows, {manifest.photo_count} photos, "
                f"made {manifest.created_at} by bellpath {manifest.bellpath_version})"
            )
            return
        if keep is not None and (keep < 1 or not output.is_dir()):
            raise InputError(
                "--keep", "'--keep' must be 1 or more, with a folder as --output", received=keep
            )
        settings = _settings(database, data_dir)
        path, manifest = make_backup(
            database_url=settings.resolved_database_url,
            photo_dir=settings.photo_dir,
            work_dir=settings.data_dir,
            output=output,
            passphrase=passphrase,
        )
        typer.echo(
            f"backup written: {path} ({sum(manifest.rows.values())} rows, "
            f"{manifest.photo_count} photos{', encrypted' if passphrase else ''})"
        )
        if keep is not None:
            for old in _prune(output, keep, bool(passphrase)):
                typer.echo(f"removed old backup {old}")


@app.command("restore")
def restore_command(
    archive: Annotated[Path, typer.Argument(help="Archive written by bellpath backup.")],
    passphrase_file: PassphraseOption = None,
    database: DatabaseOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Restore an archive into an empty data folder and database; a bad archive changes nothing."""
    from bellpath.backup import restore_backup  # noqa: PLC0415

    with guard():
        settings = _settings(database, data_dir)
        manifest = restore_backup(
            archive=archive,
            database_url=settings.resolved_database_url,
            data_dir=settings.data_dir,
            photo_dir=settings.photo_dir,
            passphrase=_passphrase(passphrase_file),
        )
        typer.echo(
            f"restored {archive}: {sum(manifest.rows.values())} rows, {manifest.photo_count} "
            f"photos (backup of {manifest.created_at})"
        )
        _warn_missing_keys(settings, manifest.photo_key_ids)


def _warn_missing_keys(settings: Settings, needed: list[str]) -> None:
    if not settings.photo_key and not settings.resolved_photo_key_file.exists():
        held: list[str] = []
    else:
        from bellpath.settings import photo_cipher  # noqa: PLC0415

        held = photo_cipher(settings).key_ids
    missing = [k for k in needed if k != "plain" and k not in held]
    if missing:
        err_console.print(
            f"warning: the photos need photo key(s) {', '.join(missing)}, which are not in "
            f"{settings.resolved_photo_key_file}; put the key file kept with this backup there "
            "(or set BELLPATH_PHOTO_KEY_FILE) before starting the server",
            markup=False,
        )


@app.command("rotate-key")
def rotate_key_command(data_dir: DataDirOption = None) -> None:
    """Encrypt every stored photo with a new key; the old key is kept aside for older backups."""
    from bellpath.records.photo_keys import encrypt_plain_files, rotate_key  # noqa: PLC0415
    from bellpath.settings import photo_cipher  # noqa: PLC0415

    with guard():
        settings = _settings(None, data_dir)
        if settings.photo_key:
            raise BackupError(
                "rotate-key works on a key file; BELLPATH_PHOTO_KEY is set. Put the keys in a "
                "file, set BELLPATH_PHOTO_KEY_FILE to it and unset BELLPATH_PHOTO_KEY"
            )
        key_file = settings.resolved_photo_key_file
        encrypt_plain_files(settings.photo_dir, photo_cipher(settings))
        key_id, count = rotate_key(settings.photo_dir, key_file)
        typer.echo(
            f"photos re-encrypted with new key {key_id}: {count} file(s); key file {key_file}. "
            f"The old key is in {key_file.name}.retired beside it: keep it with the backups "
            "made before now, then restart the server"
        )
