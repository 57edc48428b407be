"""What every start does to the database before using it: the schema, then the back-fills
of data older versions wrote (each idempotent: once done, it finds nothing to do).

One function, so that `onkopassport db start` and the API's start cannot drift apart."""

from __future__ import annotations

from graph.database import Graph
from graph.schema import apply_schema
from ingest.identity import close_answered_reviews
from pathway.backfill import backfill_gap_due_on


def prepare_graph(graph: Graph) -> None:
    """Apply the schema, then back-fill `Gap.dueOn` on gaps written before gaps kept it and
    close the review pairs joins answered before joins closed them."""
    apply_schema(graph)
    backfill_gap_due_on(graph)
    close_answered_reviews(graph)
