// The stored FHIR resources of one visible passport for $everything: its PatientRecords and
// clinical records (not retracted, not placeholders). Same row-level rule as the passport.
MATCH (p:Patient:Passport {patientId: $patientId})
WHERE $role = 'admin'
   OR ($role = 'coordinator' AND ($district IS NULL OR p.district = $district))
   OR ($role = 'clinician' AND EXISTS {
         MATCH (p)<-[:BELONGS_TO]-(:PatientRecord)<-[:SUBJECT]-(v:Record)
               -[:AT|REFERRED_TO]->(:Organization {oid: $organizationOid})
         WHERE NOT coalesce(v.retracted, false) })
MATCH (p)<-[:BELONGS_TO]-(pr:PatientRecord)
OPTIONAL MATCH (pr)<-[:SUBJECT]-(r:Record)
WITH collect(DISTINCT pr) + collect(DISTINCT r) AS records
UNWIND records AS record
WITH record
WHERE record.resource IS NOT NULL AND NOT coalesce(record.retracted, false)
  AND NOT coalesce(record.placeholder, false)
RETURN record.key AS key, record.source AS source, record.resource AS resource
ORDER BY record.date, record.key
