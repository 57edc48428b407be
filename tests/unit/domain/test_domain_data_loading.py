"""Shipped data files load, and broken ones fail loudly."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from domain._data import data_names, load_csv, load_yaml
from domain.catalogue import _EventKinds
from domain.errors import DomainDataError, DomainError
from domain.vimis import VimisCatalogue, catalogue


def test_missing_file_is_a_domain_data_error() -> None:
    with pytest.raises(DomainDataError, match="missing"):
        load_yaml("no_such_file.yaml")
    with pytest.raises(DomainError):
        load_csv("no_such_file.csv")


def test_guideline_folder_lists_yaml_files() -> None:
    names = data_names("guidelines", ".yaml")
    assert "guidelines/breast.yaml" in names and "guidelines/_common.yaml" in names


def _vimis_raw() -> dict[str, Any]:
    return catalogue().model_dump()


def test_vimis_kind_in_two_doc_types_is_rejected() -> None:
    raw = _vimis_raw()
    raw["doc_types"][1]["record_kinds"] = ["referral"]
    with pytest.raises(ValidationError, match="more than one docType"):
        VimisCatalogue.model_validate(raw)


def test_vimis_undeclared_remd_kind_is_rejected() -> None:
    raw = _vimis_raw()
    raw["doc_types"][0]["remd_kinds"] = [99999]
    with pytest.raises(ValidationError, match="undeclared REMD"):
        VimisCatalogue.model_validate(raw)


def test_event_kind_catalogue_must_be_complete() -> None:
    raw = {"kinds": load_yaml("event_kinds.yaml")["kinds"][:-1]}
    with pytest.raises(ValidationError, match="every record kind"):
        _EventKinds.model_validate(raw)


def test_every_guideline_file_validates() -> None:
    from domain.guidelines import _common, _site_groups

    assert _common().dispensary.schedule[0].every_months == 3
    assert {g.id for g in _site_groups()} >= {"breast", "lung", "colon", "prostate"}
