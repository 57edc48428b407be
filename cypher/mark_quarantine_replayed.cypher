// A quarantined item that went through on replay is kept, marked replayed.
MATCH (q:Quarantine {quarantineId: $quarantineId})
SET q.status = 'replayed', q.replayedAt = datetime(), q.replayedAs = $replayedAs
