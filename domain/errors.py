"""Errors raised by the domain layer."""

from __future__ import annotations

from onkopassport.errors import OnkopassportError


class DomainError(OnkopassportError):
    """Base of every error raised by the domain knowledge layer."""


class DomainDataError(DomainError):
    """A shipped reference data file is missing, unreadable or fails validation."""


class UnknownCodeError(DomainError, KeyError):
    """A code was asked for that the reference table does not hold."""
