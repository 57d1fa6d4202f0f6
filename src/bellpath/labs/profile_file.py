"""A clinic's own reference profile, read from a mapping (YAML or JSON file via ``caseio``).

Schema::

    key: my_lab                     # short name shown in reports
    title: My hospital laboratory
    citation: My hospital pathology handbook, 2025
    extends: bsh2014                # optional: analytes not listed come from this profile
    thresholds:
      b12: {deficient: 180, borderline: 250, unit: ng/L, citation: "handbook p. 12"}
      mma: {deficient: 0.45, unit: umol/L, direction: high}

Units are checked against the analyte like any lab result.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bellpath._validation import translate_validation_error
from bellpath.case import Analyte
from bellpath.errors import InputError
from bellpath.labs.profiles import PROFILES, Direction, ReferenceProfile, Threshold
from bellpath.labs.units import parse_unit

__all__ = ["parse_profile"]

_STRICT = ConfigDict(extra="forbid", frozen=True)


class _ThresholdIn(BaseModel):
    model_config = _STRICT

    deficient: Annotated[float, Field(ge=0, allow_inf_nan=False)]
    unit: str
    borderline: Annotated[float, Field(ge=0, allow_inf_nan=False)] | None = None
    direction: Direction = Direction.LOW
    citation: str | None = None


class _ProfileIn(BaseModel):
    model_config = _STRICT

    key: Annotated[str, Field(min_length=1, max_length=40)]
    title: Annotated[str, Field(min_length=1, max_length=200)]
    citation: Annotated[str, Field(min_length=1, max_length=500)]
    extends: str | None = None
    thresholds: dict[Analyte, _ThresholdIn] = Field(default_factory=dict)


def parse_profile(data: Mapping[str, Any]) -> ReferenceProfile:
    """Validate a profile mapping into a :class:`ReferenceProfile` (errors: :class:`InputError`)."""
    try:
        spec = _ProfileIn.model_validate(dict(data))
    except ValidationError as exc:
        raise translate_validation_error(exc, _ProfileIn) from None
    base: dict[Analyte, Threshold] = {}
    if spec.extends is not None:
        parent = PROFILES.get(spec.extends)
        if parent is None:
            raise InputError("extends", allowed=list(PROFILES), received=spec.extends)
        base.update(parent.thresholds)
    for analyte, row in spec.thresholds.items():
        field = f"thresholds.{analyte.value}"
        unit = parse_unit(analyte, row.unit, field=f"{field}.unit")
        if (
            row.borderline is not None
            and row.direction is Direction.LOW
            and row.borderline < row.deficient
        ):
            msg = (
                f"'{field}.borderline' must be at least 'deficient' ({row.deficient:g}) "
                f"(got {row.borderline:g})"
            )
            raise InputError(f"{field}.borderline", msg, received=row.borderline)
        base[analyte] = Threshold(
            deficient=row.deficient,
            unit=unit,
            citation=row.citation or spec.citation,
            borderline=row.borderline,
            direction=row.direction,
        )
    return ReferenceProfile(
        key=spec.key, title=spec.title, citation=spec.citation, thresholds=MappingProxyType(base)
    )
