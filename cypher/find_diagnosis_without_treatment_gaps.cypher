// Gap: a tumour diagnosed longer ago than the D4 limit with no specialised treatment since
// (clinical group IV, symptomatic care only, is not expected to be treated).
UNWIND $patientIds AS patientId
MATCH (p:Patient:Passport {patientId: patientId})-[:HAS_TUMOR]->(t:Tumor)
USING INDEX SEEK p:Patient(patientId)  // anchor on the patient, whatever the counts
WHERE t.diagnosedOn <= $cutoffs.D4
  AND coalesce(t.clinicalGroup, '') <> 'IV'
  AND NOT EXISTS {
    MATCH (p)<-[:BELONGS_TO]-(:PatientRecord)<-[:SUBJECT]-(e WHERE e.routeIndex IS NOT NULL)
    WHERE e.kind IN ['surgery', 'radiotherapy', 'drug-therapy', 'death']
      AND e.date >= t.diagnosedOn
  }
RETURN p.patientId AS patientId, t.diagnosedOn AS since, t.tumorId AS anchorKey, 'D4' AS rule,
       null AS dueOn, t.icd10 AS detail,
       [(p)-[:LAST_EVENT]->()-[:AT]->(o:Organization) | o.oid][0] AS organizationOid
