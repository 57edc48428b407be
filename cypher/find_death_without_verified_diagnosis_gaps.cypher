// Gap: the patient died with no morphologically verified cancer (no pathology or cytology
// report with a malignant morphology, no tumour verified by histology or cytology).
UNWIND $patientIds AS patientId
MATCH (p:Patient:Passport {patientId: patientId})
USING INDEX p:Patient(patientId)  // anchor on the patient, whatever the counts
OPTIONAL MATCH (p)<-[:BELONGS_TO]-(:PatientRecord)<-[:SUBJECT]-(d WHERE d.routeIndex IS NOT NULL AND d.kind = 'death')
WITH p, d ORDER BY d.routeIndex
WITH p, collect(d)[0] AS death
WITH p, death, coalesce(death.date, p.deceasedOn) AS diedOn
WHERE diedOn IS NOT NULL
  AND NOT EXISTS {
    MATCH (p)<-[:BELONGS_TO]-(:PatientRecord)<-[:SUBJECT]-(e WHERE e.routeIndex IS NOT NULL)
    WHERE e.kind IN ['pathology', 'cytology']
      AND (e.behaviour = '3' OR e.morphology ENDS WITH '/3')
  }
  AND NOT EXISTS {
    MATCH (p)-[:HAS_TUMOR]->(t:Tumor)
    WHERE t.verification IN ['histology', 'cytology', 'morphological']
  }
RETURN p.patientId AS patientId, diedOn AS since,
       coalesce(death.key, 'deceased:' + p.patientId) AS anchorKey, null AS rule,
       null AS dueOn, death.icd10 AS detail,
       coalesce([(death)-[:AT]->(o:Organization) | o.oid][0],
                [(p)-[:LAST_EVENT]->()-[:AT]->(o:Organization) | o.oid][0])
         AS organizationOid
