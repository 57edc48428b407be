"""Errors of the VIMIS exchange, under the project's one hierarchy."""

from __future__ import annotations

from onkopassport.errors import InputError, OnkopassportError


class VimisError(OnkopassportError):
    """Base of every VIMIS exchange error."""


class VimisTransportError(VimisError):
    """VIMIS could not be reached or answered with a server fault; worth retrying."""


class VimisRefusedError(VimisError):
    """VIMIS refused the envelope itself (a SOAP client fault); retrying will not help."""


class VimisResultError(InputError):
    """A sendResult callback is unusable: unknown message, missing field, unknown status."""
