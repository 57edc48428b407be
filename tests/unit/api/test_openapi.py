"""The OpenAPI document other systems generate clients from."""

from __future__ import annotations

import warnings
from collections import Counter

from api.app import create_app


def test_every_operation_has_its_own_id() -> None:
    # A generated client names a method by its operation id: two operations with one id
    # (a route serving GET and POST) give a client that calls only one of them.
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # FastAPI warns "Duplicate Operation ID"
        document = create_app().openapi()
    ids = Counter(operation["operationId"] for path in document["paths"].values()
                  for operation in path.values())
    assert [name for name, count in ids.items() if count > 1] == []
    everything = document["paths"]["/fhir/Patient/{patient_id}/$everything"]
    assert set(everything) == {"get", "post"}
