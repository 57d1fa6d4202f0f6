"""Backups of a bellpath clinic: one archive with the database and every photo, and its restore.

:func:`make_backup` works while the server keeps serving; :func:`verify_backup` checks an archive
without writing anything; :func:`restore_backup` fills an empty data folder and database and
changes nothing when the archive is damaged or partial.

May import: records, settings' neighbours below it (errors, clock); never the web or the CLI.
"""

from __future__ import annotations

from bellpath.backup.archive import Manifest
from bellpath.backup.run import make_backup, restore_backup, verify_backup

__all__ = ["Manifest", "make_backup", "restore_backup", "verify_backup"]
