"""Case finding in free text: screen Russian report text for statements of malignancy.

See :mod:`ingest.casefinding.screen` for the approach and its limits.
"""

from ingest.casefinding.fhir import screen_resource
from ingest.casefinding.screen import (
    Assertion,
    Finding,
    decision,
    screen_sentence,
    screen_text,
    suspicion_trigger,
)

__all__ = [
    "Assertion",
    "Finding",
    "decision",
    "screen_resource",
    "screen_sentence",
    "screen_text",
    "suspicion_trigger",
]
