"""The ground truth agrees with the records the MIS files carry."""

from __future__ import annotations

from collections import Counter
from datetime import date

import orjson

from synth.identifiers import SNILS_SYSTEM, snils_is_valid
from synth.truth import count_indicators, indicators_from_counters


def test_every_record_key_is_in_the_files_and_back(resources, record_rows) -> None:
    lines_per_key: Counter[str] = Counter()
    for source, _, resource in resources:
        if resource is not None:
            assert resource["meta"]["source"] == source
            lines_per_key[f"{source}|{resource['resourceType']}|{resource['id']}"] += 1
    registry = {key for key, row in record_rows.items() if row["source"] == "frmo"}
    assert registry and all(not record_rows[key]["person_id"] for key in registry)
    assert set(lines_per_key) == set(record_rows) - registry
    for key, count in lines_per_key.items():
        assert int(record_rows[key]["versions"]) == count, key


def test_every_record_belongs_to_a_known_person(record_rows, people) -> None:
    person_ids = {person["person_id"] for person in people}
    owners = {row["person_id"] for row in record_rows.values() if row["source"] != "frmo"}
    assert owners <= person_ids
    for person in people[:500]:
        for source, local_id in person["patients"].items():
            assert record_rows[f"{source}|Patient|{local_id}"]["person_id"] == person["person_id"]


def test_local_ids_are_reused_across_sources_for_different_people(record_rows) -> None:
    owners: dict[str, set[str]] = {}
    for row in record_rows.values():
        if row["resource_type"] == "Patient" and not row["broken"]:
            owners.setdefault(row["id"], set()).add(row["person_id"])
    assert sum(len(persons) > 1 for persons in owners.values()) > 100


def test_valid_patients_carry_valid_snils(resources, record_rows) -> None:
    checked = 0
    for source, _, resource in resources:
        if resource is None or resource["resourceType"] != "Patient":
            continue
        key = f"{source}|Patient|{resource['id']}"
        snils = [i["value"] for i in resource.get("identifier", []) if i["system"] == SNILS_SYSTEM]
        for value in snils:
            assert snils_is_valid(value) == (record_rows[key]["broken"] != "wrong-snils-check")
            checked += 1
    assert checked > 5_000


def test_same_person_appears_in_several_sources_with_variants(people) -> None:
    several = [p for p in people if len(p["patients"]) > 1]
    assert len(several) > len(people) * 0.2
    changes = Counter(v["change"] for p in people for v in p["name_variants"])
    assert {"typo", "swapped", "yo-ye"} <= set(changes)


def test_retracted_records_end_entered_in_error(resources, record_rows) -> None:
    last_status: dict[str, tuple[int, str]] = {}
    for source, _, resource in resources:
        if resource is None:
            continue
        key = f"{source}|{resource['resourceType']}|{resource['id']}"
        version = int(resource["meta"]["versionId"])
        if version >= last_status.get(key, (0, ""))[0]:
            last_status[key] = (version, resource.get("status", ""))
    retracted = [key for key, row in record_rows.items() if row["retracted"] == "1"]
    assert retracted
    assert all(last_status[key][1] == "entered-in-error" for key in retracted)


def test_indicators_equal_a_recount_from_patients(region_dir, people) -> None:
    indicators = orjson.loads((region_dir / "ground_truth" / "indicators.json").read_bytes())
    as_of = date.fromisoformat(indicators["as_of"])
    year = str(as_of.year - 2)
    new = [t for p in people for t in p["tumours"] if t["diagnosed_on"].startswith(year)]
    early = indicators["years"][year]["early_detection"]
    assert early["denominator"] == len(new) > 0
    assert early["numerator"] == sum(t["stage"] in ("I", "II") for t in new)
    met = sum(d["state"] == "met" for p in people for d in p["deadlines"]
              if d["rule"] == "D1" and d["started_on"].startswith(year))
    assert indicators["years"][year]["timeliness"]["D1"]["numerator"] == met


def test_indicator_arithmetic_on_a_hand_made_person() -> None:
    from synth.truth import PersonTruth, TumourTruth

    truth = PersonTruth("p", "cancer")
    truth.tumours.append(TumourTruth("p-T1", "C50.9", "C50", "8500/3", "IV", "IV", "T2", "N1",
                                     "M1", "left", date(2020, 3, 1), "histology", True, True))
    counters: Counter[str] = Counter()
    count_indicators(truth, date(2020, 12, 1), 2016, date(2026, 11, 1), counters)
    result = indicators_from_counters(counters, 2016, date(2026, 11, 1))["years"]
    assert result["2020"]["neglect_rate"]["numerator"] == 1
    assert result["2021"]["one_year_mortality"] == {"numerator": 1, "denominator": 1,
                                                   "value": 1.0}
    assert result["2020"]["five_year_contingent"]["denominator"] == 0  # died before year end


def _facts_by_person(resources, record_rows):  # type: ignore[no-untyped-def]
    """Per person: confirmed cancer diagnosis dates, tumour board dates, death dates."""
    facts: dict[str, dict[str, set[str]]] = {}
    for source, _, resource in resources:
        if resource is None:
            continue
        row = record_rows[f"{source}|{resource['resourceType']}|{resource['id']}"]
        if row["broken"]:
            continue
        mine = facts.setdefault(row["person_id"], {"diagnosed": set(), "board": set(),
                                                   "deceased": set(), "episode_end": set()})
        kind = resource["resourceType"]
        if kind == "Condition" and resource["code"]["coding"][0]["code"].startswith("C"):
            status = resource["verificationStatus"]["coding"][0]["code"]
            clinical = resource["clinicalStatus"]["coding"][0]["code"]
            if status == "confirmed" and clinical == "active":
                mine["diagnosed"].add(resource["recordedDate"][:10])
        elif kind == "DocumentReference" and resource["type"]["coding"][0]["code"] == "371":
            mine["board"].add(resource["date"][:10])
        elif kind == "EpisodeOfCare" and "end" in resource["period"]:
            mine["episode_end"].add(resource["period"]["end"][:10])
        elif kind == "Patient" and "deceasedDateTime" in resource:
            mine["deceased"].add(resource["deceasedDateTime"][:10])
    return facts


def test_diagnoses_boards_and_deaths_in_records_match_the_truth(resources, record_rows,
                                                                people) -> None:
    facts = _facts_by_person(resources, record_rows)
    empty: dict[str, set[str]] = {"diagnosed": set(), "board": set(), "deceased": set(),
                                  "episode_end": set()}
    reasons: Counter[str] = Counter()
    for person in people:
        mine = facts.get(person["person_id"], empty)
        assert mine["diagnosed"] == {t["diagnosed_on"] for t in person["tumours"]}
        boards = {t["tumor_board_on"] for t in person["tumours"] if t["tumor_board_on"]}
        assert boards <= mine["board"]
        expected_death = {person["deceased_on"]} if person["deceased_on"] else set()
        assert mine["deceased"] == expected_death
        ends = {t["dispensary_until"] for t in person["tumours"] if t["dispensary_until"]}
        assert mine["episode_end"] == ends
        reasons.update(t["dispensary_end_reason"] for t in person["tumours"])
    assert {"died", "moved", "basal-cell-5-years"} <= set(reasons)


def test_newer_versions_are_also_sent_later(resources) -> None:
    sent: dict[str, dict[int, str]] = {}
    for source, _, resource in resources:
        if resource is not None:
            key = f"{source}|{resource['resourceType']}|{resource['id']}"
            meta = resource["meta"]
            sent.setdefault(key, {})[int(meta["versionId"])] = meta["lastUpdated"]
    corrected = [versions for versions in sent.values() if len(versions) > 1]
    assert len(corrected) > 20
    for versions in corrected:
        ordered = [versions[number] for number in sorted(versions)]
        assert ordered == sorted(ordered) and len(set(ordered)) == len(ordered)
