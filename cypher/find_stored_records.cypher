// Which keys of a batch are stored already (as a record or a placeholder): those go through
// upsert_records, the others through the cheaper create_records. A placeholder (a record
// referenced before it arrived) is not yet one the sender created (POST /fhir answers 201).
// The seek is pinned: the first batch plans this on an empty graph, where scanning looks
// as cheap as seeking.
UNWIND $keys AS key
MATCH (r:Record {key: key})
USING INDEX SEEK r:Record(key)
RETURN r.key AS key, coalesce(r.placeholder, false) AS placeholder
