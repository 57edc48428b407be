"""The registrar's review list: check results that need a person, and confirmations.

A Rare or Query result can be confirmed with a reason (the registrar checked the source
and the data are right); the confirmation is a :QualityReview node that says who, when
and why. Invalid and Missing results cannot be confirmed: the data must be corrected.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pandas as pd

from graph.database import Graph
from registry.checks import CHECKS, CONFIRMABLE, OK, run_quality_checks
from registry.errors import ReviewNotAllowedError
from registry.rebuild import _native
from registry.table import RegistryFilter, read_registry

REVIEW_COLUMNS = ("confirmed", "reason", "reviewedBy", "reviewedAt")


def quality_results(graph: Graph, today: date, where: RegistryFilter | None = None,
                    rows: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every check of every selected entry, joined with the registrars' confirmations."""
    rows = read_registry(graph, where) if rows is None else rows
    results = run_quality_checks(rows, today)
    return attach_reviews(results, _reviews(graph))


def attach_reviews(results: pd.DataFrame, reviews: pd.DataFrame) -> pd.DataFrame:
    """Mark results a registrar confirmed (only Rare/Query confirmations count)."""
    merged = results.merge(reviews, on=["tumorId", "check"], how="left")
    merged["confirmed"] = merged["reviewedBy"].notna() & merged["grade"].isin(CONFIRMABLE)
    return merged


def review_list(results: pd.DataFrame, grades: set[str] | None = None,
                include_confirmed: bool = False) -> pd.DataFrame:
    """Results that are not OK (of these grades), unconfirmed ones first."""
    selected = results[results["grade"] != OK]
    if grades:
        selected = selected[selected["grade"].isin(grades)]
    if not include_confirmed:
        selected = selected[~selected["confirmed"]]
    return selected.sort_values(["confirmed", "grade", "tumorId", "check"])


def confirm_result(graph: Graph, *, tumor_id: str, check: str, reason: str,
                   reviewed_by: str, now: datetime, today: date,
                   scope: RegistryFilter | None = None) -> dict[str, Any]:
    """Store a registrar's confirmation of a Rare or Query result; returns the review.
    `scope` (district, organisation) limits which tumours this registrar may confirm; one
    outside it is answered as missing."""
    if check not in CHECKS:
        raise ReviewNotAllowedError(f"Неизвестная проверка «{check}».")
    if not reason.strip():
        raise ReviewNotAllowedError("Укажите причину подтверждения.")
    where = scope or RegistryFilter()
    rows = read_registry(graph, RegistryFilter(
        district=where.district, organization_oid=where.organization_oid, tumor_ids=[tumor_id]))
    if rows.empty:
        raise ReviewNotAllowedError(f"Нет записи регистра для опухоли {tumor_id}.")
    results = run_quality_checks(rows, today)
    grade = results.loc[results["check"] == check, "grade"].iloc[0]
    if grade not in CONFIRMABLE:
        raise ReviewNotAllowedError(
            f"Результат проверки «{check}» — {grade}: подтвердить можно только Rare или Query; "
            "исправьте данные.")
    stored = graph.write("merge_quality_review", tumorId=tumor_id, check=check, grade=grade,
                         reason=reason.strip(), reviewedBy=reviewed_by, reviewedAt=now)
    return dict(_native(stored[0]["review"]))


def _reviews(graph: Graph) -> pd.DataFrame:
    rows = [_native(r["review"]) for r in graph.read("get_quality_reviews", tumorIds=None)]
    frame = pd.DataFrame.from_records(
        rows, columns=["tumorId", "check", "reason", "reviewedBy", "reviewedAt"])
    return frame
