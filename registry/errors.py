"""Errors of the registry, under the project's one hierarchy."""

from __future__ import annotations

from onkopassport.errors import InputError, OnkopassportError


class RegistryError(OnkopassportError):
    """Base of the errors the registry raises on purpose."""


class RegistryDataError(RegistryError):
    """A shipped registry table (registry/data) is missing or malformed."""


class ReviewNotAllowedError(RegistryError):
    """Only a Rare or Query result of an existing registry entry can be confirmed."""


class LegacyImportError(InputError, RegistryError):
    """A legacy registry export cannot be read at all (missing file, wrong header)."""
