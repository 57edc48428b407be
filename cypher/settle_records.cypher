// The steps after an ingest batch's transaction (identity linking, the refresh of the
// people concerned) are done for these records: clear the mark upsert_records set.
UNWIND $keys AS key
MATCH (r:Record {key: key})
USING INDEX SEEK r:Record(key)
WHERE r.settling = true
REMOVE r.settling
