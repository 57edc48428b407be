// Gap: the patient refused hospitalization and no care step followed within the limit
// (the D4 limit, an assumption named in pathway/data/gap_kinds.yaml).
UNWIND $patientIds AS patientId
MATCH (p:Patient:Passport {patientId: patientId})
USING INDEX SEEK p:Patient(patientId)  // anchor on the patient, whatever the counts
MATCH (p)<-[:BELONGS_TO]-(:PatientRecord)<-[:SUBJECT]-(r WHERE r.routeIndex IS NOT NULL AND r.kind = 'hospitalization-refusal')
WHERE r.date <= $cutoffs.D4
  AND NOT EXISTS {
    MATCH (p)<-[:BELONGS_TO]-(:PatientRecord)<-[:SUBJECT]-(later WHERE later.routeIndex IS NOT NULL)
    WHERE later.routeIndex > r.routeIndex
      AND NOT later.kind IN ['other', 'notification-090', 'hospitalization-refusal']
  }
WITH p, r ORDER BY r.routeIndex
WITH p, collect(r)[0] AS r
RETURN p.patientId AS patientId, r.date AS since, r.key AS anchorKey, 'D4' AS rule,
       null AS dueOn, r.text AS detail,
       [(r)-[:AT]->(o:Organization) | o.oid][0] AS organizationOid
