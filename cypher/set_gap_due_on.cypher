// Give each gap of $rows its due day. Only a gap still without one: a refresh that wrote
// the gap since it was read has already set the day from the gap's own query.
// row: {gapId, dueOn}
UNWIND $rows AS row
MATCH (g:Gap {gapId: row.gapId})
USING INDEX SEEK g:Gap(gapId)
WHERE g.dueOn IS NULL
SET g.dueOn = row.dueOn
