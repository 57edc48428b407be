// Gap: specialised treatment started but the patient was never registered for dispensary
// observation (548н), counted from the first treatment with the D5 limit.
UNWIND $patientIds AS patientId
MATCH (p:Patient:Passport {patientId: patientId})
USING INDEX SEEK p:Patient(patientId)  // anchor on the patient, whatever the counts
WHERE NOT EXISTS {
    MATCH (p)<-[:BELONGS_TO]-(:PatientRecord)<-[:SUBJECT]-(ev WHERE ev.routeIndex IS NOT NULL AND ev.kind = 'dispensary-observation')
  }
MATCH (p)<-[:BELONGS_TO]-(:PatientRecord)<-[:SUBJECT]-(e WHERE e.routeIndex IS NOT NULL)
WHERE e.kind IN ['surgery', 'radiotherapy', 'drug-therapy']
WITH p, e ORDER BY e.routeIndex
WITH p, collect(e)[0] AS first
WHERE first.date <= $cutoffs.D5
RETURN p.patientId AS patientId, first.date AS since, first.key AS anchorKey, 'D5' AS rule,
       null AS dueOn, first.kind AS detail,
       [(first)-[:AT]->(o:Organization) | o.oid][0] AS organizationOid
