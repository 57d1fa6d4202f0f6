"""Runtime settings of the bellpath server: one pydantic-settings class, built by a function.

Nothing is read at import time: :func:`load_settings` reads the environment (``BELLPATH_*``) when
it is called, so tests and ``bellpath serve --database URL`` can swap the database freely.

Defaults are the *embedded* set-up: a SQLite file in the data directory and a secret key generated
on first run and kept beside it (readable by the owner only). Outside development, a placeholder
secret (``changeme``, ``secret``, anything shorter than 32 characters) is refused with an error that
says how to fix it.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from bellpath import clock
from bellpath.dates import DateStyle
from bellpath.errors import InputError

if TYPE_CHECKING:
    from bellpath.records.photo_keys import PhotoCipher

__all__ = [
    "PLACEHOLDER_SECRETS",
    "Environment",
    "Settings",
    "default_data_dir",
    "load_settings",
    "photo_cipher",
]

PLACEHOLDER_SECRETS = frozenset(
    {"changeme", "change-me", "change_me", "secret", "dev", "development", "test", "password"}
)
"""Secret keys that are refused outside development (lower-cased comparison)."""

MIN_SECRET_LENGTH = 32
SECRET_FILE_NAME = "secret_key"  # noqa: S105  (a file name, not a secret)


class Environment(StrEnum):
    """Where bellpath runs. Only ``development`` accepts placeholder secrets."""

    DEVELOPMENT = "development"
    TEST = "test"
    PRODUCTION = "production"

    @property
    def accepts_placeholder_secret(self) -> bool:
        """Whether a weak or placeholder secret key is tolerated (development only)."""
        return self is Environment.DEVELOPMENT


def default_data_dir() -> Path:
    """``$XDG_DATA_HOME/bellpath`` or ``~/.local/share/bellpath``."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "bellpath"


class Settings(BaseSettings):
    """Every knob of the server. Environment variables are ``BELLPATH_<FIELD>`` (upper case)."""

    model_config = SettingsConfigDict(env_prefix="BELLPATH_", extra="ignore", frozen=True)

    environment: Environment = Environment.PRODUCTION
    data_dir: Path = Field(default_factory=default_data_dir)
    database_url: str | None = None
    """SQLAlchemy URL. Unset: ``sqlite:///<data_dir>/bellpath.sqlite3``. PostgreSQL:
    ``postgresql+psycopg://user:pass@host/db``."""
    database_pool_size: Annotated[int, Field(ge=1, le=500)] = 20
    """Database connections each server worker keeps open for reuse (not SQLite in memory).
    Opening a PostgreSQL connection starts a server process, which costs more than most
    requests: keep it at or above the requests one worker serves at once (docs/web.md)."""
    database_max_overflow: Annotated[int, Field(ge=0, le=500)] = 10
    """Connections a worker may open beyond ``database_pool_size`` at a busy moment; they are
    closed when given back. On PostgreSQL, ``workers x (pool size + overflow)`` must stay below
    its ``max_connections`` (100 by default); ``bellpath serve`` warns when it does not."""
    secret_key: SecretStr | None = None
    """Signs session cookies, CSRF tokens and bearer tokens. Unset: generated on first run."""
    session_max_age_s: Annotated[int, Field(ge=60, le=30 * 86_400)] = 12 * 3600
    token_max_age_s: Annotated[int, Field(ge=60, le=30 * 86_400)] = 8 * 3600
    cookie_secure: bool | None = None
    """Mark cookies ``Secure``. Unset: secure whenever the request came over HTTPS."""
    session_idle_s: Annotated[int, Field(ge=60, le=30 * 86_400)] = 30 * 60
    """A browser session unused this long ends (``session_max_age_s`` ends it in any case)."""
    token_idle_s: Annotated[int, Field(ge=60, le=30 * 86_400)] = 2 * 3600
    """An API token unused this long ends (``token_max_age_s`` ends it in any case)."""
    login_max_failures: Annotated[int, Field(ge=1, le=1000)] = 5
    """Failed sign-ins allowed for one e-mail from one address before it must wait."""
    login_address_max_failures: Annotated[int, Field(ge=1, le=100_000)] = 50
    """Failed sign-ins allowed from one address (any e-mail) before that address must wait,
    except for e-mails that have signed in successfully from it (docs/security.md)."""
    login_window_s: Annotated[int, Field(ge=1, le=86_400)] = 15 * 60
    """Failures older than this are forgotten."""
    login_delay_s: Annotated[int, Field(ge=1, le=86_400)] = 30
    """The first wait once a limit is reached; it doubles with every further failure."""
    login_max_delay_s: Annotated[int, Field(ge=1, le=86_400)] = 15 * 60
    """The longest wait."""
    max_body_bytes: Annotated[int, Field(ge=1024, le=200 * 1024 * 1024)] = 4 * 1024 * 1024
    """Largest request body other than photo and video uploads (JSON, forms, FHIR bundles)."""
    max_json_depth: Annotated[int, Field(ge=4, le=256)] = 32
    """Deepest nesting of arrays and objects accepted in a JSON body."""
    max_upload_bytes: Annotated[int, Field(ge=1024, le=200 * 1024 * 1024)] = 15 * 1024 * 1024
    """Largest photo accepted, in bytes."""
    max_video_upload_bytes: Annotated[int, Field(ge=1024, le=2 * 1024 * 1024 * 1024)] = (
        200 * 1024 * 1024
    )
    """Largest video accepted, in bytes (a minute of phone video at 1080p is about 100-130 MB).
    Only the analysed summary is kept; the video itself is deleted once analysed."""
    date_style: DateStyle = DateStyle.DAY_MONTH
    """How pages and messages write a date: ``day_month`` (7 Dec 2026), ``month_day``
    (Dec 7, 2026) or ``iso`` (2026-12-07); one style on every page."""
    photo_key: SecretStr | None = None
    """Key(s) encrypting stored photos, URL-safe base64 of 32 bytes, comma-separated (the first
    encrypts). Unset: the key file below."""
    photo_key_file: Path | None = None
    """File holding the photo keys, outside the data folder. Unset: ``<data_dir>.photo-key``
    beside the data folder, created on first run."""
    metrics_enabled: bool = False
    """Serve Prometheus metrics at ``/metrics`` (counts and timings only, never health data)."""
    argon2_time_cost: Annotated[int, Field(ge=1, le=20)] = 3
    argon2_memory_kib: Annotated[int, Field(ge=8, le=4 * 1024 * 1024)] = 64 * 1024
    today: dt.date | None = None
    """A fixed "today" (``BELLPATH_TODAY=YYYY-MM-DD``: demonstrations, tests). Unset: the system
    date. Pages and API routes read it through :meth:`clock` (``app.state.today``)."""

    def clock(self) -> clock.Clock:
        """The server's one source of "today"."""
        if self.today is None:
            return clock.today
        fixed = self.today
        return lambda: fixed

    @property
    def resolved_database_url(self) -> str:
        """The database URL, the SQLite default filled in."""
        if self.database_url:
            return normalise_database_url(self.database_url)
        return f"sqlite:///{self.data_dir / 'bellpath.sqlite3'}"

    @property
    def photo_dir(self) -> Path:
        """Where uploaded photos are kept (never exposed in API responses)."""
        return self.data_dir / "photos"

    @property
    def resolved_photo_key_file(self) -> Path:
        """The photo key file (default: beside the data folder, never inside it)."""
        if self.photo_key_file is not None:
            return self.photo_key_file
        folder = self.data_dir.expanduser().absolute()
        return folder.with_name(folder.name + ".photo-key")

    def public_summary(self) -> dict[str, object]:
        """Every setting, secrets and passwords in URLs hidden: for the start-up report."""
        url = make_url_safe(self.resolved_database_url)
        summary: dict[str, object] = {}
        for name in type(self).model_fields:
            value = getattr(self, name)
            if isinstance(value, SecretStr):
                value = "<set>" if value.get_secret_value() else "<unset>"
            elif isinstance(value, Path | StrEnum):
                value = str(value)
            summary[name] = value
        summary["database_url"] = url
        summary["photo_key"] = "<set>" if self.photo_key else "<from key file>"
        summary["photo_key_file"] = str(self.resolved_photo_key_file)
        return summary

    @property
    def upload_tmp_dir(self) -> Path:
        """Private folder for uploads being analysed (videos), emptied as each one ends."""
        return self.data_dir / "tmp"

    @property
    def secret(self) -> str:
        """The secret key in clear (only for signing); see :func:`load_settings`."""
        if self.secret_key is None:  # pragma: no cover - load_settings always fills it
            raise InputError("secret_key", "the secret key was not initialised", received=None)
        return self.secret_key.get_secret_value()


def make_url_safe(url: str) -> str:
    """A database URL with any password replaced by ``***``."""
    from sqlalchemy.engine import make_url  # noqa: PLC0415  (settings stay light to import)

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # an unparsable URL is shown by its host part only
        return url.rsplit("@", maxsplit=1)[-1]


def normalise_database_url(url: str) -> str:
    """Use psycopg 3 for plain ``postgresql://`` URLs (SQLAlchemy would pick psycopg2)."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _stored_secret(data_dir: Path) -> str:
    """Read the secret kept in the data directory, creating it (mode 0600) on first run."""
    path = data_dir / SECRET_FILE_NAME
    if path.exists():
        value = path.read_text(encoding="utf-8").strip()
        if len(value) >= MIN_SECRET_LENGTH:
            return value
    data_dir.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(value + "\n")
    return value


def _check_secret(value: str, environment: Environment) -> None:
    weak = value.strip().lower() in PLACEHOLDER_SECRETS or len(value) < MIN_SECRET_LENGTH
    if weak and not environment.accepts_placeholder_secret:
        raise InputError(
            "secret_key",
            "BELLPATH_SECRET_KEY is a placeholder or shorter than "
            f"{MIN_SECRET_LENGTH} characters; set a long random value "
            "(python -c 'import secrets; print(secrets.token_urlsafe(48))') or unset it to let "
            f"bellpath generate one (environment: {environment.value})",
            received="<hidden>",
        )


def load_settings(**overrides: Any) -> Settings:
    """Build the settings from the environment, then ``overrides`` (keyword = field name).

    Fills in the secret key (generated and stored in the data directory when unset) and refuses a
    placeholder secret outside development.

    Raises
    ------
    InputError
        A placeholder secret outside development, or an invalid value.
    """
    try:
        settings = Settings(**overrides)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "settings"
        raise InputError(
            field, f"setting '{field}': {first['msg']}", received=first.get("input")
        ) from None
    if settings.secret_key is None:
        try:
            secret = _stored_secret(settings.data_dir)
        except OSError as exc:
            raise InputError(
                "data_dir",
                f"cannot keep the secret key in the data folder ({exc.strerror or exc}); choose a "
                "folder this account may write with BELLPATH_DATA_DIR or --data-dir",
                received=str(settings.data_dir),
            ) from None
        settings = settings.model_copy(update={"secret_key": SecretStr(secret)})
    _check_secret(settings.secret, settings.environment)
    return settings


def photo_cipher(settings: Settings) -> PhotoCipher:
    """The cipher of stored photos: ``photo_key`` when set, else the key file (created if new).

    Raises
    ------
    InputError
        A malformed key, an unreadable key file, or a key file inside the data folder.
    """
    from bellpath.records.photo_keys import load_cipher  # noqa: PLC0415  (cryptography on demand)

    keys = settings.photo_key.get_secret_value() if settings.photo_key else None
    return load_cipher(
        keys=keys, key_file=settings.resolved_photo_key_file, data_dir=settings.data_dir
    )
