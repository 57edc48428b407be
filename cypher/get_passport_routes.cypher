// The route of several visible patients: their clinical records (not retracted, not
// placeholders) with where they happened, where they referred to and the tumour concerned.
// The row-level rule is repeated here so that this query alone never leaks a patient.
UNWIND $patientIds AS patientId
MATCH (p:Patient:Passport {patientId: patientId})
WHERE $role IN ['admin', 'analyst']
   OR ($role = 'coordinator' AND ($district IS NULL OR p.district = $district))
   OR ($role = 'clinician' AND EXISTS {
         MATCH (p)<-[:BELONGS_TO]-(:PatientRecord)<-[:SUBJECT]-(v:Record)
               -[:AT|REFERRED_TO]->(:Organization {oid: $organizationOid})
         WHERE NOT coalesce(v.retracted, false) })
MATCH (p)<-[:BELONGS_TO]-(:PatientRecord)<-[:SUBJECT]-(r:Record)
WHERE NOT coalesce(r.retracted, false) AND NOT coalesce(r.placeholder, false)
CALL (r) {
  OPTIONAL MATCH (r)-[:AT]->(at:Organization)
  OPTIONAL MATCH (r)-[:REFERRED_TO]->(target:Organization)
  OPTIONAL MATCH (r)-[:CONCERNS]->(t:Tumor)
  RETURN head(collect(DISTINCT at {.oid, .name, .kind, .district})) AS organization,
         head(collect(DISTINCT target {.oid, .name, .kind, .district})) AS referredTo,
         collect(DISTINCT t.tumorId) AS tumorIds
}
RETURN patientId,
       r {.key, .kind, .date, .endDate, .careStage, .icd10, .morphology, .stage, .text,
          .vimisDocType, .source, .resourceType, .resourceId, .codes, .encounterClass,
          .emergency, .verification, .code} AS record,
       organization, referredTo, tumorIds
ORDER BY patientId, r.date, r.key
