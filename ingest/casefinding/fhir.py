"""Read the free text of FHIR R4 resources and screen it.

DiagnosticReport: ``conclusion`` and ``presentedForm[]`` attachments. DocumentReference:
``content[].attachment``. An attachment is read when it is text (``contentType`` text/*,
or absent) from inline base64 ``data``; a ``url`` is not fetched (the ingest step stores
what it received, it does not reach out). Other resource types have no report text: ``[]``.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterator
from typing import Any

from ingest.casefinding.screen import Finding, screen_text

_TEXT_TYPES = ("text/plain", "text/")


def _attachment_text(attachment: dict[str, Any]) -> str | None:
    content_type = str(attachment.get("contentType") or "text/plain").lower()
    data = attachment.get("data")
    if not data or not content_type.startswith(_TEXT_TYPES):
        return None
    try:
        raw = base64.b64decode(data, validate=False)
    except (binascii.Error, ValueError):
        return None
    charset = "utf-8"
    if "charset=" in content_type:
        charset = content_type.split("charset=", 1)[1].split(";")[0].strip() or "utf-8"
    try:
        return raw.decode(charset, errors="replace")
    except LookupError:  # an unknown charset name: UTF-8 is what the region's MIS send
        return raw.decode("utf-8", errors="replace")


def resource_texts(resource: dict[str, Any]) -> Iterator[str]:
    """The free texts a resource carries that the screener reads."""
    kind = resource.get("resourceType")
    if kind == "DiagnosticReport":
        if isinstance(resource.get("conclusion"), str):
            yield resource["conclusion"]
        for attachment in resource.get("presentedForm") or []:
            text = _attachment_text(attachment) if isinstance(attachment, dict) else None
            if text:
                yield text
    elif kind == "DocumentReference":
        for content in resource.get("content") or []:
            attachment = content.get("attachment") if isinstance(content, dict) else None
            text = _attachment_text(attachment) if isinstance(attachment, dict) else None
            if text:
                yield text


def screen_resource(resource: dict[str, Any]) -> list[Finding]:
    """Findings of every free text of a DiagnosticReport or DocumentReference.

    Offsets in a finding's ``span`` are within the text it came from (its ``sentence`` is
    the evidence to show).
    """
    findings: list[Finding] = []
    for text in resource_texts(resource):
        findings.extend(screen_text(text))
    return findings
