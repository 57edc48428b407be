"""VIMIS «Онкология» СМС types (docType) and REMD document kinds (domain.md §6)."""

from __future__ import annotations

from functools import cache

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from domain._data import load_yaml
from domain.errors import DomainDataError
from domain.vocabulary import EventKind

VIMIS_FILE = "vimis_doctypes.yaml"


class VimisDocType(BaseModel):
    """One structured-medical-information type VIMIS «Онкология» accepts."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    doc_type: int = Field(ge=1)
    title_ru: str
    stage: int | None = Field(default=None, ge=1, le=4)  # rollout stage; None = not staged
    record_kinds: tuple[EventKind, ...] = ()
    remd_kinds: tuple[int, ...] = ()


class RemdKind(BaseModel):
    """A REMD document kind (НСИ 1.2.643.5.1.13.13.11.1520) and its СЭМД template."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: int
    title_ru: str
    record_kind: EventKind
    template_oid: str | None = None


class NotSent(BaseModel):
    """A record kind VIMIS takes no separate СМС for, and why."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    record_kind: EventKind
    note: str


class VimisCatalogue(BaseModel):
    """The whole VIMIS data file."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    vmcl: int
    remd_kind_system: str
    doc_types: tuple[VimisDocType, ...]
    not_sent: tuple[NotSent, ...] = ()
    remd_kinds: tuple[RemdKind, ...]

    @model_validator(mode="after")
    def _consistent(self) -> VimisCatalogue:
        kinds = [k for d in self.doc_types for k in d.record_kinds]
        if len(kinds) != len(set(kinds)):
            raise ValueError("a record kind maps to more than one docType")
        if set(kinds) & {n.record_kind for n in self.not_sent}:
            raise ValueError("a record kind is both sent and not sent")
        known_remd = {r.code for r in self.remd_kinds}
        missing = {c for d in self.doc_types for c in d.remd_kinds} - known_remd
        if missing:
            raise ValueError(f"docTypes name undeclared REMD kinds {sorted(missing)}")
        return self


@cache
def catalogue() -> VimisCatalogue:
    """The shipped VIMIS catalogue, validated once."""
    try:
        return VimisCatalogue.model_validate(load_yaml(VIMIS_FILE))
    except ValidationError as exc:
        raise DomainDataError(f"{VIMIS_FILE} is invalid: {exc}") from exc


def doc_type(number: int) -> VimisDocType | None:
    """The docType entry with this number."""
    return next((d for d in catalogue().doc_types if d.doc_type == number), None)


def doc_type_for(kind: str) -> int | None:
    """VIMIS docType of a record kind; ``None`` when VIMIS takes no СМС for it."""
    return next((d.doc_type for d in catalogue().doc_types if kind in d.record_kinds), None)


def rollout_stage(kind: str) -> int | None:
    """Rollout stage (1–4) in which VIMIS starts taking this record kind."""
    number = doc_type_for(kind)
    entry = doc_type(number) if number is not None else None
    return entry.stage if entry else None


def remd_kind(code: int | str) -> RemdKind | None:
    """REMD document kind by its НСИ code (``371``, ``"184"``)."""
    try:
        wanted = int(code)
    except (TypeError, ValueError):
        return None
    return next((r for r in catalogue().remd_kinds if r.code == wanted), None)


def record_kind_of_remd(code: int | str) -> str | None:
    """Record kind a document of this REMD kind is (371 → ``tumor-board``)."""
    entry = remd_kind(code)
    return entry.record_kind if entry else None


def template_oid(code: int | str) -> str | None:
    """СЭМД template OID of a REMD kind, where known (371, 184, 250)."""
    entry = remd_kind(code)
    return entry.template_oid if entry else None
