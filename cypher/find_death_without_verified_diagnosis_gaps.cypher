// Gap: the patient died with no morphologically verified cancer (no tumour with
// morphologicallyVerified: no pathology or cytology report naming a cancer, domain/basis.py).
UNWIND $patientIds AS patientId
MATCH (p:Patient:Passport {patientId: patientId})
USING INDEX SEEK p:Patient(patientId)  // anchor on the patient, whatever the counts
OPTIONAL MATCH (p)<-[:BELONGS_TO]-(:PatientRecord)<-[:SUBJECT]-(d WHERE d.routeIndex IS NOT NULL AND d.kind = 'death')
WITH p, d ORDER BY d.routeIndex
WITH p, collect(d)[0] AS death
WITH p, death, coalesce(death.date, p.deceasedOn) AS diedOn
WHERE diedOn IS NOT NULL
  AND NOT EXISTS { MATCH (p)-[:HAS_TUMOR]->(t:Tumor WHERE t.morphologicallyVerified) }
RETURN p.patientId AS patientId, diedOn AS since,
       coalesce(death.key, 'deceased:' + p.patientId) AS anchorKey, null AS rule,
       null AS dueOn, death.icd10 AS detail,
       coalesce([(death)-[:AT]->(o:Organization) | o.oid][0],
                [(p)-[:LAST_EVENT]->()-[:AT]->(o:Organization) | o.oid][0])
         AS organizationOid
