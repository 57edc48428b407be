// Store a batch of FHIR resources as :Record nodes, newest version wins.
// A row is applied only when its version rank is higher than the stored one, so a late
// older version and an identical re-delivery change nothing. An applied row replaces the
// record's properties and drops its outgoing edges: they are written again from the new
// version by the link_* queries. Returns the keys that were applied.
UNWIND $rows AS row
MERGE (r:Record {key: row.key})
WITH r, row
WHERE r.rank IS NULL OR row.rank > r.rank
CALL (r) {
  OPTIONAL MATCH (r)-[old:SUBJECT|AT|ISSUED_BY|REFERRED_TO|REFERS|DESCRIBES|ATTACHED_TO]->()
  DELETE old
}
CALL (r) {
  OPTIONAL MATCH (:Identifier)-[old:IDENTIFIES]->(r)
  DELETE old
}
SET r = row.props
SET r.key = row.key, r.rank = row.rank, r.resource = row.resource, r.placeholder = false
RETURN r.key AS key
