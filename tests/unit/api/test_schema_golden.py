"""The served GraphQL schema equals the committed SDL (tests/golden/schema.graphql).

Regenerate after an intended change (the merged schema of every area):

    python -c "from api.graphql.router import schema; print(schema.as_str())" \
        > tests/golden/schema.graphql
"""

from __future__ import annotations

from pathlib import Path

from api.graphql.router import schema

GOLDEN = Path(__file__).parents[2] / "golden" / "schema.graphql"


def test_schema_matches_the_golden_file() -> None:
    exported = schema.as_str() + "\n"
    assert exported == GOLDEN.read_text(encoding="utf-8"), (
        "The GraphQL schema changed. If intended, regenerate as this module's docstring says."
    )
