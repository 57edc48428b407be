"""Ingest logic without a server: references, validation, classification, linking, tumours."""

from __future__ import annotations

import gc
import gzip
import json
import pickle
import re
from datetime import date
from pathlib import Path

import pytest

from domain.catalogue import event_label
from domain.vocabulary import EVENT_KINDS
from ingest.classify import NON_EVENT_KINDS, RecordRejected, classify, version_rank
from ingest.identity import (
    ReviewPair,
    decide_links,
    decide_people,
    match_score,
    name_similarity,
)
from ingest.prepare import bulk_allocations, iterate_items, prepare_batch, prepared_batches
from ingest.reader import InputItem, discover_files, input_size
from ingest.references import (
    UnresolvableReference,
    record_key,
    resolve,
    resource_type_of_key,
)
from ingest.tumors import derive_tumors
from ingest.validate import validate_fast, validate_strict
from onkopassport.settings import Settings
from tests import fhir_factories as f


@pytest.mark.parametrize(("reference", "key"), [
    ({"reference": "Patient/7"}, "src|Patient|7"),
    ({"reference": "https://mis.example/fhir/Patient/7/_history/2"}, "src|Patient|7"),
    ({"reference": "urn:uuid:abc"}, "src|Patient|p-abc"),
])
def test_references_resolve_to_source_scoped_keys(reference: dict[str, str], key: str) -> None:
    ref = resolve(reference, "src", {"urn:uuid:abc": "src|Patient|p-abc"})
    assert ref is not None and ref.key == key


def test_a_record_key_names_its_resource_type_even_when_the_source_holds_a_bar() -> None:
    assert resource_type_of_key(record_key("mis-a", "Organization", "o-1")) == "Organization"
    assert resource_type_of_key(record_key("urn:x|y", "Patient", "7")) == "Patient"


def test_identifier_reference_and_unresolvable_urn() -> None:
    ref = resolve({"identifier": {"system": f.SNILS, "value": "11223344595"}}, "src", {})
    assert ref is not None and ref.by_identifier and ref.value == "11223344595"
    with pytest.raises(UnresolvableReference):
        resolve({"reference": "urn:uuid:nowhere"}, "src", {})


def test_a_conditional_reference_by_identifier_is_a_reference_by_identifier() -> None:
    ref = resolve({"reference": f"Patient?identifier={f.SNILS}%7C112-233-445%2095"}, "src", {})
    assert ref == (None, f.SNILS, "112-233-445 95", "Patient")
    assert resolve({"reference": "Organization?identifier=1.2.643"}, "src", {}) == (
        None, "", "1.2.643", "Organization")
    for unsupported in ("Patient?name=Иванова", "Patient?identifier=a|1&birthdate=1960",
                        "Patient?identifier=a|", "patient?identifier=a|1"):
        with pytest.raises(UnresolvableReference,
                           match=r"^(условная ссылка|ссылка) '" + re.escape(unsupported)):
            resolve({"reference": unsupported}, "src", {})


def test_fast_validation_agrees_with_r4b_on_typical_problems() -> None:
    good = f.condition("c1", "Patient/1", "C50.4", stage="IIA", morphology="8500/3")
    assert validate_fast(good) is None and validate_strict(good) is None
    for bad in ({"resourceType": "Patient", "id": "1", "birthDate": "1999-02-30"},
                {"resourceType": "Patient", "id": "1", "nickname": "x"},
                {"resourceType": "Patent", "id": "1"}):
        assert validate_fast(bad) is not None
        assert validate_strict(bad) is not None


def test_versions_rank_numerically() -> None:
    assert version_rank({"meta": {"versionId": "10"}}) > version_rank({"meta": {"versionId": "9"}})


def test_classifier_reads_kinds_and_facts() -> None:
    refusal = f.encounter("e", "Patient/1", klass="IMP")
    refusal["status"] = "cancelled"
    refusal["reasonCode"] = [{"coding": [{"system": f.SNOMED, "code": "105480006"}]}]
    assert classify(refusal, "s", {}).kind == "hospitalization-refusal"
    referral = classify(f.referral("r", "Patient/1", reason="C18.7"), "s", {})
    assert (referral.kind, referral.props["vimisDocType"], referral.props["oncoSign"]) == \
        ("referral", 1, True)
    with pytest.raises(RecordRejected, match=r"^Patient/1, элемент Patient\.identifier\[\d\]"
                       r"\.value: СНИЛС '112-233-445 96' — неверное контрольное число"):
        classify(f.patient("1", snils="112-233-445 96"), "s", {})


def test_a_stored_record_whose_bundle_is_gone_is_read_for_its_facts_only() -> None:
    """Read again long after its Bundle (reclassify), a record whose subject is a
    `urn:uuid` only that Bundle resolved gives the same facts as when it arrived; read as
    new input it is rejected, as the reference can never resolve."""
    condition = f.condition("c1", "urn:uuid:0d7c", "C50.4", stage="IIA")
    on_arrival = classify(condition, "s", {"urn:uuid:0d7c": "s|Patient|1"})
    again = classify(condition, "s", {}, facts_only=True)
    assert again.props == on_arrival.props and again.props["icd10"] == "C50.4"
    assert again.subject is None
    with pytest.raises(RecordRejected, match=r"^Condition/c1, элемент Condition\.subject"
                       r"\.reference: ссылка 'urn:uuid:0d7c' не указывает ни на одну запись"):
        classify(condition, "s", {})


def test_the_intent_of_care_is_read_from_mcode_and_palliative_codes() -> None:
    """mCODE's procedure intent says whether a treatment is to cure or to relieve; a
    palliative-care reason (ICD-10 Z51.5) or type (SNOMED 103735009) says the latter. A
    palliative record is on the route's palliative stage."""
    def intent(code: str) -> list[dict[str, object]]:
        return [{"url": "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-procedure-intent",
                 "valueCodeableConcept": {"coding": [{"system": f.SNOMED, "code": code}]}}]
    chemo = {"resourceType": "MedicationRequest", "id": "m", "status": "active",
             "intent": "order", "subject": {"reference": "Patient/1"},
             "authoredOn": "2025-03-01", "medicationCodeableConcept": {"text": "Паклитаксел"}}
    curative = classify({**chemo, "extension": intent("373808002")}, "s", {})
    palliative = classify({**chemo, "extension": intent("363676003")}, "s", {})
    assert (curative.props["careIntent"], curative.props["careStage"]) == ("curative",
                                                                          "treatment")
    assert (palliative.props["careIntent"], palliative.props["careStage"]) == ("palliative",
                                                                              "palliative")
    assert "careIntent" not in classify(chemo, "s", {}).props
    visit = f.encounter("e", "Patient/1")
    visit["reasonCode"] = [{"coding": [{"system": "http://hl7.org/fhir/sid/icd-10",
                                        "code": "Z51.5"}]}]
    assert classify(visit, "s", {}).props["careStage"] == "palliative"
    hospice = f.encounter("h", "Patient/1", klass="IMP")
    hospice["type"] = [{"coding": [{"system": f.SNOMED, "code": "103735009"}]}]
    assert classify(hospice, "s", {}).props["careIntent"] == "palliative"


def test_the_clinical_group_follows_the_care_not_the_stage() -> None:
    """domain.md §3: IV is advanced disease under symptomatic care — a stage IV cancer,
    unless treated to cure since; treatment to cure is IIa; cured and on the dispensary
    register is III; a palliative care intent is IV whatever the stage."""
    diagnosed = {"key": "1", "kind": "diagnosis", "date": date(2025, 1, 10), "icd10": "C34.1",
                 "verification": "confirmed", "stage": "IV", "m": "M1"}
    chemo = {"key": "2", "kind": "drug-therapy", "date": date(2025, 2, 1), "icd10": "C34.1"}
    palliative_visit = {"key": "3", "kind": "consultation", "date": date(2025, 6, 1),
                        "icd10": "C34.1", "careIntent": "palliative"}

    def group(*records: dict[str, object]) -> str:
        [tumour] = derive_tumors("P", list(records))
        return str(tumour["props"]["clinicalGroup"])

    assert group(diagnosed) == group(diagnosed, chemo) == "IV"
    assert group(diagnosed, {**chemo, "careIntent": "curative"}) == "IIa"
    assert group(diagnosed, {**chemo, "careIntent": "curative"}, palliative_visit) == "IV"
    early = {**diagnosed, "stage": "IIA", "m": "M0"}
    surgery = {"key": "4", "kind": "surgery", "date": date(2025, 2, 1), "icd10": "C34.1",
               "careIntent": "curative"}
    registered = {"key": "5", "kind": "dispensary-observation", "date": date(2025, 5, 1),
                  "icd10": "C34.1", "dispensaryRegistration": True}
    assert group(early, surgery) == "IIa"
    assert group(early, surgery, registered) == "III"
    assert group(early, {**surgery, "careIntent": None}) == "II"
    relapse = {"key": "6", "kind": "diagnosis", "date": date(2026, 3, 1), "icd10": "C34.1",
               "verification": "confirmed", "relapse": True}
    assert group(early, surgery, relapse) == "II"  # treated to cure, then relapsed
    assert group(early, palliative_visit) == "IV"


def test_names_compare_with_yo_swaps_and_missing_patronymic() -> None:
    assert name_similarity("СЕМЕНОВА АЛЕНА ЮРЬЕВНА", "АЛЕНА СЕМЕНОВА ЮРЬЕВНА") == 1.0
    assert name_similarity("СЕМЕНОВА АЛЕНА", "СЕМЕНОВА АЛЕНА ЮРЬЕВНА") >= 0.9
    assert name_similarity("ИВАНОВ ИВАН ИВАНОВИЧ", "ПЕТРОВ ПЕТР ПЕТРОВИЧ") < 0.6
    same = {"nameKey": "А Б В", "sex": "male", "district": "Д"}
    assert match_score(same, same) == 1.0


def test_batch_links_respect_snils_conflicts_and_merge_late_partners() -> None:
    settings = Settings()
    rows = [
        {"key": "a", "snils": None, "nameKey": "Х", "sex": "male", "sharing": [
            {"key": "c", "patientId": None, "system": "urn:onkopassport:enp", "snils": "1"}],
         "similar": []},
        {"key": "b", "snils": "2", "nameKey": "Х", "sex": "male", "sharing": [],
         "similar": [{"key": "a", "patientId": None, "nameKey": "Х", "sex": "male",
                      "snils": None}]},
        {"key": "c", "snils": "1", "nameKey": "Х", "sex": "male", "sharing": [
            {"key": "a", "patientId": None, "system": "urn:onkopassport:enp", "snils": None}],
         "similar": [{"key": "b", "patientId": None, "nameKey": "Х", "sex": "male",
                      "snils": "2"}]},
    ]
    decisions = {d.key: d for d in decide_links(rows, settings)}
    # b (СНИЛС 2) joined a first, so c (СНИЛС 1) may not join that person, ЕНП or not.
    assert decisions["b"].patient_id == decisions["a"].patient_id
    assert decisions["c"].patient_id != decisions["a"].patient_id
    # Without b, a and c meet through their ЕНП: c joins the person a founded.
    pair = {d.key: d for d in decide_links([rows[0], rows[2]], settings)}
    assert pair["a"].patient_id == pair["c"].patient_id
    assert pair["c"].reason == "enp"


@pytest.mark.parametrize(("status", "kept", "stage"), [
    ("confirmed", "confirmed", "diagnosis"), ("provisional", "provisional", "suspicion"),
    ("differential", "provisional", "suspicion"), ("unconfirmed", "provisional", "suspicion"),
    ("refuted", "refuted", "suspicion")])
def test_only_a_confirmed_condition_states_a_diagnosis(status: str, kept: str,
                                                        stage: str) -> None:
    record = classify(f.condition("c", "Patient/1", "C18.7", verification=status), "s", {})
    assert (record.props["verification"], record.props["careStage"]) == (kept, stage)


@pytest.mark.parametrize(("coding", "asks"), [
    ({"system": f.SNOMED, "code": "11429006"}, "consultation"),
    ({"system": "http://loinc.org", "code": "24627-2"}, "diagnostics"),
    ({"system": f.SNOMED, "code": "363679005"}, "diagnostics"),
    ({"system": f.SNOMED, "code": "32485007"}, "hospitalization"),
    ({"system": "urn:local", "code": "x"}, None)])
def test_a_referral_says_what_it_asks(coding: dict[str, str], asks: str | None) -> None:
    referral = f.referral("r", "Patient/1")
    referral["code"] = {"coding": [coding]}
    assert classify(referral, "s", {}).props.get("asks") == asks


@pytest.mark.parametrize(("section", "kind"), [
    ("CT", "instrumental"), ("NMR", "instrumental"), ("RUS", "instrumental"),
    ("RAD", "instrumental"), ("HM", "laboratory"), ("LAB", "laboratory"), ("CP", "cytology")])
def test_report_sections_of_imaging_are_instrumental(section: str, kind: str) -> None:
    report = {"resourceType": "DiagnosticReport", "id": "d", "status": "final",
              "subject": {"reference": "Patient/1"}, "issued": "2025-02-01T10:00:00+03:00",
              "code": {"text": "исследование"},
              "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0074",
                                        "code": section}]}]}
    assert classify(report, "s", {}).kind == kind


def test_a_refuted_suspicion_makes_no_diagnosed_tumour() -> None:
    suspicion = {"key": "1", "kind": "diagnosis", "date": date(2024, 1, 1), "icd10": "C18.7",
                 "verification": "refuted"}
    [tumour] = derive_tumors("P", [suspicion])
    assert (tumour["props"]["verification"], tumour["props"]["diagnosedOn"],
            tumour["props"]["clinicalGroup"]) == ("refuted", None, None)
    confirmed = {**suspicion, "key": "2", "date": date(2024, 2, 1), "verification": "confirmed"}
    [tumour] = derive_tumors("P", [suspicion, confirmed])
    assert (tumour["props"]["verification"], tumour["props"]["diagnosedOn"]) == \
        ("confirmed", date(2024, 2, 1))


def test_a_tumour_remembers_which_staging_was_pathologic() -> None:
    records = [
        {"key": "1", "kind": "diagnosis", "date": date(2024, 1, 1), "icd10": "C50.1",
         "stage": "IIA"},
        {"key": "2", "kind": "stage-observation", "date": date(2024, 1, 1), "t": "T2",
         "refersTo": ["1"]},
        {"key": "3", "kind": "stage-observation", "date": date(2024, 3, 1), "stage": "IIB",
         "pathologic": True, "refersTo": ["1"]},
    ]
    [tumour] = derive_tumors("P", records)
    assert (tumour["props"]["stage"], tumour["props"]["pathologicParts"]) == ("IIB", ["stage"])


def test_the_stage_is_the_stage_at_diagnosis_and_the_group_is_today_s() -> None:
    diagnosed = {"key": "1", "kind": "diagnosis", "date": date(2024, 1, 10), "icd10": "C50.1",
                 "stage": "IIA"}
    restaged = {"key": "2", "kind": "stage-observation", "date": date(2024, 3, 1),
                "stage": "IIB", "pathologic": True, "refersTo": ["1"]}
    progressed = {"key": "3", "kind": "diagnosis", "date": date(2025, 6, 1), "icd10": "C50.1",
                  "stage": "IV", "m": "M1"}
    [tumour] = derive_tumors("P", [diagnosed, restaged, progressed])
    facts = tumour["props"]
    # the work-up within four months stages the tumour; the progression a year on does not
    assert (facts["stage"], facts["m"], facts["neglected"]) == ("IIB", None, False)
    assert facts["clinicalGroup"] == "IV"
    late_only = {**diagnosed, "stage": None}
    late_staging = {**restaged, "date": date(2024, 9, 1)}
    [tumour] = derive_tumors("P", [late_only, late_staging, progressed])
    assert tumour["props"]["stage"] == "IIB"  # the only staging of the initial work-up
    [tumour] = derive_tumors("P", [late_only, progressed])
    assert tumour["props"]["stage"] is None  # a progression 17 months on is no stage at diagnosis


def test_multiple_primaries_and_metastases() -> None:
    records = [
        {"key": "1", "kind": "diagnosis", "date": date(2024, 1, 1), "icd10": "C50.1",
         "morphology": "8500/3"},
        {"key": "2", "kind": "diagnosis", "date": date(2024, 6, 1), "icd10": "C50.9",
         "morphology": "8520/3"},
        {"key": "3", "kind": "diagnosis", "date": date(2025, 1, 1), "icd10": "C50.9",
         "morphology": "9680/3"},
        {"key": "4", "kind": "diagnosis", "date": date(2025, 2, 1), "icd10": "C78.0"},
    ]
    tumours = derive_tumors("P", records)
    assert [t["props"]["icd10"] for t in tumours] == ["C50.1", "C50.9"]  # carcinoma, lymphoma


def test_tumours_follow_the_iarc_rule_of_the_registry() -> None:
    """Squamous and basal-cell carcinoma of the skin are two primaries (IARC table 2), so
    the basal-cell five-year removal cannot take the squamous one off the register; a
    lymphoma and a leukaemia of one lineage are one systemic primary."""
    skin = derive_tumors("P", [
        {"key": "1", "kind": "diagnosis", "date": date(2019, 1, 1), "icd10": "C44.3",
         "morphology": "8070/3"},
        {"key": "2", "kind": "diagnosis", "date": date(2020, 1, 1), "icd10": "C44.5",
         "morphology": "8090/3"}])
    assert [(t["props"]["icd10"], t["props"]["morphology"]) for t in skin] == [
        ("C44.3", "8070/3"), ("C44.5", "8090/3")]
    systemic = derive_tumors("P", [
        {"key": "1", "kind": "diagnosis", "date": date(2020, 1, 1), "icd10": "C91.1",
         "morphology": "9823/3"},
        {"key": "2", "kind": "diagnosis", "date": date(2021, 1, 1), "icd10": "C83.0",
         "morphology": "9670/3"}])
    assert len(systemic) == 1
    in_situ = derive_tumors("P", [
        {"key": "1", "kind": "diagnosis", "date": date(2020, 1, 1), "icd10": "D05.1"},
        {"key": "2", "kind": "diagnosis", "date": date(2020, 2, 1), "icd10": "D05.1",
         "morphology": "8500/2"}])
    assert len(in_situ) == 1


def test_bulk_work_collects_garbage_rarely_and_restores_the_collector() -> None:
    before = gc.get_threshold()
    with bulk_allocations():
        assert gc.get_threshold()[0] > 10 * before[0]
    assert gc.get_threshold() == before
    with pytest.raises(RuntimeError), bulk_allocations():
        raise RuntimeError("an ingest fails midway")
    assert gc.get_threshold() == before


def test_prepared_batches_survive_the_trip_between_processes() -> None:
    items = [InputItem("src", "file.ndjson:1", raw, resource=resource)
             for resource in (f.patient("1", snils="112-233-445 95"),
                              f.condition("c1", "Patient/1", "C50.4", stage="IIA"))
             for raw in [json.dumps(resource)]]
    batch = prepare_batch(items, validate_fast)
    copy = pickle.loads(pickle.dumps(batch))
    assert copy == batch and copy.records[1][0].subject.key == "src|Patient|1"


def test_a_folder_walk_passes_by_a_generated_region_s_manifest_and_ground_truth(
        tmp_path: Path) -> None:
    for name in ("poly-mis-1.ndjson", "manifest.json", "ground_truth/broken.jsonl",
                 "ground_truth/indicators.json", "more/lab.json.gz", "routing.csv"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("{}")
    assert discover_files([tmp_path]) == [tmp_path / "more/lab.json.gz",
                                          tmp_path / "poly-mis-1.ndjson"]
    # named as a file, it is input like any other (and quarantined if it is not FHIR)
    assert discover_files([tmp_path / "manifest.json"]) == [tmp_path / "manifest.json"]


def test_items_say_how_much_of_the_input_was_read_for_a_progress_bar(tmp_path: Path) -> None:
    """Records per file vary (a Bundle line holds many), bytes are known up front: every
    item tells how many bytes of the input (compressed, for .gz) were read by then, counted
    over all the files, ending at the input's size."""
    lines = [json.dumps(f.patient(str(n), family="Ёлкина" * n)) for n in range(1, 400)]
    (tmp_path / "a.ndjson").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with gzip.open(tmp_path / "b.ndjson.gz", "wt", encoding="utf-8") as packed:
        packed.write("\n".join(lines) + "\n")
    (tmp_path / "c.json").write_text(json.dumps(f.bundle([f.patient("x"), f.patient("y")])))

    items = list(iterate_items([tmp_path]))
    positions = [item.read_to for item in items]
    assert len(items) == 2 * len(lines) + 2
    assert positions == sorted(positions)
    first_file = (tmp_path / "a.ndjson").stat().st_size
    assert positions[0] < first_file and positions[len(lines) - 1] == first_file
    assert positions[-1] == input_size([tmp_path])
    batches = list(prepared_batches(iter(items), 100, validate_fast))
    assert [b.read_to for b in batches] == [max(i.read_to for i in items[n:n + 100])
                                            for n in range(0, len(items), 100)]


def test_every_kind_the_classifier_gives_has_a_russian_label() -> None:
    """A person's history shows every record; a specimen showed as "specimen"."""
    for kind in (*EVENT_KINDS, *NON_EVENT_KINDS):
        assert event_label(kind) != kind, kind


def _stored(key: str, person: str, system: str, birth: str | None) -> dict[str, object]:
    return {"key": key, "patientId": person, "system": system, "snils": None,
            "birthDate": birth, "sex": "female", "patientSnils": []}


@pytest.mark.parametrize(("birth", "merged"), [
    ("1970-02-03", True),   # the hospital's card number and the birth date: one person
    (None, False),          # the card number alone: organisations reuse them
])
def test_a_local_id_joins_two_stored_people_only_with_the_birth_date(
        birth: str | None, merged: bool) -> None:
    card = "urn:mis:hospital:patient"
    row = {"key": "onco|Patient|1", "snils": "11223344595", "nameKey": "А Б В",
           "sex": "female", "birthDate": birth, "similar": [], "sharing": [
               _stored("reg|Patient|x", "P-SNILS", "urn:oid:1.2.643.100.3", None),
               _stored("hospital|Patient|7", "P-CARD", card, "1970-02-03" if birth else None)]}
    decisions, merges = decide_people([row], Settings())
    assert decisions[0].patient_id == "P-SNILS" and decisions[0].reason == "snils"
    assert [(m.old, m.new, m.reason, m.via) for m in merges] == (
        [("P-CARD", "P-SNILS", "local-id", "onco|Patient|1")] if merged else [])


def test_a_record_linked_by_snils_and_as_alike_as_a_link_to_another_person_is_reviewed() -> None:
    """Linked to one stored person by СНИЛС, and by name, sex and district as alike as a
    link to another (who has no СНИЛС): the operator is asked whether the two are one."""
    row = {"key": "onco|Patient|1", "snils": "11223344595", "nameKey": "ИВАНОВА МАРИЯ ПЕТРОВНА",
           "sex": "female", "birthDate": "1961-03-04", "district": "Северный",
           "sharing": [_stored("reg|Patient|x", "P-SNILS", "urn:oid:1.2.643.100.3", None)],
           "similar": [{"key": "poly|Patient|7", "patientId": "P-NAME", "snils": None,
                        "nameKey": "ИВАНОВА МАРИЯ ПЕТРОВНА", "sex": "female",
                        "district": "Северный", "patientSnils": []}]}
    [decision], merges = decide_people([row], Settings())
    assert (decision.patient_id, decision.reason) == ("P-SNILS", "snils")
    assert decision.reviews == (ReviewPair("poly|Patient|7", "P-NAME", 1.0),)
    assert merges == []


def test_a_person_joined_by_one_match_is_not_asked_about_by_another() -> None:
    """The card number and birth date join the card's person; the same card, as alike by
    name, is then the same person, not a pair to review."""
    card = "urn:mis:hospital:patient"
    row = {"key": "onco|Patient|1", "snils": "11223344595", "nameKey": "А Б В",
           "sex": "female", "birthDate": "1970-02-03", "district": "Д",
           "sharing": [_stored("reg|Patient|x", "P-SNILS", "urn:oid:1.2.643.100.3", None),
                       _stored("hospital|Patient|7", "P-CARD", card, "1970-02-03")],
           "similar": [{"key": "hospital|Patient|7", "patientId": "P-CARD", "snils": None,
                        "nameKey": "А Б В", "sex": "female", "district": "Д",
                        "patientSnils": []}]}
    [decision], merges = decide_people([row], Settings())
    assert [(m.old, m.new) for m in merges] == [("P-CARD", "P-SNILS")]
    assert decision.reviews == ()


@pytest.mark.parametrize(("sent", "day", "precision"), [
    ("2025", date(2025, 1, 1), "year"),
    ("2025-06", date(2025, 6, 1), "month"),
    ("2025-06-20", date(2025, 6, 20), None),
    ("2025-06-20T10:00:00+03:00", date(2025, 6, 20), None),
])
def test_a_partial_date_of_death_keeps_how_much_is_known(
        sent: str, day: date, precision: str | None) -> None:
    props = classify(f.patient("1", deceasedDateTime=sent), "mis", {}).props
    assert props["deceasedOn"] == day
    assert props.get("deceasedPrecision") == precision
