"""Checks a СЭМД against the XSD of the CDA subset we generate (`schemas/cda_subset.xsd`)."""

from __future__ import annotations

from functools import cache
from importlib import resources

from lxml import etree

SCHEMA_FILE = "cda_subset.xsd"


@cache
def cda_schema() -> etree.XMLSchema:
    text = resources.files("vimis.schemas").joinpath(SCHEMA_FILE).read_bytes()
    return etree.XMLSchema(etree.fromstring(text))


def schema_errors(document: bytes) -> list[str]:
    """Empty when the document is well-formed and valid; else what is wrong, line by line."""
    try:
        root = etree.fromstring(document, parser=etree.XMLParser(resolve_entities=False,
                                                                 no_network=True))
    except etree.XMLSyntaxError as error:
        return [f"not well-formed XML: {error}"]
    schema = cda_schema()
    if schema.validate(root):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]
