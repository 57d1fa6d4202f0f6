"""What the scale forms show: item prompts, answer choices and their order.

The scoring and the item ranges live in :mod:`bellpath.grading`; this module holds only the words
of the forms. The SAQ and FaCE prompts are bellpath's own plain-language paraphrases of the
published questionnaires (Mehta 2007; Kahn 2001), in questionnaire order. A clinic that uses the
licensed printed form enters the answers from that form in the same order. FaCE answers are asked
so that 5 is always the best function, which is the orientation the scorer expects.
"""

from __future__ import annotations

from typing import Final

from bellpath.grading.eface import EfaceItem
from bellpath.grading.sunnybrook import Expression, RestingCheek, RestingEye, RestingMouth

__all__ = [
    "EFACE_PROMPTS",
    "FACE_ANSWERS",
    "FACE_PROMPTS",
    "HB_GRADES",
    "SAQ_ANSWERS",
    "SAQ_PROMPTS",
    "SUNNYBROOK_EXPRESSIONS",
    "SUNNYBROOK_RESTING",
    "SUNNYBROOK_SYNKINESIS",
    "SUNNYBROOK_VOLUNTARY",
    "TWO_DIRECTION_ITEMS",
]

SAQ_PROMPTS: Final = (
    "My eye closes when I smile.",
    "My eye closes when I talk.",
    "My eye closes when I whistle or purse my lips.",
    "My neck tightens when I smile.",
    "My face feels tight when I close my eyes.",
    "The corner of my mouth moves when I close my eyes.",
    "My neck tightens when I close my eyes.",
    "My eye waters when I eat.",
    "My chin dimples when I move my face.",
)
SAQ_ANSWERS: Final = (
    ("1", "Seldom or never"),
    ("2", "Now and then"),
    ("3", "Often"),
    ("4", "Most of the time"),
    ("5", "All the time"),
)

FACE_PROMPTS: Final = (
    "Lifting the corner of my mouth when I smile.",
    "Raising my eyebrow.",
    "Pursing my lips, as for a kiss or a whistle.",
    "My face feels comfortable, without tension or tiredness.",
    "My eye feels comfortable, not dry or gritty.",
    "My face feels relaxed, without tightness.",
    "Drinking without spilling.",
    "Going out and meeting people as before.",
    "People treat me as they did before.",
    "My face does not ache or tire by the end of the day.",
    "I feel at ease with how my face looks.",
    "My eye needs no extra care (drops, ointment, taping).",
    "Eating without food collecting in my cheek.",
    "My eye does not water at the wrong times.",
    "I take part in what I enjoy as before.",
)
FACE_ANSWERS: Final = (
    ("1", "Not at all / very hard"),
    ("2", "A little"),
    ("3", "Partly"),
    ("4", "Mostly"),
    ("5", "Fully / as before"),
)

_EYE = {
    RestingEye.NORMAL: "Normal (0)",
    RestingEye.NARROW: "Narrow (1)",
    RestingEye.WIDE: "Wide (1)",
    RestingEye.EYELID_SURGERY: "Eyelid surgery (1)",
}
_CHEEK = {
    RestingCheek.NORMAL: "Normal (0)",
    RestingCheek.ABSENT: "Absent (2)",
    RestingCheek.LESS_PRONOUNCED: "Less pronounced (1)",
    RestingCheek.MORE_PRONOUNCED: "More pronounced (1)",
}
_MOUTH = {
    RestingMouth.NORMAL: "Normal (0)",
    RestingMouth.DROPPED: "Corner dropped (1)",
    RestingMouth.PULLED_UP: "Corner pulled up or out (1)",
}
SUNNYBROOK_RESTING: Final = (
    ("eye", "Eye (palpebral fissure)", tuple((m.value, t) for m, t in _EYE.items())),
    ("cheek", "Cheek (nasolabial fold)", tuple((m.value, t) for m, t in _CHEEK.items())),
    ("mouth", "Mouth", tuple((m.value, t) for m, t in _MOUTH.items())),
)

SUNNYBROOK_EXPRESSIONS: Final = {
    Expression.BROW_LIFT: "Brow lift (forehead wrinkle)",
    Expression.GENTLE_EYE_CLOSURE: "Gentle eye closure",
    Expression.OPEN_MOUTH_SMILE: "Open-mouth smile",
    Expression.SNARL: "Snarl (show upper teeth)",
    Expression.LIP_PUCKER: "Lip pucker",
}
SUNNYBROOK_VOLUNTARY: Final = (
    ("1", "1 Unable to initiate"),
    ("2", "2 Initiates slight movement"),
    ("3", "3 Initiates movement, mild excursion"),
    ("4", "4 Almost complete"),
    ("5", "5 Complete"),
)
SUNNYBROOK_SYNKINESIS: Final = (
    ("0", "0 None"),
    ("1", "1 Mild"),
    ("2", "2 Moderate"),
    ("3", "3 Severe"),
)

HB_GRADES: Final = (
    ("1", "I Normal"),
    ("2", "II Mild dysfunction"),
    ("3", "III Moderate dysfunction"),
    ("4", "IV Moderately severe dysfunction"),
    ("5", "V Severe dysfunction"),
    ("6", "VI Total paralysis"),
)

EFACE_PROMPTS: Final = {
    EfaceItem.BROW_REST: "Brow at rest",
    EfaceItem.PALPEBRAL_FISSURE_REST: "Palpebral fissure at rest",
    EfaceItem.NASOLABIAL_FOLD_REST: "Nasolabial fold depth at rest",
    EfaceItem.ORAL_COMMISSURE_REST: "Oral commissure at rest",
    EfaceItem.BROW_ELEVATION: "Brow elevation",
    EfaceItem.GENTLE_EYE_CLOSURE: "Gentle eye closure",
    EfaceItem.FULL_EYE_CLOSURE: "Full eye closure",
    EfaceItem.ORAL_COMMISSURE_SMILE: "Oral commissure with smile",
    EfaceItem.NASOLABIAL_FOLD_DEPTH_SMILE: "Nasolabial fold depth with smile",
    EfaceItem.NASOLABIAL_FOLD_ORIENTATION_SMILE: "Nasolabial fold orientation with smile",
    EfaceItem.LOWER_LIP_EEE: "Lower lip movement (\u201ceeee\u201d)",
    EfaceItem.OCULAR_SYNKINESIS: "Ocular synkinesis (100 = none)",
    EfaceItem.MIDFACIAL_SYNKINESIS: "Midfacial synkinesis (100 = none)",
    EfaceItem.MENTALIS_SYNKINESIS: "Mentalis synkinesis (100 = none)",
    EfaceItem.PLATYSMAL_SYNKINESIS: "Platysmal synkinesis (100 = none)",
}
TWO_DIRECTION_ITEMS: Final = frozenset(
    {
        EfaceItem.BROW_REST,
        EfaceItem.PALPEBRAL_FISSURE_REST,
        EfaceItem.NASOLABIAL_FOLD_REST,
        EfaceItem.ORAL_COMMISSURE_REST,
    }
)
"""Static items recorded 0-200 with 100 = balanced (the scorer folds them to 0-100)."""
