"""Idempotent message ids: the same record content always gets the same id.

id = uuid5(record key | version | content hash). Re-ingesting an identical record yields
the hash already queued, so nothing new is sent; changed content gets version + 1, which
replaces the previous message instead of duplicating it.
"""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

import orjson

# Fixed namespace: ids must be the same on every machine and after every restart.
MESSAGE_NAMESPACE = uuid.UUID("5b0f8c7e-2c1a-5d4e-9a51-0e6f6b7a1c01")
# Bump when the СЭМД layout changes so that changed documents are sent again.
DOCUMENT_LAYOUT_VERSION = "cda-subset-1"


def content_hash(facts: dict[str, Any]) -> str:
    canonical = orjson.dumps({"layout": DOCUMENT_LAYOUT_VERSION, **facts},
                             option=orjson.OPT_SORT_KEYS)
    return hashlib.sha256(canonical).hexdigest()[:32]


def message_id(record_key: str, version: int, digest: str) -> str:
    return str(uuid.uuid5(MESSAGE_NAMESPACE, f"{record_key}|{version}|{digest}"))
