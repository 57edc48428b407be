// Gap: a referral made on suspicion of cancer that nothing followed (no consultation, test,
// diagnosis or treatment after it) once the D1 limit has passed.
// $cutoffs.D1: the last start date whose D1 limit is over on $today.
UNWIND $patientIds AS patientId
MATCH (p:Patient:Passport {patientId: patientId})
USING INDEX SEEK p:Patient(patientId)  // anchor on the patient, whatever the counts
MATCH (p)<-[:BELONGS_TO]-(:PatientRecord)<-[:SUBJECT]-(r WHERE r.routeIndex IS NOT NULL AND r.kind = 'referral')
WHERE r.date <= $cutoffs.D1
  AND (r.careStage = 'suspicion' OR r.icd10 STARTS WITH 'Z03.1'
       OR r.icd10 =~ '(C|D0|D3[7-9]|D4[0-8]).*')
  AND NOT EXISTS {
    MATCH (p)<-[:BELONGS_TO]-(:PatientRecord)<-[:SUBJECT]-(later WHERE later.routeIndex IS NOT NULL)
    WHERE later.routeIndex > r.routeIndex
      AND NOT later.kind IN ['referral', 'other', 'notification-090']
  }
WITH p, r ORDER BY r.routeIndex
WITH p, collect(r)[0] AS r
RETURN p.patientId AS patientId, r.date AS since, r.key AS anchorKey, 'D1' AS rule,
       null AS dueOn, r.icd10 AS detail,
       coalesce([(r)-[:REFERRED_TO]->(o:Organization) | o.oid][0],
                [(r)-[:AT]->(o:Organization) | o.oid][0]) AS organizationOid
