"""Small lxml helpers shared by the СЭМД header and body builders."""

from __future__ import annotations

from typing import Any

from lxml import etree

from vimis import codes

H = "{" + codes.HL7_NAMESPACE + "}"
XSI_TYPE = "{" + codes.XSI_NAMESPACE + "}type"


def add(parent: etree._Element, tag: str, text: str | None = None,
        **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, H + tag, attributes)
    if text is not None:
        element.text = text
    return element


def add_identifier(parent: etree._Element, root: str | None, extension: str | None,
                   tag: str = "id") -> etree._Element:
    """An II: with `extension` the value lives there, else `root` is the identifier."""
    if root and extension:
        return add(parent, tag, root=root, extension=extension)
    if root and extension is None and root != codes.SNILS_ROOT:
        return add(parent, tag, root=root)
    return add(parent, tag, nullFlavor="NI")  # no value: VIMIS decides whether that is fatal


def cda_time(value: Any) -> str | None:
    """ISO date or datetime text → CDA TS (YYYYMMDD)."""
    if not value:
        return None
    digits = str(value)[:10].replace("-", "")
    return digits if len(digits) == 8 and digits.isdigit() else None


def add_time(parent: etree._Element, tag: str, value: Any) -> etree._Element:
    stamp = cda_time(value)
    return add(parent, tag, value=stamp) if stamp else add(parent, tag, nullFlavor="UNK")
