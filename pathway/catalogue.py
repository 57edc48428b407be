"""Pathway data files: gap kinds and notification kinds, validated once per process."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from domain.rules import load_rules
from pathway.errors import PathwayConfigError


class GapKind(BaseModel):
    """One kind of continuity gap and the Cypher query that finds it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: str
    label_ru: str
    rule: str | None
    weight: int = Field(ge=1)
    query: str
    # kept for a deceased patient (a duty about the death, or owed to the registry after it);
    # every other kind asks for a step of care nobody can take any more
    after_death: bool = False


class NotificationKind(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: str
    severity: Literal["info", "warning", "critical"]
    title_ru: str


class _GapKinds(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    kinds: tuple[GapKind, ...]


class _NotificationKinds(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    window_days: int = Field(ge=0)
    kinds: tuple[NotificationKind, ...]


def _load(name: str) -> Any:
    try:
        text = resources.files("pathway.data").joinpath(name).read_text(encoding="utf-8")
        return yaml.safe_load(text)
    except (OSError, yaml.YAMLError) as exc:
        raise PathwayConfigError(f"pathway data file {name}: {exc}") from exc


@cache
def _gap_kinds() -> dict[str, GapKind]:
    try:
        parsed = _GapKinds.model_validate(_load("gap_kinds.yaml"))
    except ValidationError as exc:
        raise PathwayConfigError(f"gap_kinds.yaml is invalid: {exc}") from exc
    rules = {r.id for r in load_rules().rules}
    unknown = [k.rule for k in parsed.kinds if k.rule is not None and k.rule not in rules]
    if unknown:
        raise PathwayConfigError(f"gap_kinds.yaml names unknown deadline rules: {unknown}")
    return {k.kind: k for k in parsed.kinds}


@cache
def _notification_kinds() -> _NotificationKinds:
    try:
        return _NotificationKinds.model_validate(_load("notification_kinds.yaml"))
    except ValidationError as exc:
        raise PathwayConfigError(f"notification_kinds.yaml is invalid: {exc}") from exc


def gap_kinds() -> list[GapKind]:
    """Every gap kind in file order."""
    return list(_gap_kinds().values())


def gap_kind(kind: str) -> GapKind:
    """A gap kind by name; :class:`PathwayConfigError` when unknown."""
    try:
        return _gap_kinds()[kind]
    except KeyError as exc:
        raise PathwayConfigError(f"unknown gap kind {kind!r}") from exc


def notification_kind(kind: str) -> NotificationKind:
    for entry in _notification_kinds().kinds:
        if entry.kind == kind:
            return entry
    raise PathwayConfigError(f"unknown notification kind {kind!r}")


def notification_window_days() -> int:
    """Sharp changes older than this many days raise no notification."""
    return _notification_kinds().window_days
