"""The staging imaging study ordered at the first oncology visit, chosen by the suspected site's
clinical guideline (domain/data/guidelines) so that the passport's guideline check finds it:
pelvic MRI for the corpus uteri, the cervix and the prostate, abdominal CT for the pancreas
and the bladder, chest and abdominal CT for the kidney, the colon, the rectum and the
stomach, mammography for the breast; chest CT where the guideline is content with it (lung)
or asks for no study of `STUDIES` (melanoma, skin, sites without a guideline).

A study counts when the record the passport makes of its report — an instrumental record
with the study's LOINC code and its Russian name as text — satisfies a diagnostics item of the
guideline: the imaging items list no LOINC code, so the name carries one of their keywords.
The choice depends on the site only and draws nothing, so a region keeps every record, date
and count it had when every site got chest CT.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from domain.guidelines import Recommendation, RecordFact, recommendations_for
from synth.fhir import LOINC, coded
from synth.shares import SITES

STAGES = ("I", "II", "III", "IV")
_ANY_DAY = date(2000, 1, 1)  # recognising a record does not depend on its date


@dataclass(frozen=True)
class Study:
    """An imaging study: its LOINC code and the name a Russian MIS gives it."""

    loinc: str
    name: str

    @property
    def code(self) -> dict[str, Any]:
        """The ordered study and its report's code."""
        return coded(LOINC, self.loinc, self.name)

    def satisfies(self, recommendation: Recommendation) -> bool:
        """True when the passport's record of this study's report meets `recommendation`."""
        fact = RecordFact(kind="instrumental", on=_ANY_DAY, codes=frozenset({self.loinc}),
                          text=self.name)
        return bool(recommendation.recognise.met_on([fact]))


# LOINC codes as in HL7's «LOINC Imaging Document Codes» value set (C-CDA on FHIR) and the
# IPS imaging example (79103-8); the names are those of Russian referral forms.
CHEST_CT = Study("24627-2", "КТ органов грудной клетки")  # CT Chest
CHEST_ABDOMEN_CT = Study(  # CT Chest and Abdomen W contrast IV
    "42275-8", "КТ органов грудной клетки, брюшной полости и забрюшинного пространства "
    "с внутривенным контрастированием")
ABDOMEN_CT = Study(  # CT Abdomen W contrast IV
    "79103-8", "КТ органов брюшной полости с внутривенным контрастированием")
PELVIS_MRI = Study(  # MR Pelvis W contrast IV
    "36237-6", "МРТ малого таза с внутривенным контрастированием")
MAMMOGRAPHY = Study("24605-8", "Маммография")  # MG Breast Diagnostic
# Chest CT first: it wins a tie, so a site it serves as well as another study keeps it.
STUDIES = (CHEST_CT, CHEST_ABDOMEN_CT, ABDOMEN_CT, PELVIS_MRI, MAMMOGRAPHY)


def _items_met(study: Study, icd10: str) -> int:
    """The guideline's diagnostics items `study` satisfies, counted once for each stage they
    apply to: an item of every stage outweighs one asked only in advanced disease."""
    return sum(study.satisfies(recommendation)
               for stage in STAGES for recommendation in recommendations_for(icd10, stage)
               if recommendation.group == "diagnostics")


def study_for_icd10(icd10: str) -> Study:
    """The study of `STUDIES` meeting the most of `icd10`'s guideline items, chest CT on a tie
    or when none meets any (or there is no guideline)."""
    return max(STUDIES, key=lambda study: _items_met(study, icd10))  # max keeps the first


@cache
def study_for(site_group: str | None) -> Study:
    """The study ordered on suspicion of a tumour of `site_group` (a `shares.SITES` group):
    that of its first ICD-10 code (every code of a site falls under the same guideline)."""
    site = next((site for site in SITES if site.group == site_group), None)
    return CHEST_CT if site is None else study_for_icd10(site.codes[0])
