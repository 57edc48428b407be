// Quarantined input, newest first.
MATCH (q:Quarantine)
WHERE q.status = $status
RETURN q.quarantineId AS quarantineId, q.source AS source, q.location AS location,
       q.reason AS reason, q.raw AS raw, q.receivedAt AS receivedAt
ORDER BY q.receivedAt DESC, q.quarantineId
LIMIT $limit
