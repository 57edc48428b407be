"""Results of the laboratory tests the generator writes: a blood count and the tumour marker
ordered at the first oncology visit, as contained Observations of their DiagnosticReport
(LOINC code, Russian name, `valueQuantity` with a UCUM code and the unit a Russian lab form
prints). Each result is one `Observation` inside the report, so the region keeps its number
of resources.

The values come from a generator of their own, seeded by (seed, person index): drawing them
moves no other draw of the person, so a region keeps every record, date and count it had
before its reports carried results, and stays byte-identical for the same seed.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Any

from synth.fhir import LOINC, UCUM

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
CEA = Analyte("2039-6", "Раково-эмбриональный антиген (РЭА)", "нг/мл", "ng/mL", 1)

# The share of tumours of a site group raising CEA above 5 ng/mL when first seen (highest in
# colorectal, gastric and pancreatic cancer); others, and people with no cancer, seldom do.
CEA_RAISED_SHARE = {"C18": 0.45, "C19-C21": 0.45, "C25": 0.4, "C16": 0.3, "C33-C34": 0.3,
                    "C15": 0.25, "C50": 0.2, "C22": 0.2}
CEA_RAISED_OTHER_SITE = 0.08
CEA_RAISED_NO_CANCER = 0.04


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

    def tumour_marker(self, site_group: str | None) -> list[Body]:
        """CEA: above 5 ng/mL in a share of the tumours of `site_group` (None: no cancer)."""
        share = CEA_RAISED_NO_CANCER if site_group is None else CEA_RAISED_SHARE.get(
            site_group, CEA_RAISED_OTHER_SITE)
        if self.rng.random() < share:
            value = min(480.0, max(5.1, self._lognormal(14.0, 0.9)))
        else:
            value = min(4.9, max(0.3, self._lognormal(1.8, 0.5)))
        return [quantity(CEA, value)]


def quantity(analyte: Analyte, value: float) -> Body:
    """A final Observation of `analyte` (without id: the report numbers its results)."""
    rounded: float | int = round(value, analyte.decimals) if analyte.decimals else round(value)
    return {"resourceType": "Observation", "status": "final",
            "code": {"coding": [{"system": LOINC, "code": analyte.loinc,
                                 "display": analyte.name}]},
            "valueQuantity": {"value": rounded, "unit": analyte.unit,
                              "system": UCUM, "code": analyte.ucum}}
