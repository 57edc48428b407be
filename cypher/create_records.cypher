// Records stored for the first time, with their properties, marked `settling` as
// upsert_records marks them (see there). A third cheaper than upsert_records, which must
// compare versions and drop the edges of the version it replaces; the loader sends here
// only keys find_stored_records did not find. Returns the keys stored meanwhile by another
// ingest under a different version or as a placeholder: the loader passes them on to
// upsert_records, which decides which version wins.
UNWIND $rows AS row
MERGE (r:Record {key: row.key})
  ON CREATE SET r += row.props, r.key = row.key, r.rank = row.rank, r.resource = row.resource,
                r.placeholder = false, r.settling = true
WITH r, row
WHERE r.rank IS NULL OR r.rank <> row.rank
RETURN row.key AS key
