// Input that could not be used, kept with its raw text, source, location and reason.
// The id is a hash of source, location and text, so a re-run stores nothing twice.
UNWIND $rows AS row
MERGE (q:Quarantine {quarantineId: row.quarantineId})
  ON CREATE SET q.source = row.source, q.location = row.location, q.reason = row.reason,
                q.raw = row.raw, q.receivedAt = datetime(), q.status = 'open'
