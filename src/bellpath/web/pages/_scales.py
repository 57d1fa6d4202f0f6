"""The five scale forms as data: which fields each has, and how a submitted form becomes items.

One generic template (grading.html) draws every scale from a :class:`ScaleForm`. Reading a form
checks each field first (so every mistake gets its own message), then lets the grading scale itself
validate the entry (:func:`bellpath.grading.entries.parse_entry`), so a form, the API and a case
file agree on what is valid.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from bellpath.errors import GradingError
from bellpath.grading.eface import EfaceItem
from bellpath.grading.entries import Scale, parse_entry
from bellpath.web.pages._forms import FormReader
from bellpath.web.pages._questionnaires import (
    EFACE_PROMPTS,
    FACE_ANSWERS,
    FACE_PROMPTS,
    HB_GRADES,
    SAQ_ANSWERS,
    SAQ_PROMPTS,
    SUNNYBROOK_EXPRESSIONS,
    SUNNYBROOK_RESTING,
    SUNNYBROOK_SYNKINESIS,
    SUNNYBROOK_VOLUNTARY,
    TWO_DIRECTION_ITEMS,
)

__all__ = ["SELF_REPORTED", "FormField", "ScaleForm", "Section", "read_scale", "scale_form"]

SELF_REPORTED = (Scale.SAQ, Scale.FACE)
"""Scales a patient answers about themselves."""


@dataclass(frozen=True, slots=True)
class FormField:
    """One input: ``kind`` is radio, select or number (number uses low, high, step)."""

    name: str
    label: str
    kind: str
    options: tuple[tuple[str, str], ...] = ()
    low: float = 0
    high: float = 0
    step: float = 1
    hint: str | None = None


@dataclass(frozen=True, slots=True)
class Section:
    """A fieldset of the form."""

    title: str
    fields: list[FormField]
    hint: str = ""


@dataclass(frozen=True, slots=True)
class ScaleForm:
    """Everything the template needs to draw one scale."""

    scale: Scale
    title: str
    intro: str
    submit: str
    sections: list[Section]
    source: str = ""
    labels: dict[str, str] = field(default_factory=dict)


def _sunnybrook() -> ScaleForm:
    resting = [
        FormField(f"resting.{part}", title, "radio", tuple(choices))
        for part, title, choices in SUNNYBROOK_RESTING
    ]
    voluntary = [
        FormField(f"voluntary.{e.value}", text, "select", SUNNYBROOK_VOLUNTARY)
        for e, text in SUNNYBROOK_EXPRESSIONS.items()
    ]
    synkinesis = [
        FormField(f"synkinesis.{e.value}", text, "select", SUNNYBROOK_SYNKINESIS)
        for e, text in SUNNYBROOK_EXPRESSIONS.items()
    ]
    return ScaleForm(
        scale=Scale.SUNNYBROOK,
        title="Sunnybrook facial grading",
        intro="Compare the affected side with the other side. Composite = voluntary - resting - "
        "synkinesis.",
        submit="Save grading",
        source=Scale.SUNNYBROOK.source,
        sections=[
            Section("Resting symmetry", resting, "Affected side compared with the normal side."),
            Section("Voluntary movement", voluntary, "Degree of excursion compared with normal."),
            Section("Synkinesis", synkinesis, "Unwanted movement with each expression."),
        ],
    )


def _house_brackmann() -> ScaleForm:
    return ScaleForm(
        scale=Scale.HOUSE_BRACKMANN,
        title="House-Brackmann grade",
        intro="The overall grade, I (normal) to VI (no movement).",
        submit="Save grade",
        source=Scale.HOUSE_BRACKMANN.source,
        sections=[Section("Grade", [FormField("grade", "Grade", "radio", HB_GRADES)])],
    )


def _eface() -> ScaleForm:
    def item(e: EfaceItem) -> FormField:
        if e in TWO_DIRECTION_ITEMS:
            hint = "0-200: 100 is balanced; below or above 100 for the two directions."
            return FormField(f"items.{e.value}", EFACE_PROMPTS[e], "number", (), 0, 200, 1, hint)
        return FormField(f"items.{e.value}", EFACE_PROMPTS[e], "number", (), 0, 100, 1)

    groups = (
        ("Static (at rest)", [e for e in EfaceItem if e.value.endswith("_rest")]),
        (
            "Dynamic (movement)",
            [e for e in EfaceItem if not e.value.endswith(("_rest", "_synkinesis"))],
        ),
        ("Synkinesis", [e for e in EfaceItem if e.value.endswith("_synkinesis")]),
    )
    return ScaleForm(
        scale=Scale.EFACE,
        title="eFACE",
        intro="Each item on 0-100 where 100 is normal (static items 0-200, 100 balanced).",
        submit="Save eFACE",
        source=Scale.EFACE.source,
        sections=[Section(title, [item(e) for e in items]) for title, items in groups],
    )


def _questionnaire(
    scale: Scale, prompts: tuple[str, ...], answers: tuple[tuple[str, str], ...]
) -> list[Section]:
    fields = [
        FormField(f"items.{i}", f"{i + 1}. {prompt}", "radio", answers)
        for i, prompt in enumerate(prompts)
    ]
    return [Section("Your answers" if scale in SELF_REPORTED else "Answers", fields)]


def _saq() -> ScaleForm:
    return ScaleForm(
        scale=Scale.SAQ,
        title="Synkinesis questions (SAQ)",
        intro="How often does each of these happen? Think of the last week. Higher scores mean "
        "more unwanted linked movement.",
        submit="Save answers",
        source=Scale.SAQ.source,
        sections=_questionnaire(Scale.SAQ, SAQ_PROMPTS, SAQ_ANSWERS),
    )


def _face() -> ScaleForm:
    return ScaleForm(
        scale=Scale.FACE,
        title="How my face feels (FaCE)",
        intro="How well can you do each of these, or how true is it for you, over the last week? "
        "5 is always the best answer. Higher scores mean better.",
        submit="Save answers",
        source=Scale.FACE.source,
        sections=_questionnaire(Scale.FACE, FACE_PROMPTS, FACE_ANSWERS),
    )


_BUILDERS = {
    Scale.SUNNYBROOK: _sunnybrook,
    Scale.HOUSE_BRACKMANN: _house_brackmann,
    Scale.EFACE: _eface,
    Scale.SAQ: _saq,
    Scale.FACE: _face,
}


def scale_form(scale: Scale) -> ScaleForm:
    """The form of ``scale``, with a label for every field (for the messages)."""
    form = _BUILDERS[scale]()
    labels = {"date": "Date"}
    for section in form.sections:
        for f in section.fields:
            labels[f.name] = f"{section.title}: {f.label}" if f.kind != "radio" else f.label
    return ScaleForm(
        scale=form.scale,
        title=form.title,
        intro=form.intro,
        submit=form.submit,
        sections=form.sections,
        source=form.source,
        labels=labels,
    )


def _set(target: dict[str, Any], dotted: str, value: Any) -> None:
    head, _, rest = dotted.partition(".")
    if not rest:
        target[head] = value
        return
    child = target.setdefault(head, {})
    _set(child, rest, value)


def read_scale(
    scale: ScaleForm, reader: FormReader, *, today: dt.date, onset: dt.date | None
) -> tuple[dt.date | None, dict[str, Any] | None]:
    """Read the date and the items of a submitted scale form.

    Returns ``(date, items)``; ``items`` is ``None`` when any field has a message in ``reader``.
    Items are shaped as the grading JSON contract without date and scale.
    """
    date = reader.date("date", required=True, not_before=onset, not_after=today)
    items: dict[str, Any] = {}
    for section in scale.sections:
        for f in section.fields:
            if f.kind == "number":
                value: Any = reader.number(f.name, f.low, f.high, required=True)
            else:
                values, words = [v for v, _ in f.options], [w for _, w in f.options]
                text = reader.one_of(f.name, values, required=True, shown=words)
                value = int(text) if text is not None and text.isdigit() else text
            if value is not None:
                _set(items, f.name, value)
    if not reader.ok or date is None:
        return date, None
    if "items" in items and scale.scale in SELF_REPORTED:
        answers = items["items"]
        items["items"] = [answers[str(i)] for i in range(len(answers))]
    try:
        parse_entry({"date": date, "scale": scale.scale.value, **items})
    except GradingError as exc:
        reader.add_input_error(exc, prefix=f"{scale.scale.value}.", fallback="date")
        return date, None
    return date, items
