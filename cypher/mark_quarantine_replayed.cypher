// A quarantined item that went through on replay is kept, marked replayed.
MATCH (q:Quarantine {quarantineId: $quarantineId})
USING INDEX SEEK q:Quarantine(quarantineId)
SET q.status = 'replayed', q.replayedAt = datetime(), q.replayedAs = $replayedAs
