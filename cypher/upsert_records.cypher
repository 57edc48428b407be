// Store a batch of FHIR resources as :Record nodes, newest version wins.
// A row is applied only when its version rank is higher than the stored one, so a late
// older version and an identical re-delivery change nothing. An applied row replaces the
// record's properties and drops its outgoing edges: they are written again from the new
// version by the link_* queries. An applied record is marked `settling` until the steps
// after this transaction (identity linking, the person's refresh) are done for it
// (settle_records.cypher clears the mark). Returns the applied keys (written = true) and
// the keys of records this batch re-delivers unchanged that are still settling — an
// ingest killed between the two steps left them so, and their later steps run again.
UNWIND $rows AS row
MERGE (r:Record {key: row.key})
WITH r, row, r.rank IS NULL OR row.rank > r.rank AS written
CALL (r, row, written) {
  WITH r, row WHERE written
  CALL (r) {
    OPTIONAL MATCH (r)-[old:SUBJECT|AT|ISSUED_BY|REFERRED_TO|REFERS|DESCRIBES|ATTACHED_TO]->()
    DELETE old
  }
  CALL (r) {
    OPTIONAL MATCH (:Identifier)-[old:IDENTIFIES]->(r)
    DELETE old
  }
  SET r = row.props
  SET r.key = row.key, r.rank = row.rank, r.resource = row.resource, r.placeholder = false,
      r.settling = true
}
WITH r, written
WHERE written OR r.settling = true
RETURN r.key AS key, written
