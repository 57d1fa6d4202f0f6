"""Rendering pages: the Jinja2 environment, the common page context, friendly error pages.

Every page gets the same frame (base.html): who is signed in, the CSRF token for its forms, the
statement that bellpath informs and does not prescribe, and links that fit the viewer's role.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from bellpath.case import Finding, Phase
from bellpath.dates import format_day
from bellpath.face.expressions import Expression
from bellpath.records.models import Role, User
from bellpath.vocab.notice import NOTICE_DETAIL, NOTICE_HEADLINE
from bellpath.web.pages._labels import label
from bellpath.web.pages._voice import clinical_summary, home_milestones, progress_words
from bellpath.web.security import csrf_token
from bellpath.web.static_assets import hashed_name

__all__ = [
    "DISCLAIMER_TEXT",
    "STATIC_DIR",
    "TEMPLATE_DIR",
    "Viewer",
    "page_error",
    "render",
    "static_url",
    "templates",
]

WEB_DIR = Path(__file__).resolve().parent.parent
TEMPLATE_DIR = WEB_DIR / "templates"
STATIC_DIR = WEB_DIR / "static"

DISCLAIMER_TEXT = NOTICE_DETAIL


@dataclass(frozen=True, slots=True)
class Viewer:
    """The signed-in account as the frame shows it (a plain copy, safe after a rollback)."""

    id: int
    name: str
    email: str
    role: Role

    @classmethod
    def of(cls, user: User) -> Viewer:
        """Copy what the frame needs from a stored account."""
        return cls(id=user.id, name=user.name, email=user.email, role=user.role)


def static_url(name: str) -> str:
    """URL of a packaged static file named by its content hash (cached by browsers for a year)."""
    return f"/static/{hashed_name(STATIC_DIR, name)}"


def _phase_label(phase: Phase) -> str:
    return label(phase)


def _finding_label(finding: Finding) -> str:
    return label(finding)


def _phase_plain(phase: Phase) -> str:
    """The phase's longer explanation for the person (its vocabulary row's ``explain``)."""
    return phase.explain or phase.patient


def _expression_label(code: str | None) -> str:
    """A photo's stored expression code in words ("at rest", "open-mouth smile")."""
    if code is None:
        return "expression not given"
    try:
        return Expression(code).label
    except ValueError:
        return code


MILESTONE_STATE = {"past": "passed", "now": "next", "next": "later"}
"""A milestone's state in words, beside its coloured marker (colour is never the only signal)."""


templates = Jinja2Templates(directory=str(TEMPLATE_DIR))
templates.env.globals.update(
    static_url=static_url,
    label=label,
    phase_label=_phase_label,
    finding_label=_finding_label,
    phase_plain=_phase_plain,
    milestone_state=MILESTONE_STATE.get,
    expression_label=_expression_label,
    clinical_summary=clinical_summary,
    home_milestones=home_milestones,
    progress_words=progress_words,
    disclaimer_text=DISCLAIMER_TEXT,
    disclaimer_headline=NOTICE_HEADLINE,
)
templates.env.filters["day"] = format_day
templates.env.trim_blocks = True
templates.env.lstrip_blocks = True


def render(
    request: Request,
    name: str,
    context: dict[str, Any] | None = None,
    *,
    viewer: Viewer | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """Render ``pages/<name>`` in the common frame."""
    ctx: dict[str, Any] = {
        "user": viewer,
        "csrf_token": csrf_token(request),
        "errors": {},
        "values": {},
        "checked": {},
        "notice": request.query_params.get("saved") and _SAVED.get(request.query_params["saved"]),
    }
    ctx.update(context or {})
    return templates.TemplateResponse(request, f"pages/{name}", ctx, status_code=status_code)


_SAVED = {
    "grading": "Grading saved. The guidance below is up to date.",
    "lab": "Lab result saved. The guidance below is up to date.",
    "import": "The reviewed results are imported. The guidance below is up to date.",
    "exclusion": "Exclusion of the red flag's other cause saved. The guidance below is up to date.",
    "photo": "Photo measured and saved.",
    "video": "Video analysed; its summary is saved and the video itself deleted.",
    "clinical": "Clinical details saved. The guidance below is up to date.",
    "practice": "Practice saved. Well done for keeping at it.",
    "patient": "Patient added.",
    "questionnaire": "Thank you: your answers are saved.",
    "removed": "The entry was removed. The guidance below is up to date.",
    "corrected": "The correction is saved; the earlier value is kept in the audit trail.",
}

_TITLES = {
    400: "That did not work",
    403: "Not allowed",
    404: "Not found",
    409: "That clashes with the record",
    422: "Please check what was sent",
    429: "Too many attempts",
}


def page_error(request: Request, status: int, body: dict[str, Any]) -> Response:
    """Friendly page for an error outside the API (installed as ``page_error_renderer``).

    Not signed in: back to the sign-in page, remembering where the visitor was going.
    """
    if status == 401:
        target = request.url.path
        if request.url.query:
            target += "?" + request.url.query
        return RedirectResponse(f"/signin?next={quote(target, safe='')}", status_code=303)
    title = _TITLES.get(status, "Something went wrong")
    message = str(body.get("message") or "")
    if status == 404:
        message = "There is nothing here, or it is not yours to see."
    elif body.get("error") == "csrf":
        message = "The form has expired. Go back, reload the page and send it again."
    elif status == 429:
        message = "Too many attempts to sign in. Please wait a few minutes and try again."
    return render(
        request,
        "error.html",
        {"title": title, "message": message},
        viewer=getattr(request.state, "viewer", None),
        status_code=status,
    )
