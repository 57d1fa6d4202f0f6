"""The automated eFACE subset: the eFACE items that landmarks can support, from one visit's photos.

**This is not the clinician eFACE.** Following Auto-eFACE (Miller et al. 2021), bellpath computes
the 9 of the 15 eFACE items that facial landmarks can support, from the standard expression photos
of one visit, and labels the result "automated subset" everywhere. The nasolabial-fold items (depth
and orientation, 3 items) and the midfacial, mentalis and platysmal synkinesis items need texture or
a clinician's eye and are never guessed. Item codes are the ones of
:class:`bellpath.grading.eface.EfaceItem`; scores are 0-100 with 100 = normal, as in eFACE.

The mapping from millimetres to 0-100 is **this project's convention** (the Auto-eFACE regression
coefficients are not public); every formula is below, with ``A`` the affected and ``H`` the healthy
side, and each item's inputs are returned beside its score so a clinician can check it:

===========================  ============================  =========================================
item                         photos                        score
===========================  ============================  =========================================
brow_rest                    rest                          raw = 100 * A/H of brow height (0-200,
                                                           under 100 = lower); fold 100 - |raw-100|
palpebral_fissure_rest       rest                          raw = 100 * (2 - A/H) of fissure height
                                                           (0 wide, 200 narrow, as eFACE); fold
oral_commissure_rest         rest                          raw = 100 -/+ 100 * d / D0 (0-200,
                                                           under 100 = affected corner lower),
                                                           d = commissure height deviation,
                                                           D0 = 10 mm; fold
brow_elevation               rest, brow_raise              100 * clip(eA / eH), e = rise of the brow
gentle_eye_closure           rest, gentle_closure          100 * clip(cA / cH), c = 1 - fissure /
                                                           fissure at rest
full_eye_closure             rest, tight_closure           same as gentle, with the tight photo
oral_commissure_smile        rest, smile                   100 * clip(eA / eH), e = gain in
                                                           commissure excursion
lower_lip_eee                rest, eee                     100 * clip(eA / eH), e = gain in the
                                                           mouth opening of each half (dental
                                                           area, mm2), which the lower lip's
                                                           lowering makes
ocular_synkinesis            rest, smile (and pucker)      100 * clip(nA / nH), n = fissure during
                                                           the movement / fissure at rest; the
                                                           worse of smile and pucker
===========================  ============================  =========================================

``clip`` limits a ratio to [0, 1]: moving more than the healthy side scores 100, as on the eFACE
sliders. A dynamic item is not computed when the healthy side moved less than
:data:`MIN_HEALTHY_EXCURSION_MM` (the photo probably does not show the movement), and the reason is
given. Subscores are the means of the computed items of each group; the subset total uses the eFACE
weights of :mod:`bellpath.grading.eface` (static 1, dynamic 2, synkinesis 1; project convention)
over the groups present.

References
----------
Miller MQ, Hadlock TA, Fortier E, Guarin DL. The Auto-eFACE: machine learning-enhanced program
yields automated facial palsy assessment tool. Plast Reconstr Surg. 2021;147(2):467-474.
doi:10.1097/PRS.0000000000007572
Banks CA, et al. Clinician-graded electronic facial paralysis assessment: the eFACE. Plast
Reconstr Surg. 2015;136(2):223e-230e.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from bellpath.case import Side
from bellpath.errors import InputError
from bellpath.face.expressions import Expression
from bellpath.grading.eface import EfaceGroup, EfaceItem, EfaceWeights, fold
from bellpath.vocab.measures import MeasureName

__all__ = [
    "AUTOMATED_ITEMS",
    "COMMISSURE_REST_ZERO_MM",
    "LABEL",
    "MIN_HEALTHY_AREA_GAIN_MM2",
    "MIN_HEALTHY_CLOSURE",
    "MIN_HEALTHY_EXCURSION_MM",
    "AutoEfaceItem",
    "AutoEfaceSubset",
    "automated_eface",
]

LABEL: Final = "automated eFACE subset (9 of 15 items, from photos; not the clinician eFACE)"

COMMISSURE_REST_ZERO_MM: Final = 10.0
"""Vertical difference between the mouth corners at rest that scores 0 (project convention)."""

MIN_HEALTHY_EXCURSION_MM: Final = 1.0
"""Below this healthy-side movement (mm) a dynamic item is not computed (project convention)."""

MIN_HEALTHY_AREA_GAIN_MM2: Final = 10.0
"""Below this gain of the healthy half's mouth opening (mm2) lower_lip_eee is not computed."""

MIN_HEALTHY_CLOSURE: Final = 0.2
"""Below this closure fraction of the healthy eye, a closure item is not computed."""

AUTOMATED_ITEMS: Final = (
    EfaceItem.BROW_REST,
    EfaceItem.PALPEBRAL_FISSURE_REST,
    EfaceItem.ORAL_COMMISSURE_REST,
    EfaceItem.BROW_ELEVATION,
    EfaceItem.GENTLE_EYE_CLOSURE,
    EfaceItem.FULL_EYE_CLOSURE,
    EfaceItem.ORAL_COMMISSURE_SMILE,
    EfaceItem.LOWER_LIP_EEE,
    EfaceItem.OCULAR_SYNKINESIS,
)

Measures = Mapping[str, Mapping[str, Any]]


@dataclass(frozen=True)
class AutoEfaceItem:
    """One automated item: its score (or why it is missing) and the inputs it came from."""

    item: EfaceItem
    score: float | None
    raw: float | None = None
    inputs: dict[str, float] = field(default_factory=dict)
    reason: str = ""

    def to_json(self) -> dict[str, Any]:
        """``{"item", "group", "score", "raw", "inputs", "reason"}``."""
        return {
            "item": self.item.value,
            "group": self.item.group.value,
            "score": None if self.score is None else round(self.score, 1),
            "raw": None if self.raw is None else round(self.raw, 1),
            "inputs": {k: round(v, 3) for k, v in self.inputs.items()},
            "reason": self.reason,
        }


@dataclass(frozen=True)
class AutoEfaceSubset:
    """The automated subset for one visit. Never the clinician eFACE (see :data:`LABEL`)."""

    affected_side: Side
    items: list[AutoEfaceItem]
    static: float | None
    dynamic: float | None
    synkinesis: float | None
    total: float | None
    photos: dict[str, str]

    @property
    def label(self) -> str:
        """The label every interface shows with these numbers."""
        return LABEL

    def to_json(self) -> dict[str, Any]:
        """``{"label", "affected_side", "photos", "items", "subscores", "total"}``."""
        return {
            "label": LABEL,
            "affected_side": self.affected_side.value,
            "photos": self.photos,
            "items": [i.to_json() for i in self.items],
            "subscores": {
                "static": self.static,
                "dynamic": self.dynamic,
                "synkinesis": self.synkinesis,
            },
            "total": self.total,
        }


def _side_value(measures: Measures, name: MeasureName, side: Side) -> float | None:
    fields = measures.get(name)
    if fields is None:
        return None
    value = fields.get(side.value)
    return None if value is None else float(value)


def _ratio(a: float, h: float) -> float:
    return min(1.0, max(0.0, a / h))


class _Scorer:
    def __init__(self, photos: Mapping[Expression, Measures], side: Side) -> None:
        self.photos = photos
        self.affected = side
        self.healthy = Side.LEFT if side is Side.RIGHT else Side.RIGHT

    def pair(self, expression: Expression, name: MeasureName) -> tuple[float, float] | None:
        measures = self.photos.get(expression)
        if measures is None:
            return None
        a = _side_value(measures, name, self.affected)
        h = _side_value(measures, name, self.healthy)
        return None if a is None or h is None else (a, h)

    def missing(self, item: EfaceItem, *needed: Expression) -> AutoEfaceItem:
        missing = [e.value for e in needed if e not in self.photos]
        names = " and ".join(missing or [e.value for e in needed])
        plural = "s" if len(missing) > 1 else ""
        return AutoEfaceItem(item, None, reason=f"no {names} photo{plural} in this visit")

    def static_ratio(self, item: EfaceItem, name: MeasureName, *, inverted: bool) -> AutoEfaceItem:
        pair = self.pair(Expression.REST, name)
        if pair is None:
            return self.missing(item, Expression.REST)
        a, h = pair
        if h <= 0:
            return AutoEfaceItem(item, None, reason=f"healthy-side {name} is not positive")
        r = a / h
        raw = min(200.0, max(0.0, 100.0 * (2.0 - r if inverted else r)))
        return AutoEfaceItem(item, fold(raw), raw, {"affected_mm": a, "healthy_mm": h})

    def commissure_rest(self) -> AutoEfaceItem:
        item = EfaceItem.ORAL_COMMISSURE_REST
        measures = self.photos.get(Expression.REST)
        fields = None if measures is None else measures.get(MeasureName.COMMISSURE_HEIGHT_DEVIATION)
        if fields is None or fields.get("value") is None:
            return self.missing(item, Expression.REST)
        d = abs(float(fields["value"]))
        lower = fields.get("side")
        sign = -1.0 if lower == self.affected.value else 1.0
        raw = min(200.0, max(0.0, 100.0 + sign * 100.0 * d / COMMISSURE_REST_ZERO_MM))
        return AutoEfaceItem(item, fold(raw), raw, {"height_deviation_mm": d})

    def excursion(
        self,
        item: EfaceItem,
        expression: Expression,
        name: MeasureName,
        gain: Callable[[float, float], float],
        *,
        minimum: float = MIN_HEALTHY_EXCURSION_MM,
    ) -> AutoEfaceItem:
        unit = name.unit.value
        rest = self.pair(Expression.REST, name)
        moved = self.pair(expression, name)
        if rest is None or moved is None:
            return self.missing(item, Expression.REST, expression)
        e_a = gain(moved[0], rest[0])
        e_h = gain(moved[1], rest[1])
        inputs = {f"affected_{unit}": e_a, f"healthy_{unit}": e_h}
        if e_h < minimum:
            return AutoEfaceItem(
                item,
                None,
                inputs=inputs,
                reason=(
                    f"the healthy side moved only {e_h:.1f} {unit} in the {expression.label} "
                    f"photo (at least {minimum:g} {unit} needed); retake it"
                ),
            )
        return AutoEfaceItem(item, 100.0 * _ratio(e_a, e_h), None, inputs)

    def closure(self, item: EfaceItem, expression: Expression) -> AutoEfaceItem:
        rest = self.pair(Expression.REST, MeasureName.PALPEBRAL_FISSURE)
        closed = self.pair(expression, MeasureName.PALPEBRAL_FISSURE)
        if rest is None or closed is None:
            return self.missing(item, Expression.REST, expression)
        if min(rest) <= 0:
            return AutoEfaceItem(item, None, reason="an eye looks closed in the rest photo")
        c_a = 1.0 - closed[0] / rest[0]
        c_h = 1.0 - closed[1] / rest[1]
        inputs = {"affected_closure": c_a, "healthy_closure": c_h}
        if c_h < MIN_HEALTHY_CLOSURE:
            return AutoEfaceItem(
                item,
                None,
                inputs=inputs,
                reason=f"the healthy eye did not close in the {expression.label} photo; retake it",
            )
        return AutoEfaceItem(item, 100.0 * _ratio(c_a, c_h), None, inputs)

    def ocular_synkinesis(self) -> AutoEfaceItem:
        item = EfaceItem.OCULAR_SYNKINESIS
        rest = self.pair(Expression.REST, MeasureName.PALPEBRAL_FISSURE)
        if rest is None or min(rest) <= 0:
            return self.missing(item, Expression.REST, Expression.SMILE)
        scores: dict[str, float] = {}
        for expression in (Expression.SMILE, Expression.PUCKER):
            moved = self.pair(expression, MeasureName.PALPEBRAL_FISSURE)
            if moved is None:
                continue
            n_a = moved[0] / rest[0]
            n_h = moved[1] / rest[1]
            if n_h > 0:
                scores[expression.value] = 100.0 * _ratio(n_a, n_h)
        if not scores:
            return self.missing(item, Expression.REST, Expression.SMILE)
        worst = min(scores, key=lambda k: scores[k])
        return AutoEfaceItem(
            item, scores[worst], None, {f"{k}_score": v for k, v in scores.items()}
        )


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def automated_eface(
    photos: Mapping[Expression, Measures],
    *,
    affected_side: Side | None,
    photo_names: Mapping[Expression, str] | None = None,
    weights: EfaceWeights | None = None,
) -> AutoEfaceSubset:
    """Compute the automated eFACE subset of one visit from its photos' measures.

    Parameters
    ----------
    photos : mapping of Expression to measures
        The ``measures`` object of each photo's JSON row (mm and degrees), one photo per
        expression. A rest photo is required.
    affected_side : Side
        The person's affected side, as given by the user (never guessed).
    photo_names : mapping, optional
        File names, echoed in the result.
    weights : EfaceWeights, optional
        Subscore weights of the subset total (default static 1, dynamic 2, synkinesis 1).

    Returns
    -------
    AutoEfaceSubset

    Raises
    ------
    InputError
        ``affected_side`` missing, or no rest photo.
    """
    if affected_side is None:
        raise InputError(
            "side",
            "'side' is required for the automated eFACE subset: give --side left or --side right",
            allowed=list(Side),
            received=None,
        )
    if Expression.REST not in photos:
        raise InputError(
            "visit",
            "the visit has no rest photo; name one file with 'rest' (e.g. 01_rest.jpg): "
            "every other item is measured against it",
            received=sorted(e.value for e in photos),
        )
    s = _Scorer(photos, affected_side)
    items = [
        s.static_ratio(EfaceItem.BROW_REST, MeasureName.BROW_HEIGHT, inverted=False),
        s.static_ratio(
            EfaceItem.PALPEBRAL_FISSURE_REST, MeasureName.PALPEBRAL_FISSURE, inverted=True
        ),
        s.commissure_rest(),
        s.excursion(
            EfaceItem.BROW_ELEVATION,
            Expression.BROW_RAISE,
            MeasureName.BROW_HEIGHT,
            lambda m, r: m - r,
        ),
        s.closure(EfaceItem.GENTLE_EYE_CLOSURE, Expression.GENTLE_CLOSURE),
        s.closure(EfaceItem.FULL_EYE_CLOSURE, Expression.TIGHT_CLOSURE),
        s.excursion(
            EfaceItem.ORAL_COMMISSURE_SMILE,
            Expression.SMILE,
            MeasureName.COMMISSURE_EXCURSION,
            lambda m, r: m - r,
        ),
        s.excursion(
            EfaceItem.LOWER_LIP_EEE,
            Expression.EEE,
            MeasureName.DENTAL_AREA,
            lambda m, r: m - r,
            minimum=MIN_HEALTHY_AREA_GAIN_MM2,
        ),
        s.ocular_synkinesis(),
    ]
    groups = {
        g: _mean([i.score for i in items if i.item.group is g and i.score is not None])
        for g in EfaceGroup
    }
    w = weights or EfaceWeights()
    parts = [
        (w.static, groups[EfaceGroup.STATIC]),
        (w.dynamic, groups[EfaceGroup.DYNAMIC]),
        (w.synkinesis, groups[EfaceGroup.SYNKINESIS]),
    ]
    present = [(wt, v) for wt, v in parts if v is not None and wt > 0]
    total = (
        round(sum(wt * v for wt, v in present) / sum(wt for wt, _ in present), 1)
        if present
        else None
    )
    names = {e.value: n for e, n in (photo_names or {}).items()}
    return AutoEfaceSubset(
        affected_side=affected_side,
        items=items,
        static=groups[EfaceGroup.STATIC],
        dynamic=groups[EfaceGroup.DYNAMIC],
        synkinesis=groups[EfaceGroup.SYNKINESIS],
        total=total,
        photos=names,
    )
