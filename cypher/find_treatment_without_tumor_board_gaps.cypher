// Gap: specialised treatment started with no tumour-board decision on or before its day
// (116н: the treatment plan is set by the oncology tumour board).
UNWIND $patientIds AS patientId
MATCH (p:Patient:Passport {patientId: patientId})
USING INDEX SEEK p:Patient(patientId)  // anchor on the patient, whatever the counts
MATCH (p)<-[:BELONGS_TO]-(:PatientRecord)<-[:SUBJECT]-(e WHERE e.routeIndex IS NOT NULL)
WHERE e.kind IN ['surgery', 'radiotherapy', 'drug-therapy']
WITH p, e ORDER BY e.routeIndex
WITH p, collect(e)[0] AS first
WHERE NOT EXISTS {
  MATCH (p)<-[:BELONGS_TO]-(:PatientRecord)<-[:SUBJECT]-(b WHERE b.routeIndex IS NOT NULL AND b.kind = 'tumor-board')
  WHERE b.date <= first.date
}
RETURN p.patientId AS patientId, first.date AS since, first.key AS anchorKey, null AS rule,
       null AS dueOn, first.kind AS detail,
       [(first)-[:AT]->(o:Organization) | o.oid][0] AS organizationOid
