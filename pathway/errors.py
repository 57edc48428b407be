"""Errors of the pathway package, rooted in the project's one hierarchy."""

from __future__ import annotations

from onkopassport.errors import InputError, OnkopassportError


class PathwayError(OnkopassportError):
    """Base of the errors the pathway package raises on purpose."""


class PathwayConfigError(PathwayError):
    """A pathway data file (gap kinds, notification kinds, routing order) is unusable."""


class RoutingInputError(InputError):
    """A routing order CSV row cannot be used; the message names the line and the column."""


class CursorError(InputError):
    """A pagination cursor is not one this API issued."""
