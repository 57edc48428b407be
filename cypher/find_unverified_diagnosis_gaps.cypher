// Gap: a cancer diagnosed without morphological verification (Tumor.morphologicallyVerified:
// no pathology or cytology report naming a cancer, domain/basis.py) once a pathology report
// could have come back (D3 limit).
UNWIND $patientIds AS patientId
MATCH (p:Patient:Passport {patientId: patientId})-[:HAS_TUMOR]->(t:Tumor)
USING INDEX SEEK p:Patient(patientId)  // anchor on the patient, whatever the counts
WHERE t.diagnosedOn <= $cutoffs.D3
  AND NOT coalesce(t.morphologicallyVerified, false)
RETURN p.patientId AS patientId, t.diagnosedOn AS since, t.tumorId AS anchorKey, 'D3' AS rule,
       null AS dueOn, t.icd10 AS detail,
       [(p)-[:LAST_EVENT]->()-[:AT]->(o:Organization) | o.oid][0] AS organizationOid
