"""The sources behind bellpath's numbers and advice, in one place (see docs/parameters.md).

Each constant is the short citation printed beside a piece of advice. Full references, with what
each source supports, are in /docs/engine.md and docs/parameters.md.
"""

from __future__ import annotations

__all__ = [
    "AAO_HNS_2013",
    "AAO_HNS_KAS2",
    "AAO_HNS_KAS5",
    "ARUP_HOMOCYSTEINE",
    "BABL_2022",
    "BABL_2024",
    "BMJ_BP_ENOG",
    "BSH_2014",
    "EFSA_2023",
    "HUSSAIN_2017",
    "IOM_1998",
    "LEKLEM_1990",
    "MAYO_B1",
    "MAYO_MMA",
    "MONSANTO_2016",
    "MURAKAMI_1997",
    "NICE_CKS",
    "NICE_CKS_REFERRAL",
    "NICE_NG128",
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
    "Patient-education article from a facial rehabilitation practice on vitamin B12 and the "
    "stages of recovery from Bell's palsy"
)
AAO_HNS_2013 = (
    "Baugh RF et al. Clinical Practice Guideline: Bell's Palsy. "
    "Otolaryngol Head Neck Surg 2013;149(3 Suppl):S1-S27"
)
NICE_CKS = "NICE Clinical Knowledge Summaries: Bell's palsy"
NICE_CKS_REFERRAL = (
    "NICE Clinical Knowledge Summaries: Bell's palsy, referral (refer urgently for upper motor "
    "neurone signs, features suggesting cancer, systemic or severe local infection, or trauma)"
)
AAO_HNS_KAS2 = f"{AAO_HNS_2013}, key action statement 2 (no routine laboratory tests)"
AAO_HNS_KAS5 = f"{AAO_HNS_2013}, key action statement 5 (antiviral only together with a steroid)"
NICE_NG128 = (
    "NICE guideline NG128: Stroke and transient ischaemic attack in over 16s, recommendation 1.1 "
    "(sudden facial weakness with arm weakness or speech disturbance: FAST, emergency admission)"
)
MURAKAMI_1997 = (
    "Murakami S et al. Treatment of Ramsay Hunt syndrome with acyclovir-prednisone: significance "
    "of early diagnosis and treatment. Ann Neurol 1997;41(3):353-357"
)
MONSANTO_2016 = (
    "Monsanto RD et al. Treatment and prognosis of facial palsy on Ramsay Hunt syndrome: results "
    "based on a review of the literature. Int Arch Otorhinolaryngol 2016;20(4):394-400"
)
BABL_2022 = (
    "Babl FE et al. Efficacy of prednisolone for Bell palsy in children: a randomized, "
    "double-blind, placebo-controlled, multicenter trial. Neurology 2022;99(20):e2241-e2252"
)
BABL_2024 = (
    "Babl FE et al. Facial function in Bell palsy in a cohort of children randomized to "
    "prednisolone or placebo 12 months after diagnosis. Pediatr Neurol 2024;153:44-47"
)
HUSSAIN_2017 = (
    "Hussain A et al. Bell's facial nerve palsy in pregnancy: a clinical review. "
    "J Obstet Gynaecol 2017;37(4):409-415"
)
BMJ_BP_ENOG = (
    "BMJ Best Practice: Bell's palsy, electroneurography (interpretable 72 hours to 14 days after "
    "onset, complete paralysis only)"
)
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
