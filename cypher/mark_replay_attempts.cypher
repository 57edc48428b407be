// A replay that fails is quarantined again, as a new item located "replay of …": kept
// (nothing is deleted) but off the open list, since the item it tried to correct stays
// open in its place (or, once a replay went through, is marked replayed).
MATCH (q:Quarantine {status: 'open'})
WHERE q.source = $source
  AND (q.location = $location OR q.location STARTS WITH $location + ' entry[')
SET q.status = 'replay-attempt', q.attemptOf = $quarantineId
