// One sender's quarantined item by its id or the first characters of it (two rows:
// ambiguous). Another source's item is not found, so a prefix never tells that it exists.
MATCH (q:Quarantine)
USING INDEX SEEK q:Quarantine(quarantineId)
WHERE q.quarantineId STARTS WITH $prefix AND q.source = $source
RETURN q.quarantineId AS quarantineId, q.source AS source, q.location AS location,
       q.reason AS reason, q.raw AS raw, q.status AS status, q.receivedAt AS receivedAt,
       q.replayedAt AS replayedAt, q.replayedAs AS replayedAs
LIMIT 2
