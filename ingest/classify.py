"""Systematize: what a record is (kind, VIMIS docType, trigger, care stage) and its facts.

Works on the raw JSON of one resource, with the domain layer's tables; no database. The
result says which edges the loader must write (subject, organisations, other references).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from domain import catalogue, codes, crosswalk, identifiers, vimis
from ingest import fhir_access as fa
from ingest.casefinding import screen_resource, suspicion_trigger
from ingest.references import Ref, UnresolvableReference, record_key, resolve

ONCOLOGIST_SNOMED = "309295000"
# What a ServiceRequest asks, from its `code` (fhir-input.md: consultation, test,
# hospitalization): SNOMED consultation; hospital admission; laboratory procedure,
# imaging, biopsy, diagnostic procedure, CT, MRI, ultrasound (a LOINC code is a test too).
CONSULTATION_SNOMED = frozenset({"11429006", "308335008"})
ADMISSION_SNOMED = frozenset({"32485007", "305056002"})
DIAGNOSTIC_SNOMED = frozenset({"108252007", "363679005", "86273004", "103693007",
                               "77477000", "113091000", "16310003", "71388002"})
REFUSAL_SNOMED = "105480006"
REHABILITATION_SNOMED = "52052004"
SURGERY_CATEGORY_SNOMED = "387713003"
RADIOTHERAPY_SNOMED = frozenset({"1217123003", "108290001"})
# Why care is given (mCODE procedure intent): to cure, or to relieve symptoms only — the
# clinical group IV of domain.md §3. Palliative care is also SNOMED 103735009 as a type or
# code, or ICD-10 Z51.5 («паллиативная помощь») as a reason.
CARE_INTENT_SNOMED = {"373808002": "curative", "363676003": "palliative"}
PALLIATIVE_CARE_SNOMED = "103735009"
PALLIATIVE_CARE_ICD10 = "Z51.5"
STAGE_LOINC = {"21908-9": "stage", "21902-2": "stage", "21905-5": "t", "21906-3": "n",
               "21907-1": "m", "21899-0": "t", "21900-6": "n", "21901-4": "m"}
REPORT_CATEGORY_KIND = {"LAB": "laboratory", "RAD": "instrumental", "SP": "pathology",
                        "PAT": "pathology", "CP": "cytology",
                        # the other v2-0074 sections of imaging and functional tests: CT,
                        # MRI, ultrasound, X-ray, nuclear medicine, ECG, EEG/EMG, spirometry
                        **dict.fromkeys(("CT", "NMR", "RUS", "RX", "VUS", "OUS", "CUS", "NMS",
                                         "EC", "EN", "PF", "CTH"), "instrumental")}
DOCUMENT_EVENT_KIND = {"death-certificate": "death", "vmp-coupon": "vmp-coupon",
                       "preventive-exam": "consultation",
                       "dispensary-observation": "dispensary-observation"}
ONCOLOGY_ORG_KINDS = ("caop", "pok", "oncology-dispensary", "nmic")
# An oncology speciality in free text: онколог, онкогинеколог, онкоуролог, oncologist…
_ONCOLOGY_SPECIALITY = re.compile(r"(?<!\w)(онко|onco)", re.IGNORECASE)
# A stage group or a T/N/M category written as a code (`IIB`, `cT2`, `pN1a`, `M0`): what a
# staging code without display or text says (a numeric code of a dictionary says nothing).
_STAGE_GROUP_CODE = re.compile(r"^(STAGE\s*)?(0|I{1,3}|IV)([ABC]\d?)?$", re.IGNORECASE)
_TNM_CODE = re.compile(r"^[cpyra]{0,3}[TNM](X|is|[0-4])[a-d]?\d?(\(\w+\))?$", re.IGNORECASE)
# Statuses saying the care did not take place (planned and not yet done, called off,
# never done): such a record is kept (kind 'other', the date it was planned for as
# `plannedOn`, `notPerformed`), but is no step of care — no trigger, no VIMIS document, no
# date on the route, no deadline stopped. `stopped` and `on-hold` care was begun: it
# happened. A retraction (`entered-in-error`) is handled apart (`retracted`).
NOT_PERFORMED_STATUSES = {
    "Encounter": frozenset({"planned", "cancelled"}),
    "Procedure": frozenset({"preparation", "not-done"}),
    "MedicationAdministration": frozenset({"not-done"}),
    "MedicationStatement": frozenset({"not-taken", "intended"}),
    "MedicationRequest": frozenset({"cancelled", "draft"}),
}
# Kinds that are stored but are no step of care.
NON_EVENT_KINDS = frozenset({"patient", "organization", "capability", "specimen"})


@dataclass
class Classified:
    """One resource, classified, with the edges to write."""

    key: str
    source: str
    resource_type: str
    resource_id: str
    rank: str
    props: dict[str, Any]
    subject: Ref | None = None
    # (edge role, the resource element that holds the reference, the reference)
    organization_links: list[tuple[str, str, Ref]] = field(default_factory=list)
    references: list[tuple[str, Ref]] = field(default_factory=list)
    identifiers: list[tuple[str, str]] = field(default_factory=list)
    organization: dict[str, Any] | None = None
    unmapped_codes: list[str] = field(default_factory=list)
    unknown_icd10: list[str] = field(default_factory=list)  # as written (codes.is_unknown_icd10)

    @property
    def kind(self) -> str:
        return str(self.props["kind"])


class RecordRejected(ValueError):
    """The resource parses but cannot be used; the message says why (for the quarantine)."""


def version_rank(resource: dict[str, Any]) -> str:
    """A version comparable as a string (upsert_records.cypher compares ranks with `>`):
    versionId first (numeric when it is), then lastUpdated as a UTC instant of fixed width
    (`instant_rank`), so that string order is time order whatever zone or fraction the
    sender wrote."""
    meta = resource.get("meta") if isinstance(resource.get("meta"), dict) else {}
    version = str(meta.get("versionId") or "")
    numeric = f"{int(version):012d}" if version.isdigit() else version.rjust(12, "0")
    return f"{numeric}|{instant_rank(meta.get('lastUpdated'))}"


_INSTANT = re.compile(r"^(?P<moment>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(?P<fraction>\d+))?"
                      r"(?P<zone>Z|[+-]\d{2}:\d{2})?$")


def instant_rank(value: Any) -> str:
    """`2024-05-01T10:00:00+03:00` → `2024-05-01T07:00:00.000000000Z`: UTC, nine fraction
    digits. As written, `…10:00:00Z` sorted above `…10:00:00.500Z` ('Z' > '.') and
    `10:00:00+03:00` above `08:00:00Z`. An instant without a zone (FHIR requires one) is
    taken as UTC; a bare date as its midnight; anything unreadable is kept as written."""
    if not isinstance(value, str) or not value:
        return ""
    text = f"{value}T00:00:00Z" if len(value) == 10 else value
    match = _INSTANT.match(text)
    if match is None:
        return value
    try:
        moment = datetime.fromisoformat(match["moment"] + (match["zone"] or "Z"))
        utc = moment.astimezone(UTC).replace(tzinfo=None).isoformat()
    except (ValueError, OverflowError):
        return value
    return f"{utc}.{(match['fraction'] or '').ljust(9, '0')[:9]}Z"


def classify(resource: dict[str, Any], source: str, bundle_urls: dict[str, str], *,
             facts_only: bool = False,
             enp_system: str = identifiers.ENP_DEFAULT_SYSTEM) -> Classified:
    """What a resource is and the edges to write. `facts_only`: for a record stored long
    ago (ingest/reclassify.py), whose Bundle is gone: a reference only its Bundle could
    resolve is passed by instead of rejecting the record (the facts never depend on
    references; its edges were drawn when it arrived). `enp_system`: the region's ЕНП
    system (Settings.enp_system), whose values are kept as their 16 digits."""
    resource_type, resource_id = resource["resourceType"], resource["id"]
    meta = resource.get("meta") if isinstance(resource.get("meta"), dict) else {}
    status = resource.get("status") if isinstance(resource.get("status"), str) else None
    if fa.first_code({"http://terminology.hl7.org/CodeSystem/condition-ver-status"},
                     resource.get("verificationStatus")) == "entered-in-error":
        status = "entered-in-error"  # a Condition retracts through its verificationStatus
    result = Classified(
        key=record_key(source, resource_type, resource_id), source=source,
        resource_type=resource_type, resource_id=resource_id, rank=version_rank(resource),
        props={"source": source, "resourceType": resource_type, "resourceId": resource_id,
               "versionId": meta.get("versionId"), "lastUpdated": meta.get("lastUpdated"),
               "status": status, "retracted": status == "entered-in-error",
               "kind": "other", "oncoSign": False},
    )
    context = _Context(result, resource, source, bundle_urls, facts_only, enp_system)
    handler = _HANDLERS.get(resource_type, _other)
    try:
        handler(context)
    except UnresolvableReference as error:
        element = _element_holding(resource, error.reference)
        where = f", элемент {resource_type}.{element}" if element else ""
        raise RecordRejected(f"{resource_type}/{resource_id}{where}: {error}") from error
    if status in NOT_PERFORMED_STATUSES.get(resource_type, ()) and \
            result.props["kind"] != "hospitalization-refusal":
        _not_performed(result)
    if resource_type not in ("Patient", "Organization"):
        result.identifiers.extend(
            (str(i.get("system") or ""), str(i["value"]))
            for i in fa.as_list(resource.get("identifier"))
            if isinstance(i, dict) and i.get("value"))
    _finish(result)
    return result


def _element_holding(node: Any, reference: str | None, path: str = "") -> str | None:
    """The path of the element whose `reference` is this text ('subject.reference',
    'result[2].reference'), for a reason to name; None when not found."""
    if reference is None:
        return None
    if isinstance(node, dict):
        if node.get("reference") == reference:
            return f"{path}.reference".lstrip(".")
        children: Iterable[tuple[str, Any]] = (
            (f"{path}.{key}", value) for key, value in node.items())
    elif isinstance(node, list):
        children = ((f"{path}[{index}]", value) for index, value in enumerate(node))
    else:
        return None
    for child_path, child in children:
        found = _element_holding(child, reference, child_path)
        if found:
            return found.lstrip(".")
    return None


@dataclass
class _Context:
    result: Classified
    resource: dict[str, Any]
    source: str
    bundle_urls: dict[str, str]
    facts_only: bool = False
    enp_system: str = identifiers.ENP_DEFAULT_SYSTEM

    def ref(self, node: Any) -> Ref | None:
        if not isinstance(node, dict):
            return None
        try:
            ref = resolve(node, self.source, self.bundle_urls)
        except UnresolvableReference:
            if self.facts_only:
                return None
            raise
        if ref is not None and ref.by_identifier:
            # Kept as the Patient's own identifier is kept (digits only for a СНИЛС or an
            # ЕНП), so the two meet at one :Identifier however each sender wrote it.
            ref = ref._replace(value=identifiers.normalise_identifier(
                ref.system or "", ref.value or "", self.enp_system))
        return ref

    def subject(self, *elements: str) -> None:
        for element in elements:
            ref = self.ref(self.resource.get(element))
            if ref is not None and ref.system == identifiers.SNILS_SYSTEM and \
                    identifiers.is_placeholder_snils(ref.value) and not self.facts_only:
                raise UnresolvableReference(
                    f"элемент {self.result.resource_type}.{element}.identifier называет "
                    f"пациента по СНИЛС '{ref.value}' — это заглушка «нет СНИЛС», она никого "
                    "не идентифицирует: укажите пациента по id (Patient/…) или по настоящему "
                    "идентификатору")
            if ref is not None:
                self.result.subject = ref
                return

    def organization(self, role: str, *elements: str) -> None:
        for element in elements:
            for node in fa.references(self.resource.get(element)):
                target = node.get("onBehalfOf") if "onBehalfOf" in node else node
                ref = self.ref(target)
                if ref is not None and _may_be_organization(ref):
                    self.result.organization_links.append((role, element, ref))

    def link(self, *elements: str) -> None:
        for element in elements:
            for node in fa.references(self.resource.get(element)):
                ref = self.ref(node.get("detail", node) if isinstance(node, dict) else node)
                if isinstance(node, dict) and isinstance(node.get("detail"), list):
                    for detail in node["detail"]:
                        detail_ref = self.ref(detail)
                        if detail_ref is not None:
                            self.result.references.append((element, detail_ref))
                    continue
                if ref is not None:
                    self.result.references.append((element, ref))

    def set(self, **facts: Any) -> None:
        self.result.props.update({k: v for k, v in facts.items() if v is not None})

    def diagnosis_codes(self, *concepts: Any) -> None:
        """ICD-10 (or SNOMED through the crosswalk) of a concept, as record facts."""
        icd10 = fa.first_code(fa.ICD10_SYSTEMS, *concepts)
        if icd10 is None:
            snomed = fa.first_code(fa.SNOMED, *concepts)
            if snomed is not None:
                icd10 = crosswalk.map_snomed(snomed)
                if icd10 is None and _looks_oncological(concepts):
                    self.result.unmapped_codes.append(f"{fa.SNOMED}|{snomed}")
        if icd10:
            normalised = codes.normalise_icd10(icd10) or icd10
            self.set(icd10=normalised)
            # Stored all the same (nothing is dropped), counted for the sender to correct. An
            # unknown code inside C00–C97 still opens the passport below, as a suspicion
            # (docs/ingest.md), but makes no tumour (ingest/tumors.py).
            if codes.is_unknown_icd10(icd10):
                self.result.unknown_icd10.append(icd10)
            if codes.is_oncology_sign(normalised):
                self.set(oncoSign=True)


def _stage_text(text: Any) -> str | None:
    """'AJCC stage IIIC (qualifier value)' → 'IIIC'; a bare 'IIB' stays as written."""
    if not isinstance(text, str) or not text.strip():
        return None
    return crosswalk.stage_from_text(text) or text.strip().upper().removeprefix("STAGE ").strip()


def _staging_code(element: str, concept: Any) -> str | None:
    """A stage group or T/N/M written only as a code (`{"system": "http://cancerstaging.org",
    "code": "IIB"}`): the code itself, when it reads as one (SNOMED codes go through the
    crosswalk instead)."""
    pattern = _STAGE_GROUP_CODE if element == "stage" else _TNM_CODE
    return next((coding["code"] for coding in fa.codings(concept)
                 if coding.get("system") != fa.SNOMED and pattern.match(coding["code"].strip())),
                None)


def _stage_summary(summary: Any) -> str | None:
    """Condition.stage.summary: its text or display, else a SNOMED stage group through the
    crosswalk (1222806003 → IIIC), else a code that reads as a stage group."""
    text = fa.concept_text(summary)
    if text is not None:
        return text
    staging = crosswalk.map_snomed_staging(fa.first_code(fa.SNOMED, summary))
    if staging is not None and staging.category == "stage":
        return staging.value
    return _staging_code("stage", summary)


def _may_be_organization(ref: Ref) -> bool:
    if ref.by_identifier:
        return ref.system == fa.FRMO_SYSTEM or ref.target_type == "Organization"
    return ref.target_type == "Organization"


def _looks_oncological(concepts: tuple[Any, ...]) -> bool:
    text = (fa.concept_text(*concepts) or "").lower()
    return any(word in text for word in ("malignant", "carcinoma", "cancer", "neoplasm",
                                          "tumor", "tumour", "lymphoma", "leukemia", "sarcoma",
                                          "melanoma", "рак", "опухол", "новообраз"))


# ---------------------------------------------------------------- per resource type
def _patient(c: _Context) -> None:
    r = c.resource
    name = next((n for n in fa.as_list(r.get("name")) if isinstance(n, dict)), {})
    given = [g for g in fa.as_list(name.get("given")) if isinstance(g, str)]
    address = next((a for a in fa.as_list(r.get("address")) if isinstance(a, dict)), {})
    deceased_on = fa.fhir_date(r.get("deceasedDateTime"))
    c.set(kind="patient", family=name.get("family"), given=given[0] if given else None,
          patronymic=given[1] if len(given) > 1 else None,
          birthDate=fa.fhir_date(r.get("birthDate")),
          sex=r.get("gender") if r.get("gender") in ("male", "female") else "unknown",
          district=address.get("district"), deceasedOn=deceased_on,
          # a year or a month only: deceasedOn is its first day, which must not pass for the
          # day of death (refresh_patient_summaries lets a certificate within it say the day)
          deceasedPrecision=deceased_on and fa.fhir_date_precision(r["deceasedDateTime"]))
    c.set(nameKey=identifiers.normalise_name(
        " ".join(p for p in (name.get("family"), *given[:2]) if isinstance(p, str))) or None)
    if r.get("deceasedBoolean") is True and "deceasedOn" not in c.result.props:
        c.set(deceased=True)
    for index, identifier in enumerate(fa.as_list(r.get("identifier"))):
        if not isinstance(identifier, dict) or not identifier.get("value"):
            continue
        system, value = str(identifier.get("system") or ""), str(identifier["value"])
        if system == identifiers.SNILS_SYSTEM and identifiers.is_placeholder_snils(value):
            continue  # "no СНИЛС" written as zeros: no identifier (the raw JSON keeps it)
        if system == identifiers.SNILS_SYSTEM and not identifiers.is_valid_snils(value):
            raise RecordRejected(
                f"Patient/{r['id']}, элемент Patient.identifier[{index}].value: СНИЛС "
                f"'{value}' — неверное контрольное число (две последние цифры не сходятся "
                "с первыми девятью); исправьте СНИЛС или удалите этот идентификатор")
        value = identifiers.normalise_identifier(system, value, c.enp_system)
        if system == identifiers.SNILS_SYSTEM:
            c.set(snils=value)
        elif system == c.enp_system:
            c.set(enp=value)
        c.result.identifiers.append((system, value))
    c.organization("ATTACHED_TO", "generalPractitioner", "managingOrganization")


def _organization(c: _Context) -> None:
    r = c.resource
    oid = next((str(i["value"]) for i in fa.as_list(r.get("identifier"))
                if isinstance(i, dict) and i.get("system") == fa.FRMO_SYSTEM and i.get("value")),
               None)
    address = next((a for a in fa.as_list(r.get("address")) if isinstance(a, dict)), {})
    c.set(kind="organization")
    c.result.organization = {
        "oid": oid or f"local:{c.result.key}", "name": r.get("name"),
        "kind": fa.first_code(fa.ORG_KIND_SYSTEM, r.get("type")),
        "district": address.get("district"),
    }
    if oid:
        c.result.identifiers.append((fa.FRMO_SYSTEM, oid))
    part_of = c.ref(r.get("partOf"))
    if part_of is not None:
        c.result.references.append(("partOf", part_of))


def _healthcare_service(c: _Context) -> None:
    c.set(kind="capability")
    provider = c.ref(c.resource.get("providedBy"))
    code = fa.first_code(fa.CAPABILITY_SYSTEM, c.resource.get("type"))
    if provider is not None and code:
        c.set(capability=code)
        c.result.organization_links.append(("AT", "providedBy", provider))


def _service_request(c: _Context) -> None:
    r = c.resource
    c.subject("subject")
    revoked_refusal = r.get("status") == "revoked" and fa.has_code(
        fa.SNOMED, REFUSAL_SNOMED, r.get("reasonCode"))
    c.set(kind="hospitalization-refusal" if revoked_refusal else "referral",
          date=fa.first_date(r, "authoredOn", "occurrenceDateTime"),
          text=fa.concept_text(r.get("code")))
    c.diagnosis_codes(r.get("reasonCode"))
    c.set(asks=_asked_service(r.get("code")))
    if _names_oncologist(r.get("performerType")):
        c.set(oncoSign=True, toOncologist=True)
    c.organization("ISSUED_BY", "requester")
    c.organization("REFERRED_TO", "performer")
    c.link("basedOn", "reasonReference", "encounter")


def _names_oncologist(performer_type: Any) -> bool:
    """SNOMED 309295000, or free text (fhir-input.md): «врач-онколог», «онкогинеколог»,
    "Oncologist" — a text or display naming an oncology speciality."""
    if fa.has_code(fa.SNOMED, ONCOLOGIST_SNOMED, performer_type):
        return True
    texts = [item.get("text") for item in fa.as_list(performer_type) if isinstance(item, dict)]
    texts += [coding.get("display") for coding in fa.codings(performer_type)]
    return any(isinstance(text, str) and _ONCOLOGY_SPECIALITY.search(text) for text in texts)


def _asked_service(code: Any) -> str | None:
    snomed = {c.get("code") for c in fa.codings(code) if c.get("system") == fa.SNOMED}
    if snomed & CONSULTATION_SNOMED:
        return "consultation"
    if snomed & ADMISSION_SNOMED:
        return "hospitalization"
    if snomed & DIAGNOSTIC_SNOMED or fa.first_code(fa.LOINC, code):
        return "diagnostics"
    return None


def _encounter(c: _Context) -> None:
    r = c.resource
    c.subject("subject")
    encounter_class = (r.get("class") or {}).get("code") if isinstance(r.get("class"), dict) \
        else None
    concepts = (r.get("type"), r.get("reasonCode"), r.get("serviceType"))
    if fa.has_code(fa.SNOMED, REHABILITATION_SNOMED, *concepts):
        kind = "rehabilitation"
    elif encounter_class in ("IMP", "SS", "ACUTE", "NONAC", "EMER", "OBSENC"):
        refused = r.get("status") == "cancelled" and fa.has_code(
            fa.SNOMED, REFUSAL_SNOMED, r.get("reasonCode"))
        kind = "hospitalization-refusal" if refused else "hospitalization"
    elif r.get("episodeOfCare"):
        kind = "dispensary-observation"
        c.set(dispensaryVisit=True)
    else:
        kind = "consultation"
    priority = fa.first_code({"http://terminology.hl7.org/CodeSystem/v3-ActPriority"},
                             r.get("priority"))
    c.set(kind=kind, encounterClass=encounter_class,
          date=fa.first_date(r, "period.start"), endDate=fa.first_date(r, "period.end"),
          emergency=encounter_class == "EMER" or priority in ("EM", "S") or None,
          activeDetection=fa.has_code(fa.EVENT_SYSTEM, "preventive-exam", r.get("type")) or None,
          telemedicine=encounter_class == "VR" or None,
          text=fa.concept_text(r.get("type")))
    _care_intent(c, *concepts)
    c.diagnosis_codes(r.get("reasonCode"))
    c.organization("AT", "serviceProvider")
    c.link("basedOn", "episodeOfCare", "diagnosis", "reasonReference")
    for item in fa.as_list(r.get("diagnosis")):
        ref = c.ref(item.get("condition")) if isinstance(item, dict) else None
        if ref is not None:
            c.result.references.append(("diagnosis", ref))


def _diagnostic_report(c: _Context) -> None:
    r = c.resource
    c.subject("subject")
    category = fa.first_code({"http://terminology.hl7.org/CodeSystem/v2-0074"},
                             r.get("category")) or ""
    kind = REPORT_CATEGORY_KIND.get(category, "laboratory" if category else "instrumental")
    c.set(kind=kind, date=fa.first_date(r, "issued", "effectiveDateTime", "effectivePeriod.start"),
          effectiveOn=fa.first_date(r, "effectiveDateTime", "effectivePeriod.start"),
          text=r.get("conclusion") if isinstance(r.get("conclusion"), str) else
          fa.concept_text(r.get("code")),
          code=fa.first_code(fa.LOINC, r.get("code")), value=_contained_results(r))
    morphology = fa.first_code(fa.ICDO3_SYSTEMS, r.get("conclusionCode"))
    parsed = codes.try_parse_morphology(morphology) if morphology else None
    if parsed is not None:
        c.set(morphology=f"{parsed.code}/{parsed.behaviour}", behaviour=str(parsed.behaviour))
        if parsed.is_oncology_sign:
            c.set(oncoSign=True)
    c.diagnosis_codes(r.get("conclusionCode"))
    _screen_text(c)
    c.organization("AT", "performer")
    c.link("basedOn", "specimen", "result")


def _observation(c: _Context) -> None:
    r = c.resource
    c.subject("subject")
    loinc = fa.first_code(fa.LOINC, r.get("code"))
    value = fa.concept_text(r.get("valueCodeableConcept")) or r.get("valueString")
    if value is None and loinc in STAGE_LOINC:
        value = _staging_code(STAGE_LOINC[loinc], r.get("valueCodeableConcept"))
    staging = None
    snomed_value = fa.first_code(fa.SNOMED, r.get("valueCodeableConcept"))
    if snomed_value:
        staging = crosswalk.map_snomed_staging(snomed_value)
    if loinc in STAGE_LOINC or staging is not None:
        element = staging.category.lower() if staging else STAGE_LOINC[loinc or ""]
        text = staging.value if staging is not None else value
        if element == "stage":
            text = _stage_text(text)
        c.set(kind="stage-observation", **{element: text},
              pathologic=loinc in ("21902-2", "21899-0", "21900-6", "21901-4") or None)
    else:
        c.set(kind="laboratory", code=loinc, text=fa.concept_text(r.get("code")),
              value=_observed_value(r))
        c.diagnosis_codes(r.get("valueCodeableConcept"))
    c.set(date=fa.first_date(r, "effectiveDateTime", "effectivePeriod.start", "issued"))
    c.organization("AT", "performer")
    c.link("focus", "derivedFrom", "hasMember", "basedOn")


def _observed_value(r: dict[str, Any]) -> str | None:
    """A test's result as written ('118 г/л', '< 0.5 ng/mL', a coded or free-text answer),
    for the passport to show beside the test's name; None when the Observation has none."""
    quantity = r.get("valueQuantity")
    if isinstance(quantity, dict) and isinstance(quantity.get("value"), int | float):
        unit = quantity.get("unit") or quantity.get("code")
        parts = (quantity.get("comparator"), str(quantity["value"]), unit)
        return " ".join(part for part in parts if isinstance(part, str) and part)
    if isinstance(r.get("valueInteger"), int) and not isinstance(r["valueInteger"], bool):
        return str(r["valueInteger"])
    return fa.concept_text(r.get("valueCodeableConcept")) or (
        r["valueString"].strip() or None if isinstance(r.get("valueString"), str) else None)


def _contained_results(r: dict[str, Any]) -> str | None:
    """The results a report carries inside itself (`result` → '#id' of a contained
    Observation), for the passport to show beside the test's name: one result as its value
    ('3.2 нг/мл'), several each with its name ('Гемоглобин 132 г/л; СОЭ 7 мм/ч'). Results sent
    as records of their own are records of their own (kind laboratory)."""
    contained = {item["id"]: item for item in fa.as_list(r.get("contained"))
                 if isinstance(item, dict) and item.get("resourceType") == "Observation"
                 and isinstance(item.get("id"), str)}
    found: list[tuple[str | None, str]] = []
    for node in fa.as_list(r.get("result")):
        reference = node.get("reference") if isinstance(node, dict) else None
        if not isinstance(reference, str) or reference[:1] != "#":
            continue
        observation = contained.get(reference[1:])
        value = _observed_value(observation) if observation is not None else None
        if observation is not None and value is not None:
            found.append((fa.concept_text(observation.get("code")), value))
    if len(found) == 1:
        return found[0][1]
    return "; ".join(f"{name} {value}" if name else value for name, value in found) or None


def _condition(c: _Context) -> None:
    r = c.resource
    c.subject("subject")
    verification = fa.first_code(
        {"http://terminology.hl7.org/CodeSystem/condition-ver-status"},
        r.get("verificationStatus"))
    clinical = fa.first_code({"http://terminology.hl7.org/CodeSystem/condition-clinical"},
                             r.get("clinicalStatus"))
    c.diagnosis_codes(r.get("code"))
    icd10 = c.result.props.get("icd10")
    if icd10 and codes.is_suspicion_code(icd10):
        verification = "provisional"
    stage_text = next((_stage_summary(s["summary"]) for s in fa.as_list(r.get("stage"))
                       if isinstance(s, dict) and s.get("summary")), None)
    morphology = None
    for extension in fa.as_list(r.get("extension")):
        if isinstance(extension, dict) and extension.get("url") == fa.MORPHOLOGY_EXTENSION:
            concept = extension.get("valueCodeableConcept")
            morphology = fa.first_code(fa.ICDO3_SYSTEMS, concept) or \
                crosswalk.map_snomed_morphology(fa.first_code(fa.SNOMED, concept) or "")
    parsed = codes.try_parse_morphology(morphology) if morphology else None
    c.set(kind="diagnosis", verification=codes.normalise_verification(verification),
          clinicalStatus=clinical, relapse=clinical in ("recurrence", "relapse") or None,
          date=fa.first_date(r, "recordedDate", "onsetDateTime", "onsetPeriod.start"),
          stage=_stage_text(stage_text),
          laterality=fa.concept_text(r.get("bodySite")),
          text=fa.concept_text(r.get("code")))
    if parsed is not None:
        c.set(morphology=f"{parsed.code}/{parsed.behaviour}", behaviour=str(parsed.behaviour))
    c.organization("AT", "asserter", "recorder")
    c.link("encounter", "evidence")


def _document(c: _Context) -> None:
    r = c.resource
    c.subject("subject")
    remd = fa.first_code(fa.REMD_KIND_SYSTEM, r.get("type"))
    event = fa.first_code(fa.EVENT_SYSTEM, r.get("type"), r.get("category"))
    kind = (vimis.record_kind_of_remd(remd) if remd else None) or \
        DOCUMENT_EVENT_KIND.get(event or "", "other")
    c.set(kind=kind, remdKind=remd, date=fa.first_date(r, "date", "context.period.start"),
          text=r.get("description") if isinstance(r.get("description"), str) else None)
    context = r.get("context") if isinstance(r.get("context"), dict) else {}
    c.diagnosis_codes(context.get("event"), r.get("type"))
    if kind in ("tumor-board", "neglected-case-protocol", "notification-090", "death") and \
            c.result.props.get("icd10") is None:
        c.set(oncoSign=kind != "death")
    _screen_text(c)
    c.organization("AT", "custodian", "author")
    if isinstance(context.get("related"), list):
        for node in context["related"]:
            ref = c.ref(node)
            if ref is not None:
                c.result.references.append(("related", ref))


def _procedure(c: _Context) -> None:
    r = c.resource
    c.subject("subject")
    concepts = (r.get("code"), r.get("category"))
    if any(fa.has_code(fa.SNOMED, code, *concepts) for code in RADIOTHERAPY_SNOMED):
        kind = "radiotherapy"
    elif fa.has_code(fa.SNOMED, REHABILITATION_SNOMED, *concepts):
        kind = "rehabilitation"
    elif fa.has_code(fa.SNOMED, SURGERY_CATEGORY_SNOMED, *concepts):
        kind = "surgery"
    else:
        kind = "other"
    c.set(kind=kind, date=fa.first_date(r, "performedDateTime", "performedPeriod.start"),
          endDate=fa.first_date(r, "performedPeriod.end"), text=fa.concept_text(r.get("code")))
    c.diagnosis_codes(r.get("reasonCode"))
    _care_intent(c, *concepts, r.get("reasonCode"))
    c.organization("AT", "performer")
    c.link("reasonReference", "encounter", "basedOn")


def _medication(c: _Context) -> None:
    r = c.resource
    c.subject("subject")
    c.set(kind="drug-therapy", date=fa.first_date(
        r, "authoredOn", "effectiveDateTime", "effectivePeriod.start"),
        text=fa.concept_text(r.get("medicationCodeableConcept")) or _display(
            r.get("medicationReference")))
    c.diagnosis_codes(r.get("reasonCode"))
    _care_intent(c, r.get("reasonCode"))
    c.organization("AT", "performer")
    c.organization("ISSUED_BY", "requester")
    c.link("reasonReference", "encounter", "basedOn")


def _display(reference: Any) -> str | None:
    """The `display` of a Reference (a drug named by a Medication resource)."""
    display = reference.get("display") if isinstance(reference, dict) else None
    return display.strip() or None if isinstance(display, str) else None


def _episode_of_care(c: _Context) -> None:
    r = c.resource
    c.subject("patient")
    dispensary = fa.has_code(fa.EVENT_SYSTEM, "dispensary-observation", r.get("type"))
    c.set(kind="dispensary-observation" if dispensary else "other",
          dispensaryRegistration=dispensary or None,
          date=fa.first_date(r, "period.start"), endDate=fa.first_date(r, "period.end"))
    c.organization("AT", "managingOrganization")
    c.link("diagnosis", "referralRequest")
    for item in fa.as_list(r.get("diagnosis")):
        ref = c.ref(item.get("condition")) if isinstance(item, dict) else None
        if ref is not None:
            c.result.references.append(("diagnosis", ref))


def _care_intent(c: _Context, *concepts: Any) -> None:
    """`careIntent` curative or palliative: the mCODE procedure-intent extension, else a
    palliative-care code among the concepts (a type, a code, a reason)."""
    for extension in fa.as_list(c.resource.get("extension")):
        if isinstance(extension, dict) and extension.get("url") == fa.PROCEDURE_INTENT_EXTENSION:
            intent = CARE_INTENT_SNOMED.get(
                fa.first_code(fa.SNOMED, extension.get("valueCodeableConcept")) or "")
            if intent is not None:
                c.set(careIntent=intent)
                return
    palliative_reason = any(
        coding.get("system") in fa.ICD10_SYSTEMS
        and codes.normalise_icd10(coding["code"]) == PALLIATIVE_CARE_ICD10
        for coding in fa.codings(*concepts))
    if palliative_reason or fa.has_code(fa.SNOMED, PALLIATIVE_CARE_SNOMED, *concepts):
        c.set(careIntent="palliative")


def _specimen(c: _Context) -> None:
    c.subject("subject")
    c.set(kind="specimen", date=fa.first_date(c.resource, "receivedTime",
                                              "collection.collectedDateTime"))


def _imaging_study(c: _Context) -> None:
    c.subject("subject")
    c.set(kind="instrumental", date=fa.first_date(c.resource, "started"))
    c.link("basedOn", "encounter")


def _other(c: _Context) -> None:
    c.subject("subject", "patient")


def _screen_text(c: _Context) -> None:
    """Free-text case finding: a statement of malignancy raises a suspicion, never more."""
    if c.result.props.get("oncoSign"):
        return
    findings = screen_resource(c.resource)
    if suspicion_trigger(findings):
        evidence = next((f.sentence for f in findings if f.assertion in
                         ("malignant", "suspected", "in-situ")), None)
        c.set(oncoSign=True, textSuspicion=True, textEvidence=evidence)


_HANDLERS = {
    "Patient": _patient, "Organization": _organization,
    "HealthcareService": _healthcare_service, "ServiceRequest": _service_request,
    "Encounter": _encounter, "DiagnosticReport": _diagnostic_report,
    "Observation": _observation, "Condition": _condition,
    "DocumentReference": _document, "Composition": _document, "Procedure": _procedure,
    "MedicationRequest": _medication, "MedicationAdministration": _medication,
    "MedicationStatement": _medication, "EpisodeOfCare": _episode_of_care,
    "Specimen": _specimen, "ImagingStudy": _imaging_study,
}


def _not_performed(result: Classified) -> None:
    """Care that did not happen (NOT_PERFORMED_STATUSES): kept with its codes, but as no
    step of care. Without `date` it is not on the route (fetch_patient_facts reads dated
    records only), stops no deadline clock and is not the person's last event; without an
    oncology sign it makes no one a passport (a cancelled visit is no trigger)."""
    props = result.props
    props.update(kind="other", notPerformed=True, oncoSign=False, plannedOn=props.pop(
        "date", None))
    for fact in ("endDate", "textSuspicion", "textEvidence", "dispensaryVisit", "careIntent",
                 "emergency", "activeDetection", "telemedicine"):
        props.pop(fact, None)  # what the care was like, had it taken place


def _finish(result: Classified) -> None:
    """Catalogue facts that follow from the kind: trigger point, VIMIS type, care stage."""
    props = result.props
    kind = props["kind"]
    props["classified"] = kind != "other" or result.resource_type in _HANDLERS
    if kind in NON_EVENT_KINDS:
        return
    entry = catalogue.event_kind(kind)
    props["triggerKind"] = entry.trigger
    props["vimisDocType"] = vimis.doc_type_for(kind)
    stage = entry.care_stage
    if kind == "diagnosis" and not codes.asserts_diagnosis(props.get("verification")):
        stage = "suspicion"
    elif props.get("careIntent") == "palliative":
        stage = "palliative"
    props["careStage"] = stage
    if isinstance(props.get("date"), date) is False:
        props.pop("date", None)
