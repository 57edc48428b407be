// Gap: a cancer diagnosed without morphological verification (no malignant pathology or
// cytology report) once a pathology report could have come back (D3 limit).
UNWIND $patientIds AS patientId
MATCH (p:Patient:Passport {patientId: patientId})-[:HAS_TUMOR]->(t:Tumor)
USING INDEX p:Patient(patientId)  // anchor on the patient, whatever the counts
WHERE p.deceasedOn IS NULL
  AND t.diagnosedOn <= $cutoffs.D3
  AND NOT coalesce(t.verification, '') IN ['histology', 'cytology', 'morphological']
  AND NOT EXISTS {
    MATCH (p)<-[:BELONGS_TO]-(:PatientRecord)<-[:SUBJECT]-(e WHERE e.routeIndex IS NOT NULL)
    WHERE e.kind IN ['pathology', 'cytology']
      AND (e.behaviour = '3' OR e.morphology ENDS WITH '/3')
  }
RETURN p.patientId AS patientId, t.diagnosedOn AS since, t.tumorId AS anchorKey, 'D3' AS rule,
       null AS dueOn, t.icd10 AS detail,
       [(p)-[:LAST_EVENT]->()-[:AT]->(o:Organization) | o.oid][0] AS organizationOid
