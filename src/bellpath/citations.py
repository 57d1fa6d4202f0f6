"""The sources behind bellpath's numbers and advice, in one place (see docs/parameters.md).

Each constant is the short citation printed beside a piece of advice. Full references, with what
each source supports, are in /docs/engine.md and docs/parameters.md.
"""

from __future__ import annotations

__all__ = [
    "AAO_HNS_2013",
    "ARUP_HOMOCYSTEINE",
    "BSH_2014",
    "EFSA_2023",
    "IOM_1998",
    "LEKLEM_1990",
    "MAYO_B1",
    "MAYO_MMA",
    "NICE_CKS",
    "NICE_NG239",
    "PEITERSEN_2002",
    "PROJECT",
    "SEIDEL_2001",
    "SOURCE_DOCUMENT",
    "SULLIVAN_2007",
    "UK_EVM_2003",
    "UNIT_FACTORS",
    "WANG_2015",
]

SOURCE_DOCUMENT = (
    "Vitamin B12 and the stages of Bell's palsy recovery (rehabilitation article, bellpath seed "
    "document 000_3373cef04ddd185c)"
)
AAO_HNS_2013 = (
    "Baugh RF et al. Clinical Practice Guideline: Bell's Palsy. "
    "Otolaryngol Head Neck Surg 2013;149(3 Suppl):S1-S27"
)
NICE_CKS = "NICE Clinical Knowledge Summaries: Bell's palsy"
PEITERSEN_2002 = (
    "Peitersen E. Bell's palsy: the spontaneous course of 2,500 peripheral facial nerve palsies. "
    "Acta Otolaryngol Suppl 2002;(549):4-30"
)
SULLIVAN_2007 = (
    "Sullivan FM et al. Early treatment with prednisolone or acyclovir in Bell's palsy. "
    "N Engl J Med 2007;357:1598-1607"
)
BSH_2014 = (
    "Devalia V et al. (British Society for Haematology) Guidelines for the diagnosis and treatment "
    "of cobalamin and folate disorders. Br J Haematol 2014;166:496-513"
)
NICE_NG239 = "NICE guideline NG239: Vitamin B12 deficiency in over 16s (2024)"
MAYO_MMA = "Mayo Clinic Laboratories: methylmalonic acid, serum (reference <= 0.40 umol/L)"
ARUP_HOMOCYSTEINE = "ARUP Laboratories: homocysteine, total (reference <= 15 umol/L)"
MAYO_B1 = "Mayo Clinic Laboratories: vitamin B1, whole blood (reference 70-180 nmol/L)"
IOM_1998 = (
    "Institute of Medicine. Dietary Reference Intakes for thiamin, riboflavin, niacin, vitamin B6, "
    "folate, vitamin B12, pantothenic acid, biotin and choline. 1998"
)
LEKLEM_1990 = "Leklem JE. Vitamin B-6: a status report. J Nutr 1990;120 Suppl 11:1503-7"
EFSA_2023 = (
    "EFSA NDA Panel. Scientific opinion on the tolerable upper intake level for vitamin B6. "
    "EFSA Journal 2023;21(5):8006"
)
UK_EVM_2003 = (
    "Expert Group on Vitamins and Minerals. Safe Upper Levels for Vitamins and Minerals. "
    "Food Standards Agency 2003"
)
SEIDEL_2001 = (
    "Seidel S et al. Assessment of commercial laboratories performing hair mineral analysis. "
    "JAMA 2001;285:67-72"
)
WANG_2015 = (
    "Wang 2015, meta-analysis of 5 trials (344 patients) of vitamin B12 in Bell's palsy: "
    "no high-quality evidence. Neural Regen Res 2015;10(5)"
)
UNIT_FACTORS = (
    "Unit factors from molar masses: cobalamin 1355.4 g/mol (pmol/L = pg/mL x 0.738); "
    "others per bellpath clinical reference section 4.2"
)
PROJECT = "bellpath project convention (documented in docs/parameters.md; override as needed)"
