// One quarantined item by its id or the first characters of it (two rows: ambiguous).
MATCH (q:Quarantine)
WHERE q.quarantineId STARTS WITH $prefix
RETURN q.quarantineId AS quarantineId, q.source AS source, q.location AS location,
       q.reason AS reason, q.raw AS raw, q.status AS status, q.receivedAt AS receivedAt,
       q.replayedAt AS replayedAt, q.replayedAs AS replayedAs
LIMIT 2
