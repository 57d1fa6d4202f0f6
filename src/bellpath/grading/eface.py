"""eFACE clinician-graded facial function scale (Banks et al. 2015; Banks et al. 2016).

Fifteen items on visual analogue scales where 100 is normal:

* 4 **static** items at rest. Brow, palpebral fissure, nasolabial fold and oral commissure can
  deviate either way, so they are recorded on 0-200 with 100 = balanced and folded to 0-100 by
  ``100 - |x - 100|`` (Banks 2015) [firm].
* 7 **dynamic** items, 0-100.
* 4 **synkinesis** items, 0-100 where 100 = no synkinesis [check].

Subscores are the means of their items (0-100). The eFACE app's exact total formula is not public;
in the authors' regression, dynamic items weighed twice the static and synkinesis items. **This
project's convention** is therefore::

    total = (w_static * static + w_dynamic * dynamic + w_synkinesis * synkinesis)
            / (w_static + w_dynamic + w_synkinesis),   weights 1, 2, 1 by default

and the weights are overridable (:class:`EfaceWeights`). The grouping of items into subscores and
regions is marked [check] in the clinical reference. Regional scores (brow, eye, mid-face and smile,
lower face and neck) are the means of the folded items of that region, again this project's
convention.

A total below :data:`FLACCID_TOTAL` (60) corresponds to a complete flaccid palsy (Greene 2020)
[firm]. Scores computed from photographs (Auto-eFACE subset) are not the clinician eFACE and must be
labelled so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from bellpath.errors import GradingError
from bellpath.grading._validate import mapping, number_item
from bellpath.vocab.scales import Scale

__all__ = [
    "EFACE_SOURCE",
    "FLACCID_TOTAL",
    "EfaceGroup",
    "EfaceItem",
    "EfaceRegion",
    "EfaceScores",
    "EfaceWeights",
    "eface",
    "eface_total_only",
    "fold",
]

EFACE_SOURCE = Scale.EFACE.source
FLACCID_TOTAL = 60.0
"""eFACE total below which the face corresponds to a complete flaccid palsy (Greene 2020) [firm]."""


class EfaceGroup(StrEnum):
    """Which subscore an item belongs to."""

    STATIC = "static"
    DYNAMIC = "dynamic"
    SYNKINESIS = "synkinesis"


class EfaceRegion(StrEnum):
    """Regions for regional scores (this project's grouping, [check])."""

    BROW = "brow"
    EYE = "eye"
    MIDFACE_SMILE = "midface_smile"
    LOWER_FACE = "lower_face"


class EfaceItem(StrEnum):
    """The 15 eFACE items, in the order of the instrument."""

    BROW_REST = "brow_rest"
    PALPEBRAL_FISSURE_REST = "palpebral_fissure_rest"
    NASOLABIAL_FOLD_REST = "nasolabial_fold_rest"
    ORAL_COMMISSURE_REST = "oral_commissure_rest"
    BROW_ELEVATION = "brow_elevation"
    GENTLE_EYE_CLOSURE = "gentle_eye_closure"
    FULL_EYE_CLOSURE = "full_eye_closure"
    ORAL_COMMISSURE_SMILE = "oral_commissure_smile"
    NASOLABIAL_FOLD_DEPTH_SMILE = "nasolabial_fold_depth_smile"
    NASOLABIAL_FOLD_ORIENTATION_SMILE = "nasolabial_fold_orientation_smile"
    LOWER_LIP_EEE = "lower_lip_eee"
    OCULAR_SYNKINESIS = "ocular_synkinesis"
    MIDFACIAL_SYNKINESIS = "midfacial_synkinesis"
    MENTALIS_SYNKINESIS = "mentalis_synkinesis"
    PLATYSMAL_SYNKINESIS = "platysmal_synkinesis"

    @property
    def group(self) -> EfaceGroup:
        """Static, dynamic or synkinesis."""
        return _ITEMS[self][0]

    @property
    def region(self) -> EfaceRegion:
        """The region the item describes."""
        return _ITEMS[self][1]

    @property
    def two_direction(self) -> bool:
        """Recorded on 0-200 (100 = balanced) and folded to 0-100."""
        return self.group is EfaceGroup.STATIC

    @property
    def recorded_max(self) -> float:
        """Upper end of the recorded scale (200 for two-direction items, else 100)."""
        return 200.0 if self.two_direction else 100.0


_S, _D, _K = EfaceGroup.STATIC, EfaceGroup.DYNAMIC, EfaceGroup.SYNKINESIS
_B, _E, _M, _L = (
    EfaceRegion.BROW,
    EfaceRegion.EYE,
    EfaceRegion.MIDFACE_SMILE,
    EfaceRegion.LOWER_FACE,
)
# item -> (group, region). Grouping [check] (clinical.md 3.3).
_ITEMS: dict[EfaceItem, tuple[EfaceGroup, EfaceRegion]] = {
    EfaceItem.BROW_REST: (_S, _B),
    EfaceItem.PALPEBRAL_FISSURE_REST: (_S, _E),
    EfaceItem.NASOLABIAL_FOLD_REST: (_S, _M),
    EfaceItem.ORAL_COMMISSURE_REST: (_S, _M),
    EfaceItem.BROW_ELEVATION: (_D, _B),
    EfaceItem.GENTLE_EYE_CLOSURE: (_D, _E),
    EfaceItem.FULL_EYE_CLOSURE: (_D, _E),
    EfaceItem.ORAL_COMMISSURE_SMILE: (_D, _M),
    EfaceItem.NASOLABIAL_FOLD_DEPTH_SMILE: (_D, _M),
    EfaceItem.NASOLABIAL_FOLD_ORIENTATION_SMILE: (_D, _M),
    EfaceItem.LOWER_LIP_EEE: (_D, _L),
    EfaceItem.OCULAR_SYNKINESIS: (_K, _E),
    EfaceItem.MIDFACIAL_SYNKINESIS: (_K, _M),
    EfaceItem.MENTALIS_SYNKINESIS: (_K, _L),
    EfaceItem.PLATYSMAL_SYNKINESIS: (_K, _L),
}
_KEYS = tuple(i.value for i in EfaceItem)


@dataclass(frozen=True)
class EfaceWeights:
    """Weights of the subscores in the total (project convention; default 1, 2, 1)."""

    static: float = 1.0
    dynamic: float = 2.0
    synkinesis: float = 1.0

    def __post_init__(self) -> None:
        for name in ("static", "dynamic", "synkinesis"):
            value = getattr(self, name)
            if not value >= 0:
                raise GradingError(
                    f"weights.{name}",
                    f"'weights.{name}' must be a number >= 0 (got {value!r})",
                    received=value,
                )
        if self.static + self.dynamic + self.synkinesis <= 0:
            raise GradingError(
                "weights", "'weights' must not all be zero (got 0, 0, 0)", received=(0, 0, 0)
            )


def fold(value: float) -> float:
    """Fold a two-direction 0-200 item to 0-100: ``100 - |x - 100|`` (Banks 2015)."""
    return 100.0 - abs(value - 100.0)


class EfaceScores(BaseModel):
    """eFACE scores: ``{static, dynamic, synkinesis, total}`` (+ ``regions``), all 0-100.

    Subscores and regions are ``None`` when a clinic recorded only the total.
    """

    model_config = ConfigDict(frozen=True)

    static: float | None
    dynamic: float | None
    synkinesis: float | None
    total: float
    regions: dict[EfaceRegion, float] | None = None

    @property
    def flaccid_range(self) -> bool:
        """Total below 60: the range of a complete flaccid palsy (Greene 2020)."""
        return self.total < FLACCID_TOTAL

    @property
    def primary(self) -> float:
        """The total, for trajectories (higher is better)."""
        return self.total


def _mean(values: list[float]) -> float:
    return sum(values) / len(values)


def eface(
    items: Mapping[str, object],
    *,
    weights: EfaceWeights | None = None,
    field: str = "eface.items",
) -> EfaceScores:
    """Score an eFACE grading from its 15 items.

    Parameters
    ----------
    items
        Every :class:`EfaceItem` key. Static items 0-200 (100 = balanced), all others 0-100
        (100 = normal, or no synkinesis).
    weights
        Subscore weights in the total; default :class:`EfaceWeights` ``(1, 2, 1)``.
    field
        Dotted prefix used in error messages.

    Returns
    -------
    EfaceScores
        Static, dynamic and synkinesis subscores (item means), the weighted total and regional
        means, rounded to 0.1.

    Notes
    -----
    Static items are folded by ``100 - |x - 100|`` before averaging.
    ``total = (ws*static + wd*dynamic + wk*synkinesis) / (ws + wd + wk)``.
    """
    w = weights or EfaceWeights()
    raw = mapping(items, field, _KEYS)
    folded: dict[EfaceItem, float] = {}
    for item in EfaceItem:
        value = number_item(raw[item.value], f"{field}.{item.value}", 0.0, item.recorded_max)
        folded[item] = fold(value) if item.two_direction else value
    by_group = {g: _mean([v for i, v in folded.items() if i.group is g]) for g in EfaceGroup}
    total = (
        w.static * by_group[EfaceGroup.STATIC]
        + w.dynamic * by_group[EfaceGroup.DYNAMIC]
        + w.synkinesis * by_group[EfaceGroup.SYNKINESIS]
    ) / (w.static + w.dynamic + w.synkinesis)
    regions = {
        r: round(_mean([v for i, v in folded.items() if i.region is r]), 1) for r in EfaceRegion
    }
    return EfaceScores(
        static=round(by_group[EfaceGroup.STATIC], 1),
        dynamic=round(by_group[EfaceGroup.DYNAMIC], 1),
        synkinesis=round(by_group[EfaceGroup.SYNKINESIS], 1),
        total=round(total, 1),
        regions=regions,
    )


def eface_total_only(total: object, *, field: str = "eface") -> EfaceScores:
    """An eFACE entry where only the total was recorded (0-100)."""
    value = number_item(total, f"{field}.total", 0.0, 100.0)
    return EfaceScores(static=None, dynamic=None, synkinesis=None, total=value)
