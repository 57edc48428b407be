"""Every share the synthetic region uses, and where it comes from.

The numbers are rounded from the two yearly reports of the P. A. Herzen Moscow Oncology
Research Institute (МНИОИ им. П. А. Герцена):

* [K] Каприн А. Д., Старинский В. В., Шахзадова А. О. (ред.) «Злокачественные
  новообразования в России в 2022/2023 году (заболеваемость и смертность)»;
* [S] Каприн А. Д. и др. (ред.) «Состояние онкологической помощи населению России в
  2022/2023 году».

They are **approximate** (read from the summary tables, rounded to whole percent, some
small sites merged into "other"); they make a region that *looks* Russian, they are not
statistics. Where no published figure exists (MIS behaviour, data-quality noise, timeliness
tails) the share is an **assumption** and says so. Tests check the generated shares against
``EXPECTED_RANGES`` below.

Population shares (per generated person)
-----------------------------------------
* ``PERSON_KIND_SHARES``: 12 % oncology patients, 6 % suspicion not confirmed, 82 % people
  with no cancer. *Assumption*: a real region has ~2.7 % of people on the oncology register
  [S], but the generator concentrates on pathways; the non-cancer majority is noise.

Tumours (per new primary tumour)
--------------------------------
* Site mix ``SITES``: share of all new cases by sex, [K] table "structure of incidence"
  (2022–2023): men — prostate ~16 %, lung ~15 %, skin (non-melanoma) ~10 %, colon ~7 %,
  stomach ~7 %, rectum ~6 %, kidney ~5 %, bladder ~4.5 %, pancreas ~3.5 %, lymphoid ~4.5 %;
  women — breast ~22 %, skin ~14 %, corpus uteri ~8 %, colon ~7.5 %, cervix ~4.5 %,
  stomach ~4 %, ovary ~4 %, thyroid ~4 %, rectum ~4.5 %, lung ~4 %. Remaining sites are
  merged into the rows below at their approximate weight. Men are ~46 % of new cases [K]
  (``MALE_SHARE_OF_CANCER``).
* Stage mix per site (I, II, III, IV, unknown): [S] table "distribution of new cases by
  stage" (2023). Weighted by the site mix the draw gives ~59 % stage I–II (national
  2023: 59.9 %), ~17 % stage III, ~20 % stage IV, ~3 % unknown; the screening shift below
  brings the generated share of I–II to ~61–62 %.
* Age at diagnosis: normal(mean 65, sd 11) clipped to 25–95 (median age of new cases ~66,
  [K]).
* ``MORPH_VERIFIED_SHARE`` 95 %: morphological verification of new cases (2023: 95.6 %, [S]);
  ``CYTOLOGY_SHARE`` 10 % of the verified ones by cytology (*assumption*).
* ``STAGE_LABELS`` / ``STAGE_SUFFIXES``: stage groups and the sub-stages written in
  ``stage.summary`` (IIA, IIIB…); ``VISUAL_SITE_PREFIXES``: the visually accessible sites
  of domain.md §2 (stage III there is a neglected case).
* ``ACTIVE_DETECTION_SHARE`` 30 %: found at a preventive exam (2023: ~31 %, [S]).
* ``MULTIPLE_PRIMARY_SHARE`` 6 %: a second primary (primary multiple ~ 6–7 % of new cases).
* ``MOVED_AWAY_YEARLY`` 1 % of oncology patients a year leave the region (removed from
  dispensary observation, no records afterwards; their later death is unknown to the
  region) — *assumption*. ``BASAL_CELL_REMOVAL_MONTHS`` 60: basal-cell skin cancer (C44,
  morphology 809x) without relapse is removed after 5 years (domain.md §3).
* ``RELAPSE_SHARE`` 8 % of survivors of the first year: relapse/progression (*assumption*).
* One-year mortality by stage ``ONE_YEAR_DEATH_BY_STAGE``: I 3 %, II 7 %, III 20 %, IV 52 %,
  unknown 30 % — weighted by the stage mix ≈ 17 % (national 2023: 19.0 % → 2024 target
  17.3 %; [S]). Later years: yearly hazard ``LATER_YEARLY_DEATH_BY_STAGE``.

* ``SCREENING_DOWNSTAGE_SHARE`` 30 %: a stage III–IV draw becomes II when found at a
  preventive exam (screen-detected cancers are earlier); included in the ~60 % above.
* ``MAIN_MORPHOLOGY_SHARE`` 75 %: the site's most frequent morphology (*assumption*).

People and ordinary care (*assumptions*)
----------------------------------------
* ``CITY_DISTRICT_SHARE`` 35 % of people live in the regional centre (district 0).
* Non-cancer care over the last 4 years: 0–4 polyclinic visits (0–2 for cancer patients),
  ``ORDINARY_PREVENTIVE_SHARE`` 30 % of them preventive exams, ``ORDINARY_DIAGNOSIS_SHARE``
  50 % with a chronic diagnosis, ``ORDINARY_LAB_SHARE`` 40 % with a blood count;
  ``ORDINARY_HOSPITAL_SHARE`` 15 % of people have a hospital stay,
  ``ORDINARY_COMMERCIAL_SHARE`` 8 % an MRI in a commercial clinic.
* ``NON_CANCER_DEATH_SHARE`` 1 % of people without cancer die within the last 3 years;
  ``DEATH_AT_HOME_SHARE`` 60 %: the death certificate comes from the home polyclinic,
  else from the district hospital.

Pathway behaviour (all *assumptions* calibrated to "most steps on time, a tail late")
-------------------------------------------------------------------------------------
* ``ON_TIME_SHARE``: D1 85 %, D2 80 %, D3 85 %, D4 78 %, D5 80 %; the rest is late by
  1–20 working days (geometric tail).
* ``STALL_SHARE`` 4 %: pathway stops after the referral or after diagnostics.
* ``REFUSAL_SHARE`` 3 %: refusal of hospitalization (half of them come back later).
* ``BOARD_BEFORE_TREATMENT_SHARE`` 90 %; the rest are treated with no board or a late board.
* ``NEGLECT_PROTOCOL_SHARE`` 80 %: a neglected case gets its 027-2/у protocol.
* ``NOTIFICATION_SHARE`` 95 %: a new cancer gets its 090/у notification.
* ``NO_DISPENSARY_SHARE`` 5 %: dispensary observation never established.
* Dispensary visits: ``VISIT_ON_TIME_SHARE`` 75 % on time, ``VISIT_LATE_SHARE`` 15 % late
  (1–3 months), 10 % missed (the patient comes only at the following interval).
* ``NMIC_SHARE`` 5 %: telemedicine with the federal centre and a ВМП coupon.
* ``SUSPICION_Z031_SHARE`` 60 %: the suspicion is coded Z03.1, else the provisional C code.
* ``UNCONFIRMED_BIOPSY_SHARE`` 60 %: an unconfirmed suspicion had a (benign) biopsy.
* ``REFUSAL_RETURN_SHARE`` 50 %: a patient who refused comes back 15–60 working days later.
* ``REHABILITATION_SHARE`` 15 %: rehabilitation after surgery.

Noise (per record or per person; *assumptions*)
-----------------------------------------------
* ``SECOND_MIS_SNILS_MISSING`` 15 %: a copy of a Patient in another MIS has no СНИЛС;
  ``HOME_SNILS_MISSING`` 3 % in the home polyclinic.
* ``NAME_VARIANT_SHARE`` 25 % of non-home Patient copies carry a spelling variant
  (Ё/Е 40 % when the name has an ё, else a typo;
  typo 40 %; swapped family/given 20 %).
* ``LATE_RECORD_SHARE`` 3 % of records arrive at the end of the batch, after later people;
  ``PATIENT_LAST_SHARE`` 5 %: a source sends the Patient after its records.
* ``CORRECTION_SHARE`` 4 % of diagnoses get a second version (stage corrected), a third of
  those arrive older-version-last; ``RETRACTION_SHARE`` 3 % of routine lab reports are sent
  twice and the duplicate is later marked entered-in-error.
* ``OLDER_VERSION_LAST_SHARE`` 1/3 of corrected records send version 1 after version 2.
* ``ENP_PRESENT_SHARE`` 70 %: a Patient carries the ЕНП; ``DEATH_KNOWN_ELSEWHERE_SHARE`` 50 %:
  a non-home MIS also records the death on its Patient.
* ``BROKEN_SHARE`` 0.5 % of people get one broken record (five kinds, equal shares).
* ``IDENTIFIER_REFERENCE_SHARE`` 3 %: a subject referenced by СНИЛС instead of ``Patient/id``.
"""

from __future__ import annotations

from dataclasses import dataclass

PERSON_KIND_SHARES: dict[str, float] = {"cancer": 0.12, "suspicion": 0.06, "none": 0.82}
MALE_SHARE_OF_CANCER = 0.46

MORPH_VERIFIED_SHARE = 0.95
CYTOLOGY_SHARE = 0.10
ACTIVE_DETECTION_SHARE = 0.30
MULTIPLE_PRIMARY_SHARE = 0.06
RELAPSE_SHARE = 0.08
NMIC_SHARE = 0.05

ONE_YEAR_DEATH_BY_STAGE: dict[str, float] = {"I": 0.03, "II": 0.07, "III": 0.20, "IV": 0.52,
                                             "unknown": 0.30}
LATER_YEARLY_DEATH_BY_STAGE: dict[str, float] = {"I": 0.01, "II": 0.03, "III": 0.08, "IV": 0.25,
                                                 "unknown": 0.10}
NON_CANCER_DEATH_SHARE = 0.01
MOVED_AWAY_YEARLY = 0.01
BASAL_CELL_REMOVAL_MONTHS = 60
DEATH_AT_HOME_SHARE = 0.6
SCREENING_DOWNSTAGE_SHARE = 0.3
MAIN_MORPHOLOGY_SHARE = 0.75
CITY_DISTRICT_SHARE = 0.35
ORDINARY_PREVENTIVE_SHARE = 0.3
ORDINARY_DIAGNOSIS_SHARE = 0.5
ORDINARY_LAB_SHARE = 0.4
ORDINARY_HOSPITAL_SHARE = 0.15
ORDINARY_COMMERCIAL_SHARE = 0.08
SUSPICION_Z031_SHARE = 0.6
UNCONFIRMED_BIOPSY_SHARE = 0.6
REFUSAL_RETURN_SHARE = 0.5
REHABILITATION_SHARE = 0.15

ON_TIME_SHARE: dict[str, float] = {"D1": 0.85, "D2": 0.80, "D3": 0.85, "D4": 0.78, "D5": 0.80}
STALL_SHARE = 0.04
REFUSAL_SHARE = 0.03
BOARD_BEFORE_TREATMENT_SHARE = 0.90
NEGLECT_PROTOCOL_SHARE = 0.80
NOTIFICATION_SHARE = 0.95
NO_DISPENSARY_SHARE = 0.05
VISIT_ON_TIME_SHARE = 0.75
VISIT_LATE_SHARE = 0.15  # the rest of the visits are missed

SECOND_MIS_SNILS_MISSING = 0.15
HOME_SNILS_MISSING = 0.03
NAME_VARIANT_SHARE = 0.25
LATE_RECORD_SHARE = 0.03
PATIENT_LAST_SHARE = 0.05
CORRECTION_SHARE = 0.04
RETRACTION_SHARE = 0.03
BROKEN_SHARE = 0.005
OLDER_VERSION_LAST_SHARE = 1 / 3
ENP_PRESENT_SHARE = 0.7
DEATH_KNOWN_ELSEWHERE_SHARE = 0.5
IDENTIFIER_REFERENCE_SHARE = 0.03

#: (low, high) bounds that tests check on a few thousand people; wide enough for sampling noise.
EXPECTED_RANGES: dict[str, tuple[float, float]] = {
    "cancer_person_share": (0.09, 0.15),
    "non_cancer_person_share": (0.75, 0.88),
    "early_detection": (0.52, 0.68),
    "one_year_mortality": (0.10, 0.26),
    "morphological_verification": (0.90, 0.99),
    "active_detection": (0.22, 0.38),
    "breast_share_of_women": (0.15, 0.30),
    "prostate_share_of_men": (0.10, 0.23),
    "d1_met": (0.75, 0.95),
}


@dataclass(frozen=True)
class Site:
    """One tumour site row: ICD-10 codes, weights by sex, morphologies and stage mix."""

    group: str               # site group label, also used in routing.csv
    codes: tuple[str, ...]   # ICD-10 codes drawn uniformly
    men: float               # share of new cases among men, percent
    women: float             # share of new cases among women, percent
    morphologies: tuple[str, ...]  # ICD-O-3 codes, the first is the most frequent
    stages: tuple[float, float, float, float, float]  # I, II, III, IV, unknown, percent
    treatment: str           # "surgery", "radiotherapy", "drugs": main first treatment
    paired: bool = False     # laterality recorded


SITES: tuple[Site, ...] = (
    Site("C50", ("C50.4", "C50.8", "C50.9", "C50.2"), 0.0, 22.0, ("8500/3", "8520/3"),
         (27, 45, 18, 8, 2), "surgery", paired=True),
    Site("C33-C34", ("C34.1", "C34.3", "C34.9"), 15.0, 4.0, ("8140/3", "8070/3", "8041/3"),
         (17, 10, 23, 48, 2), "drugs", paired=True),
    Site("C61", ("C61",), 16.0, 0.0, ("8140/3",), (22, 42, 18, 16, 2), "radiotherapy"),
    Site("C44", ("C44.3", "C44.4", "C44.7"), 10.0, 14.0, ("8090/3", "8070/3"),
         (80, 17, 2, 0.5, 0.5), "surgery"),
    Site("C18", ("C18.0", "C18.2", "C18.7", "C18.9"), 7.0, 7.5, ("8140/3", "8480/3"),
         (11, 37, 26, 24, 2), "surgery"),
    Site("C19-C21", ("C20", "C19", "C21.0"), 6.0, 4.5, ("8140/3",), (13, 39, 26, 20, 2),
         "surgery"),
    Site("C16", ("C16.0", "C16.2", "C16.9"), 7.0, 4.0, ("8140/3", "8490/3"),
         (23, 14, 21, 40, 2), "surgery"),
    Site("C64", ("C64",), 5.0, 3.5, ("8312/3",), (52, 14, 12, 20, 2), "surgery", paired=True),
    Site("C67", ("C67.9",), 4.5, 1.0, ("8120/3",), (52, 29, 8, 9, 2), "surgery"),
    Site("C25", ("C25.0", "C25.9"), 3.5, 3.0, ("8500/3",), (6, 16, 18, 58, 2), "drugs"),
    Site("C54", ("C54.1",), 0.0, 8.0, ("8380/3",), (68, 16, 9, 5, 2), "surgery"),
    Site("C53", ("C53.9",), 0.0, 4.5, ("8070/3",), (40, 28, 22, 8, 2), "radiotherapy"),
    Site("C56", ("C56",), 0.0, 4.0, ("8441/3",), (24, 7, 39, 28, 2), "surgery", paired=True),
    Site("C73", ("C73",), 1.0, 4.0, ("8260/3",), (72, 11, 9, 6, 2), "surgery"),
    Site("C43", ("C43.5", "C43.6"), 1.5, 2.0, ("8720/3",), (45, 33, 10, 10, 2), "surgery"),
    Site("C81-C86", ("C83.3", "C81.9", "C85.9"), 4.5, 4.0, ("9680/3", "9650/3"),
         (14, 33, 22, 28, 3), "drugs"),
    Site("C00-C14", ("C02.9", "C06.9", "C10.9", "C13.9"), 4.0, 1.0, ("8070/3",),
         (16, 22, 28, 32, 2), "radiotherapy"),
    Site("C15", ("C15.4", "C15.9"), 2.5, 0.8, ("8070/3",), (9, 28, 30, 31, 2), "drugs"),
    Site("C32", ("C32.0",), 2.5, 0.2, ("8070/3",), (23, 24, 30, 21, 2), "radiotherapy"),
    Site("C22", ("C22.0",), 1.5, 1.0, ("8170/3",), (7, 14, 23, 54, 2), "drugs"),
    Site("C71", ("C71.9",), 1.5, 1.3, ("9440/3",), (0, 0, 0, 0, 100), "surgery"),
)

#: Visually accessible sites (domain.md §2, verify): stage III there is a neglected case too.
VISUAL_SITE_PREFIXES: tuple[str, ...] = (
    "C00", "C01", "C02", "C03", "C04", "C05", "C06", "C07", "C08", "C09", "C10", "C11",
    "C12", "C13", "C20", "C21", "C43", "C44", "C50", "C51", "C52", "C53", "C60", "C62",
    "C69", "C73",
)

STAGE_LABELS: tuple[str, ...] = ("I", "II", "III", "IV", "unknown")
STAGE_SUFFIXES: dict[str, tuple[str, ...]] = {"I": ("I", "IA", "IB"), "II": ("II", "IIA", "IIB"),
                                              "III": ("III", "IIIA", "IIIB", "IIIC"),
                                              "IV": ("IV", "IVA", "IVB")}


def is_neglected(icd10: str, stage: str) -> bool:
    """Stage IV anywhere, or stage III of a visually accessible site (domain.md §2)."""
    if stage == "IV":
        return True
    return stage == "III" and icd10[:3] in VISUAL_SITE_PREFIXES
