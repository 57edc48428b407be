"""UI catalogues: record kinds (labels, care stage, trigger, docType) and clinical groups."""

from __future__ import annotations

from functools import cache

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from domain._data import load_yaml
from domain.errors import DomainDataError
from domain.vocabulary import EVENT_KINDS, CareStage, EventKind


class EventKindInfo(BaseModel):
    """What the UI and the classifier need to know about one record kind."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: EventKind
    label_ru: str
    care_stage: CareStage | None
    trigger: int = Field(ge=1, le=9)  # trigger point of domain.md §5
    vimis_doc_type: int | None = None


class ClinicalGroup(BaseModel):
    """A clinical group of oncology patients (domain.md §3)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str
    label_ru: str
    meaning_ru: str


class _EventKinds(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    kinds: tuple[EventKindInfo, ...]

    @model_validator(mode="after")
    def _complete(self) -> _EventKinds:
        listed = [k.kind for k in self.kinds]
        if sorted(listed) != sorted(EVENT_KINDS):
            raise ValueError("event_kinds.yaml must list every record kind exactly once")
        return self


class _ClinicalGroups(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    source: str
    groups: tuple[ClinicalGroup, ...]


@cache
def _event_kinds() -> dict[str, EventKindInfo]:
    try:
        parsed = _EventKinds.model_validate(load_yaml("event_kinds.yaml"))
    except ValidationError as exc:
        raise DomainDataError(f"event_kinds.yaml is invalid: {exc}") from exc
    return {k.kind: k for k in parsed.kinds}


@cache
def _clinical_groups() -> dict[str, ClinicalGroup]:
    try:
        parsed = _ClinicalGroups.model_validate(load_yaml("clinical_groups.yaml"))
    except ValidationError as exc:
        raise DomainDataError(f"clinical_groups.yaml is invalid: {exc}") from exc
    return {g.code: g for g in parsed.groups}


def event_kinds() -> list[EventKindInfo]:
    """All record kinds in display order."""
    return list(_event_kinds().values())


def event_kind(kind: str) -> EventKindInfo | None:
    """Catalogue entry of a record kind."""
    return _event_kinds().get(kind)


# Kinds of records that are no step of care but still show in a person's history (a
# specimen's receipt starts the D3 clock), with their labels.
_OTHER_KIND_LABELS = {"specimen": "Получение биопсийного (операционного) материала",
                      "patient": "Сведения о пациенте", "organization": "Сведения об организации",
                      "capability": "Профиль медицинской помощи организации"}


def event_label(kind: str) -> str:
    """Russian label of a record kind (the kind itself when unknown)."""
    info = _event_kinds().get(kind)
    return info.label_ru if info else _OTHER_KIND_LABELS.get(kind, kind)


def clinical_groups() -> list[ClinicalGroup]:
    """All clinical groups in order Ia, Ib, II, IIa, III, IV."""
    return list(_clinical_groups().values())


def clinical_group(code: str) -> ClinicalGroup | None:
    """A clinical group by code (``"IIa"``); Cyrillic/Latin case is not normalised."""
    return _clinical_groups().get(code)
