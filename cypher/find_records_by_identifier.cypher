// The records a conditional create (`request.ifNoneExist` of a POST /fhir entry) or a
// conditional update (`PUT Type?identifier=…`) finds: per row, the stored records of its
// resource type that carry the identifier — through the (:Identifier) node the loader draws
// to them, or for an Organization through the organisation its record describes (row.oid,
// as the loader names it) — of row.source only when it is given (an update replaces the
// sender's own record). Placeholders (records only referenced so far) and retracted
// records are no match.
UNWIND $rows AS row
CALL (row) {
  MATCH (i:Identifier {system: row.system, value: row.value})-[:IDENTIFIES]->(r:Record)
  USING INDEX SEEK i:Identifier(system, value)
  WHERE r.resourceType = row.resourceType
  RETURN r
UNION
  WITH row WHERE row.oid IS NOT NULL
  MATCH (o:Organization {oid: row.oid})<-[:DESCRIBES]-(r:Record)
  USING INDEX SEEK o:Organization(oid)
  RETURN r
}
WITH row, r
WHERE NOT coalesce(r.placeholder, false) AND NOT coalesce(r.retracted, false)
  AND (row.source IS NULL OR r.source = row.source)
RETURN row.index AS index, collect(DISTINCT r.key) AS keys
