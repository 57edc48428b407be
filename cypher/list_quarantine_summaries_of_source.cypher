// One sender's quarantined input without its raw text, newest first: the status index
// finds the candidates, the source keeps the sender's own.
MATCH (q:Quarantine)
USING INDEX SEEK q:Quarantine(status)
WHERE q.status = $status AND q.source = $source
RETURN q.quarantineId AS quarantineId, q.source AS source, q.location AS location,
       q.reason AS reason, q.status AS status, q.receivedAt AS receivedAt,
       q.replayedAt AS replayedAt, q.replayedAs AS replayedAs
ORDER BY q.receivedAt DESC, q.quarantineId
LIMIT $limit
