// Which keys of a batch are stored already (as a record or a placeholder): those go through
// upsert_records, the others through the cheaper create_records.
UNWIND $keys AS key
MATCH (r:Record {key: key})
RETURN r.key AS key
