"""Named MediaPipe face-mesh landmark indices and the left/right mirror pairing of all 478 points.

Sides are the PERSON's own right and left. In an ordinary (unmirrored) photo the person's right eye
is on the image's left. MediaPipe's own names follow the same convention (its ``LEFT_EYE`` is the
person's left eye).

The mirror pairing :data:`MIRROR_PAIRS` maps each landmark to the landmark that plays the same role
on the other half of the face (``MIRROR_PAIRS[33] == 263``: outer eye corners); points on the
midline map to themselves. mediapipe 0.10.21 does not ship the canonical face model, so the table
was derived from detections: MediaPipe was run on a real face (skimage's astronaut, 3 scales x 3
rotations) and on its horizontal mirror; the mirrored detections were flipped back and each
landmark assigned to its nearest original landmark by a minimum-cost one-to-one assignment
(Hungarian algorithm, cost = summed distance / inter-iris distance). The result is an involution
(``MIRROR_PAIRS[MIRROR_PAIRS[i]] == i`` for every i) with 28 self-paired midline points;
:func:`derive_mirror_pairs` repeats the derivation and a test checks that it still agrees.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import numpy as np
from numpy.typing import NDArray

from bellpath.case import Side

__all__ = [
    "BROW_LOWER",
    "BROW_UPPER",
    "EYE_CONTOUR",
    "EYE_INNER_CORNER",
    "EYE_OUTER_CORNER",
    "INNER_LIP_LOWER",
    "INNER_LIP_UPPER",
    "IRIS",
    "IRIS_CENTRE",
    "LID_LOWER",
    "LID_UPPER",
    "LIP_LOWER",
    "LIP_UPPER",
    "MIDLINE",
    "MIRROR_PAIRS",
    "MOUTH_CORNER",
    "derive_mirror_pairs",
    "mirror_pairs_array",
]

# --- eyes (lateral corner first, then towards the nose) -------------------------------------------
IRIS_CENTRE: Final = {Side.RIGHT: 468, Side.LEFT: 473}
IRIS: Final = {
    # centre, then contour: medial, top, lateral, bottom (checked on detections)
    Side.RIGHT: (468, 469, 470, 471, 472),
    Side.LEFT: (473, 476, 475, 474, 477),
}
EYE_OUTER_CORNER: Final = {Side.RIGHT: 33, Side.LEFT: 263}
EYE_INNER_CORNER: Final = {Side.RIGHT: 133, Side.LEFT: 362}
LID_UPPER: Final = {
    Side.RIGHT: (33, 246, 161, 160, 159, 158, 157, 173, 133),
    Side.LEFT: (263, 466, 388, 387, 386, 385, 384, 398, 362),
}
LID_LOWER: Final = {
    Side.RIGHT: (33, 7, 163, 144, 145, 153, 154, 155, 133),
    Side.LEFT: (263, 249, 390, 373, 374, 380, 381, 382, 362),
}
EYE_CONTOUR: Final = {s: LID_UPPER[s] + tuple(reversed(LID_LOWER[s][1:-1])) for s in Side}
"""Closed eye-opening polygon: upper lid lateral to medial, then lower lid back."""

# --- brows (lateral to medial) ------------------------------------------------------------------
BROW_UPPER: Final = {Side.RIGHT: (70, 63, 105, 66, 107), Side.LEFT: (300, 293, 334, 296, 336)}
BROW_LOWER: Final = {Side.RIGHT: (46, 53, 52, 65, 55), Side.LEFT: (276, 283, 282, 295, 285)}

# --- mouth (each side: corner to midline) ---------------------------------------------------------
MOUTH_CORNER: Final = {Side.RIGHT: 61, Side.LEFT: 291}
LIP_UPPER: Final = {Side.RIGHT: (61, 185, 40, 39, 37, 0), Side.LEFT: (291, 409, 270, 269, 267, 0)}
"""Outer upper-lip (vermilion) contour."""
LIP_LOWER: Final = {
    Side.RIGHT: (61, 146, 91, 181, 84, 17),
    Side.LEFT: (291, 375, 321, 405, 314, 17),
}
"""Outer lower-lip contour."""
INNER_LIP_UPPER: Final = {
    Side.RIGHT: (78, 191, 80, 81, 82, 13),
    Side.LEFT: (308, 415, 310, 311, 312, 13),
}
INNER_LIP_LOWER: Final = {
    Side.RIGHT: (78, 95, 88, 178, 87, 14),
    Side.LEFT: (308, 324, 318, 402, 317, 14),
}

# --- midline --------------------------------------------------------------------------------------
MIDLINE: Final = {
    "forehead": 10,
    "glabella": 168,
    "nose_tip": 1,
    "subnasale": 2,
    "upper_lip_outer": 0,
    "upper_lip_inner": 13,
    "lower_lip_inner": 14,
    "lower_lip_outer": 17,
    "chin": 152,
}

# fmt: off
MIRROR_PAIRS: Final[tuple[int, ...]] = (
    0, 1, 2, 248, 4, 5, 6, 249, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 250, 251, 252, 253,
    254, 255, 256, 257, 258, 259, 260, 261, 262, 263, 264, 265, 266, 267, 268, 269, 270, 271, 272,
    273, 274, 275, 276, 277, 278, 279, 280, 281, 282, 283, 284, 285, 286, 287, 288, 289, 290, 291,
    292, 293, 294, 295, 296, 297, 298, 299, 300, 301, 302, 303, 304, 305, 306, 307, 308, 309, 310,
    311, 312, 313, 314, 315, 316, 317, 318, 319, 320, 321, 322, 323, 94, 324, 325, 326, 327, 328,
    329, 330, 331, 332, 333, 334, 335, 336, 337, 338, 339, 340, 341, 342, 343, 344, 345, 346, 347,
    348, 349, 350, 351, 352, 353, 354, 355, 356, 357, 358, 359, 360, 361, 362, 363, 364, 365, 366,
    367, 368, 369, 370, 371, 372, 373, 374, 375, 376, 377, 378, 379, 151, 152, 380, 381, 382, 383,
    384, 385, 386, 387, 388, 389, 390, 164, 391, 392, 393, 168, 394, 395, 396, 397, 398, 399, 175,
    400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 418,
    195, 419, 197, 420, 199, 200, 421, 422, 423, 424, 425, 426, 427, 428, 429, 430, 431, 432, 433,
    434, 435, 436, 437, 438, 439, 440, 441, 442, 443, 444, 445, 446, 447, 448, 449, 450, 451, 452,
    453, 454, 455, 456, 457, 458, 459, 460, 461, 462, 463, 464, 465, 466, 467, 3, 7, 20, 21, 22,
    23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45,
    46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68,
    69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91,
    92, 93, 95, 96, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112,
    113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 126, 127, 128, 129, 130, 131,
    132, 133, 134, 135, 136, 137, 138, 139, 140, 141, 142, 143, 144, 145, 146, 147, 148, 149, 150,
    153, 154, 155, 156, 157, 158, 159, 160, 161, 162, 163, 165, 166, 167, 169, 170, 171, 172, 173,
    174, 176, 177, 178, 179, 180, 181, 182, 183, 184, 185, 186, 187, 188, 189, 190, 191, 192, 193,
    194, 196, 198, 201, 202, 203, 204, 205, 206, 207, 208, 209, 210, 211, 212, 213, 214, 215, 216,
    217, 218, 219, 220, 221, 222, 223, 224, 225, 226, 227, 228, 229, 230, 231, 232, 233, 234, 235,
    236, 237, 238, 239, 240, 241, 242, 243, 244, 245, 246, 247, 473, 476, 475, 474, 477, 468, 471,
    470, 469, 472
)
# fmt: on


def mirror_pairs_array() -> NDArray[np.int64]:
    """:data:`MIRROR_PAIRS` as an index array."""
    return np.asarray(MIRROR_PAIRS, dtype=np.int64)


def derive_mirror_pairs(
    originals: Sequence[NDArray[np.float64]],
    mirrored: Sequence[NDArray[np.float64]],
    widths: Sequence[int],
) -> NDArray[np.int64]:
    """Derive the mirror pairing from detections on images and on their horizontal mirrors.

    Parameters
    ----------
    originals : sequence of ndarray, shape (N, 2+)
        Landmarks detected on each image.
    mirrored : sequence of ndarray, shape (N, 2+)
        Landmarks detected on each image's horizontal mirror ``image[:, ::-1]``.
    widths : sequence of int
        Width in pixels of each image.

    Returns
    -------
    ndarray of int, shape (N,)
        ``pairs[i]``: the original landmark closest (in total over all images) to mirrored
        landmark ``i`` flipped back, under a one-to-one assignment.

    Notes
    -----
    A flipped-back landmark ``i`` of the mirrored image lies where the detector would put its
    mirror partner on the original, so the minimum-cost assignment (Kuhn-Munkres) between the two
    sets recovers the pairing. Costs are normalised by the inter-iris distance of each image.
    """
    from scipy.optimize import linear_sum_assignment  # noqa: PLC0415 - only for derivation

    n = originals[0].shape[0]
    cost = np.zeros((n, n))
    for orig, mirr, width in zip(originals, mirrored, widths, strict=True):
        back = np.array(mirr[:, :2], dtype=np.float64)
        back[:, 0] = width - back[:, 0]
        o = np.asarray(orig[:, :2], dtype=np.float64)
        scale = float(np.linalg.norm(o[468] - o[473])) if n > 473 else 1.0
        cost += np.linalg.norm(back[:, None, :] - o[None, :, :], axis=2) / scale
    _, cols = linear_sum_assignment(cost)
    return np.asarray(cols, dtype=np.int64)
