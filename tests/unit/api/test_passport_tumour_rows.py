"""The passport's tumour row and a tumour's episode, from query rows (no database)."""

from __future__ import annotations

from datetime import date

from api.graphql.passport_build import episode_start, tumor


def test_tumour_row_names_its_basis_beside_the_diagnosis_status() -> None:
    row = {"tumorId": "p|C18|1", "icd10": "C18.0", "verification": "confirmed",
           "morphologicallyVerified": False, "basis": 1}
    shown = tumor(row)
    assert (shown.verification, shown.morphologically_verified, shown.basis_label_ru) == (
        "confirmed", False, "Клинически")
    assert tumor({**row, "basis": "histology"}).basis_label_ru == "Гистология первичной опухоли"
    assert tumor({**row, "basis": "no-such-basis"}).basis_label_ru is None


def test_episode_starts_at_the_tumours_first_record() -> None:
    route = [
        {"record": {"date": date(2022, 8, 4)}, "tumorIds": []},
        {"record": {"date": date(2022, 11, 6)}, "tumorIds": ["p|C18|2"]},
        {"record": {"date": date(2022, 7, 20)}, "tumorIds": ["p|C44|1"]},
    ]
    colon = {"tumorId": "p|C18|2", "diagnosedOn": date(2022, 11, 20)}
    assert episode_start(colon, route) == date(2022, 11, 6)
    assert episode_start({"tumorId": "p|C50|3", "diagnosedOn": date(2023, 1, 5)},
                         route) == date(2023, 1, 5)
    assert episode_start({"tumorId": "p|C50|3"}, route) is None
