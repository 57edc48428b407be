// The stored FHIR resources of one visible passport for $everything: its PatientRecords,
// its clinical records (not retracted, not placeholders) and the Organization resources
// they reference. Same row-level rule as the passport. Each row carries where its own
// references lead (`refs`: [element, target key], `subjectKey`), so that the Bundle can
// point them at its entries even when the sender wrote them as urn:uuid.
MATCH (p:Patient:Passport {patientId: $patientId})
USING INDEX SEEK p:Patient(patientId)
WHERE $role = 'admin'
   OR ($role = 'coordinator' AND ($district IS NULL OR p.district = $district))
   OR ($role = 'clinician' AND EXISTS {
         MATCH (p)<-[:BELONGS_TO]-(:PatientRecord)<-[:SUBJECT]-(v:Record)
               -[:AT|REFERRED_TO]->(:Organization {oid: $organizationOid})
         WHERE NOT coalesce(v.retracted, false) })
MATCH (p)<-[:BELONGS_TO]-(pr:PatientRecord)
OPTIONAL MATCH (pr)<-[:SUBJECT]-(r:Record)
WITH collect(DISTINCT pr) + collect(DISTINCT r) AS own
CALL (own) {
  UNWIND own AS record
  OPTIONAL MATCH (record)-[:REFERS]->(o:Record {kind: 'organization'})
  RETURN collect(DISTINCT o) AS organizations
}
UNWIND own + organizations AS record
WITH DISTINCT record
WHERE record.resource IS NOT NULL AND NOT coalesce(record.retracted, false)
  AND NOT coalesce(record.placeholder, false)
RETURN record.key AS key, record.source AS source, record.resource AS resource,
       [(record)-[x:REFERS]->(t:Record) | [x.path, t.key]] AS refs,
       [(record)-[:SUBJECT]->(s) | s.key][0] AS subjectKey
ORDER BY record.date, record.key
