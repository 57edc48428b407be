// Which keys of a batch are stored already (as a record or a placeholder): those go through
// upsert_records, the others through the cheaper create_records. The seek is pinned: the
// first batch plans this on an empty graph, where scanning looks as cheap as seeking.
UNWIND $keys AS key
MATCH (r:Record {key: key})
USING INDEX SEEK r:Record(key)
RETURN r.key AS key
