"""The row every coded value carries, and the enum base that looks its row up.

A :class:`Term` is data: the clinician's label, the patient's plain words, the unit (a UCUM code),
external codes (LOINC, SNOMED CT) and the source. :class:`Coded` is a :class:`enum.StrEnum` whose
members find their row with ``member.term`` (and the short cuts ``label``, ``patient``,
``source``). Each family module fills its table with :func:`define_terms`, which refuses a table
that misses a member: a new code cannot reach an edge without words.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import TypeVar

__all__ = ["Coded", "Term", "define_terms"]


@dataclass(frozen=True, slots=True)
class Term:
    """How one coded value is worded, measured and coded outside bellpath.

    Attributes
    ----------
    label
        Short label for a clinician (a page, a PDF table, a FHIR display).
    patient
        Plain, kind words for the person themselves.
    name
        The code as words, for running text, compact tables and FHIR displays
        (``crocodile tears``, ``regeneration``, ``MRD1``); every row gives one (a test checks).
    unit
        UCUM code of the value's unit, where the code names a quantity.
    loinc
        LOINC code, where one exists (clinical.md section 6).
    snomed
        SNOMED CT code, where one exists.
    source
        Where the meaning (or the code) comes from.
    explain
        A longer plain explanation for the person, where a family gives one (the phases: what
        is happening now and what helps); the web page, the patient's PDF and the CLI show the
        same words.
    """

    label: str
    patient: str
    name: str | None = None
    unit: str | None = None
    loinc: str | None = None
    snomed: str | None = None
    source: str = ""
    explain: str | None = None


_E = TypeVar("_E", bound=StrEnum)

_TERMS: dict[type[StrEnum], Mapping[str, Term]] = {}


def define_terms(kind: type[_E], rows: Mapping[_E, Term]) -> Mapping[_E, Term]:
    """Register the rows of ``kind``; every member must have exactly one row."""
    missing = [member.value for member in kind if member not in rows]
    if missing:
        msg = f"{kind.__name__} has no vocabulary row for {', '.join(missing)}"
        raise TypeError(msg)
    frozen = MappingProxyType(dict(rows))
    _TERMS[kind] = MappingProxyType({member.value: row for member, row in rows.items()})
    return frozen


class Coded(StrEnum):
    """A coded value whose words, unit and external codes live in its vocabulary row."""

    @property
    def term(self) -> Term:
        """The member's vocabulary row."""
        return _TERMS[type(self)][self.value]

    @property
    def words(self) -> str:
        """The code as words (``crocodile tears``), for running text and compact tables."""
        term = self.term
        return term.name if term.name is not None else term.label

    @property
    def label(self) -> str:
        """Short label for a clinician."""
        return self.term.label

    @property
    def patient(self) -> str:
        """Plain words for the person themselves."""
        return self.term.patient

    @property
    def explain(self) -> str | None:
        """The longer plain explanation for the person, where the family gives one."""
        return self.term.explain

    @property
    def source(self) -> str:
        """Where the meaning comes from."""
        return self.term.source
