"""Results of the laboratory tests the generator writes: a blood count and the tumour marker
ordered at the first oncology visit, as contained Observations of their DiagnosticReport
(LOINC code, Russian name, `valueQuantity` with a UCUM code and the unit a Russian lab form
prints). Each result is one `Observation` inside the report, so the region keeps its number
of resources.

The tumour marker is the one the clinical guideline of the suspected site asks for
(domain/data/guidelines: CA-125 for the corpus uteri, ПСА for the prostate, СА 19-9 for the
pancreas, SCC for the cervix), read from the LOINC codes its laboratory items recognise, so
that the passport's guideline check finds it; a site whose guideline names none of the
markers below keeps CEA. The choice depends on the site only and draws nothing.

The values come from a generator of their own, seeded by (seed, person index): drawing them
moves no other draw of the person, so a region keeps every record, date and count it had
before its reports carried results, and stays byte-identical for the same seed.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from domain.guidelines import recommendations_for
from synth.fhir import LOINC, UCUM, coded
from synth.shares import SITES

Body = dict[str, Any]


@dataclass(frozen=True)
class Analyte:
    """One measured quantity: its LOINC code and name, the unit as printed and in UCUM."""

    loinc: str
    name: str
    unit: str
    ucum: str
    decimals: int


HAEMOGLOBIN = Analyte("718-7", "Гемоглобин", "г/л", "g/L", 0)
ERYTHROCYTES = Analyte("789-8", "Эритроциты", "×10¹²/л", "10*12/L", 2)
LEUKOCYTES = Analyte("6690-2", "Лейкоциты", "×10⁹/л", "10*9/L", 1)
PLATELETS = Analyte("777-3", "Тромбоциты", "×10⁹/л", "10*9/L", 0)
ESR = Analyte("30341-2", "СОЭ", "мм/ч", "mm/h", 0)


@dataclass(frozen=True)
class Marker:
    """A tumour marker: how its value spreads below and above the upper limit of normal, and
    the share of tumours (by site group of synth/shares.py) raising it when first seen."""

    analyte: Analyte
    normal: tuple[float, float, float, float]  # median, sigma (log scale), lowest, highest
    raised: tuple[float, float, float, float]
    raised_share: Mapping[str, float]
    raised_other_site: float
    raised_no_cancer: float  # a suspicion that is never confirmed

    @property
    def test(self) -> dict[str, Any]:
        """The ordered test and its report: the marker's LOINC code, «… в крови»."""
        return coded(LOINC, self.analyte.loinc, f"{self.analyte.name} в крови")


# Shares are assumptions rounded from the usual sensitivity figures at diagnosis; upper
# limits of normal are those of Russian lab forms (РЭА 5 нг/мл, СА-125 35 Ед/мл, СА 19-9
# 37 Ед/мл, ПСА 4 нг/мл, SCC 1,5 нг/мл). CEA is highest in colorectal, gastric and
# pancreatic cancer; others, and people with no cancer, seldom raise it.
CEA = Marker(Analyte("2039-6", "Раково-эмбриональный антиген (РЭА)", "нг/мл", "ng/mL", 1),
             normal=(1.8, 0.5, 0.3, 4.9), raised=(14.0, 0.9, 5.1, 480.0),
             raised_share={"C18": 0.45, "C19-C21": 0.45, "C25": 0.4, "C16": 0.3,
                           "C33-C34": 0.3, "C15": 0.25, "C50": 0.2, "C22": 0.2},
             raised_other_site=0.08, raised_no_cancer=0.04)
CA_125 = Marker(Analyte("10334-1", "Онкомаркер СА-125", "Ед/мл", "U/mL", 1),
                normal=(12.0, 0.5, 2.0, 34.0), raised=(110.0, 1.0, 36.0, 5000.0),
                raised_share={"C54": 0.25, "C56": 0.8},
                raised_other_site=0.06, raised_no_cancer=0.06)
CA_19_9 = Marker(Analyte("24108-3", "Онкомаркер СА 19-9", "Ед/мл", "U/mL", 1),
                 normal=(9.0, 0.6, 1.0, 36.0), raised=(300.0, 1.3, 38.0, 20000.0),
                 raised_share={"C25": 0.75, "C16": 0.3, "C18": 0.2, "C19-C21": 0.2},
                 raised_other_site=0.06, raised_no_cancer=0.06)
PSA = Marker(Analyte("2857-1", "Простатспецифический антиген (ПСА) общий", "нг/мл", "ng/mL", 2),
             normal=(1.3, 0.6, 0.1, 3.9), raised=(11.0, 0.9, 4.1, 2000.0),
             raised_share={"C61": 0.9},
             # a prostate suspicion usually starts from a raised PSA, and biopsy may find none
             raised_other_site=0.08, raised_no_cancer=0.4)
SCC = Marker(Analyte("9679-2", "Антиген плоскоклеточной карциномы", "нг/мл", "ng/mL", 1),
             normal=(0.8, 0.35, 0.1, 1.4), raised=(4.5, 0.9, 1.6, 70.0),
             raised_share={"C53": 0.6, "C00-C14": 0.4, "C15": 0.4, "C32": 0.4,
                           "C33-C34": 0.3},
             raised_other_site=0.05, raised_no_cancer=0.05)
MARKERS = {marker.analyte.loinc: marker for marker in (CEA, CA_125, CA_19_9, PSA, SCC)}


def marker_for_icd10(icd10: str) -> Marker:
    """The first marker a laboratory item of `icd10`'s guideline recognises by LOINC; CEA
    when the guideline names none of `MARKERS` (or there is no guideline)."""
    for recommendation in recommendations_for(icd10, None):
        if "laboratory" in recommendation.recognise.kinds:
            for code in recommendation.recognise.loinc:
                if code in MARKERS:
                    return MARKERS[code]
    return CEA


@cache
def marker_for(site_group: str | None) -> Marker:
    """The marker ordered on suspicion of a tumour of `site_group` (a `shares.SITES` group):
    that of its first ICD-10 code (every code of a site falls under the same guideline)."""
    site = next((site for site in SITES if site.group == site_group), None)
    return CEA if site is None else marker_for_icd10(site.codes[0])


def results_rng(seed: int, index: int) -> random.Random:
    """The generator of person `index`'s test results (str seeds hash the same every run)."""
    return random.Random(f"lab-results:{seed}:{index}")


class LabResults:
    """Draws one person's results: a blood count by sex, a tumour marker by site."""

    def __init__(self, rng: random.Random, sex: str) -> None:
        self.rng = rng
        self.male = sex == "male"

    def _lognormal(self, median: float, sigma: float) -> float:
        return median * math.exp(self.rng.gauss(0.0, sigma))

    def blood_count(self, cancer: bool) -> list[Body]:
        """Haemoglobin, erythrocytes, leukocytes, platelets and ESR; a cancer patient's blood
        is somewhat more often anaemic, with a faster ESR."""
        rng = self.rng
        haemoglobin = rng.gauss(146 if self.male else 131, 11) - (rng.uniform(0, 22) if cancer
                                                                  else 0)
        haemoglobin = min(185.0, max(65.0, haemoglobin))
        erythrocytes = haemoglobin / rng.gauss(30.0, 1.8)  # Hb (г/л) / MCH (пг)
        leukocytes = min(24.0, max(2.1, self._lognormal(6.4, 0.25)))
        platelets = min(620.0, max(70.0, rng.gauss(255 if cancer else 245, 55)))
        esr = self._lognormal(7 if self.male else 10, 0.45) * (1.8 if cancer else 1.0)
        esr = min(75.0, max(2.0, esr))
        return [quantity(HAEMOGLOBIN, haemoglobin), quantity(ERYTHROCYTES, erythrocytes),
                quantity(LEUKOCYTES, leukocytes), quantity(PLATELETS, platelets),
                quantity(ESR, esr)]

    def tumour_marker(self, marker: Marker, site_group: str | None) -> list[Body]:
        """`marker`: above its upper limit of normal in a share of the tumours of
        `site_group` (None: no cancer)."""
        share = marker.raised_no_cancer if site_group is None else marker.raised_share.get(
            site_group, marker.raised_other_site)
        median, sigma, lowest, highest = (marker.raised if self.rng.random() < share
                                          else marker.normal)
        value = min(highest, max(lowest, self._lognormal(median, sigma)))
        return [quantity(marker.analyte, value)]


def quantity(analyte: Analyte, value: float) -> Body:
    """A final Observation of `analyte` (without id: the report numbers its results)."""
    rounded: float | int = round(value, analyte.decimals) if analyte.decimals else round(value)
    return {"resourceType": "Observation", "status": "final",
            "code": {"coding": [{"system": LOINC, "code": analyte.loinc,
                                 "display": analyte.name}]},
            "valueQuantity": {"value": rounded, "unit": analyte.unit,
                              "system": UCUM, "code": analyte.ucum}}
