// Quarantined input without its raw text (the operators' list), newest first.
MATCH (q:Quarantine)
WHERE q.status = $status
RETURN q.quarantineId AS quarantineId, q.source AS source, q.location AS location,
       q.reason AS reason, q.status AS status, q.receivedAt AS receivedAt,
       q.replayedAt AS replayedAt, q.replayedAs AS replayedAs
ORDER BY q.receivedAt DESC, q.quarantineId
LIMIT $limit
