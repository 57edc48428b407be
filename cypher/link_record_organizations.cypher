// Edges from records to organisations: AT (where), ISSUED_BY (who asked), REFERRED_TO
// (referral target), ATTACHED_TO (a patient's polyclinic). A FRMO OID names the
// organisation directly; a reference to an Organization resource goes through its
// record (a placeholder until it arrives, resolved by resolve_organization_references).
UNWIND $rows AS row
MATCH (r:Record {key: row.key})
USING INDEX SEEK r:Record(key)
CALL (row) {
  WITH row WHERE row.oid IS NOT NULL
  MERGE (o:Organization {oid: row.oid})
  RETURN o
UNION
  WITH row WHERE row.oid IS NULL
  MERGE (target:Record {key: row.orgKey})
    ON CREATE SET target.placeholder = true, target.resourceType = 'Organization',
                  target.kind = 'organization', target.retracted = false
  RETURN null AS o
}
CALL (row, r) {
  WITH row, r WHERE row.oid IS NULL
  MATCH (target:Record {key: row.orgKey})
  USING INDEX SEEK target:Record(key)
  MERGE (r)-[ref:REFERS {path: row.path}]->(target)
  SET ref.organizationRole = row.role
}
WITH r, row, o
OPTIONAL MATCH (orgRecord:Record {key: row.orgKey})-[:DESCRIBES]->(described:Organization)
USING INDEX SEEK orgRecord:Record(key)
WITH r, row, coalesce(o, described) AS organization
WHERE organization IS NOT NULL
FOREACH (_ IN CASE row.role WHEN 'AT' THEN [1] ELSE [] END | MERGE (r)-[:AT]->(organization))
FOREACH (_ IN CASE row.role WHEN 'ISSUED_BY' THEN [1] ELSE [] END |
  MERGE (r)-[:ISSUED_BY]->(organization))
FOREACH (_ IN CASE row.role WHEN 'REFERRED_TO' THEN [1] ELSE [] END |
  MERGE (r)-[:REFERRED_TO]->(organization))
FOREACH (_ IN CASE row.role WHEN 'ATTACHED_TO' THEN [1] ELSE [] END |
  MERGE (r)-[:ATTACHED_TO]->(organization))
