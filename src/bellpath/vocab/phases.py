"""Recovery vocabulary: the phases of recovery, the kind of nerve damage and the dated milestones
(source document's stages; clinical.md sections 1 and 5)."""

from __future__ import annotations

from collections.abc import Mapping

from bellpath.vocab._term import Coded, Term, define_terms

__all__ = [
    "MILESTONE_TERMS",
    "NERVE_DAMAGE_TERMS",
    "PHASE_TERMS",
    "MilestoneCode",
    "NerveDamage",
    "Phase",
]

_STAGES = "source document (stages of recovery); clinical.md 1"


class Phase(Coded):
    """Where a person is in recovery (source document's stages). Order matters: see ``rank``."""

    ACUTE = "acute"
    EARLY = "early"
    REGENERATION = "regeneration"
    RECOVERING = "recovering"
    PLATEAU = "plateau"
    RECOVERED = "recovered"

    @property
    def rank(self) -> int:
        """Position in the usual order of recovery (phases never go backwards in time)."""
        return list(Phase).index(self)


_EXPLAIN_ACUTE = (
    "These are the first days. The nerve that moves your face is swollen and has stopped "
    "carrying signals for now. Seeing a doctor in these first three days matters most: some "
    "treatment works best when it starts early. Protect your eye if it does not close."
)

_EXPLAIN_EARLY = (
    "Many people notice movement coming back within a few weeks, when only the nerve's "
    "outer coating was hurt and it repairs itself. Keep your eye protected and be patient "
    "with yourself: nothing is needed from you to make this happen faster."
)

_EXPLAIN_REGENERATION = (
    "The nerve fibres themselves are growing back. They grow slowly, about a millimetre a "
    "day at best, so the first small movements usually come after about three months. "
    "Nothing can make the nerve grow faster than that; waiting is not a sign that something "
    "is wrong."
)

_EXPLAIN_RECOVERING = (
    "Movement has started to come back. Improvement often continues for many months. "
    "Gentle, regular practice helps your face move well and evenly as the nerve reconnects."
)

_EXPLAIN_PLATEAU = (
    "Changes have become slow. This is a usual stage of a long recovery. Vitamins and "
    "medicines do not change it; daily guided practice with a facial therapist still can, "
    "especially for tightness or unwanted movements."
)

_EXPLAIN_RECOVERED = (
    "Your face has regained normal movement. Well done for the patience it took. If "
    "anything changes, tell your clinician."
)

PHASE_TERMS: Mapping[Phase, Term] = define_terms(
    Phase,
    {
        Phase.ACUTE: Term(
            "Acute (first 3 days)",
            "the first days",
            name="acute",
            source=_STAGES,
            explain=_EXPLAIN_ACUTE,
        ),
        Phase.EARLY: Term(
            "Early (quick-recovery window)",
            "the quick-recovery window",
            name="early",
            source=_STAGES,
            explain=_EXPLAIN_EARLY,
        ),
        Phase.REGENERATION: Term(
            "Nerve regrowing",
            "the nerve is regrowing",
            name="regeneration",
            source=_STAGES,
            explain=_EXPLAIN_REGENERATION,
        ),
        Phase.RECOVERING: Term(
            "Movement returning",
            "movement is coming back",
            name="recovering",
            source=_STAGES,
            explain=_EXPLAIN_RECOVERING,
        ),
        Phase.PLATEAU: Term(
            "Plateau",
            "changes have become slow",
            name="plateau",
            source=_STAGES,
            explain=_EXPLAIN_PLATEAU,
        ),
        Phase.RECOVERED: Term(
            "Recovered",
            "recovered",
            name="recovered",
            source=_STAGES,
            explain=_EXPLAIN_RECOVERED,
        ),
    },
)


class NerveDamage(Coded):
    """Kind of nerve damage inferred from when movement returned."""

    MYELIN = "myelin"
    AXONAL = "axonal"
    UNDETERMINED = "undetermined"


NERVE_DAMAGE_TERMS: Mapping[NerveDamage, Term] = define_terms(
    NerveDamage,
    {
        NerveDamage.MYELIN: Term(
            "Nerve coating only (quick recovery)",
            "the nerve's insulation only",
            name="myelin",
            source=_STAGES,
        ),
        NerveDamage.AXONAL: Term(
            "Nerve fibres (regrowth needed)",
            "the nerve fibres themselves",
            name="axonal",
            source=_STAGES,
        ),
        NerveDamage.UNDETERMINED: Term(
            "Not known yet", "not known yet", name="undetermined", source=_STAGES
        ),
    },
)


class MilestoneCode(Coded):
    """Dates a person can plan around (recovery model, clinical reference sections 1 and 5)."""

    STEROIDS_WINDOW_END = "steroids_window_end"
    NO_IMPROVEMENT_CHECK = "no_improvement_check"
    QUICK_RECOVERY_END = "quick_recovery_end"
    REGROWTH_EARLIEST = "regrowth_earliest"
    REFERRAL_CHECK = "referral_check"
    FIRST_MOVEMENT_LATEST = "first_movement_latest"
    SLOWING = "slowing"
    PLATEAU = "plateau"


MILESTONE_TERMS: Mapping[MilestoneCode, Term] = define_terms(
    MilestoneCode,
    {
        MilestoneCode.STEROIDS_WINDOW_END: Term(
            "Steroid window ends (72 h)",
            "end of the 72-hour window for steroids",
            name="steroids window end",
            source="clinical.md 5 (AAO-HNS 2013)",
        ),
        MilestoneCode.NO_IMPROVEMENT_CHECK: Term(
            "Three-week check",
            "three-week check",
            name="no improvement check",
            source="clinical.md 5 (NICE CKS)",
        ),
        MilestoneCode.QUICK_RECOVERY_END: Term(
            "Quick-recovery window ends",
            "end of the quick-recovery window",
            name="quick recovery end",
            source=_STAGES,
        ),
        MilestoneCode.REGROWTH_EARLIEST: Term(
            "Earliest movement after regrowth",
            "earliest first movement after regrowth",
            name="regrowth earliest",
            source=_STAGES,
        ),
        MilestoneCode.REFERRAL_CHECK: Term(
            "Three-month referral check",
            "three-month referral check",
            name="referral check",
            source="clinical.md 5 (AAO-HNS 2013)",
        ),
        MilestoneCode.FIRST_MOVEMENT_LATEST: Term(
            "Latest usual first movement",
            "first movement rarely later than this",
            name="first movement latest",
            source=_STAGES,
        ),
        MilestoneCode.SLOWING: Term(
            "Improvement slows", "improvement starts to slow", name="slowing", source=_STAGES
        ),
        MilestoneCode.PLATEAU: Term("Plateau", "plateau", name="plateau", source=_STAGES),
    },
)
