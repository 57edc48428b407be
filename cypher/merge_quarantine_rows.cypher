// Rows that could not be stored, with what to fix; the same row again is the same entry.
UNWIND $rows AS row
MERGE (q:Quarantine {quarantineId: row.quarantineId})
ON CREATE SET q.receivedAt = $receivedAt, q.status = 'open'
SET q.source = $source, q.location = row.location, q.reason = row.reason, q.raw = row.raw
