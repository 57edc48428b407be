"""The served GraphQL schema equals the committed SDL (tests/golden/schema.graphql).

Regenerate after an intended change (the merged schema of every area):

    strawberry export-schema api.graphql.router:schema --output tests/golden/schema.graphql
"""

from __future__ import annotations

from pathlib import Path

from api.graphql.router import schema

GOLDEN = Path(__file__).parents[2] / "golden" / "schema.graphql"


def test_schema_matches_the_golden_file() -> None:
    exported = schema.as_str() + "\n"
    assert exported == GOLDEN.read_text(encoding="utf-8"), (
        "The GraphQL schema changed. If intended, regenerate with: strawberry export-schema "
        "api.graphql.router:schema --output tests/golden/schema.graphql"
    )
