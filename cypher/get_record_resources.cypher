// Raw FHIR JSON of records by key, only for records of patients the caller may see
// (analysts never get raw resources: they carry names and identifiers).
UNWIND $keys AS key
MATCH (r:Record {key: key})-[:SUBJECT]->(:PatientRecord)-[:BELONGS_TO]->(p:Passport)
USING INDEX SEEK r:Record(key)
WHERE $role = 'admin'
   OR ($role = 'coordinator' AND ($district IS NULL OR p.district = $district))
   OR ($role = 'clinician' AND EXISTS {
         MATCH (p)<-[:BELONGS_TO]-(:PatientRecord)<-[:SUBJECT]-(v:Record)
               -[:AT|REFERRED_TO]->(:Organization {oid: $organizationOid})
         WHERE NOT coalesce(v.retracted, false) })
RETURN key, r.resource AS resource
