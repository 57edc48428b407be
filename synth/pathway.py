"""One tumour's pathway (domain.md §1): suspicion → ЦАОП → diagnostics → diagnosis →
tumour board → treatment → dispensary observation, with the delays, gaps and documents
that real pathways have. Writes records through a `PersonSink` and the truth into a
`PersonTruth`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from domain.calendar import ProductionCalendar, add_months
from domain.catalogue import event_label
from synth import fhir, imaging, labs, shares
from synth.people import Person
from synth.region import Region, Route
from synth.shares import Site
from synth.sink import Handle, PersonSink
from synth.truth import Gap, PersonTruth, TumourTruth

LAB_PANEL = fhir.coded(fhir.LOINC, "58410-2", "Общий (клинический) анализ крови развёрнутый")
PATHOLOGY = fhir.coded(fhir.LOINC, "22637-3",
                        "Патолого-анатомическое исследование биопсийного материала")
CYTOLOGY = fhir.coded(fhir.LOINC, "22635-7", "Цитологическое исследование")
BENIGN_MORPHOLOGY = ("8140/0", "8010/0", "9010/0")
# The record kind of a main treatment (shares.Site.treatment), whose Russian label the tumour
# board's decision names.
TREATMENT_KIND = {"surgery": "surgery", "radiotherapy": "radiotherapy", "drugs": "drug-therapy"}


@dataclass
class Context:
    """What every pathway needs to know about the world."""

    region: Region
    calendar: ProductionCalendar
    as_of: date
    window_start: date


class TumourPathway:
    """Simulates one suspicion (confirmed or not) of one person."""

    def __init__(self, ctx: Context, sink: PersonSink, truth: PersonTruth, person: Person,
                 rng: random.Random, tumour_number: int) -> None:
        self.ctx, self.sink, self.truth, self.person, self.rng = ctx, sink, truth, person, rng
        self.tumour_id: str | None = f"{person.person_id}-T{tumour_number}"
        self.horizon = ctx.as_of
        self.suspicion_code = "Z03.1"
        self.site_group: str | None = None

    # helpers --------------------------------------------------------------------------
    def delay(self, rule: str, limit: int) -> int:
        """Working days a step takes: on time mostly, a geometric tail beyond the limit."""
        if self.rng.random() < shares.ON_TIME_SHARE[rule]:
            return self.rng.randint(max(0, limit - 4), limit)
        extra = 1
        while extra < 20 and self.rng.random() < 0.75:
            extra += 1
        return limit + extra

    def wd(self, day: date, working_days: int) -> date:
        """`working_days` after `day` on the production calendar."""
        return self.ctx.calendar.add_working_days(day, working_days)

    def within(self, day: date | None) -> bool:
        """True when the event happens before the story ends (death or `as_of`)."""
        return day is not None and day <= self.horizon

    def clock(self, rule: str, start: date, stop: date | None) -> None:
        """A D1–D5 deadline in the ground truth (stop beyond the horizon = not stopped)."""
        stopped = stop if self.within(stop) else None
        self.truth.clock(rule, self.tumour_id, start, stopped, self.ctx.calendar, self.horizon,
                         self.ctx.as_of)

    def gap(self, kind: str, since: date, detail: str = "") -> None:
        """A gap of the ground truth."""
        self.truth.gaps.append(Gap(kind, since, self.tumour_id, detail))

    # the pathway ----------------------------------------------------------------------
    def suspicion(self, start: date, site: Site, icd10: str, active: bool,
                  referrer: int) -> tuple[Handle, Route]:
        """Primary care notices a suspicion and refers to ЦАОП/ПОК; returns the referral."""
        sink, route = self.sink, self.ctx.region.routes[(self.person.district, site.group)]
        self.site_group = site.group
        visit = sink.add(referrer, "Encounter", fhir.encounter(
            "AMB", start, sink.org_ref(referrer), preventive=active), start)
        code = "Z03.1" if self.rng.random() < shares.SUSPICION_Z031_SHARE else icd10
        self.suspicion_code = code
        sink.add(referrer, "Condition", fhir.condition(
            code, start, "provisional", encounter_ref=sink.ref(visit, visit.source)), start,
            identify=True)
        referral = sink.add(referrer, "ServiceRequest", fhir.service_request(
            start, sink.org_ref(referrer), sink.org_ref(route.first_oncology), fhir.CONSULTATION,
            reason=code, oncologist=True), start, identify=True)
        return referral, route

    def first_visit(self, start: date, referral: Handle, route: Route,
                    stall: str | None) -> date | None:
        """D1: the oncologist of ЦАОП/ПОК sees the patient (or never, if stalled)."""
        if stall == "referral":
            self.clock("D1", start, None)
            self.gap("stalled-after-referral", start, "no oncologist consultation")
            return None
        seen = self.wd(start, self.delay("D1", 3))
        self.clock("D1", start, seen)
        if not self.within(seen):
            return None
        self.sink.add(route.first_oncology, "Encounter", fhir.encounter(
            "AMB", seen, self.sink.org_ref(route.first_oncology),
            based_on=[self.sink.ref(referral, self.sink.source_of(route.first_oncology))],
            reason=fhir.coded(fhir.ICD10, self.suspicion_code)), seen)
        return seen

    def diagnostics(self, seen: date, route: Route) -> date | None:
        """D2: laboratory and instrumental tests ordered at the first visit."""
        sink, office = self.sink, route.first_oncology
        done = self.wd(seen, self.delay("D2", 7))
        self.clock("D2", seen, done)
        # the study and the marker the suspected site's guideline asks for (synth/imaging.py,
        # synth/labs.py)
        study, marker = imaging.study_for(self.site_group), labs.marker_for(self.site_group)
        for org, category, code in ((route.diagnostics, "RAD", study.code),
                                    (self.ctx.region.laboratory, "LAB", marker.test)):
            order = sink.add(office, "ServiceRequest", fhir.service_request(
                seen, sink.org_ref(office), sink.org_ref(org), code), seen, identify=True)
            when = done if category == "RAD" else self.wd(seen, self.rng.randint(1, 3))
            if self.within(when):
                # a suspicion that is never confirmed has no tumour to raise the marker
                results = None if category == "RAD" else sink.labs.tumour_marker(
                    marker, self.site_group if self.tumour_id is not None else None)
                sink.add(org, "DiagnosticReport", fhir.report(
                    category, code, when, when, sink.org_ref(org),
                    based_on=sink.ref(order, sink.source_of(org)), results=results), when,
                    identify=True)
        return done if self.within(done) else None

    def biopsy(self, seen: date, route: Route, morphology: str,
               cytology: bool) -> tuple[Handle, date] | None:
        """D3: specimen received at the pathology lab → report with ICD-O-3 conclusion."""
        sink, lab = self.sink, route.pathology
        collected = self.wd(seen, self.rng.randint(0, 3))
        received = collected + timedelta(days=self.rng.randint(0, 2))
        issued = self.wd(received, self.delay("D3", 15) if not cytology else
                         self.rng.randint(1, 5))
        if not self.within(received):
            return None  # the clock has not started by the end of the story
        self.clock("D3", received, issued)
        material = sink.add(lab, "Specimen", fhir.specimen(collected, received), received)
        if not self.within(issued):
            self.gap("pathology-pending", received, "no pathology report yet")
            return None
        malignant = not morphology.endswith("/0")
        conclusion = "Злокачественная опухоль" if malignant else "Без признаков злокачественности"
        pathology = sink.add(lab, "DiagnosticReport", fhir.report(
            "CP" if cytology else "SP", CYTOLOGY if cytology else PATHOLOGY, collected, issued,
            sink.org_ref(lab), conclusion=conclusion, morphology=morphology,
            specimen=sink.ref(material, material.source)), issued, identify=True)
        return pathology, issued

    def diagnose(self, tumour: TumourTruth, route: Route, evidence: Handle | None) -> Handle:
        """ЦАОП/ПОК sets the diagnosis: confirmed Condition, stage, TNM, 090/у, 027-2/у."""
        sink, office, day = self.sink, route.first_oncology, tumour.diagnosed_on
        source = sink.source_of(office)
        visit = sink.add(office, "Encounter", fhir.encounter(
            "AMB", day, sink.org_ref(office)), day)
        body = fhir.condition(
            tumour.icd10, day, "confirmed", encounter_ref=sink.ref(visit, source),
            stage=tumour.stage_detail if tumour.stage != "unknown" else None,
            morphology=tumour.morphology if evidence else None, laterality=tumour.laterality,
            evidence=sink.ref(evidence, source) if evidence else None)
        corrections = []
        if self.rng.random() < shares.CORRECTION_SHARE and tumour.stage != "unknown":
            # first version carried a mis-typed stage; the second one corrects it
            corrections = [{"stage": body["stage"]}]
            body = {**body, "stage": [{"summary": {"text": "0"}}]}
        condition = sink.add(office, "Condition", body, day, versions=corrections,
                             identify=True)
        focus = sink.ref(condition, source)
        if tumour.stage != "unknown":
            for kind, value in (("stage", tumour.stage_detail), ("t", tumour.t),
                                ("n", tumour.n), ("m", tumour.m)):
                sink.add(office, "Observation", fhir.observation(kind, value, day, focus), day)
        self._notification_and_neglect(tumour, office, day, focus)
        return condition

    def _notification_and_neglect(self, tumour: TumourTruth, office: int, day: date,
                                  focus: dict[str, object]) -> None:
        sink = self.sink
        notified = self.wd(day, self.rng.randint(0, 3))
        if self.rng.random() < shares.NOTIFICATION_SHARE and self.within(notified):
            tumour.notification_090 = True
            sink.add(office, "DocumentReference", fhir.document(
                fhir.REMD_KIND, "184", "Извещение о больном с впервые в жизни установленным "
                "диагнозом злокачественного новообразования", notified, sink.org_ref(office),
                related=focus), notified)
        else:
            self.gap("missing-notification-090", day)
        if not tumour.neglected:
            return
        if self.rng.random() < shares.NEGLECT_PROTOCOL_SHARE and self.within(notified):
            tumour.neglect_protocol = True
            sink.add(office, "DocumentReference", fhir.document(
                fhir.REMD_KIND, "250", "Протокол на случай выявления у больного запущенной "
                "формы злокачественного новообразования", notified, sink.org_ref(office),
                related=focus), notified)
        else:
            self.gap("missing-neglect-protocol", day, "027-2/у")

    def tumour_board(self, route: Route, day: date, condition: Handle,
                     tumour: TumourTruth) -> Handle | None:
        """Онкологический консилиум at the dispensary (DocumentReference 371)."""
        if not self.within(day):
            return None
        sink, board = self.sink, route.tumor_board
        tumour.tumor_board_on = tumour.tumor_board_on or day
        return sink.add(board, "DocumentReference", fhir.document(
            fhir.REMD_KIND, "371", "Протокол онкологического консилиума", day,
            sink.org_ref(board),
            description="Решение консилиума: " + (
                event_label(TREATMENT_KIND[tumour.treatment]).lower() if tumour.treatment
                else "наблюдение"),
            related=sink.ref(condition, sink.source_of(board))), day)

    def treat(self, tumour: TumourTruth, route: Route, condition: Handle, start: date,
              site: Site) -> None:
        """The first specialised treatment and, for advanced stages, drug cycles after it."""
        sink = self.sink
        kind = tumour.treatment or site.treatment
        org = route.radiotherapy if kind == "radiotherapy" else route.treatment
        if self.rng.random() < shares.NMIC_SHARE:
            org = self._federal_centre(start, condition)
        reason = sink.ref(condition, sink.source_of(org))
        # an advanced cancer is treated to relieve it, any other to cure it (domain.md §3)
        intent = "palliative" if tumour.stage == "IV" else "curative"
        if kind == "surgery":
            admitted = start - timedelta(days=1)
            office = route.first_oncology
            ordered = max(tumour.diagnosed_on, admitted - timedelta(days=3))
            order = sink.add(office, "ServiceRequest", fhir.service_request(
                ordered, sink.org_ref(office), sink.org_ref(org), fhir.HOSPITAL_ADMISSION,
                reason=tumour.icd10), ordered, identify=True)
            stay = sink.add(org, "Encounter", fhir.encounter(
                "IMP", admitted, sink.org_ref(org),
                end=start + timedelta(days=self.rng.randint(5, 12)),
                based_on=[sink.ref(order, sink.source_of(org))]), admitted)
            sink.add(org, "Procedure", fhir.procedure(
                "surgery", start, None, reason, sink.ref(stay, stay.source), intent), start)
            rehabilitation = start + timedelta(days=self.rng.randint(14, 40))
            if self.rng.random() < shares.REHABILITATION_SHARE and self.within(rehabilitation):
                sink.add(org, "Procedure", fhir.procedure(
                    "rehabilitation", rehabilitation, None, reason), rehabilitation)
        elif kind == "radiotherapy":
            end = start + timedelta(days=self.rng.randint(25, 45))
            course = sink.add(org, "Encounter", fhir.encounter(
                "SS", start, sink.org_ref(org), end=end), start)
            sink.add(org, "Procedure", fhir.procedure(
                "radiotherapy", start, end, reason, sink.ref(course, course.source), intent),
                start)
        cycles = self.rng.randint(4, 8) if kind == "drugs" or tumour.stage == "III" else 0
        first = start if kind == "drugs" else start + timedelta(days=30)
        drug = self.rng.choice(fhir.DRUGS)
        for cycle in range(cycles):
            day = first + timedelta(days=21 * cycle)
            if not self.within(day):
                break
            # drug therapy is given in the day hospital: one SS stay per cycle
            stay = sink.add(org, "Encounter", fhir.encounter(
                "SS", day, sink.org_ref(org), end=day), day)
            sink.add(org, "MedicationRequest", fhir.medication_request(
                day, drug, sink.org_ref(org), reason, encounter=sink.ref(stay, stay.source),
                intent=intent), day)

    def _federal_centre(self, start: date, condition: Handle) -> int:
        """Telemedicine with the НМИЦ and a ВМП coupon; treatment happens there."""
        sink, region = self.sink, self.ctx.region
        consult = start
        if start > self.ctx.window_start:
            consult = self.ctx.calendar.add_working_days(start, -3)
        sink.add(region.nmic, "Encounter", fhir.encounter(
            "VR", consult, sink.org_ref(region.nmic)), consult)
        sink.add(region.dispensary, "DocumentReference", fhir.document(
            fhir.EVENT, "vmp-coupon", "Талон на оказание ВМП", consult,
            sink.org_ref(region.nmic), related=sink.ref(condition, sink.source_of(
                region.dispensary))), consult)
        return region.nmic

    def dispensary(self, tumour: TumourTruth, route: Route, condition: Handle,
                   relapse: date | None) -> None:
        """D5 then D6–D8: dispensary observation with visits kept, late and missed."""
        day = tumour.diagnosed_on
        if self.rng.random() < shares.NO_DISPENSARY_SHARE:
            self.clock("D5", day, None)
            self.gap("no-dispensary-observation", day)
            return
        taken = self.wd(day, self.delay("D5", 3))
        self.clock("D5", day, taken)
        if not self.within(taken):
            return
        tumour.dispensary_since = taken
        sink, office = self.sink, route.dispensary
        source = sink.source_of(office)
        self._removal(tumour, taken, relapse)
        ended = tumour.dispensary_until
        episode = sink.add(office, "EpisodeOfCare", fhir.episode_of_care(
            taken, ended, sink.org_ref(office), sink.ref(condition, source)), taken,
            patient_field="patient")
        self._visits(taken, office, sink.ref(episode, source), ended or self.horizon)

    def _removal(self, tumour: TumourTruth, taken: date, relapse: date | None) -> None:
        """Why and when dispensary observation ends (domain.md §3), if it does."""
        person = self.person
        if person.deceased_on and self.within(person.deceased_on):
            tumour.dispensary_until, tumour.dispensary_end_reason = person.deceased_on, "died"
        elif person.moved_on and self.within(person.moved_on):
            tumour.dispensary_until, tumour.dispensary_end_reason = person.moved_on, "moved"
        basal_cell = tumour.icd10.startswith("C44") and tumour.morphology.startswith("809")
        removal = add_months(taken, shares.BASAL_CELL_REMOVAL_MONTHS)
        ends_first = tumour.dispensary_until is None or removal < tumour.dispensary_until
        if basal_cell and relapse is None and self.within(removal) and ends_first:
            tumour.dispensary_until = removal
            tumour.dispensary_end_reason = "basal-cell-5-years"

    def _visits(self, taken: date, office: int, episode: dict[str, object],
                until: date) -> None:
        """Visits until `until` (end of observation or of the story)."""
        previous = taken
        while True:
            months_on = (previous.year - taken.year) * 12 + previous.month - taken.month
            rule = "D6" if months_on < 12 else "D7" if months_on < 24 else "D8"
            due = add_months(previous, {"D6": 3, "D7": 6, "D8": 12}[rule])
            roll = self.rng.random()
            if roll < shares.VISIT_ON_TIME_SHARE:
                visit = due - timedelta(days=self.rng.randint(0, 20))
            elif roll < shares.VISIT_ON_TIME_SHARE + shares.VISIT_LATE_SHARE:
                visit = add_months(due, self.rng.randint(1, 3))
            else:  # missed: the patient comes only at the following interval
                visit = add_months(due, {"D6": 3, "D7": 6, "D8": 12}[rule])
            visit = self.wd(visit, 0)  # the nearest working day on or before it
            stop = visit if visit <= until else None
            deadline = self.truth.dispensary_clock(rule, self.tumour_id, previous, stop,
                                                   until, self.ctx.as_of)
            if deadline.state == "missed" and stop is None:
                self.gap("overdue-dispensary-visit", due, rule)
            if stop is None:
                return
            self.sink.add(office, "Encounter", fhir.encounter(
                "AMB", visit, self.sink.org_ref(office), episode=episode,
                reason=fhir.coded(fhir.ICD10, "Z08")), visit)
            previous = visit

    def relapse(self, tumour: TumourTruth, route: Route, day: date) -> None:
        """Relapse or progression: a recurrence Condition, a new board, drug therapy."""
        sink, board = self.sink, route.tumor_board
        tumour.relapses.append(day)
        recurrence = sink.add(board, "Condition", fhir.condition(
            tumour.icd10, day, "confirmed", clinical="recurrence",
            stage=tumour.stage_detail if tumour.stage != "unknown" else None), day,
            identify=True)
        self.tumour_board(route, day, recurrence, tumour)
        drug = self.rng.choice(fhir.DRUGS)
        for cycle in range(self.rng.randint(2, 6)):
            when = self.wd(day, 5) + timedelta(days=21 * cycle)
            if not self.within(when):
                break
            sink.add(board, "MedicationRequest", fhir.medication_request(
                when, drug, sink.org_ref(board), sink.ref(recurrence, recurrence.source)), when)

