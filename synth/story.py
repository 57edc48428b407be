"""One person's whole story: who they are, their ordinary care, their cancers or suspicions,
their death, and the broken records their MIS sent. Everything is drawn from a random
generator seeded by (seed, person index), so a person is the same whatever the sharding.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from synth import fhir, shares
from synth.identifiers import random_enp, random_snils
from synth.labs import LabResults, results_rng
from synth.noise import add_broken_record
from synth.pathway import BENIGN_MORPHOLOGY, LAB_PANEL, Context, TumourPathway
from synth.people import Person, random_name
from synth.region import Route
from synth.shares import SITES, STAGE_LABELS, STAGE_SUFFIXES, Site, is_neglected
from synth.sink import Handle, PersonSink
from synth.truth import PersonTruth, TumourTruth, count_indicators

CHRONIC_CODES = ("I10", "E11.9", "J06.9", "M54.5", "K29.7", "J45.9", "I25.1", "N39.0")
UNSPECIFIED_MORPHOLOGY = "8000/3"
HOSPITAL_CODES = ("I21.9", "J18.9", "K80.2", "S72.0", "I63.9", "K35.8")
MRI = fhir.coded(fhir.LOINC, "24590-2", "МРТ головного мозга")


@dataclass
class Diagnosed:
    """A tumour whose diagnosis is set, with what its further pathway needs."""

    pathway: TumourPathway
    tumour: TumourTruth
    route: Route
    condition: Handle


@dataclass
class PersonResult:
    """What one person contributes to the output files."""

    sink: PersonSink
    truth_line: dict[str, object]


def person_rng(seed: int, index: int) -> random.Random:
    """The person's own random generator: independent of shards and of other people."""
    return random.Random((seed << 32) ^ index)


def make_person(index: int, rng: random.Random, ctx: Context) -> Person:
    """Demographics of person `index`; the kind decides cancer / suspicion / none."""
    roll = rng.random()
    kind = "cancer" if roll < shares.PERSON_KIND_SHARES["cancer"] else "suspicion" if roll < (
        shares.PERSON_KIND_SHARES["cancer"] + shares.PERSON_KIND_SHARES["suspicion"]) else "none"
    male = shares.MALE_SHARE_OF_CANCER if kind == "cancer" else 0.45
    sex = "male" if rng.random() < male else "female"
    story_start = None
    if kind == "none":
        birth = ctx.as_of - timedelta(days=int(rng.uniform(18, 90) * 365.25))
    else:  # age at the first suspicion, not at as_of
        story_start = random_day(rng, ctx.window_start, ctx.as_of - timedelta(days=5))
        age = min(95.0, max(25.0, rng.gauss(65, 11)))
        birth = story_start - timedelta(days=int(age * 365.25))
    n_districts = len(ctx.region.districts)
    district = 0 if rng.random() < shares.CITY_DISTRICT_SHARE else rng.randrange(1, n_districts)
    return Person(
        index=index, person_id=f"person-{index}", sex=sex, birth_date=birth,
        name=random_name(rng, sex), snils=random_snils(rng), enp=random_enp(rng),
        district=district, home_polyclinic=rng.choice(ctx.region.polyclinics[district]),
        kind=kind, story_start=story_start)


def choose_site(rng: random.Random, sex: str, exclude: str | None = None) -> Site:
    """A tumour site drawn from the incidence mix of the person's sex."""
    sites = [s for s in SITES if s.group != exclude]
    weights = [s.men if sex == "male" else s.women for s in sites]
    return rng.choices(sites, weights)[0]


def random_day(rng: random.Random, first: date, last: date) -> date:
    """A uniformly drawn day in [first, last]."""
    return first + timedelta(days=rng.randrange(max(1, (last - first).days + 1)))


def simulate_person(index: int, seed: int, ctx: Context, n_people: int,
                    counters: Counter[str]) -> PersonResult:
    """Generate everything about person `index`."""
    rng = person_rng(seed, index)
    person = make_person(index, rng, ctx)
    sink = PersonSink(person, ctx.region, rng, ctx.as_of, n_people,
                      LabResults(results_rng(seed, index), person.sex))
    truth = PersonTruth(person.person_id, person.kind)
    sink.patient_id(sink.source_of(person.home_polyclinic))
    if person.kind == "cancer":
        _cancer_story(ctx, sink, truth, person, rng)
    elif person.kind == "suspicion":
        _unconfirmed_suspicion(ctx, sink, truth, person, rng)
    elif rng.random() < shares.NON_CANCER_DEATH_SHARE:
        person.deceased_on = random_day(rng, ctx.as_of - timedelta(days=3 * 365), ctx.as_of)
    _ordinary_care(ctx, sink, person, rng)
    if person.deceased_on:
        _death_certificate(ctx, sink, person, truth, rng)
    if rng.random() < shares.BROKEN_SHARE:
        add_broken_record(sink, rng, ctx.as_of)
    sink.finish_patients()
    count_indicators(truth, person.deceased_on, ctx.window_start.year, ctx.as_of, counters,
                     _removed_on(person, truth))
    extra = {"sex": person.sex, "birth_date": person.birth_date.isoformat(),
             "district": ctx.region.districts[person.district], "snils": person.snils,
             "deceased_on": person.deceased_on.isoformat() if person.deceased_on else None,
             "moved_on": person.moved_on.isoformat() if person.moved_on else None,
             "patients": {source: str(sink.local_number(source)) for source in sink.sources},
             "name_variants": sink.variants}
    return PersonResult(sink, truth.as_json(extra))


def _removed_on(person: Person, truth: PersonTruth) -> date | None:
    """When the person leaves the register alive: moved away, or every tumour removed."""
    if person.moved_on:
        return person.moved_on
    ends = [t.dispensary_until for t in truth.tumours
            if t.dispensary_end_reason == "basal-cell-5-years"]
    if truth.tumours and len(ends) == len(truth.tumours):
        return max(d for d in ends if d is not None)
    return None


def _draw_death(rng: random.Random, diagnosed: date, stage: str) -> date | None:
    """Death after diagnosis from stage-dependent hazards (one-year mortality ≈ 17 %)."""
    if rng.random() < shares.ONE_YEAR_DEATH_BY_STAGE[stage]:
        return diagnosed + timedelta(days=rng.randint(10, 364))
    for year in range(1, 25):
        if rng.random() < shares.LATER_YEARLY_DEATH_BY_STAGE[stage]:
            return diagnosed + timedelta(days=365 * year + rng.randrange(365))
    return None


def _draw_move(rng: random.Random, diagnosed: date) -> date | None:
    """The day the patient leaves the region, if ever (within 25 years)."""
    for year in range(25):
        if rng.random() < shares.MOVED_AWAY_YEARLY:
            return diagnosed + timedelta(days=365 * year + rng.randrange(365))
    return None


def _cancer_story(ctx: Context, sink: PersonSink, truth: PersonTruth, person: Person,
                  rng: random.Random) -> None:
    """First primary, death, treatment and follow-up; maybe a second primary."""
    start = person.story_start or ctx.as_of
    site = choose_site(rng, person.sex)
    first = _diagnose_tumour(ctx, sink, truth, person, rng, 1, site, start,
                             person.home_polyclinic)
    if first is None:
        return
    pathway, tumour, route = first.pathway, first.tumour, first.route
    death = _draw_death(rng, tumour.diagnosed_on, tumour.stage)
    moved = _draw_move(rng, tumour.diagnosed_on)
    if moved and moved <= ctx.as_of and (death is None or moved < death):
        person.moved_on = moved  # a death elsewhere later is unknown to the region
        pathway.horizon = moved
    elif death and death <= ctx.as_of:
        person.deceased_on = death
        pathway.horizon = death
    _treat_and_follow(first, site)
    if rng.random() < shares.MULTIPLE_PRIMARY_SHARE:
        second_start = tumour.diagnosed_on + timedelta(days=rng.randint(30, 5 * 365))
        if second_start < pathway.horizon:
            second_site = choose_site(rng, person.sex, exclude=site.group)
            second = _diagnose_tumour(ctx, sink, truth, person, rng, 2, second_site,
                                      second_start, route.dispensary, pathway.horizon)
            if second:
                _treat_and_follow(second, second_site)


def _diagnose_tumour(ctx: Context, sink: PersonSink, truth: PersonTruth, person: Person,
                     rng: random.Random, number: int, site: Site, start: date, referrer: int,
                     horizon: date | None = None) -> Diagnosed | None:
    """Suspicion → first visit → diagnostics → biopsy → diagnosis; None if it stalls."""
    pathway = TumourPathway(ctx, sink, truth, person, rng, number)
    pathway.horizon = horizon or ctx.as_of
    icd10 = rng.choice(site.codes)
    active = rng.random() < shares.ACTIVE_DETECTION_SHARE
    referral, route = pathway.suspicion(start, site, icd10, active, referrer)
    stall = None
    if rng.random() < shares.STALL_SHARE:
        stall = rng.choice(("referral", "diagnostics"))
    suspicion = {"date": start.isoformat(), "icd10": icd10, "outcome": "stalled",
                 "tumour_id": pathway.tumour_id}
    truth.suspicions.append(suspicion)
    seen = pathway.first_visit(start, referral, route, stall)
    if seen is None:
        return None
    done = pathway.diagnostics(seen, route)
    if stall == "diagnostics" or done is None:
        if stall:
            pathway.gap("stalled-after-diagnostics", seen, "no biopsy or diagnosis")
        return None
    morphology = site.morphologies[0]
    if rng.random() >= shares.MAIN_MORPHOLOGY_SHARE:
        morphology = rng.choice(site.morphologies)
    evidence = None
    if rng.random() < shares.MORPH_VERIFIED_SHARE:
        cytology = rng.random() < shares.CYTOLOGY_SHARE
        result = pathway.biopsy(seen, route, morphology, cytology)
        if result is None:
            return None
        evidence, diagnosed = result
        verification = "cytology" if cytology else "histology"
    else:
        diagnosed, verification = done, "clinical"
    if verification == "clinical":
        morphology = UNSPECIFIED_MORPHOLOGY  # no specimen: the registry codes 8000/3
    tumour = _tumour_truth(rng, site, icd10, morphology, diagnosed, verification, active,
                           f"{person.person_id}-T{number}")
    suspicion["outcome"] = "confirmed"
    truth.tumours.append(tumour)
    condition = pathway.diagnose(tumour, route, evidence)
    return Diagnosed(pathway, tumour, route, condition)


def _tumour_truth(rng: random.Random, site: Site, icd10: str, morphology: str, diagnosed: date,
                  verification: str, active: bool, tumour_id: str) -> TumourTruth:
    """Stage, TNM and laterality drawn for a new tumour."""
    stage = rng.choices(STAGE_LABELS, site.stages)[0]
    if active and stage in ("III", "IV") and rng.random() < shares.SCREENING_DOWNSTAGE_SHARE:
        stage = "II"  # screening finds tumours earlier
    detail = rng.choice(STAGE_SUFFIXES[stage]) if stage != "unknown" else "unknown"
    t, n, m = {"I": ("T1", "N0", "M0"), "II": ("T2", rng.choice(("N0", "N1")), "M0"),
               "III": ("T3", rng.choice(("N1", "N2")), "M0"),
               "IV": (rng.choice(("T2", "T3", "T4")), rng.choice(("N1", "N2")), "M1"),
               "unknown": ("TX", "NX", "MX")}[stage]
    laterality = rng.choice(("left", "right")) if site.paired else None
    return TumourTruth(tumour_id, icd10, site.group, morphology, stage, detail, t, n, m,
                       laterality, diagnosed, verification, active, is_neglected(icd10, stage),
                       treatment="drugs" if stage == "IV" else site.treatment)


def _treat_and_follow(diagnosed_tumour: Diagnosed, site: Site) -> None:
    """Tumour board, D4 treatment (refusals, missing boards), dispensary, relapse."""
    pathway, tumour = diagnosed_tumour.pathway, diagnosed_tumour.tumour
    route, condition = diagnosed_tumour.route, diagnosed_tumour.condition
    rng, diagnosed = pathway.rng, tumour.diagnosed_on
    start: date | None = pathway.wd(diagnosed, pathway.delay("D4", 7))
    if rng.random() < shares.REFUSAL_SHARE and pathway.within(start):
        assert start is not None
        pathway.sink.add(route.treatment, "Encounter", fhir.refusal(
            start, pathway.sink.org_ref(route.treatment)), start)
        pathway.gap("refused-hospitalization", start)
        comes_back = rng.random() < shares.REFUSAL_RETURN_SHARE
        start = pathway.wd(start, rng.randint(15, 60)) if comes_back else None
    board_roll = rng.random()
    if start is not None and board_roll < shares.BOARD_BEFORE_TREATMENT_SHARE:
        span = max(1, pathway.ctx.calendar.working_days_between(diagnosed, start) - 1)
        pathway.tumour_board(route, pathway.wd(diagnosed, rng.randint(0, span)), condition,
                             tumour)
    elif start is not None:
        if board_roll < (1 + shares.BOARD_BEFORE_TREATMENT_SHARE) / 2:
            pathway.tumour_board(route, pathway.wd(start, 5), condition, tumour)
        if pathway.within(start):
            pathway.gap("treatment-without-prior-board", start)
    pathway.clock("D4", diagnosed, start)
    if start is not None and pathway.within(start):
        tumour.treatment_start = start
        pathway.treat(tumour, route, condition, start, site)
    elif start is None:
        pathway.gap("no-treatment", diagnosed)
    relapse: date | None = None
    if rng.random() < shares.RELAPSE_SHARE:
        relapse = diagnosed + timedelta(days=rng.randint(365, 4 * 365))
        relapse = relapse if pathway.within(relapse) else None
    pathway.dispensary(tumour, route, condition, relapse)
    if relapse is not None:
        pathway.relapse(tumour, route, relapse)
    tumour.clinical_group = _clinical_group(tumour, pathway.horizon)


def _clinical_group(tumour: TumourTruth, end: date) -> str:
    """Clinical group on the last day of the story: IV advanced (treated to relieve, see
    TumourPathway.treat) or untreated, II after a relapse, III a year after radical
    treatment, else IIa (treated to cure)."""
    radical = tumour.treatment in ("surgery", "radiotherapy")
    if tumour.stage == "IV" or tumour.treatment_start is None:
        return "IV"
    if tumour.relapses:
        return "II"
    if radical and end >= tumour.treatment_start + timedelta(days=365):
        return "III"
    return "IIa"


def _unconfirmed_suspicion(ctx: Context, sink: PersonSink, truth: PersonTruth,
                           person: Person, rng: random.Random) -> None:
    """A suspicion that the oncologist does not confirm (benign biopsy or clean CT)."""
    start = person.story_start or ctx.as_of
    site = choose_site(rng, person.sex)
    pathway = TumourPathway(ctx, sink, truth, person, rng, 1)
    icd10 = rng.choice(site.codes)
    active = rng.random() < shares.ACTIVE_DETECTION_SHARE
    referral, route = pathway.suspicion(start, site, icd10, active, person.home_polyclinic)
    truth.suspicions.append({"date": start.isoformat(), "icd10": icd10,
                             "outcome": "not-confirmed", "tumour_id": None})
    pathway.tumour_id = None  # a suspicion that never becomes a tumour
    seen = pathway.first_visit(start, referral, route, None)
    if seen is None or pathway.diagnostics(seen, route) is None:
        return
    closed = seen
    if rng.random() < shares.UNCONFIRMED_BIOPSY_SHARE:
        result = pathway.biopsy(seen, route, rng.choice(BENIGN_MORPHOLOGY), False)
        if result is None:
            return
        closed = result[1]
    office = route.first_oncology
    refuted = {"verificationStatus": fhir.coded(fhir.CONDITION_VERIFICATION, "refuted")}
    sink.add(office, "Condition", fhir.condition(icd10, seen, "provisional"), closed,
             versions=[refuted], identify=True)



def _ordinary_care(ctx: Context, sink: PersonSink, person: Person, rng: random.Random) -> None:
    """Visits, labs, hospital stays and a commercial clinic: records with no oncology sign."""
    region = ctx.region
    last = min(person.deceased_on or ctx.as_of, person.moved_on or ctx.as_of, ctx.as_of)
    first = max(ctx.as_of - timedelta(days=4 * 365), person.birth_date + timedelta(days=6570))
    if first >= last:
        return
    home = person.home_polyclinic
    for _ in range(rng.randint(0, 2 if person.kind == "cancer" else 4)):
        day = random_day(rng, first, last)
        visit = sink.add(home, "Encounter", fhir.encounter(
            "AMB", day, sink.org_ref(home),
            preventive=rng.random() < shares.ORDINARY_PREVENTIVE_SHARE), day)
        if rng.random() < shares.ORDINARY_DIAGNOSIS_SHARE:
            sink.add(home, "Condition", fhir.condition(
                rng.choice(CHRONIC_CODES), day, "confirmed",
                encounter_ref=sink.ref(visit, visit.source)), day, identify=True)
        if rng.random() < shares.ORDINARY_LAB_SHARE:
            _lab_report(ctx, sink, rng, day)
    if rng.random() < shares.ORDINARY_HOSPITAL_SHARE:
        day = random_day(rng, first, last)
        hospital = region.hospitals[person.district]
        stay = sink.add(hospital, "Encounter", fhir.encounter(
            "IMP", day, sink.org_ref(hospital), end=day + timedelta(days=rng.randint(3, 10))),
            day)
        sink.add(hospital, "Condition", fhir.condition(
            rng.choice(HOSPITAL_CODES), day, "confirmed",
            encounter_ref=sink.ref(stay, stay.source)), day, identify=True)
    if rng.random() < shares.ORDINARY_COMMERCIAL_SHARE:
        day = random_day(rng, first, last)
        clinic = region.commercial[0]
        sink.add(clinic, "Encounter", fhir.encounter("AMB", day, sink.org_ref(clinic)), day)
        sink.add(clinic, "DiagnosticReport", fhir.report(
            "RAD", MRI, day, day, sink.org_ref(clinic)), day, identify=True)


def _lab_report(ctx: Context, sink: PersonSink, rng: random.Random, day: date) -> None:
    """A routine blood count; now and then sent twice and the duplicate retracted."""
    lab = ctx.region.laboratory
    body = fhir.report("LAB", LAB_PANEL, day, day, sink.org_ref(lab),
                       results=sink.labs.blood_count(sink.person.kind == "cancer"))
    sink.add(lab, "DiagnosticReport", body, day, identify=True)
    if rng.random() < shares.RETRACTION_SHARE:
        duplicate = sink.add(lab, "DiagnosticReport", dict(body), day, identify=True)
        sink.retract_later(duplicate, day + timedelta(days=rng.randint(1, 10)))


def _death_certificate(ctx: Context, sink: PersonSink, person: Person, truth: PersonTruth,
                       rng: random.Random) -> None:
    """The medical death certificate, issued by the home polyclinic or the hospital."""
    day = person.deceased_on
    assert day is not None
    at_home = rng.random() < shares.DEATH_AT_HOME_SHARE
    org = person.home_polyclinic if at_home else ctx.region.hospitals[person.district]
    cause = truth.tumours[0].icd10 if truth.tumours else rng.choice(("I21.9", "I63.9", "J18.9"))
    sink.add(org, "DocumentReference", fhir.document(
        fhir.EVENT, "death-certificate", "Медицинское свидетельство о смерти", day,
        sink.org_ref(org), description=f"Причина смерти: {cause}"), day)
