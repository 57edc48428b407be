"""Named Cypher queries: one query per file under ``cypher/``, loaded by name.

Values always travel as parameters; nothing user-supplied is ever spliced into the text.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from onkopassport.errors import QueryNotFoundError


def cypher_files() -> list[str]:
    """Names (without ``.cypher``) of every query the project ships."""
    root = resources.files("cypher")
    return sorted(
        entry.name.removesuffix(".cypher")
        for entry in root.iterdir()
        if entry.name.endswith(".cypher")
    )


@cache
def load_query(name: str) -> str:
    """Text of ``cypher/<name>.cypher``; raises when the file does not exist."""
    resource = resources.files("cypher").joinpath(f"{name}.cypher")
    if not resource.is_file():
        raise QueryNotFoundError(
            f"No Cypher query named '{name}': expected the file cypher/{name}.cypher"
        )
    return resource.read_text(encoding="utf-8")


def load_statements(name: str) -> list[str]:
    """A script of several statements (schema files), split on ``;`` at line ends."""
    text = "\n".join(
        line for line in load_query(name).splitlines() if not line.strip().startswith("//")
    )
    statements = (statement.strip().rstrip(";").strip() for statement in text.split(";\n"))
    return [statement for statement in statements if statement]
