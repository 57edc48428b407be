"""Back-fills of pathway data that older versions wrote without a field the worklist reads.

Run on every start (`onkopassport.startup.prepare_graph`), after the schema: each looks
only for what still lacks its field, so once done it is one scan that finds nothing.
"""

from __future__ import annotations

import logging
from typing import Any

from domain.calendar import ProductionCalendar, default_calendar
from domain.rules import RuleSet, load_rules
from graph.database import Graph
from pathway.facts import _native
from pathway.gaps import gap_due_on

log = logging.getLogger(__name__)
DEFAULT_BATCH_SIZE = 1000


def backfill_gap_due_on(graph: Graph, *, batch_size: int = DEFAULT_BATCH_SIZE) -> int:
    """Give every Gap without `dueOn` the day `pathway refresh` would write: its rule's
    limit counted from `since` (`since` itself for a gap without a rule); return how many
    got one. A Deadline's or dispensary visit's due day, which a refresh reads instead, is
    that same limit from that same day, so the result does not depend on the path.

    Until now such gaps waited for an operator's `onkopassport pathway refresh` and sorted
    last by «Срок» meanwhile. Batches of `batch_size`, one transaction each, so a region
    of old gaps neither holds one huge transaction nor starts over after an interruption."""
    rules, calendar = load_rules(), default_calendar()
    filled = 0
    after: str | None = None
    while rows := graph.read("find_gaps_without_due_on", afterGapId=after, limit=batch_size):
        after = rows[-1]["gapId"]
        updates = [update for row in rows if (update := _due_on(row, rules, calendar))]
        graph.write_rows("set_gap_due_on", updates)
        filled += len(updates)
    if filled:
        log.info("Gap.dueOn back-filled on %d gaps written before gaps kept it", filled)
    return filled


def _due_on(row: dict[str, Any], rules: RuleSet,
            calendar: ProductionCalendar) -> dict[str, Any] | None:
    """The write of one gap; None (with a warning) for one whose rule has no limit here
    (a rules file changed since): it keeps coming last until a refresh rewrites it."""
    gap = {"since": _native(row["since"]), "rule": row["rule"]}
    if gap["since"] is None:
        log.warning("Gap %s has no since: its dueOn is left to the next refresh", row["gapId"])
        return None
    try:
        return {"gapId": row["gapId"], "dueOn": gap_due_on(gap, rules, calendar)}
    except (KeyError, ValueError) as error:
        log.warning("Gap %s: no due day for rule %s (%s); left to the next refresh",
                    row["gapId"], row["rule"], error)
        return None
