// One batch of the gaps written before gaps kept their due day (no dueOn), in gapId order
// from $afterGapId on: what pathway/backfill.py needs to work it out, as a refresh would.
// A gap it cannot fill stays behind the keyset, so a batch never repeats.
MATCH (g:Gap)
WHERE g.dueOn IS NULL AND ($afterGapId IS NULL OR g.gapId > $afterGapId)
RETURN g.gapId AS gapId, g.since AS since, g.rule AS rule
ORDER BY g.gapId
LIMIT $limit
